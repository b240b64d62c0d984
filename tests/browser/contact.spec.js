// Messages between an organisation and a candidate (SPEC F5, F13), as both sides use them: a young
// person registers and applies to one of Anna's opportunities; Anna of Föreningen Ung i Europa
// selects the person in the opportunity's candidates and writes to them, and sees their reference
// and given name but not their e-mail address; the person sees "Messages (1)" in the header,
// reads the message in the inbox and replies (the page says that replying shares the e-mail
// address); Anna sees the reply, the person's full name and e-mail address, and answers. A message
// that is too long is refused with the field named and the text kept. Every page a step is about
// is checked with axe.
import {
  addStandInUser, assert, assertEqual, freshPage, navigate, screenshot, signIn, visit,
} from './harness.js';

const ANNA = 'anna.lindqvist@ungieuropa.example'; // staff of E10000001 (SE quality label)
const ANNA_OID = 'E10000001';
const ANNA_ORGANISATION = 'Föreningen Ung i Europa';
// A demo opportunity of Anna's organisation, open to residents of every country.
const GOTEBORG = 'Youth centre volunteer in Göteborg';

const RUN = Date.now().toString(36);

function squash(text) {
  return (text || '').replace(/\s+/g, ' ').trim();
}

function birthDateForAge(years) {
  const d = new Date();
  return `${d.getUTCFullYear() - years}-01-15`;
}

async function blankPage(browser) {
  const opened = await freshPage(browser);
  opened.context.setDefaultTimeout(15000);
  return opened;
}

// A young person who signs up, registers and applies to the Göteborg opportunity.
async function applicant(browser, portalUrl, usersFile, givenName, familyName) {
  // The address in plain ASCII, as EU Login takes it; the names as the person writes them.
  const ascii = (text) => text.normalize('NFD').replace(/[^A-Za-z]/g, '');
  const email = `${ascii(givenName)}.${ascii(familyName)}.${RUN}@young.example`.toLowerCase();
  addStandInUser(usersFile, { email, givenName, familyName });
  const { context, page } = await blankPage(browser);
  await signIn(page, portalUrl, email, { scripting: false });
  await page.getByRole('link', { name: 'Register as a young person' }).click();
  await page.getByLabel('Date of birth').fill(birthDateForAge(22));
  await page.getByLabel('Country of residence').selectOption({ label: 'Sweden' });
  await page.getByLabel('I have read and accept the mission and principles').check();
  await page.getByLabel('I have read the privacy statement and agree').check();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.waitForURL(/\/young\?done=registered/);
  const reference = squash(await page.locator('.pass-reference').textContent());
  await page.goto(`${portalUrl}/opportunities?country=SE&topic=social_inclusion`);
  await page.getByRole('link', { name: GOTEBORG }).click();
  await page.getByLabel('Message').fill('I would love to help at the youth centre.');
  await page.getByRole('button', { name: 'Send my application' }).click();
  await page.waitForURL(/\/young\/applications/);
  return { context, page, email, reference, givenName, familyName };
}

export const tests = [
  {
    name: 'staff write to a candidate from the pipeline, the person replies, staff see the reply and the e-mail',
    async run({ browser, portalUrl, usersFile }) {
      const young = await applicant(browser, portalUrl, usersFile, 'Saga', 'Nyström');
      const staff = await blankPage(browser);
      try {
        const { page } = staff;
        await signIn(page, portalUrl, ANNA);
        // The opportunity's candidates: select the applicant and write to the selection.
        await visit(page, `${portalUrl}/organisations/${ANNA_OID}/opportunities`);
        await navigate(page, () => page.getByRole('link', { name: GOTEBORG }).first().click(),
          { label: 'the Göteborg opportunity' });
        await page.getByRole('checkbox', { name: new RegExp(`${young.givenName} ${young.familyName}`) }).check();
        await navigate(page, () => page.getByRole('button', { name: 'Write to the selected people' }).click(),
          { label: 'the compose page' });
        assert(await page.getByRole('heading', { name: 'Write to candidates', level: 1 }).isVisible(), 'compose heading');
        assertEqual(await page.getByLabel('Opportunity').locator('option:checked').textContent(), GOTEBORG,
          'the opportunity is chosen');
        const recipients = squash(await page.getByRole('group', { name: /Recipients/ }).textContent());
        assert(recipients.includes(young.reference) && recipients.includes(young.givenName),
          `the recipient is listed with given name and reference: ${recipients}`);

        // Too long: the field is named, the text kept.
        const tooLong = 'x'.repeat(2001);
        await page.getByLabel('Message').evaluate((el, text) => { el.removeAttribute('maxlength'); el.value = text; }, tooLong);
        await navigate(page, () => page.getByRole('button', { name: 'Send', exact: true }).click(),
          { status: 400, label: 'a message of 2,001 characters' });
        const summary = squash(await page.getByRole('alert').textContent());
        assert(summary.includes('Message:') && summary.includes('2000'), `the summary names the message: ${summary}`);
        assertEqual(await page.getByRole('alert').getByRole('link').first().getAttribute('href'), '#f-body',
          'the error links to the message');
        assertEqual((await page.getByLabel('Message').inputValue()).length, 2001, 'the text is kept');
        await screenshot(page, 'contact-compose-error');

        const text = `Hej ${young.givenName}! Could you come for a talk next week? (${RUN})`;
        await page.getByLabel('Message').fill(text);
        await navigate(page, () => page.getByRole('button', { name: 'Send', exact: true }).click(),
          { label: 'the new thread' });
        assert(squash(await page.locator('.pass-success').textContent()).includes('Your message was sent.'),
          'Anna is told the message went');
        const staffThread = page.url().split('?')[0];
        let facts = squash(await page.locator('dl.pass-facts').textContent());
        assert(facts.includes(young.reference), `Anna sees the reference: ${facts}`);
        assert(facts.includes('Shown once the person replies'), `the e-mail address is not shown yet: ${facts}`);
        assert(!(await page.content()).includes(young.email), 'no e-mail address anywhere on the page');
        assertEqual(squash(await page.getByRole('heading', { level: 1 }).textContent()), young.givenName,
          'the heading has the given name only');

        // The person: "Messages (1)" in the header, the inbox, the thread, a reply.
        const { page: mine } = young;
        await visit(mine, `${portalUrl}/young`);
        const link = mine.getByRole('link', { name: /^Messages \(1\s*unread\s*\)$/ });
        assertEqual(await link.count(), 1,
          `the header says one message is unread: ${squash(await mine.locator('.pass-account').textContent())}`);
        await navigate(mine, () => link.click(), { label: 'the inbox' });
        const card = mine.locator('.pass-thread-card', { hasText: ANNA_ORGANISATION });
        assertEqual(await card.count(), 1, 'the inbox lists the organisation');
        assert(squash(await card.textContent()).includes(GOTEBORG), 'with the opportunity');
        await screenshot(mine, 'contact-inbox');
        await navigate(mine, () => card.getByRole('link', { name: ANNA_ORGANISATION }).click(), { label: 'the thread' });
        assert(squash(await mine.locator('#posts').textContent()).includes(text), 'the message is there');
        assert(squash(await mine.locator('.pass-note').textContent()).includes('If you reply'),
          'the page says what replying shares');
        assertEqual(await mine.getByRole('link', { name: /^Messages \(/ }).count(), 0, 'nothing unread any more');
        await mine.getByLabel('Your reply').fill('Yes, Tuesday works for me!');
        await navigate(mine, () => mine.getByRole('button', { name: 'Send reply' }).click(), { label: 'after replying' });
        assert(squash(await mine.locator('#posts').textContent()).includes('Yes, Tuesday works for me!'), 'the reply shows');
        assert(squash(await mine.locator('.pass-note').textContent()).includes('can see your name and e-mail address'),
          'the page says the organisation now sees the e-mail address');
        await screenshot(mine, 'contact-thread-young');

        // Anna: the list shows one unread message, the thread the reply and the e-mail address.
        await visit(page, `${portalUrl}/organisations/${ANNA_OID}`);
        await navigate(page, () => page.getByRole('link', { name: 'Messages', exact: true }).click(),
          { label: 'the organisation\'s messages' });
        const row = page.locator('tbody tr', { hasText: young.reference });
        assertEqual(await row.count(), 1, 'one thread with the person');
        assert(squash(await row.textContent()).includes('1 unread'), `the reply is unread: ${squash(await row.textContent())}`);
        await navigate(page, () => row.getByRole('link').first().click(), { label: 'the thread after the reply' });
        assertEqual(page.url().split('?')[0], staffThread, 'the same thread');
        assert(squash(await page.locator('#posts').textContent()).includes('Yes, Tuesday works for me!'), 'Anna reads the reply');
        facts = squash(await page.locator('dl.pass-facts').textContent());
        assert(facts.includes(young.email), `the e-mail address shows now: ${facts}`);
        assertEqual(squash(await page.getByRole('heading', { level: 1 }).textContent()),
          `${young.givenName} ${young.familyName}`, 'and the full name');
        await page.getByLabel('Your reply').fill('Great, see you on Tuesday at ten.');
        await navigate(page, () => page.getByRole('button', { name: 'Send reply' }).click(), { label: 'Anna answers' });
        assert(squash(await page.locator('#posts').textContent()).includes('see you on Tuesday'), 'Anna\'s answer shows');
        await screenshot(page, 'contact-thread-staff');
      } finally {
        await staff.context.close();
        await young.context.close();
      }
    },
  },
];
