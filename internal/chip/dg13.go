package chip

import (
	"encoding/asn1"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// PersonalData is the content of DG13, the Vietnamese personal data group
// (domain spec §4, §4.1):
//
//	6D { SEQUENCE { INTEGER 1, OID 1.0.10646.1.0.8,
//	     SET { SEQUENCE { INTEGER fieldNo, value }… } } }
//
// Absent fields are omitted. Text is as printed on the card (UTF8String);
// numbers and dd/mm/yyyy dates are PrintableString.
type PersonalData struct {
	Number           string // 1: 12-digit personal ID
	FullName         string // 2
	BirthDate        string // 3: dd/mm/yyyy, "00" for an unknown day or month (legacy records)
	Sex              string // 4: "Nam" / "Nữ"
	Nationality      string // 5
	Ethnicity        string // 6
	Religion         string // 7
	PlaceOfOrigin    string // 8: quê quán (2014), nơi đăng ký khai sinh (2023)
	Residence        string // 9
	IdentifyingMarks string // 10
	IssueDate        string // 11: dd/mm/yyyy
	ExpiryDate       string // 12: dd/mm/yyyy; absent for a card without expiry
	FatherName       string // 13, first element
	MotherName       string // 13, second element
	SpouseName       string // 14
	OtherDocument    string // 15: "giấy tờ khác", the old 9-digit CMND
	// Unknown holds fields this package does not interpret (16 and above,
	// whose meaning is unsettled, spec §13) as their DER value element, so
	// a parsed DG13 re-encodes unchanged.
	Unknown map[int][]byte
}

const dg13Version = 1

// oidUTF8 is ISO/IEC 10646 UTF-8 (1.0.10646.1.0.8), the character set the
// DG13 header declares.
var oidUTF8 = asn1.ObjectIdentifier{1, 0, 10646, 1, 0, 8}

// DG13 field numbers with a family-names SEQUENCE instead of a string.
const (
	fieldParents = 13
	fieldSpouse  = 14
)

type textField struct {
	no        int
	value     *string
	printable bool // digits and dates: PrintableString
}

// textFields lists the single-string fields of d in field order.
func (d *PersonalData) textFields() []textField {
	return []textField{
		{1, &d.Number, true}, {2, &d.FullName, false}, {3, &d.BirthDate, true},
		{4, &d.Sex, false}, {5, &d.Nationality, false}, {6, &d.Ethnicity, false},
		{7, &d.Religion, false}, {8, &d.PlaceOfOrigin, false}, {9, &d.Residence, false},
		{10, &d.IdentifyingMarks, false}, {11, &d.IssueDate, true}, {12, &d.ExpiryDate, true},
		{15, &d.OtherDocument, true},
	}
}

// Encode returns the DG13 file. Fields are written in field-number order,
// the order found on issued cards, rather than sorted by encoding as a
// strict DER SET OF would be; readers look fields up by number.
func (d PersonalData) Encode() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.Tag(dgTags[DG13]).Constructed(), func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(dg13Version)
			b.AddASN1ObjectIdentifier(oidUTF8)
			b.AddASN1(cbasn1.SET, d.addFields)
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("chip: DG13: %w", err)
	}
	return out, nil
}

func (d PersonalData) addFields(b *cryptobyte.Builder) {
	fields := map[int]cryptobyte.BuilderContinuation{}
	for no, raw := range d.Unknown {
		fields[no] = func(b *cryptobyte.Builder) { b.AddBytes(raw) }
	}
	for _, f := range d.textFields() {
		delete(fields, f.no) // an interpreted field never comes from Unknown
		if *f.value != "" {
			fields[f.no] = func(b *cryptobyte.Builder) { addString(b, *f.value, f.printable) }
		}
	}
	delete(fields, fieldParents)
	delete(fields, fieldSpouse)
	if d.FatherName != "" || d.MotherName != "" {
		fields[fieldParents] = addNames(d.FatherName, d.MotherName)
	}
	if d.SpouseName != "" {
		fields[fieldSpouse] = addNames(d.SpouseName)
	}
	for _, no := range slices.Sorted(maps.Keys(fields)) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(int64(no))
			fields[no](b)
		})
	}
}

func addNames(names ...string) cryptobyte.BuilderContinuation {
	return func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, n := range names {
				addString(b, n, false)
			}
		})
	}
}

func addString(b *cryptobyte.Builder, s string, printable bool) {
	tag := cbasn1.UTF8String
	if printable && isPrintableString(s) {
		tag = cbasn1.PrintableString
	}
	b.AddASN1(tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(s)) })
}

// isPrintableString reports whether s fits the ASN.1 PrintableString
// alphabet (X.680 §41.4).
func isPrintableString(s string) bool {
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == ' ' || r >= '\'' && r <= ')' || r >= '+' && r <= '/' || r == ':' || r == '=' || r == '?'
		if !ok {
			return false
		}
	}
	return true
}
