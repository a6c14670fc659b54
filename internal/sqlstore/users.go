package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

const userColumns = `id, username, display_name, role, unit, disabled, created_at`

// scanUser reads userColumns (plus extra destinations after them).
func scanUser(row interface{ Scan(...any) error }, extra ...any) (auth.User, error) {
	var u auth.User
	var created any
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.Unit, &u.Disabled, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return u, err
	}
	var err error
	u.CreatedAt, err = scanTime(created)
	return u, err
}

func userResult(u auth.User, err error, what string) (auth.User, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.New(apperr.NotFound, "no user with that %s", what)
	}
	if err != nil {
		return u, apperr.Wrap(err, "read user by %s", what)
	}
	return u, nil
}

// CreateUser inserts an account; a taken username is a Conflict.
func (d *Users) CreateUser(ctx context.Context, u auth.User, passwordHash string) error {
	at := d.dialect.timeArg(u.CreatedAt)
	_, err := d.sql.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, unit, password_hash, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		u.ID, u.Username, u.DisplayName, string(u.Role), u.Unit, passwordHash, u.Disabled, at, at)
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: "username " + u.Username + " is taken", Err: err}
	}
	return normalize(err, "create user")
}

// UserByUsername returns the account and its password hash.
func (d *Users) UserByUsername(ctx context.Context, username string) (auth.User, string, error) {
	var hash string
	u, err := scanUser(d.sql.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE username = $1`, username), &hash)
	u, err = userResult(u, err, "username")
	return u, hash, err
}

// UserByID returns the account with id.
func (d *Users) UserByID(ctx context.Context, id string) (auth.User, error) {
	u, err := scanUser(d.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return userResult(u, err, "id")
}

// ListUsers lists every account by username.
func (d *Users) ListUsers(ctx context.Context) ([]auth.User, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, apperr.Wrap(err, "list users")
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list users")
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "list users")
	}
	return out, nil
}

// SetPassword replaces a user's password hash.
func (d *Users) SetPassword(ctx context.Context, userID, passwordHash string) error {
	return d.updateUser(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, userID, passwordHash)
}

// SetDisabled locks or unlocks an account.
func (d *Users) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	return d.updateUser(ctx, `UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1`, userID, disabled)
}

func (d *DB) updateUser(ctx context.Context, query, id string, value any) error {
	res, err := d.sql.ExecContext(ctx, query, id, value, d.dialect.timeArg(d.now()))
	if err != nil {
		return apperr.Wrap(err, "update user")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "no user with that id")
	}
	return nil
}

// CreateSession stores a new session.
func (d *Users) CreateSession(ctx context.Context, s auth.Session) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)`,
		s.TokenHash, s.UserID, d.dialect.timeArg(s.CreatedAt), d.dialect.timeArg(s.LastSeen))
	return normalize(err, "create session")
}

// SessionByTokenHash reads a session with its user in one query, since it
// runs on every authenticated request.
func (d *Users) SessionByTokenHash(ctx context.Context, tokenHash string) (auth.Session, error) {
	s := auth.Session{TokenHash: tokenHash}
	var created, seen, userCreated any
	u := &s.User
	err := d.hotRow(ctx, `SELECT s.created_at, s.last_seen_at, u.id, u.username, u.display_name, u.role, u.unit, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash).
		Scan(&created, &seen, &u.ID, &u.Username, &u.DisplayName, &u.Role, &u.Unit, &u.Disabled, &userCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, apperr.New(apperr.NotFound, "no such session")
	}
	if err != nil {
		return s, apperr.Wrap(err, "read session")
	}
	s.UserID = u.ID
	for _, t := range []struct {
		dst *time.Time
		src any
	}{{&s.CreatedAt, created}, {&s.LastSeen, seen}, {&u.CreatedAt, userCreated}} {
		if *t.dst, err = scanTime(t.src); err != nil {
			return s, apperr.Wrap(err, "read session")
		}
	}
	return s, nil
}

// TouchSession slides a session's idle deadline.
func (d *Users) TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error {
	_, err := d.sql.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, tokenHash, d.dialect.timeArg(lastSeen))
	return normalize(err, "touch session")
}

// DeleteSession ends one session; an unknown one is not an error.
func (d *Users) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := d.sql.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return normalize(err, "delete session")
}

// DeleteUserSessions ends every session of a user.
func (d *Users) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := d.sql.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return normalize(err, "delete user sessions")
}

// DeleteExpiredSessions removes sessions idle or old past the cut-offs.
func (d *Users) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error) {
	res, err := d.sql.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2`,
		d.dialect.timeArg(idleBefore), d.dialect.timeArg(createdBefore))
	if err != nil {
		return 0, apperr.Wrap(err, "purge sessions")
	}
	n, _ := res.RowsAffected()
	return n, nil
}
