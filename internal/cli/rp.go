package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"dancu/internal/idp"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// oidcService is the OpenID Connect provider's service for commands (no
// logins are made there, so no accounts).
func (a *app) oidcService(db *sqlstore.DB) (*idp.Service, error) {
	ring, err := a.oidcKeyRing()
	if err != nil {
		return nil, err
	}
	return wire.OIDC(db, db.Units(), wire.OIDCConfig{Keys: ring}), nil
}

func (a *app) rpCommand() *cobraCommand {
	cmd := &cobraCommand{Use: "rp", Short: "Relying parties of the OpenID Connect provider (log in with VNeID): create, list, revoke, keys"}
	cmd.AddCommand(a.rpCreateCommand(), a.rpListCommand(), a.rpRevokeCommand(), a.rpAddKeyCommand())
	return cmd
}

func (a *app) rpCreateCommand() *cobraCommand {
	var c idp.Client
	var kid, keyFile string
	cmd := &cobraCommand{
		Use:   "create ID --name NAME --legal-basis TEXT --redirect-uri URI… --scopes openid,… [--auth private_key_jwt --key-file PEM] [--fapi]",
		Short: "Register a relying party; prints its client secret once (client_secret_basic)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			c.ID = args[0]
			if c.AuthMethod == idp.AuthPrivateKeyJWT && keyFile == "" {
				return fmt.Errorf("a private_key_jwt relying party needs --key-file (its public key, PEM)")
			}
			var pemText []byte
			if keyFile != "" {
				var err error
				if pemText, err = os.ReadFile(keyFile); err != nil {
					return fmt.Errorf("read key: %w", err)
				}
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc, err := a.oidcService(db)
				if err != nil {
					return err
				}
				created, secret, err := svc.CreateClient(cmd.Context(), c)
				if err != nil {
					return err
				}
				if keyFile != "" {
					if err := svc.AddClientKey(cmd.Context(), c.ID, kid, string(pemText)); err != nil {
						return err
					}
				}
				fmt.Fprintf(a.out, "relying party %s created (%s%s)\n", created.ID, created.AuthMethod, map[bool]string{true: ", FAPI 2.0"}[created.FAPI])
				if secret != "" {
					fmt.Fprintf(a.out, "client_secret: %s\n(shown once; only its SHA-256 is stored)\n", secret)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Name, "name", "", "name shown to citizens on the consent page")
	f.StringVar(&c.LegalBasis, "legal-basis", "", "the law or decree under which it receives the data")
	f.StringSliceVar(&c.RedirectURIs, "redirect-uri", nil, "redirect URI, matched exactly (repeatable)")
	f.StringSliceVar(&c.PostLogoutURIs, "logout-uri", nil, "post-logout redirect URI (repeatable)")
	f.StringSliceVar(&c.Scopes, "scopes", []string{idp.ScopeOpenID, idp.ScopeProfile}, "scopes it may request: "+strings.Join(idp.ScopeNames(), ", "))
	f.StringVar(&c.AuthMethod, "auth", idp.AuthSecretBasic, "client authentication: client_secret_basic or private_key_jwt")
	f.BoolVar(&c.FAPI, "fapi", false, "FAPI 2.0 Security Profile: PAR, private_key_jwt and DPoP-bound tokens required (needed for level-2 data)")
	f.StringVar(&keyFile, "key-file", "", "public key (PEM, P-256 or RSA) for private_key_jwt")
	f.StringVar(&kid, "kid", "key-1", "key id of --key-file")
	return cmd
}

func (a *app) rpListCommand() *cobraCommand {
	return &cobraCommand{
		Use: "list", Short: "List relying parties (JSON Lines)", Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				list, err := db.OIDC().Clients(cmd.Context())
				if err != nil {
					return err
				}
				enc := json.NewEncoder(a.out)
				for _, c := range list {
					enc.Encode(c)
				}
				return nil
			})
		},
	}
}

func (a *app) rpRevokeCommand() *cobraCommand {
	return &cobraCommand{
		Use: "revoke ID", Short: "Revoke a relying party: its requests and tokens are refused from now on", Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc, err := a.oidcService(db)
				if err != nil {
					return err
				}
				if err := svc.RevokeClient(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "relying party %s revoked\n", args[0])
				return nil
			})
		},
	}
}

func (a *app) rpAddKeyCommand() *cobraCommand {
	var kid string
	cmd := &cobraCommand{
		Use: "add-key ID PEM-FILE --kid KID", Short: "Add a public key (private_key_jwt) to a relying party", Args: exactArgs(2),
		RunE: func(cmd *cobraCommand, args []string) error {
			pemText, err := os.ReadFile(args[1])
			if err != nil {
				return fmt.Errorf("read key: %w", err)
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc, err := a.oidcService(db)
				if err != nil {
					return err
				}
				return svc.AddClientKey(cmd.Context(), args[0], kid, string(pemText))
			})
		},
	}
	cmd.Flags().StringVar(&kid, "kid", "", "key id the relying party puts in its assertions' header")
	return cmd
}

func (a *app) oidcCommand() *cobraCommand {
	cmd := &cobraCommand{Use: "oidc", Short: "The OpenID Connect provider's signing keys (KEYS/oidc)"}
	cmd.AddCommand(&cobraCommand{
		Use: "keys", Short: "List the signing keys (JSON Lines; the newest signs)", Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			ring, err := a.oidcKeyRing()
			if err != nil {
				return err
			}
			enc := json.NewEncoder(a.out)
			for _, k := range ring.Keys() {
				enc.Encode(k)
			}
			return nil
		},
	}, &cobraCommand{
		Use: "rotate-key", Short: "Make a new signing key; older keys stay in the JWKS until retired (a running server takes it within a minute)", Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			ring, err := a.oidcKeyRing()
			if err != nil {
				return err
			}
			kid, err := ring.Rotate(utcNow())
			if err == nil {
				fmt.Fprintf(a.out, "new signing key %s\n", kid)
			}
			return err
		},
	}, a.oidcRetireCommand())
	return cmd
}

func (a *app) oidcRetireCommand() *cobraCommand {
	var keep int
	cmd := &cobraCommand{
		Use: "retire-keys --keep N", Short: "Delete all but the newest N signing keys (tokens they signed stop verifying)", Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			ring, err := a.oidcKeyRing()
			if err != nil {
				return err
			}
			gone, err := ring.Retire(keep)
			for _, kid := range gone {
				fmt.Fprintf(a.out, "retired %s\n", kid)
			}
			return err
		},
	}
	cmd.Flags().IntVar(&keep, "keep", 2, "keys to keep, the signing key included")
	return cmd
}
