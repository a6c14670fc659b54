package credential

import (
	"context"

	"dancu/internal/production"
)

// CardPhotos reads the portrait from the card's sealed production bundle:
// the photo printed on the card and signed into its chip.
type CardPhotos struct {
	Chips interface {
		ChipOf(ctx context.Context, number string) (production.ChipRecord, error)
	}
	Blobs BlobStore
}

// Photo implements Photos.
func (p CardPhotos) Photo(ctx context.Context, number string) ([]byte, error) {
	if p.Blobs == nil {
		return nil, nil // no blob store: no sealed bundles either
	}
	rec, err := p.Chips.ChipOf(ctx, number)
	if err != nil {
		return nil, err
	}
	data, err := p.Blobs.Get(ctx, rec.BlobRef)
	if err != nil {
		return nil, err
	}
	b, err := production.DecodeBundle(data)
	if err != nil {
		return nil, err
	}
	return b.Card.Photo, nil
}
