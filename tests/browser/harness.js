// A small test runner for the browser tests: starts the EU Login stand-in and the portal on
// free loopback ports, drives Debian's Chromium with playwright-core, and checks every page a
// test visits with axe (WCAG 2.1 A and AA). Tests are written as user steps.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const screenshotDir = path.join(here, 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child, pattern, what, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in time:\n${buffer}`)), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk.toString();
      const m = buffer.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${buffer}`));
    });
  });
}

async function waitForHttp(url, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in time`);
}

// The portal binary under test: the dev build unless PASS_PORTAL_BIN says otherwise.
function portalBinary() {
  return process.env.PASS_PORTAL_BIN || path.join(root, 'build/dev/src/cli/pass-portal');
}

// Starts the EU Login stand-in and the portal with fresh demo data; returns what tests need.
export async function startServices() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pass-browser-'));
  const [idpPort, portalPort] = [await freePort(), await freePort()];
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;
  const env = {
    ...process.env,
    PASS_LISTEN: `127.0.0.1:${portalPort}`,
    PASS_PUBLIC_URL: portalUrl,
    PASS_DATABASE_URL: `sqlite:${path.join(work, 'pass.db')}`,
    PASS_OIDC_ISSUER: idpUrl,
    PASS_OIDC_CLIENT_ID: 'pass-portal',
    PASS_OIDC_CLIENT_SECRET: 'browser-test-secret-0123456789abcdef',
    PASS_SESSION_SECRET: 'browser-test-session-secret-0123456789abcdef',
    PASS_LOG_LEVEL: 'warn',
    ASAN_OPTIONS: 'detect_leaks=0',
  };
  const usersFile = path.join(work, 'idp-users.json');
  const demo = spawn(portalBinary(), ['demo-data', '--users-file', usersFile, '--participants', '60'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let demoOutput = '';
  demo.stdout.on('data', (d) => { demoOutput += d; });
  demo.stderr.on('data', (d) => { demoOutput += d; });
  const demoCode = await new Promise((resolve) => demo.on('exit', resolve));
  if (demoCode !== 0) throw new Error(`demo-data failed:\n${demoOutput}`);

  const idp = spawn('node', [path.join(root, 'tools/idp/server.js'), '--port', String(idpPort),
    '--users', usersFile, '--keys', path.join(work, 'idp-keys.json'),
    '--client-id', env.PASS_OIDC_CLIENT_ID, '--client-secret', env.PASS_OIDC_CLIENT_SECRET,
    '--redirect-uri', `${portalUrl}/auth/callback`, '--post-logout-redirect-uri', `${portalUrl}/`],
  { env, stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(idp, /IDP_READY (\S+)/, 'the EU Login stand-in');

  const portal = spawn(portalBinary(), ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let portalLog = '';
  portal.stderr.on('data', (d) => { portalLog += d; });
  portal.stdout.on('data', (d) => { portalLog += d; });
  await waitForHttp(`${portalUrl}/readyz`);

  const users = JSON.parse(fs.readFileSync(usersFile, 'utf8'));
  return {
    portalUrl, idpUrl, users, work, usersFile,
    portalLog: () => portalLog,
    async stop() {
      for (const child of [portal, idp]) child.kill('SIGTERM');
      await Promise.all([portal, idp].map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))));
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// Runs axe on the current page and fails on any WCAG 2.1 A/AA violation. Legacy mode runs axe in
// the page itself instead of gathering the frames' results in an extra blank page: the portal's
// pages have no frames, and it halves the time axe takes.
export async function checkAccessibility(page, label) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  if (result.violations.length > 0) {
    const lines = result.violations.map((v) =>
      `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 3).map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
    throw new Error(`axe found ${result.violations.length} violation(s) on ${label || page.url()}:\n${lines.join('\n')}`);
  }
}

// Goes to a page, checks it answered 2xx (unless `status` says otherwise) and passes axe.
// axe runs inside the page, so in a context with JavaScript turned off it cannot run; those
// tests check behaviour, and the same pages are checked with axe by the other tests.
export async function visit(page, url, { status } = {}) {
  const response = await page.goto(url);
  if (status === undefined ? !response.ok() : response.status() !== status) {
    throw new Error(`${url} answered ${response.status()}`);
  }
  const scripting = page.__passScripting !== false;
  if (scripting) await checkAccessibility(page, url);
  return response;
}

// A page in a fresh context with JavaScript turned off.
export async function pageWithoutJavaScript(browser, options = {}) {
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  const page = await context.newPage();
  page.__passScripting = false;
  return { context, page };
}

// Does something that loads a new page (submits a form, follows a link), waits for that page,
// checks its status (2xx unless `status` says otherwise) and runs axe on it.
export async function navigate(page, action, { status, label } = {}) {
  const loaded = page.waitForNavigation();
  // If the action throws, nobody awaits `loaded`: its later rejection must not end the run.
  loaded.catch(() => {});
  await action();
  const response = await loaded;
  const code = response ? response.status() : 0;
  if (status === undefined ? code < 200 || code >= 300 : code !== status) {
    throw new Error(`${label || page.url()} answered ${code}`);
  }
  if (page.__passScripting !== false) await checkAccessibility(page, label || page.url());
  return response;
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// The password of every demo account (and of the accounts addStandInUser adds).
export const DEMO_PASSWORD = 'demo-password';

// Gives someone an account at the EU Login stand-in while it runs: the stand-in reads its users
// file again on every sign-in attempt. The file is replaced in one rename, so a sign-in running
// at the same moment reads either the old or the new list.
export function addStandInUser(usersFile, { email, givenName = 'Test', familyName = 'Person',
  password = DEMO_PASSWORD }) {
  const users = JSON.parse(fs.readFileSync(usersFile, 'utf8'));
  if (users.some((u) => u.email.toLowerCase() === email.toLowerCase())) return;
  users.push({
    sub: `test-${users.length}-${Date.now().toString(36)}`, email, email_verified: true,
    given_name: givenName, family_name: familyName, password, assurance_level: 'LOW',
  });
  const temporary = `${usersFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(users, null, 2)}\n`);
  fs.renameSync(temporary, usersFile);
}

// A page in a fresh browser context (no cookies: nobody signed in, here or at EU Login).
export async function freshPage(browser, locale = 'en-GB') {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

// Signs in as a person the way they do it: from the landing page (or from `start`, a page that
// asks them to sign in) through the stand-in's form, and back to the portal. Checks the page the
// portal lands on with axe and returns it.
export async function signIn(page, portalUrl, email, { password = DEMO_PASSWORD, scripting = true, start } = {}) {
  // The landing page and the stand-in's form are not checked with axe here: landing.spec.js
  // checks the one, and the other is not the portal's.
  await page.goto(start || `${portalUrl}/`);
  if (!start) await page.getByRole('link', { name: 'Sign in with EU Login' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.toString().startsWith(portalUrl));
  if (scripting) await checkAccessibility(page, `after signing in as ${email}`);
  return page;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
