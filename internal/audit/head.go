package audit

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A signed head is a checkpoint written as one line of text, to publish
// outside the database: the service log prints one at each checkpoint,
// a witness may receive it, and an auditor keeps the ones they trust
// (`dancu audit head`). Whoever can rewrite the database can cut the
// log's tail, and the chain and the remaining checkpoints still agree;
// only a head kept elsewhere shows that entries existed beyond the cut,
// or that the log was replaced after a point (a fork).
//
//	dancu-audit-head v1 seq=1042 hash=<64 hex> time=2026-01-05T08:00:00.000001Z key=<32 hex> sig=<base64url>
const headPrefix = "dancu-audit-head v1 "

// String writes c as a signed head line.
func (c Checkpoint) String() string {
	return fmt.Sprintf("%sseq=%d hash=%s time=%s key=%s sig=%s", headPrefix, c.Seq, c.Hash,
		c.Time.UTC().Format(time.RFC3339Nano), c.KeyID, base64.RawURLEncoding.EncodeToString(c.Signature))
}

// IsSignedHead reports whether s looks like a signed head line (rather
// than, say, the name of a file holding some).
func IsSignedHead(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), headPrefix) }

// ParseSignedHead reads a line written by Checkpoint.String. It checks the
// form only; Verify checks the signature against the trusted keys.
func ParseSignedHead(s string) (Checkpoint, error) {
	var c Checkpoint
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, headPrefix)
	if !ok {
		return c, errors.New("audit: not a signed head (want a line starting \"" + strings.TrimSpace(headPrefix) + "\")")
	}
	fields := map[string]string{}
	for _, f := range strings.Fields(rest) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return c, fmt.Errorf("audit: signed head: %q is not key=value", f)
		}
		fields[k] = v
	}
	var err error
	if c.Seq, err = strconv.ParseInt(fields["seq"], 10, 64); err != nil || c.Seq < 1 {
		return c, fmt.Errorf("audit: signed head: seq %q is not a positive number", fields["seq"])
	}
	if c.Hash, err = ParseHash(fields["hash"]); err != nil {
		return c, fmt.Errorf("audit: signed head: hash: %w", err)
	}
	if c.Time, err = time.Parse(time.RFC3339Nano, fields["time"]); err != nil {
		return c, fmt.Errorf("audit: signed head: time: %w", err)
	}
	if c.KeyID = fields["key"]; len(c.KeyID) != 32 {
		return c, errors.New("audit: signed head: key must be 32 hex digits")
	}
	if c.Signature, err = base64.RawURLEncoding.DecodeString(fields["sig"]); err != nil || len(c.Signature) == 0 {
		return c, errors.New("audit: signed head: sig is not base64url")
	}
	return c, nil
}

// ParseSignedHeads reads every signed head line of text (an auditor's
// file may collect one a day); other lines are ignored, but at least one
// head must be there.
func ParseSignedHeads(text string) ([]Checkpoint, error) {
	var out []Checkpoint
	for i, line := range strings.Split(text, "\n") {
		if !IsSignedHead(line) {
			continue
		}
		c, err := ParseSignedHead(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("audit: no signed head found")
	}
	return out, nil
}
