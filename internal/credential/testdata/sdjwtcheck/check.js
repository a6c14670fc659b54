// Checks dancu's căn cước điện tử with the npm @sd-jwt libraries, which we
// did not write. Reads one JSON case per line on standard input:
//   {"presentation": "...", "issuer_jwk": {...}, "status_token": "...",
//    "now": 1765000000, "required": ["name"], "nonce": "..."}
// and prints one line per case: {"ok": true, "claims": {...}, "kb": true}
// or {"ok": false, "error": "..."}.
import { createPublicKey, createHash, verify } from 'node:crypto';
import { createInterface } from 'node:readline';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';

const es256 = (jwk) => {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return (data, sig) =>
    verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
};
const hasher = (data, alg) => {
  if (alg !== 'sha-256') throw new Error('unsupported hash ' + alg);
  return new Uint8Array(createHash('sha256').update(typeof data === 'string' ? data : Buffer.from(data)).digest());
};

async function check(c) {
  const issuer = es256(c.issuer_jwk);
  const sdjwt = new SDJwtVcInstance({
    hasher,
    verifier: issuer,
    statusVerifier: issuer,
    kbVerifier: (data, sig, payload) => es256(payload.cnf.jwk)(data, sig),
    statusListFetcher: async (uri) => {
      if (!c.status_token) throw new Error('no status list token for ' + uri);
      return c.status_token;
    },
  });
  const res = await sdjwt.verify(c.presentation, {
    currentDate: c.now,
    requiredClaimKeys: c.required ?? [],
    keyBindingNonce: c.nonce,
  });
  return { ok: true, claims: res.payload, kb: res.kb !== undefined };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    console.log(JSON.stringify(await check(JSON.parse(line))));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e) }));
  }
}
