package idnumber

import (
	"errors"
	"math/rand/v2"
	"testing"
)

var testKey = []byte("test-key-0123456789abcdef")

// bitset over serial values 0..999999.
type bitset [(serialCount + 1 + 63) / 64]uint64

func (b *bitset) testAndSet(v uint32) (was bool) {
	w, m := v/64, uint64(1)<<(v%64)
	was = b[w]&m != 0
	b[w] |= m
	return was
}

func serialValue(t *testing.T, s string) uint32 {
	t.Helper()
	if len(s) != 6 || !allDigits(s) {
		t.Fatalf("serial %q is not 6 digits", s)
	}
	v := uint32(0)
	for i := 0; i < 6; i++ {
		v = v*10 + uint32(s[i]-'0')
	}
	if v < 1 || v > 999999 {
		t.Fatalf("serial %q out of 000001..999999", s)
	}
	return v
}

// Acceptance test: "The ID generator never produces a duplicate in 10 million
// draws for one prefix/year/sex."
func TestSequencerTenMillionDrawsNoDuplicate(t *testing.T) {
	seq := NewSequencer(testKey)
	block, err := Block("087", 1984, Male)
	if err != nil {
		t.Fatal(err)
	}
	var seen bitset
	const draws = 10_000_000
	for n := uint32(0); n < draws; n++ {
		num, err := seq.Number(block, n)
		if n >= serialCount {
			if !errors.Is(err, ErrBlockExhausted) || num != "" {
				t.Fatalf("draw %d: got %q, %v; want ErrBlockExhausted", n, num, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("draw %d: %v", n, err)
		}
		if len(num) != Len || num[:6] != block {
			t.Fatalf("draw %d: %q is not in block %s", n, num, block)
		}
		if !Valid(num) {
			t.Fatalf("draw %d: %q is not a valid number", n, num)
		}
		if seen.testAndSet(serialValue(t, num[6:])) {
			t.Fatalf("draw %d: duplicate number %s", n, num)
		}
	}
	// 999,999 distinct values in 1..999999 means every serial was issued once.
	for v := uint32(1); v <= 999999; v++ {
		if !seen.testAndSet(v) {
			t.Fatalf("serial %06d never issued", v)
		}
	}
}

// Property: for random blocks and keys the permutation is a bijection onto
// 000001..999999, and Index inverts Serial.
func TestSerialIsBijection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 4; trial++ {
		key := make([]byte, 32)
		for i := range key {
			key[i] = byte(rng.Uint32())
		}
		seq := NewSequencer(key)
		block := ""
		for i := 0; i < 6; i++ {
			block += string(rune('0' + rng.IntN(10)))
		}
		b, err := seq.Block(block)
		if err != nil {
			t.Fatal(err)
		}
		var seen bitset
		for n := uint32(0); n < serialCount; n++ {
			s, err := b.Serial(n)
			if err != nil {
				t.Fatal(err)
			}
			if seen.testAndSet(serialValue(t, s)) {
				t.Fatalf("block %s: duplicate serial %s at n=%d", block, s, n)
			}
		}
		for i := 0; i < 2000; i++ {
			n := rng.Uint32N(serialCount)
			s, _ := seq.Serial(block, n)
			got, err := seq.Index(block, s)
			if err != nil || got != n {
				t.Fatalf("block %s: Index(Serial(%d)=%s) = %d, %v", block, n, s, got, err)
			}
		}
	}
}

// The permutation is fixed by key and block: this pins it so that an
// accidental change of algorithm (which would re-issue numbers) fails here.
func TestSerialStable(t *testing.T) {
	seq := NewSequencer(testKey)
	got := []string{}
	for n := uint32(0); n < 3; n++ {
		s, err := seq.Number("087084", n)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"087084305648", "087084383942", "087084784766"} // under testKey; never change
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Number(087084, 0..2) = %v, want %v; the permutation changed, which would re-issue numbers", got, want)
		}
	}
}

func firstSerials(t *testing.T, seq *Sequencer, block string, k int) []string {
	t.Helper()
	out := make([]string, k)
	for i := range out {
		s, err := seq.Serial(block, uint32(i))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = s
	}
	return out
}

func countSame(a, b []string) int {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return same
}

func TestDifferentKeysAndBlocksGiveDifferentOrders(t *testing.T) {
	const k = 1000
	a := firstSerials(t, NewSequencer(testKey), "087084", k)
	b := firstSerials(t, NewSequencer([]byte("another-key-0123456789")), "087084", k)
	c := firstSerials(t, NewSequencer(testKey), "087184", k)
	d := firstSerials(t, NewSequencer(testKey), "087085", k)
	// Independent orders agree at a position with probability ~1e-6; allow a few.
	for name, other := range map[string][]string{"other key": b, "other sex": c, "other year": d} {
		if same := countSame(a, other); same > 3 {
			t.Errorf("%s: %d of %d first serials coincide", name, same, k)
		}
	}
	// The order must not be the identity or a simple shift either.
	if same := countSame(a, firstSerials(t, NewSequencer(testKey), "087084", k)); same != k {
		t.Errorf("same key and block not deterministic: %d of %d agree", same, k)
	}
	sequential := 0
	for i := 1; i < k; i++ {
		if serialValue(t, a[i]) == serialValue(t, a[i-1])+1 {
			sequential++
		}
	}
	if sequential > 3 {
		t.Errorf("%d consecutive serials are sequential", sequential)
	}
}

func TestSequencerErrors(t *testing.T) {
	seq := NewSequencer(testKey)
	for _, block := range []string{"", "08708", "0870841", "08708a"} {
		if _, err := seq.Serial(block, 0); !errors.Is(err, ErrFormat) {
			t.Errorf("Serial(%q) err = %v, want ErrFormat", block, err)
		}
		if _, err := seq.Number(block, 0); !errors.Is(err, ErrFormat) {
			t.Errorf("Number(%q) err = %v, want ErrFormat", block, err)
		}
	}
	for _, n := range []uint32{999_999, 1_000_000, 1<<32 - 1} {
		if _, err := seq.Serial("087084", n); err != ErrBlockExhausted {
			t.Errorf("Serial(n=%d) err = %v, want ErrBlockExhausted", n, err)
		}
	}
	for _, s := range []string{"000000", "12345", "12345x"} {
		if _, err := seq.Index("087084", s); !errors.Is(err, ErrFormat) {
			t.Errorf("Index(%q) err = %v, want ErrFormat", s, err)
		}
	}
	b, _ := seq.Block("087084")
	if b.BlockID() != "087084" {
		t.Errorf("BlockID = %q", b.BlockID())
	}
	defer func() {
		if recover() == nil {
			t.Error("NewSequencer with a short key did not panic")
		}
	}()
	NewSequencer([]byte("short"))
}

func BenchmarkSerial(b *testing.B) {
	seq := NewSequencer(testKey)
	b.ReportAllocs()
	n := uint32(0)
	for b.Loop() {
		if _, err := seq.Serial("087084", n); err != nil {
			b.Fatal(err)
		}
		n = (n + 1) % serialCount
	}
}

func BenchmarkNumber(b *testing.B) {
	seq := NewSequencer(testKey)
	b.ReportAllocs()
	n := uint32(0)
	for b.Loop() {
		if _, err := seq.Number("087084", n); err != nil {
			b.Fatal(err)
		}
		n = (n + 1) % serialCount
	}
}

func BenchmarkBlockSerial(b *testing.B) {
	bs, _ := NewSequencer(testKey).Block("087084")
	b.ReportAllocs()
	n := uint32(0)
	for b.Loop() {
		if _, err := bs.Serial(n); err != nil {
			b.Fatal(err)
		}
		n = (n + 1) % serialCount
	}
}
