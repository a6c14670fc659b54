package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"dancu/internal/auth"
	"dancu/internal/web/idpweb"
)

// get is the reference: a GET through the flows' client.
func (b *oidcBench) get(path string) error {
	return b.flows.do(flowRequest{method: http.MethodGet, path: path}, func(status int, _ []byte) error {
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: %d", path, status)
		}
		return nil
	})
}

// redeemAndUserinfo is one measured flow: the token request with
// client_secret_basic and PKCE, then userinfo with the access token.
func (b *oidcBench) redeemAndUserinfo(cv [2]string) error {
	form := "grant_type=authorization_code&code=" + url.QueryEscape(cv[0]) + "&redirect_uri=" + url.QueryEscape(b.client.RedirectURIs[0]) +
		"&code_verifier=" + url.QueryEscape(cv[1])
	var tok struct {
		AccessToken string `json:"access_token"`
		IDToken     string `json:"id_token"`
	}
	err := b.flows.do(flowRequest{method: http.MethodPost, path: idpweb.PathToken, body: []byte(form),
		header: [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", b.basicAuth}}},
		func(status int, body []byte) error {
			err := json.Unmarshal(body, &tok)
			if err != nil || status != http.StatusOK || tok.AccessToken == "" || tok.IDToken == "" {
				return fmt.Errorf("token endpoint: %d %v", status, err)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return b.flows.do(flowRequest{method: http.MethodGet, path: idpweb.PathUserinfo, header: [][2]string{{"Authorization", "Bearer " + tok.AccessToken}}},
		func(status int, body []byte) error {
			var claims struct {
				Sub      string `json:"sub"`
				IDNumber string `json:"id_number"`
			}
			err := json.Unmarshal(body, &claims)
			if err != nil || status != http.StatusOK || claims.Sub == "" || claims.IDNumber == "" {
				return fmt.Errorf("userinfo: %d %v", status, err)
			}
			return nil
		})
}

var benchHidden = regexp.MustCompile(`name="(id|csrf)" value="([^"]*)"`)

// login is one complete login through the pages: authorize, the login
// form (argon2id), the consent form, the code, tokens and userinfo.
func (b *oidcBench) login(i int) error {
	verifier, challenge := pkcePair()
	q := url.Values{"client_id": {b.client.ID}, "redirect_uri": {b.client.RedirectURIs[0]}, "response_type": {"code"},
		"scope": {strings.Join(b.client.Scopes, " ")}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}, "state": {"s"}}
	resp, err := b.http.Get(b.base + idpweb.PathAuthorize + "?" + q.Encode())
	if err != nil {
		return err
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	page, err := b.page(http.MethodGet, b.base+loc, nil)
	if err != nil {
		return err
	}
	form := hiddenFields(page)
	form.Set("identifier", b.numbers[i%len(b.numbers)])
	form.Set("password", benchPassword)
	resp, err = b.postForm(b.base+idpweb.PathLogin, form)
	if err != nil {
		return err
	}
	resp.Body.Close()
	next := resp.Header.Get("Location")
	if strings.HasPrefix(next, idpweb.PathConsent) {
		page, err := b.page(http.MethodGet, b.base+next, nil)
		if err != nil {
			return err
		}
		form := hiddenFields(page)
		form.Set("decision", "approve")
		if resp, err = b.postForm(b.base+idpweb.PathConsent, form); err != nil {
			return err
		}
		resp.Body.Close()
		next = resp.Header.Get("Location")
	}
	u, err := url.Parse(next)
	if err != nil || u.Query().Get("code") == "" {
		return fmt.Errorf("login ended at %q", next)
	}
	return b.redeemAndUserinfo([2]string{u.Query().Get("code"), verifier})
}

func hiddenFields(page string) url.Values {
	v := url.Values{}
	for _, m := range benchHidden.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], m[2])
	}
	return v
}

func (b *oidcBench) page(method, u string, body io.Reader) (string, error) {
	req, _ := http.NewRequest(method, u, body)
	resp, err := b.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	buf, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s %s: %s", method, u, resp.Status)
	}
	return string(buf), err
}

func (b *oidcBench) postForm(u string, form url.Values) (*http.Response, error) {
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	return b.http.Do(req)
}

// benchLogins measures complete logins with argon2id at the server's bound
// on concurrent hashes.
func (a *app) benchLogins(ctx context.Context, b *oidcBench, engine string, o oidcBenchFlags) error {
	if o.logins <= 0 {
		return nil
	}
	b.accounts.slowPwd = true // from here on every login verifies an argon2id hash
	m, err := b.measurePrepared(o.logins, o.conns, 0, func(i int) (any, error) { return i, nil }, func(v any) error { return b.login(v.(int)) })
	if err != nil {
		return err
	}
	p := auth.DefaultParams
	fmt.Fprintf(a.out, "bench oidc %-8s complete logins (authorize, login page, argon2id m=%d KiB t=%d p=%d, consent, tokens, userinfo): %.1f logins/s, %s, at most %d hashes at once, %d connections\n",
		engine, p.Memory, p.Time, p.Threads, m.rate, m.lat.Summary(), o.hashes, o.conns)
	return nil
}
