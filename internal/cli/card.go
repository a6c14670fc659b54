package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// cliReader is the identity of read-only card commands: an operator with
// database access reads nationally but changes nothing.
var cliReader = auth.User{ID: "cli", Username: "cli", Role: auth.RoleAuditor}

func (a *app) cardCommand() *cobraCommand {
	c := &cobraCommand{Use: "card", Short: "Căn cước cards: records and campaign progress"}
	c.AddCommand(a.cardListCommand(), a.cardProgressCommand(), a.cardProduceCommand(), a.cardExportCommand())
	return c
}

func (a *app) cardListCommand() *cobraCommand {
	var state string
	cmd := &cobraCommand{
		Use:   "list",
		Short: "Print card numbers, one per line (--state produced|active|revoked)",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			switch issuance.CardState(state) {
			case "", issuance.CardProduced, issuance.CardActive, issuance.CardRevoked:
			default:
				return apperr.New(apperr.Invalid, "--state must be produced, active or revoked")
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				cards, err := db.Issuance().Cards(cmd.Context(), issuance.CardState(state), 0)
				if err != nil {
					return err
				}
				for _, c := range cards {
					fmt.Fprintln(a.out, c.Number)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&state, "state", "", "only cards in this state")
	return cmd
}

func (a *app) cardProgressCommand() *cobraCommand {
	var unit, date string
	cmd := &cobraCommand{
		Use:   "progress --unit CODE [--date YYYY-MM-DD]",
		Short: "Campaign progress of a commune or province against its quota and eligible population",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			day := issuance.Day(time.Now())
			if date != "" {
				var err error
				if day, err = parseDay(date); err != nil {
					return err
				}
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc := issuance.NewService(issuance.Config{Store: db.Issuance(), Citizens: db.Citizens(), Units: units.Default()})
				p, err := svc.Progress(cmd.Context(), cliReader, unit, day)
				if err != nil {
					return err
				}
				printProgress(a.out, p, unitName(unit))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "commune (5 digits) or province (2 digits) code of the 2025-07-01 list")
	cmd.Flags().StringVar(&date, "date", "", "day to report (default today)")
	cmd.MarkFlagRequired("unit")
	return cmd
}

func unitName(code string) string {
	if u, ok := units.Default().Lookup(auth.UnitList, code); ok {
		return code + " " + u.FullName
	}
	return code
}

// printProgress prints a table such as
//
//	Received      879,781 / 878,400 = 100.16%
func printProgress(w io.Writer, p issuance.Progress, unit string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Unit\t%s\n", unit)
	fmt.Fprintf(tw, "Day\t%s\n", p.Day.Format(issuance.DayLayout))
	if p.Quota != nil {
		fmt.Fprintf(tw, "Quota\t%s … %s\n", p.Quota.From.Format(issuance.DayLayout), p.Quota.To.Format(issuance.DayLayout))
		fmt.Fprintf(tw, "Received\t%s / %s = %.2f%%\n", thousands(p.Total.Received), thousands(p.Quota.Target), p.PercentOfTarget())
	} else {
		fmt.Fprintf(tw, "Quota\tnone in force\n")
		fmt.Fprintf(tw, "Received\t%s\n", thousands(p.Total.Received))
	}
	fmt.Fprintf(tw, "Produced\t%s\n", thousands(p.Total.Produced))
	fmt.Fprintf(tw, "Handed over\t%s\n", thousands(p.Total.HandedOver))
	fmt.Fprintf(tw, "On the day\treceived %s (%s), produced %s (%s), handed over %s (%s) vs the previous day\n",
		thousands(p.Today.Received), signed(p.Change.Received), thousands(p.Today.Produced), signed(p.Change.Produced),
		thousands(p.Today.HandedOver), signed(p.Change.HandedOver))
	fmt.Fprintf(tw, "Covered\t%s / %s eligible = %.2f%%\n", thousands(p.Covered), thousands(p.Eligible), p.PercentCovered())
	tw.Flush()
}

// thousands writes 879781 as "879,781".
func thousands(n int64) string {
	s := strconv.FormatInt(max(n, -n), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func signed(n int64) string {
	if n >= 0 {
		return "+" + thousands(n)
	}
	return thousands(n)
}
