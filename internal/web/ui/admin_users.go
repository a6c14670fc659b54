package ui

import (
	"crypto/rand"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// confirmData is a confirmation page for a destructive action: a POST
// form to Action, reached from a link, since no script may ask.
type confirmData struct {
	Question, Action, Button, Back string
}

// passwordData shows a generated password once; it is in this response
// only (Cache-Control: no-store), never logged nor stored in clear.
type passwordData struct {
	Username, Password string
}

// requireAdmin refuses everyone but administrators.
func requireAdmin(v *view) error {
	if v.User.Role != auth.RoleAdmin {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	return nil
}

// confirmUser asks before disabling an account or resetting its password.
func (s *server) confirmUser(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	u, err := s.auth.User(r.Context(), r.PathValue("username"))
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	if act != "disable" && act != "reset" {
		return apperr.New(apperr.NotFound, "%s", v.T("error.notfound"))
	}
	v.Title, v.Nav = v.T("admin.confirm"), "admin"
	s.render(w, r, v, http.StatusOK, "admin_confirm", confirmData{Question: v.Tf("admin.confirm."+act, u.Username),
		Action: "/admin/users/" + u.Username + "/" + act, Button: v.T("admin.do." + act), Back: "/admin"})
	return nil
}

// userAction disables, enables or resets the password of an account.
func (s *server) userAction(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.auth.User(ctx, r.PathValue("username"))
	if err != nil {
		return err
	}
	route := "POST /admin/users/" + u.Username + "/" + r.PathValue("action")
	switch r.PathValue("action") {
	case "disable":
		if u.ID == v.User.ID {
			return apperr.New(apperr.Invalid, "%s", v.T("admin.err.self"))
		}
		if err := s.auth.Disable(ctx, u.Username); err != nil {
			return err
		}
		if err := s.recordAdmin(ctx, v, route, actUserDisable, ""); err != nil {
			return err
		}
	case "enable":
		if err := s.auth.Enable(ctx, u.Username); err != nil {
			return err
		}
		if err := s.recordAdmin(ctx, v, route, actUserEnable, ""); err != nil {
			return err
		}
	case "reset":
		pw := newPassword()
		if err := s.auth.ResetPassword(ctx, u.Username, pw); err != nil {
			return err
		}
		if err := s.recordAdmin(ctx, v, route, actUserReset, ""); err != nil {
			return err
		}
		v.Title, v.Nav = v.T("admin.newpassword"), "admin"
		s.render(w, r, v, http.StatusOK, "admin_password", passwordData{Username: u.Username, Password: pw})
		return nil
	default:
		return apperr.New(apperr.NotFound, "%s", v.T("error.notfound"))
	}
	http.Redirect(w, r, "/admin?done=user", http.StatusSeeOther)
	return nil
}

// newPassword is 20 characters from an alphabet without look-alikes
// (about 100 bits), to be read out or copied once.
func newPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		b[i] = alphabet[randIntn(len(alphabet))]
	}
	return string(b)
}

// randIntn is a uniform crypto/rand number below n (n < 256).
func randIntn(n int) int {
	max := 256 - 256%n
	var c [1]byte
	for {
		rand.Read(c[:])
		if int(c[0]) < max {
			return int(c[0]) % n
		}
	}
}
