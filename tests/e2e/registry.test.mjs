// The registry's published list: the standing downloads per type, and the provider and
// registration-body pages reached from a service's names (issue 13 D).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { startServer, launchBrowser, newPage, apiGet, parseCsv, numberIn } from './support.mjs';

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
