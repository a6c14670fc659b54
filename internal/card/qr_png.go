package card

import "dancu/internal/qrimage"

// QRPNG renders the card's QR payload as a square PNG of exactly sizePx
// pixels at error correction level M, a common choice for printed IDs;
// the card's layout is fixed by the spec (qrimage draws it).
func QRPNG(payload string, sizePx int) ([]byte, error) {
	return qrimage.PNG(payload, sizePx, qrimage.LevelM)
}
