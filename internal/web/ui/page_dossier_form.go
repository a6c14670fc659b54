package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
)

// formData is a residence form, prefilled from the record of ?citizen=.
type formData struct {
	Kind      procedure.Info
	Values    map[string]string
	Grounds   []residence.Ground
	Cases     []residence.AbsenceCase
	Relations []string
	Error     string
}

func isResidence(kind string) bool { return strings.HasPrefix(kind, "residence.") }

// dossierFormPage is the form of one residence procedure.
func (s *server) dossierFormPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.formData(r, v)
	if err != nil {
		return err
	}
	if id := r.URL.Query().Get("citizen"); id != "" {
		c, err := s.citizenByID(r.Context(), v, id)
		if err != nil {
			return err
		}
		prefill(d.Values, c, d.Kind.Code)
		if err := s.disclose(r.Context(), v, "GET /new-dossier/{kind}", actDossier, []string{c.ID}); err != nil {
			return err
		}
	}
	return s.renderForm(w, r, v, http.StatusOK, d)
}

func (s *server) formData(r *http.Request, v *view) (formData, error) {
	p, err := s.procedures()
	if err != nil {
		return formData{}, err
	}
	code := r.PathValue("kind")
	k, err := p.Kind(code)
	if err != nil || !isResidence(code) {
		return formData{}, apperr.New(apperr.NotFound, "no residence procedure %q", code)
	}
	d := formData{Kind: k.Info(), Values: map[string]string{"relation": "self", "channel": "direct", "case": residence.JoinHousehold},
		Cases: residence.AbsenceCases, Relations: []string{"self", "parent", "guardian", "household_head", "owner", "host", "authorised"}}
	d.Grounds = residence.PermanentGrounds
	if code == residence.TemporaryDeletionKind.Meta.Code {
		d.Grounds = residence.TemporaryGrounds
	}
	return d, nil
}

func (s *server) renderForm(w http.ResponseWriter, r *http.Request, v *view, status int, d formData) error {
	v.Title, v.Nav = d.Kind.NameVI, "dossiers"
	if v.Lang == langEN {
		v.Title = d.Kind.NameEN
	}
	s.render(w, r, v, status, "dossier_form", d)
	return nil
}

// prefill fills a form from the record it is about.
func prefill(f map[string]string, c registry.Citizen, kind string) {
	f["citizen_id"], f["members"], f["full_name"], f["id_number"] = c.ID, c.ID, c.FullName, c.IDNumber
	f["guests"] = c.IDNumber
	switch kind {
	case residence.PermanentKind.Meta.Code:
		f["household_ref"] = c.HouseholdRef
	case residence.TemporaryKind.Meta.Code:
		f["address"] = c.Current.Address
	}
}

// dossierFormSubmit files the dossier and shows it, or the form again
// with what is wrong.
func (s *server) dossierFormSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.formData(r, v)
	if err != nil {
		return err
	}
	for k, vals := range r.PostForm {
		if k != "csrf" && len(vals) > 0 {
			d.Values[k] = strings.TrimSpace(vals[0])
		}
	}
	form, err := buildForm(d.Kind.Code, d.Values)
	if err == nil {
		var dossier procedure.Dossier
		dossier, err = s.proc.Receive(r.Context(), v.User, procedure.NewDossier{Kind: d.Kind.Code, Channel: procedure.Channel(d.Values["channel"]),
			FeeExemption: d.Values["fee_exemption"], Form: form,
			Applicant: procedure.Applicant{FullName: d.Values["full_name"], IDNumber: d.Values["id_number"], Relation: d.Values["relation"],
				Phone: d.Values["phone"], AuthorisationRef: d.Values["authorisation_ref"]}}, s.trail(v, "POST /new-dossier/{kind}"))
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
	return s.renderForm(w, r, v, http.StatusUnprocessableEntity, d)
}

// buildForm turns the posted fields into the kind's form JSON.
func buildForm(kind string, f map[string]string) (json.RawMessage, error) {
	acc := residence.Accommodation{Basis: f["basis"], LookupRef: f["lookup_ref"]}
	consent := residence.Consent{By: f["consent_by"], OnForm: f["consent_on_form"] == "on"}
	var form any
	var bad []apperr.FieldError
	day := func(name string) pdate.Date {
		if f[name] == "" {
			return pdate.Date{}
		}
		d, err := pdate.Parse(f[name])
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: name, Reason: "a date YYYY-MM-DD"})
		}
		return d
	}
	switch kind {
	case residence.PermanentKind.Meta.Code:
		form = residence.PermanentForm{Case: f["case"], Members: memberLines(f["members"]), Commune: f["commune"], Address: f["address"],
			Household: f["household_ref"], Head: f["head"], Accommodation: acc, Consent: consent}
	case residence.TemporaryKind.Meta.Code:
		form = residence.TemporaryForm{Members: memberLines(f["members"]), Commune: f["commune"], Address: f["address"],
			From: day("from"), Until: day("until"), Accommodation: acc, Consent: consent}
	case residence.ExtensionKind.Meta.Code:
		form = residence.ExtensionForm{Members: memberLines(f["members"]), Until: day("until"), Accommodation: acc}
	case residence.StayKind.Meta.Code:
		arrival, err := time.ParseInLocation("2006-01-02T15:04", f["arrival"], procedure.Vietnam)
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: "arrival", Reason: "the day and hour of arrival"})
		}
		var guests []residence.Guest
		for _, g := range strings.Fields(f["guests"]) {
			guests = append(guests, residence.Guest{IDNumber: g})
		}
		form = residence.StayForm{Guests: guests, Commune: f["commune"], Address: f["address"], Arrival: arrival,
			Until: day("until"), Reason: f["reason"], Relatives: f["relatives"] == "on"}
	case residence.AbsenceKind.Meta.Code:
		form = residence.AbsenceForm{CitizenID: f["citizen_id"], Case: f["case"], From: day("from"), Until: day("until"),
			Destination: f["destination"], Reason: f["reason"], Supervisor: f["supervisor"]}
	default:
		form = residence.DeletionForm{CitizenID: f["citizen_id"], Ground: f["ground"], Decision: f["decision"], Note: f["note"]}
	}
	if len(bad) > 0 {
		return nil, apperr.WithFields("invalid form", bad...)
	}
	return json.Marshal(form)
}

// memberLines reads "citizen-id relation" lines.
func memberLines(s string) []residence.Member {
	var out []residence.Member
	for _, line := range strings.Split(s, "\n") {
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		m := residence.Member{CitizenID: fs[0]}
		if len(fs) > 1 {
			m.Relation = strings.Join(fs[1:], " ")
		}
		out = append(out, m)
	}
	return out
}

// fieldReasons lists an error's field errors for the officer.
func fieldReasons(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return ""
	}
	var parts []string
	for _, f := range ae.Fields {
		parts = append(parts, f.Field+": "+f.Reason)
	}
	return strings.Join(parts, "; ")
}

// indentJSON shows a stored form readably.
func indentJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		return string(raw)
	}
	return b.String()
}
