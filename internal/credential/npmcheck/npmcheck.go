// Package npmcheck runs the npm @sd-jwt/sd-jwt-vc verifier
// (internal/credential/testdata/sdjwtcheck) over credentials in tests: the
// căn cước điện tử must verify with a library we did not write.
package npmcheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"dancu/internal/credential/jose"
	"dancu/internal/testtool"
)

// Case is one input line of check.js.
type Case struct {
	Presentation string   `json:"presentation"`
	IssuerJWK    jose.JWK `json:"issuer_jwk"`
	StatusToken  string   `json:"status_token,omitempty"`
	Now          int64    `json:"now"`
	Required     []string `json:"required,omitempty"`
	Nonce        string   `json:"nonce,omitempty"`
}

// Result is check.js's answer to one case.
type Result struct {
	OK     bool           `json:"ok"`
	Error  string         `json:"error"`
	Claims map[string]any `json:"claims"`
	KB     bool           `json:"kb"`
}

// Dir is the npm project's directory.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "sdjwtcheck")
}

// Run checks each case with @sd-jwt/sd-jwt-vc; it skips the test when
// node or the packages are missing (fails under CI=true).
func Run(t *testing.T, cases []Case) []Result {
	t.Helper()
	node := testtool.Need(t, "node", "apt-get install nodejs")
	dir := Dir()
	testtool.NeedPath(t, filepath.Join(dir, "node_modules", "@sd-jwt", "sd-jwt-vc"), "run `npm ci --prefix "+dir+"`")
	var in bytes.Buffer
	for _, c := range cases {
		b, _ := json.Marshal(c)
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command(node, "check.js")
	cmd.Dir, cmd.Stdin = dir, &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node check.js: %v", err)
	}
	var res []Result
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("check.js output %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	if len(res) != len(cases) {
		t.Fatalf("check.js answered %d of %d cases", len(res), len(cases))
	}
	return res
}
