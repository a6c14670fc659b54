// A relying party of dancu's OpenID Connect provider, built on the
// OpenID-certified openid-client. The Go test starts it with a JSON
// configuration in argv[2]; it prints {"authorize": URL}, reads the
// callback URL (where the browser landed) from stdin, then redeems the
// code, calls userinfo and prints {"ok": true, ...} or {"error": ...}.
//
// config: issuer, client_id, redirect_uri, scope, and either secret
// (client_secret_basic) or private_key (PKCS#8 PEM) + kid for
// private_key_jwt; fapi: PAR + DPoP; token_dpop: "same" (default), "none"
// or "other" (the code redeemed without DPoP or with another key's proof).
import * as client from 'openid-client'
import { createPrivateKey } from 'node:crypto'
import { createInterface } from 'node:readline'

const cfg = JSON.parse(process.argv[2])
const out = (v) => process.stdout.write(JSON.stringify(v) + '\n')

async function main() {
  let auth
  if (cfg.private_key) {
    const key = createPrivateKey(cfg.private_key)
    const cryptoKey = await crypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])
    auth = client.PrivateKeyJwt({ key: cryptoKey, kid: cfg.kid })
  } else {
    auth = client.ClientSecretBasic(cfg.secret)
  }
  const config = await client.discovery(new URL(cfg.issuer), cfg.client_id,
    { id_token_signed_response_alg: 'ES256' }, auth)
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const params = {
    redirect_uri: cfg.redirect_uri, scope: cfg.scope, state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }
  if (cfg.acr_values) params.acr_values = cfg.acr_values
  let DPoP
  let url
  if (cfg.fapi) {
    DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'))
    url = await client.buildAuthorizationUrlWithPAR(config, params, { DPoP })
  } else {
    url = client.buildAuthorizationUrl(config, params)
  }
  out({ authorize: url.href })
  const callback = await readLine()
  let tokenDPoP = DPoP
  if (cfg.token_dpop === 'none') tokenDPoP = undefined
  if (cfg.token_dpop === 'other') tokenDPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'))
  const tokens = await client.authorizationCodeGrant(config, new URL(callback),
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }, undefined, { DPoP: tokenDPoP })
  const claims = tokens.claims()
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP: tokenDPoP })
  let userinfoWithoutProof = null
  if (DPoP) {
    // The same DPoP-bound token as a bearer token must be refused.
    try {
      await client.fetchUserInfo(config, tokens.access_token, claims.sub)
      userinfoWithoutProof = 'accepted'
    } catch (e) {
      userinfoWithoutProof = e.error || e.code || String(e)
    }
  }
  out({ ok: true, token_type: tokens.token_type, claims, userinfo, userinfo_without_proof: userinfoWithoutProof })
}

function readLine() {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin })
    rl.once('line', (l) => { rl.close(); resolve(l.trim()) })
  })
}

main().catch((e) => {
  out({ error: e.error || e.code || 'exception', message: String(e.message || e), cause: e.cause ? String(e.cause.error || e.cause.message || e.cause) : undefined })
  process.exitCode = 0
})
