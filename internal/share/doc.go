// Package share is the citizen-information sharing domain: partner
// agencies with their legal basis, purposes and field scopes; the
// verification rules (match and eKYC projection); OAuth2 client
// authentication and access tokens; per-agency rate limits; and the change
// events agencies subscribe to. It imports no SQL or HTTP package: storage
// is the Store interface, the HTTP layer lives in internal/web/api and
// webhook delivery in internal/share/webhook.
package share
