package cli

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"dancu/internal/auth"
	"dancu/internal/sqlstore"
)

func (a *app) userCommand() *cobraCommand {
	c := &cobraCommand{Use: "user", Short: "Manage officer accounts (roles: commune, district, province, ministry, investigator, auditor, admin)"}
	c.AddCommand(a.userCreateCommand(), a.userListCommand(), a.userPasswordCommand(), a.userDisableCommand(true), a.userDisableCommand(false))
	return c
}

// newPassword makes a random password for a new or reset account; it is
// printed once to the operator and never logged.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// withPassword reads a password from standard input, or generates one,
// runs fn with it, and prints a generated one once fn has succeeded.
func (a *app) withPassword(fromStdin bool, fn func(pw string) error) error {
	pw := newPassword()
	if fromStdin {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read password from standard input: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := fn(pw); err != nil {
		return err
	}
	if !fromStdin {
		fmt.Fprintf(a.out, "password: %s\n", pw)
	}
	return nil
}

func (a *app) userCreateCommand() *cobraCommand {
	var role, unit, name string
	var fromStdin bool
	cmd := &cobraCommand{
		Use:   "create USERNAME",
		Short: "Create an officer account; prints a generated password unless --password-stdin",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			display := name
			if display == "" {
				display = args[0]
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return a.withPassword(fromStdin, func(pw string) error {
					u, err := a.authService(db).CreateUser(cmd.Context(), args[0], display, auth.Role(role), unit, pw)
					if err == nil {
						fmt.Fprintf(a.out, "created %s (%s, unit %q)\n", u.Username, u.Role, u.Unit)
					}
					return err
				})
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "commune", "role: commune, district, province, ministry, investigator, auditor, admin")
	cmd.Flags().StringVar(&unit, "unit", "", "unit code in the current list: 5-digit commune or 2-digit province (empty for national roles)")
	cmd.Flags().StringVar(&name, "name", "", "display name (default: the username)")
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
	return cmd
}

func (a *app) userListCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "list",
		Short: "List officer accounts",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				users, err := a.authService(db).ListUsers(cmd.Context())
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "USERNAME\tROLE\tUNIT\tNAME\tDISABLED")
				for _, u := range users {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%v\n", u.Username, u.Role, u.Unit, u.DisplayName, u.Disabled)
				}
				return w.Flush()
			})
		},
	}
}

func (a *app) userPasswordCommand() *cobraCommand {
	var fromStdin bool
	cmd := &cobraCommand{
		Use:   "passwd USERNAME",
		Short: "Reset a password (ends the user's sessions); prints a generated one unless --password-stdin",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return a.withPassword(fromStdin, func(pw string) error {
					return a.authService(db).ResetPassword(cmd.Context(), args[0], pw)
				})
			})
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
	return cmd
}

func (a *app) userDisableCommand(disable bool) *cobraCommand {
	use, short := "enable USERNAME", "Enable an account"
	if disable {
		use, short = "disable USERNAME", "Disable an account and end its sessions"
	}
	return &cobraCommand{
		Use:   use,
		Short: short,
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc := a.authService(db)
				if disable {
					return svc.Disable(cmd.Context(), args[0])
				}
				return svc.Enable(cmd.Context(), args[0])
			})
		},
	}
}
