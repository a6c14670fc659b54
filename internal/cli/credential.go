package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dancu/internal/credential"
	"dancu/internal/credential/statuslist"
)

// maxCredentialFile bounds what `credential verify` reads.
const maxCredentialFile = 1 << 20

func (a *app) credentialCommand() *cobraCommand {
	cmd := &cobraCommand{Use: "credential", Short: "The căn cước điện tử (SD-JWT VC): verify a presented credential offline"}
	cmd.AddCommand(a.credentialVerifyCommand())
	return cmd
}

func (a *app) credentialVerifyCommand() *cobraCommand {
	var keysFile, statusFile, issuer, audience, nonce string
	cmd := &cobraCommand{
		Use:   "verify FILE",
		Short: "Check a presented căn cước điện tử offline against the published issuer keys (and a saved status list)",
		Long: "FILE (or - for standard input) holds the SD-JWT as presented. The issuer keys come from --keys (the JSON of\n" +
			"/.well-known/jwt-vc-issuer, or a JWK set), by default from the PKI directory's credential-issuer.pem. With\n" +
			"--status-list (the body of GET /api/v1/credentials/status-list) the revocation status is checked too.\n" +
			"Exits non-zero unless the credential is valid.",
		Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			pres, err := readLimited(cmd.InOrStdin(), args[0])
			if err != nil {
				return err
			}
			trust, err := a.offlineTrust(keysFile, statusFile)
			if err != nil {
				return err
			}
			trust.Issuer, trust.Audience, trust.Nonce = issuer, audience, nonce
			r := credential.Check(strings.TrimSpace(string(pres)), trust, time.Now())
			if pic, ok := r.Claims[credential.PictureClaim].(string); ok {
				r.Claims[credential.PictureClaim] = fmt.Sprintf("(%d characters)", len(pic))
			}
			out, _ := json.MarshalIndent(r, "", "  ")
			fmt.Fprintln(a.out, string(out))
			if !r.Valid {
				return fmt.Errorf("the credential is not valid: %s %s", r.Status, r.Problem)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keysFile, "keys", "", "issuer metadata or JWK set (JSON); default: PKI/credential-issuer.pem")
	cmd.Flags().StringVar(&statusFile, "status-list", "", "saved status list token (statuslist+jwt) to check revocation against")
	cmd.Flags().StringVar(&issuer, "issuer", "", "expected issuer (iss); default: any issuer of the keys")
	cmd.Flags().StringVar(&audience, "aud", "", "expected audience of the key binding")
	cmd.Flags().StringVar(&nonce, "nonce", "", "expected nonce of the key binding")
	return cmd
}

// offlineTrust loads the issuer keys and, if given, the status list.
func (a *app) offlineTrust(keysFile, statusFile string) (credential.Trust, error) {
	var t credential.Trust
	if keysFile != "" {
		b, err := readLimited(nil, keysFile)
		if err != nil {
			return t, err
		}
		var md credential.IssuerMetadata
		if err := json.Unmarshal(b, &md); err != nil {
			return t, fmt.Errorf("--keys %s: %w", keysFile, err)
		}
		if len(md.JWKS.Keys) == 0 { // a bare JWK set
			if err := json.Unmarshal(b, &md.JWKS); err != nil {
				return t, fmt.Errorf("--keys %s: %w", keysFile, err)
			}
		}
		t.JWKS = md.JWKS
	} else {
		certs, csca, err := readIssuerCertificates(a.pkiDir())
		if err != nil {
			return t, err
		}
		if t.JWKS, err = credential.JWKSOf(certs, csca); err != nil {
			return t, err
		}
	}
	if len(t.JWKS.Keys) == 0 {
		return t, errors.New("no issuer key: give --keys (from /.well-known/jwt-vc-issuer) or run `dancu pki credential-issuer`")
	}
	if statusFile != "" {
		tok, err := readLimited(nil, statusFile)
		if err != nil {
			return t, err
		}
		jwks := t.JWKS
		t.StatusList = func(uri string) (*statuslist.List, error) {
			return credential.ParseStatusList(strings.TrimSpace(string(tok)), uri, jwks, time.Now())
		}
	}
	return t, nil
}

// readLimited reads a file (or standard input for "-") of at most
// maxCredentialFile bytes.
func readLimited(stdin io.Reader, name string) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" || stdin == nil {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxCredentialFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > maxCredentialFile {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxCredentialFile)
	}
	return b, nil
}
