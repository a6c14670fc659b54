package portal

import (
	"testing"
	"time"
)

func TestSessionsExpire(t *testing.T) {
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	st := NewSessions(SessionConfig{Idle: 10 * time.Minute, Absolute: time.Hour, Max: 2, Now: func() time.Time { return now }})
	s := Session{CitizenID: "c1", AccountID: "a1", Level: 2}
	if _, err := st.Create(Session{CitizenID: "c1"}); err == nil {
		t.Fatal("a session without account was created")
	}
	tok, err := st.Create(s)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ { // used every 9 minutes: idle never reached
		now = now.Add(9 * time.Minute)
		if _, err := st.Get(tok); err != nil {
			t.Fatalf("after %d uses: %v", i, err)
		}
	}
	now = now.Add(16 * time.Minute) // 61 minutes after login
	if _, err := st.Get(tok); err == nil {
		t.Fatal("a session outlived its absolute limit")
	}
	a, _ := st.Create(s)
	now = now.Add(11 * time.Minute)
	if _, err := st.Get(a); err == nil {
		t.Fatal("an idle session was still live")
	}
	b, _ := st.Create(s)
	now = now.Add(time.Minute)
	c, _ := st.Create(s)
	now = now.Add(time.Minute)
	d, _ := st.Create(s) // over Max: the one closest to its end (b) goes
	if _, err := st.Get(b); err == nil {
		t.Error("the oldest session survived the bound")
	}
	for _, x := range []string{c, d} {
		if _, err := st.Get(x); err != nil {
			t.Errorf("a newer session was evicted: %v", err)
		}
	}
	st.End(d)
	if _, err := st.Get(d); err == nil {
		t.Error("an ended session is live")
	}
}
