package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/synth"
	"dancu/internal/units"
)

type demoFlags struct {
	people   int
	province string
	noServe  bool
	addr     string
}

func (a *app) demoCommand() *cobraCommand {
	var f demoFlags
	cmd := &cobraCommand{
		Use:   "demo",
		Short: "Build a demo register (a generated province, officer accounts) and serve it",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			// The demo keeps its own data directory unless told otherwise,
			// so it never mixes with a deployment's; a second run reuses it.
			if a.data == "" {
				a.data = defaultDataDir(demoDataDirName)
			}
			a.eidDemo = true
			fmt.Fprintf(a.out, "demo: data directory %s (give --data %s to any dancu command to use it)\n", a.dataDir(), a.dataDir())
			ctx := cmd.Context()
			db, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := a.demoPopulation(ctx, db, f); err != nil {
				return err
			}
			accounts, err := a.demoAccounts(ctx, db, f.province)
			if err != nil {
				return err
			}
			if err := a.demoCardCampaign(cmd, db, f); err != nil {
				return err
			}
			citizens, err := a.demoEIDAccounts(ctx, db, a.services(db))
			if err != nil {
				return err
			}
			rp, err := a.demoRelyingParty(ctx, db)
			if err != nil {
				return err
			}
			if f.noServe {
				fmt.Fprintf(a.out, "demo database ready: %s\n", sqlstore.RedactDSN(a.dsn()))
				a.printAccounts(accounts, "")
				a.printEIDAccounts(citizens, "", f.province)
				a.printOIDCDemo(rp, "")
				return nil
			}
			return a.serve(ctx, db, f.addr, func(bound string) {
				a.printAccounts(accounts, "http://"+bound)
				a.printEIDAccounts(citizens, "http://"+bound, f.province)
				a.printOIDCDemo(rp, "http://"+bound)
			})
		},
	}
	cmd.Flags().IntVar(&f.people, "people", 50_000, "people to generate")
	cmd.Flags().StringVar(&f.province, "province", "42", "province code (current list)")
	cmd.Flags().BoolVar(&f.noServe, "no-serve", false, "only build the demo database, then exit")
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen address")
	return cmd
}

// demoCardCampaign runs the card campaign of the demo with the PKI and
// blob folder of its data directory.
func (a *app) demoCardCampaign(cmd *cobraCommand, db *sqlstore.DB, f demoFlags) error {
	if cards, err := db.Issuance().Cards(cmd.Context(), "", 1); err != nil || len(cards) > 0 {
		return err
	}
	authority, passFile, err := a.demoPKI(a.pkiDir())
	if err != nil {
		return err
	}
	if err := ensureCredentialIssuer(a.pkiDir(), authority); err != nil {
		return err
	}
	blobs, err := a.openBlobs()
	if err != nil {
		return err
	}
	start := time.Now()
	handed, err := a.demoCards(cmd.Context(), db, f.province, authority, blobs)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "demo: card campaign over %d working days: %d cards handed over, more on their way (%s)\n", demoCampaignDays, handed, time.Since(start).Round(time.Millisecond))
	if passFile != "" {
		fmt.Fprintf(a.out, "demo: card signing keys in %s, sealed with the passphrase in %s (dancu card produce --data %s --passphrase-file %s)\n", a.pkiDir(), passFile, a.dataDir(), passFile)
	}
	data := a.dataDir()
	if a.db != "" {
		data += " --db " + sqlstore.RedactDSN(a.db)
	}
	fmt.Fprintf(a.out, "demo: export a card with: dancu card export $(dancu card list --state active --data %s | head -1) --data %s --out card\n", data, data)
	return nil
}

// demoPopulation generates and imports the province unless the register
// already holds it, so a second `dancu demo` starts at once.
func (a *app) demoPopulation(ctx context.Context, db *sqlstore.DB, f demoFlags) error {
	page, err := db.Citizens().Search(ctx, registry.Query{Unit: f.province, Limit: 1})
	if err != nil {
		return err
	}
	if len(page.Items) > 0 {
		fmt.Fprintf(a.out, "demo: province %s already loaded in %s\n", f.province, sqlstore.RedactDSN(a.dsn()))
		return nil
	}
	dir, err := os.MkdirTemp("", "dancu-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, fmt.Sprintf("dc01-%s.csv", f.province))
	asOf := time.Now().UTC()
	st, err := synth.WriteFile(file, synth.Options{Province: f.province, People: f.people, Seed: 2021, AsOf: asOf}, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "demo: generated %d people in %d households of province %s\n", st.People, st.Households, f.province)
	// The findings (legacy-data warnings the generator plants on purpose)
	// go to the data directory's reports, not the temporary folder.
	_, err = a.importFile(ctx, db, file, asOf, importFlags{actor: "demo", chunk: 2000, report: filepath.Join(a.reportsDir(), "demo-import.errors.csv")})
	return err
}

type demoAccount struct {
	username, password, role, unit string
}

// demoAccounts creates (or resets) one officer per role level; passwords
// are new on every run and shown only on this terminal.
func (a *app) demoAccounts(ctx context.Context, db *sqlstore.DB, province string) ([]demoAccount, error) {
	svc := a.authService(db)
	communes := units.Default().Communes(units.List2025July, province)
	if len(communes) == 0 {
		return nil, fmt.Errorf("demo: province %s has no communes in the current list", province)
	}
	want := []demoAccount{
		{username: "admin", role: string(auth.RoleAdmin)},
		{username: "bo.congan", role: string(auth.RoleMinistry)},
		{username: "tinh" + province, role: string(auth.RoleProvince), unit: province},
		{username: "xa" + communes[0].Code, role: string(auth.RoleCommune), unit: communes[0].Code},
		// The auditor reads the audit log and the data tracker, nothing else.
		{username: "kiemtoan", role: string(auth.RoleAuditor)},
	}
	for i := range want {
		acc := &want[i]
		acc.password = newPassword()
		_, err := svc.CreateUser(ctx, acc.username, "Demo "+acc.role, auth.Role(acc.role), acc.unit, acc.password)
		if apperr.Is(err, apperr.Conflict) {
			err = svc.ResetPassword(ctx, acc.username, acc.password)
		}
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.username, err)
		}
	}
	return want, nil
}

func (a *app) printAccounts(accounts []demoAccount, url string) {
	if url != "" {
		fmt.Fprintf(a.out, "\ndancu demo is serving %s\n", url)
		fmt.Fprintf(a.out, "  API document: %s/openapi.json   health: %s/healthz   metrics: %s/metrics\n", url, url, url)
		fmt.Fprintf(a.out, "  officer web application: %s/login\n", strings.Replace(url, "127.0.0.1", "localhost", 1))
	}
	fmt.Fprintln(a.out, "\nAccounts (passwords are new on every start):")
	for _, acc := range accounts {
		unit := acc.unit
		if unit == "" {
			unit = "national"
		}
		fmt.Fprintf(a.out, "  %-12s %-18s role %-9s unit %s\n", acc.username, acc.password, acc.role, unit)
	}
	if url != "" && len(accounts) > 2 {
		acc := accounts[2]
		fmt.Fprintf(a.out, "\nTry:\n  TOKEN=$(curl -s %s/api/v1/auth/login -d '{\"username\":\"%s\",\"password\":\"%s\"}' | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')\n", url, acc.username, acc.password)
		fmt.Fprintf(a.out, "  curl -s -H \"Authorization: Bearer $TOKEN\" '%s/api/v1/citizens?q=nguyen+van+hung'\n\n", url)
	}
}
