// The public landing page, as a first-time visitor meets it, in two languages, with and without
// JavaScript.
import { assert, assertEqual, pageWithoutJavaScript, screenshot, visit } from './harness.js';

function checkSecurityHeaders(response) {
  const h = response.headers();
  const csp = h['content-security-policy'] || '';
  assert(csp.includes("frame-ancestors 'none'"), `CSP lacks frame-ancestors: ${csp}`);
  assert(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `CSP allows inline code: ${csp}`);
  assertEqual(h['x-content-type-options'], 'nosniff', 'X-Content-Type-Options');
  assert(h['referrer-policy'], 'Referrer-Policy is missing');
  assert(h['x-request-id'], 'X-Request-Id is missing');
}

export const tests = [
  {
    name: 'a visitor reads how organisations get access and finds the sign-in button',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const response = await visit(page, `${portalUrl}/`);
      checkSecurityHeaders(response);
      assertEqual(await page.getAttribute('html', 'lang'), 'en', 'page language');
      assert((await page.title()).includes('Organisation portal'), 'title names the service');
      const signIn = page.getByRole('link', { name: 'Sign in with EU Login' });
      assertEqual(await signIn.getAttribute('href'), '/login', 'sign-in link');
      assertEqual(await page.locator('.pass-paths__item').count(), 4, 'the four access paths');
      for (const who of ['National Agency', 'EACEA', 'directorate-general']) {
        assert(await page.getByText(who, { exact: false }).first().isVisible(), `${who} is named`);
      }
      assert(await page.getByRole('heading', { name: /e-mail address of your accreditation/ }).isVisible(),
        'the e-mail warning is visible');
      await screenshot(page, 'landing-en');
      await context.close();
    },
  },
  {
    name: 'a visitor switches to Swedish with the language menu and the choice is remembered',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await visit(page, `${portalUrl}/`);
      await page.getByText('English', { exact: true }).first().click();
      await page.getByRole('link', { name: 'Svenska' }).click();
      await page.waitForURL(`${portalUrl}/`);
      assertEqual(await page.getAttribute('html', 'lang'), 'sv', 'page language after the switch');
      assert(await page.getByRole('link', { name: 'Logga in med EU Login' }).isVisible(), 'Swedish sign-in button');
      await visit(page, `${portalUrl}/help`);
      assertEqual(await page.getAttribute('html', 'lang'), 'sv', 'the help page stays in Swedish');
      await screenshot(page, 'help-sv');
      await context.close();
    },
  },
  {
    name: 'the browser language decides for a first visit (German)',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await visit(page, `${portalUrl}/`);
      assertEqual(await page.getAttribute('html', 'lang'), 'de', 'page language');
      await context.close();
    },
  },
  {
    name: 'everything works with JavaScript turned off',
    async run({ browser, portalUrl }) {
      const { context, page } = await pageWithoutJavaScript(browser, { locale: 'en-GB' });
      await visit(page, `${portalUrl}/`);
      await page.locator('.pass-language summary').click();
      await page.getByRole('link', { name: 'Français' }).click();
      await page.waitForURL(`${portalUrl}/`);
      assertEqual(await page.getAttribute('html', 'lang'), 'fr', 'language switch without JavaScript');
      await page.getByRole('link', { name: 'Assistance technique' }).first().click();
      await page.waitForURL(`${portalUrl}/support`);
      await visit(page, page.url());
      await context.close();
    },
  },
  {
    name: 'a keyboard user can skip straight to the content',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await visit(page, `${portalUrl}/`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement.textContent.trim());
      assertEqual(focused, 'Skip to main content', 'first Tab stop');
      await page.keyboard.press('Enter');
      const target = await page.evaluate(() => document.activeElement.id);
      assertEqual(target, 'main-content', 'focus after the skip link');
      await context.close();
    },
  },
  {
    name: 'a wrong address shows a helpful, accessible error page',
    async run({ browser, portalUrl }) {
      const context = await browser.newContext({ locale: 'sv-SE' });
      const page = await context.newPage();
      const response = await visit(page, `${portalUrl}/no/such/page`, { status: 404 });
      checkSecurityHeaders(response);
      assert(await page.getByRole('heading', { name: 'Sidan hittades inte' }).isVisible(), 'Swedish 404 heading');
      assert((await page.textContent('.pass-reference')).includes(response.headers()['x-request-id']),
        'the page quotes the request id');
      await context.close();
    },
  },
];
