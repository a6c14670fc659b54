package portal

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures the portal as a relying party of dancu's own
// OpenID Connect provider (the portal dogfoods the "log in with VNeID"
// that other services use): authorization code flow with PKCE,
// client_secret_basic, the id_token verified through the provider's JWKS.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL. Empty takes the scheme and
	// host of each request (development and tests, like the provider).
	Issuer       string
	ClientID     string
	ClientSecret string
	// Transport carries the portal's own calls to the provider
	// (discovery, token, JWKS); nil uses the network. The server passes
	// one that serves them in process.
	Transport http.RoundTripper
	// Identify maps the login's ID number claim to the record's opaque id
	// (selfservice.Service.Identify).
	Identify func(ctx context.Context, idNumber string) (string, error)
	Now      func() time.Time
}

// Scopes the portal asks for: the pairwise subject, the name for the
// greeting and the ID number that names the record.
var portalScopes = []string{oidc.ScopeOpenID, "profile", "id_number"}

// OIDCLogin is the Login of the OpenID Connect relying party.
type OIDCLogin struct {
	cfg    OIDCConfig
	client *http.Client
	seal   cipher.AEAD // seals the login cookie
	mu     sync.Mutex
	op     map[string]*oidc.Provider // by issuer, discovered on first use
}

// pendingLogin is what a started login must find again at the callback.
// It travels sealed (AES-GCM under a key of this process) in a short-lived
// cookie, so that starting logins costs the server no memory and the PKCE
// verifier and nonce stay unreadable to the browser.
type pendingLogin struct {
	State    string    `json:"s"`
	Issuer   string    `json:"i"`
	Verifier string    `json:"v"`
	Nonce    string    `json:"n"`
	Expires  time.Time `json:"e"`
	// Since, for a fresh login (StartOptions.Fresh), is the start: the
	// id_token's auth_time must not be older.
	Since  time.Time `json:"a,omitzero"`
	Return string    `json:"r,omitempty"` // the page to end on
}

const (
	loginCookie  = "dancu_portal_login"
	loginTTL     = 10 * time.Minute
	maxProviders = 4
	// authTimeSkew tolerates a provider clock behind the portal's when a
	// fresh login's auth_time is checked (it is whole seconds, too).
	authTimeSkew = time.Minute
)

// NewOIDCLogin makes the relying party; the provider is discovered on the
// first login.
func NewOIDCLogin(cfg OIDCConfig) (*OIDCLogin, error) {
	if cfg.ClientID == "" || cfg.ClientSecret == "" || cfg.Identify == nil {
		return nil, errors.New("portal: the OpenID Connect login needs a client id, its secret and Identify")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	seal, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	cl := &http.Client{Timeout: 10 * time.Second, Transport: cfg.Transport}
	return &OIDCLogin{cfg: cfg, client: cl, seal: seal, op: map[string]*oidc.Provider{}}, nil
}

// issuer is the provider's issuer for request r.
func (l *OIDCLogin) issuer(r *http.Request) string {
	if l.cfg.Issuer != "" {
		return strings.TrimSuffix(l.cfg.Issuer, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// provider discovers (once) the provider at issuer.
func (l *OIDCLogin) provider(issuer string) (*oidc.Provider, error) {
	l.mu.Lock()
	p, ok := l.op[issuer]
	l.mu.Unlock()
	if ok {
		return p, nil
	}
	// The context stays with the key set, which fetches the JWKS again
	// when keys rotate: it must outlive the request.
	ctx := oidc.ClientContext(context.Background(), l.client)
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, fmt.Errorf("portal: discover the identity provider: %w", err)
	}
	l.mu.Lock()
	if len(l.op) < maxProviders {
		l.op[issuer] = p
	}
	l.mu.Unlock()
	return p, nil
}

func (l *OIDCLogin) oauth(p *oidc.Provider, issuer string) oauth2.Config {
	ep := p.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInHeader
	return oauth2.Config{ClientID: l.cfg.ClientID, ClientSecret: l.cfg.ClientSecret, Endpoint: ep,
		RedirectURL: issuer + Prefix + "/callback", Scopes: portalScopes}
}

// Start implements Login: a fresh state, nonce and PKCE verifier, sealed
// into a short-lived cookie, which binds the callback to this browser
// (login CSRF). A fresh login asks the provider for max_age=0 and
// prompt=login: the citizen authenticates again even with a provider
// session, and the id_token's auth_time is that new login's.
func (l *OIDCLogin) Start(w http.ResponseWriter, r *http.Request, o StartOptions) error {
	iss := l.issuer(r)
	p, err := l.provider(iss)
	if err != nil {
		return err
	}
	now := l.cfg.Now()
	pl := pendingLogin{State: random(), Issuer: iss, Verifier: oauth2.GenerateVerifier(), Nonce: random(), Expires: now.Add(loginTTL)}
	if o.Return != "" {
		pl.Return = localPath(o.Return)
	}
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(pl.Verifier), oidc.Nonce(pl.Nonce)}
	if o.Fresh {
		pl.Since = now
		opts = append(opts, oauth2.SetAuthURLParam("max_age", "0"), oauth2.SetAuthURLParam("prompt", "login"))
	}
	sealed, err := l.sealLogin(pl)
	if err != nil {
		return err
	}
	setCookie(w, loginCookie, sealed, loginTTL)
	conf := l.oauth(p, iss)
	http.Redirect(w, r, conf.AuthCodeURL(pl.State, opts...), http.StatusSeeOther)
	return nil
}

func (l *OIDCLogin) sealLogin(pl pendingLogin) (string, error) {
	plain, err := json.Marshal(pl)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, l.seal.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(l.seal.Seal(nonce, nonce, plain, []byte(loginCookie))), nil
}

func (l *OIDCLogin) openLogin(sealed string) (pendingLogin, error) {
	var pl pendingLogin
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(sealed) > 2048 || len(b) < l.seal.NonceSize() {
		return pl, errors.New("portal: malformed login cookie")
	}
	plain, err := l.seal.Open(nil, b[:l.seal.NonceSize()], b[l.seal.NonceSize():], []byte(loginCookie))
	if err != nil {
		return pl, errors.New("portal: the login cookie was not sealed by this server")
	}
	return pl, json.Unmarshal(plain, &pl)
}

// claims are the id_token claims the portal reads.
type claims struct {
	Nonce    string `json:"nonce"`
	ACR      string `json:"acr"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	AuthTime int64  `json:"auth_time"` // seconds since 1970 (OIDC Core §2)
}

// Finish implements Login: the state matches this browser's cookie and a
// login this server started, the code is exchanged with the PKCE
// verifier, and the id_token is verified (signature through the JWKS,
// issuer, audience, expiry, nonce) before its claims are believed; a
// fresh login's auth_time must be no older than its start.
func (l *OIDCLogin) Finish(w http.ResponseWriter, r *http.Request) (Session, string, error) {
	sess, pl, err := l.finish(w, r)
	if err != nil {
		return Session{}, "", err
	}
	return sess, pl.Return, nil
}

func (l *OIDCLogin) finish(w http.ResponseWriter, r *http.Request) (Session, pendingLogin, error) {
	q := r.URL.Query()
	c, err := r.Cookie(loginCookie)
	clearCookie(w, loginCookie)
	if err != nil {
		return Session{}, pendingLogin{}, errors.New("portal: no login under way in this browser")
	}
	pl, err := l.openLogin(c.Value)
	if err != nil {
		return Session{}, pl, err
	}
	if pl.State == "" || q.Get("state") != pl.State {
		return Session{}, pl, errors.New("portal: the login's state does not match this browser")
	}
	if !l.cfg.Now().Before(pl.Expires) {
		return Session{}, pl, errors.New("portal: the login expired")
	}
	if e := q.Get("error"); e != "" {
		return Session{}, pl, fmt.Errorf("portal: the provider answered %.64q", e)
	}
	if iss := q.Get("iss"); iss != "" && iss != pl.Issuer { // RFC 9207
		return Session{}, pl, errors.New("portal: the answer comes from another issuer")
	}
	p, err := l.provider(pl.Issuer)
	if err != nil {
		return Session{}, pl, err
	}
	ctx := context.WithValue(r.Context(), oauth2.HTTPClient, l.client)
	conf := l.oauth(p, pl.Issuer)
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(pl.Verifier))
	if err != nil {
		return Session{}, pl, fmt.Errorf("portal: exchange the code: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: l.cfg.ClientID, Now: l.cfg.Now}).Verify(oidc.ClientContext(ctx, l.client), raw)
	if err != nil {
		return Session{}, pl, fmt.Errorf("portal: verify the id_token: %w", err)
	}
	var cl claims
	if err := idt.Claims(&cl); err != nil || cl.Nonce != pl.Nonce {
		return Session{}, pl, errors.New("portal: the id_token's nonce does not match")
	}
	level := map[string]int{"urn:dancu:vneid:level1": 1, "urn:dancu:vneid:level2": 2}[cl.ACR]
	if level == 0 {
		return Session{}, pl, fmt.Errorf("portal: unknown acr %.64q", cl.ACR)
	}
	var authTime time.Time
	if cl.AuthTime > 0 {
		authTime = time.Unix(cl.AuthTime, 0).UTC()
	}
	if !pl.Since.IsZero() && (authTime.IsZero() || authTime.Before(pl.Since.Add(-authTimeSkew))) {
		// The provider let an older login answer a fresh one (max_age=0).
		return Session{}, pl, fmt.Errorf("portal: a fresh login was asked, but the id_token's auth_time is %d", cl.AuthTime)
	}
	citizenID, err := l.cfg.Identify(r.Context(), cl.IDNumber)
	if err != nil {
		return Session{}, pl, err
	}
	return Session{CitizenID: citizenID, AccountID: "oidc:" + idt.Subject, Level: level, Name: cl.Name, IDToken: raw, Issuer: pl.Issuer,
		AuthTime: authTime}, pl, nil
}

// LogoutURL implements Login: the provider's end-session endpoint with the
// id_token as hint, back to the portal's login page.
func (l *OIDCLogin) LogoutURL(s Session) string {
	if s.IDToken == "" || s.Issuer == "" {
		return ""
	}
	l.mu.Lock()
	p, ok := l.op[s.Issuer]
	l.mu.Unlock()
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if !ok || p.Claims(&meta) != nil || meta.EndSession == "" {
		return ""
	}
	v := url.Values{"id_token_hint": {s.IDToken}, "client_id": {l.cfg.ClientID},
		"post_logout_redirect_uri": {s.Issuer + Prefix + "/login"}}
	return meta.EndSession + "?" + v.Encode()
}

func random() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic("portal: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
