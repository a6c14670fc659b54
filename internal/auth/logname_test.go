package auth_test

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"dancu/internal/auth"
)

// TestFailedLoginLogsNoRawUsername protects the log from what people type
// into the username field: a password typed in the wrong field, a payload
// for whoever reads the log, a megabyte of text. A failed or refused login
// logs the account's id when the name is an account's, otherwise a keyed
// digest and the length, never the text.
func TestFailedLoginLogsNoRawUsername(t *testing.T) {
	var logs bytes.Buffer
	c := &clock{t: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	s := auth.NewService(auth.Config{Store: newMemStore(), Now: c.now, Params: cheap, MaxFailures: 2,
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	u, err := s.CreateUser(ctx, "hung.officer", "Nguyễn Văn Hùng", auth.RoleCommune, "18073", pw)
	if err != nil {
		t.Fatal(err)
	}
	typed := []string{
		"Mật-khẩu-bí-mật-2026",
		"x\n{\"level\":\"ERROR\",\"msg\":\"forged\"}\x1b[31m",
		strings.Repeat("tên-rất-dài-", 20_000),
	}
	for _, name := range typed {
		for range 3 { // the third is refused by the failure limit
			s.Login(ctx, name, "a wrong password", "192.0.2.1")
		}
		c.advance(time.Hour)
	}
	s.Login(ctx, "hung.officer", "a wrong password", "192.0.2.2")
	out := logs.String()
	lower := strings.ToLower(out) // usernames are compared in lower case
	for _, name := range typed {
		for _, part := range []string{"mật-khẩu", "forged", "tên-rất-dài"} {
			if strings.Contains(strings.ToLower(name), part) && strings.Contains(lower, part) {
				t.Errorf("the log holds %q of a typed username", part)
			}
		}
	}
	if len(out) > 4096 {
		t.Errorf("%d bytes of log for ten failed logins", len(out))
	}
	if !strings.Contains(out, `"user_id":"`+u.ID+`"`) {
		t.Errorf("a failed login of an account does not name its id:\n%s", out)
	}
	digests := regexp.MustCompile(`"username_digest":"([0-9a-f]{16})"`).FindAllStringSubmatch(out, -1)
	if len(digests) != 9 || digests[0][1] != digests[2][1] || digests[0][1] == digests[3][1] {
		t.Errorf("want 9 digests, equal for one name and different across names:\n%s", out)
	}
}
