package cli

import (
	"context"
	"fmt"
	"os/exec"
	"strings"

	"github.com/spf13/pflag"
)

// pgBackRest drives pgBackRest, which backs PostgreSQL up (full,
// differential or incremental backups plus the WAL archive that
// archive_command pushes) and restores it to a backup or a point in
// time. dancu only runs the documented commands (docs/OPERATIONS.md);
// the stanza, repository and pg1-path live in pgBackRest's own
// configuration.
type pgBackRest struct {
	stanza, config, as string
	kind               string // backup: full, diff or incr
	pgData, target     string // restore: pg1-path and the point in time
	set                string // restore: a backup label instead of the newest
}

func (p *pgBackRest) register(fs *pflag.FlagSet, restore bool) {
	fs.StringVar(&p.stanza, "pgbackrest-stanza", "", "PostgreSQL: the pgBackRest stanza of the register's cluster (env DANCU_PGBACKREST_STANZA)")
	fs.StringVar(&p.config, "pgbackrest-config", "", "PostgreSQL: pgBackRest configuration file (default pgBackRest's own, /etc/pgbackrest/pgbackrest.conf)")
	fs.StringVar(&p.as, "pgbackrest-as", "", "PostgreSQL: run pgBackRest as this account (runuser), e.g. postgres when dancu runs as root")
	if restore {
		fs.StringVar(&p.pgData, "pg-data", "", "PostgreSQL: the data directory to restore into (pg1-path; default the configuration's); PostgreSQL must be stopped")
		fs.StringVar(&p.target, "target-time", "", "PostgreSQL: recover to this instant (\"2026-12-06 02:15:00+00\") instead of the end of the WAL archive")
		fs.StringVar(&p.set, "set", "", "PostgreSQL: the backup label to restore (default the newest that reaches --target-time)")
		return
	}
	fs.StringVar(&p.kind, "pgbackrest-type", "full", "PostgreSQL: full, diff or incr")
}

func (p *pgBackRest) command(ctx context.Context, a *app, args ...string) error {
	all := []string{"--stanza=" + p.stanza}
	if p.config != "" {
		all = append(all, "--config="+p.config)
	}
	all = append(all, args...)
	name := "pgbackrest"
	if p.as != "" {
		all = append([]string{"-u", p.as, "--", "pgbackrest"}, all...)
		name = "runuser"
	}
	cmd := exec.CommandContext(ctx, name, all...)
	cmd.Stdout, cmd.Stderr = a.out, a.errOut
	fmt.Fprintln(a.errOut, "running:", name, strings.Join(all, " "))
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pgbackrest %s: %w", args[len(args)-1], err)
	}
	return nil
}

func (p *pgBackRest) backup(ctx context.Context, a *app) error {
	switch p.kind {
	case "full", "diff", "incr":
	default:
		return fmt.Errorf("--pgbackrest-type must be full, diff or incr, not %q", p.kind)
	}
	if err := p.command(ctx, a, "--type="+p.kind, "backup"); err != nil {
		return err
	}
	fmt.Fprintln(a.out, "pgBackRest backup done; back up DATA/blobs and DATA/pki alongside (dancu backup --to copies them on SQLite)")
	return nil
}

func (p *pgBackRest) restore(ctx context.Context, a *app) error {
	args := []string{"--delta"}
	if p.pgData != "" {
		args = append(args, "--pg1-path="+p.pgData)
	}
	if p.set != "" {
		args = append(args, "--set="+p.set)
	}
	if p.target != "" {
		args = append(args, "--type=time", "--target="+p.target, "--target-action=promote")
	}
	if err := p.command(ctx, a, append(args, "restore")...); err != nil {
		return err
	}
	fmt.Fprintln(a.out, "restored. Next: start PostgreSQL (it replays the archive to the target and promotes), then, with no dancu server running:\n"+
		"  dancu audit record-restore --reason \"…\" --last-head HEAD --backup LABEL\n"+
		"so that the audit log records what the restore rolled back (docs/OPERATIONS.md)")
	return nil
}
