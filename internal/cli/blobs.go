package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"sync"

	"dancu/internal/blobstore"
	"dancu/internal/pki"
)

// openBlobs opens the encrypted store of biometric captures and sealed
// card bundles. The key lives apart from the blobs (DANCU_BLOB_KEY or
// its own file): a copy of the blob folder alone reveals nothing.
func (a *app) openBlobs() (*blobstore.FS, error) {
	var key []byte
	var err error
	if v, ok := os.LookupEnv(blobstore.KeyEnv); ok {
		key, err = blobstore.ParseKey(v)
	} else {
		var path string
		if path, err = a.blobKeyPath(); err == nil {
			key, err = blobstore.LoadKey(path)
		}
	}
	if err != nil {
		return nil, err
	}
	if a.blobs == "" {
		if err := a.privateDir(a.dataDir()); err != nil {
			return nil, err
		}
	}
	fs, err := blobstore.New(a.blobDir(), key)
	if err != nil {
		return nil, fmt.Errorf("open the blob store %s: %w", a.blobDir(), err)
	}
	return fs, nil
}

// lazyBlobs opens the blob store on first use, so that a server that never
// receives a capture (a benchmark, a read-only replica) creates no folder
// or key file.
type lazyBlobs struct {
	open func() (*blobstore.FS, error)
	once sync.Once
	fs   *blobstore.FS
	err  error
}

func (l *lazyBlobs) get() (*blobstore.FS, error) {
	l.once.Do(func() { l.fs, l.err = l.open() })
	return l.fs, l.err
}

func (l *lazyBlobs) Put(ctx context.Context, data []byte) (string, error) {
	fs, err := l.get()
	if err != nil {
		return "", err
	}
	return fs.Put(ctx, data)
}

func (l *lazyBlobs) Get(ctx context.Context, ref string) ([]byte, error) {
	fs, err := l.get()
	if err != nil {
		return nil, err
	}
	return fs.Get(ctx, ref)
}

// serverCSCA reads the CSCA certificate the chip verifier trusts; without
// one (no PKI made yet) the verifier route answers that it has none.
func (a *app) serverCSCA() *x509.Certificate {
	file := a.cscaPath()
	pemBytes, err := os.ReadFile(file)
	if err != nil {
		a.log.Info("chip verification off: no CSCA certificate", "file", file)
		return nil
	}
	c, err := pki.ParseCertificatePEM(pemBytes)
	if err != nil {
		a.log.Warn("chip verification off: unreadable CSCA certificate", "file", file, "err", err)
		return nil
	}
	return c
}
