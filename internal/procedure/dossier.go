package procedure

import (
	"encoding/json"
	"time"

	"dancu/internal/pdate"
)

// State is where a dossier stands.
type State string

const (
	// Received: the dossier is complete and its deadline runs.
	Received State = "received"
	// SupplementRequested: the officer asked for a missing document or
	// datum (yêu cầu bổ sung); the deadline is paused.
	SupplementRequested State = "supplement_requested"
	// Approved: the change was applied to the register.
	Approved State = "approved"
	// Refused: the officer refused with a reason; nothing changed.
	Refused State = "refused"
	// Done: the result (or refusal) was handed to the applicant.
	Done State = "done"
	// Withdrawn: the applicant withdrew; nothing changed.
	Withdrawn State = "withdrawn"
)

// Open reports a state in which the dossier awaits a decision.
func (s State) Open() bool { return s == Received || s == SupplementRequested }

// States lists every state, in workflow order.
var States = []State{Received, SupplementRequested, Approved, Refused, Done, Withdrawn}

// Channel is how the dossier was filed; fees differ (NĐ 154/2024, TT 75/2022).
type Channel string

const (
	Direct Channel = "direct" // at the commune police desk
	Online Channel = "online" // public-service portal or VNeID
)

// Applicant is who files the dossier: the citizen, a parent or guardian,
// the household head, or an authorised person. CitizenID is set when the
// applicant is in the register.
type Applicant struct {
	CitizenID string `json:"citizen_id,omitempty"`
	FullName  string `json:"full_name"`
	IDNumber  string `json:"id_number,omitempty"` // số định danh, CMND or passport number
	// Relation to the subject: self, parent, guardian, household_head,
	// authorised (with AuthorisationRef), owner, host, agency.
	Relation         string `json:"relation"`
	AuthorisationRef string `json:"authorisation_ref,omitempty"`
	Phone            string `json:"phone,omitempty"`
}

// Subject is a citizen the dossier is about, with the part they play in
// the kind's form ("mover", "new_head", "guest", ...).
type Subject struct {
	CitizenID string `json:"citizen_id"`
	Role      string `json:"role,omitempty"`
}

// Document is an attached paper (proof of lawful accommodation, consent,
// a court decision, ...). The content lives encrypted in the blob store;
// the dossier holds only its reference.
type Document struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"` // e.g. accommodation_proof, owner_consent, authorisation
	Name       string    `json:"name"`
	MediaType  string    `json:"media_type"`
	Size       int       `json:"size"`
	Ref        string    `json:"-"` // blob reference; never shown
	UploadedAt time.Time `json:"uploaded_at"`
	UploadedBy string    `json:"uploaded_by"`
}

// Fee is what the applicant pays, with the legal basis or the exemption.
type Fee struct {
	Amount    int64  `json:"amount"` // VND
	Basis     string `json:"basis,omitempty"`
	Exemption string `json:"exemption,omitempty"`
}

// Deadline is a dossier's legal clock in working days. It runs from the
// day the dossier was complete (Start) and stops while a supplement is
// awaited; the working days of each pause push Due back.
type Deadline struct {
	WorkingDays int        `json:"working_days"`
	Start       pdate.Date `json:"start"`
	// Due is the last day of the legal time limit; zero while paused.
	Due pdate.Date `json:"due,omitzero"`
	// Paused counts the working days spent waiting for supplements.
	Paused int `json:"paused_working_days,omitempty"`
	// PausedSince is the day the current supplement was requested.
	PausedSince pdate.Date `json:"paused_since,omitzero"`
}

// Dossier is one procedure's file.
type Dossier struct {
	ID        string          `json:"id"`
	Kind      string          `json:"kind"`
	State     State           `json:"state"`
	Channel   Channel         `json:"channel"`
	Applicant Applicant       `json:"applicant"`
	Subjects  []Subject       `json:"subjects"`
	Form      json.RawMessage `json:"form"`
	Documents []Document      `json:"documents"`
	// Unit is the responsible commune (newest unit list), Province its
	// province: the officers who may act on the dossier.
	Unit       string    `json:"unit"`
	Province   string    `json:"province"`
	Fee        Fee       `json:"fee"`
	Deadline   Deadline  `json:"deadline"`
	ReceivedAt time.Time `json:"received_at"`
	// ReceivedBy is the officer who received and prepared the dossier (the
	// maker of a maker-checker kind).
	ReceivedBy string `json:"received_by"`
	// Outcome is approved, refused or withdrawn once decided; it stays
	// when the dossier is done.
	Outcome   State      `json:"outcome,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedOn pdate.Date `json:"decided_on,omitzero"`
	// Reason is the refusal's or withdrawal's reason.
	Reason string `json:"reason,omitempty"`
	// Result is what approval produced (kind-specific JSON).
	Result    json.RawMessage `json:"result,omitempty"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// SubjectIDs lists the subjects' citizen ids.
func (d *Dossier) SubjectIDs() []string {
	ids := make([]string, 0, len(d.Subjects))
	for _, s := range d.Subjects {
		ids = append(ids, s.CitizenID)
	}
	return ids
}

// Transition is one recorded step of a dossier: who moved it, when, why.
type Transition struct {
	DossierID string    `json:"dossier_id"`
	Seq       int       `json:"seq"`
	Action    Action    `json:"action"`
	From      State     `json:"from"`
	To        State     `json:"to"`
	At        time.Time `json:"at"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	Role      string    `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	Reason    string    `json:"reason,omitempty"`
}
