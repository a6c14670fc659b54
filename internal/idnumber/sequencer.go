package idnumber

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrBlockExhausted is returned when all 999,999 serials of a block have been
// issued (n >= 999,999). It is returned unwrapped: bulk imports may hit it in
// a tight loop, and the caller already knows the block.
var ErrBlockExhausted = errors.New("idnumber: block exhausted: all 999999 serials issued")

// MinKeyLen is the shortest key NewSequencer accepts.
const MinKeyLen = 16

// derivationLabel versions the algorithm. The permutation, this label and the
// key are permanent: changing any of them reorders serials, and numbers
// issued afterwards would collide with numbers already issued.
const derivationLabel = "dancu/idnumber/serial-permutation/v1"

// Sequencer issues serials as a keyed permutation of each block. The n-th
// number issued in block b (n counting from 0) is Number(b, n); the registry
// stores only the next n for each block and increments it in the same
// transaction that stores the number. A Sequencer is immutable and safe for
// concurrent use.
//
// Numbers that entered the registry from outside (legacy imports) may
// already occupy serials the permutation will produce later. The registry's
// uniqueness constraint must stay, and on conflict it should advance n and
// take the next serial.
type Sequencer struct {
	// master = HMAC-SHA256(key, derivationLabel). Per-block round keys are
	// SHA-256(master || block): a fixed-length input under a secret prefix,
	// so the length-extension weakness of plain SHA-256 does not apply, and
	// it costs one SHA-256 block with no allocation and no HMAC state.
	master [sha256.Size]byte
}

// NewSequencer returns a Sequencer for a secret key of at least MinKeyLen
// bytes. It panics on a shorter key: that is a deployment error that must
// stop start-up, not be discovered after numbers were issued with a weak key.
func NewSequencer(key []byte) *Sequencer {
	if len(key) < MinKeyLen {
		panic(fmt.Sprintf("idnumber: sequencer key is %d bytes, need at least %d", len(key), MinKeyLen))
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(derivationLabel))
	s := &Sequencer{}
	m.Sum(s.master[:0])
	return s
}

// BlockSequencer is a Sequencer bound to one block, with its round keys
// derived once. Use it for bulk assignment in a single block.
type BlockSequencer struct {
	block string
	keys  roundKeys
}

// Block derives the permutation of one block "PPPGYY" (6 ASCII digits).
func (s *Sequencer) Block(block string) (BlockSequencer, error) {
	if len(block) != 6 || !allDigits(block) {
		return BlockSequencer{}, fmt.Errorf("idnumber: block %q: %w: want 6 ASCII digits PPPGYY", block, ErrFormat)
	}
	var in [sha256.Size + 6]byte
	copy(in[:], s.master[:])
	copy(in[sha256.Size:], block)
	sum := sha256.Sum256(in[:])
	b := BlockSequencer{block: block}
	for i := range b.keys {
		w := binary.LittleEndian.Uint64(sum[8*(i%4):])
		// Rounds i and i+4 share a SHA-256 word; mixing in the round number
		// makes their keys unrelated.
		b.keys[i] = mix64(w ^ uint64(i+1)*0x9e3779b97f4a7c15)
	}
	return b, nil
}

// Serial returns the n-th serial of block, n in [0, 999999), as 6 digits
// 000001..999999. For n >= 999999 it returns ErrBlockExhausted.
func (s *Sequencer) Serial(block string, n uint32) (string, error) {
	if n >= serialCount {
		return "", ErrBlockExhausted
	}
	b, err := s.Block(block)
	if err != nil {
		return "", err
	}
	return b.Serial(n)
}

// Number returns block followed by Serial(block, n): the full 12-digit number.
func (s *Sequencer) Number(block string, n uint32) (string, error) {
	if n >= serialCount {
		return "", ErrBlockExhausted
	}
	b, err := s.Block(block)
	if err != nil {
		return "", err
	}
	return b.Number(n)
}

// Index returns the n for which Number(block, n) has the given serial: the
// inverse of Serial. It tells whether a serial is already "used up" by the
// counter (n < next) and supports audits.
func (s *Sequencer) Index(block, serial string) (uint32, error) {
	b, err := s.Block(block)
	if err != nil {
		return 0, err
	}
	return b.Index(serial)
}

// BlockID returns the block "PPPGYY" this sequencer draws from.
func (b BlockSequencer) BlockID() string { return b.block }

// Serial returns the n-th serial of the block; see Sequencer.Serial.
func (b BlockSequencer) Serial(n uint32) (string, error) {
	if n >= serialCount {
		return "", ErrBlockExhausted
	}
	var out [6]byte
	putSerial(out[:], b.keys.permute(n)+1)
	return string(out[:]), nil
}

// Number returns the block followed by the n-th serial.
func (b BlockSequencer) Number(n uint32) (string, error) {
	if n >= serialCount {
		return "", ErrBlockExhausted
	}
	var out [Len]byte
	copy(out[:], b.block)
	putSerial(out[6:], b.keys.permute(n)+1)
	return string(out[:]), nil
}

// Index is the inverse of Serial: the n that yields serial.
func (b BlockSequencer) Index(serial string) (uint32, error) {
	if len(serial) != 6 || !allDigits(serial) {
		return 0, fmt.Errorf("idnumber: serial: %w: want 6 ASCII digits", ErrFormat)
	}
	v := uint32(0)
	for i := 0; i < 6; i++ {
		v = v*10 + uint32(serial[i]-'0')
	}
	if v == 0 {
		return 0, fmt.Errorf("idnumber: %w: serial 000000 is never issued", ErrFormat)
	}
	return b.keys.unpermute(v - 1), nil
}

// putSerial writes v (1..999999) as 6 zero-padded digits.
func putSerial(dst []byte, v uint32) {
	for i := 5; i >= 0; i-- {
		dst[i] = byte('0' + v%10)
		v /= 10
	}
}
