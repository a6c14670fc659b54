package ui

import (
	"strings"
	"testing"
)

// TestLocalPathRefusesOffSiteTargets protects every redirect to a
// user-supplied target (login's next, the language switch's back) from
// sending the officer to another site: browsers strip tabs and newlines
// and read backslashes as slashes, so each of these would leave the site.
func TestLocalPathRefusesOffSiteTargets(t *testing.T) {
	hostile := []string{
		"", "citizens", "https://evil.example", "http:/evil.example", "javascript:alert(1)", "data:text/html,x",
		"//evil.example", "///evil.example", "//evil.example/x", `/\evil.example`, `\\evil.example`, `/x\..\..\evil`,
		"/\t/evil.example/x", "/\n/evil.example", "/\r/evil.example", "/\x00/evil.example", "/\x7f/evil.example",
		"/\u0085/evil.example", "/ /evil.example", "/\u00a0/evil.example", "/\u3000/evil.example",
		"\t//evil.example", " /evil.example", "/\t\t/evil.example", "/citizens\t", "/\xff/evil.example",
		"/" + strings.Repeat("a", 4096),
		// Harmless in a browser, but a proxy that decodes the path
		// would see "//evil.example": refused as well.
		"/%2F/evil.example", "/%2f%2fevil.example",
	}
	for _, in := range hostile {
		if got := localPath(in); got != "/" {
			t.Errorf("localPath(%.80q) = %.80q, want \"/\"", in, got)
		}
	}
	for _, in := range []string{"/", "/citizens", "/citizens/0190a1b2-0000-7000-8000-000000000001?saved=1#history",
		"/applications?state=handed_over&station=x", "/dashboard/42", "/a//b"} {
		if got := localPath(in); got != in {
			t.Errorf("localPath(%q) = %q, want it kept", in, got)
		}
	}
}
