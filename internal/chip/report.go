package chip

import (
	"errors"
	"fmt"
	"strings"
)

// Names of the passive-authentication checks in a Report. Data group hash
// checks are named "DG1 hash", "DG13 hash"….
const (
	CheckSODStructure   = "EF.SOD structure"
	CheckSODSigner      = "EF.SOD signer certificate"
	CheckSODContentType = "EF.SOD content-type attribute"
	CheckSODDigest      = "EF.SOD message digest"
	CheckSODSignature   = "EF.SOD signature"
	CheckDSIssuer       = "DS certificate issued by CSCA"
	CheckDSValidity     = "DS certificate validity"
	CheckDSKeyUsage     = "DS certificate key usage"
	CheckCSCA           = "CSCA certificate"
	CheckCOM            = "EF.COM lists the data groups"
)

// HashCheckName names the hash check of data group n.
func HashCheckName(n int) string { return fmt.Sprintf("DG%d hash", n) }

// Check is one verification step; Err is nil when it passed.
type Check struct {
	Name string
	Err  error
}

// Report lists every check Verify ran, in order.
type Report struct {
	Checks []Check
}

// OK reports whether every check passed.
func (r Report) OK() bool { return len(r.Failed()) == 0 }

// Failed returns the checks that failed.
func (r Report) Failed() []Check {
	var failed []Check
	for _, c := range r.Checks {
		if c.Err != nil {
			failed = append(failed, c)
		}
	}
	return failed
}

// Find returns the check with the given name.
func (r Report) Find(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

func (r *Report) add(name string, err error) error {
	r.Checks = append(r.Checks, Check{Name: name, Err: err})
	return err
}

// String lists the checks one per line, "ok" or the failure.
func (r Report) String() string {
	var sb strings.Builder
	for _, c := range r.Checks {
		status := "ok"
		if c.Err != nil {
			status = "FAILED: " + c.Err.Error()
		}
		fmt.Fprintf(&sb, "%s: %s\n", c.Name, status)
	}
	return sb.String()
}

// ErrVerification is wrapped by the error Verify returns when a check fails.
var ErrVerification = errors.New("chip: passive authentication failed")

func (r Report) err() error {
	failed := r.Failed()
	if len(failed) == 0 {
		return nil
	}
	msgs := make([]string, len(failed))
	for i, c := range failed {
		msgs[i] = c.Name + ": " + c.Err.Error()
	}
	return fmt.Errorf("%w: %s", ErrVerification, strings.Join(msgs, "; "))
}
