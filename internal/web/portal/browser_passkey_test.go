package portal_test

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"dancu/internal/eid"
)

// ceremony runs navigator.credentials.create or .get in the page with the
// options the VNeID service sent, and returns the browser's answer as
// JSON (PublicKeyCredential.toJSON), as a page script would post it.
func ceremony(call string, options []byte) chromedp.Action[string] {
	parse := map[string]string{"create": "parseCreationOptionsFromJSON", "get": "parseRequestOptionsFromJSON"}[call]
	js := `(async () => {
		const o = ` + string(options) + `;
		const c = await navigator.credentials.` + call + `({publicKey: PublicKeyCredential.` + parse + `(o.publicKey)});
		return JSON.stringify(c.toJSON());
	})()`
	return chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise)
}

// TestBrowserPasskey registers a passkey for a level-2 VNeID account the
// demo made in Chromium's virtual authenticator (WebAuthn domain of the
// DevTools protocol), then logs in with it alone, as level 2 allows: the
// eid service's ceremonies, the browser's real WebAuthn client.
func TestBrowserPasskey(t *testing.T) {
	d := getDemo(t)
	if d.account == "" {
		t.Fatal("the demo printed no level-2 VNeID account")
	}
	ctx := context.Background()
	b := stepper{t: t, ctx: browser(t)}
	b.do("a page of the passkeys' origin, and a virtual authenticator", chromedp.Navigate(d.base+"/portal/login"),
		chromedp.WaitVisible(css("main h1")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, webauthn.Enable, webauthn.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
				Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
				HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
			return err
		}))

	p, err := d.svc.EID.Authenticate(ctx, eid.Credentials{Identifier: d.account, Password: d.password})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := d.svc.EID.BeginPasskeyRegistration(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	created, err := chromedp.Run(b.ctx, ceremony("create", reg.Options))
	if err != nil {
		t.Fatalf("navigator.credentials.create: %v", err)
	}
	key, err := d.svc.EID.FinishPasskeyRegistrationCeremony(ctx, reg.CeremonyID, []byte(created), "Chromium (virtual authenticator)")
	if err != nil {
		t.Fatalf("the service refused the attestation: %v", err)
	}

	login, err := d.svc.EID.BeginPasskeyLogin(ctx, "") // passwordless: level 2 only
	if err != nil {
		t.Fatal(err)
	}
	asserted, err := chromedp.Run(b.ctx, ceremony("get", login.Options))
	if err != nil {
		t.Fatalf("navigator.credentials.get: %v", err)
	}
	who, err := d.svc.EID.FinishPasskeyLogin(ctx, login.CeremonyID, []byte(asserted), "Chromium")
	if err != nil {
		t.Fatalf("the passkey login was refused: %v", err)
	}
	if who.CitizenID != p.CitizenID || who.Level != 2 || !slices.Contains(who.Methods, "hwk") {
		t.Fatalf("logged in as %+v with passkey %+v; want the account's citizen at level 2 by hwk", who, key)
	}
}
