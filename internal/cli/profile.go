package cli

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile begins CPU profiling when --cpuprofile is set, so a slow
// figure can be explained with `go tool pprof`.
func (a *app) startProfile() error {
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
	if a.profileFile != nil {
		pprof.StopCPUProfile()
		a.profileFile.Close()
		a.profileFile = nil
	}
}
