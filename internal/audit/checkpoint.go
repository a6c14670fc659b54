package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Checkpoint is a signed statement that the chain had hash Hash at Seq.
type Checkpoint struct {
	Seq       int64
	Hash      Hash
	Time      time.Time
	KeyID     string // KeyID of the signing key
	Signature []byte
}

// checkpointDomain separates checkpoint signatures from anything else the
// key could ever be asked to sign.
const checkpointDomain = "dancu audit checkpoint v1\n"

// message is the signed bytes: domain, seq, hash, time in Unix microseconds.
func (c Checkpoint) message() []byte {
	b := make([]byte, 0, len(checkpointDomain)+8+len(c.Hash)+8)
	b = append(b, checkpointDomain...)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Seq))
	b = append(b, c.Hash[:]...)
	return binary.BigEndian.AppendUint64(b, uint64(c.Time.UnixMicro()))
}

// Valid reports whether pub signed c.
func (c Checkpoint) Valid(pub ed25519.PublicKey) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, c.message(), c.Signature)
}

// KeyID names a public key: the first 16 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:16])
}

// Signer signs checkpoints.
type Signer struct {
	key ed25519.PrivateKey
	id  string
}

// NewSigner wraps a private key.
func NewSigner(key ed25519.PrivateKey) *Signer {
	return &Signer{key: key, id: KeyID(key.Public().(ed25519.PublicKey))}
}

// Public is the key verifiers need.
func (s *Signer) Public() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// KeyID names the signer's public key.
func (s *Signer) KeyID() string { return s.id }

// Sign makes the checkpoint of (seq, hash) at t.
func (s *Signer) Sign(seq int64, hash Hash, t time.Time) Checkpoint {
	c := Checkpoint{Seq: seq, Hash: hash, Time: t.UTC().Truncate(time.Microsecond), KeyID: s.id}
	c.Signature = ed25519.Sign(s.key, c.message())
	return c
}
