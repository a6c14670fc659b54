package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dancu/internal/pki"
)

// demoPKI opens the demo's PKI, creating it on first use. A new PKI gets a
// generated passphrase, printed once; it is dated 60 days back so that
// its Document Signer covers the campaign days the demo replays.
func (a *app) demoPKI(dir string) (authority *pki.Authority, newPassphrase string, err error) {
	pass := os.Getenv("DANCU_PKI_PASSPHRASE")
	if _, err := os.Stat(filepath.Join(dir, "csca.pem")); err == nil {
		if pass == "" {
			return nil, "", fmt.Errorf("the demo PKI in %s exists: set DANCU_PKI_PASSPHRASE to the passphrase printed when it was made, or remove the folder", dir)
		}
		authority, err = pki.Open(pki.DirStore{Dir: dir}, []byte(pass))
		return authority, "", err
	}
	if pass == "" {
		pass = newPassword()
		newPassphrase = pass
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	authority, err = pki.Init(pki.DirStore{Dir: dir}, []byte(pass), pki.DefaultConfig(), pki.DefaultKDF, time.Now().AddDate(0, 0, -60))
	if err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "csca.pem"), authority.CSCAPEM(), 0o644); err != nil {
		return nil, "", err
	}
	return authority, newPassphrase, nil
}
