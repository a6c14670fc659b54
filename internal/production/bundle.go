package production

import (
	"encoding/json"
	"fmt"

	"dancu/internal/card"
	"dancu/internal/chip"
)

// Bundle is what production seals in the blob store for one card: the
// printed data (with the photo) and the signed chip image. The MRZ, QR
// code and face are re-drawn from Card on export, byte for byte the same;
// the chip image is kept because its signature cannot be re-made.
type Bundle struct {
	Card card.Card         `json:"card"`
	Chip map[string][]byte `json:"chip"` // EF.COM, DG*.bin, EF.SOD
}

// Encode serialises a bundle for the blob store.
func (b Bundle) Encode() ([]byte, error) { return json.Marshal(b) }

// DecodeBundle reads a sealed bundle back.
func DecodeBundle(data []byte) (Bundle, error) {
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return b, fmt.Errorf("decode card bundle: %w", err)
	}
	if b.Card.Number == "" || len(b.Chip[chip.FileSOD]) == 0 {
		return b, fmt.Errorf("decode card bundle: card number or EF.SOD missing")
	}
	return b, nil
}

// Export re-draws the printed artifacts of a bundle and returns every file
// `dancu card export` writes, the chip image as it was signed.
func (b Bundle) Export() (map[string][]byte, error) {
	img, err := chip.ImageFromFiles(b.Chip)
	if err != nil {
		return nil, fmt.Errorf("card %s: %w", b.Card.Number, err)
	}
	a, err := draw(b.Card)
	if err != nil {
		return nil, err
	}
	a.Chip = img
	files := a.Files()
	if files["card.pdf"], err = a.PDF(); err != nil {
		return nil, err
	}
	return files, nil
}
