// The needs form in the browser (issue 11): fill it (industry, prefecture, a problem as a
// plain-language statement), submit, and see the matches with their score and the explanation of
// every condition, each with the service's page and a consultation link; the result page is a
// bookmarkable GET. Signed in, save the needs and find them listed with their feed link, whose
// Atom feed opens with the key it carries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, watchPage, waitForNotice } from './support.mjs';

const USER = { email: 'buyer@example.jp', password: 'saved wishes 2026 passphrase', roles: ['user'], org: '' };

let server;
let browser;
before(async () => {
  server = await startServer({ users: [USER] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillNeeds(page) {
  await page.getByLabel('業種').selectOption('製造業');
  await page.getByLabel('サービスが必要な地域').selectOption(['東京都']);
  await page.getByTestId('problem-suspected_infection').check();
  await page.getByLabel('年間の予算').selectOption('1m_5m');
  await page.getByTestId('needs-submit').click();
  await page.waitForURL(/\/needs\?/);
}

test('the needs form finds matches and explains every condition', async () => {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(server.baseUrl + '/');
  await page.getByTestId('home-needs').click();
  await page.waitForURL(/\/needs$/);
  await fillNeeds(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('industry'), '製造業');
  assert.deepEqual(url.searchParams.getAll('regions'), ['東京都']);
  assert.deepEqual(url.searchParams.getAll('problems'), ['suspected_infection']);
  const total = Number(await page.getByTestId('needs-total').getAttribute('data-total'));
  assert.ok(total > 0, 'the demo data has forensics services covering Tokyo');
  const matches = page.getByTestId('match');
  const first = matches.first();
  assert.equal(await first.getAttribute('data-kind'), 'service');
  // Every condition of the first match has its row and an explanation.
  const codes = await first.getByTestId('condition').evaluateAll((rows) => rows.map((r) => r.dataset.code));
  assert.deepEqual(codes, ['valid_today', 'region', 'category', 'industry', 'verified', 'strong_point', 'cases', 'text']);
  const region = first.locator('[data-code="region"]');
  assert.equal(await region.getAttribute('data-state'), 'met');
  assert.match(await region.getByTestId('condition-explanation').textContent(), /東京都/);
  assert.match(await first.locator('[data-code="category"]').getByTestId('condition-explanation').textContent(),
    /デジタルフォレンジック/);
  // Scores never increase down the list.
  const scores = await matches.evaluateAll((items) => items.map((i) => Number(i.dataset.score)));
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i] <= scores[i - 1], `order at ${i}: ${scores}`);
  // The consultation link, and the service's page.
  const id = await first.getAttribute('data-id');
  assert.equal(await first.getByTestId('match-consult').getAttribute('href'), `/consultations/new?kind=service&id=${id}`);
  // Anonymous: no save button, an invitation to sign in.
  assert.equal(await page.getByTestId('needs-save').count(), 0);
  // The form keeps what was chosen (a bookmark reproduces the page).
  assert.equal(await page.getByTestId('problem-suspected_infection').isChecked(), true);
  await first.getByTestId('match-link').click();
  await page.waitForURL(new RegExp(`/services/${id}$`));
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('signed in, the needs are saved and listed with their feed', async () => {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(server.baseUrl + '/login');
  await page.getByLabel('メールアドレス').fill(USER.email);
  await page.getByLabel('パスワード', { exact: true }).fill(USER.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByTestId('nav-needs').click();
  await page.waitForURL(/\/needs$/);
  await fillNeeds(page);
  await page.getByTestId('needs-save').click();
  await waitForNotice(page, 'ニーズを保存しました。新着があればお知らせします。');
  assert.match(await page.getByTestId('notice').textContent(), /保存しました/);
  const rows = page.getByTestId('saved-need');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().getByTestId('saved-need-matches').textContent(), /製造業.*東京都.*ウイルス感染/);
  const feed = await rows.first().getByTestId('saved-need-feed').getAttribute('href');
  assert.match(feed, /\/feeds\/needs\/\d+\.atom\?key=[A-Za-z0-9_-]+$/);
  const res = await fetch(new URL(new URL(feed).pathname + new URL(feed).search, server.baseUrl));
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="ja">/);
  // The saved need's link shows its matches again.
  await rows.first().getByTestId('saved-need-matches').click();
  await page.waitForURL(/\/needs\?/);
  assert.ok(Number(await page.getByTestId('needs-total').getAttribute('data-total')) > 0);
  // Delete it.
  await page.getByTestId('nav-saved-needs').click();
  await page.getByTestId('saved-need-delete').click();
  await waitForNotice(page, 'ニーズを削除しました。');
  assert.equal(await page.getByTestId('saved-need').count(), 0);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
