// Package pgserver starts a throwaway PostgreSQL server with initdb and
// pg_ctl, on a free loopback port in a temporary directory. Tests use it
// through pgtest; benchmarks use it directly. As root the server runs as
// the postgres user, since PostgreSQL refuses to run as root.
package pgserver

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Server is a running throwaway PostgreSQL.
type Server struct {
	Dir  string
	Port int
	bin  string
	asPG bool
	opts string // the server options it was started with (Resume)
}

// BinDir finds the PostgreSQL server binaries: $DANCU_PG_BIN, then the
// Debian location of version 15, then any version found there.
func BinDir() (string, error) {
	if d := os.Getenv("DANCU_PG_BIN"); d != "" {
		return d, nil
	}
	candidates := []string{"/usr/lib/postgresql/15/bin"}
	more, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	candidates = append(candidates, more...)
	for _, d := range candidates {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package or set DANCU_PG_BIN")
}

// Start launches a new server for tests, tuned for speed: fsync,
// synchronous_commit and full_page_writes off. A test that kills dancu, not
// the server, still finds every committed row (the server's memory holds
// it); only power loss would not. Call Stop when done.
func Start() (*Server, error) { return start(fastSettings) }

// StartDurable launches a new server with production durability: fsync,
// synchronous_commit and full_page_writes on, so a commit returns once its
// WAL is on disk. Benchmarks measure with it: the fast settings flatter
// both dancu and the COPY reference.
func StartDurable() (*Server, error) { return start(durableSettings) }

// Settings of the two kinds of server.
const (
	fastSettings    = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	durableSettings = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
)

func start(settings string) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "dancu-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin, asPG: os.Geteuid() == 0}
	if s.asPG {
		if err := chownToPostgres(dir); err != nil {
			return nil, err
		}
	}
	if out, err := s.run("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if s.Port, err = FreePort(); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 %s -c max_connections=200 -c shared_buffers=256MB", s.Port, dir, settings)
	s.opts = opts
	if out, err := s.run("pg_ctl", "-D", filepath.Join(dir, "data"), "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	return s, nil
}

// PostgresAccount is the uid and gid of the postgres user, which the
// servers run as when the tests run as root (PostgreSQL refuses root).
func PostgresAccount() (uid, gid int, err error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, fmt.Errorf("PostgreSQL refuses to run as root, and there is no postgres user: %w", err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, nil
}

func chownToPostgres(dir string) error {
	uid, gid, err := PostgresAccount()
	if err != nil {
		return err
	}
	return os.Chown(dir, uid, gid)
}

func (s *Server) run(tool string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, tool)
	var cmd *exec.Cmd
	if s.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.Dir
	return cmd.CombinedOutput()
}

// FreePort is a TCP port on loopback that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// DSN returns the URL of a database on the server.
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// CreateDatabase makes a fresh empty database and returns its DSN.
func (s *Server) CreateDatabase(name string) (string, error) {
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return s.DSN(name), nil
}

// Stop shuts the server down and removes its files.
func (s *Server) Stop() error {
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(s.Dir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}
