package procedure

import (
	"strings"

	"dancu/internal/apperr"
)

// feeFor is the fee of a new dossier: the schedule's amount for the
// channel, or zero with the exemption named when the applicant invokes one
// of the kind's grounds.
func feeFor(info Info, ch Channel, exemption string) (Fee, error) {
	exemption = strings.TrimSpace(exemption)
	amount := info.Fees.Direct
	if ch == Online {
		amount = info.Fees.Online
	}
	if exemption == "" {
		return Fee{Amount: amount, Basis: info.Fees.Basis}, nil
	}
	for _, e := range info.Fees.Exemptions {
		if e == exemption {
			return Fee{Amount: 0, Basis: info.Fees.Basis, Exemption: exemption}, nil
		}
	}
	if amount == 0 {
		return Fee{Basis: info.Fees.Basis}, nil // free anyway; nothing to exempt
	}
	return Fee{}, apperr.WithFields("invalid fee exemption", apperr.FieldError{Field: "fee_exemption",
		Reason: "not a ground of exemption of " + info.Code + " (" + strings.Join(info.Fees.Exemptions, ", ") + ")"})
}
