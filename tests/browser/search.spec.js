// The candidate search (SPEC F9-F11), as organisation staff use it: Anna of Föreningen Ung i Europa
// searches the registry with a topic, a language and a minimum level, reads how many people match
// (the count next to a topic is the total she gets when she ticks only that topic), reads why each
// person is listed, sees given names only until she opens a full profile, searches the experience
// texts for a word, and is told what is wrong with an impossible age range; she opens the
// suggestions for one of her opportunities (ranked by a match score, with the parts that make it)
// and shortlists two people into its pipeline; she saves a search with a daily e-mail, runs it
// again, turns the e-mail off and deletes it. Every page a step is about is checked with axe. The
// people are the 60 synthetic young people of `pass-portal demo-data --participants 60`; the tests
// read what the pages show (counts, names, references) instead of assuming a particular person, so
// they do not depend on the demo data's random draw, on each other or on their order.
import {
  assert, assertEqual, checkAccessibility, freshPage, screenshot, signIn, visit,
} from './harness.js';

const ANNA = 'anna.lindqvist@ungieuropa.example'; // staff of E10000001 (SE quality label)
const ANNA_OID = 'E10000001';
const ANNA_ORGANISATION = 'Föreningen Ung i Europa';
// A demo opportunity of Anna's organisation: individual volunteering in Göteborg, Sweden, open to
// residents of every country, starting in 90 days, topics social inclusion and migration, English
// at B1 wanted, no skills.
const GOTEBORG = 'Youth centre volunteer in Göteborg';
// The parts of the match score the Göteborg opportunity asks for, with their weights (docs/api.md,
// "The match score"): no skills, so skills are left out and the rest scaled to 100.
const GOTEBORG_PARTS = { Available: 30, Topics: 20, 'Activity type': 20, Destination: 15, Languages: 10 };
// A word of one of the demo experience texts ("I organised a community garden and a clothes swap
// in my town.", src/demo/demo.cc), and another form of it that the stemming finds too.
const WORD = 'garden';
const WORD_OTHER_FORM = 'gardens';

// Something unique per run, for the names the tests invent.
const RUN = Date.now().toString(36);

// The CEFR levels at or above B1, as the results write them ("English B2", "Swedish native").
const B1_OR_ABOVE = ['B1', 'B2', 'C1', 'C2', 'native'];

// ---------------------------------------------------------------------------------------------
// Page helpers

function squash(text) {
  return (text || '').replace(/\s+/g, ' ').trim();
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function summaryText(page) {
  return squash(await page.getByRole('alert').textContent());
}

async function doneText(page) {
  return squash(await page.locator('.pass-success').textContent());
}

// Does something that loads a new page, checks its status (2xx unless `status` says otherwise)
// and runs axe on it; when the action itself fails (a button that is not there) the test fails
// with that error instead of the wait for the page rejecting later, unhandled.
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

// The results heading: "23 people match", "1 person matches" or "Nobody matches".
const TOTAL = /^(?:Nobody matches|1 person matches|\d+ people match)$/;

async function totalShown(page) {
  const heading = page.getByRole('heading', { level: 2, name: TOTAL });
  assertEqual(await heading.count(), 1, 'one results heading says how many people match');
  const text = squash(await heading.textContent());
  if (text === 'Nobody matches') return 0;
  return Number(text.match(/^\d+/)[0]);
}

// The checkboxes of a fieldset of the search form (topics, activity types) with the count of
// people shown next to each: [{ label, count, checked }].
async function boxes(page, legend) {
  const group = page.getByRole('group', { name: legend, exact: true });
  return group.locator('.pass-check').evaluateAll((items) => items.map((item) => {
    const label = item.querySelector('label');
    const count = label.querySelector('.pass-count');
    const text = label.textContent.replace(/\s+/g, ' ').trim();
    return {
      label: count ? text.slice(0, text.length - count.textContent.length).trim() : text,
      count: count ? Number(count.textContent.replace(/[()]/g, '')) : null,
      checked: item.querySelector('input').checked,
    };
  }));
}

// The checkbox of `label` in a fieldset of the search form; its name ends with the count when
// the page shows counts (not on a page with errors).
function box(page, legend, label) {
  return page.getByRole('group', { name: legend, exact: true })
    .getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(label)}( \\(\\d+\\))?$`) });
}

// A button whose visible text is followed, for screen readers, by ": " and what it acts on
// (Chromium puts a space between the visible and the hidden part).
function buttonFor(page, text, what) {
  return page.getByRole('button', { name: new RegExp(`^${escapeRegExp(text)}\\s*: ${escapeRegExp(what)}$`) });
}

// The result rows as the page shows them: the person (name, profile link, reference, age,
// residence), the match score when ranked, the profile facts and the reasons, each reason with its
// mark (✓/✗), what a screen reader hears before it and its text.
async function resultRows(page) {
  const table = page.locator('table.pass-candidates');
  if (await table.count() === 0) return [];
  const headers = (await table.locator('thead th').allTextContents()).map(squash);
  const columns = {
    person: headers.indexOf('Person'),
    score: headers.indexOf('Match'),
    profile: headers.indexOf('Profile'),
    reasons: headers.indexOf('Why this person'),
  };
  assert(columns.person > 0 && columns.profile > 0 && columns.reasons > 0,
    `the results have the columns Person, Profile and Why this person: ${JSON.stringify(headers)}`);
  return table.locator('tbody tr').evaluateAll((rows, cols) => rows.map((tr) => {
    const cells = [...tr.children];
    const squashed = (t) => (t || '').replace(/\s+/g, ' ').trim();
    const person = cells[cols.person];
    const link = person.querySelector('a');
    const lines = person.innerText.split('\n').map(squashed).filter(Boolean);
    const facts = {};
    for (const dt of cells[cols.profile].querySelectorAll('dt')) {
      facts[squashed(dt.textContent)] = squashed(dt.nextElementSibling && dt.nextElementSibling.textContent);
    }
    const reasons = [...cells[cols.reasons].querySelectorAll('li')].map((li) => {
      const copy = li.cloneNode(true);
      const hidden = copy.querySelector('.ecl-u-sr-only');
      const spoken = hidden ? squashed(hidden.textContent) : '';
      if (hidden) hidden.remove();
      const mark = copy.querySelector('[aria-hidden="true"]');
      const shownMark = mark ? squashed(mark.textContent) : '';
      if (mark) mark.remove();
      return { mark: shownMark, spoken, text: squashed(copy.textContent) };
    });
    const checkbox = cells[0].querySelector('input[type="checkbox"]');
    return {
      name: squashed(link && link.textContent),
      href: link && link.getAttribute('href'),
      lines,
      reference: checkbox && checkbox.value,
      score: cols.score > 0 ? squashed(cells[cols.score].textContent) : null,
      facts,
      reasons,
      text: squashed(tr.textContent),
    };
  }), columns);
}

// The reason of a row whose text starts with `label` (followed by " (weight)" or ":").
function reason(row, label) {
  return row.reasons.find((r) => r.text === label || r.text.startsWith(`${label} (`) || r.text.startsWith(`${label}:`));
}

// What the second line of the person cell says: "Age 23 · Sweden" → { age, residence }.
function ageAndResidence(row) {
  const line = row.lines.find((l) => l.startsWith('Age '));
  const m = line && line.match(/^Age (\d+) · (.+)$/);
  assert(m, `the row shows the age and the residence: ${JSON.stringify(row.lines)}`);
  return { age: Number(m[1]), residence: m[2] };
}

// A person cell of the results shows the given name, the reference, the age and the residence.
function checkPersonCell(row, oid) {
  assert(row.name.length > 0, `a name: ${row.text}`);
  assert(/^\d{10}$/.test(row.reference || ''), `a 10-digit reference: ${row.reference}`);
  assertEqual(row.href, `/organisations/${oid}/candidates/${row.reference}`, `${row.name}'s name opens the full profile`);
  assert(row.lines.includes(row.reference), `the reference is shown: ${JSON.stringify(row.lines)}`);
  const { age, residence } = ageAndResidence(row);
  assert(age >= 17 && age <= 35, `an age within the programme's: ${age}`);
  assert(residence.length > 1 && !/^[A-Z]{2}$/.test(residence), `the residence as a country name: ${residence}`);
  assert(row.reasons.length > 0, `${row.name} has reasons ("Why this person"): ${row.text}`);
}

// The links of the result pages: [{ name, href }].
async function pagerLinks(page) {
  return page.getByRole('navigation', { name: 'Result pages' }).getByRole('link')
    .evaluateAll((links) => links.map((a) => ({ name: a.textContent.trim(), href: a.getAttribute('href') })));
}

// The pager's link of this name, or null. A link that goes nowhere (an empty href) must not be
// there: "Previous page" on the first page and "Next page" on the last are left out.
function linkTo(links, name) {
  const found = links.filter((l) => l.name === name);
  assert(found.length <= 1, `at most one "${name}" link: ${JSON.stringify(links)}`);
  assert(found.every((l) => l.href !== ''), `no "${name}" link that goes nowhere: ${JSON.stringify(links)}`);
  return found.length === 1 ? found[0].href : null;
}

// ---------------------------------------------------------------------------------------------
// People

// Staff sign in through EU Login once per run; later tests reuse the session.
const sessions = new Map();

// Anna on her organisation's page, signed in (a fresh sign-in for the first test that needs her,
// the saved session after that).
async function asStaff(browser, portalUrl, email) {
  const home = `${portalUrl}/organisations/${ANNA_OID}`;
  const saved = sessions.get(email);
  if (saved) {
    const context = await browser.newContext({ locale: 'en-GB', storageState: saved });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    await visit(page, home);
    return { context, page };
  }
  const { context, page } = await freshPage(browser);
  context.setDefaultTimeout(15000);
  await signIn(page, portalUrl, email);
  sessions.set(email, await context.storageState());
  if (page.url() !== home) await visit(page, home);
  return { context, page };
}

// From the organisation's page to the search form.
async function openSearch(page, portalUrl) {
  assertEqual(page.url(), `${portalUrl}/organisations/${ANNA_OID}`, 'Anna is on her organisation\'s page');
  const recruitment = page.getByRole('region', { name: 'Recruitment' });
  await navigate(page, () => recruitment.getByRole('link', { name: 'Find candidates' }).click(),
    { label: 'the candidate search' });
  assertEqual(new URL(page.url()).pathname, `/organisations/${ANNA_OID}/candidates`, 'the search');
  assert(await page.getByRole('heading', { name: 'Find candidates', level: 1 }).isVisible(), 'the heading');
  assert(await page.getByRole('search', { name: 'Search the registry' }).isVisible(), 'the search form');
}

async function submitSearch(page, label) {
  await navigate(page, () => page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click(),
    { label });
}

// The topic with the most people (on the page as it is), so the searches find someone whatever
// the demo data drew.
async function biggestTopic(page) {
  const topics = await boxes(page, 'Topics');
  assert(topics.length >= 10, `the topics are listed: ${JSON.stringify(topics)}`);
  for (const t of topics) assert(Number.isInteger(t.count), `each topic shows a count: ${JSON.stringify(t)}`);
  return [...topics].sort((a, b) => b.count - a.count)[0];
}

// ---------------------------------------------------------------------------------------------

export const tests = [
  {
    name: 'staff find candidates with counts and reasons',
    async run({ browser, portalUrl }) {
      const { context, page } = await asStaff(browser, portalUrl, ANNA);
      try {
        await openSearch(page, portalUrl);
        const everyone = await totalShown(page);
        // About 85% of the 60 demo people let organisations find them (and people other tests
        // register may be findable too).
        assert(everyone >= 30, `with no filter, the findable demo people are counted: ${everyone}`);

        // A topic, a language and a minimum level.
        const topic = await biggestTopic(page);
        assert(topic.count > 0, `someone has the topic ${topic.label}`);
        await box(page, 'Topics', topic.label).check();
        await page.getByLabel('Speaks').selectOption({ label: 'English' });
        await page.getByLabel('At least').selectOption({ label: 'B1 – intermediate' });
        await submitSearch(page, `search: ${topic.label}, English B1`);
        const query = new URL(page.url()).searchParams;
        assertEqual(query.getAll('topics').length, 1, 'one topic is in the address');
        assertEqual(query.get('language'), 'en', 'the language is in the address');
        assertEqual(query.get('level'), 'B1', 'the level is in the address');
        assert(await box(page, 'Topics', topic.label).isChecked(), 'the topic stays ticked');
        assertEqual(await page.getByLabel('Speaks').inputValue(), 'en', 'the language stays chosen');
        assertEqual(await page.getByLabel('At least').inputValue(), 'B1', 'the level stays chosen');

        const total = await totalShown(page);
        assert(total > 0 && total <= topic.count, `some of the ${topic.count} people with ${topic.label} speak English: ${total}`);
        const after = (await boxes(page, 'Topics')).find((t) => t.label === topic.label);
        assertEqual(after.count, total, `everyone found has ${topic.label}: the count next to it is the total`);
        const rows = await resultRows(page);
        assertEqual(rows.length, Math.min(total, 20), 'one page of results');
        assertEqual(squash(await page.locator('.pass-results .pass-muted').first().textContent()),
          `Results 1 to ${rows.length}`, 'which results are shown');
        if (total <= 20) {
          const links = await pagerLinks(page);
          assertEqual(linkTo(links, 'Previous page'), null, `no previous page: ${JSON.stringify(links)}`);
          assertEqual(linkTo(links, 'Next page'), null, `no next page: ${JSON.stringify(links)}`);
        }
        for (const row of rows) {
          checkPersonCell(row, ANNA_OID);
          assert(row.facts.Topics.split(', ').includes(topic.label), `${row.name} has ${topic.label}: ${row.facts.Topics}`);
          const english = row.facts.Languages.split(', ').find((l) => l.startsWith('English '));
          assert(english && B1_OR_ABOVE.includes(english.slice('English '.length)),
            `${row.name} speaks English at B1 or above: ${row.facts.Languages}`);
          const topicsReason = reason(row, 'Topics');
          assert(topicsReason && topicsReason.text === `Topics: ${topic.label}`,
            `${row.name}: the topic is a reason: ${JSON.stringify(row.reasons)}`);
          const languagesReason = reason(row, 'Languages');
          assert(languagesReason && languagesReason.text === `Languages: ${english}`,
            `${row.name}: the language and its level are a reason: ${JSON.stringify(row.reasons)}`);
          for (const r of [topicsReason, languagesReason]) {
            assertEqual(r.mark, '✓', `${row.name}: the reason is marked as met`);
            assertEqual(r.spoken, 'Matches:', `${row.name}: a screen reader hears that it matches`);
          }
          assertEqual(row.score, null, 'no score without an opportunity');
        }
        await screenshot(page, 'search-results');
        // The same page on a phone, to look at the long lists and the results table.
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'search-results-narrow');
        await page.setViewportSize({ width: 1280, height: 720 });

        // Given names only: the full profile, opened from a result, has the family name.
        const resultsText = squash(await page.locator('.pass-results').textContent());
        for (const row of rows) {
          assert(!/\s/.test(row.name), `only a given name is shown, not a full name: "${row.name}"`);
        }
        const first = rows[0];
        const firstRow = page.locator('table.pass-candidates tbody tr').first();
        await navigate(page, () => firstRow.getByRole('link', { name: first.name, exact: true }).click(),
          { label: 'a full profile from the results' });
        assertEqual(new URL(page.url()).pathname, `/organisations/${ANNA_OID}/candidates/${first.reference}`,
          'the full profile of the first result');
        const fullName = squash(await page.getByRole('heading', { level: 1 }).textContent());
        assert(fullName.startsWith(`${first.name} `), `the profile is ${first.name}'s: ${fullName}`);
        const familyName = fullName.slice(first.name.length + 1);
        assert(familyName.length > 1, `the full profile shows the family name: ${fullName}`);
        assert((await page.textContent('main')).includes('This person sees that your organisation opened their profile.'),
          'the opening is recorded for the person');
        assert(squash(await page.locator('.pass-lead').textContent()).includes(first.reference), 'the reference');
        assert(!new RegExp(`(^|[^\\p{L}])${escapeRegExp(familyName)}([^\\p{L}]|$)`, 'u').test(resultsText),
          `the family name ${familyName} appears nowhere in the results`);

        // The count next to a topic is what ticking only that topic finds.
        await navigate(page, () => page.getByRole('link', { name: 'Find candidates' }).click(),
          { label: 'the search, from the profile' });
        const unfiltered = (await boxes(page, 'Topics')).find((t) => t.label === topic.label);
        await box(page, 'Topics', topic.label).check();
        await submitSearch(page, `search: only ${topic.label}`);
        const onlyTopic = await totalShown(page);
        assertEqual(onlyTopic, unfiltered.count, `the count that was next to ${topic.label} is the total`);
        const counted = (await boxes(page, 'Topics')).find((t) => t.label === topic.label);
        assertEqual(counted.count, onlyTopic, `after the search, the count next to ${topic.label} is the total`);
        assert(onlyTopic >= total, `without the language, at least as many: ${onlyTopic} ≥ ${total}`);
        // The other topics count the people found who have them too: never more than found.
        for (const t of await boxes(page, 'Topics')) {
          assert(t.count <= onlyTopic, `${t.label} (${t.count}) counts within the ${onlyTopic} found`);
        }

        // Words of the experience texts.
        await navigate(page, () => page.getByRole('link', { name: 'Clear the search' }).click(), { label: 'a new search' });
        assertEqual(await totalShown(page), everyone, 'a cleared search counts everyone');
        await page.getByLabel('Words in their experience or motivation').fill(WORD);
        await submitSearch(page, `search: ${WORD}`);
        assertEqual(new URL(page.url()).searchParams.get('q'), WORD, 'the word is in the address');
        assertEqual(await page.getByLabel('Words in their experience or motivation').inputValue(), WORD, 'the word is kept');
        const withWord = await totalShown(page);
        assert(withWord > 0 && withWord < everyone, `some people wrote "${WORD}": ${withWord}`);
        for (const row of await resultRows(page)) {
          checkPersonCell(row, ANNA_OID);
          const words = reason(row, 'Words');
          assert(words && words.text === `Words: ${WORD}` && words.mark === '✓',
            `${row.name}: the word is a reason: ${JSON.stringify(row.reasons)}`);
        }
        await page.getByLabel('Words in their experience or motivation').fill(WORD_OTHER_FORM);
        await submitSearch(page, `search: ${WORD_OTHER_FORM}`);
        assertEqual(await totalShown(page), withWord, `"${WORD_OTHER_FORM}" finds the same people as "${WORD}"`);

        // An impossible age range.
        await navigate(page, () => page.getByRole('link', { name: 'Clear the search' }).click(), { label: 'a new search' });
        await box(page, 'Topics', topic.label).check();
        await page.getByLabel('Lowest age').fill('30');
        await page.getByLabel('Highest age').fill('20');
        await navigate(page, () => page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click(),
          { status: 400, label: 'search: lowest age above the highest' });
        const summary = await summaryText(page);
        assert(summary.includes('Highest age: the highest age is lower than the lowest age'),
          `the summary names the field and the rule: ${summary}`);
        const links = page.getByRole('alert').getByRole('link');
        assertEqual(await links.count(), 1, `one error: ${summary}`);
        assertEqual(await links.first().getAttribute('href'), '#f-age_max', 'the error links to the highest age');
        await links.first().click();
        assertEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), 'f-age_max',
          'following the link moves focus to the highest age');
        assertEqual(await page.getByLabel('Highest age').getAttribute('aria-invalid'), 'true', 'the field is marked');
        const described = await page.getByLabel('Highest age').getAttribute('aria-describedby');
        assert((described || '').split(' ').includes('e-age_max'), `the field points to its error: ${described}`);
        assertEqual(await page.getByRole('heading', { level: 2, name: TOTAL }).count(), 0, 'no results');
        await screenshot(page, 'search-error');
        // What was typed should stay in the form, to correct it.
        const kept = {
          lowest: await page.getByLabel('Lowest age').inputValue(),
          highest: await page.getByLabel('Highest age').inputValue(),
          topic: await box(page, 'Topics', topic.label).isChecked(),
        };
        assertEqual(JSON.stringify(kept), JSON.stringify({ lowest: '30', highest: '20', topic: true }),
          'what was typed and ticked stays in the form, to correct');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'suggested candidates for an opportunity and shortlisting',
    async run({ browser, portalUrl }) {
      const { context, page } = await asStaff(browser, portalUrl, ANNA);
      try {
        await navigate(page, () => page.getByRole('main').getByRole('link', { name: 'Opportunities', exact: true }).click(),
          { label: 'the organisation\'s opportunities' });
        const listed = page.locator('tbody tr', { hasText: GOTEBORG });
        assertEqual(await listed.count(), 1, 'the Göteborg opportunity is listed');
        await navigate(page, () => listed.getByRole('link', { name: GOTEBORG }).click(), { label: 'the opportunity' });
        const opportunityUrl = page.url().split(/[?#]/)[0];
        const id = opportunityUrl.match(/\/opportunities\/(\d+)$/)[1];
        // Who is in its pipeline already (applicants of other tests): not to be shortlisted here.
        const before = await page.locator('#candidates tbody tr .pass-muted').allTextContents();
        const inPipeline = new Set(before.map((t) => t.trim()));

        const candidates = page.getByRole('region', { name: 'Candidates' });
        await navigate(page, () => candidates.getByRole('link', { name: 'Suggested candidates' }).click(),
          { label: 'suggested candidates' });
        const url = new URL(page.url());
        assertEqual(url.pathname, `/organisations/${ANNA_OID}/candidates`, 'the suggestions are the search');
        assertEqual(url.searchParams.get('opportunity'), id, 'ranked by the opportunity');
        assertEqual(url.searchParams.get('sort'), 'match', 'best match first');
        assertEqual(await page.getByLabel('Rank by match with').inputValue(), id, 'the form says by which opportunity');
        assertEqual(await page.getByLabel('Order').inputValue(), 'match', 'and in which order');
        const ranked = squash(await page.locator('.pass-results p', { hasText: 'Ranked by match with' }).textContent());
        assert(ranked.startsWith(`Ranked by match with ${GOTEBORG}.`), `the page says by what it ranks: ${ranked}`);
        assert(ranked.includes('The score out of 100'), `and how the score is made: ${ranked}`);

        const total = await totalShown(page);
        assert(total >= 2, `people are suggested: ${total}`);
        const rows = await resultRows(page);
        assertEqual(rows.length, Math.min(total, 20), 'one page of suggestions');
        const weightTotal = Object.values(GOTEBORG_PARTS).reduce((a, b) => a + b, 0);
        let previous = 100;
        for (const row of rows) {
          checkPersonCell(row, ANNA_OID);
          const m = (row.score || '').match(/^(\d+)\/100$/);
          assert(m, `${row.name} has a score out of 100: ${row.score}`);
          const score = Number(m[1]);
          assert(score <= previous, `scores go down the page: ${score} after ${previous}`);
          previous = score;
          // The parts with their weights, each met (✓) or not (✗); the score adds up the met ones.
          let earned = 0;
          for (const [label, weight] of Object.entries(GOTEBORG_PARTS)) {
            const part = reason(row, label);
            assert(part && part.text.startsWith(`${label} (${weight})`),
              `${row.name}: the part ${label} (${weight}) is shown: ${JSON.stringify(row.reasons)}`);
            assert(['✓', '✗'].includes(part.mark), `${row.name}: ${label} is marked ✓ or ✗: ${part.mark}`);
            assertEqual(part.spoken, part.mark === '✓' ? 'Matches:' : 'Does not match:',
              `${row.name}: a screen reader hears whether ${label} matches`);
            if (part.mark === '✓') earned += weight;
          }
          assertEqual(score, Math.floor((earned * 100 + Math.floor(weightTotal / 2)) / weightTotal),
            `${row.name}: the score is the met parts' weights scaled to 100 (${JSON.stringify(row.reasons)})`);
        }
        // The next page goes on where this one ends, and back.
        const links = await pagerLinks(page);
        assertEqual(linkTo(links, 'Previous page'), null, `no previous page on the first: ${JSON.stringify(links)}`);
        if (total > rows.length) {
          const next = linkTo(links, 'Next page');
          assert(next, `a next page: ${JSON.stringify(links)}`);
          const nextQuery = new URL(next, portalUrl).searchParams;
          assert(nextQuery.get('offset') === '20' && nextQuery.get('opportunity') === id && nextQuery.get('sort') === 'match',
            `the next page is the same search from the 21st: ${next}`);
          const pages = page.getByRole('navigation', { name: 'Result pages' });
          await navigate(page, () => pages.getByRole('link', { name: 'Next page' }).click(), { label: 'suggestions, page 2' });
          assertEqual(await totalShown(page), total, 'the same total on page 2');
          assertEqual(squash(await page.locator('.pass-results .pass-muted').first().textContent()),
            `Results 21 to ${Math.min(total, 40)}`, 'which results are shown');
          const second = await resultRows(page);
          assertEqual(second.length, Math.min(total, 40) - 20, 'the rest, up to 20');
          for (const row of second) {
            const score = Number(row.score.match(/^(\d+)\/100$/)[1]);
            assert(score <= previous, `scores go on down on page 2: ${score} after ${previous}`);
            previous = score;
            assert(!rows.some((r) => r.reference === row.reference), `${row.reference} is not on page 1 too`);
          }
          const back = linkTo(await pagerLinks(page), 'Previous page');
          assert(back && new URL(back, portalUrl).searchParams.get('offset') === null, `back to the first page: ${back}`);
          await navigate(page, () => pages.getByRole('link', { name: 'Previous page' }).click(), { label: 'suggestions, page 1' });
          assertEqual((await resultRows(page))[0].reference, rows[0].reference, 'the first page again');
        }
        const marks = new Set(rows.flatMap((r) => r.reasons.map((x) => x.mark)));
        assert(marks.has('✓'), 'some parts are met');
        await screenshot(page, 'search-suggestions');

        // Two people onto the shortlist.
        const chosen = rows.filter((r) => !inPipeline.has(r.reference)).slice(0, 2);
        assertEqual(chosen.length, 2, 'two suggested people are not in the pipeline yet');
        for (const person of chosen) {
          await page.getByRole('checkbox', { name: `Select ${person.name} ${person.reference}`, exact: true }).check();
        }
        const shortlist = page.getByRole('group', { name: 'Shortlist the selected people' });
        assertEqual(await shortlist.getByLabel('Opportunity').inputValue(), id, 'the ranking opportunity is chosen already');
        await shortlist.getByLabel('Opportunity').selectOption({ label: GOTEBORG });
        await navigate(page, () => shortlist.getByRole('button', { name: 'Add to the shortlist' }).click(),
          { label: 'shortlisted from the suggestions' });
        assertEqual(await doneText(page), 'The selected people are on the opportunity\'s shortlist.', 'the page confirms');
        const back = new URL(page.url());
        assertEqual(back.pathname, `/organisations/${ANNA_OID}/candidates`, 'back on the suggestions');
        assertEqual(back.searchParams.get('opportunity'), id, 'still ranked by the opportunity');
        assertEqual(await totalShown(page), total, 'the same suggestions');

        // In the opportunity's pipeline, as shortlisted by staff.
        await visit(page, opportunityUrl);
        for (const person of chosen) {
          const row = page.locator('#candidates tbody tr', { hasText: person.reference });
          assertEqual(await row.count(), 1, `${person.name} (${person.reference}) is in the candidates table`);
          const cells = (await row.locator('td').allTextContents()).map(squash);
          assert(cells[1].startsWith(`${person.name} `), `the table names ${person.name}: ${cells[1]}`);
          assertEqual(cells[4], 'Shortlisted', `${person.name} is shortlisted`);
          assertEqual(cells[5], 'Shortlisted by you', `${person.name} did not apply: staff shortlisted them`);
        }
        const byStage = page.getByRole('navigation', { name: 'Candidates by stage' });
        assert(await byStage.getByRole('link', { name: /^Shortlisted \([2-9]\d*\)$/ }).isVisible(), 'the stage count');
        await screenshot(page, 'search-shortlisted');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'saved search with a daily e-mail',
    async run({ browser, portalUrl }) {
      const { context, page } = await asStaff(browser, portalUrl, ANNA);
      try {
        await openSearch(page, portalUrl);
        const topic = await biggestTopic(page);
        await box(page, 'Topics', topic.label).check();
        await box(page, 'Activity types', 'Individual volunteering').check();
        await submitSearch(page, `search: ${topic.label}, individual volunteering`);
        const total = await totalShown(page);
        assert(total > 0, `someone is found: ${total}`);
        const searchUrl = page.url();

        const name = `${topic.label}, individual volunteering ${RUN}`;
        await page.getByLabel('Name of the search').fill(name);
        await page.getByLabel('E-mail me once a day when new people match').check();
        await navigate(page, () => page.getByRole('button', { name: 'Save this search' }).click(), { label: 'search saved' });
        assertEqual(new URL(page.url()).pathname, `/organisations/${ANNA_OID}/searches`, 'the saved searches');
        assert(await page.getByRole('heading', { name: 'Saved searches', level: 1 }).isVisible(), 'the heading');
        assertEqual(await doneText(page), 'The search is saved.', 'the page confirms');
        const row = page.locator('tbody tr', { hasText: name });
        assertEqual(await row.count(), 1, 'the search is listed');
        let cells = (await row.locator('td').allTextContents()).map(squash);
        assert(cells[0].startsWith(name) && cells[0].includes('Saved on'), `its name and date: ${cells[0]}`);
        assertEqual(cells[1], 'Daily e-mail', 'with the daily e-mail');
        assertEqual(cells[2], 'Not yet', 'no alert sent yet');
        await screenshot(page, 'saved-searches');

        // Run again.
        await navigate(page, () => row.getByRole('link', { name }).click(), { label: 'the saved search, run again' });
        assertEqual(new URL(page.url()).pathname, `/organisations/${ANNA_OID}/candidates`, 'the search');
        assertEqual(await totalShown(page), total, 'the same number of people');
        assert(await box(page, 'Topics', topic.label).isChecked(), 'the topic is ticked');
        assert(await box(page, 'Activity types', 'Individual volunteering').isChecked(), 'the activity type is ticked');
        const again = new URL(page.url()).searchParams;
        const first = new URL(searchUrl).searchParams;
        for (const key of ['topics', 'activity_types']) {
          assertEqual(JSON.stringify(again.getAll(key)), JSON.stringify(first.getAll(key)), `the same ${key}`);
        }

        // The e-mail off, then the search deleted.
        await navigate(page, () => page.getByRole('search').getByRole('link', { name: 'Saved searches' }).click(),
          { label: 'saved searches' });
        await navigate(page, () => buttonFor(page, 'Turn off the daily e-mail', name).click(),
          { label: 'daily e-mail off' });
        assertEqual(await doneText(page), 'The daily e-mail is off.', 'the page confirms');
        cells = (await page.locator('tbody tr', { hasText: name }).locator('td').allTextContents()).map(squash);
        assertEqual(cells[1], 'Off', 'no daily e-mail');
        assertEqual(await buttonFor(page, 'Turn on the daily e-mail', name).count(), 1,
          'it can be turned on again');
        await navigate(page, () => buttonFor(page, 'Delete', name).click(), { label: 'saved search deleted' });
        assertEqual(await doneText(page), 'The saved search is deleted.', 'the page confirms');
        assertEqual(await page.locator('tbody tr', { hasText: name }).count(), 0, 'the search is gone');
        assert((await page.textContent('main')).includes('You have no saved searches for this organisation yet.'),
          'the list is empty again');
        assert((await page.textContent('main')).includes(ANNA_ORGANISATION), 'for her organisation');
      } finally {
        await context.close();
      }
    },
  },
];
