package portal

import "net/http"

// cardsPage shows the citizen's cards (status and history) and the state
// of their card applications, step by step.
func (s *server) cardsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	cards, err := s.self.OwnCards(r.Context(), v.Session.Citizen(), trail(r, v))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("cards.title"), "cards"
	s.render(w, v, http.StatusOK, "cards", cards)
	return nil
}
