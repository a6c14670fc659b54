package share

import (
	"strconv"
	"testing"
	"time"
)

// TestAttemptLimiterForgetsRefilledKeys protects the token endpoint's
// memory from invented client ids: a key whose bucket is full again is
// dropped, so the limiter holds only the keys charged recently.
func TestAttemptLimiterForgetsRefilledKeys(t *testing.T) {
	l := newAttemptLimiter(2, time.Second)
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for i := range 100_000 {
		now = now.Add(time.Millisecond) // 2 s, a bucket's refill, is 2,000 keys
		if ok, _ := l.take("invented-"+strconv.Itoa(i), now); !ok {
			t.Fatalf("a fresh key was refused at %d", i)
		}
	}
	if n := len(l.buckets); n > 8_192 {
		t.Errorf("the limiter holds %d keys after 100,000 one-off keys; want those of the last refill time only", n)
	}
}

// TestAttemptLimiterChargesAndRefunds: burst attempts pass, the next waits
// for the refill, a refund gives one back.
func TestAttemptLimiterChargesAndRefunds(t *testing.T) {
	l := newAttemptLimiter(2, 10*time.Second)
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for i := range 2 {
		if ok, _ := l.take("k", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if ok, wait := l.take("k", now); ok || wait != 10*time.Second {
		t.Fatalf("third attempt: ok %v, wait %v; want refused for 10s", ok, wait)
	}
	l.refund("k", now)
	if ok, _ := l.take("k", now); !ok {
		t.Fatal("a refunded attempt is refused")
	}
	if ok, _ := l.take("k", now.Add(10*time.Second)); !ok {
		t.Fatal("an attempt earned back is refused")
	}
}

// TestAddrKeyGroupsAnIPv6Subscriber: addresses of one IPv6 /64 share a
// limit, IPv4 addresses and other /64s do not.
func TestAddrKeyGroupsAnIPv6Subscriber(t *testing.T) {
	if addrKey("2001:db8:1:2::1") != addrKey("2001:db8:1:2:ffff::9") {
		t.Error("two addresses of one /64 have different keys")
	}
	if addrKey("2001:db8:1:2::1") == addrKey("2001:db8:1:3::1") {
		t.Error("two /64s share a key")
	}
	if addrKey("192.0.2.1") == addrKey("192.0.2.2") || addrKey("192.0.2.1") != "192.0.2.1" {
		t.Error("IPv4 addresses are not keyed one by one")
	}
}
