package sqlstore

import (
	"context"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
)

// ScanForMatching is ScanCitizensForMatching for dedupe's records, so that
// the duplicate-detection service can name it in an interface (a method
// cannot be generic).
func (d *Citizens) ScanForMatching(ctx context.Context, workers int, newConvert func() func(registry.Citizen) (dedupe.Record, bool), fn func(dedupe.Record) error) error {
	return ScanCitizensForMatching(ctx, d.DB, workers, newConvert, fn)
}

// ScanForSpill is ScanCitizensForMatching for a streaming duplicate run.
func (d *Citizens) ScanForSpill(ctx context.Context, workers int, newConvert func() func(registry.Citizen) (dedupe.Scanned, bool), fn func(dedupe.Scanned) error) error {
	return ScanCitizensForMatching(ctx, d.DB, workers, newConvert, fn)
}
