package portal

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
)

// maxInProcessBody bounds a provider answer read in process (discovery,
// JWKS and token responses are a few KiB).
const maxInProcessBody = 1 << 20

// inProcess carries the portal's requests to the provider's handler
// inside this process: the relying party still speaks HTTP (go-oidc and
// x/oauth2 do discovery, the token exchange and the JWKS fetch), but
// nothing crosses the network, so the portal needs no route to its own
// public address and no trust in its own TLS certificate.
type inProcess struct{ h http.Handler }

// InProcess is a RoundTripper that serves requests with h.
func InProcess(h http.Handler) http.RoundTripper { return inProcess{h} }

// RoundTrip implements http.RoundTripper.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host
	in.RemoteAddr = "127.0.0.1:0"
	if req.URL.Scheme == "https" {
		// The provider takes its issuer's scheme from the connection.
		in.TLS = &tls.ConnectionState{HandshakeComplete: true, ServerName: req.URL.Hostname()}
	}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	t.h.ServeHTTP(rec, in)
	res := rec.Result()
	res.Body = io.NopCloser(io.LimitReader(res.Body, maxInProcessBody))
	res.Request = req
	return res, nil
}
