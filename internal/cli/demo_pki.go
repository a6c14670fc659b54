package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dancu/internal/pki"
)

// demoPKI opens the demo's PKI in dir, creating it on first use. Its
// passphrase is DANCU_PKI_PASSPHRASE if set, else a generated one kept in
// KEYS/demo-pki.passphrase (0600), apart from the sealed keys, so that a
// second demo, in this data directory or another, finds it without the
// operator copying it from the screen. A new PKI is dated 60 days back so
// that its Document Signer covers the campaign days the demo replays.
// passFile names the passphrase file when one is used.
func (a *app) demoPKI(dir string) (authority *pki.Authority, passFile string, err error) {
	pass := os.Getenv("DANCU_PKI_PASSPHRASE")
	if pass == "" {
		keys, err := a.keysDir()
		if err != nil {
			return nil, "", err
		}
		passFile = filepath.Join(keys, demoPassName)
		if within(passFile, a.dataDir()) {
			return nil, "", fmt.Errorf("the demo's passphrase file %s lies inside the data directory %s: give --keys outside it", passFile, a.dataDir())
		}
		if pass, err = readOrCreateSecret(passFile, newPassword); err != nil {
			return nil, "", fmt.Errorf("the demo's PKI passphrase: %w", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "csca.pem")); err == nil {
		authority, err = pki.Open(pki.DirStore{Dir: dir}, []byte(pass))
		if err != nil {
			return nil, "", fmt.Errorf("the demo PKI in %s: %w (it was sealed with another passphrase: set DANCU_PKI_PASSPHRASE to it, or remove the folder)", dir, err)
		}
		return authority, passFile, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	if err := a.privateDir(dir); err != nil {
		return nil, "", err
	}
	authority, err = pki.Init(pki.DirStore{Dir: dir}, []byte(pass), pki.DefaultConfig(), pki.DefaultKDF, time.Now().AddDate(0, 0, -60))
	if err != nil {
		return nil, "", err
	}
	return authority, passFile, writeCSCA(dir, authority)
}
