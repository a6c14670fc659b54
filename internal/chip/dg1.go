package chip

import (
	"fmt"
	"strings"
)

// DG1 holds the MRZ exactly as printed: tag 0x61 → 0x5F1F → the three TD1
// lines concatenated without separators (90 characters).

const tagMRZ = 0x5F1F

// td1Line is the length of one TD1 MRZ line (ICAO 9303 part 5).
const td1Line = 30

// EncodeDG1 builds DG1 from the three TD1 lines.
func EncodeDG1(mrz [3]string) ([]byte, error) {
	if err := checkTD1(mrz); err != nil {
		return nil, fmt.Errorf("chip: DG1: %w", err)
	}
	data := mrz[0] + mrz[1] + mrz[2]
	return appendTLV(nil, dgTags[DG1], appendTLV(nil, tagMRZ, []byte(data))), nil
}

// ParseDG1 returns the three TD1 lines stored in DG1.
func ParseDG1(b []byte) ([3]string, error) {
	body, err := readFile(b, dgTags[DG1], "DG1")
	if err != nil {
		return [3]string{}, err
	}
	tag, value, rest, err := readTLV(body)
	if err != nil {
		return [3]string{}, fmt.Errorf("chip: DG1: %w", err)
	}
	if tag != tagMRZ || len(rest) != 0 {
		return [3]string{}, fmt.Errorf("chip: DG1: want one MRZ element (5F1F), got tag %X and %d more bytes", tag, len(rest))
	}
	if len(value) != 3*td1Line {
		return [3]string{}, fmt.Errorf("chip: DG1: MRZ has %d characters, want %d (TD1)", len(value), 3*td1Line)
	}
	s := string(value)
	mrz := [3]string{s[:td1Line], s[td1Line : 2*td1Line], s[2*td1Line:]}
	if err := checkTD1(mrz); err != nil {
		return [3]string{}, fmt.Errorf("chip: DG1: %w", err)
	}
	return mrz, nil
}

// checkTD1 accepts three 30-character lines of the MRZ alphabet (A–Z, 0–9,
// '<'). Check digits are the card package's business; a wrong one would be
// printed on the card as well.
func checkTD1(mrz [3]string) error {
	for i, line := range mrz {
		if len(line) != td1Line {
			return fmt.Errorf("MRZ line %d has %d characters, want %d", i+1, len(line), td1Line)
		}
		if j := strings.IndexFunc(line, notMRZChar); j >= 0 {
			return fmt.Errorf("MRZ line %d position %d: %q is not an MRZ character", i+1, j+1, line[j])
		}
	}
	return nil
}

func notMRZChar(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '<')
}
