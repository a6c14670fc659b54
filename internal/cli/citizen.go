package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dancu/internal/apperr"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

func (a *app) citizenCommand() *cobraCommand {
	c := &cobraCommand{Use: "citizen", Short: "Read citizen records"}
	c.AddCommand(a.citizenShowCommand(), a.citizenFindCommand())
	c.AddCommand(a.citizenTokenCommand())
	return c
}

func (a *app) citizenShowCommand() *cobraCommand {
	var asJSON bool
	var asOf, recordedAsOf string
	cmd := &cobraCommand{
		Use:   "show ID",
		Short: "Show one citizen by 12-digit ID number, 9-digit old number or opaque id",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				key := strings.TrimSpace(args[0])
				var c registry.Citizen
				var err error
				switch {
				case len(key) == 12 && isDigits(key):
					c, err = db.Citizens().CitizenByIDNumber(cmd.Context(), key)
				case len(key) == 9 && isDigits(key):
					var cs []registry.Citizen
					cs, err = db.Citizens().CitizensByOldNumber(cmd.Context(), key)
					if err == nil && len(cs) == 0 {
						err = apperr.New(apperr.NotFound, "no citizen with old number %s", key)
					} else if err == nil {
						c = cs[0]
					}
				default:
					c, err = db.Citizens().Citizen(cmd.Context(), key)
				}
				if err != nil {
					return err
				}
				if asOf != "" || recordedAsOf != "" {
					at, perr := pointInTime(asOf, recordedAsOf)
					if perr != nil {
						return perr
					}
					if c, err = db.Citizens().CitizenAt(cmd.Context(), c.ID, at); err != nil {
						return err
					}
				}
				if err := a.auditCLI(cmd.Context(), db, "citizen.read", []string{c.ID}); err != nil {
					return err
				}
				if asJSON {
					enc := json.NewEncoder(a.out)
					enc.SetIndent("", "  ")
					return enc.Encode(c)
				}
				printCitizen(a, c)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the record as JSON")
	cmd.Flags().StringVar(&asOf, "as-of", "", "show the record in force at the end of this day (YYYY-MM-DD, valid time: legal effective dates)")
	cmd.Flags().StringVar(&recordedAsOf, "recorded-as-of", "", "only what the register had recorded by the end of this day (YYYY-MM-DD, recorded time); alone, what the register showed that day")
	return cmd
}

func printCitizen(a *app, c registry.Citizen) {
	w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s\t%s\n", k, v)
		}
	}
	row("Họ và tên", c.FullName)
	row("Số định danh", c.IDNumber)
	row("Số CMND", c.OldIDNumber)
	row("Ngày sinh", c.BirthDate.DDMMYYYY())
	row("Giới tính", map[registry.Sex]string{registry.Male: "Nam", registry.Female: "Nữ"}[c.Sex])
	row("Dân tộc", registry.EthnicityName(c.Ethnicity))
	row("Tôn giáo", registry.ReligionName(c.Religion))
	row("Thường trú", strings.TrimSpace(c.Permanent.Address+" "+c.Permanent.Commune))
	row("Hộ", c.HouseholdRef)
	row("Trạng thái", string(c.Status))
	row("Phiên bản", fmt.Sprint(c.Version))
	row("Nguồn", c.RecordRef)
	w.Flush()
}

func (a *app) citizenFindCommand() *cobraCommand {
	var unit, household string
	var limit, offset int
	var asJSON bool
	cmd := &cobraCommand{
		Use:   "find QUERY",
		Short: `Search by name (accent-insensitive), optional birth year or date: "nguyen van hung 1990"`,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				q := registry.ParseSearch(strings.Join(args, " "))
				codes, err := a.resolveUnitFilter(unit)
				if err != nil {
					return err
				}
				q.Units, q.Household, q.Limit, q.Offset = codes, household, limit, offset
				page, err := db.Citizens().Search(cmd.Context(), q)
				if err != nil {
					return err
				}
				if asJSON {
					return json.NewEncoder(a.out).Encode(page)
				}
				w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
				ids := make([]string, len(page.Items))
				for i, s := range page.Items {
					ids[i] = s.ID
				}
				if err := a.auditCLI(cmd.Context(), db, "citizen.search", ids); err != nil {
					return err
				}
				fmt.Fprintln(w, "ID NUMBER\tNAME\tBORN\tSEX\tCOMMUNE\tHOUSEHOLD")
				for _, s := range page.Items {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", s.IDNumber, s.FullName, s.BirthDate.DDMMYYYY(), s.Sex, s.Commune, s.HouseholdRef)
				}
				w.Flush()
				if page.More {
					fmt.Fprintf(a.out, "… more results: --offset %d\n", page.Offset+page.Limit)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "narrow to a province (2 digits), district (3) or commune (5); codes of the 2025-03-01 list are mapped to the current units")
	cmd.Flags().StringVar(&household, "household", "", "list the members of a household (residence file number)")
	cmd.Flags().IntVar(&limit, "limit", 20, "results per page (max 200)")
	cmd.Flags().IntVar(&offset, "offset", 0, "skip this many results")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// pointInTime reads --as-of (valid time) and --recorded-as-of (recorded
// time) as the ends of those days in Vietnam, like the API's parameters.
func pointInTime(asOf, recordedAsOf string) (registry.PointInTime, error) {
	var at registry.PointInTime
	endOf := func(flag, s string) (time.Time, error) {
		t, err := parseDay(s)
		if err != nil {
			return t, fmt.Errorf("%s: %w", flag, err)
		}
		return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, vietnamZone).Add(-time.Nanosecond), nil
	}
	var err error
	if recordedAsOf != "" {
		if at.Recorded, err = endOf("--recorded-as-of", recordedAsOf); err != nil {
			return at, err
		}
		at.Valid = at.Recorded
	}
	if asOf != "" {
		if at.Valid, err = endOf("--as-of", asOf); err != nil {
			return at, err
		}
	}
	return at, nil
}
