package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// A deployment keeps its state in one data directory (--data) and its
// secrets in a keys directory (--keys) kept apart from it: whoever holds a
// copy of the data directory (a backup, a stolen disk) must not also hold
// the key that decrypts the captures or the key that signs the audit log's
// checkpoints. docs/OPERATIONS.md describes the layout.
//
//	DATA/dancu.db (+ -wal, -shm)  the SQLite database, unless --db names PostgreSQL
//	DATA/blobs/                   encrypted captures and sealed card bundles
//	DATA/pki/                     sealed CSCA and Document Signer keys, csca.pem
//	DATA/reports/                 import error reports
//	KEYS/blobs.key                the captures' AES-256 key
//	KEYS/audit-checkpoint.pem     the audit checkpoint signing key
//	KEYS/demo-pki.passphrase      the demo's PKI passphrase (demo only)
const (
	dataDirName     = "dancu"
	demoDataDirName = "dancu-demo"
	dbFileName      = "dancu.db"
	blobKeyName     = "blobs.key"
	auditKeyName    = "audit-checkpoint.pem"
	demoPassName    = "demo-pki.passphrase"
)

// userDataHome is the per-user folder for application data: XDG_DATA_HOME
// (~/.local/share) on Unix, the platform's equivalent elsewhere. Empty
// when the account has no home (a service user without one must say
// --data).
func userDataHome() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return d
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		d, _ := os.UserConfigDir() // %AppData%, ~/Library/Application Support
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "share")
}

// defaultDataDir is DATA when --data is not given: a per-user folder, so
// that no command writes into whatever directory it was started from;
// ./dancu-data only for an account without a home.
func defaultDataDir(name string) string {
	if h := userDataHome(); h != "" {
		return filepath.Join(h, name)
	}
	return name + "-data"
}

// defaultKeysDir is KEYS when --keys is not given: the per-user
// configuration folder (XDG_CONFIG_HOME, ~/.config/dancu/keys), a
// different tree from the data directory and from its backups.
func defaultKeysDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil || d == "" {
		return "", errors.New("no folder for the keys: give --keys DIR (env DANCU_KEYS), outside the data directory")
	}
	return filepath.Join(d, "dancu", "keys"), nil
}

func (a *app) dataDir() string {
	if a.data != "" {
		return a.data
	}
	return defaultDataDir(dataDirName)
}

func (a *app) keysDir() (string, error) {
	if a.keys != "" {
		return a.keys, nil
	}
	return defaultKeysDir()
}

// dsn is --db, or the SQLite database inside the data directory.
func (a *app) dsn() string {
	if a.db != "" {
		return a.db
	}
	return "sqlite:" + filepath.Join(a.dataDir(), dbFileName)
}

func (a *app) blobDir() string {
	if a.blobs != "" {
		return a.blobs
	}
	return filepath.Join(a.dataDir(), "blobs")
}

func (a *app) pkiDir() string {
	if a.pki != "" {
		return a.pki
	}
	return filepath.Join(a.dataDir(), "pki")
}

func (a *app) cscaPath() string {
	if a.cscaFile != "" {
		return a.cscaFile
	}
	return filepath.Join(a.pkiDir(), "csca.pem")
}

func (a *app) reportsDir() string { return filepath.Join(a.dataDir(), "reports") }

// blobKeyPath is the captures' key file; it must lie outside both the
// data directory and the blob folder.
func (a *app) blobKeyPath() (string, error) {
	p := a.blobKey
	if p == "" {
		keys, err := a.keysDir()
		if err != nil {
			return "", err
		}
		p = filepath.Join(keys, blobKeyName)
	}
	for _, dir := range []string{a.dataDir(), a.blobDir()} {
		if within(p, dir) {
			return "", fmt.Errorf("the captures' key %s lies inside %s: keep it apart from the captures it encrypts (--keys or --blob-key-file; see docs/OPERATIONS.md)", p, dir)
		}
	}
	return p, nil
}

// auditKeyFile is the checkpoint signing key: --audit-key (env
// DANCU_AUDIT_KEY) or KEYS/audit-checkpoint.pem. It is refused inside the
// data directory and beside a SQLite database file, because whoever can
// cut the log's tail there could then re-sign the cut head.
func (a *app) auditKeyFile() (string, error) {
	p := a.auditKey
	if p == "" {
		keys, err := a.keysDir()
		if err != nil {
			return "", err
		}
		p = filepath.Join(keys, auditKeyName)
	}
	if within(p, a.dataDir()) {
		return "", fmt.Errorf("the audit checkpoint key %s lies inside the data directory %s: keep it apart from the database (--keys or --audit-key; see docs/OPERATIONS.md)", p, a.dataDir())
	}
	if file, ok := sqlitePath(a.dsn()); ok && sameDir(p, file) {
		return "", fmt.Errorf("the audit checkpoint key %s lies beside the database %s: keep it apart from the database (--keys or --audit-key; see docs/OPERATIONS.md)", p, file)
	}
	return p, nil
}

// sqlitePath is the file of a SQLite DSN.
func sqlitePath(dsn string) (string, bool) {
	p, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok && strings.HasSuffix(dsn, ".db") && !strings.Contains(dsn, "://") {
		p, ok = dsn, true
	}
	if !ok || p == "" || strings.HasPrefix(p, ":memory:") || strings.HasPrefix(p, "file:") {
		return "", false
	}
	return p, true
}

// within reports whether path lies inside dir (or is dir), comparing
// absolute paths with symbolic links resolved where they exist.
func within(path, dir string) bool {
	p, d := resolved(path), resolved(dir)
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func sameDir(a, b string) bool {
	return resolved(filepath.Dir(a)) == resolved(filepath.Dir(b))
}

// resolved makes path absolute and resolves the symbolic links of its
// longest existing prefix (the key file itself may not exist yet).
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// privateDir creates dir (and its missing parents) with mode 0700 and
// warns when an existing one is open to other accounts.
func (a *app) privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o077 != 0 && a.log != nil {
		a.log.Warn("folder open to other accounts; chmod 700 it", "dir", dir, "mode", st.Mode().Perm().String())
	}
	return nil
}

// writePrivateFile writes data to path with mode 0600, also when the file
// existed with a wider mode (os.WriteFile keeps an existing file's mode).
func writePrivateFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readOrCreateSecret returns the secret kept in path, creating it (0600,
// O_EXCL so two starting processes agree) with generate() on first use.
func readOrCreateSecret(path string, generate func() string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readOrCreateSecret(path, generate)
	}
	if err != nil {
		return "", err
	}
	s := generate()
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return "", err
	}
	return s, f.Close()
}
