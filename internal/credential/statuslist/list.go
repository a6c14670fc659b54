// Package statuslist is the IETF OAuth Token Status List
// (draft-ietf-oauth-status-list): a bit array, one entry per credential,
// compressed with DEFLATE in the ZLIB format and published in a signed
// JWT (typ statuslist+jwt). A credential names its list and index in its
// "status" claim; a verifier fetches the list and reads the entry.
package statuslist

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	"dancu/internal/credential/jose"
)

// Status values of the draft (§7.1).
const (
	Valid     byte = 0x00
	Invalid   byte = 0x01 // revoked, for good
	Suspended byte = 0x02
)

// Bits is the entry size dancu publishes: 2 bits allow Suspended.
const Bits = 2

// MaxEntries bounds a decoded list (4 M credentials at 2 bits = 1 MiB),
// so a hostile list cannot make a verifier allocate without end.
const MaxEntries = 1 << 22

// List is a status list of 1, 2, 4 or 8 bits per entry.
type List struct {
	bits int
	data []byte
}

// New makes a list of at least size entries, all Valid.
func New(bits, size int) (*List, error) {
	if bits != 1 && bits != 2 && bits != 4 && bits != 8 {
		return nil, fmt.Errorf("statuslist: %d bits per entry, want 1, 2, 4 or 8", bits)
	}
	if size < 0 || size > MaxEntries {
		return nil, fmt.Errorf("statuslist: %d entries, at most %d", size, MaxEntries)
	}
	perByte := 8 / bits
	return &List{bits: bits, data: make([]byte, (size+perByte-1)/perByte)}, nil
}

// Len is the number of entries the list holds.
func (l *List) Len() int { return len(l.data) * 8 / l.bits }

// Set stores status at idx; the least significant bits of each byte hold
// the lowest index (draft §4.1).
func (l *List) Set(idx int, status byte) error {
	if idx < 0 || idx >= l.Len() || int(status) >= 1<<l.bits {
		return fmt.Errorf("statuslist: entry %d = %d outside a %d-entry list of %d bits", idx, status, l.Len(), l.bits)
	}
	shift := uint(idx%(8/l.bits)) * uint(l.bits)
	mask := byte(1<<l.bits-1) << shift
	i := idx / (8 / l.bits)
	l.data[i] = l.data[i]&^mask | status<<shift
	return nil
}

// Get reads the status at idx.
func (l *List) Get(idx int) (byte, error) {
	if idx < 0 || idx >= l.Len() {
		return 0, fmt.Errorf("statuslist: index %d outside a %d-entry list", idx, l.Len())
	}
	shift := uint(idx%(8/l.bits)) * uint(l.bits)
	return l.data[idx/(8/l.bits)] >> shift & byte(1<<l.bits-1), nil
}

// Encoded is the list as it travels: {"bits": n, "lst": base64url(zlib)}.
type Encoded struct {
	Bits int    `json:"bits"`
	Lst  string `json:"lst"`
}

// Encode compresses the list.
func (l *List) Encode() (Encoded, error) {
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if err != nil {
		return Encoded{}, err
	}
	if _, err := w.Write(l.data); err != nil {
		return Encoded{}, fmt.Errorf("statuslist: compress: %w", err)
	}
	if err := w.Close(); err != nil {
		return Encoded{}, fmt.Errorf("statuslist: compress: %w", err)
	}
	return Encoded{Bits: l.bits, Lst: jose.B64.EncodeToString(buf.Bytes())}, nil
}

// Decode reads an encoded list, refusing one that inflates past
// MaxEntries.
func Decode(e Encoded) (*List, error) {
	l, err := New(e.Bits, 0)
	if err != nil {
		return nil, err
	}
	raw, err := jose.B64.DecodeString(e.Lst)
	if err != nil {
		return nil, fmt.Errorf("statuslist: lst is not base64url: %w", err)
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("statuslist: lst is not ZLIB: %w", err)
	}
	limit := int64(MaxEntries * e.Bits / 8)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("statuslist: inflate: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, errors.New("statuslist: list larger than the limit")
	}
	l.data = data
	return l, nil
}
