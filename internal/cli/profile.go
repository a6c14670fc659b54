package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfile begins CPU profiling when --cpuprofile is set, so a slow
// figure can be explained with `go tool pprof`, and an execution trace
// when --trace is set: a latency that CPU does not explain (a request
// waiting for a goroutine, a lock, the scheduler) shows there, e.g. with
// `go tool trace -pprof=sched FILE`.
func (a *app) startProfile() error {
	if a.traceFile != "" {
		f, err := os.OpenFile(a.traceFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("--trace: %w", err)
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return fmt.Errorf("--trace: %w", err)
		}
		a.traceOut = f
	}
	if a.cpuProfile == "" {
		return nil
	}
	f, err := os.Create(a.cpuProfile)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	a.profileFile = f
	return nil
}

func (a *app) stopProfile() {
	if err := a.writeHeapProfile(); err != nil {
		fmt.Fprintln(a.errOut, err)
	}
	if a.traceOut != nil {
		trace.Stop()
		a.traceOut.Close()
		a.traceOut = nil
	}
	if a.profileFile != nil {
		pprof.StopCPUProfile()
		a.profileFile.Close()
		a.profileFile = nil
	}
}

// writeHeapProfile writes --memprofile once, after a GC so that it shows
// what is live now. A batch import calls it when its rows are all written
// (its largest live set, before the commit frees it); at the end of a
// command the batch's structures are gone, so that is only the fallback.
func (a *app) writeHeapProfile() error {
	if a.memProfile == "" || a.memProfileDone {
		return nil
	}
	a.memProfileDone = true
	f, err := os.OpenFile(a.memProfile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return f.Close()
}
