package idpweb_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/testtool"
)

// rpResult is what testdata/rp/rp.mjs prints at the end.
type rpResult struct {
	OK                   bool           `json:"ok"`
	Error                string         `json:"error"`
	Message              string         `json:"message"`
	Cause                string         `json:"cause"`
	TokenType            string         `json:"token_type"`
	Claims               map[string]any `json:"claims"`
	UserInfo             map[string]any `json:"userinfo"`
	UserInfoWithoutProof string         `json:"userinfo_without_proof"`
}

// runNodeRP runs openid-client as the relying party: it prints the
// authorization URL, drive takes the browser through the provider and
// returns the callback URL, and the script redeems the code.
func runNodeRP(t *testing.T, p *provider, cfg map[string]any, drive func(authURL string) string) rpResult {
	t.Helper()
	node := testtool.Need(t, "node", "apt-get install nodejs")
	dir := filepath.Join("testdata", "rp")
	testtool.NeedPath(t, filepath.Join(dir, "node_modules", "openid-client"), "run `npm ci` in "+dir)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg["issuer"] = p.srv.URL
	arg, _ := json.Marshal(cfg)
	cmd := exec.Command(node, "rp.mjs", string(arg))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_EXTRA_CA_CERTS="+ca)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
		}
	}()
	lines := bufio.NewScanner(stdout)
	var first map[string]string
	if !lines.Scan() || json.Unmarshal(lines.Bytes(), &first) != nil {
		cmd.Wait()
		t.Fatalf("rp.mjs: %q\n%s", lines.Text(), stderr.String())
	}
	if first["authorize"] == "" {
		cmd.Wait()
		t.Fatalf("rp.mjs did not start the flow: %s\n%s", lines.Text(), stderr.String())
	}
	callback := drive(first["authorize"])
	io.WriteString(stdin, callback+"\n")
	stdin.Close()
	var res rpResult
	if !lines.Scan() || json.Unmarshal(lines.Bytes(), &res) != nil {
		cmd.Wait()
		t.Fatalf("rp.mjs result %q\n%s", lines.Text(), stderr.String())
	}
	cmd.Wait()
	return res
}

// rpKey is a relying party's P-256 key: PKCS#8 for the script, the public
// half as PEM for registration.
func rpKey(t *testing.T) (privPEM, pubPEM string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}
