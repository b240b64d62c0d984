// The young people's side of the portal, as they use it: registering (and the errors on the way),
// the profile with its completeness meter, visibility to organisations and what staff then see,
// the CV, "My data" with its download, deleting the account, and the public privacy statement and
// principles. Every portal page a step is about is checked with axe; steps that only prepare a test
// (signing up, filling in private answers) skip axe on the pages the first two tests check, as axe
// takes seconds on them. Each test that changes something signs up its own young person at the EU
// Login stand-in, so the tests do not depend on each other or on their order.
import {
  addStandInUser, assert, assertEqual, freshPage, navigate, pageWithoutJavaScript,
  screenshot, signIn, visit,
} from './harness.js';

const MAJA = 'maja.berg@young.example'; // demo account: signed in before, never registered
const ANNA = 'anna.lindqvist@ungieuropa.example'; // staff of E10000001 (SE quality label)
const ANNA_OID = 'E10000001';
const ANNA_ORGANISATION = 'Föreningen Ung i Europa';

// Something unique per run, for the e-mails the tests invent.
const RUN = Date.now().toString(36);
let people = 0;

// A new person at the EU Login stand-in (not known to the portal yet); returns the e-mail.
function newPerson(usersFile, givenName, familyName) {
  people += 1;
  const email = `${givenName}.${familyName}.${RUN}.${people}@young.example`.toLowerCase();
  addStandInUser(usersFile, { email, givenName, familyName });
  return email;
}

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

// Today plus `days` (negative: in the past), as YYYY-MM-DD.
function inDays(days) {
  return isoDate(new Date(Date.now() + days * 86400000));
}

// A birth date that makes someone `years` old today, well away from a birthday (so the portal's
// clock and this machine's cannot disagree on the age).
function birthDateForAge(years) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 40);
  return isoDate(d);
}

async function mainText(page) {
  return (await page.textContent('main')).replace(/\s+/g, ' ');
}

async function summaryText(page) {
  return (await page.getByRole('alert').textContent()).replace(/\s+/g, ' ').trim();
}

async function doneText(page) {
  return (await page.locator('.pass-success').textContent()).replace(/\s+/g, ' ').trim();
}

async function completeness(page) {
  return Number(await page.locator('progress#completeness').getAttribute('value'));
}

// The value shown next to a term in the first definition list that has it.
async function fact(page, term) {
  return page.locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]')
    .textContent();
}

// A step that only prepares what a test is about, on pages other tests check with axe (the
// registration form, the person's page, the profile form): like `navigate`, without axe, which
// takes seconds on these pages.
async function prepare(page, action) {
  const loaded = page.waitForNavigation();
  await action();
  const response = await loaded;
  if (!response || !response.ok()) throw new Error(`${page.url()} answered ${response ? response.status() : 0}`);
}

// Someone on no staff list lands on the access page (R5), which points young people to
// registration; follows that link to the registration form.
async function toRegistration(page, portalUrl, email) {
  assertEqual(page.url(), `${portalUrl}/access`, `${email}, on no staff list, lands on the access page`);
  const hint = page.getByRole('complementary', { name: 'Looking for a placement yourself?' });
  assert(await hint.isVisible(), 'the access page points young people to registration');
  await prepare(page, () => hint.getByRole('link', { name: 'Register as a young person' }).click());
  assertEqual(page.url(), `${portalUrl}/young`, 'the link leads to the young people\'s page');
}

// Fills in the registration form (the person is on it) and sends it; returns the reference.
// `check`: run axe on the page that follows (false when registering only prepares a test).
async function register(page, { birthDate = birthDateForAge(22), country = 'Sweden', check = true } = {}) {
  await page.getByLabel('Date of birth').fill(birthDate);
  await page.getByLabel('Country of residence').selectOption({ label: country });
  await page.getByLabel('I have read and accept the mission and principles').check();
  await page.getByLabel('I have read the privacy statement and agree').check();
  const send = () => page.getByRole('button', { name: 'Register', exact: true }).click();
  if (check) {
    await navigate(page, send, { label: 'after registering' });
  } else {
    await prepare(page, send);
  }
  assertEqual(new URL(page.url()).pathname, '/young', 'registering leads to the person\'s page');
  const reference = (await page.locator('.pass-reference').textContent()).trim();
  assert(/^\d{10}$/.test(reference), `the reference is a 10-digit number: ${reference}`);
  return reference;
}

// Before a test: a young person who signs in for the first time and registers (the first test
// does the same with axe on every page). Returns their page, e-mail and reference.
async function signUp(browser, portalUrl, usersFile, givenName, familyName) {
  const email = newPerson(usersFile, givenName, familyName);
  const { context, page } = await freshPage(browser);
  await signIn(page, portalUrl, email, { scripting: false });
  await toRegistration(page, portalUrl, email);
  const reference = await register(page, { check: false });
  return { context, page, email, reference };
}

// The language and level of row n of the profile's languages.
function language(page, n) {
  const row = page.getByRole('group', { name: `Language ${n}`, exact: true });
  return { code: row.getByLabel(`Language ${n}`, { exact: true }), level: row.getByLabel('Level', { exact: true }) };
}

// The filled-in language rows of the profile as "code level", sorted (the portal lists them in
// its own order, not in the order typed).
async function savedLanguages(page) {
  const rows = await page.locator('select[name$="_code"][name^="languages_"]').evaluateAll((selects) =>
    selects.map((s) => `${s.value} ${document.getElementById(s.id.replace('_code', '_level')).value}`));
  return rows.filter((r) => r.trim() !== '').sort().join(', ');
}

async function openProfile(page, { check = true } = {}) {
  const open = () => page.getByRole('navigation', { name: 'Your pages' })
    .getByRole('link', { name: 'Edit my profile' }).click();
  if (check) {
    await navigate(page, open, { label: 'my profile' });
  } else {
    await prepare(page, open);
  }
  assertEqual(new URL(page.url()).pathname, '/young/profile', 'the profile page');
}

async function saveProfile(page, { status, label = 'profile saved', check = true } = {}) {
  const save = () => page.getByRole('button', { name: 'Save my profile' }).click();
  if (!check) return prepare(page, save);
  return navigate(page, save, { status, label });
}

// 250 characters: enough for the meter (200).
const MOTIVATION = 'I want to help young people in rural areas take part in culture and in nature projects. '
  .repeat(3).slice(0, 250);

export const tests = [
  {
    name: 'a new person registers: errors first, the age rule, then a reference number',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      try {
        await signIn(page, portalUrl, MAJA);
        await toRegistration(page, portalUrl, MAJA);
        assert(await page.getByRole('heading', { name: 'Register as a young person', level: 1 }).isVisible(),
          'registration heading');
        const note = page.getByRole('complementary', { name: 'Here for an organisation?' });
        assert(await note.isVisible(), 'the note for organisation staff');
        assert((await note.textContent()).includes(MAJA), 'the note names the e-mail EU Login gave');
        assertEqual(await note.getByRole('link', { name: 'See how organisation staff get access' }).getAttribute('href'),
          '/access', 'the note links to /access');
        const text = await mainText(page);
        assert(text.includes('Maja') && text.includes('Berg'), 'the names from EU Login are shown');

        // Nothing filled in.
        await navigate(page, () => page.getByRole('button', { name: 'Register', exact: true }).click(),
          { status: 422, label: 'registration with nothing filled in' });
        const summary = await summaryText(page);
        for (const label of ['Date of birth', 'Country of residence', 'Mission and principles', 'Privacy statement']) {
          assert(summary.includes(`${label}:`), `the error summary names ${label}: ${summary}`);
        }
        const summaryBox = await page.getByRole('alert').boundingBox();
        const form = await page.locator('form.pass-form').boundingBox();
        assert(summaryBox.y < form.y, 'the error summary is above the form');
        await screenshot(page, 'young-register-errors');
        const links = page.getByRole('alert').getByRole('link');
        assertEqual(await links.count(), 4, 'one link per error');
        for (let i = 0; i < 4; i += 1) {
          const link = links.nth(i);
          const target = (await link.getAttribute('href')).slice(1);
          await link.click();
          const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
          assertEqual(focused, target, `“${(await link.textContent()).trim()}” moves focus to its field`);
          assertEqual(await page.locator(`#${target}`).getAttribute('aria-invalid'), 'true', `${target} is marked invalid`);
        }

        // Sixteen years old.
        await page.getByLabel('Date of birth').fill(birthDateForAge(16));
        await page.getByLabel('Country of residence').selectOption({ label: 'Sweden' });
        await page.getByLabel('I have read and accept the mission and principles').check();
        await page.getByLabel('I have read the privacy statement and agree').check();
        await navigate(page, () => page.getByRole('button', { name: 'Register', exact: true }).click(),
          { status: 422, label: 'registration at 16' });
        const tooYoung = await summaryText(page);
        assert(tooYoung.includes('Date of birth: you are 16; you can register from the age of 17'),
          `the error names the age rule: ${tooYoung}`);
        assert(!tooYoung.includes('Country of residence') && !tooYoung.includes('Privacy statement'),
          `only the age is wrong: ${tooYoung}`);
        assertEqual(await page.getByLabel('Country of residence').inputValue(), 'SE', 'the country is kept');
        assert(await page.getByLabel('I have read the privacy statement and agree').isChecked(), 'the box stays ticked');

        // Twenty-two, living in Sweden.
        const reference = await register(page);
        assert((await mainText(page)).includes(`Your reference number: ${reference}`), 'the page shows the reference');
        assertEqual(await doneText(page),
          'Welcome! Your reference number is shown below, and we have sent it to you by e-mail.', 'success message');
        assert(await page.getByRole('heading', { name: 'Your page', level: 1 }).isVisible(), 'the person\'s page');
        await screenshot(page, 'young-registered');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'the profile: another language row, a full save, then the errors of a bad edit',
    async run({ browser, portalUrl, usersFile }) {
      const { context, page } = await signUp(browser, portalUrl, usersFile, 'Linnea', 'Holm');
      try {
        await openProfile(page);
        const before = await completeness(page);

        await language(page, 1).code.selectOption({ label: 'Swedish' });
        await language(page, 1).level.selectOption({ label: 'Native speaker' });
        await page.getByLabel('Motivation').fill(MOTIVATION);
        await page.getByLabel('Teaching', { exact: true }).check();
        // One language typed, one blank row left: another row is added, and nothing typed is lost.
        await navigate(page, () => page.getByRole('button', { name: 'Add another language' }).click(),
          { label: 'profile with another language row' });
        assertEqual(await page.locator('select[name^="languages_"][name$="_code"]').count(), 3,
          'one more language row than the two blank ones');
        assertEqual(await language(page, 1).code.inputValue(), 'sv', 'the typed language is kept');
        assertEqual(await language(page, 1).level.inputValue(), 'native',
          'the typed level is kept');
        assertEqual(await page.getByLabel('Motivation').inputValue(), MOTIVATION, 'the motivation is kept');
        assert(await page.getByLabel('Teaching', { exact: true }).isChecked(), 'the ticked skill is kept');
        const draft = await (await page.request.get(`${portalUrl}/young/data.json`)).json();
        assertEqual(draft.participant.motivation, '', 'nothing is saved by adding a row');

        await language(page, 2).code.selectOption({ label: 'English' });
        await language(page, 2).level.selectOption({ label: 'B2 – upper intermediate' });
        await page.getByLabel('Youth work', { exact: true }).check();
        await page.getByLabel('Photography', { exact: true }).check();
        await page.getByLabel('Social inclusion', { exact: true }).check();
        await page.getByLabel('Environment and nature', { exact: true }).check();
        await page.getByLabel('Individual volunteering', { exact: true }).check();
        await page.getByLabel('Any country').check();
        const from = inDays(60);
        const to = inDays(240);
        await page.getByLabel('Period 1: Available from').fill(from);
        await page.getByLabel('Period 1: Available until').fill(to);
        await saveProfile(page);
        assertEqual(new URL(page.url()).pathname, '/young/profile', 'back on the profile');
        assertEqual(await doneText(page), 'Your profile is saved.', 'the page confirms');
        const after = await completeness(page);
        assert(after > before, `the completeness meter rises: ${before} → ${after}`);
        assertEqual(await savedLanguages(page), 'en B2, sv native', 'both languages are saved');
        for (const skill of ['Teaching', 'Youth work', 'Photography']) {
          assert(await page.getByLabel(skill, { exact: true }).isChecked(), `${skill} is saved`);
        }
        assert(await page.getByLabel('Any country').isChecked(), '“Any country” is saved');
        assertEqual(await page.getByLabel('Period 1: Available from').inputValue(), from, 'the period is saved');
        assertEqual(await page.getByLabel('Motivation').inputValue(), MOTIVATION, 'the motivation is saved');
        await screenshot(page, 'young-profile');

        // One bad edit with two problems: a period that ends before it starts, and a motivation of
        // 2,001 characters (typed past the browser's limit of 2,000, which a form need not obey).
        await language(page, 1).level.selectOption({ label: 'C1 – advanced' });
        await page.getByLabel('Period 1: Available until').fill(inDays(30));
        const motivation = page.getByLabel('Motivation');
        await motivation.evaluate((el) => el.removeAttribute('maxlength'));
        await motivation.fill('x'.repeat(2001));
        await saveProfile(page, { status: 422, label: 'profile with a bad period and a long motivation' });
        const summary = await summaryText(page);
        const links = page.getByRole('alert').getByRole('link');
        const targets = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(1)));
        assertEqual(targets.join(' '), 'f-availability_1_to f-motivation', 'one error per problem, linked to its field');
        const periodLabel = (await page.locator('label[for="f-availability_1_to"]').textContent()).trim();
        const periodError = (await links.first().textContent()).trim();
        assert(periodError.includes('the end date is before the start date'), `the error names the rule: ${periodError}`);
        assert(periodError.startsWith('Period 1') || periodError.startsWith(periodLabel) || periodError.startsWith('Available until (1)'),
          `the error names the field: ${periodError}`);
        assert(summary.includes('Motivation: at most 2000 characters; this has 2001'),
          `the error names Motivation and the rule: ${summary}`);
        for (const target of targets) {
          assertEqual(await page.locator(`#${target}`).getAttribute('aria-invalid'), 'true', `${target} is marked`);
        }
        assertEqual(await language(page, 1).level.inputValue(), 'C1', 'what was typed is kept');
        assertEqual((await page.getByLabel('Motivation').inputValue()).length, 2001, 'the motivation is kept');
        await screenshot(page, 'young-profile-errors');

        // Nothing of the bad edits was saved (read from the download, to spare a page).
        const saved = await (await page.request.get(`${portalUrl}/young/data.json`)).json();
        assertEqual(saved.participant.motivation, MOTIVATION, 'the saved motivation is unchanged');
        assertEqual(JSON.stringify(saved.participant.availability), JSON.stringify([{ from, to }]), 'the saved period');
        assertEqual(saved.participant.languages.map((l) => `${l.code} ${l.level}`).sort().join(', '),
          'en B2, sv native', 'the saved languages');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'registering and saving the profile work without JavaScript',
    async run({ browser, portalUrl, usersFile }) {
      const email = newPerson(usersFile, 'Jonas', 'Weber');
      const { context, page } = await pageWithoutJavaScript(browser, { locale: 'en-GB' });
      try {
        await signIn(page, portalUrl, email, { scripting: false });
        await toRegistration(page, portalUrl, email);
        const reference = await register(page, { country: 'Germany' });
        assertEqual(await doneText(page),
          'Welcome! Your reference number is shown below, and we have sent it to you by e-mail.', 'registered');
        await openProfile(page);
        await language(page, 1).code.selectOption({ label: 'German' });
        await language(page, 1).level.selectOption({ label: 'Native speaker' });
        await navigate(page, () => page.getByRole('button', { name: 'Add another language' }).click());
        assertEqual(await language(page, 1).code.inputValue(), 'de', 'the language is kept');
        await language(page, 3).code.selectOption({ label: 'French' });
        await language(page, 3).level.selectOption({ label: 'B1 – intermediate' });
        await page.getByLabel('Climate action', { exact: true }).check();
        await page.getByLabel('Motivation').fill('I would like to work on climate projects.');
        await saveProfile(page);
        assertEqual(await doneText(page), 'Your profile is saved.', 'saved');
        assertEqual(await savedLanguages(page), 'de native, fr B1', 'both languages are saved, the empty row between dropped');
        assert(await page.getByLabel('Climate action', { exact: true }).isChecked(), 'the topic is saved');
        assert((await mainText(page)).includes(reference), 'the profile shows the reference');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'visibility: staff open a findable profile without the private parts, and get 404 once it is hidden',
    async run({ browser, portalUrl, usersFile }) {
      const young = await signUp(browser, portalUrl, usersFile, 'Elsa', 'Nyberg');
      const { page, reference, email } = young;
      const staff = await freshPage(browser);
      // Anna, staff of a Swedish organisation, signs in meanwhile (it takes seconds). The promise
      // never rejects, so a failure in the steps below cannot leave it unhandled.
      const annaSignedIn = signIn(staff.page, portalUrl, ANNA).then(() => null, (e) => e);
      try {
        // Private answers and a nationality, none of them for organisations.
        await openProfile(page, { check: false });
        const birthDate = (await fact(page, 'Date of birth')).trim();
        await page.getByLabel('Nationality').selectOption({ label: 'Finland' });
        await page.getByLabel('I have fewer opportunities than my peers').check();
        const needs = `Step-free access to the accommodation ${RUN}`;
        await page.getByLabel('Support I would need').fill(needs);
        await page.getByLabel('Environment and nature', { exact: true }).check();
        await page.getByLabel('Motivation').fill(MOTIVATION);
        await saveProfile(page, { check: false });
        assertEqual(await doneText(page), 'Your profile is saved.', 'the private answers are saved');
        await navigate(page, () => page.getByRole('link', { name: 'Back to my page' }).click(), { label: 'my page' });
        assert((await mainText(page)).includes('No: organisations cannot find you.'), 'not visible at first');

        await navigate(page, () => page.getByRole('button', { name: 'Let organisations find and contact me' }).click(),
          { label: 'visibility turned on' });
        assertEqual(await doneText(page), 'Organisations can now find you and contact you.', 'the page confirms');
        assert((await page.locator('#visibility').textContent()).includes(
          'Yes: organisations can find you in their searches and contact you.'), 'the status says organisations can find you');

        // Anna opens the profile.
        const failed = await annaSignedIn;
        if (failed) throw failed;
        assertEqual(staff.page.url(), `${portalUrl}/organisations/${ANNA_OID}`, 'Anna lands on her organisation');
        const candidateUrl = `${portalUrl}/organisations/${ANNA_OID}/candidates/${reference}`;
        await visit(staff.page, candidateUrl);
        assert(await staff.page.getByRole('heading', { name: 'Elsa Nyberg', level: 1 }).isVisible(), 'the name');
        const shown = await mainText(staff.page);
        assert(shown.includes(`Reference ${reference}`) && shown.includes('age 22') && shown.includes('Sweden'),
          `reference, age and residence: ${shown}`);
        assert(shown.includes('Environment and nature') && shown.includes(MOTIVATION.slice(0, 60)), 'the profile');
        assert(shown.includes('This person sees that your organisation opened their profile.'), 'the notice');
        for (const [what, secret] of [['e-mail', email], ['nationality', 'Finland'], ['support needs', needs],
          ['fewer opportunities', 'fewer opportunities'], ['birth date', birthDate], ['birth date', birthDateForAge(22)]]) {
          assert(!(await staff.page.content()).includes(secret), `staff do not see the ${what} (${secret})`);
        }
        await screenshot(staff.page, 'candidate-profile');

        // The young person sees who opened the profile.
        await visit(page, `${portalUrl}/young`);
        assert((await mainText(page)).includes('Organisations opened your profile or CV once.'), 'the page counts it');
        await navigate(page, () => page.getByRole('link', { name: 'See who and when' }).click(), { label: 'my data: events' });
        const events = page.locator('#events tbody tr');
        assertEqual(await events.count(), 1, 'one event');
        const row = (await events.first().textContent()).replace(/\s+/g, ' ');
        assert(row.includes(`${ANNA_ORGANISATION} (${ANNA_OID})`) && row.includes('opened your full profile'),
          `the event names the organisation: ${row}`);

        // Hidden again: staff get the same page as for nobody.
        await visit(page, `${portalUrl}/young`);
        await navigate(page, () => page.getByRole('button', { name: 'Stop organisations finding me' }).click(),
          { label: 'visibility turned off' });
        assertEqual(await doneText(page), 'Organisations can no longer find you.', 'the page confirms');
        assert((await page.locator('#visibility').textContent()).includes('No: organisations cannot find you.'),
          'the status says organisations cannot find you');
        await visit(staff.page, candidateUrl, { status: 404 });
        assert(await staff.page.getByRole('heading', { name: 'Page not found' }).isVisible(), 'the 404 page');
        assert(!(await mainText(staff.page)).includes('Elsa'), 'nothing about the person');
      } finally {
        await annaSignedIn;
        await staff.context.close();
        await young.context.close();
      }
    },
  },
  {
    name: 'a CV: a small PDF is saved, a text file named .pdf is refused',
    async run({ browser, portalUrl, usersFile }) {
      const { context, page } = await signUp(browser, portalUrl, usersFile, 'Oskar', 'Lund');
      try {
        await openProfile(page);
        const before = await completeness(page);
        const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
        await page.getByLabel('Choose a PDF').setInputFiles({ name: 'oskar-lund-cv.pdf', mimeType: 'application/pdf', buffer: pdf });
        await navigate(page, () => page.getByRole('button', { name: 'Upload' }).click(), { label: 'CV uploaded' });
        assertEqual(await doneText(page), 'Your CV is saved.', 'the page confirms');
        const cv = page.locator('#cv');
        assert((await cv.textContent()).includes('Your CV:'), 'the CV section shows the current CV');
        assertEqual(await cv.getByRole('link', { name: 'oskar-lund-cv.pdf' }).getAttribute('href'), '/young/cv',
          'a link to the CV');
        assert((await completeness(page)) > before, 'a CV counts for the meter');
        const download = await page.request.get(`${portalUrl}/young/cv`);
        assertEqual(download.status(), 200, 'the person can download the CV');
        assert((await download.body()).equals(pdf), 'the same bytes come back');

        await page.getByLabel('Replace it with another PDF').setInputFiles({
          name: 'not-really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Just some text, pretending.\n'),
        });
        await navigate(page, () => page.getByRole('button', { name: 'Upload' }).click(),
          { status: 422, label: 'a text file named .pdf' });
        const summary = await summaryText(page);
        assert(summary.includes('CV: the file is not a PDF'), `the error says it is not a PDF: ${summary}`);
        const target = (await page.getByRole('alert').getByRole('link').first().getAttribute('href')).slice(1);
        assertEqual(target, 'f-cv', 'the summary links to the file field');
        assertEqual(await page.locator('#f-cv').getAttribute('aria-invalid'), 'true', 'the file field is marked');
        assert((await page.locator('#cv').textContent()).includes('oskar-lund-cv.pdf'), 'the saved CV stays');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'my data shows the reference and what is held, and the download has the same reference',
    async run({ browser, portalUrl, usersFile }) {
      const { context, page, reference, email } = await signUp(browser, portalUrl, usersFile, 'Ida', 'Strand');
      try {
        await navigate(page, () => page.getByRole('navigation', { name: 'Your pages' })
          .getByRole('link', { name: 'My data' }).click(), { label: 'my data' });
        assert(await page.getByRole('heading', { name: 'My data', level: 1 }).isVisible(), 'heading');
        for (const heading of ['Who viewed or contacted me', 'What we hold', 'Your account', 'Your profile',
          'Private answers (optional)', 'Delete my account']) {
          assert(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), `section ${heading}`);
        }
        assertEqual((await fact(page, 'Reference number')).trim(), reference, 'the reference is shown');
        assertEqual((await fact(page, 'E-mail from EU Login')).trim(), email, 'the e-mail from EU Login');
        assert((await mainText(page)).includes('No organisation has opened your profile or contacted you yet.'),
          'no events yet');

        const link = page.getByRole('link', { name: 'Download everything (JSON)' });
        const response = await page.request.get(new URL(await link.getAttribute('href'), portalUrl).toString());
        assertEqual(response.status(), 200, 'the download answers');
        assert(response.headers()['content-type'].startsWith('application/json'), 'JSON');
        assert((response.headers()['content-disposition'] || '').includes('attachment'), 'as a download');
        const data = await response.json();
        assertEqual(data.participant.reference, reference, 'participant.reference');
        assertEqual(data.participant.residence, 'SE', 'participant.residence');
        assertEqual(data.sign_in.email, email, 'sign_in.email');
        assertEqual(data.organisation_events.length, 0, 'no events');
        await screenshot(page, 'young-data');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'deleting the account asks for the reference number, then the person can register again',
    async run({ browser, portalUrl, usersFile }) {
      const { context, page, reference } = await signUp(browser, portalUrl, usersFile, 'Nils', 'Berg');
      try {
        await navigate(page, () => page.getByRole('navigation', { name: 'Your pages' })
          .getByRole('link', { name: 'My data' }).click(), { label: 'my data' });
        await navigate(page, () => page.getByRole('link', { name: 'Delete my account…' }).click(), { label: 'delete page' });
        assert(await page.getByRole('heading', { name: 'Delete my account', level: 1 }).isVisible(), 'heading');
        assert((await mainText(page)).includes(`Type your reference number to confirm: ${reference}`), 'the reference to type');

        const wrong = reference.startsWith('9') ? `8${reference.slice(1)}` : `9${reference.slice(1)}`;
        await page.getByLabel('Your reference number').fill(wrong);
        await navigate(page, () => page.getByRole('button', { name: 'Delete my account for good' }).click(),
          { status: 422, label: 'delete with a wrong number' });
        const summary = await summaryText(page);
        assert(summary.includes('Your reference number: type your reference number exactly as shown, to confirm'),
          `the error names the field: ${summary}`);
        assertEqual(await page.getByLabel('Your reference number').getAttribute('aria-invalid'), 'true', 'field marked');
        const stillThere = await page.request.get(`${portalUrl}/young/data.json`);
        assertEqual(stillThere.status(), 200, 'the account is still there');

        await page.getByLabel('Your reference number').fill(reference);
        await navigate(page, () => page.getByRole('button', { name: 'Delete my account for good' }).click(),
          { label: 'account deleted' });
        assert(await page.getByRole('heading', { name: 'Your account is deleted', level: 1 }).isVisible(), 'deleted');
        await screenshot(page, 'young-deleted');

        await visit(page, `${portalUrl}/young`);
        assert(await page.getByRole('heading', { name: 'Register as a young person', level: 1 }).isVisible(),
          'the registration form again');
        const gone = await page.request.get(`${portalUrl}/young/data.json`, { maxRedirects: 0 });
        assert(gone.status() !== 200, `no data to download any more (${gone.status()})`);
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'the privacy statement and the principles are open to everyone',
    async run({ browser, portalUrl }) {
      const { context, page } = await freshPage(browser);
      try {
        await visit(page, `${portalUrl}/privacy`);
        assert(await page.getByRole('heading', { name: 'Privacy statement for young people', level: 1 }).isVisible(),
          'privacy heading');
        assert(/Version \d+/.test(await mainText(page)), 'the version is shown');
        assert(await page.getByRole('link', { name: 'Sign in', exact: true }).isVisible(), 'signed out');
        await visit(page, `${portalUrl}/principles`);
        assert(await page.getByRole('heading', { name: 'Mission and principles of the corps', level: 1 }).isVisible(),
          'principles heading');
        assert((await page.locator('main li').count()) >= 6, 'the principles are listed');
      } finally {
        await context.close();
      }
    },
  },
];
