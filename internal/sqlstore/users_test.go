package sqlstore_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

func sampleUser(name string) auth.User {
	return auth.User{ID: newID(), Username: name, DisplayName: "Trần Thị Lan",
		Role: auth.RoleCommune, Unit: "18073", CreatedAt: time.Date(2026, 1, 5, 8, 0, 0, 123000, time.UTC)}
}

func TestUsers(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		u := sampleUser("lan.tran")
		if err := e.db.Users().CreateUser(ctx, u, "$argon2id$hash"); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Users().CreateUser(ctx, sampleUser("lan.tran"), "x"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("duplicate username: %v, want conflict", err)
		}
		got, hash, err := e.db.Users().UserByUsername(ctx, "lan.tran")
		if err != nil || hash != "$argon2id$hash" || got != u {
			t.Errorf("by username = %+v %q %v, want %+v", got, hash, err, u)
		}
		if got, err := e.db.Users().UserByID(ctx, u.ID); err != nil || got != u {
			t.Errorf("by id = %+v %v", got, err)
		}
		if _, _, err := e.db.Users().UserByUsername(ctx, "nobody"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown username: %v", err)
		}
		admin := sampleUser("admin")
		admin.Role, admin.Unit = auth.RoleAdmin, ""
		e.db.Users().CreateUser(ctx, admin, "y")
		list, err := e.db.Users().ListUsers(ctx)
		if err != nil || len(list) != 2 || list[0].Username != "admin" {
			t.Errorf("list = %+v %v", list, err)
		}
		if err := e.db.Users().SetPassword(ctx, u.ID, "new"); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Users().SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		got, hash, _ = e.db.Users().UserByUsername(ctx, "lan.tran")
		if hash != "new" || !got.Disabled {
			t.Errorf("after updates: hash %q disabled %v", hash, got.Disabled)
		}
		if err := e.db.Users().SetDisabled(ctx, newID(), true); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("disable unknown: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		u := sampleUser("lan.tran")
		e.db.Users().CreateUser(ctx, u, "h")
		t0 := e.clock.now()
		s := auth.Session{TokenHash: auth.HashToken("a"), UserID: u.ID, CreatedAt: t0, LastSeen: t0}
		if err := e.db.Users().CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		e.db.Users().CreateSession(ctx, auth.Session{TokenHash: auth.HashToken("b"), UserID: u.ID, CreatedAt: t0, LastSeen: t0})
		got, err := e.db.Users().SessionByTokenHash(ctx, s.TokenHash)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != u.ID || got.User != u || !got.CreatedAt.Equal(t0) || !got.LastSeen.Equal(t0) {
			t.Errorf("session = %+v", got)
		}
		later := t0.Add(10 * time.Minute)
		if err := e.db.Users().TouchSession(ctx, s.TokenHash, later); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.db.Users().SessionByTokenHash(ctx, s.TokenHash); !got.LastSeen.Equal(later) {
			t.Errorf("last seen = %v, want %v", got.LastSeen, later)
		}
		// "b" was idle since t0: purging with an idle cut-off between keeps "a".
		n, err := e.db.Users().DeleteExpiredSessions(ctx, t0.Add(time.Minute), t0.Add(-time.Hour))
		if err != nil || n != 1 {
			t.Errorf("purge = %d, %v; want 1", n, err)
		}
		if err := e.db.Users().DeleteSession(ctx, s.TokenHash); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Users().SessionByTokenHash(ctx, s.TokenHash); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("deleted session: %v", err)
		}
		e.db.Users().CreateSession(ctx, s)
		if err := e.db.Users().DeleteUserSessions(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Users().SessionByTokenHash(ctx, s.TokenHash); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("session after DeleteUserSessions: %v", err)
		}
	})
}

// TestAuthServiceOnStore runs the login flow through the real adapter.
func TestAuthServiceOnStore(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := auth.NewService(auth.Config{Store: e.db.Users(), Now: e.clock.now, Params: auth.Params{Memory: 64, Time: 1, Threads: 1},
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if _, err := svc.CreateUser(ctx, "admin", "Quản trị", auth.RoleAdmin, "", "a long password"); err != nil {
			t.Fatal(err)
		}
		token, u, err := svc.Login(ctx, "admin", "a long password", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		e.clock.advance(5 * time.Minute)
		if got, err := svc.Authenticate(ctx, token); err != nil || got.ID != u.ID {
			t.Fatalf("authenticate: %v %v", got, err)
		}
		e.clock.advance(31 * time.Minute)
		if _, err := svc.Authenticate(ctx, token); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("idle session: %v", err)
		}
	})
}
