// The back office, as the officers who keep the access registry use it: National Agency officers
// correcting staff lists and importing the agencies' CSV, DG officers deciding nominations, the
// administrator granting roles and reading the outbox, and the public nomination form. Every
// portal page visited is checked with axe, and every back-office page is photographed.
import {
  addStandInUser, assert, assertEqual, checkAccessibility, freshPage, navigate, screenshot, signIn, visit,
} from './harness.js';

const SARA = 'sara.nilsson@mucf.example'; // National Agency officer, SE
const ELENA = 'elena.rossi@env.ec.example'; // DG officer, programme LIFE
const ADMIN = 'admin@pass.example';
const ANNA = 'anna.lindqvist@ungieuropa.example'; // staff of E10000001 (SE quality label)
const SIOBHAN = 'siobhan.kelly@greencoast.example'; // staff of E10000004 (LIFE approval)
const SAM = 'sam.taylor@unlisted.example'; // listed nowhere

// Something unique per run, for the e-mails and names a test invents.
const RUN = Date.now().toString(36);

// Officers sign in through EU Login once per run; later tests reuse their session (a sign-in
// takes seconds, and what is tested here is the back office, not the sign-in).
const sessions = new Map();

async function signInOfficer(browser, portalUrl, email) {
  const { context, page } = await freshPage(browser);
  await signIn(page, portalUrl, email);
  assertEqual(page.url(), `${portalUrl}/backoffice`, `${email}, an officer of no organisation, lands on the back office`);
  sessions.set(email, await context.storageState());
  return { context, page };
}

async function asOfficer(browser, portalUrl, email) {
  const saved = sessions.get(email);
  if (!saved) return signInOfficer(browser, portalUrl, email);
  const context = await browser.newContext({ locale: 'en-GB', storageState: saved });
  const page = await context.newPage();
  await visit(page, `${portalUrl}/backoffice`);
  return { context, page };
}

async function mainText(page) {
  return page.textContent('main');
}

// The text of the success message a back-office page shows after a change.
async function doneText(page) {
  return (await page.locator('.pass-success').textContent()).trim();
}

// From the header to the back office's search page.
async function openBackOffice(page) {
  const link = page.getByRole('banner').getByRole('link', { name: 'Back office' });
  assert(await link.isVisible(), 'the header links to the back office');
  await navigate(page, () => link.click(), { label: 'back office' });
  assert(await page.getByRole('heading', { name: 'Access registry', level: 1 }).isVisible(), 'back-office heading');
}

// One of the back office's own pages, from its navigation.
async function backOfficeNav(page, name) {
  const nav = page.getByRole('navigation', { name: 'Back office' });
  await navigate(page, () => nav.getByRole('link', { name, exact: true }).click(), { label: `back office: ${name}` });
}

// Searches the registry by organisation name; returns the names of the organisations found.
async function searchByName(page, name) {
  const form = page.getByRole('search');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await navigate(page, () => form.getByRole('button', { name: 'Search' }).click(), { label: `search ${name}` });
  return page.locator('.pass-card__title a').allTextContents();
}

// The rows of the first table under a heading, as arrays of cell texts.
async function tableRows(page, heading) {
  const section = page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
  return section.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim())));
}

// Uploads a CSV on Back office → Import CSV; returns the response of the preview.
async function uploadCsv(page, name, csv, expectedStatus) {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  return navigate(page, () => page.getByRole('button', { name: 'Preview the import' }).click(),
    { status: expectedStatus, label: `import preview of ${name}` });
}

const CSV_HEADER = 'oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,staff_email,staff_name,staff_function';
const DE_ROW = 'E20000404,Jugendhaus Köln,DE,quality_label,ESC50-QL-2025-DE-0404,DE04 JUGEND für Europa,2025-01-01,2027-12-31,active,,,';

export const tests = [
  {
    name: 'an NA officer corrects a staff e-mail: the new address gets in at once, the old one no longer',
    async run({ browser, portalUrl, usersFile }) {
      const newEmail = `anna.lindqvist+${RUN}@ungieuropa.example`;
      addStandInUser(usersFile, { email: newEmail, givenName: 'Anna', familyName: 'Lindqvist' });
      // Anna is signed in before the correction.
      const anna = await freshPage(browser);
      await signIn(anna.page, portalUrl, ANNA);
      assertEqual(anna.page.url(), `${portalUrl}/organisations/E10000001`, 'Anna lands on her organisation');

      const sara = await signInOfficer(browser, portalUrl, SARA);
      const { page } = sara;
      try {
        await screenshot(page, 'backoffice-officer-after-sign-in');
        await openBackOffice(page);
        assert((await mainText(page)).includes('National Agency officer, Sweden'), 'the page names her role');
        const found = await searchByName(page, 'Ung i Europa');
        assertEqual(JSON.stringify(found), JSON.stringify(['Föreningen Ung i Europa']), 'search result');
        await screenshot(page, 'backoffice-search');
        await navigate(page, () => page.getByRole('link', { name: 'Föreningen Ung i Europa' }).click(),
          { label: 'organisation in the back office' });
        assert(await page.getByRole('heading', { name: 'Föreningen Ung i Europa', level: 1 }).isVisible(), 'organisation heading');
        assert((await mainText(page)).includes('ESC50-QL-2024-SE-0042'), 'the quality label is shown');
        await screenshot(page, 'backoffice-organisation');

        await navigate(page, () => page.getByRole('link', { name: 'Correct Anna Lindqvist' }).click(),
          { label: 'correct a staff entry' });
        assertEqual(await page.getByLabel('E-mail').inputValue(), ANNA, 'the form starts from the current address');
        await screenshot(page, 'backoffice-staff-correct');
        await page.getByLabel('E-mail').fill(newEmail);
        await page.getByLabel('Reason').fill('Ticket 4711: Anna signs in to EU Login with her new address');
        await navigate(page, () => page.getByRole('button', { name: 'Save the correction' }).click(),
          { label: 'after the correction' });
        assertEqual(new URL(page.url()).pathname, '/backoffice/organisations/E10000001', 'back on the organisation');
        assert((await doneText(page)).includes('The staff entry was corrected'), 'the page confirms');
        const staff = await page.locator('article', { hasText: 'ESC50-QL-2024-SE-0042' }).locator('tbody').textContent();
        assert(staff.includes(newEmail) && !staff.includes(ANNA), 'the staff list has the new address only');
        const history = await tableRows(page, 'History');
        const corrected = history.find((row) => row[2].startsWith('Staff entry corrected'));
        assert(corrected, `the history shows the correction: ${JSON.stringify(history)}`);
        assert(corrected[2].includes(newEmail), 'the history names the new address');
        assertEqual(corrected[3], 'Ticket 4711: Anna signs in to EU Login with her new address', 'the reason');
        assert(corrected[1].includes(SARA), 'the history names who corrected it');
        await screenshot(page, 'backoffice-organisation-corrected');

        // Anna's open session is refused on its next page: access is decided per request.
        await visit(anna.page, `${portalUrl}/organisations/E10000001`, { status: 403 });
        assert(await anna.page.getByRole('heading', { name: 'No access to this page' }).isVisible(), '403 page');

        // The corrected address gets in at once.
        const renewed = await freshPage(browser);
        await signIn(renewed.page, portalUrl, newEmail);
        assertEqual(renewed.page.url(), `${portalUrl}/organisations/E10000001`, 'the new address lands on the organisation');
        await renewed.context.close();

        // The old address does not.
        const old = await freshPage(browser);
        await signIn(old.page, portalUrl, ANNA);
        assertEqual(old.page.url(), `${portalUrl}/access`, 'the old address lands on the access page');
        assert(await old.page.getByRole('heading', { name: 'We could not link you to an organisation' }).isVisible(),
          'no access');
        await old.context.close();
      } finally {
        // Put the demo address back for the other tests (anna signs in in sign_in.spec.js). Not a
        // step under test, so without axe.
        await page.goto(`${portalUrl}/backoffice/organisations/E10000001`);
        const listed = await page.locator('article', { hasText: 'ESC50-QL-2024-SE-0042' }).locator('tbody').textContent();
        if (!listed.includes(ANNA)) {
          await page.getByRole('link', { name: 'Correct Anna Lindqvist' }).click();
          await page.getByLabel('E-mail').fill(ANNA);
          await page.getByLabel('Reason').fill('Browser test: back to the demo address');
          await page.getByRole('button', { name: 'Save the correction' }).click();
          await page.waitForURL(/done=staff_corrected/);
        }
        await sara.context.close();
        await anna.context.close();
      }
    },
  },
  {
    name: 'staff nominate two people, the DG officer approves one and rejects the other',
    async run({ browser, portalUrl, usersFile }) {
      const approved = { name: 'Ciara Byrne', email: `ciara.byrne.${RUN}@greencoast.example`, function: 'Field officer' };
      const rejected = { name: 'Declan Walsh', email: `declan.walsh.${RUN}@greencoast.example`, function: 'Intern' };

      const siobhan = await freshPage(browser);
      let page = siobhan.page;
      await signIn(page, portalUrl, SIOBHAN);
      assertEqual(page.url(), `${portalUrl}/organisations/E10000004`, 'Siobhán lands on her organisation');
      await navigate(page, () => page.getByRole('link', { name: /Nominate staff/ }).click(), { label: 'nomination form' });
      assertEqual(new URL(page.url()).pathname, '/nominations/new', 'the nomination form');
      assertEqual(await page.getByLabel('Organisation ID (OID)').inputValue(), 'E10000004', 'the OID is filled in');
      assertEqual(await page.getByLabel('Programme approval reference').inputValue(), 'LIFE-PA-2025-IE-0007',
        'the reference is filled in');
      for (const [n, person] of [[1, approved], [2, rejected]]) {
        const group = page.getByRole('group', { name: `Person ${n}` });
        await group.getByLabel('Name').fill(person.name);
        await group.getByLabel('E-mail').fill(person.email);
        await group.getByLabel('Function').fill(person.function);
      }
      await screenshot(page, 'nomination-form-staff');
      await navigate(page, () => page.getByRole('button', { name: 'Send the nomination' }).click(), { label: 'nomination sent' });
      assert(await page.getByRole('heading', { name: 'Nomination sent' }).isVisible(), 'sent');
      assert((await mainText(page)).includes('The nomination is with the DG'), 'staff skip the e-mail confirmation');
      await navigate(page, () => page.getByRole('link', { name: 'Back to your organisation' }).click());
      let rows = await tableRows(page, 'Nominations');
      for (const person of [approved, rejected]) {
        const row = rows.find((r) => r[1] === person.email);
        assert(row && row[3].startsWith("waiting for the DG's decision"), `${person.name} waits for the DG: ${JSON.stringify(rows)}`);
      }

      const elena = await asOfficer(browser, portalUrl, ELENA);
      page = elena.page;
      await backOfficeNav(page, 'Nominations');
      assert(await page.getByRole('heading', { name: 'Nominations to decide', level: 1 }).isVisible(), 'the queue');
      await screenshot(page, 'backoffice-nominations');
      const decide = async (person, button, reason, done) => {
        const card = page.getByRole('article', { name: new RegExp(person.name) });
        assert((await card.textContent()).includes('Green Coast Association'), 'the card names the organisation');
        await card.getByLabel('Reason').fill(reason);
        await navigate(page, () => card.getByRole('button', { name: `${button} ${person.name}` }).click(),
          { label: `${button} ${person.name}` });
        assert((await doneText(page)).includes(done), `the page confirms: ${done}`);
        assertEqual(await page.getByRole('article', { name: new RegExp(person.name) }).count(), 0, 'decided, off the queue');
      };
      // A decision needs a reason.
      await navigate(page, () => page.getByRole('button', { name: `Approve ${approved.name}` }).click(),
        { status: 400, label: 'approve without a reason' });
      const summary = page.getByRole('alert');
      assert((await summary.textContent()).includes('Reason: a reason is required'), 'the error names the reason');
      const target = (await summary.getByRole('link').first().getAttribute('href')).slice(1);
      const reason = page.getByRole('article', { name: new RegExp(approved.name) }).getByLabel('Reason');
      assertEqual(await reason.getAttribute('id'), target, 'the summary links to the reason of that nomination');
      assertEqual(await reason.getAttribute('aria-invalid'), 'true', 'the reason field is marked');
      await decide(approved, 'Approve', 'Works on the LIFE project full time', 'The nomination was approved');
      await decide(rejected, 'Reject', 'Not employed by the organisation', 'The nomination was rejected');
      await elena.context.close();

      // The organisation's page shows both decisions.
      page = siobhan.page;
      await visit(page, `${portalUrl}/organisations/E10000004`);
      rows = await tableRows(page, 'Nominations');
      const a = rows.find((r) => r[1] === approved.email);
      const r = rows.find((row) => row[1] === rejected.email);
      assert(a && a[3] === 'approved: Works on the LIFE project full time', `approved row: ${JSON.stringify(a)}`);
      assert(r && r[3] === 'rejected: Not employed by the organisation', `rejected row: ${JSON.stringify(r)}`);
      const staff = await tableRows(page, 'Staff with access');
      assert(staff.some((row) => row[2] === approved.email), 'the approved person is listed as staff');
      assert(!staff.some((row) => row[2] === rejected.email), 'the rejected person is not');
      await screenshot(page, 'organisation-nominations-decided');
      await siobhan.context.close();

      // The approved person gets in; the rejected one does not.
      for (const person of [approved, rejected]) {
        const [given, family] = person.name.split(' ');
        addStandInUser(usersFile, { email: person.email, givenName: given, familyName: family });
      }
      const inside = await freshPage(browser);
      await signIn(inside.page, portalUrl, approved.email);
      assertEqual(inside.page.url(), `${portalUrl}/organisations/E10000004`, 'the approved person lands on E10000004');
      await inside.context.close();
      const outside = await freshPage(browser);
      await signIn(outside.page, portalUrl, rejected.email);
      assertEqual(outside.page.url(), `${portalUrl}/access`, 'the rejected person lands on the access page');
      await outside.context.close();
    },
  },
  {
    name: 'a representative nominates signed out, confirms by e-mail, and the DG officer sees it',
    async run({ browser, portalUrl }) {
      const representative = { name: 'Máire Ní Bhriain', email: `maire.${RUN}@greencoast.example` };
      const nominee = { name: 'Eoin Murphy', email: `eoin.murphy.${RUN}@greencoast.example` };
      const visitor = await freshPage(browser);
      let page = visitor.page;
      await visit(page, `${portalUrl}/nominations/new`);
      await screenshot(page, 'nomination-form-public');
      // Three submissions here and one in the test before: the portal allows a burst of five
      // nominations per client address (and the browser tests all come from 127.0.0.1).
      const send = async (status, label) =>
        navigate(page, () => page.getByRole('button', { name: 'Send the nomination' }).click(), { status, label });

      await page.getByLabel('Organisation ID (OID)').fill('E99999999');
      await page.getByLabel('Programme approval reference').fill('LIFE-PA-2025-IE-0007');
      await page.getByLabel('Your name').fill(representative.name);
      await page.getByLabel('Your e-mail').fill(representative.email);
      const person1 = page.getByRole('group', { name: 'Person 1' });
      await person1.getByLabel('Name').fill(nominee.name);
      await person1.getByLabel('E-mail').fill(nominee.email);
      await send(400, 'unknown OID');
      const summary = page.getByRole('alert');
      let errors = await summary.textContent();
      assert(errors.includes('Organisation ID (OID)') && errors.includes('no organisation with the OID E99999999'),
        `the error names the OID field: ${errors}`);
      assertEqual(await page.getByLabel('Organisation ID (OID)').getAttribute('aria-invalid'), 'true', 'the OID field is marked');
      assertEqual(await person1.getByLabel('Name').inputValue(), nominee.name, 'what was typed is kept');
      await screenshot(page, 'nomination-form-unknown-oid');

      await page.getByLabel('Organisation ID (OID)').fill('E10000004');
      await page.getByLabel('Programme approval reference').fill('ESC50-QL-2024-SE-0042');
      await send(400, 'reference of another organisation');
      errors = await summary.textContent();
      assert(errors.includes('ESC50-QL-2024-SE-0042 does not belong to the organisation E10000004'),
        `the error says the reference is not the organisation's: ${errors}`);
      assertEqual(await page.getByLabel('Programme approval reference').getAttribute('aria-invalid'), 'true',
        'the reference field is marked');

      await page.getByLabel('Programme approval reference').fill('LIFE-PA-2025-IE-0007');
      await send(200, 'nomination sent');
      assert(await page.getByRole('heading', { name: 'Nomination sent' }).isVisible(), 'sent');
      const sent = await mainText(page);
      assert(sent.includes('We have sent a confirmation link to') && sent.includes(representative.email),
        'check your e-mail');
      await screenshot(page, 'nomination-sent-check-mail');

      // The administrator finds the confirmation mail in the outbox.
      const admin = await asOfficer(browser, portalUrl, ADMIN);
      page = admin.page;
      await backOfficeNav(page, 'Outbox');
      assert((await mainText(page)).includes('No mail server is configured'), 'the outbox says mail is not sent');
      const mail = page.locator('details', { hasText: representative.email }).first();
      await mail.locator('summary').click();
      const body = await mail.locator('pre').textContent();
      assert(body.includes(nominee.name) && body.includes('Green Coast Association'), 'the mail names whom and where');
      const link = body.match(/https?:\/\/\S+\/nominations\/confirm\?token=[A-Za-z0-9_-]+/);
      assert(link, `the mail holds the confirmation link: ${body}`);
      assert(link[0].startsWith(portalUrl), 'the link points at this portal');
      await checkAccessibility(page, 'outbox with a message open');
      await screenshot(page, 'backoffice-outbox');
      await admin.context.close();

      // Not in the DG's queue before the confirmation.
      const elena = await asOfficer(browser, portalUrl, ELENA);
      await backOfficeNav(elena.page, 'Nominations');
      assertEqual(await elena.page.getByRole('article', { name: new RegExp(nominee.name) }).count(), 0,
        'unconfirmed nominations wait');

      // Following the link signed out and pressing the button confirms.
      page = visitor.page;
      await visit(page, link[0]);
      assert(await page.getByRole('heading', { name: 'Confirm the nomination', level: 1 }).isVisible(), 'confirm page');
      await screenshot(page, 'nomination-confirm');
      await navigate(page, () => page.getByRole('button', { name: 'Confirm the nomination' }).click(), { label: 'confirmed' });
      assert(await page.getByRole('heading', { name: 'Nomination confirmed' }).isVisible(), 'confirmed');
      assert((await mainText(page)).includes(nominee.email), 'the confirmation names the person');
      await screenshot(page, 'nomination-confirmed');
      await visitor.context.close();

      // The DG officer sees it now.
      await visit(elena.page, `${portalUrl}/backoffice/nominations`);
      const card = elena.page.getByRole('article', { name: new RegExp(nominee.name) });
      assertEqual(await card.count(), 1, 'the nomination is in the queue');
      const text = await card.textContent();
      assert(text.includes(representative.email) && text.includes('LIFE-PA-2025-IE-0007'), 'with who nominated, under what');
      await elena.context.close();
    },
  },
  {
    name: 'an import preview with bad rows changes nothing; a good file is written only on "Import now"',
    async run({ browser, portalUrl }) {
      const org = 'Ungdomens Hus Malmö';
      const good = `E20000401,${org},SE,quality_label,ESC50-QL-2025-SE-0401,SE02 MUCF,2025-01-01,2027-12-31,active,lina.ek.${RUN}@ungdomenshus.example,Lina Ek,Coordinator`;
      const bad = [
        CSV_HEADER,
        good,
        'X1234,Felaktig förening,SE,quality_label,ESC50-QL-2025-SE-0402,SE02 MUCF,2025-01-01,2027-12-31,active,,,',
        'E20000403,Datumföreningen,SE,quality_label,ESC50-QL-2025-SE-0403,SE02 MUCF,2025-02-30,2027-12-31,active,,,',
        DE_ROW,
      ].join('\n');
      const { context, page } = await asOfficer(browser, portalUrl, SARA);
      await backOfficeNav(page, 'Import CSV');
      await screenshot(page, 'backoffice-import');
      await uploadCsv(page, 'bad-rows.csv', `${bad}\n`, 422);
      const problems = await page.locator('.pass-error-summary tbody tr').evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
      for (const [line, column] of [['3', 'oid'], ['4', 'valid_from'], ['5', 'reference']]) {
        const problem = problems.find((p) => p[0] === line);
        assert(problem && problem[2].length > 0, `line ${line} is rejected with a reason: ${JSON.stringify(problems)}`);
        assert(problems.some((p) => p[0] === line && p[1] === column), `line ${line} names ${column}: ${JSON.stringify(problems)}`);
      }
      assert(problems.some((p) => p[0] === '5' && p[2].includes('outside your remit')),
        `the DE row is outside the remit, reported with the others: ${JSON.stringify(problems)}`);
      assert(!problems.some((p) => p[0] === '2'), 'the good row is not rejected');
      assert((await mainText(page)).includes('Nothing was written'), 'says nothing was written');
      assertEqual(await page.getByRole('button', { name: 'Import now' }).count(), 0, 'no confirm button');
      await screenshot(page, 'backoffice-import-problems');
      await backOfficeNav(page, 'Find organisations');
      assertEqual((await searchByName(page, 'Ungdomens Hus')).length, 0, 'nothing was written');

      const goodFile = [
        CSV_HEADER, good,
        `E20000401,${org},SE,quality_label,ESC50-QL-2025-SE-0401,SE02 MUCF,2025-01-01,2027-12-31,active,nils.berg.${RUN}@ungdomenshus.example,Nils Berg,Mentor`,
      ].join('\n');
      await backOfficeNav(page, 'Import CSV');
      await uploadCsv(page, 'good.csv', goodFile, 200);
      const card = page.locator('section.pass-card', { hasText: 'E20000401' });
      const text = await card.textContent();
      assert(text.includes(org) && text.includes('new organisation'), `the organisation is new: ${text}`);
      assert(text.includes('Lina Ek') && text.includes('Nils Berg') && text.includes('Staff added'), 'its staff are added');
      await screenshot(page, 'backoffice-import-preview');
      await navigate(page, () => page.getByRole('button', { name: 'Cancel' }).click(), { label: 'import cancelled' });
      assert((await doneText(page)).includes('nothing was written'), 'cancelled');
      await backOfficeNav(page, 'Find organisations');
      assertEqual((await searchByName(page, 'Ungdomens Hus')).length, 0, 'cancel wrote nothing');

      await backOfficeNav(page, 'Import CSV');
      await uploadCsv(page, 'good.csv', goodFile, 200);
      await navigate(page, () => page.getByRole('button', { name: 'Import now' }).click(), { label: 'import written' });
      assert((await doneText(page)).includes('The import was written'), 'imported');
      await backOfficeNav(page, 'Find organisations');
      assertEqual(JSON.stringify(await searchByName(page, 'Ungdomens Hus')), JSON.stringify([org]), 'found after the import');
      await context.close();
    },
  },
  {
    name: 'the back office keeps to remits and roles; the administrator grants and revokes a role',
    async run({ browser, portalUrl }) {
      // An NA officer for Sweden sees Swedish organisations only.
      const sara = await asOfficer(browser, portalUrl, SARA);
      let page = sara.page;
      await visit(page, `${portalUrl}/backoffice/organisations/E10000002`, { status: 404 });
      await visit(page, `${portalUrl}/backoffice/organisations/E10000003`, { status: 404 });
      await visit(page, `${portalUrl}/backoffice`);
      const cards = await page.locator('.pass-card__title').allTextContents();
      assert(cards.length > 0, 'an empty search lists the organisations of the remit');
      for (const title of cards) assert(title.includes('Sweden'), `only Swedish organisations: ${title}`);
      assert(cards.some((t) => t.includes('E10000001')), 'E10000001 is among them');
      await backOfficeNav(page, 'New organisation');
      const kinds = await page.getByLabel('Kind of authorisation').locator('option').allTextContents();
      assert(!kinds.includes('Programme approval'), `an NA officer cannot create programme approvals: ${kinds}`);
      await screenshot(page, 'backoffice-organisation-new');
      await sara.context.close();

      // Staff and people on no list are not officers.
      for (const email of [ANNA, SAM]) {
        const { context, page: p } = await freshPage(browser);
        await signIn(p, portalUrl, email);
        assertEqual(await p.getByRole('banner').getByRole('link', { name: 'Back office' }).count(), 0,
          `no back-office link for ${email}`);
        await visit(p, `${portalUrl}/backoffice`, { status: 403 });
        assert(await p.getByRole('heading', { name: 'No access to this page' }).isVisible(), `403 page for ${email}`);
        assert((await mainText(p)).includes('no officer role'), 'the page says why');
        assertEqual(await p.getByRole('banner').getByRole('link', { name: 'Back office' }).count(), 0,
          `no back-office link on the 403 page for ${email}`);
        if (email === ANNA) await screenshot(p, 'backoffice-forbidden');
        await context.close();
      }

      // The administrator grants an NA officer role for Germany and revokes it.
      const newOfficer = `jonas.weber.${RUN}@jugend-europa.example`;
      const admin = await asOfficer(browser, portalUrl, ADMIN);
      page = admin.page;
      await backOfficeNav(page, 'Roles');
      await page.getByLabel('E-mail', { exact: true }).fill(newOfficer);
      await page.getByLabel('Role').selectOption({ label: 'National Agency officer' });
      await navigate(page, () => page.getByRole('button', { name: 'Grant the role' }).click(), { status: 400, label: 'role without country' });
      const errors = await page.getByRole('alert').textContent();
      assert(errors.includes('Country') && errors.includes("needs the agency's country"), `the error names the country: ${errors}`);
      assertEqual(await page.getByLabel('E-mail', { exact: true }).inputValue(), newOfficer, 'what was typed is kept');
      await screenshot(page, 'backoffice-roles-error');
      await page.getByLabel(/^Country/).selectOption({ label: 'Germany' });
      await navigate(page, () => page.getByRole('button', { name: 'Grant the role' }).click(), { label: 'role granted' });
      assert((await doneText(page)).includes('The role was granted'), 'granted');
      const row = page.locator('tbody tr', { hasText: newOfficer });
      assertEqual(await row.count(), 1, 'the role is listed');
      const cells = await row.locator('td').allTextContents();
      assertEqual(cells[1].trim(), 'National Agency officer', 'role');
      assertEqual(cells[2].trim(), 'Germany', 'remit');
      assert(cells[3].includes(ADMIN), 'granted by the administrator');
      await screenshot(page, 'backoffice-roles');
      await navigate(page, () => row.getByRole('button', { name: /Revoke/ }).click(), { label: 'role revoked' });
      assert((await doneText(page)).includes('The role was revoked'), 'revoked');
      assertEqual(await page.locator('tbody tr', { hasText: newOfficer }).count(), 0, 'no longer listed');
      await admin.context.close();
    },
  },
  {
    name: 'adding a person with a bad e-mail and no reason names both fields and adds nobody',
    async run({ browser, portalUrl }) {
      const { context, page } = await asOfficer(browser, portalUrl, SARA);
      await visit(page, `${portalUrl}/backoffice/organisations/E10000001`);
      const card = page.locator('article', { hasText: 'ESC50-QL-2024-SE-0042' });
      const before = await card.locator('tbody tr').count();
      const add = card.locator('details', { hasText: 'Add a person' });
      await add.getByText('Add a person').click();
      await add.getByLabel('E-mail').fill('erik at ungieuropa');
      await add.getByLabel('Name').fill('Erik Svensson');
      await navigate(page, () => add.getByRole('button', { name: 'Add the person' }).click(),
        { status: 400, label: 'add a person with errors' });
      const summary = page.getByRole('alert');
      const errors = await summary.textContent();
      assert(errors.includes('E-mail') && errors.includes('“erik at ungieuropa” is not an e-mail address'),
        `the summary names the e-mail: ${errors}`);
      assert(errors.includes('Reason') && errors.includes('a reason is required'), `the summary names the reason: ${errors}`);
      // Each link of the summary leads to its field.
      for (const link of await summary.getByRole('link').all()) {
        const target = (await link.getAttribute('href')).slice(1);
        assertEqual(await page.locator(`[id="${target}"]`).count(), 1, `the summary link #${target} has a field`);
      }
      const again = page.locator('article', { hasText: 'ESC50-QL-2024-SE-0042' })
        .locator('details', { hasText: 'Add a person' });
      assert(await again.getByLabel('E-mail').isVisible(), 'the form stays open with the errors');
      assertEqual(await again.getByLabel('E-mail').inputValue(), 'erik at ungieuropa', 'what was typed is kept');
      assertEqual(await again.getByLabel('E-mail').getAttribute('aria-invalid'), 'true', 'the e-mail field is marked');
      assertEqual(await again.getByLabel('Reason').getAttribute('aria-invalid'), 'true', 'the reason field is marked');
      await screenshot(page, 'backoffice-add-person-errors');
      await visit(page, `${portalUrl}/backoffice/organisations/E10000001`);
      const after = page.locator('article', { hasText: 'ESC50-QL-2024-SE-0042' });
      assertEqual(await after.locator('tbody tr').count(), before, 'nobody was added');
      assert(!(await after.textContent()).includes('Erik Svensson'), 'Erik is not listed');

      // The authorisation's own edit page.
      await navigate(page, () => after.getByRole('link', { name: 'Edit this authorisation' }).click(), { label: 'edit an authorisation' });
      assertEqual(await page.getByLabel('Reference').inputValue(), 'ESC50-QL-2024-SE-0042', 'the edit form');
      await screenshot(page, 'backoffice-authorisation-edit');
      await context.close();
    },
  },
];
