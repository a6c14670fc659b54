package pki

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// SealedStore encrypts every blob with AES-256-GCM before handing it to
// the underlying KeyStore. The blob's name is authenticated data, so a
// sealed blob copied under another name (the old DS key over the new one,
// say) fails to open.
type SealedStore struct {
	store KeyStore
	aead  cipher.AEAD
}

// Blob names the sealed store keeps for itself.
const (
	kdfBlob   = "kdf.json"   // salt and argon2id parameters, not secret
	checkBlob = "passphrase" // a sealed constant that tells a wrong passphrase from tampering
)

var checkValue = []byte("dancu pki passphrase check v1")

const sealedFormat = 1 // first byte of every sealed blob

var (
	// ErrWrongPassphrase: the passphrase does not open this key store.
	ErrWrongPassphrase = errors.New("pki: wrong passphrase for the key store")
	// ErrTampered: a sealed blob failed authentication although the
	// passphrase is right.
	ErrTampered = errors.New("pki: sealed blob was altered or moved")
)

// CreateSealed initialises a sealed store on store: a fresh salt, the KDF
// parameters and the passphrase check. It refuses a store that is already
// initialised, so a second Init cannot orphan existing keys.
func CreateSealed(store KeyStore, passphrase []byte, params KDFParams) (*SealedStore, error) {
	if len(passphrase) < minPassphrase {
		return nil, fmt.Errorf("pki: passphrase shorter than %d bytes", minPassphrase)
	}
	switch _, err := store.Get(kdfBlob); {
	case err == nil:
		return nil, errors.New("pki: key store already initialised")
	case !errors.Is(err, ErrNotFound):
		return nil, err
	}
	params.Salt = make([]byte, saltSize)
	if _, err := rand.Read(params.Salt); err != nil {
		return nil, fmt.Errorf("pki: salt: %w", err)
	}
	encoded, err := params.encode()
	if err != nil {
		return nil, err
	}
	if err := store.Put(kdfBlob, encoded); err != nil {
		return nil, err
	}
	s, err := newSealed(store, passphrase, params)
	if err != nil {
		return nil, err
	}
	return s, s.Put(checkBlob, checkValue)
}

// OpenSealed opens an initialised sealed store; ErrWrongPassphrase when
// the passphrase does not match.
func OpenSealed(store KeyStore, passphrase []byte) (*SealedStore, error) {
	encoded, err := store.Get(kdfBlob)
	if err != nil {
		return nil, fmt.Errorf("pki: key store not initialised: %w", err)
	}
	params, err := decodeKDFParams(encoded)
	if err != nil {
		return nil, err
	}
	s, err := newSealed(store, passphrase, params)
	if err != nil {
		return nil, err
	}
	// An altered check blob also reads as a wrong passphrase: the two
	// cannot be told apart, and both mean the keys must not be used.
	if _, err := s.Get(checkBlob); errors.Is(err, ErrTampered) {
		return nil, ErrWrongPassphrase
	} else if err != nil {
		return nil, err
	}
	return s, nil
}

func newSealed(store KeyStore, passphrase []byte, params KDFParams) (*SealedStore, error) {
	key := params.deriveKey(passphrase)
	block, err := aes.NewCipher(key)
	clear(key)
	if err != nil {
		return nil, fmt.Errorf("pki: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("pki: %w", err)
	}
	return &SealedStore{store: store, aead: aead}, nil
}

// Put seals blob under name: format byte, random 96-bit nonce, ciphertext.
func (s *SealedStore) Put(name string, blob []byte) error {
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+len(blob)+s.aead.Overhead())
	out[0] = sealedFormat
	if _, err := rand.Read(out[1:]); err != nil {
		return fmt.Errorf("pki: nonce: %w", err)
	}
	out = s.aead.Seal(out, out[1:], blob, additionalData(name))
	return s.store.Put(name, out)
}

// Get opens the blob name.
func (s *SealedStore) Get(name string) ([]byte, error) {
	sealed, err := s.store.Get(name)
	if err != nil {
		return nil, err
	}
	n := 1 + s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() || sealed[0] != sealedFormat {
		return nil, fmt.Errorf("%w: %s is not a sealed blob", ErrTampered, name)
	}
	blob, err := s.aead.Open(nil, sealed[1:n], sealed[n:], additionalData(name))
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrTampered, name)
	}
	return blob, nil
}

func additionalData(name string) []byte {
	return []byte("dancu-pki-v1/" + name)
}
