package share

import (
	"bufio"
	"bytes"
	"io"
	"strconv"

	"dancu/internal/apperr"
)

// MaxBatchLines bounds one batch file.
const MaxBatchLines = 100_000

// maxBatchLine bounds one line of a batch file, in bytes.
const maxBatchLine = 4 << 10

// BatchLine is one parsed line of a batch file: a query, or why it was
// refused. A refused line is answered in the results, not fatal to the file.
type BatchLine struct {
	Line  int        `json:"line"`
	Query MatchQuery `json:"-"`
	Error string     `json:"error,omitempty"`
}

// ParseBatch reads a batch file: JSON Lines, one MatchQuery per line,
// blank lines skipped. Lines beyond limit make the file invalid, so an
// agency learns at once that it must split it.
func ParseBatch(r io.Reader, purpose string, limit int) ([]BatchLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxBatchLine)
	var out []BatchLine
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if len(out) == limit {
			return nil, apperr.New(apperr.Invalid, "a batch holds at most %d requests", limit)
		}
		out = append(out, ParseBatchLine(n, b, purpose))
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, apperr.New(apperr.Invalid, "line %d is longer than %d bytes", n+1, maxBatchLine)
		}
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.Invalid, "the batch holds no request")
	}
	return out, nil
}

// ParseBatchLine parses one line; errors name fields, never values.
func ParseBatchLine(n int, b []byte, purpose string) BatchLine {
	l := BatchLine{Line: n}
	if err := decodeStrict(b, &l.Query); err != nil {
		l.Error = describe(err)
		return l
	}
	if err := (VerifyRequest{MatchQuery: l.Query, Purpose: purpose}).Validate(true); err != nil {
		l.Error = describe(err)
	}
	return l
}

func describe(err error) string {
	ae, ok := err.(*apperr.Error)
	if !ok {
		return "invalid line"
	}
	msg := ae.Message
	for i, f := range ae.Fields {
		if i == 0 {
			msg += ": "
		} else {
			msg += "; "
		}
		msg += strconv.Quote(f.Field) + " " + f.Reason
	}
	return msg
}
