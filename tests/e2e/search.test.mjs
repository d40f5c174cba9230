// The search page: keyword + facets + region, width-insensitive matching, pagination, status filter,
// and the error shown for an invalid parameter. Counts are checked against the JSON API.

import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiGet, apiSearchPath, numberIn } from './support.mjs';

const KEYWORD = 'フォレンジック';
const KEYWORD_HALF_WIDTH = 'ﾌｫﾚﾝｼﾞｯｸ';
const FORENSICS_LABEL = 'デジタルフォレンジック';

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});
beforeEach(async () => {
  ({ context, page } = await newPage(browser));
});
afterEach(async () => {
  await context?.close();
});

const form = () => page.getByRole('search', { name: '検索条件' });
const totalShown = async () => numberIn(await page.getByTestId('total').textContent());
const results = () => page.getByTestId('result');

// Clicks the form's submit button and waits for the results page whose query satisfies `expect`.
async function submit(expect) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/services' && expect(u.searchParams)),
    form().getByRole('button', { name: '検索', exact: true }).click(),
  ]);
}

async function apiTotalForPage() {
  return (await apiGet(server.baseUrl, apiSearchPath(page.url()))).total;
}

describe('search page', () => {
  test('keyword + type, then a region: counts match the API and every card shows the type', async () => {
    await page.goto(`${server.baseUrl}/services`);
    await form().getByLabel('キーワード').fill(KEYWORD);
    await form().getByRole('checkbox', { name: FORENSICS_LABEL }).check();
    await submit((p) => p.get('q') === KEYWORD);

    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('q'), KEYWORD, 'keyword in the URL');
    assert.deepEqual(params.getAll('type'), ['forensics'], 'type in the URL');
    // The form keeps what the user chose.
    assert.equal(await form().getByLabel('キーワード').inputValue(), KEYWORD);
    assert.ok(await form().getByRole('checkbox', { name: FORENSICS_LABEL }).isChecked());

    const total = await totalShown();
    assert.ok(total > 0, 'the keyword finds forensics services');
    assert.equal(total, await apiTotalForPage(), 'shown total equals the API total');

    const count = await results().count();
    assert.equal(count, Math.min(total, 20), 'one card per result on page 1');
    const typeLabels = await results().locator('.badge.type').allTextContents();
    assert.equal(typeLabels.length, count, 'every card has a type badge');
    for (const [i, label] of typeLabels.entries()) {
      assert.equal(label.trim(), FORENSICS_LABEL, `card ${i + 1} shows the type label`);
    }

    // Narrow to the 関東 area: fewer results, still the API's count, conditions kept.
    await form().getByLabel('対象とする地域').selectOption('関東');
    await submit((p) => p.get('region') === '関東');
    const params2 = new URL(page.url()).searchParams;
    assert.equal(params2.get('q'), KEYWORD);
    assert.deepEqual(params2.getAll('type'), ['forensics']);
    const regionTotal = await totalShown();
    assert.equal(regionTotal, await apiTotalForPage(), 'region total equals the API total');
    assert.ok(regionTotal > 0, 'some forensics services serve 関東');
    // The demo data has forensics services that serve no part of 関東, so the count must drop.
    assert.ok(regionTotal < total, `a region narrows the results (${regionTotal} < ${total})`);
    assert.equal(await results().count(), Math.min(regionTotal, 20));
    assert.equal(await form().getByLabel('対象とする地域').inputValue(), '関東', 'the region stays selected');
  });

  test('half-width katakana finds the same services as full-width', async () => {
    await page.goto(`${server.baseUrl}/services`);
    await form().getByLabel('キーワード').fill(KEYWORD);
    await submit((p) => p.get('q') === KEYWORD);
    const fullWidth = await totalShown();
    const fullNames = await results().getByRole('heading').allTextContents();

    await form().getByLabel('キーワード').fill(KEYWORD_HALF_WIDTH);
    await submit((p) => p.get('q') === KEYWORD_HALF_WIDTH);
    const halfWidth = await totalShown();
    assert.ok(fullWidth > 0, 'the full-width keyword finds something');
    assert.equal(halfWidth, fullWidth, `ﾌｫﾚﾝｼﾞｯｸ (${halfWidth}) and フォレンジック (${fullWidth}) give the same total`);
    assert.deepEqual(await results().getByRole('heading').allTextContents(), fullNames, 'and the same results');
  });

  test('the pagination link to page 2 shows the next results', async () => {
    await page.goto(`${server.baseUrl}/services`);
    await form().getByRole('checkbox', { name: FORENSICS_LABEL }).check();
    await submit((p) => p.get('type') === 'forensics');
    const total = await totalShown();
    assert.ok(total > 20, `need more than one page of forensics services (got ${total})`);
    const page1 = await results().getByRole('heading').allTextContents();
    assert.equal(page1.length, 20);

    const pager = page.getByRole('navigation', { name: 'ページ送り' });
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('page') === '2'),
      pager.getByRole('link', { name: '2', exact: true }).click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('type'), 'forensics', 'page 2 keeps the conditions');
    assert.equal(await totalShown(), total, 'same total on page 2');
    const page2 = (await results().getByRole('heading').allTextContents()).map((s) => s.trim());
    assert.equal(page2.length, Math.min(total - 20, 20), 'page 2 holds the rest');
    assert.equal(await page.locator('ol.result-list').getAttribute('start'), '21', 'numbering continues at 21');
    assert.equal((await pager.locator('[aria-current="page"]').textContent()).trim(), '2', 'page 2 is current');
    for (const name of page2) assert.ok(!page1.map((s) => s.trim()).includes(name), `${name} was not on page 1`);
    const api = await apiGet(server.baseUrl, apiSearchPath(page.url()));
    assert.deepEqual(page2, api.items.map((s) => s.name), 'page 2 shows the API page 2 items in order');

    await Promise.all([
      page.waitForURL((u) => !u.searchParams.has('page')),
      pager.getByRole('link', { name: /前へ/ }).click(),
    ]);
    assert.deepEqual(await results().getByRole('heading').allTextContents(), page1, '"前へ" goes back to page 1');
  });

  test('status "期限切れのみ" shows the 期限切れ badge on every result', async () => {
    await page.goto(`${server.baseUrl}/services`);
    await form().getByRole('radio', { name: '期限切れのみ' }).check();
    await submit((p) => p.get('status') === 'expired');
    const total = await totalShown();
    assert.ok(total > 0, 'the demo data has expired registrations');
    assert.equal(total, await apiTotalForPage(), 'shown total equals the API total');
    const count = await results().count();
    assert.equal(count, Math.min(total, 20));
    for (let i = 0; i < count; i++) {
      const badges = (await results().nth(i).locator('.badge').allTextContents()).map((s) => s.trim());
      assert.ok(badges.includes('期限切れ'), `result ${i + 1} shows 期限切れ (badges: ${badges.join(', ')})`);
    }
    assert.ok(await form().getByRole('radio', { name: '期限切れのみ' }).isChecked(), 'the radio stays checked');

    // And valid-only results carry no 期限切れ badge.
    await form().getByRole('radio', { name: '有効な登録のみ' }).check();
    await submit((p) => p.get('status') === 'valid');
    assert.equal(await results().locator('.badge', { hasText: '期限切れ' }).count(), 0);
  });

  test('an invalid parameter shows an error message with HTTP 400', async () => {
    const res = await page.goto(`${server.baseUrl}/services?per_page=0&q=${encodeURIComponent(KEYWORD)}`);
    assert.equal(res.status(), 400);
    const error = page.getByTestId('error');
    assert.ok(await error.isVisible(), 'the error message is visible');
    const text = await error.textContent();
    assert.match(text, /検索条件の値が正しくありません/);
    assert.match(text, /1 ページの件数: 1 から 100 までの整数/, 'the message names the bad parameter by its label');
    assert.doesNotMatch(text, /per_page/, 'never as in the URL');
    assert.equal(await results().count(), 0, 'no results are listed');
    assert.equal(await page.getByTestId('total').count(), 0, 'no misleading "0 results" heading');
    // The form is still there, with what the user typed, so the search can be corrected.
    assert.equal(await form().getByLabel('キーワード').inputValue(), KEYWORD);
  });
});
