package chip

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// maxDG13Field bounds field numbers so a hostile file cannot make Unknown
// huge; issued cards use 1–16.
const maxDG13Field = 64

// ParseDG13 reads a DG13 file. It accepts UTF8String and PrintableString
// values, fields in any order, and keeps fields it does not interpret in
// Unknown.
func ParseDG13(b []byte) (PersonalData, error) {
	d, err := parseDG13(b)
	if err != nil {
		return PersonalData{}, fmt.Errorf("chip: DG13: %w", err)
	}
	return d, nil
}

func parseDG13(b []byte) (PersonalData, error) {
	in := cryptobyte.String(b)
	var file, seq, set cryptobyte.String
	var version int64
	var charset asn1.ObjectIdentifier
	if !in.ReadASN1(&file, cbasn1.Tag(dgTags[DG13]).Constructed()) || !in.Empty() {
		return PersonalData{}, errors.New("not one 6D element")
	}
	if !file.ReadASN1(&seq, cbasn1.SEQUENCE) || !file.Empty() {
		return PersonalData{}, errors.New("6D does not hold one SEQUENCE")
	}
	if !seq.ReadASN1Integer(&version) || !seq.ReadASN1ObjectIdentifier(&charset) ||
		!seq.ReadASN1(&set, cbasn1.SET) || !seq.Empty() {
		return PersonalData{}, errors.New("want SEQUENCE { INTEGER, OID, SET }")
	}
	if version != dg13Version {
		return PersonalData{}, fmt.Errorf("version %d, want %d", version, dg13Version)
	}
	if !charset.Equal(oidUTF8) {
		return PersonalData{}, fmt.Errorf("character set %s, want %s", charset, oidUTF8)
	}
	return parseDG13Fields(set)
}

func parseDG13Fields(set cryptobyte.String) (PersonalData, error) {
	var d PersonalData
	text := map[int]*string{}
	for _, f := range d.textFields() {
		text[f.no] = f.value
	}
	seen := map[int]bool{}
	for !set.Empty() {
		var field, value cryptobyte.String
		var no int
		if !set.ReadASN1(&field, cbasn1.SEQUENCE) || !field.ReadASN1Integer(&no) ||
			!field.ReadAnyASN1Element(&value, new(cbasn1.Tag)) || !field.Empty() {
			return PersonalData{}, errors.New("field is not SEQUENCE { INTEGER, value }")
		}
		if no < 1 || no > maxDG13Field {
			return PersonalData{}, fmt.Errorf("field number %d out of range 1..%d", no, maxDG13Field)
		}
		if seen[no] {
			return PersonalData{}, fmt.Errorf("field %d appears twice", no)
		}
		seen[no] = true
		if err := d.setField(no, value, text); err != nil {
			return PersonalData{}, fmt.Errorf("field %d: %w", no, err)
		}
	}
	return d, nil
}

func (d *PersonalData) setField(no int, value cryptobyte.String, text map[int]*string) error {
	var err error
	switch {
	case text[no] != nil:
		*text[no], err = readString(&value)
	case no == fieldParents:
		var names []string
		if names, err = readNames(value, 2); err == nil {
			d.FatherName, d.MotherName = names[0], names[1]
		}
	case no == fieldSpouse:
		var names []string
		if names, err = readNames(value, 1); err == nil {
			d.SpouseName = names[0]
		}
	default:
		if d.Unknown == nil {
			d.Unknown = map[int][]byte{}
		}
		d.Unknown[no] = append([]byte(nil), value...)
	}
	return err
}

// readNames reads a SEQUENCE of up to max strings, padding with "".
func readNames(value cryptobyte.String, max int) ([]string, error) {
	var seq cryptobyte.String
	if !value.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, errors.New("want a SEQUENCE of names")
	}
	names := make([]string, 0, max)
	for !seq.Empty() {
		if len(names) == max {
			return nil, fmt.Errorf("more than %d names", max)
		}
		s, err := readString(&seq)
		if err != nil {
			return nil, err
		}
		names = append(names, s)
	}
	for len(names) < max {
		names = append(names, "")
	}
	return names, nil
}

// readString reads one UTF8String or PrintableString.
func readString(in *cryptobyte.String) (string, error) {
	var s cryptobyte.String
	var tag cbasn1.Tag
	if !in.ReadAnyASN1(&s, &tag) {
		return "", errors.New("malformed string element")
	}
	switch {
	case tag == cbasn1.UTF8String && utf8.Valid(s):
	case tag == cbasn1.PrintableString && isPrintableString(string(s)):
	default:
		return "", fmt.Errorf("want UTF8String or PrintableString, got tag %d with invalid or other content", tag)
	}
	return string(s), nil
}
