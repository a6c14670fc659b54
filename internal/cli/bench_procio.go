package cli

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// procIO is the process's I/O counters (/proc/self/io on Linux; zero
// elsewhere). writeBytes counts the pages the process dirtied for the
// storage layer (a page counts once until it is written back), so it
// leaves out the sockets' writes, which wchar and syscw include: in
// the OIDC bench the clients' and the server's HTTP traffic.
type procIO struct{ writeBytes int64 }

func readProcIO() procIO {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return procIO{}
	}
	var p procIO
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := bytes.Cut(sc.Bytes(), []byte(": "))
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(string(v), 10, 64)
		if string(k) == "write_bytes" {
			p.writeBytes = n
		}
	}
	return p
}
