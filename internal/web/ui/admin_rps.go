package ui

import (
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

// Relying parties of the OpenID Connect provider ("log in with VNeID"):
// administrators register and revoke them here as with `dancu rp`, through
// the same idp.Service.

const (
	actRPCreate = "rp.create"
	actRPRevoke = "rp.revoke"
)

// rpRoutes adds the relying parties' administration (called by routes).
func (s *server) rpRoutes() {
	s.mux.Handle("GET /admin/rps", s.authed(s.rpsPage))
	s.mux.Handle("POST /admin/rps", s.authed(s.createRPSubmit))
	s.mux.Handle("GET /admin/rps/{id}/revoke", s.authed(s.confirmRevokeRP))
	s.mux.Handle("POST /admin/rps/{id}/revoke", s.authed(s.revokeRPSubmit))
}

type rpsData struct {
	Clients []idp.Client
	Scopes  []idp.Scope
	Error   string
	Secret  string // the new relying party's client secret, shown once
	Created string
	Done    string
}

func (s *server) oidcService() (*idp.Service, error) {
	if s.oidc == nil {
		return nil, apperr.New(apperr.NotFound, "the OpenID Connect provider is not enabled on this server")
	}
	return s.oidc, nil
}

func (s *server) rpsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return s.showRPs(w, r, v, http.StatusOK, rpsData{Done: r.URL.Query().Get("done")})
}

func (s *server) showRPs(w http.ResponseWriter, r *http.Request, v *view, status int, d rpsData) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.oidcService()
	if err != nil {
		return err
	}
	if d.Clients, err = svc.Clients(r.Context()); err != nil {
		return err
	}
	d.Scopes = idp.Scopes()
	v.Title, v.Nav = v.T("rp.title"), "admin"
	s.render(w, r, v, status, "admin_rps", d)
	return nil
}

// createRPSubmit registers a relying party; a secret client's secret is
// shown once (only its SHA-256 is stored).
func (s *server) createRPSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.oidcService()
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "%s", err.Error())
	}
	f := r.PostForm
	c := idp.Client{ID: strings.TrimSpace(f.Get("id")), Name: strings.TrimSpace(f.Get("name")), LegalBasis: strings.TrimSpace(f.Get("legal_basis")),
		RedirectURIs: strings.Fields(f.Get("redirect_uris")), PostLogoutURIs: strings.Fields(f.Get("logout_uris")),
		Scopes: f["scopes"], AuthMethod: f.Get("auth_method"), FAPI: f.Get("fapi") == "on"}
	keyPEM := strings.TrimSpace(f.Get("key_pem"))
	if c.AuthMethod == idp.AuthPrivateKeyJWT && keyPEM == "" {
		return s.showRPs(w, r, v, http.StatusUnprocessableEntity, rpsData{Error: v.T("rp.err.key")})
	}
	if keyPEM != "" {
		if _, err := idp.ParsePublicKey(keyPEM); err != nil {
			return s.showRPs(w, r, v, http.StatusUnprocessableEntity, rpsData{Error: v.T("rp.err.key") + " " + err.Error()})
		}
	}
	created, secret, err := svc.CreateClient(r.Context(), c)
	if apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.Invalid) {
		return s.showRPs(w, r, v, http.StatusUnprocessableEntity, rpsData{Error: err.Error()})
	}
	if err != nil {
		return err
	}
	if keyPEM != "" {
		kid := strings.TrimSpace(f.Get("kid"))
		if kid == "" {
			kid = "key-1"
		}
		if err := svc.AddClientKey(r.Context(), created.ID, kid, keyPEM); err != nil {
			return err
		}
	}
	if err := s.recordAdmin(r.Context(), v, "POST /admin/rps", actRPCreate, created.ID); err != nil {
		return err
	}
	return s.showRPs(w, r, v, http.StatusOK, rpsData{Secret: secret, Created: created.ID, Done: "created"})
}

func (s *server) confirmRevokeRP(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.oidcService()
	if err != nil {
		return err
	}
	c, err := svc.Client(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("admin.confirm"), "admin"
	s.render(w, r, v, http.StatusOK, "admin_confirm", confirmData{Question: v.Tf("rp.confirm.revoke", c.Name, c.ID),
		Action: "/admin/rps/" + c.ID + "/revoke", Button: v.T("rp.revoke"), Back: "/admin/rps"})
	return nil
}

func (s *server) revokeRPSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.oidcService()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := svc.RevokeClient(r.Context(), id); err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "POST /admin/rps/"+id+"/revoke", actRPRevoke, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/rps?done=revoked", http.StatusSeeOther)
	return nil
}
