package cli

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveProcess is a `dancu serve` child process on a free port: the crash
// and failover tests need a real process to kill or to outlive a database.
type serveProcess struct {
	base string
	cmd  *exec.Cmd
	stop func() // SIGTERM, then SIGKILL after 30 s; once
}

// seededDeployment imports a generated province-42 register of people
// (seed decides who) into dsn, with the data and keys directories under
// dir, and returns the flags that name them.
func seededDeployment(t *testing.T, dsn, dir string, people, seed int) []string {
	t.Helper()
	flags := []string{"--db", dsn, "--data", filepath.Join(dir, "data"), "--keys", filepath.Join(dir, "keys")}
	file := filepath.Join(dir, "people.csv")
	mustRun(t, "generate", "--province", "42", "--people", strconv.Itoa(people), "--seed", strconv.Itoa(seed), "--out", file)
	mustRun(t, append(append([]string{"import", "--no-progress", "--as-of", "2026-01-01"}, flags...), file)...)
	return flags
}

var servingLine = regexp.MustCompile(`msg=serving addr=(\S+)`)

func startServeProcess(t *testing.T, flags []string) serveProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, flags...)...)
	cmd.Env = append(os.Environ(), cliTestMainEnv+"=1")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		})
	}
	if addr == "" {
		stop()
		t.Fatal("the server did not start")
	}
	return serveProcess{base: "http://" + addr, cmd: cmd, stop: stop}
}
