package chip

import (
	"errors"
	"fmt"

	"dancu/internal/person"
)

// DG2 per ICAO 9303 part 10 §4.7.2: a biometric information group template
// with one biometric information template, whose header names the format
// (ISO/IEC JTC 1 SC 37, face image) and whose data block is the facial
// record.
//
//	75 { 7F61 { 02 count=1, 7F60 { A1 {80 81 87 88}, 5F2E record } } }

const (
	tagBioGroup    = 0x7F61
	tagBioCount    = 0x02
	tagBioInfo     = 0x7F60
	tagBioHeader   = 0xA1
	tagBioData     = 0x5F2E
	tagHdrVersion  = 0x80
	tagHdrType     = 0x81
	tagFormatOwner = 0x87
	tagFormatType  = 0x88
)

// EncodeDG2 builds DG2 around photo (a JPEG).
func EncodeDG2(photo []byte, sex person.Sex) ([]byte, error) {
	gender := byte(faceGenderUnspecified)
	switch sex {
	case person.Male:
		gender = faceGenderMale
	case person.Female:
		gender = faceGenderFemale
	}
	record, err := encodeFaceRecord(photo, gender)
	if err != nil {
		return nil, fmt.Errorf("chip: DG2: %w", err)
	}
	var header []byte
	header = appendTLV(header, tagHdrVersion, []byte{0x01, 0x01})  // header version 1.1
	header = appendTLV(header, tagHdrType, []byte{0x02})           // facial features
	header = appendTLV(header, tagFormatOwner, []byte{0x01, 0x01}) // ISO/IEC JTC 1 SC 37
	header = appendTLV(header, tagFormatType, []byte{0x00, 0x08})  // face image (19794-5)
	info := appendTLV(nil, tagBioHeader, header)
	info = appendTLV(info, tagBioData, record)
	group := appendTLV(nil, tagBioCount, []byte{1})
	group = appendTLV(group, tagBioInfo, info)
	return appendTLV(nil, dgTags[DG2], appendTLV(nil, tagBioGroup, group)), nil
}

// ParseDG2 returns the JPEG stored in a single-face DG2.
func ParseDG2(b []byte) ([]byte, error) {
	body, err := readFile(b, dgTags[DG2], "DG2")
	if err != nil {
		return nil, err
	}
	photo, err := parseDG2(body)
	if err != nil {
		return nil, fmt.Errorf("chip: DG2: %w", err)
	}
	return photo, nil
}

func parseDG2(body []byte) ([]byte, error) {
	group, err := expectOnly(body, tagBioGroup)
	if err != nil {
		return nil, err
	}
	tag, count, rest, err := readTLV(group)
	if err != nil || tag != tagBioCount || len(count) != 1 || count[0] != 1 {
		return nil, errors.New("want an instance count of 1")
	}
	info, err := expectOnly(rest, tagBioInfo)
	if err != nil {
		return nil, err
	}
	tag, _, rest, err = readTLV(info)
	if err != nil || tag != tagBioHeader {
		return nil, errors.New("missing biometric header template (A1)")
	}
	record, err := expectOnly(rest, tagBioData)
	if err != nil {
		return nil, err
	}
	return parseFaceRecord(record)
}

// expectOnly reads the single TLV b must consist of.
func expectOnly(b []byte, want uint16) ([]byte, error) {
	tag, value, rest, err := readTLV(b)
	if err != nil {
		return nil, err
	}
	if tag != want || len(rest) != 0 {
		return nil, fmt.Errorf("want one element %X, got %X and %d more bytes", want, tag, len(rest))
	}
	return value, nil
}
