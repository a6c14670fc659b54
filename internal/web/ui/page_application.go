package ui

import (
	"context"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
	"dancu/internal/production"
	"dancu/internal/registry"
)

type appData struct {
	App         issuance.Application
	C           registry.Citizen
	Station     issuance.Station
	Transitions []issuance.Transition
	Cards       []issuance.Card
	HasFaces    bool
	Days        int // the legal processing time, for the receipt
}

// application reads one application within the user's jurisdiction (the
// service checks it) with its holder.
func (s *server) application(ctx context.Context, v *view, id string) (appData, error) {
	svc := s.issue
	var err error
	d := appData{Days: issuance.ProcessingDays}
	if d.App, err = svc.Application(ctx, v.User, id); err != nil {
		return d, err
	}
	if d.C, err = s.reg.Citizen(ctx, d.App.CitizenID); err != nil {
		return d, err
	}
	if d.Station, err = svc.Station(ctx, d.App.StationID); err != nil {
		return d, err
	}
	if d.Transitions, err = svc.History(ctx, v.User, id); err != nil {
		return d, err
	}
	return d, s.disclose(ctx, v, "GET /applications/{id}", actApp, []string{d.C.ID})
}

func (s *server) applicationPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.application(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if d.App.IDNumber != "" {
		cards, err := s.issue.CardsOf(r.Context(), d.App.IDNumber)
		if err != nil {
			return err
		}
		for _, c := range cards {
			if c.ApplicationID == d.App.ID {
				d.Cards = append(d.Cards, c)
			}
		}
	}
	d.HasFaces = len(d.Cards) > 0 && s.blobs != nil
	v.Title, v.Nav = v.T("app.title"), "applications"
	s.render(w, r, v, http.StatusOK, "application", d)
	return nil
}

// receiptPage is the printable receipt (giấy hẹn trả kết quả) of an
// application.
func (s *server) receiptPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.application(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("receipt.title"), "applications"
	s.render(w, r, v, http.StatusOK, "receipt", d)
	return nil
}

// cardImage serves one face of the card an application produced, drawn
// again from the sealed production bundle (byte for byte the printed one).
func (s *server) cardImage(w http.ResponseWriter, r *http.Request, v *view) error {
	side := r.PathValue("side")
	if side != "front.png" && side != "back.png" {
		return apperr.New(apperr.NotFound, "no such card side")
	}
	d, err := s.application(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	chips := s.chips
	if chips == nil || s.blobs == nil {
		return apperr.New(apperr.NotFound, "card images are not available here")
	}
	rec, err := chips.ChipOf(r.Context(), d.App.IDNumber)
	if err != nil {
		return err
	}
	if rec.ApplicationID != d.App.ID {
		return apperr.New(apperr.NotFound, "this application's card was replaced by a newer one")
	}
	blob, err := s.blobs.Get(r.Context(), rec.BlobRef)
	if err != nil {
		return apperr.Wrap(err, "read the card bundle")
	}
	b, err := production.DecodeBundle(blob)
	if err != nil {
		return apperr.Wrap(err, "decode the card bundle")
	}
	files, err := b.Export()
	if err != nil {
		return apperr.Wrap(err, "draw the card")
	}
	w.Header().Set("Content-Type", "image/png")
	_, err = w.Write(files[side])
	return err
}
