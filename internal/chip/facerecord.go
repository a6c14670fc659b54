package chip

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/color"
	"image/jpeg"
)

// An ISO/IEC 19794-5:2005 facial record holding one JPEG: a 14-byte record
// header, a 20-byte facial information block, no feature points, a 12-byte
// image information block, then the image. ICAO 9303 part 10 puts this
// record in DG2's biometric data block.

const (
	faceHeaderLen    = 14
	faceInfoLen      = 20
	faceImageInfoLen = 12
)

// Codes from ISO/IEC 19794-5 tables.
const (
	faceGenderUnspecified = 0x00
	faceGenderMale        = 0x01
	faceGenderFemale      = 0x02
	faceTypeFullFrontal   = 0x01
	faceDataJPEG          = 0x00
	faceColourRGB24       = 0x01
	faceColourGrey8       = 0x03
	// faceSourceDigitalCamera: the registration office captures the
	// photo with a digital still camera.
	faceSourceDigitalCamera = 0x02
)

// encodeFaceRecord wraps photo (a JPEG) in a facial record. It decodes the
// JPEG header for the width, height and colour space the record declares,
// so a photo that is not a JPEG is refused here rather than on a reader.
func encodeFaceRecord(photo []byte, gender byte) ([]byte, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(photo))
	if err != nil {
		return nil, fmt.Errorf("photo is not a readable JPEG: %w", err)
	}
	if cfg.Width > 0xFFFF || cfg.Height > 0xFFFF {
		return nil, fmt.Errorf("photo %d×%d exceeds the record's 65535-pixel limit", cfg.Width, cfg.Height)
	}
	colour := byte(faceColourRGB24)
	if cfg.ColorModel == color.GrayModel {
		colour = faceColourGrey8
	}
	faceDataLen := faceInfoLen + faceImageInfoLen + len(photo)
	out := make([]byte, 0, faceHeaderLen+faceDataLen)
	out = append(out, "FAC\x00010\x00"...)
	out = binary.BigEndian.AppendUint32(out, uint32(faceHeaderLen+faceDataLen))
	out = binary.BigEndian.AppendUint16(out, 1) // number of faces

	out = binary.BigEndian.AppendUint32(out, uint32(faceDataLen))
	out = binary.BigEndian.AppendUint16(out, 0) // feature points
	out = append(out, gender, 0, 0)             // gender, eye colour, hair colour unspecified
	out = append(out, 0, 0, 0)                  // feature mask
	out = append(out, 0, 0)                     // expression unspecified
	out = append(out, 0, 0, 0, 0, 0, 0)         // pose angles and uncertainties unspecified

	out = append(out, faceTypeFullFrontal, faceDataJPEG)
	out = binary.BigEndian.AppendUint16(out, uint16(cfg.Width))
	out = binary.BigEndian.AppendUint16(out, uint16(cfg.Height))
	out = append(out, colour, faceSourceDigitalCamera)
	out = append(out, 0, 0, 0, 0) // device type, quality unspecified
	return append(out, photo...), nil
}

// parseFaceRecord returns the image of a single-face record, checking the
// lengths it declares.
func parseFaceRecord(rec []byte) ([]byte, error) {
	const fixed = faceHeaderLen + faceInfoLen + faceImageInfoLen
	if len(rec) < fixed || string(rec[:8]) != "FAC\x00010\x00" {
		return nil, fmt.Errorf("not an ISO/IEC 19794-5 (FAC 010) facial record")
	}
	if n := binary.BigEndian.Uint32(rec[8:]); int64(n) != int64(len(rec)) {
		return nil, fmt.Errorf("facial record declares %d bytes, has %d", n, len(rec))
	}
	if faces := binary.BigEndian.Uint16(rec[12:]); faces != 1 {
		return nil, fmt.Errorf("facial record holds %d faces, want 1", faces)
	}
	info := rec[faceHeaderLen:]
	if points := binary.BigEndian.Uint16(info[4:]); points != 0 {
		return nil, fmt.Errorf("facial record has %d feature points; only 0 is supported", points)
	}
	return rec[fixed:], nil
}
