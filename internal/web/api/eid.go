package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/citizenauth"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
)

// eidRoutes serve citizens' VNeID accounts: self-enrolment, activation,
// login (a citizen token), recovery and passkeys for citizens; desk
// verification, suspension and the activation figures for officers. The
// use cases are eid.Service's; these handlers only translate.
func (s *server) eidRoutes() []route {
	const photoBody = 8 << 20 // a 4 MiB photo and prints, base64 in JSON
	return []route{
		{method: "POST", path: "/api/v1/eid/enrolments", public: true, maxBody: photoBody, h: s.eidEnrol},
		{method: "POST", path: "/api/v1/eid/activation", public: true, h: s.eidActivate},
		{method: "POST", path: "/api/v1/eid/login", public: true, h: s.eidLogin},
		{method: "POST", path: "/api/v1/eid/recovery", public: true, h: s.eidRecoveryStart},
		{method: "POST", path: "/api/v1/eid/recovery/confirm", public: true, h: s.eidRecoveryConfirm},
		{method: "POST", path: "/api/v1/eid/passkeys/login/begin", public: true, h: s.eidPasskeyLoginBegin},
		{method: "POST", path: "/api/v1/eid/passkeys/login/finish", public: true, h: s.eidPasskeyLoginFinish},
		{method: "POST", path: "/api/v1/eid/passkeys/register/begin", public: true, h: s.eidPasskeyRegisterBegin},
		{method: "POST", path: "/api/v1/eid/passkeys/register/finish", public: true, h: s.eidPasskeyRegisterFinish},
		{method: "GET", path: "/api/v1/eid/account", citizen: true, h: s.asCitizen(s.eidOwnAccount)},
		{method: "POST", path: "/api/v1/eid/desk-verifications", maxBody: photoBody, h: s.eidDeskVerify},
		{method: "POST", path: "/api/v1/eid/accounts/{id}/status", h: s.eidAccountStatus},
		{method: "GET", path: "/api/v1/eid/stats", h: s.eidStats},
	}
}

// citizenTokenTTL is the life of the citizen token a VNeID login issues.
const citizenTokenTTL = time.Hour

func (s *server) needEID() (*eid.Service, error) {
	if s.eid == nil {
		return nil, apperr.New(apperr.NotFound, "VNeID accounts are not enabled on this server")
	}
	return s.eid, nil
}

type eidEnrolRequest struct {
	IDNumber  string     `json:"id_number"`
	FullName  string     `json:"full_name"`
	BirthDate pdate.Date `json:"birth_date"`
	Phone     string     `json:"phone"`
	Email     string     `json:"email"`
	Photo     []byte     `json:"photo"` // base64
	Password  string     `json:"password"`
}

func (s *server) eidEnrol(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidEnrolRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	acc, err := svc.Enrol(r.Context(), eid.SelfEnrolment{IDNumber: req.IDNumber, FullName: req.FullName, BirthDate: req.BirthDate,
		Phone: req.Phone, Email: req.Email, Photo: req.Photo, Password: req.Password},
		AuditEntry{RequestID: c.id, Route: c.route, Role: audit.RoleCitizen})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, acc)
}

type eidActivateRequest struct {
	Identifier string `json:"identifier"`
	Code       string `json:"code"`
	Password   string `json:"password,omitempty"`
}

func (s *server) eidActivate(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidActivateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"identifier": req.Identifier, "code": req.Code}); err != nil {
		return err
	}
	acc, err := svc.Activate(r.Context(), eid.Activation{Identifier: req.Identifier, Code: req.Code, Password: req.Password})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, acc)
}

type eidLoginRequest struct {
	Identifier string `json:"identifier"`
	Password   string `json:"password"`
	Device     string `json:"device,omitempty"`
}

// eidLoginResponse is a citizen token (ct_…) for the citizen routes, or,
// when the account asks for a passkey after the password, the ticket that
// starts it (202, no token).
type eidLoginResponse struct {
	Token     string    `json:"token,omitempty"`
	TokenType string    `json:"token_type,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Level     int       `json:"level,omitempty"`
	Methods   []string  `json:"amr,omitempty"`
	Ticket    string    `json:"second_factor_ticket,omitempty"`
}

func (s *server) eidLogin(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidLoginRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"identifier": req.Identifier, "password": req.Password}); err != nil {
		return err
	}
	p, err := svc.Authenticate(r.Context(), eid.Credentials{Identifier: req.Identifier, Password: req.Password,
		Device: req.Device, ClientIP: s.clientIP(r)})
	var second *eid.SecondFactorRequired
	if errors.As(err, &second) {
		return writeJSON(w, http.StatusAccepted, eidLoginResponse{Ticket: second.Ticket})
	}
	if err != nil {
		return err
	}
	return s.issueCitizenToken(w, r, p)
}

// issueCitizenToken answers a login with a citizen token.
func (s *server) issueCitizenToken(w http.ResponseWriter, r *http.Request, p eid.Principal) error {
	if s.ctokens == nil {
		return apperr.New(apperr.NotFound, "citizen access is not enabled on this server")
	}
	token, t, err := citizenauth.Issue(r.Context(), s.ctokens, p.CitizenID, citizenTokenTTL, s.auth.Now())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, eidLoginResponse{Token: token, TokenType: "Bearer", ExpiresAt: t.ExpiresAt,
		Level: p.Level, Methods: p.Methods})
}

type eidIdentifierRequest struct {
	Identifier string `json:"identifier"`
}

func (s *server) eidRecoveryStart(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidIdentifierRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := svc.StartRecovery(r.Context(), req.Identifier); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

type eidRecoveryConfirmRequest struct {
	Identifier string `json:"identifier"`
	Code       string `json:"code"`
	Password   string `json:"password"`
}

func (s *server) eidRecoveryConfirm(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidRecoveryConfirmRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"identifier": req.Identifier, "code": req.Code, "password": req.Password}); err != nil {
		return err
	}
	if err := svc.Recover(r.Context(), req.Identifier, req.Code, req.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type eidPasskeyLoginBeginRequest struct {
	Ticket string `json:"second_factor_ticket,omitempty"`
}

func (s *server) eidPasskeyLoginBegin(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidPasskeyLoginBeginRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	start, err := svc.BeginPasskeyLogin(r.Context(), req.Ticket)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, start)
}

type eidPasskeyFinishRequest struct {
	CeremonyID string          `json:"ceremony_id"`
	Credential json.RawMessage `json:"credential"` // the browser's PublicKeyCredential as JSON
	Device     string          `json:"device,omitempty"`
	Name       string          `json:"name,omitempty"`
}

func (s *server) eidPasskeyLoginFinish(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidPasskeyFinishRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p, err := svc.FinishPasskeyLogin(r.Context(), req.CeremonyID, req.Credential, req.Device)
	if err != nil {
		return err
	}
	return s.issueCitizenToken(w, r, p)
}

// eidPasskeyRegisterBegin re-authenticates with the password (a step-up:
// a citizen token alone, which an administrator can issue, does not add a
// credential) and starts the registration.
func (s *server) eidPasskeyRegisterBegin(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidLoginRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p, err := svc.Authenticate(r.Context(), eid.Credentials{Identifier: req.Identifier, Password: req.Password,
		Device: req.Device, ClientIP: s.clientIP(r)})
	if err != nil {
		return err
	}
	start, err := svc.BeginPasskeyRegistration(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, start)
}

func (s *server) eidPasskeyRegisterFinish(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidPasskeyFinishRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	k, err := svc.FinishPasskeyRegistrationCeremony(r.Context(), req.CeremonyID, req.Credential, req.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, k)
}

// eidAccountView is what a citizen reads of their own account.
type eidAccountView struct {
	Account  eid.Account   `json:"account"`
	Devices  []eid.Device  `json:"devices"`
	Passkeys []eid.Passkey `json:"passkeys"`
}

func (s *server) eidOwnAccount(w http.ResponseWriter, r *http.Request, c *call, citizenID string) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	acc, err := svc.AccountOfCitizen(r.Context(), citizenID)
	if err != nil {
		return err
	}
	p := eid.Principal{AccountID: acc.ID, CitizenID: citizenID, Level: acc.Level}
	devices, err := svc.Devices(r.Context(), p)
	if err != nil {
		return err
	}
	keys, err := svc.Passkeys(r.Context(), p)
	if err != nil {
		return err
	}
	if err := s.audit.Record(r.Context(), AuditEntry{Time: s.auth.Now().UTC(), RequestID: c.id, UserID: acc.ID, Role: audit.RoleCitizen,
		Action: "eid.account.read", Route: c.route, CitizenIDs: []string{citizenID}, Result: "ok"}); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return writeJSON(w, http.StatusOK, eidAccountView{Account: acc, Devices: devices, Passkeys: keys})
}

type eidDeskRequest struct {
	CardNumber       string            `json:"card_number"`
	Photo            []byte            `json:"photo"`
	Fingerprints     map[string][]byte `json:"fingerprints"`
	Phone            string            `json:"phone,omitempty"`
	Email            string            `json:"email,omitempty"`
	GuardianIDNumber string            `json:"guardian_id_number,omitempty"`
}

func (s *server) eidDeskVerify(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidDeskRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	acc, err := svc.VerifyAtDesk(r.Context(), c.user, eid.DeskVerification{CardNumber: req.CardNumber, Photo: req.Photo,
		Fingerprints: req.Fingerprints, Phone: req.Phone, Email: req.Email, GuardianIDNumber: req.GuardianIDNumber}, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, acc)
}

type eidStatusRequest struct {
	Action string `json:"action"` // suspend, reinstate, revoke, lower
	Reason string `json:"reason,omitempty"`
}

func (s *server) eidAccountStatus(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	var req eidStatusRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	id, ctx, trail := r.PathValue("id"), r.Context(), s.trail(c)
	var acc eid.Account
	switch req.Action {
	case "suspend":
		acc, err = svc.Suspend(ctx, c.user, id, req.Reason, trail)
	case "reinstate":
		acc, err = svc.Reinstate(ctx, c.user, id, trail)
	case "revoke":
		acc, err = svc.Revoke(ctx, c.user, id, req.Reason, trail)
	case "lower":
		acc, err = svc.Lower(ctx, c.user, id, req.Reason, trail)
	default:
		return apperr.WithFields("unknown action", apperr.FieldError{Field: "action", Reason: "one of suspend, reinstate, revoke, lower"})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, acc)
}

func (s *server) eidStats(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.needEID()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var day time.Time
	if d := q.Get("day"); d != "" {
		if day, err = issuance.ParseDay(d); err != nil {
			return apperr.WithFields("invalid day", apperr.FieldError{Field: "day", Reason: "YYYY-MM-DD"})
		}
	}
	st, err := svc.ActivationStats(r.Context(), c.user, q.Get("unit"), day)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
