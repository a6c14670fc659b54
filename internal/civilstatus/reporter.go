package civilstatus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/share"
)

// ReportPurpose is the purpose an agency's registration must list to post
// civil-status events: the hộ tịch system informing the population
// register (Luật Hộ tịch 2014 Điều 5; Luật Căn cước 2023 Điều 10.2).
const ReportPurpose = "cập nhật sự kiện hộ tịch"

// Event types an agency posts, and the kind each becomes.
var reportKinds = map[string]string{
	"birth": CodeBirth, "death": CodeDeath, "marriage": CodeMarriage, "divorce": CodeDivorce,
	"parentage": CodeParentage, "correction": CodeCorrection,
}

// ReportTypes lists the event types an agency may post.
var ReportTypes = []string{"birth", "death", "marriage", "divorce", "parentage", "correction"}

// Report is one civil-status event posted by an agency. EventID is the
// agency's own identifier of the event: a retried post carries the same
// one and is applied once.
type Report struct {
	EventID string          `json:"event_id"`
	Type    string          `json:"type"`
	Form    json.RawMessage `json:"data"`
}

// Received is a report as stored: which dossier it became.
type Received struct {
	AgencyID   string    `json:"-"`
	EventID    string    `json:"event_id"`
	Kind       string    `json:"kind"`
	BodyHash   string    `json:"-"`
	DossierID  string    `json:"dossier_id"`
	ReceivedAt time.Time `json:"received_at"`
}

// Ledger remembers the events each agency posted (storage joins the
// transaction the context carries).
type Ledger interface {
	// RecordReport stores r; an event id the agency used before is a
	// Conflict.
	RecordReport(ctx context.Context, r Received) error
	// Report is the stored event, or NotFound.
	Report(ctx context.Context, agencyID, eventID string) (Received, error)
}

// EventService is the one home of civil-status events posted by agencies.
type EventService struct {
	Procedures *procedure.Service
	Ledger     Ledger
	Tx         registry.Transactor
}

var eventIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$`)

// Outcome is what a post did: the dossier, and whether the event had been
// applied before (a retry).
type Outcome struct {
	Dossier   procedure.Dossier `json:"dossier"`
	Duplicate bool              `json:"duplicate"`
}

// Post applies an agency's event once. A retry with the same event id and
// content returns the first dossier unchanged; the same id with other
// content is refused. The agency acts as a national user named after it:
// the civil-status authority decided the event, so the dossier is decided
// (Immediate) when it arrives, with the agency as its applicant.
func (r *EventService) Post(ctx context.Context, a share.Agency, rep Report, trail audit.Entry) (Outcome, error) {
	if !slices.ContainsFunc(a.Purposes, func(p share.Purpose) bool { return p.Name == ReportPurpose }) {
		return Outcome{}, apperr.New(apperr.Forbidden, "the agency is not registered to post civil-status events (purpose %q)", ReportPurpose)
	}
	kind, ok := reportKinds[rep.Type]
	if !ok {
		return Outcome{}, apperr.WithFields("invalid event", apperr.FieldError{Field: "type", Reason: "one of birth, death, marriage, divorce, parentage, correction"})
	}
	if !eventIDPattern.MatchString(rep.EventID) {
		return Outcome{}, apperr.WithFields("invalid event", apperr.FieldError{Field: "event_id", Reason: "1-100 letters, digits and . _ : / -, starting with a letter or digit"})
	}
	sum := sha256.Sum256(append([]byte(rep.Type+"\n"), rep.Form...))
	stored := Received{AgencyID: a.ID, EventID: rep.EventID, Kind: kind, BodyHash: hex.EncodeToString(sum[:]), ReceivedAt: r.Procedures.Now().UTC()}
	if out, err := r.previous(ctx, a, stored); err == nil || !apperr.Is(err, apperr.NotFound) {
		return out, err
	}
	var d procedure.Dossier
	err := r.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		d, err = r.Procedures.Receive(ctx, AgencyUser(a), procedure.NewDossier{Kind: kind, Channel: procedure.Online, Form: rep.Form,
			Applicant: procedure.Applicant{FullName: a.Name, Relation: "agency", AuthorisationRef: rep.EventID}}, trail)
		if err != nil {
			return err
		}
		stored.DossierID = d.ID
		return r.Ledger.RecordReport(ctx, stored)
	})
	if apperr.Is(err, apperr.Conflict) {
		// A concurrent retry won the race: answer as a retry does.
		if out, perr := r.previous(ctx, a, stored); perr == nil {
			return out, nil
		}
	}
	return Outcome{Dossier: d}, err
}

// previous answers a retried event from the ledger.
func (r *EventService) previous(ctx context.Context, a share.Agency, want Received) (Outcome, error) {
	got, err := r.Ledger.Report(ctx, want.AgencyID, want.EventID)
	if err != nil {
		return Outcome{}, err
	}
	if got.BodyHash != want.BodyHash {
		return Outcome{}, apperr.New(apperr.Conflict, "event %s was posted before with other content; an event id names one event", want.EventID)
	}
	v, err := r.Procedures.Dossier(ctx, AgencyUser(a), got.DossierID)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Dossier: v.Dossier, Duplicate: true}, nil
}

// AgencyUser is the identity under which an agency's event is received:
// national (the civil-status authority reports from every commune) and
// named "agency:ID", which the dossier's history and the record's
// versions show.
func AgencyUser(a share.Agency) auth.User {
	return auth.User{ID: "agency:" + a.ID, Username: "agency:" + a.ID, DisplayName: a.Name, Role: auth.RoleMinistry}
}
