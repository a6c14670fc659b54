package card

import (
	"fmt"

	"dancu/internal/pdate"
)

// Partial birth dates on a card (docs/ARCHITECTURE.md, "Partial birth
// dates on the card").
//
// The law wants a full date of birth on the card (Luật Căn cước 2023
// Điều 18; Luật CCCD 2014 Điều 18), and a missing day or month is completed
// only by bổ sung hộ tịch on documents or the holder's sworn statement
// (Thông tư 04/2020/TT-BTP Điều 18, amended by Thông tư 04/2024/TT-BTP).
// Legacy records with a year (or month and year) only still hold cards, so
// the card must say what is known and never invent the rest:
//
//   - the face prints what is known, as the register shows it: "1942",
//     "03/1942" (pdate.Date.DDMMYYYY);
//   - the machine-read fields keep their fixed layout and write an unknown
//     part as zeros: QR field 3 is always 8 digits ddmmyyyy ("00001942",
//     "00031942") and DG13 field 3 always dd/mm/yyyy ("00/00/1942"), so a
//     reader that splits by position still finds the year where it looks
//     for it, and "00" cannot be taken for a real day or month;
//   - the MRZ writes an unknown part as "<<" (ICAO 9303-3, unknown date
//     parts), which its check digits count as zeros.

// FixedDate writes d as day, month and year with sep between them, an
// unknown day or month as "00": "15/05/2001", "00/03/1942", "00/00/1942"
// with sep "/", "00001942" with sep "". The zero date is "".
func FixedDate(d pdate.Date, sep string) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d%s%02d%s%04d", d.Day, sep, d.Month, sep, d.Year)
}
