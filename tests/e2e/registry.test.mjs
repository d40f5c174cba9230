// The registry's published list: the standing downloads per type, and the provider and
// registration-body pages reached from a service's names, the dated editions of the list and their
// changes (issue 13 D).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { startServer, launchBrowser, newPage, apiGet, parseCsv, numberIn, overflowProblems, TODAY } from './support.mjs';

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('downloads and provider/body pages', () => {
  test('the downloads page gives the current list of a type, as the API counts it', async () => {
    await page.goto(`${server.baseUrl}/downloads`);
    const row = page.getByTestId('download-vulnerability_assessment');
    const shown = numberIn(await row.locator('td.num').textContent());
    const api = await apiGet(server.baseUrl, '/api/v1/services?type=vulnerability_assessment&status=valid&per_page=1');
    assert.equal(shown, api.total, 'the count is the valid services of the type today');
    const [dl] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /CSV \(UTF-8\)/ }).click()]);
    assert.match(dl.suggestedFilename(), /^proven-vulnerability_assessment-\d{8}\.csv$/);
    const text = new TextDecoder('utf-8').decode((await fs.readFile(await dl.path())).subarray(3));
    const records = parseCsv(text);
    assert.equal(records.length, api.total + 1, 'header + every valid service of the type');
    assert.deepEqual(records[0].slice(10), ['ホームページ', '登録番号', 'ID', '状態', '詳細ページURL']);
    for (const r of records.slice(1)) assert.equal(r[9], '脆弱性診断');
  });

  test('a service page links its provider and registration body to their pages', async () => {
    const { items } = await apiGet(server.baseUrl, '/api/v1/services?per_page=1&sort=name');
    const s = items[0];
    await page.goto(`${server.baseUrl}/services/${s.id}`);
    await Promise.all([page.waitForURL(/\/providers\?name=/), page.getByTestId('provider-link').click()]);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: `事業者：${s.provider}` }).waitFor());
    const all = await apiGet(server.baseUrl, `/api/v1/services?status=all&per_page=100&provider=${encodeURIComponent(s.provider)}`);
    assert.equal(numberIn(await page.getByTestId('party-total').textContent()), all.total);
    assert.equal(await page.getByTestId('party-service').count(), Math.min(all.total, 20));
    await page.getByRole('link', { name: s.name, exact: true }).first().waitFor();

    await page.goto(`${server.baseUrl}/services/${s.id}?lang=en`);
    await Promise.all([page.waitForURL(/\/registration-bodies\?name=/), page.getByTestId('registrar-link').click()]);
    await page.getByRole('heading', { level: 1, name: `Registration body: ${s.registrar}` }).waitFor();
    const body = await apiGet(server.baseUrl, `/api/v1/services?status=all&per_page=1&registrar=${encodeURIComponent(s.registrar)}`);
    assert.equal(numberIn(await page.getByTestId('party-total').textContent()), body.total);
    // The status filter keeps the body and narrows the list.
    await page.getByLabel('Status').selectOption('valid');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('status') === 'valid'), page.getByRole('button', { name: 'Filter' }).click()]);
    const valid = await apiGet(server.baseUrl, `/api/v1/services?status=valid&per_page=1&registrar=${encodeURIComponent(s.registrar)}`);
    assert.equal(await page.getByTestId('party-service').count(), Math.min(valid.total, 20));
  });
});

describe('dated editions of the list', () => {
  let edServer;
  before(async () => { edServer = await startServer({ editions: ['2026-06-01'] }); });
  after(async () => { await edServer?.stop(); });

  test('the editions page lists each frozen edition, whose file matches its hash and whose changes are named', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${edServer.baseUrl}/downloads?lang=ja`);
    await Promise.all([page.waitForURL(/\/downloads\/editions$/), page.getByTestId('editions-link').click()]);
    await page.getByRole('heading', { level: 1, name: '基準適合サービスリストの版（過去の公表分）' }).waitFor();
    const { editions } = await apiGet(edServer.baseUrl, '/api/v1/editions');
    assert.deepEqual(editions.map((e) => e.date), [TODAY, '2026-06-01'], 'the month’s own, published by the server');
    const row = page.getByTestId(`edition-${TODAY}`);
    assert.equal(numberIn(await row.locator('td.num').textContent()), editions[0].total);

    // The file is the one whose SHA-256 the page shows.
    const [dl] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /CSV \(UTF-8\)/ }).click()]);
    assert.equal(dl.suggestedFilename(), `proven-edition-${TODAY.replaceAll('-', '')}.csv`);
    const bytes = await fs.readFile(await dl.path());
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    assert.equal(sha, editions[0].sha256);
    assert.match(await row.textContent(), new RegExp(sha));
    const records = parseCsv(new TextDecoder('utf-8').decode(bytes.subarray(3)));
    assert.equal(records.length, editions[0].total + 1);
    assert.equal(records[0].at(-1), 'ID');

    // Changes since June: the counts agree with the API, removed services are named and linked.
    await Promise.all([page.waitForURL(/\/changes$/), row.getByRole('link', { name: `${TODAY} 版：前の版からの変更点` }).click()]);
    const changes = await apiGet(edServer.baseUrl, `/api/v1/editions/${TODAY}/changes`);
    assert.equal(changes.since, '2026-06-01');
    assert.ok(changes.removed.length > 0, 'services expired since June');
    await page.getByRole('heading', { level: 2, name: `削除されたサービス（${changes.removed.length} 件）` }).waitFor();
    assert.equal(await page.getByTestId('edition-removed-row').count(), changes.removed.length);
    assert.equal(await page.getByTestId('edition-added-row').count(), changes.added.length);
    const total = page.getByTestId('edition-counts-total');
    assert.equal(numberIn(await total.locator('td').nth(3).textContent()), changes.removed.length);
    const removed = changes.removed[0];
    await page.getByTestId('edition-removed').getByRole('link', { name: removed.name }).first().waitFor();

    // Against the first edition itself: everything is added; in English.
    await page.goto(`${edServer.baseUrl}/downloads/editions/2026-06-01/changes?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Changes in the edition of 2026-06-01' }).waitFor();
    assert.match(await page.getByTestId('edition-lead').textContent(), /is the first/);

    // On a phone the pages do not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/downloads/editions', `/downloads/editions/${TODAY}/changes`]) {
      await page.goto(`${edServer.baseUrl}${path}`);
      assert.deepEqual(await overflowProblems(page), [], path);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
