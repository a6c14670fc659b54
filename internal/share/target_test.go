package share

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// TestWebhookTargetsArePublicOnly: the addresses a webhook may never
// reach without the allow-list, in both IP families and in the disguises
// (IPv4-mapped IPv6, NAT64, 6to4) that would smuggle one past a check.
func TestWebhookTargetsArePublicOnly(t *testing.T) {
	for _, tc := range []struct {
		ip     string
		public bool
	}{
		{"8.8.8.8", true},
		{"2001:4860:4860::8888", true},
		{"127.0.0.1", false},
		{"127.255.0.9", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"100.64.0.1", false}, // CGNAT
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"192.0.2.10", false},
		{"198.18.0.1", false},
		{"64:ff9b::7f00:1", false}, // NAT64 of 127.0.0.1
		{"2002:7f00:1::1", false},  // 6to4 of 127.0.0.1
		{"2001:db8::1", false},
		{"::ffff:8.8.8.8", true},
	} {
		if got := IsPublic(netip.MustParseAddr(tc.ip)); got != tc.public {
			t.Errorf("IsPublic(%s) = %v", tc.ip, got)
		}
	}
}

// fakeDNS answers from a table and never touches the network.
func fakeDNS(table map[string][]string) Resolver {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, s := range table[host] {
			out = append(out, netip.MustParseAddr(s))
		}
		if len(out) == 0 {
			return nil, errors.New("no such host")
		}
		return out, nil
	}
}

// TestWebhookURLNeedsHTTPSToPublicAddress is the subscription-time rule:
// https to public addresses; private ones (loopback, localhost,
// link-local metadata, a name resolving privately, even one of several
// addresses) only inside the operator's allow-list, where http is
// accepted too. The refusals never repeat a resolved address, and a name
// that does not resolve is answered as one that resolves privately.
func TestWebhookURLNeedsHTTPSToPublicAddress(t *testing.T) {
	dns := fakeDNS(map[string][]string{
		"hooks.bank.vn":  {"203.113.131.1"},
		"localhost":      {"127.0.0.1", "::1"},
		"rebind.example": {"8.8.4.4", "10.0.0.7"},
		"relay.internal": {"10.20.0.5"},
		"meta.example":   {"169.254.169.254"},
	})
	none := TargetPolicy{}
	relay, err := ParseAllowList([]string{"10.20.0.0/16, 192.168.7.7"})
	if err != nil {
		t.Fatal(err)
	}
	allowed := TargetPolicy{Allow: relay}
	for _, tc := range []struct {
		policy TargetPolicy
		url    string
		ok     bool
		reason string
	}{
		{none, "https://hooks.bank.vn/dancu", true, ""},
		{none, "https://8.8.8.8:8443/x", true, ""},
		{none, "http://hooks.bank.vn/dancu", false, "https"},
		{none, "http://127.0.0.1:6379/", false, "https"},
		{none, "https://127.0.0.1/", false, "public address"},
		{none, "https://localhost:8080/", false, "public address"},
		{none, "https://[::1]:8080/", false, "public address"},
		{none, "https://[::ffff:127.0.0.1]/", false, "public address"},
		{none, "http://169.254.169.254/latest/meta-data/", false, "https"},
		{none, "https://169.254.169.254/latest/meta-data/", false, "public address"},
		{none, "https://meta.example/", false, "public address"},
		{none, "https://rebind.example/", false, "public address"},
		{none, "https://relay.internal/", false, "public address"},
		{none, "https://nowhere.example/", false, "public address"},
		{none, "https://user:pw@hooks.bank.vn/", false, "password"},
		{none, "ftp://hooks.bank.vn/", false, "scheme"},
		{none, "http://relay.internal/", false, "https"},
		{none, "hooks.bank.vn/x", false, "absolute"},
		{none, "https:///x", false, "absolute"},
		{none, "https://" + strings.Repeat("a", 2000) + ".vn/", false, "absolute"},
		{allowed, "http://relay.internal:8080/hook", true, ""},
		{allowed, "https://10.20.1.1/hook", true, ""},
		{allowed, "http://192.168.7.7/hook", true, ""},
		{allowed, "http://192.168.7.8/hook", false, "allowed networks"},
		{allowed, "http://127.0.0.1/hook", false, "allowed networks"},
		{allowed, "http://nowhere.example/hook", false, "allowed networks"},
		{allowed, "http://hooks.bank.vn/hook", false, "https"},
	} {
		err := tc.policy.CheckURL(context.Background(), tc.url, dns)
		if (err == nil) != tc.ok {
			t.Errorf("%.60s: err = %v, want ok=%v", tc.url, err, tc.ok)
			continue
		}
		if err == nil {
			continue
		}
		if !hasField(err, "url") || !strings.Contains(fieldReasons(err), tc.reason) {
			t.Errorf("%.60s: %v (%s), want a url reason with %q", tc.url, err, fieldReasons(err), tc.reason)
		}
		for _, leak := range []string{"10.0.0.7", "169.254", "127.0.0.1", "10.20.0.5"} {
			if strings.Contains(fieldReasons(err), leak) {
				t.Errorf("%s: the refusal repeats an address: %s", tc.url, fieldReasons(err))
			}
		}
	}
}

// TestWebhookURLRefusalsDoNotTellNamesApart: the server's resolver may
// know internal names; whether a name resolves privately or not at all,
// the agency reads the same refusal.
func TestWebhookURLRefusalsDoNotTellNamesApart(t *testing.T) {
	dns := fakeDNS(map[string][]string{"vault.corp": {"10.1.1.1"}})
	p := TargetPolicy{Allow: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}}
	for _, scheme := range []string{"https", "http"} {
		internal := p.CheckURL(context.Background(), scheme+"://vault.corp/", dns)
		missing := p.CheckURL(context.Background(), scheme+"://nothing.corp/", dns)
		if internal == nil || missing == nil || fieldReasons(internal) != fieldReasons(missing) {
			t.Errorf("%s: %q vs %q", scheme, fieldReasons(internal), fieldReasons(missing))
		}
	}
}

func TestWebhookAllowListParsing(t *testing.T) {
	got, err := ParseAllowList([]string{"10.0.0.0/8,127.0.0.1", " fd00::/8 "})
	if err != nil || len(got) != 3 || got[1].String() != "127.0.0.1/32" {
		t.Fatalf("ParseAllowList = %v, %v", got, err)
	}
	if _, err := ParseAllowList([]string{"10.0.0.0/8,intranet"}); !hasField(err, "webhook-allow") {
		t.Errorf("a name in the allow-list: %v", err)
	}
}
