package ui

import (
	"net/http"
	"strings"
)

// csp allows nothing inline: scripts, styles and images come from this
// origin only (charts are inline SVG elements, which CSP does not cover).
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

// secure sets the security headers of every response and refuses
// cross-origin unsafe requests (Sec-Fetch-Site / Origin), which covers the
// login form before a session and its CSRF token exist.
func (s *server) secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages carry personal data: never store them anywhere.
			h.Set("Cache-Control", "no-store")
		}
		inner.ServeHTTP(w, r)
	})
}
