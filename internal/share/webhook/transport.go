package webhook

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"dancu/internal/share"
)

// errRefused is returned by the dialer for an address the target policy
// does not permit; deliveries that end in it are reported as refused.
var errRefused = errors.New("webhook target refused by policy")

// guardedTransport sends deliveries only to addresses the target policy
// permits. The check runs in the dialer's Control hook, on the address
// actually being connected to after name resolution, for every address
// tried: a host name that resolved to a public address when the
// subscription was made and to 127.0.0.1 now is refused. Each scheme has
// its own transport because the policy depends on it (plain http reaches
// allow-listed networks only), and no proxy is used: a proxy would
// resolve and connect on our behalf, out of the check's sight.
type guardedTransport struct {
	https, http *http.Transport
}

func newGuardedTransport(p share.TargetPolicy, timeout time.Duration) *guardedTransport {
	mk := func(scheme string) *http.Transport {
		d := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !p.Permits(ap.Addr(), scheme) {
				return fmt.Errorf("%w: %s %s", errRefused, network, address)
			}
			return nil
		}}
		return &http.Transport{
			Proxy:               nil,
			DialContext:         d.DialContext,
			TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout: timeout,
			MaxIdleConns:        100,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   true,
		}
	}
	return &guardedTransport{https: mk("https"), http: mk("http")}
}

func (g *guardedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Scheme {
	case "https":
		return g.https.RoundTrip(r)
	case "http":
		return g.http.RoundTrip(r)
	}
	return nil, fmt.Errorf("%w: scheme %q", errRefused, r.URL.Scheme)
}

// newClient is the only HTTP client deliveries use: guarded, with a
// whole-request timeout, and never following a redirect (a 3xx could
// point anywhere, and it is not an acknowledgement).
func newClient(p share.TargetPolicy, timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: newGuardedTransport(p, timeout),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// failureClass maps a delivery error to what the agency may read.
func failureClass(err error) string {
	var nr notAccepted
	switch {
	case errors.Is(err, errRefused):
		return share.DeliveryRefused
	case errors.As(err, &nr):
		return share.DeliveryNotAccepted
	}
	return share.DeliveryUnreachable
}

// notAccepted is a delivery the subscriber answered without a 2xx.
type notAccepted struct{ status int }

func (n notAccepted) Error() string { return fmt.Sprintf("subscriber answered %d", n.status) }
