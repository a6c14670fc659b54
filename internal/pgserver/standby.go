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
	if st.Port, err = freePort(); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 %s %s -c max_connections=200 -c shared_buffers=128MB", st.Port, dir, fastSettings, extra)
	if out, err := st.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start standby: %v: %s\n%s", err, out, log)
	}
	return st, nil
}
