package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

type editData struct {
	C    registry.Citizen
	Form editForm
}

func (s *server) editPage(w http.ResponseWriter, r *http.Request, v *view) error {
	if !v.User.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	z, err := s.citizenByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "GET /citizens/{id}/edit", actRead, []string{z.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("edit.title")+": "+z.FullName, "citizens"
	s.render(w, r, v, http.StatusOK, "edit", editData{C: z, Form: formOf(z)})
	return nil
}

// editSubmit applies a correction as one new version with the officer's
// reason. Invalid fields come back next to their inputs (422); a record
// changed meanwhile by someone else is a conflict shown on the form.
func (s *server) editSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if !v.User.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	ctx := r.Context()
	z, err := s.citizenByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := editForm{FullName: r.PostFormValue("full_name"), OtherName: r.PostFormValue("other_name"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), MaritalStatus: r.PostFormValue("marital_status"),
		BloodType: r.PostFormValue("blood_type"), Status: r.PostFormValue("status"), DeathDate: r.PostFormValue("death_date"),
		Address: r.PostFormValue("address"), Reason: r.PostFormValue("reason"), Errors: map[string]string{}}
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	change := f.apply(v, s.auth.Now())
	if change != nil {
		meta := registry.ChangeMeta{Actor: "user:" + v.User.Username, Reason: strings.TrimSpace(f.Reason)}
		next, err := s.reg.Update(ctx, z.ID, f.Version, func(c *registry.Citizen) error {
			change(c)
			registry.SettleResidence(c)
			return nil
		}, meta)
		switch {
		case err == nil:
			if err := s.disclose(ctx, v, "POST /citizens/{id}/edit", actUpdate, []string{next.ID}); err != nil {
				return err
			}
			http.Redirect(w, r, "/citizens/"+next.ID+"?saved=1#history", http.StatusSeeOther)
			return nil
		case apperr.Is(err, apperr.Conflict):
			f.Errors["version"] = v.T("edit.err.conflict")
		case apperr.Is(err, apperr.Invalid):
			f.Errors["reason"] = v.T("edit.err.nochange")
		default:
			return err
		}
	}
	if err := s.disclose(ctx, v, "POST /citizens/{id}/edit", actRead, []string{z.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("edit.title")+": "+z.FullName, "citizens"
	s.render(w, r, v, http.StatusUnprocessableEntity, "edit", editData{C: z, Form: f})
	return nil
}
