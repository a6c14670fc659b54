package sqlstore_test

import (
	"context"
	"testing"

	"dancu/internal/idempotency"
	"dancu/internal/sqlstore"
)

func TestRedactDSNHidesPasswordsOfOneOrSeveralHosts(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://dancu:s3cret@db1:5432/dancu", "postgres://dancu:xxxxx@db1:5432/dancu"},
		{"postgres://dancu:s3cret@h1:6001,h2:6002,h3:6003/dancu?target_session_attrs=read-write",
			"postgres://dancu:xxxxx@h1:6001,h2:6002,h3:6003/dancu?target_session_attrs=read-write"},
		{"postgres://h1,h2/dancu?user=u&password=pw&target_session_attrs=read-write",
			"postgres://h1,h2/dancu?user=u&password=xxxxx&target_session_attrs=read-write"},
		{"host=h1,h2 user=u password=pw dbname=dancu", "host=h1,h2 user=u password=xxxxx dbname=dancu"},
		{"postgres://dancu@h1,h2/dancu", "postgres://dancu@h1,h2/dancu"},
		{"sqlite:/data/dancu.db", "sqlite:/data/dancu.db"},
	} {
		if got := sqlstore.RedactDSN(c.in); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestReadyOnAPrimary(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		if err := e.db.Ready(context.Background()); err != nil {
			t.Fatalf("Ready on a single server: %v", err)
		}
	})
}

func TestIdempotencyKeyCheck(t *testing.T) {
	for _, c := range []struct {
		key string
		ok  bool
	}{
		{"7f1c2a9e-2b7d-4c55-9f8e-0a1b2c3d4e5f", true},
		{"", false},
		{"has space", false},
		{"tiếng-việt", false},
		{string(make([]byte, idempotency.MaxKeyLen+1)), false},
	} {
		if err := idempotency.Check(c.key); (err == nil) != c.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", c.key, err, c.ok)
		}
	}
}
