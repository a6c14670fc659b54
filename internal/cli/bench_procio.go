package cli

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// procIO is the process's I/O counters (/proc/self/io on Linux; zero
// elsewhere): wchar counts the bytes handed to write system calls, which
// for SQLite's WAL and checkpoints and the audit journal is what reaches
// the disk, since none of them writes through a mapping.
type procIO struct{ wchar, syscw int64 }

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
		switch string(k) {
		case "wchar":
			p.wchar = n
		case "syscw":
			p.syscw = n
		}
	}
	return p
}
