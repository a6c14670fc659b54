package ui

import (
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// The forms of the civil-status and ID-number procedures (hộ tịch, số
// định danh): filed at the commune desk like the residence ones, then
// handled in the dossier inbox (/dossiers). The civil-status events are
// decided on reception; the ID-number ones wait for a second officer.

func (s *server) civilRoutes() {
	s.mux.Handle("GET /new-civil", s.authed(s.civilKindsPage))
	s.mux.Handle("GET /new-civil/{kind}", s.authed(s.civilFormPage))
	s.mux.Handle("POST /new-civil/{kind}", s.authed(s.civilFormSubmit))
}

// civilFormData is one civil-status or ID-number form, prefilled from the
// record of ?citizen=.
type civilFormData struct {
	Kind    procedure.Info
	Values  map[string]string
	Grounds []string
	Error   string
}

// civilGrounds are the grounds each kind offers.
var civilGrounds = map[string][]string{
	civilstatus.CodeCorrection:  {"correction", "change", "sex_redetermination", "ethnicity_redetermination", "supplement"},
	civilstatus.CodeReestablish: {"entry_error", "sex_redetermined", "birth_year_corrected", "no_number"},
	civilstatus.CodeCancel:      {"issued_in_error", "duplicate_record"},
}

func isCivil(code string) bool {
	for _, k := range civilstatus.Kinds() {
		if k.Info().Code == code {
			return true
		}
	}
	return false
}

func (s *server) civilForm(r *http.Request) (civilFormData, error) {
	p, err := s.procedures()
	if err != nil {
		return civilFormData{}, err
	}
	code := r.PathValue("kind")
	k, err := p.Kind(code)
	if err != nil || !isCivil(code) {
		return civilFormData{}, apperr.New(apperr.NotFound, "no civil-status procedure %q", code)
	}
	return civilFormData{Kind: k.Info(), Grounds: civilGrounds[code],
		Values: map[string]string{"relation": "self", "channel": "direct", "household": "mother", "as": "father"}}, nil
}

// civilFormPage shows the form, prefilled from ?citizen=.
func (s *server) civilFormPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.civilForm(r)
	if err != nil {
		return err
	}
	if id := r.URL.Query().Get("citizen"); id != "" {
		c, err := s.citizenByID(r.Context(), v, id)
		if err != nil {
			return err
		}
		civilPrefill(d.Values, c, d.Kind.Code)
		if err := s.disclose(r.Context(), v, "GET /new-civil/{kind}", actDossier, []string{c.ID}); err != nil {
			return err
		}
	}
	return s.renderCivilForm(w, r, v, http.StatusOK, d)
}

func (s *server) renderCivilForm(w http.ResponseWriter, r *http.Request, v *view, status int, d civilFormData) error {
	v.Title, v.Nav = d.Kind.NameVI, "dossiers"
	if v.Lang == langEN {
		v.Title = d.Kind.NameEN
	}
	s.render(w, r, v, status, "civil_form", d)
	return nil
}

// civilPrefill fills a form from the record it is about: the person
// concerned, or for a birth the parent.
func civilPrefill(f map[string]string, c registry.Citizen, kind string) {
	f["person"], f["citizen_id"], f["full_name"], f["id_number"] = c.IDNumber, c.ID, c.FullName, c.IDNumber
	f["household_ref"], f["relation_to_head"], f["old_id_number"] = c.HouseholdRef, c.RelationToHead, c.OldIDNumber
	if kind == civilstatus.CodeBirth {
		if c.Sex == registry.Male {
			f["father"], f["household"] = c.IDNumber, "father"
		} else {
			f["mother"] = c.IDNumber
		}
		f["birth_registration_place"] = c.Permanent.Commune
	}
}

// civilFormSubmit files the dossier and shows it, or the form again with
// what is wrong.
func (s *server) civilFormSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.civilForm(r)
	if err != nil {
		return err
	}
	for k, vals := range r.PostForm {
		if k != "csrf" && len(vals) > 0 {
			d.Values[k] = strings.TrimSpace(vals[0])
		}
	}
	form, err := civilFormJSON(d.Kind.Code, d.Values)
	if err == nil {
		var dossier procedure.Dossier
		dossier, err = s.proc.Receive(r.Context(), v.User, procedure.NewDossier{Kind: d.Kind.Code, Channel: procedure.Channel(d.Values["channel"]),
			Form: form, Applicant: procedure.Applicant{FullName: d.Values["full_name"], IDNumber: d.Values["id_number"],
				Relation: d.Values["relation"], Phone: d.Values["phone"], AuthorisationRef: d.Values["authorisation_ref"]}},
			s.trail(v, "POST /new-civil/{kind}"))
		if err == nil {
			http.Redirect(w, r, "/dossiers/"+dossier.ID, http.StatusSeeOther)
			return nil
		}
	}
	if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.Conflict) && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	d.Error = safeMessage(err)
	if fe := fieldReasons(err); fe != "" {
		d.Error += ": " + fe
	}
	return s.renderCivilForm(w, r, v, http.StatusUnprocessableEntity, d)
}
