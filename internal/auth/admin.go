package auth

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/units"
)

// normalizeUsername makes usernames case-insensitive.
func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkUsername(s string) string {
	if len(s) < 3 || len(s) > 64 {
		return "must have 3 to 64 characters"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return "may contain only letters a-z, digits, '.', '_' and '-'"
		}
	}
	return ""
}

// checkUnit validates the unit a role sits on, in UnitList.
func (s *Service) checkUnit(role Role, unit string) string {
	if role.National() {
		if unit != "" {
			return "a national role has no unit"
		}
		return ""
	}
	u, ok := s.units.Lookup(UnitList, unit)
	switch {
	case !ok:
		return "unknown unit code " + unit + " in the " + string(UnitList) + " list"
	case role == RoleCommune && u.Level != units.Commune:
		return "a commune officer sits on a 5-digit commune"
	case role == RoleProvince && u.Level != units.Province:
		return "a province officer sits on a 2-digit province"
	}
	return ""
}

// CreateUser validates and stores a new officer account.
func (s *Service) CreateUser(ctx context.Context, username, displayName string, role Role, unit, password string) (User, error) {
	username, displayName = normalizeUsername(username), strings.TrimSpace(displayName)
	var bad []apperr.FieldError
	add := func(field, reason string) {
		if reason != "" {
			bad = append(bad, apperr.FieldError{Field: field, Reason: reason})
		}
	}
	add("username", checkUsername(username))
	if displayName == "" || utf8.RuneCountInString(displayName) > 200 {
		add("display_name", "must have 1 to 200 characters")
	}
	if _, err := ParseRole(string(role)); err != nil {
		add("role", err.Error())
	} else {
		add("unit", s.checkUnit(role, unit))
	}
	if err := CheckPassword(password); err != nil {
		add("password", err.Error())
	}
	if len(bad) > 0 {
		return User{}, apperr.WithFields("invalid user", bad...)
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	u := User{ID: uuid.Must(uuid.NewV7()).String(), Username: username, DisplayName: displayName,
		Role: role, Unit: unit, CreatedAt: s.now().UTC()}
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		return User{}, err
	}
	s.log.InfoContext(ctx, "user created", "user_id", u.ID, "role", string(role), "unit", unit)
	return u, nil
}

func (s *Service) hash(ctx context.Context, password string) (string, error) {
	hash, err := s.hasher.Hash(ctx, password, s.params)
	if err != nil {
		return "", apperr.Wrap(err, "hash password")
	}
	return hash, nil
}

// User returns the account with username.
func (s *Service) User(ctx context.Context, username string) (User, error) {
	u, _, err := s.store.UserByUsername(ctx, normalizeUsername(username))
	return u, err
}

// ListUsers lists every account.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// ResetPassword sets a new password and ends the user's sessions.
func (s *Service) ResetPassword(ctx context.Context, username, password string) error {
	if err := CheckPassword(password); err != nil {
		return apperr.WithFields("invalid password", apperr.FieldError{Field: "password", Reason: err.Error()})
	}
	u, err := s.User(ctx, username)
	if err != nil {
		return err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "password reset", "user_id", u.ID)
	s.sessions.evictUser(u.ID)
	return s.store.DeleteUserSessions(ctx, u.ID)
}

// Disable locks an account out and ends its sessions.
func (s *Service) Disable(ctx context.Context, username string) error {
	return s.setDisabled(ctx, username, true)
}

// Enable lets a disabled account log in again.
func (s *Service) Enable(ctx context.Context, username string) error {
	return s.setDisabled(ctx, username, false)
}

func (s *Service) setDisabled(ctx context.Context, username string, disabled bool) error {
	u, err := s.User(ctx, username)
	if err != nil {
		return err
	}
	if err := s.store.SetDisabled(ctx, u.ID, disabled); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "user disabled changed", "user_id", u.ID, "disabled", disabled)
	if disabled {
		s.sessions.evictUser(u.ID)
		return s.store.DeleteUserSessions(ctx, u.ID)
	}
	return nil
}
