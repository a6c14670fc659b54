package procedure

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Info describes a kind of procedure: its names, legal basis, deadline,
// fee and the controls it demands.
type Info struct {
	Code       string `json:"code"` // stable: stored with every dossier
	NameVI     string `json:"name_vi"`
	NameEN     string `json:"name_en"`
	TTHC       string `json:"tthc_code,omitempty"` // national procedure code
	LegalBasis string `json:"legal_basis"`
	// WorkingDays is the legal time limit from the complete dossier.
	WorkingDays int `json:"working_days"`
	// MakerChecker: the officer who received the dossier cannot approve it.
	MakerChecker bool `json:"maker_checker"`
	// Immediate kinds are decided (and applied) when received: notices.
	Immediate bool `json:"immediate,omitempty"`
	// Online kinds may be filed by a citizen with a level-2 VNeID account
	// through the portal (Service.SubmitOnline).
	Online bool `json:"online,omitempty"`
	Fees   Fees `json:"fees"`
}

// Fees is a kind's fee schedule (lệ phí) by channel, and the grounds of
// exemption the law lists. Zero amounts mean the procedure is free.
type Fees struct {
	Direct     int64    `json:"direct"`
	Online     int64    `json:"online"`
	Basis      string   `json:"basis,omitempty"`
	Exemptions []string `json:"exemptions,omitempty"`
}

// Kind is one procedure. See the package documentation for how to add one.
type Kind interface {
	Info() Info
	// Check validates a new dossier against the register and fills
	// d.Subjects, d.Unit and d.Province; it may normalise d.Form.
	Check(ctx context.Context, env Env, d *Dossier) error
	// Apply makes the approved change in the register, inside the
	// approval's transaction (see the package documentation).
	Apply(ctx context.Context, env Env, d *Dossier) error
}

// Env is what a kind may use. Extra fields may be added; none will be
// removed.
type Env struct {
	// Register changes records; its calls join the caller's transaction.
	Register *registry.Service
	// Citizens reads records (outside Apply, or for records Apply does
	// not change).
	Citizens registry.Store
	Units    *units.Catalog
	Calendar *card.Calendar
	Now      time.Time
	// Officer is who acts (receives or decides); zero when a citizen
	// files the dossier online.
	Officer auth.User
	// Citizen is the citizen filing the dossier online (nil at the desk).
	// The engine has checked that they are its applicant; a kind checks
	// whatever else their relation to the subjects needs.
	Citizen *auth.Citizen
	// Meta is the change meta of every register change the dossier makes:
	// the deciding officer and a reason naming the procedure and dossier.
	Meta registry.ChangeMeta
	// Dossier is the dossier being checked or applied (read-only).
	Dossier *Dossier

	follow *followUps
}

// Covers reports an error unless the acting officer's jurisdiction
// contains the commune (or, without one, the province).
// A citizen filing online has no jurisdiction: the commune the kind names
// receives the dossier.
func (e Env) Covers(commune, province string) error {
	if e.Citizen != nil {
		return nil
	}
	if !e.Officer.CanSee(e.Units, commune, province) {
		return apperr.New(apperr.Forbidden, "commune %s is outside your jurisdiction", commune)
	}
	return nil
}

// Typed is a Kind whose form is the Go struct F, decoded strictly (an
// unknown field is an error) from the dossier's JSON and encoded back
// after Check, so the stored form is the normalised one.
type Typed[F any] struct {
	Meta Info
	// Validate checks the decoded form (it may normalise it) and fills
	// the dossier's subjects and commune; see Kind.Check.
	Validate func(ctx context.Context, env Env, d *Dossier, f *F) error
	// Do makes the approved change; see Kind.Apply.
	Do func(ctx context.Context, env Env, d *Dossier, f F) error
}

// Info implements Kind.
func (k Typed[F]) Info() Info { return k.Meta }

// Check implements Kind.
func (k Typed[F]) Check(ctx context.Context, env Env, d *Dossier) error {
	f, err := DecodeForm[F](d.Form)
	if err != nil {
		return err
	}
	if k.Validate != nil {
		if err := k.Validate(ctx, env, d, &f); err != nil {
			return err
		}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return apperr.Wrap(err, "encode the %s form", k.Meta.Code)
	}
	d.Form = b
	return nil
}

// Apply implements Kind.
func (k Typed[F]) Apply(ctx context.Context, env Env, d *Dossier) error {
	f, err := DecodeForm[F](d.Form)
	if err != nil {
		return err
	}
	if k.Do == nil {
		return nil
	}
	return k.Do(ctx, env, d, f)
}

// maxForm bounds a form's JSON.
const maxForm = 64 << 10

// DecodeForm decodes a form strictly.
func DecodeForm[F any](raw json.RawMessage) (F, error) {
	var f F
	if len(raw) > maxForm {
		return f, apperr.WithFields("the form is too large", apperr.FieldError{Field: "form", Reason: "at most 64 KiB"})
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, apperr.WithFields("the form does not match its procedure", apperr.FieldError{Field: "form", Reason: err.Error()})
	}
	return f, nil
}
