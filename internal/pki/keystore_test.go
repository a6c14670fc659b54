package pki_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dancu/internal/pki"
)

var fastKDF = pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}

func TestDirStorePermissionsAndNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	s := pki.DirStore{Dir: dir}
	if err := s.Put("csca.key", []byte("blob")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "csca.key"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
	if _, err := s.Get("absent"); !errors.Is(err, pki.ErrNotFound) {
		t.Errorf("Get(absent) = %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "../x", "a/b", ".hidden", "UPPER"} {
		if err := s.Put(bad, nil); err == nil {
			t.Errorf("Put(%q) accepted", bad)
		}
	}
}

func TestSealedStore(t *testing.T) {
	dir := t.TempDir()
	raw := pki.DirStore{Dir: dir}
	pass := []byte("a long enough passphrase")
	s, err := pki.CreateSealed(raw, pass, fastKDF)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("PRIVATE KEY MATERIAL")
	if err := s.Put("ds.key", secret); err != nil {
		t.Fatal(err)
	}
	onDisk, _ := raw.Get("ds.key")
	if bytes.Contains(onDisk, secret) {
		t.Error("the blob is stored in clear")
	}
	if _, err := pki.CreateSealed(raw, pass, fastKDF); err == nil {
		t.Error("CreateSealed re-initialised an existing store")
	}

	t.Run("reopen", func(t *testing.T) {
		s2, err := pki.OpenSealed(raw, pass)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s2.Get("ds.key"); err != nil || !bytes.Equal(got, secret) {
			t.Errorf("Get = %q, %v", got, err)
		}
	})
	t.Run("wrong passphrase", func(t *testing.T) {
		if _, err := pki.OpenSealed(raw, []byte("not the passphrase!")); !errors.Is(err, pki.ErrWrongPassphrase) {
			t.Errorf("err = %v, want ErrWrongPassphrase", err)
		}
	})
	t.Run("tampered blob", func(t *testing.T) {
		b, _ := raw.Get("ds.key")
		b[len(b)-1] ^= 1
		mustPut(t, raw, "tampered.key", b)
		if _, err := s.Get("tampered.key"); !errors.Is(err, pki.ErrTampered) {
			t.Errorf("err = %v, want ErrTampered", err)
		}
	})
	t.Run("blob moved to another name", func(t *testing.T) {
		b, _ := raw.Get("ds.key")
		mustPut(t, raw, "csca.key", b)
		if _, err := s.Get("csca.key"); !errors.Is(err, pki.ErrTampered) {
			t.Errorf("err = %v, want ErrTampered", err)
		}
	})
	t.Run("short passphrase", func(t *testing.T) {
		if _, err := pki.CreateSealed(pki.DirStore{Dir: t.TempDir()}, []byte("short"), fastKDF); err == nil {
			t.Error("accepted a 5-byte passphrase")
		}
	})
	t.Run("weakened KDF parameters", func(t *testing.T) {
		mustPut(t, raw, "kdf.json", []byte(`{"time":1,"memory_kib":8,"threads":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}`))
		if _, err := pki.OpenSealed(raw, pass); err == nil {
			t.Error("opened with 8 KiB argon2id")
		}
	})
}

func mustPut(t *testing.T, s pki.KeyStore, name string, b []byte) {
	t.Helper()
	if err := s.Put(name, b); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultKDFOpens(t *testing.T) {
	raw := pki.DirStore{Dir: t.TempDir()}
	pass := []byte("production-strength passphrase")
	if _, err := pki.CreateSealed(raw, pass, pki.DefaultKDF); err != nil {
		t.Fatal(err)
	}
	if _, err := pki.OpenSealed(raw, pass); err != nil {
		t.Fatal(err)
	}
}
