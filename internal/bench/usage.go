package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Usage is a sample of the CPU this process and the whole machine have
// used. Two samples around a run tell whether the run was bound by the
// CPU (the machine busy) or by waiting (a disk's flush, a lock): on a
// 2-core machine the load generator shares the cores with the server.
type Usage struct {
	process time.Duration
	// busy and total are /proc/stat's first line in clock ticks: total
	// of all fields, busy of all but idle and iowait.
	busy, total int64
}

// SampleUsage reads the process's and the machine's CPU counters; the
// machine's stay zero where /proc/stat cannot be read.
func SampleUsage() Usage {
	var u Usage
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		u.process = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		u.busy, u.total, _ = parseProcStat(string(b))
	}
	return u
}

// parseProcStat reads the machine-wide "cpu" line of /proc/stat: user
// nice system idle iowait irq softirq steal (guest time is inside user).
func parseProcStat(s string) (busy, total int64, err error) {
	line, _, _ := strings.Cut(s, "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0, fmt.Errorf("/proc/stat: no cpu line")
	}
	for i, v := range f[1:min(len(f), 9)] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat field %d: %w", i+1, err)
		}
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total, nil
}

// RunUsage is what a run used between two samples.
type RunUsage struct {
	// PerRequest is the process's CPU (server and in-process clients)
	// divided by the run's requests.
	PerRequest time.Duration
	// MachineBusy is the share of all cores' time not idle, 0..1 (-1:
	// unknown).
	MachineBusy float64
}

// Since is the usage from before to u over requests requests.
func (u Usage) Since(before Usage, requests int) RunUsage {
	r := RunUsage{MachineBusy: -1}
	if requests > 0 {
		r.PerRequest = (u.process - before.process) / time.Duration(requests)
	}
	if dt := u.total - before.total; dt > 0 {
		r.MachineBusy = float64(u.busy-before.busy) / float64(dt)
	}
	return r
}

func (r RunUsage) String() string {
	busy := "unknown"
	if r.MachineBusy >= 0 {
		busy = fmt.Sprintf("%.0f%%", 100*r.MachineBusy)
	}
	return fmt.Sprintf("server CPU %s per request, machine busy %s of all cores", r.PerRequest.Round(time.Microsecond), busy)
}
