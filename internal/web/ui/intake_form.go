package ui

import (
	"fmt"
	"io"
	"net/http"

	"dancu/internal/card"
	"dancu/internal/issuance"
)

// Upload limits of the intake form. A capture is at most 2 MiB (the
// photo's legal maximum; a 500 dpi print is far smaller); the body holds
// twelve of them plus the fields, and stays under ParseMultipartForm's
// 32 MiB in-memory threshold, so no capture is ever written to a
// temporary file unencrypted.
const (
	maxCaptureBytes = 2 << 20
	maxIntakeBody   = 12*maxCaptureBytes + 64<<10
	maxUploadMemory = 32 << 20 // ParseMultipartForm's in-memory threshold
)

// missingReasons are why a print could not be taken, as the form offers them.
var missingReasons = []string{"missing", "damaged", "bandaged"}

// kindReason is one procedure and the reasons it accepts, from the card
// rules (which validate the pair again on Apply); the form groups the
// reasons by it.
type kindReason struct {
	Kind    card.ApplicationKind
	Reasons []card.Reason
}

var kindReasons = func() []kindReason {
	out := make([]kindReason, len(card.ApplicationKinds))
	for i, k := range card.ApplicationKinds {
		out[i] = kindReason{Kind: k, Reasons: card.ReasonsFor(k)}
	}
	return out
}()

// fingerRow is one finger of the form: its kept print, or why none.
type fingerRow struct {
	Index   int
	Name    string // issuance.Fingers name, the catalogue key suffix
	Ref     string
	Missing string
	Err     string
}

// intakeForm is the intake form as entered. Captures that passed their
// checks are kept as blob references in hidden fields, so a failed print
// is the only thing the officer uploads again.
type intakeForm struct {
	Station, Type, Reason string
	Photo, Signature      string // blob references
	Fingers               [10]fingerRow
	Errors                map[string]string
}

func newIntakeForm() intakeForm {
	f := intakeForm{Type: string(card.FirstIssuance), Errors: map[string]string{}}
	for i, n := range issuance.Fingers {
		f.Fingers[i] = fingerRow{Index: i, Name: n}
	}
	return f
}

// fingerField is the form name of finger i's file input.
func fingerField(i int) string { return fmt.Sprintf("fp%d", i) }

// validRef accepts what the blob store's references look like (32
// lower-case hex digits); anything else in a hidden field is dropped.
func validRef(ref string) bool {
	if len(ref) != 32 {
		return false
	}
	for _, c := range ref {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// readUpload reads one uploaded file of the form; ok is false when the
// input was left empty. A file over the limit is an error.
func readUpload(r *http.Request, name string) (data []byte, ok bool, tooBig bool, err error) {
	file, fh, err := r.FormFile(name)
	if err == http.ErrMissingFile {
		return nil, false, false, nil
	}
	if err != nil {
		return nil, false, false, err
	}
	defer file.Close()
	if fh.Size == 0 {
		return nil, false, false, nil
	}
	if fh.Size > maxCaptureBytes {
		return nil, true, true, nil
	}
	data, err = io.ReadAll(io.LimitReader(file, maxCaptureBytes+1))
	return data, true, false, err
}
