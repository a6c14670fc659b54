package idp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Access tokens are self-contained: the grant sealed with AES-256-GCM
// under a key derived from the ring's secret. Opaque to the relying party
// (it learns neither the citizen's id nor anything else), checked without
// a database write on issue or a token read on use, so the token endpoint
// and userinfo scale with the CPU, not with the database's single writer.
// Revocation is a list of revoked grants, (citizen, relying party) pairs
// and accounts that userinfo consults in memory (revocations.go).
const accessPrefix = "at1."

// maxAccessToken bounds what is decoded.
const maxAccessToken = 2048

type sealedAccess struct {
	Grant    string   `json:"g"`
	Client   string   `json:"c"`
	Citizen  string   `json:"z"`
	Account  string   `json:"a"`
	Scopes   []string `json:"s"`
	Level    int      `json:"l"`
	AuthTime int64    `json:"t"`
	JKT      string   `json:"j,omitempty"`
	Issued   int64    `json:"i"` // unix microseconds
	Expires  int64    `json:"e"` // unix seconds
}

func (r *KeyRing) accessAEAD() cipher.AEAD {
	key := hmacSHA256(r.pairwise, []byte("dancu access token key v1"))
	block, _ := aes.NewCipher(key) // 32 bytes: AES-256 always accepts it
	aead, _ := cipher.NewGCM(block)
	return aead
}

// sealAccess makes the access token of t.
func (r *KeyRing) sealAccess(t Token) string {
	plain, _ := json.Marshal(sealedAccess{Grant: t.GrantID, Client: t.ClientID, Citizen: t.CitizenID, Account: t.AccountID,
		Scopes: t.Scopes, Level: t.Level, AuthTime: t.AuthTime.Unix(), JKT: t.JKT, Issued: t.IssuedAt.UnixMicro(), Expires: t.ExpiresAt.Unix()})
	nonce := make([]byte, 12)
	rand.Read(nonce)
	return accessPrefix + base64.RawURLEncoding.EncodeToString(r.aead.Seal(nonce, nonce, plain, []byte(accessPrefix)))
}

var errBadAccess = errors.New("idp: not an access token of this provider")

// openAccess reads an access token sealed by this ring.
func (r *KeyRing) openAccess(token string) (Token, error) {
	body, ok := strings.CutPrefix(token, accessPrefix)
	if !ok || len(token) > maxAccessToken {
		return Token{}, errBadAccess
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < 12+16 {
		return Token{}, errBadAccess
	}
	plain, err := r.aead.Open(nil, raw[:12], raw[12:], []byte(accessPrefix))
	if err != nil {
		return Token{}, errBadAccess
	}
	var s sealedAccess
	if err := json.Unmarshal(plain, &s); err != nil {
		return Token{}, errBadAccess
	}
	return Token{Kind: KindAccess, GrantID: s.Grant, ClientID: s.Client, CitizenID: s.Citizen, AccountID: s.Account, Scopes: s.Scopes,
		Level: s.Level, AuthTime: time.Unix(s.AuthTime, 0).UTC(), JKT: s.JKT, IssuedAt: time.UnixMicro(s.Issued).UTC(),
		ExpiresAt: time.Unix(s.Expires, 0).UTC()}, nil
}
