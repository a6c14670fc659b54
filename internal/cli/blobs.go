package cli

import (
	"fmt"

	"dancu/internal/blobstore"
)

// openBlobs opens the encrypted store of biometric captures and sealed
// card bundles. The key lives apart from the blobs (DANCU_BLOB_KEY or
// its own file): a copy of the blob folder alone reveals nothing.
func (a *app) openBlobs() (*blobstore.FS, error) {
	key, err := blobstore.LoadKey(a.blobKey)
	if err != nil {
		return nil, err
	}
	fs, err := blobstore.New(a.blobs, key)
	if err != nil {
		return nil, fmt.Errorf("open the blob store %s: %w", a.blobs, err)
	}
	return fs, nil
}
