package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
)

type adminData struct {
	Users    []auth.User
	Stations []issuance.Station
	Roles    []auth.Role
	Errors   map[string]string
	Done     string
	Today    string
}

// adminPage shows what the user may administer: accounts (admin), the
// stations of the area, and campaign quotas (province, ministry, admin).
func (s *server) adminPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return s.showAdmin(w, r, v, http.StatusOK, adminData{Done: r.URL.Query().Get("done")})
}

func (s *server) showAdmin(w http.ResponseWriter, r *http.Request, v *view, status int, d adminData) error {
	ctx := r.Context()
	var err error
	if v.User.Role == auth.RoleAdmin {
		if d.Users, err = s.auth.ListUsers(ctx); err != nil {
			return err
		}
	}
	svc := s.issue
	if d.Stations, err = svc.Stations(ctx, v.User.Scope()); err != nil {
		return err
	}
	d.Roles, d.Today = auth.Roles, issuance.Day(s.auth.Now()).Format(issuance.DayLayout)
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	v.Title, v.Nav = v.T("admin.title"), "admin"
	s.render(w, r, v, status, "admin", d)
	return nil
}

// createUserSubmit creates an officer account (admin only).
func (s *server) createUserSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if v.User.Role != auth.RoleAdmin {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	role, err := auth.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: map[string]string{"role": v.T("edit.err.choice")}})
	}
	username := strings.TrimSpace(r.PostFormValue("username"))
	_, err = s.auth.CreateUser(r.Context(), username, strings.TrimSpace(r.PostFormValue("display_name")),
		role, strings.TrimSpace(r.PostFormValue("unit")), r.PostFormValue("new_password"))
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: map[string]string{"user": err.Error()}})
	}
	if err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "/admin/users "+username, actUserCreate, ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin?done=user", http.StatusSeeOther)
	return nil
}

// setQuotaSubmit sets a unit's target for a period.
func (s *server) setQuotaSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	svc := s.issue
	bad := map[string]string{}
	target, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("target")), 10, 64)
	if err != nil || target < 0 {
		bad["target"] = v.T("admin.err.target")
	}
	from, err1 := issuance.ParseDay(r.PostFormValue("from"))
	to, err2 := issuance.ParseDay(r.PostFormValue("to"))
	if err1 != nil || err2 != nil {
		bad["period"] = v.T("edit.err.date")
	}
	if len(bad) > 0 {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: bad})
	}
	unit := strings.TrimSpace(r.PostFormValue("unit"))
	err = svc.SetQuota(r.Context(), v.User, issuance.Quota{Unit: unit, From: from, To: to, Target: target})
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Forbidden) {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: map[string]string{"quota": err.Error()}})
	}
	if err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "/admin/quotas "+unit, actQuotaSet, ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin?done=quota", http.StatusSeeOther)
	return nil
}
