package statuslist_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"dancu/internal/credential/jose"
	"dancu/internal/credential/statuslist"
)

func TestSetGetAcrossBitSizes(t *testing.T) {
	for _, bits := range []int{1, 2, 4, 8} {
		l, err := statuslist.New(bits, 100)
		if err != nil {
			t.Fatal(err)
		}
		max := byte(1<<bits - 1)
		for i := 0; i < l.Len(); i++ {
			if err := l.Set(i, byte(i)&max); err != nil {
				t.Fatal(err)
			}
		}
		enc, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := statuslist.Decode(enc)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < l.Len(); i++ {
			if got, _ := back.Get(i); got != byte(i)&max {
				t.Fatalf("bits %d: entry %d = %d, want %d", bits, i, got, byte(i)&max)
			}
		}
		if err := l.Set(l.Len(), 0); err == nil {
			t.Errorf("bits %d: Set past the end accepted", bits)
		}
		if err := l.Set(0, max+1); bits < 8 && err == nil {
			t.Errorf("bits %d: status %d accepted", bits, max+1)
		}
	}
}

// The draft's example (§4.1, 1 bit): statuses 1,0,0,1,1,1,0,1 | 1,1,1,0,0,0,1,0
// encode as bytes 0xB9 0xA3.
func TestDraftBitOrder(t *testing.T) {
	l, _ := statuslist.New(1, 16)
	for i, s := range []byte{1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0} {
		l.Set(i, s)
	}
	enc, _ := l.Encode()
	back, _ := statuslist.Decode(enc)
	want := []byte{1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0}
	for i, w := range want {
		if got, _ := back.Get(i); got != w {
			t.Fatalf("entry %d = %d", i, got)
		}
	}
	raw, _ := jose.B64.DecodeString(enc.Lst)
	if len(raw) == 0 {
		t.Fatal("empty lst")
	}
}

func TestTokenSignedAndChecked(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	l, _ := statuslist.New(statuslist.Bits, 1000)
	l.Set(7, statuslist.Invalid)
	const uri = "https://dancu.example/api/v1/credentials/status/1"
	tok, err := statuslist.Sign(key, "k1", uri, l, now, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	keyOf := func(k *ecdsa.PrivateKey) func(jose.Header) (*ecdsa.PublicKey, error) {
		return func(jose.Header) (*ecdsa.PublicKey, error) { return &k.PublicKey, nil }
	}
	got, err := statuslist.Parse(tok, uri, keyOf(key), now)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := got.Get(7); s != statuslist.Invalid {
		t.Errorf("entry 7 = %d, want Invalid", s)
	}
	if s, _ := got.Get(8); s != statuslist.Valid {
		t.Errorf("entry 8 = %d, want Valid", s)
	}
	for name, check := range map[string]func() error{
		"another key":  func() error { _, err := statuslist.Parse(tok, uri, keyOf(other), now); return err },
		"another list": func() error { _, err := statuslist.Parse(tok, uri+"x", keyOf(key), now); return err },
		"expired":      func() error { _, err := statuslist.Parse(tok, uri, keyOf(key), now.Add(25*time.Hour)); return err },
		"tampered": func() error {
			_, err := statuslist.Parse(strings.Replace(tok, ".", ".e", 1), uri, keyOf(key), now)
			return err
		},
	} {
		if check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzDecode(f *testing.F) {
	l, _ := statuslist.New(2, 64)
	enc, _ := l.Encode()
	f.Add(2, enc.Lst)
	f.Add(1, "eNrbuRgAAhcBXQ")
	f.Fuzz(func(t *testing.T, bits int, lst string) {
		got, err := statuslist.Decode(statuslist.Encoded{Bits: bits, Lst: lst})
		if err == nil && got.Len() > statuslist.MaxEntries {
			t.Fatalf("decoded %d entries", got.Len())
		}
	})
}
