#!/usr/bin/env node
// Self-test of the EU Login stand-in (tools/idp/server.js).
//
// Starts the stand-in as a child process on a free port, with a temporary users file and a
// client whose redirect URI points at a small HTTP server run here (the "relying party"), then
// plays a browser and the portal with plain fetch: cookies and redirects are handled by hand.
//
//   node tools/idp/selftest.js
//
// Exits 0 when everything works, 1 with a message saying what failed otherwise (followed by the
// stand-in's log). IDP_SELFTEST_VERBOSE=1 prints the stand-in's log on success too.

import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as jose from 'jose';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.js');
const DEADLINE_MS = 20_000;
const CLIENT_ID = 'selftest-portal';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');

const ALICE = {
  sub: 'n0000001',
  email: 'alice.martin@example.eu',
  email_verified: true,
  given_name: 'Alice',
  family_name: 'Martin',
  password: 'correct horse',
  assurance_level: 'MEDIUM',
};
const BOB = {
  sub: 'n0000002',
  email: 'bob.dupont@example.eu',
  email_verified: false,
  given_name: 'Bob',
  family_name: 'Dupont',
  password: 'battery staple',
  assurance_level: 'HIGH',
};

// ---------------------------------------------------------------------------------------------
// Small helpers.
// ---------------------------------------------------------------------------------------------

class TestFailure extends Error {}

function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

function step(message) {
  process.stdout.write(`  ok  ${message}\n`);
}

// A cookie jar that is good enough for one host: name, path, expiry.
class CookieJar {
  #cookies = new Map(); // `${path}\n${name}` -> { name, value, path }

  store(response, requestUrl) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path') cookiePath = val;
        if (lower === 'max-age' && Number(val) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(val) <= Date.now()) expired = true;
        // A Secure cookie would not come back over http in a browser: that would be a bug.
        if (lower === 'secure') throw new TestFailure(`cookie ${name} is Secure, browsers drop it on http (${requestUrl})`);
      }
      const key = `${cookiePath}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    const matching = [...this.#cookies.values()].filter((c) => pathname === c.path
      || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

// One request as a browser would make it, without following redirects.
async function browserRequest(jar, url, { method = 'GET', form } = {}) {
  const headers = { accept: 'text/html' };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  jar.store(response, url);
  return { status: response.status, location: response.headers.get('location'), response, text: await response.text() };
}

// Follows redirects as a browser does until the response is not a redirect. Redirects to the
// relying party are followed too (the RP server records what it received).
async function follow(jar, start, max = 10) {
  let current = start;
  for (let i = 0; i < max && current.status >= 300 && current.status < 400; i += 1) {
    check(current.location, `redirect without Location (${current.status})`);
    const next = new URL(current.location, current.url).href;
    current = { ...(await browserRequest(jar, next)), url: next };
  }
  return current;
}

async function get(jar, url) {
  return { ...(await browserRequest(jar, url)), url };
}

async function post(jar, url, form) {
  return { ...(await browserRequest(jar, url, { method: 'POST', form })), url };
}

// The sign-in form's action, resolved against the page's URL.
function formAction(html, pageUrl) {
  const match = /<form[^>]*\baction="([^"]+)"/.exec(html);
  check(match, 'no <form action> on the page');
  return new URL(match[1].replaceAll('&amp;', '&'), pageUrl).href;
}

function pkcePair() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// ---------------------------------------------------------------------------------------------
// The relying party: records every request to its callback paths.
// ---------------------------------------------------------------------------------------------

function startRelyingParty() {
  const received = [];
  const rp = http.createServer((req, res) => {
    received.push(new URL(req.url, 'http://rp'));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('relying party\n');
  });
  return new Promise((resolve) => {
    rp.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${rp.address().port}`;
      resolve({ rp, origin, received, last: () => received.at(-1) });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The stand-in as a child process.
// ---------------------------------------------------------------------------------------------

function startStandIn(args, env = {}) {
  const child = spawn(process.execPath, [SERVER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, IDP_CLAIMS_IN_ID_TOKEN: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = /^IDP_READY (\S+)\n/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new TestFailure(`stand-in exited with ${code} before IDP_READY:\n${stderr}`)));
  });
  const exited = new Promise((resolve) => { child.on('exit', (code, signal) => resolve({ code, signal })); });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

// Stops the stand-in with SIGTERM and checks that it exits 0 and printed only IDP_READY.
async function stopStandIn(standIn, issuer) {
  standIn.child.kill('SIGTERM');
  const { code, signal } = await standIn.exited;
  check(code === 0, `stand-in exited with code ${code} signal ${signal} on SIGTERM`);
  const { stdout } = standIn.output();
  check(stdout === `IDP_READY ${issuer}\n`, `stdout is not exactly the IDP_READY line: ${JSON.stringify(stdout)}`);
}

// ---------------------------------------------------------------------------------------------
// What the portal does: authorization requests, the callback, the token endpoint, userinfo.
// ---------------------------------------------------------------------------------------------

async function portalFor(issuer, relyingParty, redirectUri) {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const publishedKeys = await (await fetch(discovery.jwks_uri)).json();
  const jwks = jose.createLocalJWKSet(publishedKeys);

  // Builds an authorization request; returns its URL and what the portal remembers.
  const authorizationRequest = (clientId = CLIENT_ID) => {
    const { verifier, challenge } = pkcePair();
    const request = {
      state: crypto.randomBytes(12).toString('base64url'),
      nonce: crypto.randomBytes(12).toString('base64url'),
      verifier,
    };
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: redirectUri,
      state: request.state,
      nonce: request.nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    request.url = url.href;
    return request;
  };

  // The portal's view of the final redirect: checks state and iss, returns the query.
  const callback = (request, final) => {
    check(final.url?.startsWith(redirectUri), `expected to land on the redirect URI, got ${final.status} ${final.url}\n${final.text.slice(0, 500)}`);
    const query = relyingParty.last().searchParams;
    check(query.get('state') === request.state, 'state not returned unchanged');
    check(query.get('iss') === issuer, `iss parameter ${query.get('iss')} is not the issuer`);
    return query;
  };

  // The token request, authenticating with 'basic', 'post' or 'jwt' (client_secret_*).
  const exchange = async (code, verifier, auth = 'basic', clientId = CLIENT_ID) => {
    const body = new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier,
    });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth === 'basic') {
      // RFC 6749 2.3.1: form-encode id and secret, then base64.
      const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(CLIENT_SECRET)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else if (auth === 'post') {
      body.set('client_id', clientId);
      body.set('client_secret', CLIENT_SECRET);
    } else if (auth === 'jwt') {
      const assertion = await new jose.SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(clientId).setSubject(clientId).setAudience(discovery.token_endpoint)
        .setJti(crypto.randomUUID()).setIssuedAt().setExpirationTime('1m')
        .sign(new TextEncoder().encode(CLIENT_SECRET));
      body.set('client_id', clientId);
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', assertion);
    }
    const response = await fetch(discovery.token_endpoint, { method: 'POST', headers, body });
    return { status: response.status, json: await response.json() };
  };

  const verifyIdToken = async (idToken, request, clientId = CLIENT_ID) => {
    const { payload, protectedHeader } = await jose.jwtVerify(idToken, jwks, {
      issuer, audience: clientId, algorithms: ['RS256'],
    }).catch((err) => { throw new TestFailure(`ID token does not verify: ${err.message}`); });
    check(protectedHeader.alg === 'RS256', 'ID token is not RS256');
    check(payload.nonce === request.nonce, 'ID token nonce does not match');
    return payload;
  };

  const userinfo = async (accessToken) => {
    const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    check(response.status === 200, `userinfo answered ${response.status}`);
    return response.json();
  };

  // Signs `user` in with a fresh browser; returns the verified ID token payload and the tokens.
  const signIn = async (user) => {
    const browser = new CookieJar();
    const request = authorizationRequest();
    const signInPage = await follow(browser, await get(browser, request.url));
    check(signInPage.status === 200, `sign-in page answered ${signInPage.status}`);
    const landed = await follow(browser, await post(browser, formAction(signInPage.text, signInPage.url), {
      email: user.email, password: user.password, action: 'sign-in',
    }));
    const query = callback(request, landed);
    const tokens = await exchange(query.get('code'), request.verifier);
    check(tokens.status === 200, `token endpoint answered ${tokens.status}: ${JSON.stringify(tokens.json)}`);
    return { browser, idToken: await verifyIdToken(tokens.json.id_token, request), tokens: tokens.json };
  };

  return {
    discovery, publishedKeys, authorizationRequest, callback, exchange, verifyIdToken, userinfo, signIn,
  };
}

const CLAIMS = ['sub', 'email', 'email_verified', 'given_name', 'family_name', 'assurance_level'];

function checkClaims(claims, user, where) {
  for (const name of CLAIMS) {
    check(claims[name] === user[name], `${where}: ${name} is ${JSON.stringify(claims[name])}, expected ${JSON.stringify(user[name])}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The test.
// ---------------------------------------------------------------------------------------------

async function main(state) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-selftest-'));
  state.tmp = tmp;
  const usersFile = path.join(tmp, 'users.json');
  const keysFile = path.join(tmp, 'keys', 'jwks.json');
  const writeUsers = (users) => {
    // Write and rename, like a careful demo-data command.
    fs.writeFileSync(`${usersFile}.tmp`, JSON.stringify(users, null, 2));
    fs.renameSync(`${usersFile}.tmp`, usersFile);
  };
  writeUsers([ALICE]);

  const relyingParty = await startRelyingParty();
  state.rp = relyingParty.rp;
  const redirectUri = `${relyingParty.origin}/auth/callback`;
  const postLogoutUri = `${relyingParty.origin}/signed-out`;

  let standIn = startStandIn([
    '--port', '0', '--users', usersFile, '--keys', keysFile,
    '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET,
    '--redirect-uri', redirectUri, '--post-logout-redirect-uri', postLogoutUri,
  ]);
  state.standIn = standIn;
  let issuer = await standIn.ready;
  step(`stand-in ready at ${issuer}`);

  // ---- Discovery and keys. ------------------------------------------------------------------
  let portal = await portalFor(issuer, relyingParty, redirectUri);
  const { discovery } = portal;
  check(discovery.issuer === issuer, `discovery issuer ${discovery.issuer} is not ${issuer}`);
  check(JSON.stringify(discovery.response_types_supported) === '["code"]', 'response_types_supported is not ["code"]');
  check(JSON.stringify(discovery.code_challenge_methods_supported) === '["S256"]', 'code_challenge_methods_supported is not ["S256"]');
  for (const method of ['client_secret_basic', 'client_secret_post', 'client_secret_jwt']) {
    check(discovery.token_endpoint_auth_methods_supported.includes(method), `${method} not supported`);
  }
  for (const claim of CLAIMS) {
    check(discovery.claims_supported.includes(claim), `claim ${claim} not in claims_supported`);
  }
  check(discovery.end_session_endpoint, 'no end_session_endpoint');
  const savedKeys = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
  check(savedKeys.keys?.[0]?.d, 'keys file was not written with a private key');
  const published = portal.publishedKeys;
  check(published.keys.length === 1 && published.keys[0].kid === savedKeys.keys[0].kid, 'JWKS does not publish the key from the keys file');
  check(!published.keys[0].d, 'JWKS publishes the private key!');
  step('discovery document, JWKS and keys file');

  // ---- Full flow as Alice, with a wrong password first. ------------------------------------
  let browser = new CookieJar();
  let request = portal.authorizationRequest();
  let pageResponse = await follow(browser, await get(browser, request.url));
  check(pageResponse.status === 200, `sign-in page answered ${pageResponse.status}: ${pageResponse.text.slice(0, 300)}`);
  const signIn = pageResponse.text;
  check(signIn.includes('<title>EU Login (local stand-in)</title>'), 'sign-in page title');
  check(/<html lang="en">/.test(signIn), 'sign-in page has no lang="en"');
  check(/<label for="email">E-mail address<\/label>/.test(signIn), 'no label "E-mail address"');
  check(/<label for="password">Password<\/label>/.test(signIn), 'no label "Password"');
  check(/>Sign in<\/button>/.test(signIn) && />Cancel<\/button>/.test(signIn), 'no Sign in / Cancel buttons');
  check(/local stand-in for development/i.test(signIn), 'no stand-in banner');
  check(!/<script|<style|\sstyle=|\son[a-z]+=/i.test(signIn), 'sign-in page has scripts or inline styles');
  const action = formAction(signIn, pageResponse.url);
  step('authorization request shows the sign-in page');

  const attempt = await post(browser, action, { email: ALICE.email, password: 'wrong', action: 'sign-in' });
  check(attempt.status === 401 || attempt.status === 200, `wrong password answered ${attempt.status}`);
  check(/role="alert"/.test(attempt.text) && /not correct/.test(attempt.text), 'no error message after a wrong password');
  check(attempt.text.includes(`value="${ALICE.email}"`), 'the typed e-mail address is not kept');
  step(`wrong password: sign-in page again with an error (HTTP ${attempt.status})`);

  const landed = await follow(browser, await post(browser, action, { email: ALICE.email, password: ALICE.password, action: 'sign-in' }));
  let query = portal.callback(request, landed);
  const code = query.get('code');
  check(code, `no code on the redirect URI: ${query}`);
  step('right password: redirected to the redirect URI with a code (consent granted automatically)');

  let tokens = await portal.exchange(code, request.verifier, 'basic');
  check(tokens.status === 200, `token endpoint answered ${tokens.status}: ${JSON.stringify(tokens.json)}`);
  check(tokens.json.token_type === 'Bearer' && tokens.json.access_token && tokens.json.id_token, 'token response incomplete');
  const idToken = await portal.verifyIdToken(tokens.json.id_token, request);
  check(idToken.sub === ALICE.sub, 'ID token sub');
  check(idToken.email === undefined, 'email is in the ID token although IDP_CLAIMS_IN_ID_TOKEN is not set');
  step('code exchanged with client_secret_basic; ID token verifies (RS256, iss, aud, nonce)');

  checkClaims(await portal.userinfo(tokens.json.access_token), ALICE, 'userinfo');
  step('userinfo has email, email_verified, given_name, family_name, assurance_level');

  const reused = await portal.exchange(code, request.verifier, 'basic');
  check(reused.status === 400 && reused.json.error === 'invalid_grant', `second use of the code answered ${reused.status} ${JSON.stringify(reused.json)}`);
  step('the code cannot be used twice');

  // ---- Same browser (single sign-on), the other client authentication methods. -------------
  request = portal.authorizationRequest();
  query = portal.callback(request, await follow(browser, await get(browser, request.url)));
  tokens = await portal.exchange(query.get('code'), request.verifier, 'post');
  check(tokens.status === 200, `client_secret_post answered ${tokens.status}: ${JSON.stringify(tokens.json)}`);
  step('signed-in browser gets a code without the sign-in page; client_secret_post works');

  request = portal.authorizationRequest(`${CLIENT_ID}-jwt`);
  query = portal.callback(request, await follow(browser, await get(browser, request.url)));
  tokens = await portal.exchange(query.get('code'), request.verifier, 'jwt', `${CLIENT_ID}-jwt`);
  check(tokens.status === 200, `client_secret_jwt answered ${tokens.status}: ${JSON.stringify(tokens.json)}`);
  await portal.verifyIdToken(tokens.json.id_token, request, `${CLIENT_ID}-jwt`);
  step(`client ${CLIENT_ID}-jwt authenticates with client_secret_jwt`);

  const wrongSecret = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:nope`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: redirectUri, code_verifier: 'x'.repeat(43) }),
  });
  check(wrongSecret.status === 401, `wrong client secret answered ${wrongSecret.status}`);
  step('wrong client secret is rejected');

  // ---- PKCE is required, S256 only. ---------------------------------------------------------
  const noPkce = new URL(portal.authorizationRequest().url);
  noPkce.searchParams.delete('code_challenge');
  noPkce.searchParams.delete('code_challenge_method');
  await follow(new CookieJar(), await get(new CookieJar(), noPkce.href));
  check(relyingParty.last().searchParams.get('error') === 'invalid_request', 'authorization request without PKCE was not rejected');
  const plainPkce = new URL(portal.authorizationRequest().url);
  plainPkce.searchParams.set('code_challenge_method', 'plain');
  await follow(new CookieJar(), await get(new CookieJar(), plainPkce.href));
  check(relyingParty.last().searchParams.get('error') === 'invalid_request', 'code_challenge_method=plain was not rejected');
  step('PKCE is required and plain is rejected');

  // ---- RP-initiated logout. -----------------------------------------------------------------
  const logoutUrl = new URL(discovery.end_session_endpoint);
  logoutUrl.search = new URLSearchParams({
    id_token_hint: tokens.json.id_token, post_logout_redirect_uri: postLogoutUri, state: 'bye',
  }).toString();
  const confirm = await get(browser, logoutUrl.href);
  check(confirm.status === 200, `logout page answered ${confirm.status}`);
  check(!/<script/i.test(confirm.text), 'logout page uses JavaScript');
  check(/>Sign out<\/button>/.test(confirm.text), 'logout page has no "Sign out" button');
  const logoutForm = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/><\/form>/.exec(confirm.text);
  check(logoutForm, 'logout form not found');
  const signedOut = await follow(browser, await post(browser, logoutForm[1], { xsrf: logoutForm[2], logout: 'yes' }));
  check(signedOut.url?.startsWith(postLogoutUri), `logout did not redirect to the post_logout_redirect_uri (${signedOut.url})`);
  check(relyingParty.last().searchParams.get('state') === 'bye', 'logout state not returned');
  request = portal.authorizationRequest();
  pageResponse = await follow(browser, await get(browser, request.url));
  check(pageResponse.status === 200 && pageResponse.text.includes('E-mail address'), 'after logout the browser is still signed in');
  step('RP-initiated logout: confirmation form, redirect to post_logout_redirect_uri, session gone');

  // ---- Cancel. --------------------------------------------------------------------------------
  browser = new CookieJar();
  request = portal.authorizationRequest();
  pageResponse = await follow(browser, await get(browser, request.url));
  const cancelled = await follow(browser, await post(browser, formAction(pageResponse.text, pageResponse.url), { email: '', password: '', action: 'cancel' }));
  query = portal.callback(request, cancelled);
  check(query.get('error') === 'access_denied', `Cancel gave error=${query.get('error')}`);
  check(!query.get('code'), 'Cancel gave a code');
  step('Cancel: error=access_denied on the redirect URI');

  // ---- The users file is read again on sign-in. -----------------------------------------------
  writeUsers([ALICE, BOB]);
  const bob = await portal.signIn({ ...BOB, email: BOB.email.toUpperCase() });
  checkClaims(await portal.userinfo(bob.tokens.access_token), BOB, 'userinfo for Bob');
  step('a user added to the users file after start can sign in');

  writeUsers([ALICE]);
  const stale = await fetch(portal.discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${bob.tokens.access_token}` } });
  check(stale.status === 401, `userinfo for a removed user answered ${stale.status}`);
  request = portal.authorizationRequest();
  pageResponse = await follow(bob.browser, await get(bob.browser, request.url));
  check(pageResponse.status === 200 && pageResponse.text.includes('E-mail address'), `a removed user's browser session did not lead to the sign-in page (${pageResponse.status} ${pageResponse.url})`);
  step('after removing that user again, their token stops working and their browser must sign in again');

  // ---- Clean stop. ----------------------------------------------------------------------------
  await stopStandIn(standIn, issuer);
  step('SIGTERM stops the stand-in with exit code 0; stdout held only IDP_READY');

  // ---- Restart, configured by IDP_* variables, claims in the ID token. ------------------------
  standIn = startStandIn([], {
    IDP_PORT: '0',
    IDP_USERS: usersFile,
    IDP_KEYS: keysFile,
    IDP_CLIENT_ID: CLIENT_ID,
    IDP_CLIENT_SECRET: CLIENT_SECRET,
    IDP_REDIRECT_URI: `http://127.0.0.1:1/unused ${redirectUri}`,
    IDP_CLAIMS_IN_ID_TOKEN: '1',
  });
  state.standIn = standIn;
  issuer = await standIn.ready;
  portal = await portalFor(issuer, relyingParty, redirectUri);
  check(portal.publishedKeys.keys[0].kid === savedKeys.keys[0].kid, 'the restarted stand-in does not use the key from the keys file');
  const alice = await portal.signIn(ALICE);
  checkClaims(alice.idToken, ALICE, 'ID token with IDP_CLAIMS_IN_ID_TOKEN=1');
  await stopStandIn(standIn, issuer);
  step('restart with IDP_* variables keeps the signing key; IDP_CLAIMS_IN_ID_TOKEN=1 puts the claims in the ID token');
}

// ---------------------------------------------------------------------------------------------

const state = {};
const started = Date.now();
const cleanup = () => {
  if (state.standIn && state.standIn.child.exitCode === null) state.standIn.child.kill('SIGKILL');
  state.rp?.close();
  state.rp?.closeAllConnections();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
};
const timer = setTimeout(() => {
  process.stderr.write(`selftest FAILED: did not finish within ${DEADLINE_MS / 1000} s\n`);
  if (state.standIn) process.stderr.write(`--- stand-in log ---\n${state.standIn.output().stderr}`);
  cleanup();
  process.exit(1);
}, DEADLINE_MS);

try {
  process.stdout.write('EU Login stand-in self-test\n');
  await main(state);
  clearTimeout(timer);
  cleanup();
  if (process.env.IDP_SELFTEST_VERBOSE) process.stderr.write(`--- stand-in log ---\n${state.standIn.output().stderr}`);
  process.stdout.write(`selftest passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(0);
} catch (err) {
  clearTimeout(timer);
  process.stderr.write(`selftest FAILED: ${err instanceof TestFailure ? err.message : err.stack}\n`);
  if (state.standIn) process.stderr.write(`--- stand-in log ---\n${state.standIn.output().stderr}`);
  cleanup();
  process.exit(1);
}
