package cli

import (
	"os"
)

// failpointEnv names an import step (registry.ImportStep*) at which the
// process kills itself with SIGKILL: the end-to-end crash tests run a real
// `dancu import` with it, to prove that a batch killed at any step is
// either wholly committed and audited or not there at all. Unset, it
// costs one comparison per step.
const failpointEnv = "DANCU_TEST_KILL_AT"

// failpointFromEnv is the import's failpoint hook, nil unless the
// variable is set.
func failpointFromEnv() func(step string) error {
	at := os.Getenv(failpointEnv)
	if at == "" {
		return nil
	}
	return func(step string) error {
		if step == at {
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Kill() // SIGKILL on Unix: no deferred function, no rollback
			}
			select {} // the signal is on its way
		}
		return nil
	}
}
