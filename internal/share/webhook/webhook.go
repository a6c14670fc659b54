// Package webhook delivers change events to agencies' subscriptions:
// signed POSTs, in order per subscription, retried with exponential
// backoff. An event counts as delivered only on a 2xx answer, and the
// subscription's cursor moves only then, so a subscriber that is down
// receives everything, in order, once it is back. A crash between the
// 2xx and the cursor update resends that one event: the event id
// (Dancu-Webhook-Id) lets subscribers drop it.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Header names of a delivery.
const (
	HeaderID        = "Dancu-Webhook-Id"
	HeaderTimestamp = "Dancu-Webhook-Timestamp"
	HeaderSignature = "Dancu-Webhook-Signature"
	HeaderEventType = "Dancu-Webhook-Event"
)

// Sign returns the signature header value for a body sent at t:
// "v1=" + hex HMAC-SHA256(secret, timestamp + "." + body). Binding the
// timestamp lets subscribers refuse old replays.
func Sign(secret string, t time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(t.Unix(), 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header in constant time; subscribers written
// in Go can use it as it is.
func Verify(secret, timestamp, signature string, body []byte) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	return hmac.Equal([]byte(want), []byte(signature))
}
