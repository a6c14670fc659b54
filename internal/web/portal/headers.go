package portal

import (
	"net/http"
	"strings"
)

// csp allows no script at all (the portal needs none but on the passkeys
// page), and styles and images from this origin only; forms post only here. The OpenID Connect
// login leaves by a redirect, which form-action does not restrict.
const csp = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

// cspWithScript is the passkeys page's: WebAuthn needs a script, which
// comes from this origin's static files only (never inline) and fetches
// from this origin only.
const cspWithScript = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

// secure sets the security headers of every response and refuses
// cross-origin unsafe requests (Sec-Fetch-Site / Origin).
func (s *server) secure(next http.Handler) http.Handler {
	inner := http.NewCrossOriginProtection().Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if !strings.HasPrefix(r.URL.Path, Prefix+"/static/") {
			h.Set("Cache-Control", "no-store") // pages carry personal data
		}
		inner.ServeHTTP(w, r)
	})
}
