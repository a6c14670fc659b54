package pgserver

import (
	"fmt"
	"os"
	"path/filepath"
)

// StartWith starts a throwaway server with the fast settings plus extra
// server options ("-c name=value …"), e.g. a preloaded library.
func StartWith(extra string) (*Server, error) { return start(fastSettings + " " + extra) }

// StartStandby makes a streaming standby of s with pg_basebackup -R (the
// primary's default pg_hba trusts local replication connections) and
// starts it on its own free port with the same extra options.
func (s *Server) StartStandby(extra string) (*Server, error) {
	dir, err := os.MkdirTemp("", "dancu-pg-standby-")
	if err != nil {
		return nil, err
	}
	st := &Server{Dir: dir, bin: s.bin, asPG: s.asPG}
	if st.asPG {
		if err := chownToPostgres(dir); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := st.run("pg_basebackup", "-D", data, "-h", "127.0.0.1", "-p", fmt.Sprint(s.Port), "-U", "postgres", "-R", "-X", "stream", "-c", "fast"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_basebackup: %v: %s", err, out)
	}
	if st.Port, err = FreePort(); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 %s %s -c max_connections=200 -c shared_buffers=128MB", st.Port, dir, fastSettings, extra)
	st.opts = opts
	if out, err := st.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start standby: %v: %s\n%s", err, out, log)
	}
	return st, nil
}

// DataDir is the server's data directory (pg1-path for pgBackRest).
func (s *Server) DataDir() string { return filepath.Join(s.Dir, "data") }

// Halt stops the server cleanly and keeps its files, to restore into or
// Resume.
func (s *Server) Halt() error {
	if out, err := s.run("pg_ctl", "-D", s.DataDir(), "-m", "fast", "-w", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Resume starts a halted server again with its options.
func (s *Server) Resume() error {
	if out, err := s.run("pg_ctl", "-D", s.DataDir(), "-l", filepath.Join(s.Dir, "log"), "-o", s.opts, "-w", "-t", "120", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	return nil
}

// GiveToPostgres hands dir (and what it holds) to the postgres account
// when the tests run as root, so the server's tools can use it.
func GiveToPostgres(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return chownToPostgres(path)
	})
}
