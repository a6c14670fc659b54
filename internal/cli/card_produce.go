package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"dancu/internal/auth"
	"dancu/internal/chip"
	"dancu/internal/issuance"
	"dancu/internal/pki"
	"dancu/internal/production"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// productionCentre is the account the production line acts as: the
// ministry's card centre (Trung tâm căn cước, C06).
var productionCentre = auth.User{ID: "production", Username: "production", Role: auth.RoleMinistry}

// newLine wires the production line over a store, the blob folder and an
// opened PKI.
func newLine(db *sqlstore.DB, blobs issuance.BlobStore, authority *pki.Authority, now func() time.Time) *production.Line {
	cat := units.Default()
	svc := issuance.NewService(issuance.Config{Store: db.Issuance(), Citizens: db.Citizens(), Units: cat, Blobs: blobs, Now: now})
	return &production.Line{Workflow: svc, Citizens: db.Citizens(), Units: cat, Blobs: blobs, Chips: db.Issuance(),
		Signer: authority.DocumentSigner, System: productionCentre, Now: now}
}

func (a *app) cardProduceCommand() *cobraCommand {
	var pf pkiFlags
	var limit int
	cmd := &cobraCommand{
		Use:   "produce",
		Short: "Produce the cards of applications in production: MRZ, QR, signed chip data, face; then mark them produced",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			authority, err := pf.open(cmd.InOrStdin(), a.pkiDir())
			if err != nil {
				return err
			}
			blobs, err := a.openBlobs()
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				start := time.Now()
				rep, err := newLine(db, blobs, authority, time.Now).Run(cmd.Context(), limit)
				for _, f := range rep.Failures {
					a.log.Error("card not produced", "application_id", f.ApplicationID, "err", f.Err)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "produced %d cards in %s, %d failed\n", rep.Produced, time.Since(start).Round(time.Millisecond), len(rep.Failures))
				if rep.Produced > 0 {
					if err := a.auditCLIWrite(cmd.Context(), db, "card.produce", fmt.Sprintf("produced %d cards", rep.Produced)); err != nil {
						return err
					}
				}
				if len(rep.Failures) > 0 {
					return fmt.Errorf("%d cards could not be produced; they stay in production", len(rep.Failures))
				}
				return nil
			})
		},
	}
	pf.register(cmd)
	cmd.Flags().IntVar(&limit, "limit", 1000, "most applications to produce in this run")
	return cmd
}

func (a *app) cardExportCommand() *cobraCommand {
	var out string
	cmd := &cobraCommand{
		Use:   "export NUMBER --out DIR",
		Short: "Write a produced card's chip files, MRZ, QR, faces and the CSCA and Document Signer certificates",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			if out == "" {
				return fmt.Errorf("--out DIR is required")
			}
			blobs, err := a.openBlobs()
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				files, err := exportCard(cmd.Context(), db, blobs, args[0], a.pkiDir())
				if err != nil {
					return err
				}
				holder, err := db.Citizens().EncodedCitizenByIDNumber(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if err := a.auditCLI(cmd.Context(), db, "card.export", []string{holder.ID}); err != nil {
					return err
				}
				return writeFiles(a, out, files)
			})
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder to write the files to (created 0700 if missing; files 0600: they hold the holder's face and data)")
	return cmd
}

// exportCard opens a card's sealed bundle and adds the certificates a
// verifier needs: the CSCA (trust anchor) and the Document Signer that
// signed this card's EF.SOD.
func exportCard(ctx context.Context, db *sqlstore.DB, blobs issuance.BlobStore, number, pkiDir string) (map[string][]byte, error) {
	rec, err := db.Issuance().ChipOf(ctx, number)
	if err != nil {
		return nil, err
	}
	sealed, err := blobs.Get(ctx, rec.BlobRef)
	if err != nil {
		return nil, fmt.Errorf("card %s: %w", number, err)
	}
	b, err := production.DecodeBundle(sealed)
	if err != nil {
		return nil, err
	}
	files, err := b.Export()
	if err != nil {
		return nil, err
	}
	sod, err := chip.ParseSOD(b.Chip[chip.FileSOD])
	if err != nil || len(sod.Certificates) == 0 {
		return nil, fmt.Errorf("card %s: EF.SOD carries no Document Signer certificate: %v", number, err)
	}
	files["ds.pem"] = pki.CertificatePEM(sod.Certificates[0])
	if files["csca.pem"], err = os.ReadFile(filepath.Join(pkiDir, "csca.pem")); err != nil {
		return nil, fmt.Errorf("read the CSCA certificate (dancu pki init writes %s/csca.pem): %w", pkiDir, err)
	}
	return files, nil
}

func writeFiles(a *app, dir string, files map[string][]byte) error {
	if err := a.privateDir(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writePrivateFile(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
		fmt.Fprintln(a.out, filepath.Join(dir, name))
	}
	return nil
}
