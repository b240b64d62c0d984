// A deliberately misbehaving OpenID Connect provider for the relying-party tests (built on jose).
// It signs people in at once, without a page, as whoever the test says, and then misbehaves in
// the way the current mode says. A test switches modes with POST /_mode {"mode", "claims"}.
//   node tests/support/bad-idp.js --redirect-uri URI [--client-id ID]
// prints BAD_IDP_READY <issuer> once listening on a free 127.0.0.1 port.
//
// Modes: ok, wrong_iss, wrong_aud, missing_nonce, wrong_nonce, bad_signature, alg_none,
// hs256_public_key, expired, missing_sub, missing_iat, unknown_kid, rotate (a new key, published
// before it signs), userinfo_sub_mismatch, discovery_issuer_mismatch, token_invalid_grant,
// token_down, access_denied, down (every endpoint answers 503).
import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import * as jose from 'jose';

const { values: args } = parseArgs({
  options: { 'redirect-uri': { type: 'string' }, 'client-id': { type: 'string', default: 'pass-portal' } },
});

let mode = 'ok';
let identity = {
  sub: 'bad-idp-user', email: 'anna.lindqvist@ungieuropa.example', email_verified: true,
  given_name: 'Anna', family_name: 'Lindqvist', assurance_level: 'LOW',
};
const keys = [];
async function addKey(kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const pem = await jose.exportSPKI(publicKey);
  keys.push({ kid, privateKey, jwk, pem });
}
await addKey('key-1');
const codes = new Map(); // code -> { nonce, challenge, used }

let issuer = '';
const b64url = (buf) => Buffer.from(buf).toString('base64url');

async function idToken(nonce) {
  const now = Math.floor(Date.now() / 1000);
  const key = keys[keys.length - 1];
  const claims = { iss: issuer, aud: args['client-id'], sub: identity.sub, nonce, iat: now, exp: now + 300 };
  if (mode === 'wrong_iss') claims.iss = 'https://impostor.example';
  if (mode === 'wrong_aud') claims.aud = 'somebody-else';
  if (mode === 'missing_nonce') delete claims.nonce;
  if (mode === 'wrong_nonce') claims.nonce = 'not-the-nonce';
  if (mode === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
  if (mode === 'missing_sub') delete claims.sub;
  if (mode === 'missing_iat') delete claims.iat;
  if (mode === 'alg_none') {
    return `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}.`;
  }
  if (mode === 'hs256_public_key') {
    const input = `${b64url(JSON.stringify({ alg: 'HS256', kid: key.kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${crypto.createHmac('sha256', key.pem).update(input).digest('base64url')}`;
  }
  let kid = key.kid;
  let signingKey = key.privateKey;
  if (mode === 'unknown_kid') {
    const { privateKey } = await jose.generateKeyPair('RS256');
    signingKey = privateKey;
    kid = 'never-published';
  }
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(signingKey);
  if (mode === 'bad_signature') {
    const [h, p, s] = token.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[10] ^= 0xff;
    return `${h}.${p}.${b64url(sig)}`;
  }
  return token;
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_mode' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}');
      mode = body.mode || 'ok';
      if (body.claims) identity = { ...identity, ...body.claims };
      if (mode === 'rotate') {
        await addKey(`key-${keys.length + 1}`);
        mode = 'ok';
      }
      return send(res, 200, { mode, kids: keys.map((k) => k.kid) });
    }
    if (mode === 'down') return send(res, 503, 'down', 'text/plain');
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer: mode === 'discovery_issuer_mismatch' ? 'https://impostor.example' : issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, { keys: keys.map((k) => k.jwk) });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      const back = new URL(p.get('redirect_uri'));
      if (p.get('redirect_uri') !== args['redirect-uri'] || p.get('client_id') !== args['client-id']) {
        return send(res, 400, 'unknown client or redirect URI', 'text/plain');
      }
      back.searchParams.set('state', p.get('state') || '');
      if (mode === 'access_denied') {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = crypto.randomBytes(16).toString('hex');
        codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), used: false });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      if (mode === 'token_down') return send(res, 503, 'down', 'text/plain');
      const form = new URLSearchParams(await readBody(req));
      const entry = codes.get(form.get('code'));
      if (mode === 'token_invalid_grant' || !entry || entry.used) {
        return send(res, 400, { error: 'invalid_grant' });
      }
      const challenge = crypto.createHash('sha256').update(form.get('code_verifier') || '').digest('base64url');
      if (challenge !== entry.challenge) return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
      entry.used = true;
      return send(res, 200, {
        id_token: await idToken(entry.nonce), access_token: crypto.randomBytes(16).toString('hex'),
        token_type: 'Bearer', expires_in: 300,
      });
    }
    if (url.pathname === '/userinfo') {
      const info = { ...identity };
      if (mode === 'userinfo_sub_mismatch') info.sub = 'someone-else';
      return send(res, 200, info);
    }
    if (url.pathname === '/logout') {
      res.writeHead(302, { Location: url.searchParams.get('post_logout_redirect_uri') || '/' });
      return res.end();
    }
    return send(res, 404, 'not found', 'text/plain');
  } catch (e) {
    return send(res, 500, String(e), 'text/plain');
  }
});

server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`BAD_IDP_READY ${issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
