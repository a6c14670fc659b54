package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry describes one access to personal data: a disclosure to an officer,
// an agency or the system, or a change.
type Entry struct {
	Time      time.Time `json:"time"`
	RequestID string    `json:"request_id"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	Role      string    `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	Action    string    `json:"action"` // e.g. citizen.read, citizen.search
	Route     string    `json:"route"`
	// CitizenIDs are the opaque ids of every citizen in the response.
	CitizenIDs []string `json:"citizen_ids"`

	// Who acts for whom: a partner agency's client, and the officer or
	// service on whose behalf it asks (empty for an officer's own read).
	AgencyID   string `json:"agency_id,omitempty"`
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// Fields names the personal-data fields disclosed or changed (empty:
	// the whole record).
	Fields []string `json:"fields,omitempty"`
	// Purpose and LegalBasis justify the access (required for agencies).
	Purpose    string `json:"purpose,omitempty"`
	LegalBasis string `json:"legal_basis,omitempty"`
	// ConsentRef is the citizen's consent reference where the legal basis
	// requires one.
	ConsentRef string `json:"consent_ref,omitempty"`
	// Result is "ok" for a disclosure; verification answers record
	// "match"/"no_match", refusals "denied".
	Result string `json:"result,omitempty"`
	// Confidential accesses (e.g. a criminal investigation) are hidden
	// from the citizen's data tracker and shown to auditors only.
	Confidential bool `json:"confidential,omitempty"`
}

// Normalize returns e as it is stored and hashed: time in UTC at
// microsecond precision (what both engines keep), empty lists as nil.
func (e Entry) Normalize() Entry {
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	if len(e.CitizenIDs) == 0 {
		e.CitizenIDs = nil
	}
	if len(e.Fields) == 0 {
		e.Fields = nil
	}
	return e
}

// Validate refuses an entry the stores could not keep exactly: strings
// must be UTF-8 without NUL (PostgreSQL text), fields without commas.
func (e Entry) Validate() error {
	if e.Action == "" {
		return fmt.Errorf("audit: entry without action")
	}
	if e.Time.IsZero() {
		return fmt.Errorf("audit: entry without time")
	}
	for _, s := range e.strings() {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("audit: entry %s holds a string that is not UTF-8 text", e.Action)
		}
	}
	for _, list := range [][]string{e.CitizenIDs, e.Fields} {
		for _, s := range list {
			if s == "" || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				return fmt.Errorf("audit: entry %s holds an empty or non-text list item", e.Action)
			}
		}
	}
	return nil
}

// strings lists the scalar string fields in canonical order.
func (e *Entry) strings() []string {
	return []string{e.RequestID, e.UserID, e.Username, e.Role, e.Unit, e.Action, e.Route,
		e.AgencyID, e.OnBehalfOf, e.Purpose, e.LegalBasis, e.ConsentRef, e.Result}
}

// stringPtrs points at the same fields, for the decoder.
func (e *Entry) stringPtrs() []*string {
	return []*string{&e.RequestID, &e.UserID, &e.Username, &e.Role, &e.Unit, &e.Action, &e.Route,
		&e.AgencyID, &e.OnBehalfOf, &e.Purpose, &e.LegalBasis, &e.ConsentRef, &e.Result}
}

// Hash is a chain hash.
type Hash [sha256.Size]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// ParseHash reads a hash written by String.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("audit: malformed hash")
	}
	copy(h[:], b)
	return h, nil
}

// Record is an entry at its place in the chain.
type Record struct {
	Seq   int64
	Hash  Hash
	Entry Entry
	// Canonical is Canonical(Entry), kept by Chain so storage need not
	// encode twice.
	Canonical []byte
	// Mismatch is set by storage when the copies it keeps for queries
	// (indexed columns, the citizens' rows) disagree with the hashed entry,
	// or the stored entry does not decode: verification reports it as an
	// edit.
	Mismatch string
}
