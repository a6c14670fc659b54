package portal

import (
	"net/http"
	"strings"
)

// csp allows script from this origin's static files only (the passkeys
// page's WebAuthn calls; never inline), fetch to this origin only, and
// styles and images from this origin only; forms post only here. The OpenID Connect
// login leaves by a redirect, which form-action does not restrict.
const csp = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; " +
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
