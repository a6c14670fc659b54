// Package pgformation starts a pg_auto_failover formation on loopback for
// tests: a monitor, a primary and a standby (Debian package
// postgresql-15-auto-failover), each in its own session in a temporary
// directory on free ports, with the monitor's fast failure detection
// (shared/recipes/pg-auto-failover, FAST=1). As root the nodes run as the
// postgres user, which PostgreSQL requires.
package pgformation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"dancu/internal/pgserver"
)

// Formation is a running monitor and two data nodes.
type Formation struct {
	Dir   string
	bin   string
	asPG  bool
	uid   uint32 // of the postgres user, when asPG
	gid   uint32
	ports map[string]int // monitor, node1, node2
	procs map[string]*exec.Cmd
}

// Available reports why a formation cannot start here (nil: it can).
func Available() error {
	bin, err := pgserver.BinDir()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(bin, "pg_autoctl")); err == nil {
		return nil
	}
	if _, err := exec.LookPath("pg_autoctl"); err != nil {
		return fmt.Errorf("pg_autoctl not found in %s or PATH: install postgresql-15-auto-failover and pg-auto-failover-cli", bin)
	}
	return nil
}

// Start creates and starts the formation; it returns once node1 is the
// primary and node2 a streaming standby. Stop it when done.
func Start(ctx context.Context) (*Formation, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	bin, _ := pgserver.BinDir()
	dir, err := os.MkdirTemp("", "dancu-formation-")
	if err != nil {
		return nil, err
	}
	f := &Formation{Dir: dir, bin: bin, asPG: os.Geteuid() == 0, ports: map[string]int{}, procs: map[string]*exec.Cmd{}}
	for _, d := range []string{"data", "log", "run", "xdg"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, err
		}
	}
	if f.asPG {
		uid, gid, err := pgserver.PostgresAccount()
		if err != nil {
			return nil, err
		}
		f.uid, f.gid = uint32(uid), uint32(gid)
		if err := pgserver.GiveToPostgres(dir); err != nil {
			return nil, fmt.Errorf("give %s to postgres: %w", dir, err)
		}
	}
	for _, n := range []string{"monitor", "node1", "node2"} {
		if f.ports[n], err = pgserver.FreePort(); err != nil {
			return nil, err
		}
	}
	if err := f.start(ctx); err != nil {
		f.Stop()
		return nil, err
	}
	return f, nil
}

func (f *Formation) start(ctx context.Context) error {
	if err := f.initdb("monitor"); err != nil {
		return err
	}
	if err := f.launch("monitor", "create", "monitor", "--pgdata", f.data("monitor"), "--pgport", strconv.Itoa(f.ports["monitor"]),
		"--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--auth", "trust", "--no-ssl"); err != nil {
		return err
	}
	if err := f.waitFor(ctx, "the monitor", 120*time.Second, func() bool {
		_, err := f.monitorQuery(ctx, `SELECT count(*) FROM pgautofailover.formation`)
		return err == nil
	}); err != nil {
		return err
	}
	// Fast failure detection: a dead primary is noticed in ~3 s, and the
	// new primary does not wait the default 30 s for the old to demote.
	for _, s := range []string{"health_check_period = 1000", "health_check_timeout = 1000", "health_check_max_retries = 1",
		"health_check_retry_delay = 500", "node_considered_unhealthy_timeout = 3000", "primary_demote_timeout = 6000"} {
		if _, err := f.monitorQuery(ctx, "ALTER SYSTEM SET pgautofailover."+s); err != nil {
			return err
		}
	}
	if _, err := f.monitorQuery(ctx, `SELECT pg_reload_conf()`); err != nil {
		return err
	}
	monURI := fmt.Sprintf("postgres://autoctl_node@127.0.0.1:%d/pg_auto_failover?sslmode=disable", f.ports["monitor"])
	node := func(n string) error {
		return f.launch(n, "create", "postgres", "--pgdata", f.data(n), "--pgport", strconv.Itoa(f.ports[n]), "--hostname", "127.0.0.1",
			"--listen", "127.0.0.1", "--name", n, "--dbname", "dancu", "--monitor", monURI, "--auth", "trust", "--no-ssl")
	}
	if err := f.initdb("node1"); err != nil {
		return err
	}
	if err := node("node1"); err != nil {
		return err
	}
	if err := f.waitState(ctx, "node1", "single", 180*time.Second); err != nil {
		return err
	}
	// pg_basebackup waits for a spread checkpoint; a fast one first.
	if _, err := f.nodeExec(ctx, f.ports["node1"], "postgres", `CHECKPOINT`); err != nil {
		return err
	}
	if err := node("node2"); err != nil {
		return err
	}
	if err := f.waitState(ctx, "node2", "secondary", 300*time.Second); err != nil {
		return err
	}
	if err := f.waitState(ctx, "node1", "primary", 60*time.Second); err != nil {
		return err
	}
	for _, n := range []string{"node1", "node2"} {
		// The old primary demotes itself after 3 s alone, before the
		// monitor's 6 s demote timeout lets the standby take over.
		if out, err := f.pg("pg_autoctl", "config", "set", "--pgdata", f.data(n), "timeout.network_partition_timeout", "3").CombinedOutput(); err != nil {
			return fmt.Errorf("pg_autoctl config set on %s: %v: %s", n, err, out)
		}
	}
	return nil
}

// URI is the formation's multi-host connection string, as
// `pg_autoctl show uri --formation default` prints it.
func (f *Formation) URI() (string, error) {
	out, err := f.pg("pg_autoctl", "show", "uri", "--pgdata", f.data("monitor"), "--formation", "default").Output()
	if err != nil {
		return "", fmt.Errorf("pg_autoctl show uri: %w", err)
	}
	uri := strings.TrimSpace(string(out))
	if !strings.HasPrefix(uri, "postgres") {
		return "", fmt.Errorf("pg_autoctl show uri printed %q", uri)
	}
	// As root the nodes run as postgres, whose role is the superuser.
	return strings.Replace(uri, "postgres://", "postgres://postgres@", 1), nil
}

// Primary names the node the monitor reports as primary ("" when none).
func (f *Formation) Primary(ctx context.Context) string {
	name, _ := f.monitorQuery(ctx, `SELECT nodename FROM pgautofailover.node WHERE reportedstate IN ('primary', 'wait_primary') LIMIT 1`)
	return name
}

// KillPrimary kills the primary node's whole session (its keeper and its
// postgres) with SIGKILL, as a machine crash would, and returns its name
// and the instant the signal was sent (what a test measures recovery from).
func (f *Formation) KillPrimary(ctx context.Context) (string, time.Time, error) {
	name := f.Primary(ctx)
	p := f.procs[name]
	if p == nil {
		return "", time.Time{}, fmt.Errorf("no running primary (monitor says %q)", name)
	}
	at := time.Now()
	if err := syscall.Kill(-p.Process.Pid, syscall.SIGKILL); err != nil {
		return "", at, fmt.Errorf("kill %s: %w", name, err)
	}
	p.Wait()
	delete(f.procs, name)
	f.signalPostmaster(name, syscall.SIGKILL) // one that outlived its keeper (it left the session) too
	return name, at, nil
}

// WaitPrimary waits until a node other than old accepts writes.
func (f *Formation) WaitPrimary(ctx context.Context, old string, limit time.Duration) (string, error) {
	var name string
	err := f.waitFor(ctx, "a new primary", limit, func() bool {
		name = f.Primary(ctx)
		return name != "" && name != old
	})
	return name, err
}

// Stop ends every process the formation started and deletes its files.
func (f *Formation) Stop() error {
	for _, n := range []string{"node2", "node1", "monitor"} {
		p := f.procs[n]
		if p == nil {
			continue
		}
		syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
		delete(f.procs, n)
	}
	// Postmasters whose keeper is gone (already killed) are stopped too.
	for _, n := range []string{"node1", "node2", "monitor"} {
		f.signalPostmaster(n, syscall.SIGQUIT)
	}
	time.Sleep(500 * time.Millisecond)
	return os.RemoveAll(f.Dir)
}

func (f *Formation) data(n string) string { return filepath.Join(f.Dir, "data", n) }

// signalPostmaster signals the postmaster named in node n's pid file, if
// it has one.
func (f *Formation) signalPostmaster(n string, sig syscall.Signal) {
	if b, err := os.ReadFile(filepath.Join(f.data(n), "postmaster.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); err == nil && pid > 0 {
			syscall.Kill(pid, sig)
		}
	}
}

// pg makes a command that runs as the postgres user with the formation's
// private XDG directories (pg_autoctl keeps its state there).
func (f *Formation) pg(tool string, args ...string) *exec.Cmd {
	path := filepath.Join(f.bin, tool)
	if _, err := os.Stat(path); err != nil {
		path, _ = exec.LookPath(tool) // pg_autoctl: /usr/bin on Debian
	}
	cmd := exec.Command(path, args...)
	cmd.Env = []string{"PATH=" + f.bin + ":/usr/bin:/bin", "HOME=" + f.Dir, "LANG=C.UTF-8",
		"XDG_CONFIG_HOME=" + filepath.Join(f.Dir, "xdg", "config"), "XDG_DATA_HOME=" + filepath.Join(f.Dir, "xdg", "data"),
		"XDG_RUNTIME_DIR=" + filepath.Join(f.Dir, "run"), "PGHOST=" + filepath.Join(f.Dir, "run")}
	if f.asPG {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: f.uid, Gid: f.gid}}
	}
	return cmd
}

// initdb prepares a node's data directory with its sockets in the
// formation's directory (pg_autoctl adopts an existing, stopped PGDATA).
func (f *Formation) initdb(n string) error {
	if out, err := f.pg("initdb", "-D", f.data(n), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb %s: %v: %s", n, err, out)
	}
	conf, err := os.OpenFile(filepath.Join(f.data(n), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer conf.Close()
	_, err = fmt.Fprintf(conf, "unix_socket_directories = '%s'\n", filepath.Join(f.Dir, "run"))
	return err
}

// launch starts `pg_autoctl ARGS --run` in its own session, so that a
// SIGKILL of the session kills the node's keeper and postgres together.
func (f *Formation) launch(n string, args ...string) error {
	cmd := f.pg("pg_autoctl", append(args, "--run")...)
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setsid = true
	logf, err := os.OpenFile(filepath.Join(f.Dir, "log", n+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", n, err)
	}
	f.procs[n] = cmd
	return nil
}

// Log returns a node's pg_autoctl output, for a failing test's message.
func (f *Formation) Log(n string) string {
	b, _ := os.ReadFile(filepath.Join(f.Dir, "log", n+".log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func (f *Formation) waitState(ctx context.Context, n, state string, limit time.Duration) error {
	return f.waitFor(ctx, n+" to be "+state, limit, func() bool {
		s, err := f.monitorQuery(ctx, `SELECT reportedstate FROM pgautofailover.node WHERE nodename = '`+n+`'`)
		return err == nil && s == state
	})
}

func (f *Formation) waitFor(ctx context.Context, what string, limit time.Duration, ok func() bool) error {
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s waiting for %s; monitor log:\n%s", limit, what, f.Log("monitor"))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

// monitorQuery returns the first column of the first row (text).
func (f *Formation) monitorQuery(ctx context.Context, q string) (string, error) {
	return f.nodeExec(ctx, f.ports["monitor"], "pg_auto_failover", q)
}

func (f *Formation) nodeExec(ctx context.Context, port int, db, q string) (string, error) {
	conn, err := sql.Open("pgx", fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable&connect_timeout=2", port, db))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var v sql.NullString
	if rows.Next() {
		if cols, _ := rows.Columns(); len(cols) > 0 {
			if err := rows.Scan(&v); err != nil {
				return "", err
			}
		}
	}
	return v.String, errors.Join(rows.Err())
}
