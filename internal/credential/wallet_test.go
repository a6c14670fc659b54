package credential

import (
	"errors"
	"testing"
	"time"
)

// FuzzWalletProof feeds the key-proof parser arbitrary input: it never
// panics, and with no nonce ever issued it never accepts, always saying
// which rule failed.
func FuzzWalletProof(f *testing.F) {
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVTMjU2In0.e30.AAAA")
	f.Add(`eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIn19.eyJhdWQiOlsiaHR0cHM6Ly94Il19.AA`)
	s := NewService(Config{Issuer: "https://x", Now: func() time.Time { return time.Unix(1_767_571_200, 0) }})
	f.Fuzz(func(t *testing.T, proof string) {
		_, err := s.checkProof(proof)
		if err == nil {
			t.Fatalf("accepted %q without any nonce issued", proof)
		}
		if !errors.Is(err, ErrInvalidProof) && !errors.Is(err, ErrInvalidNonce) {
			t.Fatalf("refused %q without saying which rule: %v", proof, err)
		}
	})
}
