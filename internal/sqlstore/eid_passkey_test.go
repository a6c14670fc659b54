package sqlstore_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"dancu/internal/eid"
)

// softKey is a software authenticator: one ES256 passkey, "none"
// attestation, user presence and verification always given. It stands in
// for Chromium's virtual authenticator, which the portal's browser test
// drives; here it exercises the service's begin/finish calls and the
// library's checks (challenge, origin, RP id hash, signature, counter).
type softKey struct {
	key     *ecdsa.PrivateKey
	id      []byte
	rpID    string
	origin  string
	handle  []byte
	counter uint32
}

var b64u = base64.RawURLEncoding

// cbor encodes the few shapes WebAuthn needs: maps, text, bytes, small ints.
func cborHead(major byte, n int) []byte {
	switch {
	case n < 24:
		return []byte{major<<5 | byte(n)}
	case n < 256:
		return []byte{major<<5 | 24, byte(n)}
	default:
		return []byte{major<<5 | 25, byte(n >> 8), byte(n)}
	}
}
func cborInt(v int) []byte {
	if v >= 0 {
		return cborHead(0, v)
	}
	return cborHead(1, -1-v)
}
func cborBytes(b []byte) []byte { return append(cborHead(2, len(b)), b...) }
func cborText(s string) []byte  { return append(cborHead(3, len(s)), s...) }

func (k *softKey) authData(flags byte, attested []byte) []byte {
	h := sha256.Sum256([]byte(k.rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, k.counter)
	return append(out, attested...)
}

func (k *softKey) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": k.origin, "crossOrigin": false})
	return b
}

type creationOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		User      struct {
			ID string `json:"id"`
		} `json:"user"`
	} `json:"publicKey"`
}

// create answers navigator.credentials.create.
func (k *softKey) create(t *testing.T, options []byte) []byte {
	t.Helper()
	var o creationOptions
	if err := json.Unmarshal(options, &o); err != nil {
		t.Fatal(err)
	}
	handle, err := b64u.DecodeString(o.PublicKey.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	k.handle = handle
	x, y := k.key.X.FillBytes(make([]byte, 32)), k.key.Y.FillBytes(make([]byte, 32))
	cose := append(cborHead(5, 5), cborInt(1)...)
	cose = append(cose, cborInt(2)...)
	cose = append(append(cose, cborInt(3)...), cborInt(-7)...)
	cose = append(append(cose, cborInt(-1)...), cborInt(1)...)
	cose = append(append(cose, cborInt(-2)...), cborBytes(x)...)
	cose = append(append(cose, cborInt(-3)...), cborBytes(y)...)
	attested := append(make([]byte, 16), byte(len(k.id)>>8), byte(len(k.id)))
	attested = append(append(attested, k.id...), cose...)
	ad := k.authData(0x45, attested) // UP, UV, AT
	att := append(cborHead(5, 3), cborText("fmt")...)
	att = append(append(att, cborText("none")...), cborText("attStmt")...)
	att = append(append(att, cborHead(5, 0)...), cborText("authData")...)
	att = append(att, cborBytes(ad)...)
	resp, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(k.id), "rawId": b64u.EncodeToString(k.id), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(k.clientData("webauthn.create", o.PublicKey.Challenge)),
			"attestationObject": b64u.EncodeToString(att), "transports": []string{"internal"}},
		"clientExtensionResults": map[string]any{}, "authenticatorAttachment": "platform"})
	return resp
}

// get answers navigator.credentials.get.
func (k *softKey) get(t *testing.T, options []byte) []byte {
	t.Helper()
	var o creationOptions
	if err := json.Unmarshal(options, &o); err != nil {
		t.Fatal(err)
	}
	k.counter++
	ad := k.authData(0x05, nil) // UP, UV
	cd := k.clientData("webauthn.get", o.PublicKey.Challenge)
	h := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), h[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := json.Marshal(map[string]any{"id": b64u.EncodeToString(k.id), "rawId": b64u.EncodeToString(k.id), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64u.EncodeToString(cd), "authenticatorData": b64u.EncodeToString(ad),
			"signature": b64u.EncodeToString(sig), "userHandle": b64u.EncodeToString(k.handle)},
		"clientExtensionResults": map[string]any{}, "authenticatorAttachment": "platform"})
	return resp
}

func newSoftKey(t *testing.T) *softKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 16)
	rand.Read(id)
	return &softKey{key: key, id: id, rpID: "localhost", origin: "http://localhost:8080"}
}

// TestEIDPasskeys registers a passkey, logs in with it alone at level 2
// (amr hwk), refuses a replayed ceremony and a level-1 passwordless
// login, and asks it after the password once the citizen turns the second
// factor on (amr pwd, hwk).
func TestEIDPasskeys(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		s := w.svc.EID
		c := w.carded(t, 51, "1990-05-05", "")
		w.enrolled(t, 51, c, "0955000051")
		p, err := s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		k := newSoftKey(t)
		start, err := s.BeginPasskeyRegistration(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := s.FinishPasskeyRegistration(ctx, p, start.CeremonyID, k.create(t, start.Options), "Điện thoại")
		if err != nil {
			t.Fatalf("register: %v", err)
		}
		if pk.ID != b64u.EncodeToString(k.id) || pk.Name != "Điện thoại" {
			t.Fatalf("passkey %+v", pk)
		}

		login := func(ticket string) (eid.Principal, error) {
			st, err := s.BeginPasskeyLogin(ctx, ticket)
			if err != nil {
				return eid.Principal{}, err
			}
			resp := k.get(t, st.Options)
			pr, err := s.FinishPasskeyLogin(ctx, st.CeremonyID, resp, "phone")
			if err == nil {
				if _, again := s.FinishPasskeyLogin(ctx, st.CeremonyID, resp, "phone"); again == nil {
					t.Error("a ceremony was used twice")
				}
			}
			return pr, err
		}
		if _, err := login(""); err == nil {
			t.Fatal("a level-1 account logged in with a passkey alone")
		}
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, eid.DeskVerification{CardNumber: c.IDNumber, Photo: photoOf(51),
			Fingerprints: map[string][]byte{"right_index": printOf(51)}}, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		pr, err := login("")
		if err != nil || pr.Level != 2 || !slices.Equal(pr.Methods, []string{"hwk"}) || pr.CitizenID != c.ID {
			t.Fatalf("passwordless %+v %v", pr, err)
		}

		if _, err := s.SetSecondFactor(ctx, p, true); err != nil {
			t.Fatal(err)
		}
		_, err = s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: goodPassword})
		var second *eid.SecondFactorRequired
		if !errors.Is(err, eid.ErrSecondFactor) || !errors.As(err, &second) {
			t.Fatalf("password alone with a second factor on: %v", err)
		}
		pr, err = login(second.Ticket)
		if err != nil || !slices.Equal(pr.Methods, []string{"pwd", "hwk"}) {
			t.Fatalf("second factor %+v %v", pr, err)
		}
		if _, err := s.BeginPasskeyLogin(ctx, second.Ticket); err == nil {
			t.Error("a second-factor ticket was used twice")
		}
	})
}
