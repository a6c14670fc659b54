package api

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"dancu/internal/share"
)

// testCA issues client certificates for the mTLS test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dancu test partner CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return testCA{cert, key}
}

func (ca testCA) client(t *testing.T, cn string) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// TestMutualTLS: an agency bound to a certificate gets a token with that
// certificate alone (tls_client_auth); the token is refused on a
// connection without it, and the agency's secret alone is not enough.
func TestMutualTLS(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	ca := newTestCA(t)
	good, other := ca.client(t, "bank-m"), ca.client(t, "someone else")
	secret := s.agency("bank-m", []string{"full_name"}, func(a *share.Agency) { a.CertThumbprint = share.Thumbprint(good.Leaf) })
	srv := httptest.NewUnstartedServer(s.h)
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	srv.TLS = &tls.Config{ClientCAs: pool, ClientAuth: tls.VerifyClientCertIfGiven}
	srv.StartTLS()
	defer srv.Close()
	clientWith := func(certs ...tls.Certificate) *http.Client {
		tr := srv.Client().Transport.(*http.Transport).Clone()
		tr.TLSClientConfig.Certificates = certs
		return &http.Client{Transport: tr}
	}
	tokenWith := func(c *http.Client, form url.Values) (int, string) {
		resp, err := c.PostForm(srv.URL+"/api/v1/oauth/token", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var tr tokenResponse
		decodeBody(t, resp, &tr)
		return resp.StatusCode, tr.AccessToken
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"bank-m"}}
	code, tok := tokenWith(clientWith(good), form)
	if code != 200 {
		t.Fatalf("tls_client_auth: %d", code)
	}
	if code, _ := tokenWith(clientWith(other), form); code != 401 {
		t.Errorf("another certificate: %d", code)
	}
	withSecret := url.Values{"grant_type": {"client_credentials"}, "client_id": {"bank-m"}, "client_secret": {secret}}
	if code, _ := tokenWith(clientWith(), withSecret); code != 401 {
		t.Errorf("secret without the bound certificate: %d", code)
	}
	match := func(c *http.Client) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/verify/match", strings.NewReader(
			`{"id_number":"`+s.citizens["hung"].IDNumber+`","full_name":"Nguyen Van Hung","purpose":"kyc"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := match(clientWith(good)); c != 200 {
		t.Errorf("bound token with its certificate: %d", c)
	}
	if c := match(clientWith()); c != 401 {
		t.Errorf("bound token without a certificate: %d", c)
	}
	if c := match(clientWith(other)); c != 401 {
		t.Errorf("bound token with another certificate: %d", c)
	}
}

func decodeBody(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	b := new(strings.Builder)
	if _, err := io.Copy(b, resp.Body); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(b.String()), v)
}
