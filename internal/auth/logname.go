package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// logKey keys the digests of usernames in the log. It is new in every
// process, so a digest cannot be reversed by hashing guesses offline, yet
// repeated attempts with one name share a digest for as long as the
// process runs.
var logKey = func() []byte {
	k := make([]byte, 32)
	rand.Read(k) // never fails (crypto/rand, Go 1.24+)
	return k
}()

// loginLogAttrs are the log attributes naming who a failed or refused
// login was for. A username that names an account is logged as the
// account's id; any other is logged only as a keyed digest and its length:
// what was typed may be a password in the wrong field, or text crafted for
// whoever reads the log, and it may be of any length.
func loginLogAttrs(u User, username string) []any {
	if u.ID != "" {
		return []any{"user_id", u.ID}
	}
	mac := hmac.New(sha256.New, logKey)
	mac.Write([]byte(username))
	return []any{"username_digest", hex.EncodeToString(mac.Sum(nil)[:8]), "username_chars", utf8.RuneCountInString(username)}
}
