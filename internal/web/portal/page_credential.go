package portal

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential"
)

type credentialData struct {
	Held     credential.Held
	Rows     []row
	Picture  template.URL // the portrait claim, a data: URL of a JPEG
	Choices  []option     // claims to put in a QR code or a link
	QR       template.URL // a QR just made, as a data: URL
	Shown    []string     // the claims in it
	Link     string       // a presentation link just made
	Problem  string       // why there is no credential to show
	ErrorMsg string
}

// defaultQR is the subset offered first (credential.DefaultQRClaims).
var defaultQR = credential.DefaultQRClaims

// credentialPage shows the căn cước điện tử as a card, and the form that
// presents chosen claims as a QR code or a short-lived link.
func (s *server) credentialPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.credentialData(r, v)
	if err != nil {
		return err
	}
	s.renderCredential(w, v, http.StatusOK, d)
	return nil
}

func (s *server) credentialData(r *http.Request, v *view) (credentialData, error) {
	h, err := s.self.Credential(r.Context(), v.Session.Citizen(), trail(r, v))
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code != apperr.Internal {
			return credentialData{Problem: ae.Message}, nil
		}
		s.log.Warn("portal: căn cước điện tử unavailable", "request_id", v.id, "err", err)
		return credentialData{Problem: v.T("credential.unavailable")}, nil
	}
	d := credentialData{Held: h, Rows: claimRows(v, h.Claims)}
	if p, ok := h.Claims[credential.PictureClaim].(string); ok && strings.HasPrefix(p, "data:image/jpeg;base64,") {
		if _, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(p, "data:image/jpeg;base64,")); err == nil {
			d.Picture = template.URL(p) // checked: a base64 JPEG data URL, nothing else
		}
	}
	names := slices.Clone(h.Names)
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	for _, n := range names {
		d.Choices = append(d.Choices, option{Value: n, Label: claimLabel(v, n), Selected: slices.Contains(defaultQR, n)})
	}
	return d, nil
}

func (s *server) renderCredential(w http.ResponseWriter, v *view, status int, d credentialData) {
	v.Title, v.Nav = v.T("credential.title"), "credential"
	s.render(w, v, status, "credential", d)
}

// credentialPresent makes a QR code, or a link, of the chosen claims.
func (s *server) credentialPresent(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.credentialData(r, v)
	if err != nil || d.Problem != "" {
		s.renderCredential(w, v, http.StatusConflict, d)
		return err
	}
	names := r.PostForm["claims"]
	for i := range d.Choices {
		d.Choices[i].Selected = slices.Contains(names, d.Choices[i].Value)
	}
	me := v.Session.Citizen()
	if r.PostFormValue("as") == "link" {
		d.Link, _, err = s.self.CredentialLink(r.Context(), me, names, trail(r, v))
	} else {
		var png []byte
		if png, err = s.self.CredentialQR(r.Context(), me, names, trail(r, v)); err == nil {
			d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
		}
	}
	if err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
			return err
		}
		d.ErrorMsg = ae.Message
		for _, f := range ae.Fields {
			d.ErrorMsg += " (" + f.Reason + ")"
		}
		if ae.Message == credential.QRTooLarge {
			d.ErrorMsg = v.T("credential.qr.toolarge") // the page's words: where the link button is
		}
		s.renderCredential(w, v, http.StatusUnprocessableEntity, d)
		return nil
	}
	for _, n := range names {
		d.Shown = append(d.Shown, claimLabel(v, n))
	}
	s.renderCredential(w, v, http.StatusOK, d)
	return nil
}

// cardClaims are the claims the card view shows, in its order.
var cardClaims = []string{"name", "personal_identifier", "birthdate", "sex", "nationalities", "place_of_origin", "address",
	"issuance_date", "expiry_date"}

func claimRows(v *view, claims map[string]any) []row {
	var out []row
	for _, n := range cardClaims {
		val, ok := claims[n]
		if !ok {
			continue
		}
		out = append(out, row{Label: claimLabel(v, n), Value: claimValue(v, n, val), Mono: n == "personal_identifier"})
	}
	return out
}

// choiceOrder orders the claims offered for a presentation: the name and
// the age attestations first, then the card's fields, the photo last.
var choiceOrder = append(append([]string{"name", "age_over_18", "age_over_14", "age_over_16", "age_over_21", "age_over_60"},
	cardClaims...), "family_name", "given_name", "ethnicity", "religion", "place_of_birth", credential.PictureClaim)

func rank(name string) int {
	if i := slices.Index(choiceOrder, name); i >= 0 {
		return i
	}
	return len(choiceOrder)
}

func claimLabel(v *view, name string) string {
	if _, ok := catalogue["claim."+name]; ok {
		return v.T("claim." + name)
	}
	return name
}

func claimValue(v *view, name string, val any) string {
	switch x := val.(type) {
	case map[string]any:
		return fmt.Sprint(x["formatted"])
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
			if parts[i] == "VN" {
				parts[i] = v.T("nat.VN")
			}
		}
		return strings.Join(parts, ", ")
	case float64:
		if name == "sex" {
			return v.T(map[float64]string{1: "sex.M", 2: "sex.F"}[x])
		}
	case string:
		if t, err := time.Parse(time.DateOnly, x); err == nil {
			return t.Format("02/01/2006")
		}
	}
	return fmt.Sprint(val)
}
