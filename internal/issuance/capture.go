package issuance

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
)

// Fingers are the ten fingerprints in the order of the capture form:
// right thumb to little finger, then left.
var Fingers = [10]string{"right_thumb", "right_index", "right_middle", "right_ring", "right_little",
	"left_thumb", "left_index", "left_middle", "left_ring", "left_little"}

// Fingerprint is either a captured print (Ref into the BlobStore) or the
// reason it could not be taken (missing finger, damaged skin).
type Fingerprint struct {
	Ref     string `json:"ref,omitempty"`
	Missing string `json:"missing_reason,omitempty"`
}

// Captures references the biometrics of an application. The data itself
// lives in a BlobStore, encrypted, never in the relational rows.
type Captures struct {
	Photo        string          `json:"photo,omitempty"`
	Fingerprints [10]Fingerprint `json:"fingerprints"`
	Signature    string          `json:"signature,omitempty"`
	// Needs is what the law asks of this holder, set at intake from the
	// holder's age; empty means NeedsAll.
	Needs CaptureNeeds `json:"needs,omitempty"`
}

// CaptureNeeds is which captures an applicant gives. Under Luật Căn cước
// 2023 a child under 6 gives none (the card has no photo and biometrics
// are not collected), a child of 6 to 13 gives a photo and fingerprints
// but does not sign, and from 14 everything is taken.
type CaptureNeeds string

const (
	NeedsAll         CaptureNeeds = "all"
	NeedsNoSignature CaptureNeeds = "no_signature"
	NeedsNone        CaptureNeeds = "none"
)

// NeedsAt is what a holder of that age gives.
func NeedsAt(age int) CaptureNeeds {
	switch {
	case age < 6:
		return NeedsNone
	case age < MinimumAge:
		return NeedsNoSignature
	}
	return NeedsAll
}

// NeedsOn is what a holder born on birth gives at intake on day. A
// partial birth date counts as the youngest the holder can be, so a child
// is never asked for what the law does not collect.
func NeedsOn(birth pdate.Date, day time.Time) CaptureNeeds {
	age, _ := birth.AgeAt(Day(day))
	return NeedsAt(age)
}

// Check reports what is missing or contradictory. A set of captures is
// complete when it has what its Needs ask: a photo, a signature, and for
// each finger exactly one of a print and a reason.
func (c Captures) Check() error {
	if c.Needs == NeedsNone {
		return nil
	}
	var fields []apperr.FieldError
	if c.Photo == "" {
		fields = append(fields, apperr.FieldError{Field: "captures.photo", Reason: "required"})
	}
	if c.Signature == "" && c.Needs != NeedsNoSignature {
		fields = append(fields, apperr.FieldError{Field: "captures.signature", Reason: "required"})
	}
	for i, f := range c.Fingerprints {
		if (f.Ref == "") == (f.Missing == "") {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("captures.fingerprints[%d]", i),
				Reason: Fingers[i] + ": give either a print reference or a missing/damaged reason"})
		}
	}
	if len(fields) > 0 {
		return apperr.WithFields("incomplete biometric captures", fields...)
	}
	return nil
}

// BlobStore keeps capture data outside the database; Put returns an
// opaque reference for Get. internal/blobstore encrypts it at rest.
type BlobStore interface {
	Put(ctx context.Context, data []byte) (ref string, err error)
	Get(ctx context.Context, ref string) ([]byte, error)
}
