package registry

import (
	"context"
	"time"

	"dancu/internal/audit"
	"dancu/internal/pdate"
)

// ChangeMeta says who changed a record, why, and from when it holds.
type ChangeMeta struct {
	Actor     string
	Reason    string    // reason or legal basis; required for every change
	ValidFrom time.Time // legal effective date; zero means "now"
}

// Query selects citizens for search. Name is matched accent-insensitively
// as a prefix of the folded full name ("nguyen van h" finds "Nguyễn Văn Hùng").
type Query struct {
	Name      string // folded prefix; may be empty when another filter is set
	BirthYear int
	BirthDate pdate.Date // full or partial; narrows like BirthYear when partial
	Unit      string     // province or commune code of the newest list
	// Units, when set, are alternatives to Unit: a record matches when it
	// lies in any of them (an old commune split across several new ones).
	Units     []string
	Household string
	Limit     int
	Offset    int
}

// Summary is one search hit: enough to choose a record, not the whole record.
type Summary struct {
	ID           string     `json:"id"`
	IDNumber     string     `json:"id_number,omitempty"`
	FullName     string     `json:"full_name"`
	BirthDate    pdate.Date `json:"birth_date"`
	Sex          Sex        `json:"sex"`
	Status       Status     `json:"status"`
	Commune      string     `json:"permanent_commune,omitempty"`
	HouseholdRef string     `json:"household_ref,omitempty"`
}

// Page is one page of search results.
type Page struct {
	Items  []Summary `json:"items"`
	Offset int       `json:"offset"`
	Limit  int       `json:"limit"`
	More   bool      `json:"more"`
}

// EncodedCitizen is a citizen's current state as the JSON encoding of
// Citizen (relatives linked), with the fields a jurisdiction check needs.
// Point reads serve it as it is: decoding a stored record only to encode it
// again cost a quarter of a read's CPU under load.
type EncodedCitizen struct {
	ID string
	// Permanent holds only Commune and Province.
	Permanent Residence
	JSON      []byte
}

// Store is the read side of storage, plus imports and number allocation.
// Changes to one record go through Service (Writer and Transactor). Implementations return
// *apperr.Error values (NotFound, Conflict) for expected failures.
type Store interface {
	// Reads of one citizen fill CitizenID on the relatives (father, mother,
	// spouse, representative, household head) the register holds.
	Citizen(ctx context.Context, id string) (Citizen, error)
	CitizenByIDNumber(ctx context.Context, number string) (Citizen, error)
	CitizensByOldNumber(ctx context.Context, old string) ([]Citizen, error)
	// The Encoded reads return the same current state as Citizen and
	// CitizenByIDNumber, already encoded as JSON, for callers that pass it
	// on unchanged.
	EncodedCitizen(ctx context.Context, id string) (EncodedCitizen, error)
	EncodedCitizenByIDNumber(ctx context.Context, number string) (EncodedCitizen, error)
	// CitizenAsOf is what the register showed at instant at: the state in
	// force then, as recorded by then (CitizenAt with both axes at at).
	CitizenAsOf(ctx context.Context, id string, at time.Time) (Citizen, error)
	// CitizenAt is the state in force at at.Valid as recorded by
	// at.Recorded (see StateAt).
	CitizenAt(ctx context.Context, id string, at PointInTime) (Citizen, error)
	History(ctx context.Context, id string) ([]Version, error)
	Search(ctx context.Context, q Query) (Page, error)

	// AllocateIDNumber draws a fresh, never-used number in block.
	AllocateIDNumber(ctx context.Context, block string) (string, error)

	BeginImport(ctx context.Context, b BatchInfo) (ImportTx, error)
	Batches(ctx context.Context, limit int) ([]BatchInfo, error)
	Conflicts(ctx context.Context, batchID int64, limit int) ([]Conflict, error)
}

// BatchInfo describes one import batch (one file).
type BatchInfo struct {
	ID        int64     `json:"id"`
	Source    string    `json:"source"`
	Actor     string    `json:"actor"`
	AsOf      time.Time `json:"as_of"`
	StartedAt time.Time `json:"started_at"`
	Stats     Stats     `json:"stats"`
	Status    string    `json:"status"`
}

// Stats counts what a batch did.
type Stats struct {
	Rows      int `json:"rows"`
	Inserted  int `json:"inserted"`
	Unchanged int `json:"unchanged"`
	Conflicts int `json:"conflicts"`
	Invalid   int `json:"invalid"`
	Warnings  int `json:"warnings"`
	Assigned  int `json:"assigned_numbers"`
}

// RefHit is an earlier import of the same record_ref.
type RefHit struct {
	CitizenID string
	Hash      uint64
}

// NewRecord is a citizen to insert with its first version.
type NewRecord struct {
	Citizen Citizen
	Hash    uint64
	Data    []byte // the citizen as canonical JSON
}

// Conflict is a row that names an existing citizen but disagrees with it.
type Conflict struct {
	BatchID   int64             `json:"batch_id"`
	RecordRef string            `json:"record_ref"`
	Line      int               `json:"line"`
	CitizenID string            `json:"citizen_id"`
	IDNumber  string            `json:"id_number,omitempty"`
	Fields    map[string][2]any `json:"fields"` // field -> [registry value, row value]
	Reason    string            `json:"reason"`
}

// ImportTx is one all-or-nothing batch. Nothing is visible to readers until
// Commit; Rollback leaves the register as it was.
type ImportTx interface {
	BatchID() int64
	// StartedEmpty reports that the register held no citizen when the batch
	// began: nothing but the batch's own rows can match its records.
	StartedEmpty() bool
	ExistingRefs(ctx context.Context, refs []string) (map[string]RefHit, error)
	// ExistingNumbers finds the citizens that hold (or held, for cancelled
	// numbers) the given numbers.
	ExistingNumbers(ctx context.Context, numbers []string) (map[string]Citizen, error)
	// AssignNumbers draws one fresh, never-used ID number for each entry
	// of blocks (a block is "PPPGYY", see idnumber.Block), none of which
	// any row written so far in this batch holds.
	AssignNumbers(ctx context.Context, blocks []string) ([]string, error)
	Insert(ctx context.Context, recs []NewRecord, meta ChangeMeta) error
	AddConflicts(ctx context.Context, cs []Conflict) error
	// Commit makes the batch visible together with its outcome: the
	// batch's row (status and stats) and its audit entry are written in
	// the batch's own transaction, so a crash leaves all of them or none.
	Commit(ctx context.Context, out BatchOutcome) error
	// Rollback discards the batch's writes and records it as rolled back.
	Rollback(ctx context.Context) error
}

// BatchOutcome is what Commit records with a batch's data.
type BatchOutcome struct {
	Stats Stats
	// Audit is the batch's audit entry (nil: none), chained onto the log
	// in the batch's transaction.
	Audit *audit.Entry
	// Failpoint, when set, is called after each step of the commit with
	// the step's name (ImportStepRecorded, ImportStepAudited); an error
	// aborts the batch there, as a crash would. Tests inject it.
	Failpoint func(step string) error
}

// The steps of a batch at which ImportOptions.Failpoint is called.
const (
	ImportStepBegun     = "import.begun"     // the batch's transaction is open
	ImportStepWritten   = "import.written"   // every row is written
	ImportStepRecorded  = "import.recorded"  // the batch's row says committed, with its stats
	ImportStepAudited   = "import.audited"   // the audit entry is chained
	ImportStepCommitted = "import.committed" // the transaction is committed
)
