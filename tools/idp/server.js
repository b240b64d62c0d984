#!/usr/bin/env node
// EU Login stand-in: a local OpenID Connect provider for development and tests.
//
// In production the portal signs people in with EU Login (issuer
// https://ecas.ec.europa.eu/cas/oauth2). On developer machines and in tests this server plays
// that role over plain http on 127.0.0.1. It is built on oidc-provider and offers what the
// portal uses of EU Login's OpenID Connect service: authorization code flow with PKCE (S256),
// a confidential client, the claims sub, email, email_verified, given_name, family_name and
// assurance_level (LOW | MEDIUM | HIGH | TOP), RP-initiated logout.
//
// It is NOT meant to run anywhere but on a developer machine or in a test: passwords are kept in
// plain text in the users file and all state lives in memory.
//
// Usage: node tools/idp/server.js --users FILE --client-id ID --client-secret SECRET \
//          --redirect-uri URI [--redirect-uri URI...] [--post-logout-redirect-uri URI...] \
//          [--host 127.0.0.1] [--port 0] [--issuer URL] [--keys FILE]
// See tools/idp/README.md. Once listening it prints exactly one line to stdout:
//   IDP_READY <issuer>
// Everything else (request log, notices) goes to stderr.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as util from 'node:util';

import * as jose from 'jose';

// ---------------------------------------------------------------------------------------------
// Logging. stdout is reserved for the single IDP_READY line that scripts wait for, but
// oidc-provider prints its notices with console.info (stdout) and console.warn. Send all console
// output to stderr, and drop the warnings that are expected for a development stand-in (old
// Node.js release, in-memory storage). This must happen before oidc-provider is imported,
// because it prints the Node.js version warning while its module is evaluated.
// ---------------------------------------------------------------------------------------------

const EXPECTED_NOTICES = [
  /Unsupported runtime/, // oidc-provider 9 wants Node.js 22; it works on 20.
  /in-memory adapter/, // Sessions and grants in memory are what we want here.
];

function log(message) {
  process.stderr.write(`[idp] ${message}\n`);
}

for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => {
    const text = util.format(...args);
    if (EXPECTED_NOTICES.some((pattern) => pattern.test(text))) return;
    process.stderr.write(`${text}\n`);
  };
}

const { default: Provider, errors: oidcErrors, interactionPolicy } = await import('oidc-provider');

// ---------------------------------------------------------------------------------------------
// Options: command-line flags, falling back to IDP_* environment variables.
// ---------------------------------------------------------------------------------------------

const USAGE = `Usage: node tools/idp/server.js --users FILE --client-id ID --client-secret SECRET
         --redirect-uri URI [--redirect-uri URI ...] [--post-logout-redirect-uri URI ...]
         [--host 127.0.0.1] [--port 0] [--issuer URL] [--keys FILE]

Every option can also be given as an environment variable: IDP_HOST, IDP_PORT, IDP_ISSUER,
IDP_USERS, IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_REDIRECT_URI and IDP_POST_LOGOUT_REDIRECT_URI
(several URIs separated by spaces or commas), IDP_KEYS. IDP_CLAIMS_IN_ID_TOKEN=1 also puts the
email and profile claims in the ID token. Flags win over the environment.`;

function fail(message) {
  process.stderr.write(`idp: ${message}\n`);
  process.exit(2);
}

function readOptions() {
  let parsed;
  try {
    parsed = util.parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        issuer: { type: 'string' },
        users: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'post-logout-redirect-uri': { type: 'string', multiple: true },
        keys: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(`${err.message}\n\n${USAGE}`);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }

  const env = process.env;
  const list = (value) => (value ? value.split(/[\s,]+/).filter(Boolean) : []);
  const options = {
    host: parsed.host ?? env.IDP_HOST ?? '127.0.0.1',
    port: parsed.port ?? env.IDP_PORT ?? '0',
    issuer: parsed.issuer ?? env.IDP_ISSUER,
    users: parsed.users ?? env.IDP_USERS,
    clientId: parsed['client-id'] ?? env.IDP_CLIENT_ID,
    clientSecret: parsed['client-secret'] ?? env.IDP_CLIENT_SECRET,
    redirectUris: parsed['redirect-uri'] ?? list(env.IDP_REDIRECT_URI),
    postLogoutRedirectUris:
      parsed['post-logout-redirect-uri'] ?? list(env.IDP_POST_LOGOUT_REDIRECT_URI),
    keys: parsed.keys ?? env.IDP_KEYS,
    claimsInIdToken: ['1', 'true', 'yes'].includes((env.IDP_CLAIMS_IN_ID_TOKEN ?? '').toLowerCase()),
  };

  const missing = [];
  if (!options.users) missing.push('--users');
  if (!options.clientId) missing.push('--client-id');
  if (!options.clientSecret) missing.push('--client-secret');
  if (options.redirectUris.length === 0) missing.push('--redirect-uri');
  if (missing.length) fail(`missing ${missing.join(', ')}\n\n${USAGE}`);

  if (!/^\d+$/.test(options.port) || Number(options.port) > 65535) {
    fail(`--port must be a number between 0 and 65535, got "${options.port}"`);
  }
  options.port = Number(options.port);
  if (options.issuer !== undefined) {
    options.issuer = options.issuer.replace(/\/+$/, ''); // no trailing slash, like EU Login
    if (!URL.canParse(options.issuer) || !/^https?:$/.test(new URL(options.issuer).protocol)) {
      fail(`--issuer must be an http(s) URL, got "${options.issuer}"`);
    }
  }
  return options;
}

const options = readOptions();

// ---------------------------------------------------------------------------------------------
// Users file: a JSON array of
//   {"sub", "email", "email_verified", "given_name", "family_name", "password", "assurance_level"}
// It is read again on every sign-in attempt and every claims lookup, because the portal's
// demo-data command rewrites it while the stand-in is running.
// ---------------------------------------------------------------------------------------------

// EU Login's assurance levels, weakest first. Self-registered accounts are LOW.
const ASSURANCE_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'TOP'];

// Returns the users, or throws an Error whose message says what is wrong with the file.
function readUsersFile(file) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read users file ${file}: ${err.message}`);
  }
  if (!Array.isArray(data)) throw new Error(`users file ${file} must contain a JSON array`);

  return data.map((entry, index) => {
    const where = `users file ${file}, entry ${index}`;
    if (entry === null || typeof entry !== 'object') throw new Error(`${where} is not an object`);
    for (const field of ['sub', 'email', 'password']) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        throw new Error(`${where}: "${field}" must be a non-empty string`);
      }
    }
    const level = entry.assurance_level ?? 'LOW';
    if (!ASSURANCE_LEVELS.includes(level)) {
      throw new Error(`${where}: "assurance_level" must be one of ${ASSURANCE_LEVELS.join(', ')}`);
    }
    return {
      sub: entry.sub,
      email: entry.email,
      email_verified: entry.email_verified ?? true,
      given_name: entry.given_name ?? '',
      family_name: entry.family_name ?? '',
      password: entry.password,
      assurance_level: level,
    };
  });
}

// The last users list that could be read. Claims lookups fall back to it while the file is
// being rewritten; sign-in attempts report the problem instead.
let lastGoodUsers = [];

function loadUsers() {
  lastGoodUsers = readUsersFile(options.users);
  return lastGoodUsers;
}

function usersForLookup() {
  try {
    return loadUsers();
  } catch (err) {
    log(`${err.message} (using the previous contents)`);
    return lastGoodUsers;
  }
}

// Constant-time comparison so that the stand-in does not teach bad habits.
function sameSecret(a, b) {
  const hashA = crypto.createHash('sha256').update(a).digest();
  const hashB = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(hashA, hashB);
}

function findUserByCredentials(users, email, password) {
  const wanted = email.trim().toLowerCase();
  const user = users.find((u) => u.email.toLowerCase() === wanted);
  if (!user) return undefined;
  return sameSecret(user.password, password) ? user : undefined;
}

// ---------------------------------------------------------------------------------------------
// Signing keys: a JWKS with private keys. With --keys FILE the key is read from FILE, or
// generated and written there if FILE does not exist, so that restarts keep the key (clients
// cache JWKS). Without --keys a fresh key is generated for every run.
// ---------------------------------------------------------------------------------------------

async function generateSigningKey() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = await jose.calculateJwkThumbprint(jwk);
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  return { keys: [jwk] };
}

async function loadSigningKeys(file) {
  if (!file) return generateSigningKey();

  if (fs.existsSync(file)) {
    let jwks;
    try {
      jwks = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      fail(`cannot read keys file ${file}: ${err.message}`);
    }
    const usable = Array.isArray(jwks?.keys) && jwks.keys.some((k) => k.kty === 'RSA' && k.d);
    if (!usable) fail(`keys file ${file} must be a JWKS with at least one private RSA key`);
    return jwks;
  }

  const jwks = await generateSigningKey();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  log(`generated a new RS256 signing key in ${file}`);
  return jwks;
}

// ---------------------------------------------------------------------------------------------
// HTML pages. No JavaScript, no inline styles: one stylesheet served by the stand-in.
// ---------------------------------------------------------------------------------------------

const TITLE = 'EU Login (local stand-in)';

const STYLESHEET = `
:root { color-scheme: light; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5;
  color: #1d1d1b; background: #f5f5f5; }
.banner { padding: 0.75rem 1rem; background: #ffd617; color: #1d1d1b;
  border-bottom: 2px solid #1d1d1b; text-align: center; }
.banner p { margin: 0; }
main { max-width: 26rem; margin: 2rem auto; padding: 1.5rem 2rem 2rem; background: #fff;
  border: 1px solid #cfcfcf; }
h1 { margin: 0 0 1rem; font-size: 1.5rem; color: #004494; }
.field { margin-bottom: 1rem; }
label { display: block; margin-bottom: 0.25rem; font-weight: bold; }
input[type=email], input[type=password] { box-sizing: border-box; width: 100%; padding: 0.5rem;
  font: inherit; border: 1px solid #707070; border-radius: 2px; }
input[aria-invalid=true] { border-color: #da2131; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { padding: 0.5rem 1.25rem; font: inherit; font-weight: bold; border: 2px solid #004494;
  border-radius: 2px; cursor: pointer; background: #004494; color: #fff; }
button.secondary { background: #fff; color: #004494; }
button:hover { text-decoration: underline; }
:focus-visible { outline: 3px solid #ffd617; outline-offset: 2px; box-shadow: 0 0 0 5px #1d1d1b; }
.error { margin: 0 0 1rem; padding: 0.75rem 1rem; border-left: 4px solid #da2131;
  background: #fbe9ea; }
.error p { margin: 0; }
dl { margin: 0; }
dt { font-weight: bold; }
dd { margin: 0 0 0.5rem; word-break: break-all; }
`;

// Content-Security-Policy of every page the stand-in renders. There is deliberately no
// form-action directive: Chromium applies it to the redirects that follow a form submission,
// which would block the redirect back to the portal.
const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

function escapeHtml(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// The whole page around `content` (already HTML). `base` is the issuer's path ('' or '/x/y').
function page(base, heading, content) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(heading === TITLE ? TITLE : `${heading} - ${TITLE}`)}</title>
<link rel="stylesheet" href="${escapeHtml(base)}/assets/idp.css">
</head>
<body>
<header class="banner">
<p><strong>Local stand-in for development.</strong>
This is not the real EU Login. Use the test accounts from the stand-in's users file only.</p>
</header>
<main>
<h1>${escapeHtml(heading)}</h1>
${content}
</main>
</body>
</html>
`;
}

// The sign-in page. `error` is a message to show, `email` the address to put back in the field.
function signInPage(base, uid, { clientId, email = '', error } = {}) {
  const invalid = error ? ' aria-invalid="true" aria-describedby="signin-error"' : '';
  return page(base, TITLE, `<p>Sign in to continue to <strong>${escapeHtml(clientId)}</strong>.</p>
${error ? `<div class="error" id="signin-error" role="alert"><p>${escapeHtml(error)}</p></div>` : ''}
<form method="post" action="${escapeHtml(base)}/interaction/${escapeHtml(uid)}">
<div class="field">
<label for="email">E-mail address</label>
<input id="email" name="email" type="email" autocomplete="username" spellcheck="false" required value="${escapeHtml(email)}"${invalid}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
</div>
<div class="actions">
<button type="submit" name="action" value="sign-in">Sign in</button>
<button type="submit" name="action" value="cancel" class="secondary" formnovalidate>Cancel</button>
</div>
</form>`);
}

function messagePage(base, heading, message) {
  return page(base, heading, `<p>${escapeHtml(message)}</p>`);
}

// ---------------------------------------------------------------------------------------------
// Server. The issuer is only known once the port is (--port 0 picks a free one), so the server
// listens first and the provider is created afterwards; until then requests get 503.
// ---------------------------------------------------------------------------------------------

let provider; // set once listening
let providerHandler; // provider.callback(), the Koa request handler
let basePath = ''; // the issuer's path, e.g. '' or '/cas/oauth2'

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const requestPath = req.url.split('?')[0];
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(`${req.method} ${requestPath} ${res.statusCode} ${ms.toFixed(0)}ms`);
  });
  handleRequest(req, res).catch((err) => {
    log(`error handling ${req.method} ${requestPath}: ${err.stack || err}`);
    if (!res.headersSent) sendHtml(res, 500, messagePage(basePath, 'Error', 'Internal error of the stand-in; see its log.'));
    else res.destroy();
  });
});

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

async function handleRequest(req, res) {
  if (!providerHandler) {
    res.writeHead(503, { 'Content-Type': 'text/plain' }).end('starting\n');
    return;
  }
  const url = new URL(req.url, 'http://stand-in');
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end(); // browsers ask for it; keeps their consoles quiet
    return;
  }
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  const local = url.pathname.slice(basePath.length) || '/';

  if (local === '/assets/idp.css' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : STYLESHEET);
    return;
  }

  const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(local);
  if (interaction && req.method === 'GET') {
    await showInteraction(req, res, interaction[1]);
    return;
  }
  if (interaction && req.method === 'POST') {
    await submitInteraction(req, res, interaction[1]);
    return;
  }

  if (local === '/' && req.method === 'GET') {
    sendHtml(res, 200, messagePage(basePath, TITLE,
      `Running. Discovery document: ${provider.issuer}/.well-known/openid-configuration`));
    return;
  }

  // Everything else is oidc-provider's. When the issuer has a path, strip it the way a mounted
  // Express/Koa app would (oidc-provider derives its mount path from req.originalUrl).
  req.originalUrl = req.url;
  req.url = local + url.search;
  await providerHandler(req, res);
}

// Reads an application/x-www-form-urlencoded body (small; this is a sign-in form).
async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// Finds the interaction for the uid in the URL, or sends an error page and returns undefined.
async function findInteraction(req, res, uid) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    if (!(err instanceof oidcErrors.SessionNotFound)) throw err;
  }
  if (!details || details.uid !== uid) {
    sendHtml(res, 400, messagePage(basePath, 'Sign-in request not found',
      'This sign-in request has expired or was already completed. Go back to the application and sign in again.'));
    return undefined;
  }
  return details;
}

// GET /interaction/:uid - oidc-provider sends the browser here when it needs the user.
async function showInteraction(req, res, uid) {
  const details = await findInteraction(req, res, uid);
  if (!details) return;

  if (details.prompt.name === 'login') {
    sendHtml(res, 200, signInPage(basePath, uid, {
      clientId: details.params.client_id,
      email: details.params.login_hint,
    }));
    return;
  }

  if (details.prompt.name === 'consent') {
    await grantConsent(req, res, details);
    return;
  }

  // The default policy only has the login and consent prompts.
  sendHtml(res, 400, messagePage(basePath, 'Error', `Unexpected prompt "${details.prompt.name}".`));
}

// There is no consent screen: the portal is the only client, so grant whatever scopes and
// claims it asked for and send the browser on.
async function grantConsent(req, res, details) {
  const { prompt: { details: missing }, params, session } = details;
  let grant;
  if (details.grantId) {
    grant = await provider.Grant.find(details.grantId);
  }
  grant ??= new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

// POST /interaction/:uid - the sign-in form: action=sign-in or action=cancel.
async function submitInteraction(req, res, uid) {
  const form = await readForm(req);
  const details = await findInteraction(req, res, uid);
  if (!details) return;
  if (details.prompt.name !== 'login') {
    await showInteraction(req, res, uid);
    return;
  }

  if (form.get('action') === 'cancel') {
    log(`sign-in cancelled for client ${details.params.client_id}`);
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return;
  }

  const email = form.get('email') ?? '';
  const password = form.get('password') ?? '';
  const again = (status, error) => sendHtml(res, status, signInPage(basePath, uid, {
    clientId: details.params.client_id, email, error,
  }));

  if (!email.trim() || !password) {
    again(401, 'Enter your e-mail address and your password.');
    return;
  }

  // The users file is read again on every attempt; see above.
  let users;
  try {
    users = loadUsers();
  } catch (err) {
    log(err.message);
    again(500, `The stand-in cannot sign anyone in: ${err.message}`);
    return;
  }

  const user = findUserByCredentials(users, email, password);
  if (!user) {
    log(`sign-in failed for ${JSON.stringify(email)}`);
    again(401, 'The e-mail address or the password is not correct.');
    return;
  }

  log(`signed in ${user.email} (sub ${user.sub}, ${user.assurance_level})`);
  await provider.interactionFinished(req, res, {
    // remember: false makes the stand-in's session cookie a browser-session cookie.
    login: { accountId: user.sub, amr: ['pwd'], remember: false },
  }, { mergeWithLastSubmission: false });
}

// ---------------------------------------------------------------------------------------------
// oidc-provider configuration.
// ---------------------------------------------------------------------------------------------

async function findAccount(ctx, sub) {
  const user = usersForLookup().find((u) => u.sub === sub);
  if (!user) return undefined; // removed from the users file: tokens for it stop working
  return {
    accountId: user.sub,
    // oidc-provider filters these by the granted scopes and by where they go (ID token or
    // userinfo).
    async claims() {
      return {
        sub: user.sub,
        email: user.email,
        email_verified: user.email_verified,
        given_name: user.given_name,
        family_name: user.family_name,
        assurance_level: user.assurance_level,
      };
    },
  };
}

// RP-initiated logout confirmation, shown when the browser is signed in. `form` is
// oidc-provider's empty form (action and hidden xsrf field); the Sign out button submits it
// through its form attribute, which needs no JavaScript. (When the browser is not signed in,
// oidc-provider skips this page and answers with its own self-submitting form, which has a
// <noscript> Continue button.)
async function logoutSource(ctx, form) {
  const accountId = ctx.oidc.session?.accountId;
  const user = accountId ? usersForLookup().find((u) => u.sub === accountId) : undefined;
  const who = user ? ` as <strong>${escapeHtml(user.email)}</strong>` : '';
  const client = ctx.oidc.client ? ` and return to <strong>${escapeHtml(ctx.oidc.client.clientId)}</strong>` : '';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.type = 'html';
  ctx.body = page(basePath, 'Sign out', `<p>You are signed in to ${TITLE}${who}.</p>
<p>Sign out of EU Login${client}?</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
</div>`);
}

// Shown after logout when the client gave no post_logout_redirect_uri.
async function postLogoutSuccessSource(ctx) {
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.type = 'html';
  ctx.body = messagePage(basePath, 'Signed out', 'You have signed out of EU Login (local stand-in).');
}

// Errors oidc-provider cannot send back to the client (bad client_id, unregistered
// redirect_uri, ...). `out` holds error and error_description.
async function renderError(ctx, out) {
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.type = 'html';
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
  ctx.body = page(basePath, 'Error', `<p>The request could not be processed.</p>\n<dl>\n${rows}\n</dl>`);
}

// oidc-provider's default interaction policy (login, then consent) with one more reason to ask
// for a sign-in: the browser's session belongs to an account that is no longer in the users
// file (the demo-data command rewrote it). Without this check oidc-provider fails with a server
// error in the consent prompt.
function interactionPolicyWithAccountCheck() {
  const policy = interactionPolicy.base();
  policy.get('login').checks.add(new interactionPolicy.Check(
    'account_not_found',
    'the signed-in account is no longer in the users file',
    'login_required', // what prompt=none gets, like the other login checks
    (ctx) => Boolean(ctx.oidc.session.accountId) && !ctx.oidc.account,
  ));
  return policy;
}

function providerConfiguration(jwks) {
  const client = {
    client_id: options.clientId,
    client_secret: options.clientSecret,
    redirect_uris: options.redirectUris,
    post_logout_redirect_uris: options.postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // client_secret_basic; oidc-provider also accepts client_secret_post from a client
    // registered with client_secret_basic (and the other way round).
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  };
  // A client has a single token_endpoint_auth_method, and client_secret_jwt cannot be mixed
  // with the secret-in-the-request methods. So the same client is registered a second time as
  // "<client-id>-jwt" with the same secret, authenticating with client_secret_jwt (HS256).
  const jwtClient = {
    ...client,
    client_id: `${options.clientId}-jwt`,
    token_endpoint_auth_method: 'client_secret_jwt',
    token_endpoint_auth_signing_alg: 'HS256',
  };

  return {
    clients: [client, jwtClient],
    jwks,
    findAccount,

    // Authorization code flow only, PKCE required; oidc-provider only implements S256.
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'],
    allowOmittingSingleRegisteredRedirectUri: false,

    scopes: ['openid', 'email', 'profile'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'assurance_level'],
    },
    // true (oidc-provider's default): the ID token carries sub only, and the email/profile
    // claims come from userinfo. IDP_CLAIMS_IN_ID_TOKEN=1 puts them in the ID token as well.
    conformIdTokenClaims: !options.claimsInIdToken,

    interactions: {
      policy: interactionPolicyWithAccountCheck(),
      url: (ctx, interaction) => `${basePath}/interaction/${interaction.uid}`,
    },

    // Plain http on 127.0.0.1: oidc-provider only marks cookies Secure on https requests, and
    // SameSite=Lax works over http. The names are prefixed so they cannot clash with the
    // portal's cookies (cookies are shared by all ports of 127.0.0.1). The keys sign the
    // cookies; sessions do not survive a restart anyway.
    cookies: {
      names: {
        session: 'idp_session',
        interaction: 'idp_interaction',
        resume: 'idp_interaction_resume',
      },
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
      keys: [crypto.randomBytes(32).toString('base64url')],
    },

    features: {
      devInteractions: { enabled: false }, // our own sign-in page instead
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      userinfo: { enabled: true },
      // Not offered by the stand-in; keeps discovery close to what the portal needs.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
    },

    // Lifetimes (seconds). Setting them also silences oidc-provider's "you SHOULD change"
    // notices.
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 10 * 60 * 60,
      Grant: 10 * 60 * 60,
    },

    clientBasedCORS: () => false, // the portal calls the token and userinfo endpoints server-side
    renderError,
  };
}

// ---------------------------------------------------------------------------------------------
// Start.
// ---------------------------------------------------------------------------------------------

// Fail early and clearly on a bad users file.
try {
  const users = loadUsers();
  log(`${users.length} user(s) in ${options.users}`);
} catch (err) {
  fail(err.message);
}

const jwks = await loadSigningKeys(options.keys);

server.on('error', (err) => fail(`cannot listen on ${options.host}:${options.port}: ${err.message}`));
await new Promise((resolve) => server.listen(options.port, options.host, resolve));

const { port } = server.address();
let issuer = options.issuer;
if (!issuer) {
  // Wildcard addresses are not something a browser can go to; use the loopback address.
  let host = options.host;
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
basePath = new URL(issuer).pathname.replace(/\/+$/, '');

try {
  provider = new Provider(issuer, providerConfiguration(jwks));
  // oidc-provider checks the client metadata (redirect URIs, ...) only when the client is first
  // used; look the clients up now so that a mistake stops the stand-in before IDP_READY.
  for (const clientId of [options.clientId, `${options.clientId}-jwt`]) {
    if (!(await provider.Client.find(clientId))) throw new Error(`client ${clientId} not found`);
  }
  providerHandler = provider.callback();
} catch (err) {
  fail(`invalid configuration: ${err.error_description || err.message}`);
}

// Brief log lines for what went wrong inside oidc-provider (bad client auth, reused code, ...).
for (const event of [
  'authorization.error', 'grant.error', 'userinfo.error', 'end_session.error',
  'discovery.error', 'jwks.error', 'check_session.error',
]) {
  provider.on(event, (ctx, err) => {
    const detail = err.error_description ? ` (${err.error_description})` : '';
    log(`${event}: ${err.error || err.message}${detail}`);
  });
}
provider.on('server_error', (ctx, err) => log(`server_error: ${err.stack || err}`));

const stop = (signal) => {
  log(`${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

log(`client ${options.clientId} (client_secret_basic/client_secret_post) and ${options.clientId}-jwt (client_secret_jwt)`);
process.stdout.write(`IDP_READY ${issuer}\n`);
