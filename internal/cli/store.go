package cli

import (
	"context"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// openStore opens the configured database and runs pending migrations.
// A SQLite database in the data directory creates that directory (0700)
// first; sqlstore creates the file itself 0600.
func (a *app) openStore(ctx context.Context) (*sqlstore.DB, error) {
	dsn := a.dsn()
	if file, ok := sqlitePath(dsn); ok {
		if err := a.privateDir(filepath.Dir(file)); err != nil {
			return nil, err
		}
	}
	return sqlstore.Open(ctx, dsn, sqlstore.Options{Units: units.Default(), Replicas: a.dbRead.options(a)})
}

// newID makes opaque record IDs: UUIDv7 is time-ordered, so inserts append
// to the primary-key index instead of scattering across it.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

func utcNow() time.Time { return time.Now().UTC() }

func (a *app) migrateCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "migrate",
		Short: "Apply the embedded schema migrations (they also run on every start)",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				v, err := db.SchemaVersion(cmd.Context())
				if err != nil {
					return err
				}
				a.log.Info("schema up to date", "engine", db.Engine(), "version", v)
				return nil
			})
		},
	}
}

// withStore runs fn with the configured database open, and closes it.
func (a *app) withStore(cmd *cobraCommand, fn func(db *sqlstore.DB) error) error {
	db, err := a.openStore(cmd.Context())
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}
