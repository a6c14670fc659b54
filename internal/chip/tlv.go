package chip

import (
	"errors"
	"fmt"
)

// ICAO LDS files are BER-TLV with tags of one or two bytes (5F1F, 7F61…).
// cryptobyte only handles single-byte tags, hence this small codec. Lengths
// are written in the minimal definite form (DER), as ICAO requires.

// errTruncated is returned when a length or value runs past the input.
var errTruncated = errors.New("truncated TLV")

// appendTLV appends tag, length and value to dst. tag is one byte (<= 0xFF)
// or two bytes (0x5F1F).
func appendTLV(dst []byte, tag uint16, value []byte) []byte {
	if tag > 0xFF {
		dst = append(dst, byte(tag>>8))
	}
	dst = append(dst, byte(tag))
	dst = appendLength(dst, len(value))
	return append(dst, value...)
}

func appendLength(dst []byte, n int) []byte {
	switch {
	case n < 0x80:
		return append(dst, byte(n))
	case n <= 0xFF:
		return append(dst, 0x81, byte(n))
	case n <= 0xFFFF:
		return append(dst, 0x82, byte(n>>8), byte(n))
	default:
		return append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
}

// readTLV splits the first TLV off b. It accepts tags of up to two bytes and
// definite lengths of up to three length bytes (16 MiB), which covers every
// file on an ID card.
func readTLV(b []byte) (tag uint16, value, rest []byte, err error) {
	if len(b) < 2 {
		return 0, nil, nil, errTruncated
	}
	tag, b = uint16(b[0]), b[1:]
	if tag&0x1F == 0x1F { // high tag number: one more byte
		if b[0]&0x80 != 0 {
			return 0, nil, nil, fmt.Errorf("tag %02X%02X longer than two bytes", tag, b[0])
		}
		tag, b = tag<<8|uint16(b[0]), b[1:]
	}
	n, b, err := readLength(b)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("tag %X: %w", tag, err)
	}
	if n > len(b) {
		return 0, nil, nil, fmt.Errorf("tag %X: length %d exceeds %d remaining bytes: %w", tag, n, len(b), errTruncated)
	}
	return tag, b[:n], b[n:], nil
}

func readLength(b []byte) (int, []byte, error) {
	if len(b) == 0 {
		return 0, nil, errTruncated
	}
	first := b[0]
	if first < 0x80 {
		return int(first), b[1:], nil
	}
	size := int(first & 0x7F)
	if size == 0 || size > 3 {
		return 0, nil, fmt.Errorf("unsupported length form %02X", first)
	}
	if len(b) < 1+size {
		return 0, nil, errTruncated
	}
	n := 0
	for _, c := range b[1 : 1+size] {
		n = n<<8 | int(c)
	}
	return n, b[1+size:], nil
}

// readFile parses a whole LDS file: exactly one TLV with the wanted tag and
// nothing after it.
func readFile(b []byte, want uint16, name string) ([]byte, error) {
	tag, value, rest, err := readTLV(b)
	if err != nil {
		return nil, fmt.Errorf("chip: %s: %w", name, err)
	}
	if tag != want {
		return nil, fmt.Errorf("chip: %s: tag %X, want %X", name, tag, want)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("chip: %s: %d bytes after the file's TLV", name, len(rest))
	}
	return value, nil
}
