package idp

import (
	"context"
	"crypto"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The signing keys live in their own directory of the keys directory
// (KEYS/oidc), one PKCS#8 PEM file per key, mode 0600, named
// "<unix seconds>-<kid>.pem". The newest key signs; the older ones stay in
// the JWKS so tokens signed before a rotation still verify, until an
// operator retires them. The pairwise-subject secret sits beside them.
const (
	keyFileSuffix  = ".pem"
	pairwiseFile   = "pairwise.secret"
	pairwiseSecLen = 32
)

// signingKey is one ES256 key of the ring.
type signingKey struct {
	kid     string
	created time.Time
	priv    *ecdsa.PrivateKey
}

// KeyRing holds the provider's signing keys and its pairwise secret.
type KeyRing struct {
	dir      string
	mu       sync.RWMutex
	keys     []signingKey // oldest first; the last one signs
	signer   jose.Signer
	pairwise []byte
	aead     cipher.AEAD // seals access tokens (accesstoken.go)
}

// OpenKeyRing loads the keys in dir, creating the directory, a first key
// and the pairwise secret when missing. Files readable by others are refused.
func OpenKeyRing(dir string, now time.Time) (*KeyRing, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("idp: key directory: %w", err)
	}
	r := &KeyRing{dir: dir}
	if err := r.load(); err != nil {
		return nil, err
	}
	if len(r.keys) == 0 {
		if _, err := r.Rotate(now); err != nil {
			return nil, err
		}
	}
	sec, err := loadOrCreateSecret(filepath.Join(dir, pairwiseFile))
	if err != nil {
		return nil, err
	}
	r.pairwise = sec
	r.aead = r.accessAEAD()
	return r, nil
}

func (r *KeyRing) load() error {
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return fmt.Errorf("idp: read key directory: %w", err)
	}
	var keys []signingKey
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), keyFileSuffix) {
			continue
		}
		k, err := readKeyFile(filepath.Join(r.dir, e.Name()))
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b signingKey) int { return a.created.Compare(b.created) })
	if len(keys) == 0 && len(r.Keys()) > 0 {
		return fmt.Errorf("idp: %s holds no signing key any more; keeping the loaded ones", r.dir)
	}
	return r.install(keys)
}

func readKeyFile(path string) (signingKey, error) {
	if err := checkPrivate(path); err != nil {
		return signingKey{}, err
	}
	name := strings.TrimSuffix(filepath.Base(path), keyFileSuffix)
	secs, kid, ok := strings.Cut(name, "-")
	unix, err := strconv.ParseInt(secs, 10, 64)
	if !ok || err != nil || kid == "" {
		return signingKey{}, fmt.Errorf("idp: key file %s is not named <unix>-<kid>.pem", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return signingKey{}, fmt.Errorf("idp: read signing key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return signingKey{}, fmt.Errorf("idp: %s holds no PEM PRIVATE KEY", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	priv, isEC := k.(*ecdsa.PrivateKey)
	if err != nil || !isEC || priv.Curve != elliptic.P256() {
		return signingKey{}, fmt.Errorf("idp: %s is not a P-256 key", path)
	}
	return signingKey{kid: kid, created: time.Unix(unix, 0).UTC(), priv: priv}, nil
}

func checkPrivate(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("idp: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("idp: %s is readable by others (mode %v); chmod 600 it", path, st.Mode().Perm())
	}
	return nil
}

// install makes keys the ring's keys and the newest the signer.
func (r *KeyRing) install(keys []signingKey) error {
	var signer jose.Signer
	if len(keys) > 0 {
		k := keys[len(keys)-1]
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: k.priv, KeyID: k.kid}},
			(&jose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			return fmt.Errorf("idp: signer: %w", err)
		}
		signer = s
	}
	r.mu.Lock()
	r.keys, r.signer = keys, signer
	r.mu.Unlock()
	return nil
}

// Rotate makes a new signing key, which signs from now on; the previous
// keys stay published. It returns the new key's id.
func (r *KeyRing) Rotate(now time.Time) (string, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", fmt.Errorf("idp: generate signing key: %w", err)
	}
	kid := thumbprint(&priv.PublicKey)[:16]
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("idp: encode signing key: %w", err)
	}
	r.mu.RLock()
	if n := len(r.keys); n > 0 && !now.After(r.keys[n-1].created) {
		now = r.keys[n-1].created.Add(time.Second) // keep names in signing order
	}
	r.mu.RUnlock()
	path := filepath.Join(r.dir, strconv.FormatInt(now.Unix(), 10)+"-"+kid+keyFileSuffix)
	if err := writeNew(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		return "", err
	}
	return kid, r.load()
}

// Retire deletes every key but the newest keep ones (keep ≥ 1): tokens
// they signed no longer verify. It returns the ids retired.
func (r *KeyRing) Retire(keep int) ([]string, error) {
	if keep < 1 {
		return nil, errors.New("idp: keep at least the signing key")
	}
	r.mu.RLock()
	keys := slices.Clone(r.keys)
	r.mu.RUnlock()
	var gone []string
	for len(keys) > keep {
		k := keys[0]
		path := filepath.Join(r.dir, strconv.FormatInt(k.created.Unix(), 10)+"-"+k.kid+keyFileSuffix)
		if err := os.Remove(path); err != nil {
			return gone, fmt.Errorf("idp: retire key %s: %w", k.kid, err)
		}
		gone, keys = append(gone, k.kid), keys[1:]
	}
	return gone, r.install(keys)
}

// KeyInfo describes one key for the operator.
type KeyInfo struct {
	KID     string    `json:"kid"`
	Created time.Time `json:"created"`
	Signing bool      `json:"signing"`
}

// Keys lists the ring, oldest first.
func (r *KeyRing) Keys() []KeyInfo {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]KeyInfo, len(r.keys))
	for i, k := range r.keys {
		out[i] = KeyInfo{KID: k.kid, Created: k.created, Signing: i == len(r.keys)-1}
	}
	return out
}

// JWKS is the public key set the provider publishes.
func (r *KeyRing) JWKS() jose.JSONWebKeySet {
	r.mu.RLock()
	defer r.mu.RUnlock()
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(r.keys))}
	for i := len(r.keys) - 1; i >= 0; i-- { // the signing key first
		k := r.keys[i]
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.kid, Algorithm: string(jose.ES256), Use: "sig"})
	}
	return set
}

// Sign signs payload (JSON claims) with the current key as a JWT.
func (r *KeyRing) Sign(payload []byte) (string, error) {
	r.mu.RLock()
	s := r.signer
	r.mu.RUnlock()
	obj, err := s.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("idp: sign: %w", err)
	}
	return obj.CompactSerialize()
}

// Public returns the public key with id kid, for verifying our own tokens.
func (r *KeyRing) Public(kid string) (crypto.PublicKey, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, k := range r.keys {
		if k.kid == kid {
			return &k.priv.PublicKey, true
		}
	}
	return nil, false
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of a P-256 public key.
func thumbprint(pub *ecdsa.PublicKey) string {
	tp, _ := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256) // a P-256 key always has one
	return base64.RawURLEncoding.EncodeToString(tp)
}

func loadOrCreateSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		sec := make([]byte, pairwiseSecLen)
		rand.Read(sec)
		if err := writeNew(path, sec); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		return loadOrCreateSecret(path)
	}
	if err != nil {
		return nil, fmt.Errorf("idp: read pairwise secret: %w", err)
	}
	if err := checkPrivate(path); err != nil {
		return nil, err
	}
	if len(b) != pairwiseSecLen {
		return nil, fmt.Errorf("idp: pairwise secret %s is damaged", path)
	}
	return b, nil
}

// writeNew writes a new 0600 file, never replacing one.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("idp: create %s: %w", filepath.Base(path), err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("idp: write %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

// Subject is the pairwise subject of a citizen at a relying party (OIDC
// Core §8.1): an HMAC of the client id and the citizen's opaque id under
// the deployment's secret. Two relying parties cannot link their users by
// it, and it never reveals the ID number.
func (r *KeyRing) Subject(clientID, citizenID string) string {
	return pairwiseSubject(r.pairwise, clientID, citizenID)
}

func pairwiseSubject(secret []byte, clientID, citizenID string) string {
	m := hmacSHA256(secret, []byte(clientID+"\x00"+citizenID))
	return base64.RawURLEncoding.EncodeToString(m)
}

func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// Watch re-reads the key directory every interval until ctx ends, so a key
// made by `dancu oidc rotate-key` (or retired) takes effect in a running
// server. onError hears of a directory that no longer loads; the ring then
// keeps its keys.
func (r *KeyRing) Watch(ctx context.Context, every time.Duration, onError func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := r.load(); err != nil && onError != nil {
				onError(err)
			}
		}
	}
}
