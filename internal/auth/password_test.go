package auth_test

import (
	"strings"
	"testing"

	"dancu/internal/auth"
)

var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

func TestHashPasswordDefaultFormat(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery", auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("hash %q is not PHC argon2id with the default costs", h)
	}
	if ok, err := auth.VerifyPassword("correct horse battery", h); !ok || err != nil {
		t.Errorf("verify = %v, %v", ok, err)
	}
}

func TestVerifyPassword(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.HashPassword("correct horse battery", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for _, tc := range []struct {
		pw, hash string
		ok, err  bool
	}{
		{"correct horse battery", h, true, false},
		{"correct horse batterY", h, false, false},
		{"", h, false, false},
		{"correct horse battery", "$argon2id$v=19$m=64,t=1,p=1$bad", false, true},
		{"correct horse battery", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", false, true},
		{"correct horse battery", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", false, true},
	} {
		ok, err := auth.VerifyPassword(tc.pw, tc.hash)
		if ok != tc.ok || (err != nil) != tc.err {
			t.Errorf("VerifyPassword(%q, %q) = %v, %v; want %v, err %v", tc.pw, tc.hash, ok, err, tc.ok, tc.err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	if _, err := auth.HashPassword("short", cheap); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := auth.CheckPassword("mười ký tự ạ"); err != nil {
		t.Errorf("10+ characters (multi-byte) refused: %v", err)
	}
	if err := auth.CheckPassword(strings.Repeat("x", 300)); err == nil {
		t.Error("a 300-character password was accepted")
	}
}

func FuzzVerifyPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2id$v=19$m=,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, hash string) {
		auth.VerifyPassword("some password", hash) // must not panic or allocate without bound
	})
}
