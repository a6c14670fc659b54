package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"dancu/internal/auth"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// eidOutboxPath is DATA/eid/outbox.jsonl: where one-time codes go when no
// SMS gateway is configured (0600 in a 0700 folder; never logged).
func (a *app) eidOutboxPath() string { return filepath.Join(a.dataDir(), "eid", "outbox.jsonl") }

// eidConfig is the VNeID accounts' configuration of this process. No ABIS
// is installable here, so outside the demo no matcher is configured and
// enrolments that need one are refused; the demo plugs in eid.DemoMatcher
// (see demoEID).
func (a *app) eidConfig() wire.EIDConfig {
	cfg := wire.EIDConfig{OTP: &eid.Outbox{Path: a.eidOutboxPath()}, Passkeys: a.passkeyConfig()}
	if a.eidDemo {
		cfg.Matcher = eid.DemoMatcher{}
		cfg.FaceCheck = eid.DemoFaceCheck
	}
	return cfg
}

// passkeyConfig is the WebAuthn relying party: the issuer's host, or
// localhost on the listen port. WebAuthn refuses an IP address as RP id.
func (a *app) passkeyConfig() eid.PasskeyConfig {
	var origins []string
	rpID := ""
	for _, base := range a.portalBases() {
		u, err := url.Parse(base)
		if err != nil || u.Hostname() == "127.0.0.1" {
			continue
		}
		if rpID == "" {
			rpID = u.Hostname()
		}
		origins = append(origins, base)
	}
	if rpID == "" {
		return eid.PasskeyConfig{}
	}
	return eid.PasskeyConfig{RPID: rpID, RPDisplayName: "VNeID", Origins: origins}
}

func (a *app) eidCommand() *cobraCommand {
	cmd := &cobraCommand{Use: "eid", Short: "Citizens' VNeID accounts: activation statistics"}
	cmd.AddCommand(a.eidStatsCommand())
	return cmd
}

func (a *app) eidStatsCommand() *cobraCommand {
	var unit, day string
	var asJSON bool
	cmd := &cobraCommand{
		Use:   "stats",
		Short: "Share of eligible citizens (14+, or younger with a card) with an active VNeID account, and at level 2, per unit",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			at := time.Now()
			if day != "" {
				d, err := issuance.ParseDay(day)
				if err != nil {
					return fmt.Errorf("--day: %w", err)
				}
				at = d
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				// The operator is national; the figures are counts, no personal data.
				st, err := a.services(db).EID.ActivationStats(cmd.Context(), auth.User{ID: "cli", Role: auth.RoleAuditor}, unit, at)
				if err != nil {
					return err
				}
				if asJSON {
					enc := json.NewEncoder(a.out)
					enc.SetIndent("", "  ")
					return enc.Encode(st)
				}
				return writeEIDStats(a, st)
			})
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "a 2-digit province (its communes) or 5-digit commune of the current list; default: every province")
	cmd.Flags().StringVar(&day, "day", "", "the day counted (YYYY-MM-DD; default today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writeEIDStats(a *app, st eid.Stats) error {
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "UNIT\tNAME\tELIGIBLE\tLEVEL 1\tLEVEL 2\tACTIVATED\tLEVEL 2 SHARE\t")
	row := func(u eid.UnitStats, name string) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.1f %%\t%.1f %%\t\n", u.Unit, name, u.Eligible, u.Level1, u.Level2,
			100*u.ActivatedShare, 100*u.Level2Share)
	}
	for _, u := range st.Units {
		row(u, u.Name)
	}
	total := st.Total
	if total.Unit == "" {
		total.Unit = "all"
	}
	row(total, "total "+strings.TrimSpace(st.Day.Format("2006-01-02")))
	return tw.Flush()
}
