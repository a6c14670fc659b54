package idpweb

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

//go:embed templates/*.html static/*
var files embed.FS

// sessionCookie holds the provider's browser session id.
const sessionCookie = "vneid_session"

type pages struct {
	login, consent, message *template.Template
	static                  fs.FS
}

// newPages parses the embedded templates once, at start-up.
func newPages() (*pages, error) {
	parse := func(name string) (*template.Template, error) {
		t, err := template.ParseFS(files, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, err
		}
		// "page" names the page's own template, whatever the file.
		return t.AddParseTree("page", t.Lookup(name).Tree)
	}
	p := &pages{}
	var err error
	if p.login, err = parse("login.html"); err != nil {
		return nil, err
	}
	if p.consent, err = parse("consent.html"); err != nil {
		return nil, err
	}
	if p.message, err = parse("message.html"); err != nil {
		return nil, err
	}
	p.static, err = fs.Sub(files, "static")
	return p, err
}

// securePage sets the headers of a page: nothing inline, nothing framed,
// forms posted here only, except the redirect to the client that ends the
// flow (Chromium applies form-action to a form's redirects).
func securePage(w http.ResponseWriter, redirectURI string) {
	formAction := "'self'"
	if u, err := url.Parse(redirectURI); err == nil && u.Scheme != "" && u.Host != "" {
		formAction += " " + u.Scheme + "://" + u.Host
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action "+formAction+
		"; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

func (s *server) render(w http.ResponseWriter, t *template.Template, status int, redirectURI string, data map[string]any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "page", data); err != nil {
		s.log.Error("render provider page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	securePage(w, redirectURI)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *server) messagePage(w http.ResponseWriter, status int, vi, en string) {
	s.render(w, s.pages.message, status, "", map[string]any{"Title": "VNeID", "Message": vi, "MessageEN": en})
}

func (s *server) expired(w http.ResponseWriter) {
	s.messagePage(w, http.StatusBadRequest, "Yêu cầu đăng nhập đã hết hạn hoặc không hợp lệ. Hãy bắt đầu lại từ dịch vụ bạn đang dùng.",
		"The login request expired or is not valid. Start again from the service you were using.")
}

// loginPage shows the login form, or continues at once with a browser
// session that satisfies the request.
func (s *server) loginPage(w http.ResponseWriter, r *http.Request) {
	req, ok := s.svc.Request(r.URL.Query().Get("id"))
	if !ok {
		s.expired(w)
		return
	}
	if ck, err := r.Cookie(sessionCookie); err == nil {
		resumed, err := s.svc.Resume(r.Context(), req.ID, ck.Value)
		if err != nil {
			s.finishWithError(w, r, req, err)
			return
		}
		if resumed {
			s.proceed(w, r, req.ID)
			return
		}
	}
	s.showLogin(w, req, http.StatusOK, "", "")
}

func (s *server) showLogin(w http.ResponseWriter, req idp.AuthRequest, status int, identifier, msg string) {
	s.render(w, s.pages.login, status, req.RedirectURI, s.loginData(req, identifier, msg, false))
}

// loginData is the login page's: the password form and the passkey
// button, or (secondFactor) only the passkey step after a right password.
func (s *server) loginData(req idp.AuthRequest, identifier, msg string, secondFactor bool) map[string]any {
	c, _ := s.svc.Client(context.Background(), req.ClientID) // a missing client shows an empty name
	d := map[string]any{"Title": "Đăng nhập", "ID": req.ID, "CSRF": req.CSRF, "Client": c, "Level": idp.RequiredLevel(req.ACRValues),
		"Identifier": identifier, "Error": msg, "Passkeys": s.svc.PasskeysOffered(), "SecondFactor": secondFactor}
	if secondFactor {
		d["Title"], d["Notice"] = "Xác nhận bằng khóa truy cập", msgPasskeyNext
	}
	return d
}

// formRequest reads the pending request a form posts, checking its CSRF token.
func (s *server) formRequest(w http.ResponseWriter, r *http.Request) (idp.AuthRequest, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.expired(w)
		return idp.AuthRequest{}, false
	}
	req, ok := s.svc.Request(r.PostForm.Get("id"))
	if !ok || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(req.CSRF)) != 1 {
		s.expired(w)
		return req, false
	}
	return req, true
}

// loginSubmit checks the password; a wrong one shows the form again.
func (s *server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	req, ok := s.formRequest(w, r)
	if !ok {
		return
	}
	identifier := strings.TrimSpace(r.PostForm.Get("identifier"))
	sess, err := s.svc.Login(r.Context(), req.ID, identifier, r.PostForm.Get("password"))
	var perr *idp.Error
	switch {
	case errors.As(err, &perr):
		s.finishWithError(w, r, req, err)
		return
	case errors.Is(err, idp.ErrPasskeyNeeded):
		s.render(w, s.pages.login, http.StatusOK, req.RedirectURI, s.loginData(req, identifier, "", true))
		return
	case apperr.Is(err, apperr.Unauthenticated), apperr.Is(err, apperr.NotFound), apperr.Is(err, apperr.Invalid):
		s.showLogin(w, req, http.StatusUnauthorized, identifier, "Thông tin đăng nhập không đúng. (The login details are not correct.)")
		return
	case apperr.Is(err, apperr.RateLimited):
		s.showLogin(w, req, http.StatusTooManyRequests, identifier, "Bạn đã thử quá nhiều lần; hãy thử lại sau. (Too many attempts; try again later.)")
		return
	case apperr.Is(err, apperr.Conflict):
		// A right password on an account not activated yet, or one that
		// needs its second factor: the account service's message says which.
		s.showLogin(w, req, http.StatusForbidden, identifier, "Tài khoản chưa thể đăng nhập bằng mật khẩu. ("+apperrMessage(err)+")")
		return
	case err != nil:
		s.log.Error("provider login", "err", err)
		s.messagePage(w, http.StatusInternalServerError, "Lỗi hệ thống; hãy thử lại sau.", "System error; try again later.")
		return
	}
	s.startSession(w, r, sess)
	s.proceed(w, r, req.ID)
}

// startSession sets the provider's browser session cookie.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, sess idp.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.ID, Path: "/oidc/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt})
}

// proceed goes on after the login: the consent page, or the code.
func (s *server) proceed(w http.ResponseWriter, r *http.Request, reqID string) {
	req, ok := s.svc.Request(reqID)
	if !ok {
		s.expired(w)
		return
	}
	need, err := s.svc.NeedsConsent(r.Context(), req)
	if err != nil {
		s.finishWithError(w, r, req, err)
		return
	}
	if need {
		http.Redirect(w, r, PathConsent+"?id="+url.QueryEscape(req.ID), http.StatusSeeOther)
		return
	}
	code, req, err := s.svc.IssueCode(r.Context(), req.ID)
	if err != nil {
		s.finishWithError(w, r, req, err)
		return
	}
	securePage(w, req.RedirectURI)
	http.Redirect(w, r, codeURI(issuer(r.Context()), req, code), http.StatusSeeOther)
}

// finishWithError returns an *idp.Error to the client's redirect_uri.
func (s *server) finishWithError(w http.ResponseWriter, r *http.Request, req idp.AuthRequest, err error) {
	red, rerr := s.errorRedirect(r.Context(), req.RedirectURI, req.State, err)
	if rerr != nil {
		s.log.Error("provider flow", "err", err)
		s.messagePage(w, http.StatusInternalServerError, "Lỗi hệ thống; hãy thử lại sau.", "System error; try again later.")
		return
	}
	securePage(w, req.RedirectURI)
	http.Redirect(w, r, red.URL, http.StatusSeeOther)
}

// consentPage lists what the relying party will receive.
func (s *server) consentPage(w http.ResponseWriter, r *http.Request) {
	req, ok := s.svc.Request(r.URL.Query().Get("id"))
	if !ok || req.Principal == nil {
		s.expired(w)
		return
	}
	c, err := s.svc.Client(r.Context(), req.ClientID)
	if err != nil {
		s.expired(w)
		return
	}
	var scopes []idp.Scope
	for _, name := range req.Scopes {
		if sc, ok := idp.LookupScope(name); ok && sc.Level <= req.Principal.Level {
			scopes = append(scopes, sc)
		}
	}
	s.render(w, s.pages.consent, http.StatusOK, req.RedirectURI, map[string]any{"Title": "Chia sẻ thông tin", "ID": req.ID,
		"CSRF": req.CSRF, "Client": c, "Scopes": scopes})
}

// consentSubmit records the citizen's decision.
func (s *server) consentSubmit(w http.ResponseWriter, r *http.Request) {
	req, ok := s.formRequest(w, r)
	if !ok || req.Principal == nil {
		return
	}
	if r.PostForm.Get("decision") != "approve" {
		s.finishWithError(w, r, req, &idp.Error{Code: idp.ErrAccessDenied, Description: "the citizen declined to share the information"})
		return
	}
	code, req, err := s.svc.Approve(r.Context(), req.ID)
	if err != nil {
		s.finishWithError(w, r, req, err)
		return
	}
	securePage(w, req.RedirectURI)
	http.Redirect(w, r, codeURI(issuer(r.Context()), req, code), http.StatusSeeOther)
}

func (s *server) loggedOut(w http.ResponseWriter, r *http.Request) {
	s.messagePage(w, http.StatusOK, "Bạn đã đăng xuất khỏi tài khoản định danh điện tử.", "You are signed out of your electronic identification account.")
}

func (s *server) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.StripPrefix(PathStatic, http.FileServerFS(s.pages.static)).ServeHTTP(w, r)
}

// apperrMessage is the safe message of an application error.
func apperrMessage(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return "error"
}
