package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dancu/internal/pki"
)

// pkiFlags say where the passphrase of the sealed signing keys (in
// --pki, default DATA/pki) comes from: DANCU_PKI_PASSPHRASE, standard
// input or a file (never a flag value, which other users could read from
// the process list).
type pkiFlags struct {
	fromStdin bool
	file      string
}

func (f *pkiFlags) register(cmd *cobraCommand) {
	cmd.PersistentFlags().BoolVar(&f.fromStdin, "passphrase-stdin", false, "read the key passphrase from standard input instead of DANCU_PKI_PASSPHRASE")
	cmd.PersistentFlags().StringVar(&f.file, "passphrase-file", "", "read the key passphrase from this file (first line) instead of DANCU_PKI_PASSPHRASE")
}

func (f *pkiFlags) passphrase(stdin io.Reader) ([]byte, error) {
	if f.file != "" {
		b, err := os.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("read --passphrase-file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return []byte(strings.TrimRight(line, "\r")), nil
	}
	if f.fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read the passphrase from standard input: %w", err)
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
	if p, ok := os.LookupEnv("DANCU_PKI_PASSPHRASE"); ok {
		return []byte(p), nil
	}
	return nil, errors.New("no key passphrase: set DANCU_PKI_PASSPHRASE or use --passphrase-stdin")
}

// open unseals the PKI in dir.
func (f *pkiFlags) open(stdin io.Reader, dir string) (*pki.Authority, error) {
	pass, err := f.passphrase(stdin)
	if err != nil {
		return nil, err
	}
	a, err := pki.Open(pki.DirStore{Dir: dir}, pass)
	if err != nil {
		return nil, fmt.Errorf("open the PKI in %s: %w", dir, err)
	}
	return a, nil
}

// writeCSCA keeps the CSCA certificate in the clear beside the sealed
// keys, so exports and verifiers need no passphrase. It is public, but
// everything in the data directory is 0600 alike.
func writeCSCA(dir string, auth *pki.Authority) error {
	return writePrivateFile(filepath.Join(dir, "csca.pem"), auth.CSCAPEM())
}

func (a *app) pkiCommand() *cobraCommand {
	var f pkiFlags
	cmd := &cobraCommand{Use: "pki", Short: "The country signing CA (CSCA) and Document Signer keys that sign the cards' chip data"}
	f.register(cmd)
	cmd.AddCommand(&cobraCommand{
		Use:   "init",
		Short: "Create the CSCA and a first Document Signer, sealed with the passphrase",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			pass, err := f.passphrase(cmd.InOrStdin())
			if err != nil {
				return err
			}
			dir := a.pkiDir()
			if err := a.privateDir(dir); err != nil {
				return err
			}
			auth, err := pki.Init(pki.DirStore{Dir: dir}, pass, pki.DefaultConfig(), pki.DefaultKDF, time.Now())
			if err != nil {
				return fmt.Errorf("initialise the PKI in %s: %w", dir, err)
			}
			if err := writeCSCA(dir, auth); err != nil {
				return err
			}
			a.log.Info("PKI created", "dir", dir, "csca", auth.CSCA().Subject.String(), "csca_not_after", auth.CSCA().NotAfter)
			fmt.Fprintf(a.out, "PKI created in %s; export the CSCA certificate with: dancu pki export-csca --pki %s --out csca.pem\n", dir, dir)
			return nil
		},
	}, a.pkiExportCommand(&f), a.pkiRotateCommand(&f), a.pkiCredentialIssuerCommand(&f))
	return cmd
}

func (a *app) pkiExportCommand(f *pkiFlags) *cobraCommand {
	var out string
	cmd := &cobraCommand{
		Use:   "export-csca",
		Short: "Write the CSCA certificate (PEM), the trust anchor verifiers need",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			auth, err := f.open(cmd.InOrStdin(), a.pkiDir())
			if err != nil {
				return err
			}
			if out == "-" {
				_, err = a.out.Write(auth.CSCAPEM())
				return err
			}
			return os.WriteFile(out, auth.CSCAPEM(), 0o644)
		},
	}
	cmd.Flags().StringVar(&out, "out", "-", "file to write, - for standard output")
	return cmd
}

func (a *app) pkiRotateCommand(f *pkiFlags) *cobraCommand {
	return &cobraCommand{
		Use:   "rotate-ds",
		Short: "Issue a new Document Signer; cards signed by the old one still verify",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			auth, err := f.open(cmd.InOrStdin(), a.pkiDir())
			if err != nil {
				return err
			}
			ds, err := auth.RotateDS(time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "new Document Signer %s, serial %x, valid until %s\n", ds.Certificate.Subject, ds.Certificate.SerialNumber, ds.Certificate.NotAfter.Format(time.DateOnly))
			return nil
		},
	}
}

func (a *app) pkiCredentialIssuerCommand(f *pkiFlags) *cobraCommand {
	return &cobraCommand{
		Use:   "credential-issuer",
		Short: "Create (or rotate) the key that signs the căn cước điện tử, certified by the CSCA; credentials signed by an older key keep verifying",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			auth, err := f.open(cmd.InOrStdin(), a.pkiDir())
			if err != nil {
				return err
			}
			ci, err := auth.RotateCredentialIssuer(time.Now())
			if err != nil {
				return err
			}
			if err := writeIssuerCertificates(a.pkiDir(), auth); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "credential issuer %s, serial %x, certificate valid until %s; published at /.well-known/jwt-vc-issuer\n",
				ci.Certificate.Subject.CommonName, ci.Certificate.SerialNumber, ci.Certificate.NotAfter.Format(time.DateOnly))
			return nil
		},
	}
}
