// Signing in with the EU Login stand-in, one test per way in (the demo accounts of `make run`),
// and the pages that explain access when there is none. axe runs on every portal page.
import { assert, assertEqual, checkAccessibility, pageWithoutJavaScript, screenshot, visit } from './harness.js';

const PASSWORD = 'demo-password';

// From the landing page through EU Login and back; returns the page where the portal lands.
async function signIn(page, portalUrl, email, { password = PASSWORD, scripting = true } = {}) {
  await visit(page, `${portalUrl}/`);
  await page.getByRole('link', { name: 'Sign in with EU Login' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.toString().startsWith(portalUrl));
  if (scripting) await checkAccessibility(page, `after signing in as ${email}`);
  return page;
}

async function freshPage(browser) {
  const context = await browser.newContext({ locale: 'en-GB' });
  return { context, page: await context.newPage() };
}

function staffTest(name, email, oid, organisation, kind) {
  return {
    name,
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await signIn(page, portalUrl, email);
      assertEqual(page.url(), `${portalUrl}/organisations/${oid}`, 'lands on the organisation');
      assert(await page.getByRole('heading', { name: organisation, level: 1 }).isVisible(), 'organisation heading');
      assert((await page.textContent('main')).includes(kind), `the page names the ${kind} that grants access`);
      assert(await page.getByText('Signed in as').isVisible(), 'the header says who is signed in');
      await context.close();
    },
  };
}

export const tests = [
  staffTest('staff named in a quality label get in with nothing to request', 'anna.lindqvist@ungieuropa.example',
    'E10000001', 'Föreningen Ung i Europa', 'Quality label'),
  staffTest('staff named in an EVS accreditation get in', 'lukas.schmidt@jugendwerk.example', 'E10000002',
    'Jugendwerk Rhein-Main e.V.', 'EVS accreditation'),
  staffTest('staff of an EU Aid Volunteers certification get in', 'carmen.ruiz@ayudasinfronteras.example',
    'E10000003', 'Ayuda Sin Fronteras', 'EU Aid Volunteers certification'),
  staffTest('staff approved by a DG for another programme get in', 'siobhan.kelly@greencoast.example', 'E10000004',
    'Green Coast Association', 'Programme approval'),
  {
    name: 'someone listed in two organisations chooses one and switches',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await signIn(page, portalUrl, 'marie.dubois@mjlyon.example');
      assertEqual(page.url(), `${portalUrl}/organisations`, 'the choice of organisations');
      await screenshot(page, 'organisations-choose');
      await page.getByRole('link', { name: 'Maison des Jeunes de Lyon' }).click();
      await checkAccessibility(page, 'organisation page');
      await screenshot(page, 'organisation-home');
      await page.getByRole('link', { name: 'Ayuda Sin Fronteras' }).click();
      assertEqual(page.url(), `${portalUrl}/organisations/E10000003`, 'switched');
      await context.close();
    },
  },
  {
    name: 'staff whose quality label expired are told so and whom to ask',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await signIn(page, portalUrl, 'katharina.huber@kulturhaus.example');
      assertEqual(page.url(), `${portalUrl}/access`, 'the access page');
      const text = await page.textContent('main');
      assert(text.includes('katharina.huber@kulturhaus.example'), 'the e-mail EU Login gave');
      assert(text.includes('expired on'), 'the listing expired');
      assert(text.includes('National Agency of Austria'), 'whom to ask');
      await screenshot(page, 'access-expired');
      await context.close();
    },
  },
  {
    name: 'someone on no list gets a page that cannot be misunderstood',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await signIn(page, portalUrl, 'sam.taylor@unlisted.example');
      assert(await page.getByRole('heading', { name: 'We could not link you to an organisation' }).isVisible(),
        'denial heading');
      assert((await page.textContent('main')).includes('sam.taylor@unlisted.example'), 'the e-mail EU Login gave');
      assert(await page.getByRole('heading', { name: 'Use the address of your accreditation' }).isVisible(),
        'the reminder');
      await screenshot(page, 'access-denied');
      await context.close();
    },
  },
  {
    name: 'signing out ends the session here and at EU Login',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await signIn(page, portalUrl, 'anna.lindqvist@ungieuropa.example');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();  // EU Login's confirmation
      await page.waitForURL(`${portalUrl}/`);
      assert(await page.getByRole('link', { name: 'Sign in', exact: true }).isVisible(), 'signed out');
      const me = await page.request.get(`${portalUrl}/api/v1/me`);
      assertEqual(me.status(), 401, '/api/v1/me after signing out');
      await page.goto(`${portalUrl}/organisations/E10000001`);
      assert(page.url().includes('/authorize') || page.url().includes('/interaction') || page.url().includes('/auth'),
        'a protected page sends the browser to sign in again');
      await context.close();
    },
  },
  {
    name: 'cancelling at EU Login ends on a clear page without a session',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      await visit(page, `${portalUrl}/`);
      await page.getByRole('link', { name: 'Sign in with EU Login' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL((url) => url.toString().startsWith(portalUrl));
      await checkAccessibility(page, 'sign-in failed page');
      assert(await page.getByRole('heading', { name: 'Signing in did not work' }).isVisible(), 'failure heading');
      assert((await page.textContent('main')).includes('cancelled'), 'says it was cancelled');
      const me = await page.request.get(`${portalUrl}/api/v1/me`);
      assertEqual(me.status(), 401, 'no session');
      await screenshot(page, 'sign-in-cancelled');
      await context.close();
    },
  },
  {
    name: 'signing in and out works without JavaScript',
    async run({ browser, portalUrl }) {
      const { context, page } = await pageWithoutJavaScript(browser, { locale: 'en-GB' });
      await signIn(page, portalUrl, 'lukas.schmidt@jugendwerk.example', { scripting: false });
      assertEqual(page.url(), `${portalUrl}/organisations/E10000002`, 'lands on the organisation');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${portalUrl}/`);
      await context.close();
    },
  },
  {
    name: 'the access page speaks Swedish too',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'sv-SE' });
      const page = await context.newPage();
      await visit(page, `${portalUrl}/`);
      await page.getByRole('link', { name: 'Logga in med EU Login' }).click();
      await page.getByLabel('E-mail address').fill('sam.taylor@unlisted.example');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${portalUrl}/access`);
      await checkAccessibility(page, 'access page in Swedish');
      assertEqual(await page.getAttribute('html', 'lang'), 'sv', 'page language');
      await screenshot(page, 'access-denied-sv');
      await context.close();
    },
  },
];
