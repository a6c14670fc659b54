package chip

import "fmt"

// Data group numbers this package writes. A căn cước chip also carries
// DG3/DG4 (fingerprints, iris; EAC-protected) and DG14/DG15, which card
// production adds elsewhere; the SOD, parsers and verifier handle any DG.
const (
	DG1  = 1  // MRZ
	DG2  = 2  // encoded face
	DG13 = 13 // Vietnamese personal data (issuer-defined)
)

// Tags of the files (ICAO 9303 part 10, table of LDS data elements).
const (
	tagCOM = 0x60
	tagSOD = 0x77
)

// dgTags maps a data group number to the tag its file starts with.
var dgTags = [...]uint16{
	1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
	9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
}

// DGTag returns the file tag of data group n (1–16).
func DGTag(n int) (uint16, error) {
	if n < 1 || n >= len(dgTags) {
		return 0, fmt.Errorf("chip: no data group %d (1–16)", n)
	}
	return dgTags[n], nil
}

// dgForTag is the reverse of DGTag; ok is false for a tag that is no DG.
func dgForTag(tag uint16) (n int, ok bool) {
	for n, t := range dgTags {
		if n > 0 && t == tag {
			return n, true
		}
	}
	return 0, false
}
