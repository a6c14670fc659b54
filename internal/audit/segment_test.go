package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
)

var segT0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// chained is a log of n entries with a checkpoint every 4, signed an hour
// apart (seq 4 at segT0+1h, 8 at +2h, …).
func chained(t testing.TB, n int) (*memStore, *audit.Signer) {
	m, s := &memStore{}, newSigner(t)
	var entries []audit.Entry
	for i := range n {
		e := sampleEntry()
		e.RequestID = fmt.Sprint("req-", i+1)
		entries = append(entries, e)
	}
	m.recs = audit.Chain(0, audit.Genesis, entries)
	for seq := 4; seq <= n; seq += 4 {
		m.cps = append(m.cps, s.Sign(int64(seq), m.recs[seq-1].Hash, segT0.Add(time.Duration(seq/4)*time.Hour)))
	}
	return m, s
}

func export(t *testing.T, m *memStore, keys []ed25519.PublicKey, after int64, until time.Time) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := audit.ExportSegment(bg, m, keys, after, until, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// editLine rewrites the line of the entry at seq with edit.
func editLine(text string, seq int64, edit func(fields []string) string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) == 4 && f[0] == "entry" && f[1] == fmt.Sprint(seq) {
			lines[i] = edit(f)
		}
	}
	return strings.Join(lines, "\n")
}

// otherEntry is the line's entry with another request id, re-encoded; with
// rehash it also carries the chain hash an attacker would recompute.
func otherEntry(t *testing.T, f []string, prev audit.Hash, rehash bool) string {
	raw, _ := base64.RawURLEncoding.DecodeString(f[3])
	e, err := audit.ParseCanonical(raw)
	if err != nil {
		t.Fatal(err)
	}
	e.RequestID = "forged"
	hash := f[2]
	if rehash {
		var seq int64
		fmt.Sscan(f[1], &seq)
		hash = audit.Link(prev, seq, e).String()
	}
	return strings.Join([]string{"entry", f[1], hash, base64.RawURLEncoding.EncodeToString(audit.Canonical(e))}, " ")
}

func TestSealedSegment(t *testing.T) {
	m, s := chained(t, 12)
	keys := []ed25519.PublicKey{s.Public()}
	first := export(t, m, keys, 0, segT0.Add(time.Hour+time.Minute))
	second := export(t, m, keys, 4, segT0.Add(2*time.Hour))
	stranger := newSigner(t)
	for _, tc := range []struct {
		name     string
		segment  string
		keys     []ed25519.PublicKey
		wantSeq  int64
		wantKind audit.ProblemKind
	}{
		{"intact", second, keys, 0, ""},
		{"an entry edited", editLine(second, 6, func(f []string) string { return otherEntry(t, f, m.recs[4].Hash, false) }), keys, 6, audit.Edited},
		{"an entry edited and its hash recomputed", editLine(second, 6, func(f []string) string { return otherEntry(t, f, m.recs[4].Hash, true) }), keys, 7, audit.Edited},
		{"an entry deleted", editLine(second, 7, func([]string) string { return "" }), keys, 7, audit.Missing},
		{"an entry that does not decode", editLine(second, 5, func(f []string) string { return strings.Join(append(f[:3], "AAAA"), " ") }), keys, 5, audit.Edited},
		{"the tail cut", second[:strings.Index(second, "entry 7 ")], keys, 7, audit.Truncated},
		{"signed by another key", second, []ed25519.PublicKey{stranger.Public()}, 8, audit.UnknownKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := audit.VerifySegment(strings.NewReader(strings.ReplaceAll(tc.segment, "\n\n", "\n")), tc.keys)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantKind == "" {
				if rep.Problem != nil || rep.Entries != 4 || rep.After != 4 || rep.Head.Seq != 8 {
					t.Fatalf("intact segment: %+v", rep)
				}
				return
			}
			if rep.Problem == nil || rep.Problem.Seq != tc.wantSeq || rep.Problem.Kind != tc.wantKind {
				t.Errorf("problem %v, want %s at seq %d", rep.Problem, tc.wantKind, tc.wantSeq)
			}
		})
	}

	// Consecutive segments link; a segment does not link to one that does
	// not end where it starts.
	one, _ := audit.VerifySegment(strings.NewReader(first), keys)
	two, _ := audit.VerifySegment(strings.NewReader(second), keys)
	three, _ := audit.VerifySegment(strings.NewReader(export(t, m, keys, 8, segT0.Add(3*time.Hour))), keys)
	if one.Problem != nil || one.After != 0 || one.Head.Seq != 4 {
		t.Fatalf("first segment: %+v", one)
	}
	if err := one.Links(two); err != nil {
		t.Error(err)
	}
	if err := two.Links(three); err != nil {
		t.Error(err)
	}
	if err := one.Links(three); err == nil {
		t.Error("segments 1-4 and 9-12 were taken as consecutive")
	}
}

func TestExportSegmentRefuses(t *testing.T) {
	m, s := chained(t, 12)
	keys := []ed25519.PublicKey{s.Public()}
	for _, tc := range []struct {
		name  string
		after int64
		until time.Time
		edit  func()
		want  string
	}{
		{"a start that is not a checkpoint", 5, segT0.Add(3 * time.Hour), nil, "seq 5 has none"},
		{"nothing signed by until", 8, segT0.Add(2 * time.Hour), nil, "nothing to seal"},
		{"a log edited in the range", 4, segT0.Add(2 * time.Hour), func() { m.recs[5].Entry.RequestID = "forged" }, "at seq 6: edited"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.edit != nil {
				tc.edit()
			}
			_, err := audit.ExportSegment(bg, m, keys, tc.after, tc.until, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func FuzzVerifySegment(f *testing.F) {
	m, s := chained(f, 8)
	var buf bytes.Buffer
	if _, err := audit.ExportSegment(bg, m, []ed25519.PublicKey{s.Public()}, 4, segT0.Add(2*time.Hour), &buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add("dancu-audit-segment v1\nafter 0 " + strings.Repeat("0", 64) + "\nhead x\n")
	f.Fuzz(func(t *testing.T, text string) {
		audit.VerifySegment(strings.NewReader(text), []ed25519.PublicKey{s.Public()})
	})
}
