package share

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"dancu/internal/apperr"
)

// TargetPolicy says where webhooks may be delivered. An agency chooses
// the URL, so without a policy the server would POST wherever it is told:
// to its own loopback services, the cloud metadata address or the
// ministry's private network, and the stored delivery error would tell
// the agency which ports answer. The rule: https to public addresses;
// private targets only inside networks the operator lists (Allow), where
// plain http is accepted too (an internal relay). The same rule is checked
// when a subscription is made (on the resolved addresses, for a clear
// answer) and on every connection (on the address actually dialled, so a
// name that resolves elsewhere later, DNS rebinding, gains nothing).
type TargetPolicy struct {
	Allow []netip.Prefix
}

// ParseAllowList reads the operator's allow-list: CIDR prefixes or single
// addresses, comma-separated.
func ParseAllowList(items []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, raw := range items {
		for _, s := range strings.Split(raw, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if p, err := netip.ParsePrefix(s); err == nil {
				out = append(out, p.Masked())
				continue
			}
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, apperr.WithFields("invalid webhook allow-list", apperr.FieldError{Field: "webhook-allow", Reason: "not a CIDR prefix or an IP address: " + s})
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return out, nil
}

// Allowed reports whether ip is inside the operator's allow-list.
func (p TargetPolicy) Allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, pre := range p.Allow {
		if pre.Contains(ip) {
			return true
		}
	}
	return false
}

// Permits reports whether a webhook may connect to ip over a scheme:
// any allow-listed address; a public one only over https.
func (p TargetPolicy) Permits(ip netip.Addr, scheme string) bool {
	if p.Allowed(ip) {
		return scheme == "https" || scheme == "http"
	}
	return scheme == "https" && IsPublic(ip)
}

// nonPublic are the IANA special-purpose ranges (RFC 6890 and successors)
// that are not globally reachable, beyond what netip classifies itself.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("192.88.99.0/24"),  // deprecated 6to4 relay anycast
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: would reach any IPv4 address, private ones too
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo, ORCHID, ...)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds an IPv4 address
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
}

// IsPublic reports whether ip is a globally reachable unicast address:
// not loopback, private, link-local (169.254.169.254, the cloud metadata
// service, is one), unspecified, multicast, CGNAT, documentation or
// otherwise reserved. An IPv4-mapped IPv6 address is judged as IPv4.
func IsPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || !ip.IsGlobalUnicast() || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Resolver turns a host name into addresses (net.DefaultResolver in
// production; tests give a fixed table, never the network).
type Resolver func(ctx context.Context, host string) ([]netip.Addr, error)

// SystemResolver asks the system's resolver.
func SystemResolver(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

const maxWebhookURL = 2000

func badURL(reason string) error {
	return apperr.WithFields("invalid webhook URL", apperr.FieldError{Field: "url", Reason: reason})
}

// CheckURL decides whether a subscription may name raw: an absolute
// http(s) URL without credentials whose host, resolved with resolve,
// has only addresses the policy permits for its scheme. A name that does
// not resolve and one that resolves to a private address get the same
// answer, and no answer repeats an address: the server's resolver may
// see internal names, and an agency must not learn which exist.
func (p TargetPolicy) CheckURL(ctx context.Context, raw string, resolve Resolver) error {
	u, err := url.Parse(raw)
	if err != nil || len(raw) > maxWebhookURL || !u.IsAbs() || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return badURL("an absolute https URL of at most 2000 characters")
	}
	if u.Scheme != "https" && (u.Scheme != "http" || len(p.Allow) == 0) {
		return badURL("the scheme must be https")
	}
	if u.User != nil {
		return badURL("no user name or password in the URL: deliveries are authenticated by their signature")
	}
	refused := badURL("the host must be a public address (loopback, private, link-local and reserved networks are refused)")
	if u.Scheme == "http" {
		refused = badURL("the scheme must be https; plain http only to the operator's allowed networks")
	}
	host := u.Hostname()
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else if addrs, err = resolve(ctx, host); err != nil || len(addrs) == 0 {
		return refused
	}
	for _, ip := range addrs {
		if !p.Permits(ip, u.Scheme) {
			return refused
		}
	}
	return nil
}

// Delivery failure classes: what a subscription's last_error tells the
// agency. They never carry an address, a port or a transport error's
// text, so last_error cannot serve as a scanner of the server's networks;
// the operator's log has the detail.
const (
	DeliveryRefused     = "refused by policy: the webhook address is not allowed"
	DeliveryUnreachable = "delivery failed: the subscriber could not be reached"
	DeliveryNotAccepted = "delivery failed: the subscriber did not answer with a 2xx status"
)
