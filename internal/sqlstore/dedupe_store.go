package sqlstore

import (
	"context"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
)

// dedupe.Service reads and files its pairs through these methods.
var _ dedupe.Store = (*DB)(nil)

// ScanForMatching is ScanCitizensForMatching for dedupe's records, so that
// the duplicate-detection service can name it in an interface (a method
// cannot be generic).
func (d *DB) ScanForMatching(ctx context.Context, workers int, newConvert func() func(registry.Citizen) (dedupe.Record, bool), fn func(dedupe.Record) error) error {
	return ScanCitizensForMatching(ctx, d, workers, newConvert, fn)
}
