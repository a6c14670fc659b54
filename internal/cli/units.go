package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// unitsCommand browses the embedded administrative-unit lists; it needs no
// database, since the lists ship in the binary.
func (a *app) unitsCommand() *cobraCommand {
	var asOf, parent string
	var asJSON bool
	cmd := &cobraCommand{
		Use:   "units",
		Short: "List administrative units in force on a date (provinces, or the children of --parent) with the 2025-07-01 commune mapping",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			day := time.Now().In(vietnamZone)
			if asOf != "" {
				t, err := parseDay(asOf)
				if err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
				day = t
			}
			l, err := units.Default().Browse(day, strings.TrimSpace(parent))
			if err != nil {
				return apperr.WithFields("unknown parent", apperr.FieldError{Field: "--parent", Reason: err.Error()})
			}
			if asJSON {
				enc := json.NewEncoder(a.out)
				enc.SetIndent("", "  ")
				return enc.Encode(units.ViewListing(l, day))
			}
			head := fmt.Sprintf("Danh mục %s (hiệu lực từ %s)", l.List, l.From.Format(time.DateOnly))
			if l.Parent != nil {
				head += " · " + l.Parent.Code + " " + l.Parent.FullName
			}
			fmt.Fprintln(a.out, head)
			w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "CODE\tLEVEL\tNAME\tMAPPING")
			for _, e := range l.Items {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", e.Code, e.Level, e.FullName, mappingText(e))
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "day whose list is wanted (YYYY-MM-DD, default today): before 2025-07-01 the 63-province list")
	cmd.Flags().StringVar(&parent, "parent", "", "list the children of this unit of that list (province, or a district of the 63-province list)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the same shape as GET /api/v1/units)")
	return cmd
}

func mappingText(e units.Entry) string {
	var parts []string
	for _, u := range e.Successors {
		parts = append(parts, "→ "+u.Code+" "+u.FullName)
	}
	for _, u := range e.Predecessors {
		parts = append(parts, "← "+u.Code+" "+u.FullName)
	}
	return strings.Join(parts, "; ")
}

// resolveUnitFilter maps a --unit code (any list) to current codes, with
// the same rule as the API and the web pages (auth.User.SearchUnits; the
// CLI operator is national), and says on stderr what an old code meant.
func (a *app) resolveUnitFilter(code string) ([]string, error) {
	operator := auth.User{Role: auth.RoleAdmin}
	codes, res, err := operator.SearchUnits(units.Default(), strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	if res.Code != "" && res.Mapped() {
		var names []string
		for _, u := range res.Units {
			names = append(names, u.Code+" "+u.FullName)
		}
		fmt.Fprintf(a.errOut, "unit %s is a code of list %s; searching the current units: %s\n", res.Code, res.List, strings.Join(names, ", "))
	}
	return codes, nil
}
