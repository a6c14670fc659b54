package cli

import (
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/citizenauth"
	"dancu/internal/sqlstore"
)

// citizenTokenCommand issues a citizen token for the data tracker: an
// administrator's stand-in for the e-ID (VNeID) login, which will issue
// the same principal. Only the token's hash is stored; it is printed once.
func (a *app) citizenTokenCommand() *cobraCommand {
	var ttl time.Duration
	cmd := &cobraCommand{
		Use:   "token ID_NUMBER",
		Short: "Issue a citizen token for GET /api/v1/me/accesses (admin use until e-ID login exists)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			number := strings.TrimSpace(args[0])
			if len(number) != 12 || !isDigits(number) {
				return apperr.New(apperr.Invalid, "give the citizen's 12-digit ID number")
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				c, err := db.Citizens().CitizenByIDNumber(cmd.Context(), number)
				if err != nil {
					return err
				}
				token, t, err := citizenauth.Issue(cmd.Context(), db.AuditLog(), c.ID, ttl, time.Now())
				if err != nil {
					return err
				}
				fmt.Fprintln(a.out, token)
				fmt.Fprintf(cmd.ErrOrStderr(), "valid until %s; send it as Authorization: Bearer <token>\n", t.ExpiresAt.Format(time.RFC3339))
				return nil
			})
		},
	}
	cmd.Flags().DurationVar(&ttl, "ttl", time.Hour, "lifetime (at most 168h)")
	return cmd
}
