package chip

import (
	"fmt"
	"slices"
)

// EF.COM declares the LDS and Unicode versions and lists the data groups
// present (ICAO 9303 part 10 §4.6.1). It is not covered by the SOD, so a
// reader must treat it as a hint; the verifier cross-checks it.

// LDS 1.7 and Unicode 4.0.0, the values ICAO 9303 (8th edition) prescribes.
const (
	ldsVersion     = "0107"
	unicodeVersion = "040000"
)

const (
	tagLDSVersion     = 0x5F01
	tagUnicodeVersion = 0x5F36
	tagTagList        = 0x5C
)

// COM is the content of EF.COM.
type COM struct {
	LDSVersion     string // "0107" = LDS 1.7
	UnicodeVersion string // "040000" = Unicode 4.0.0
	DataGroups     []int  // in the order listed
}

// EncodeCOM builds EF.COM listing the given data groups (ascending).
func EncodeCOM(groups []int) ([]byte, error) {
	groups = slices.Sorted(slices.Values(groups))
	tags := make([]byte, 0, len(groups))
	for _, n := range groups {
		tag, err := DGTag(n)
		if err != nil {
			return nil, fmt.Errorf("chip: EF.COM: %w", err)
		}
		tags = append(tags, byte(tag))
	}
	var body []byte
	body = appendTLV(body, tagLDSVersion, []byte(ldsVersion))
	body = appendTLV(body, tagUnicodeVersion, []byte(unicodeVersion))
	body = appendTLV(body, tagTagList, tags)
	return appendTLV(nil, tagCOM, body), nil
}

// ParseCOM reads EF.COM. All three elements are required.
func ParseCOM(b []byte) (COM, error) {
	body, err := readFile(b, tagCOM, "EF.COM")
	if err != nil {
		return COM{}, err
	}
	var c COM
	var seen [3]bool
	for len(body) > 0 {
		tag, value, rest, err := readTLV(body)
		if err != nil {
			return COM{}, fmt.Errorf("chip: EF.COM: %w", err)
		}
		body = rest
		switch tag {
		case tagLDSVersion:
			c.LDSVersion, seen[0] = string(value), true
		case tagUnicodeVersion:
			c.UnicodeVersion, seen[1] = string(value), true
		case tagTagList:
			if c.DataGroups, err = parseTagList(value); err != nil {
				return COM{}, err
			}
			seen[2] = true
		default:
			return COM{}, fmt.Errorf("chip: EF.COM: unexpected tag %X", tag)
		}
	}
	if !seen[0] || !seen[1] || !seen[2] {
		return COM{}, fmt.Errorf("chip: EF.COM: missing LDS version, Unicode version or tag list")
	}
	return c, nil
}

func parseTagList(tags []byte) ([]int, error) {
	groups := make([]int, 0, len(tags))
	for _, t := range tags {
		n, ok := dgForTag(uint16(t))
		if !ok {
			return nil, fmt.Errorf("chip: EF.COM: tag list entry %02X is no data group", t)
		}
		groups = append(groups, n)
	}
	return groups, nil
}
