package idp

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"dancu/internal/audit"
)

// idTokenLife is the ID token's lifetime.
const idTokenLife = 10 * time.Minute

type idTokenInput struct {
	issuer, client, sub, nonce string
	level                      int
	amr                        []string
	authTime, now              time.Time
	claims                     map[string]any
}

// signIDToken makes the ID token (OIDC Core §2): the registered claims,
// the acr of the account's level, and the released claims.
func (s *Service) signIDToken(in idTokenInput) (string, error) {
	body := make(map[string]any, len(in.claims)+10)
	for k, v := range in.claims {
		body[k] = v
	}
	body["iss"], body["sub"], body["aud"], body["azp"] = in.issuer, in.sub, in.client, in.client
	body["iat"], body["exp"] = in.now.Unix(), in.now.Add(idTokenLife).Unix()
	body["acr"] = ACR(in.level)
	if !in.authTime.IsZero() {
		body["auth_time"] = in.authTime.Unix()
	}
	if in.nonce != "" {
		body["nonce"] = in.nonce
	}
	if len(in.amr) > 0 {
		body["amr"] = in.amr
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("idp: encode id token: %w", err)
	}
	return s.cfg.Keys.Sign(payload)
}

// IDTokenHint reads an ID token this provider issued (RP-initiated logout's
// id_token_hint): signature checked, expiry not (OIDC RP-Initiated Logout
// §2). It returns the client and the pairwise subject.
func (s *Service) IDTokenHint(hint, issuer string) (clientID, sub string, err error) {
	tok, err := jwt.ParseSigned(hint, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil || len(tok.Headers) != 1 {
		return "", "", refuse(ErrInvalidRequest, "id_token_hint is not an ID token of this provider")
	}
	pub, ok := s.cfg.Keys.Public(tok.Headers[0].KeyID)
	var c jwt.Claims
	if !ok || tok.Claims(pub, &c) != nil || c.Issuer != issuer || len(c.Audience) != 1 {
		return "", "", refuse(ErrInvalidRequest, "id_token_hint is not an ID token of this provider")
	}
	return c.Audience[0], c.Subject, nil
}

// record writes the audit entry of a release of claims to a relying party;
// it shows in the citizen's data tracker under the relying party's id.
// The relying party (AgencyID) is who received the data, on behalf of the
// citizen's account (OnBehalfOf); UserID stays for officers and citizens
// acting themselves. Found by citizen and by relying party, the entry
// stays out of the log's user index, whose leaf for a random account
// was a third of the pages each entry wrote (BenchmarkAuditAppend).
func (s *Service) record(ctx context.Context, c Client, t Token, claims map[string]any, action string) error {
	e := audit.Entry{Time: s.cfg.Now(), OnBehalfOf: t.AccountID, Role: "relying_party", Action: action, Route: "/oidc",
		CitizenIDs: []string{t.CitizenID}, AgencyID: c.ID, Fields: ReleasedFields(claims),
		Purpose: "Đăng nhập bằng tài khoản định danh điện tử (OpenID Connect)", LegalBasis: c.LegalBasis,
		ConsentRef: "oidc-consent:" + c.ID, Result: "ok"}
	if err := s.cfg.Audit.Record(ctx, e); err != nil {
		return fmt.Errorf("idp: audit %s: %w", action, err)
	}
	return nil
}
