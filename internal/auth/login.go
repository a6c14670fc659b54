package auth

import (
	"context"
	"errors"
	"time"

	"dancu/internal/apperr"
)

// errWrongCredentials never says whether the username exists, is disabled
// or the password is wrong.
func errWrongCredentials() error {
	return apperr.New(apperr.Unauthenticated, "wrong username or password")
}

// RetryAfterError is the cause inside a RateLimited error; the HTTP layer
// turns it into a Retry-After header.
type RetryAfterError struct{ Wait time.Duration }

func (e *RetryAfterError) Error() string             { return "retry after " + e.Wait.String() }
func (e *RetryAfterError) RetryAfter() time.Duration { return e.Wait }

// Login checks a username and password and opens a session. It returns
// the token, which only the client keeps.
func (s *Service) Login(ctx context.Context, username, password, clientIP string) (string, User, error) {
	username = normalizeUsername(username)
	now := s.now()
	keys := []string{"user:" + username}
	if clientIP != "" {
		keys = append(keys, "ip:"+clientIP)
	}
	for _, k := range keys {
		wait, err := s.failures.retryAfterShared(ctx, k, now)
		if err != nil {
			return "", User{}, apperr.Wrap(err, "read failed logins")
		}
		if wait > 0 {
			s.watch.Refused(ChannelOfficer)
			s.log.WarnContext(ctx, "login refused: too many failures", append(loginLogAttrs(User{}, username), "client_ip", clientIP)...)
			return "", User{}, &apperr.Error{Code: apperr.RateLimited,
				Message: "too many failed logins; try again later", Err: &RetryAfterError{Wait: wait}}
		}
	}
	u, ok, err := s.checkPassword(ctx, username, password)
	if err != nil {
		return "", User{}, err
	}
	if !ok {
		for _, k := range keys {
			if err := s.failures.failShared(ctx, k, now); err != nil {
				return "", User{}, apperr.Wrap(err, "count a failed login")
			}
		}
		s.watch.LoginFailed(ChannelOfficer)
		s.log.InfoContext(ctx, "login failed", append(loginLogAttrs(u, username), "client_ip", clientIP)...)
		return "", User{}, errWrongCredentials()
	}
	if err := s.failures.resetShared(ctx, keys[0]); err != nil {
		return "", User{}, apperr.Wrap(err, "clear failed logins")
	}
	token, err := s.openSession(ctx, u, now)
	if err != nil {
		return "", User{}, err
	}
	s.log.InfoContext(ctx, "login", "user_id", u.ID, "client_ip", clientIP)
	return token, u, nil
}

// checkPassword reports whether the credentials name an enabled user.
func (s *Service) checkPassword(ctx context.Context, username, password string) (User, bool, error) {
	u, hash, err := s.store.UserByUsername(ctx, username)
	found := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return User{}, false, err
	}
	if !found {
		hash = s.dummy // the same work as for a known username
	}
	ok, verr := s.hasher.Verify(ctx, password, hash)
	if verr != nil && ctx.Err() != nil && errors.Is(verr, ctx.Err()) {
		return User{}, false, apperr.Wrap(verr, "login interrupted")
	}
	if verr != nil {
		return User{}, false, apperr.Wrap(verr, "stored password hash of user %s is unreadable", u.ID)
	}
	return u, ok && found && !u.Disabled, nil
}
