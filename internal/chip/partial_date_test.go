package chip_test

import (
	"strings"
	"testing"

	"dancu/internal/card"
	"dancu/internal/chip"
	"dancu/internal/pdate"
)

// TestPartialBirthDatesOnCardArtifacts protects the encoding of a legacy
// birth date known only to the year (or month and year) in every
// machine-read field of a card: the QR used to say "1942" where its layout
// wants 8 digits ddmmyyyy. Each artifact keeps its layout, marks the
// unknown parts (QR and DG13 "00", MRZ "<<"), invents no day, and reads
// back to the same partial date.
func TestPartialBirthDatesOnCardArtifacts(t *testing.T) {
	for _, tc := range []struct {
		birth     pdate.Date
		qr, dg13  string
		mrz, face string
	}{
		{pdate.Date{Year: 1942}, "00001942", "00/00/1942", "42<<<<", "1942"},
		{pdate.Date{Year: 1942, Month: 3}, "00031942", "00/03/1942", "4203<<", "03/1942"},
		{pdate.Full(1942, 3, 9), "09031942", "09/03/1942", "420309", "09/03/1942"},
	} {
		t.Run(tc.birth.String(), func(t *testing.T) {
			c := sampleCard(t)
			c.Number, c.BirthDate, c.ExpiryDate = "001042012345", tc.birth, pdate.Date{} // over 60: no expiry
			payload, err := card.BuildQRPayload(c)
			if err != nil {
				t.Fatal(err)
			}
			if f := strings.Split(payload, card.QRSeparator); len(f) != 7 || f[3] != tc.qr {
				t.Errorf("QR field 3 = %q, want %q (8 digits)", f[3], tc.qr)
			}
			if q, err := card.ParseQRPayload(payload); err != nil || q.BirthDate != tc.birth {
				t.Errorf("QR reads back %v, %v; want %v", q.BirthDate, err, tc.birth)
			}
			m, err := card.BuildMRZ(c)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(m[1], tc.mrz) {
				t.Errorf("MRZ line 2 = %s, want birth %s", m[1], tc.mrz)
			}
			if back, err := card.ParseMRZ(m.String()); err != nil || back.BirthDate != tc.birth {
				t.Errorf("MRZ reads back %v, %v (check digits must hold)", back.BirthDate, err)
			}
			d := chip.PersonalDataFromCard(c)
			if d.BirthDate != tc.dg13 {
				t.Errorf("DG13 field 3 = %q, want %q", d.BirthDate, tc.dg13)
			}
			b, err := d.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if back, err := chip.ParseDG13(b); err != nil || back.BirthDate != tc.dg13 {
				t.Errorf("DG13 reads back %q, %v", back.BirthDate, err)
			}
			// The face prints what is known, as the register shows it.
			if got := c.BirthDate.DDMMYYYY(); got != tc.face {
				t.Errorf("face = %q, want %q", got, tc.face)
			}
		})
	}
	// A day without a month is not a date.
	if _, err := card.ParseQRPayload("001042012345||Lê Văn Ba|09001942|Nam|Huế|01072024"); err == nil {
		t.Error("QR with a day but no month accepted")
	}
}
