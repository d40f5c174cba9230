// Japanese by default; the header's language link switches to English, which a cookie remembers
// on pages reached without ?lang; the link switches back.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiGet } from './support.mjs';

const TYPES_JA = ['情報セキュリティ監査', '脆弱性診断', 'ペネトレーションテスト', 'デジタルフォレンジック',
  'セキュリティ監視・運用', '機器検証'];
const TYPES_EN = ['Information security audit', 'Vulnerability assessment', 'Penetration testing',
  'Digital forensics', 'Security monitoring and operation', 'Device verification'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('language', () => {
  test('Japanese by default, English after the switch (remembered), and back', async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' }); // the browser's language does not matter
    try {
      const htmlLang = () => page.locator('html').getAttribute('lang');
      const nav = () => page.getByRole('navigation', { name: /メインメニュー|Main menu/ }).getByRole('link').allTextContents();
      const h1 = async () => (await page.locator('h1').textContent()).trim();
      const langCookie = async () => (await context.cookies()).find((c) => c.name === 'proven_lang')?.value;
      const typeCards = async () => page.locator('.type-card .type-name').allTextContents();

      // 1. Japanese home page.
      await page.goto(`${server.baseUrl}/`);
      assert.equal(await htmlLang(), 'ja');
      assert.deepEqual(await nav(), ['ホーム', 'サービス検索', 'ニーズから探す', '検証済み製品', '導入事例', 'イベント', '統計', '公募', '重要分野']);
      assert.equal(await h1(), '情報セキュリティサービス基準適合サービスリスト');
      assert.deepEqual(await typeCards(), TYPES_JA);
      const sw = page.getByTestId('lang-switch');
      assert.equal((await sw.textContent()).trim(), 'English');
      assert.equal(await sw.getAttribute('lang'), 'en', 'the link text is marked as English');
      assert.equal(await langCookie(), undefined, 'no cookie before choosing');

      // 2. Switch to English.
      await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), sw.click()]);
      assert.equal(await htmlLang(), 'en');
      assert.deepEqual(await nav(), ['Home', 'Find services', 'Find by needs', 'Verified products', 'Deployment cases', 'Events', 'Statistics', 'Calls', 'Fields']);
      assert.equal(await h1(), 'Services conforming to the Information Security Service Standard');
      assert.deepEqual(await typeCards(), TYPES_EN, 'type labels in English');
      assert.match(await page.getByTestId('sample-banner').textContent(), /fictional sample data/);
      assert.equal(await langCookie(), 'en', 'the choice is stored in the proven_lang cookie');
      assert.equal((await page.getByTestId('lang-switch').textContent()).trim(), '日本語');

      // 3. A page reached without ?lang is still English (the cookie).
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/services'),
        page.getByRole('link', { name: 'Find services' }).click(),
      ]);
      assert.ok(!new URL(page.url()).searchParams.has('lang'), 'the nav link carries no ?lang');
      assert.equal(await htmlLang(), 'en');
      assert.equal(await h1(), 'Find services');
      const form = page.getByRole('search', { name: 'Search conditions' });
      await form.getByLabel('Keywords').fill('SOC');
      await form.getByRole('checkbox', { name: 'Security monitoring and operation' }).check();
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('q') === 'SOC'),
        form.getByRole('button', { name: 'Search', exact: true }).click(),
      ]);
      const api = await apiGet(server.baseUrl, '/api/v1/services?q=SOC&type=monitoring');
      assert.ok(api.total > 0);
      assert.equal((await page.getByTestId('total').textContent()).trim(), `Results: ${api.total}`);
      const badges = await page.getByTestId('result').locator('.badge.type').allTextContents();
      assert.ok(badges.length > 0);
      for (const b of badges) assert.equal(b.trim(), 'Security monitoring and operation');
      const checkboxLabels = (await form.locator('fieldset').first().locator('label').allTextContents())
        .map((s) => s.replace(/\(\d+\)/, '').trim());
      assert.deepEqual(checkboxLabels, TYPES_EN, 'the type checkboxes are labelled in English');
      const places = await page.getByTestId('result').locator('.meta .muted').allTextContents();
      for (const p of places) assert.match(p, /^\([A-Z][a-z]+\)$/, `prefecture in English: ${p}`);

      // The detail page too.
      await Promise.all([
        page.waitForURL((u) => /^\/services\/\d+$/.test(u.pathname)),
        page.getByTestId('result').first().locator('h3 a').click(),
      ]);
      assert.equal(await htmlLang(), 'en');
      assert.ok(await page.getByText('Registration body', { exact: true }).isVisible());
      assert.equal((await page.getByTestId('validity').textContent()).trim(), 'Valid');

      // 4. Switch back to Japanese: it keeps the page and sticks too.
      const detailPath = new URL(page.url()).pathname;
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('lang') === 'ja'),
        page.getByTestId('lang-switch').click(),
      ]);
      assert.equal(new URL(page.url()).pathname, detailPath, 'the switch stays on the same page');
      assert.equal(await htmlLang(), 'ja');
      assert.ok(await page.getByText('審査登録機関', { exact: true }).isVisible());
      assert.equal(await langCookie(), 'ja');
      await page.goto(`${server.baseUrl}/stats`);
      assert.equal(await htmlLang(), 'ja');
      assert.equal(await h1(), '統計');
      assert.deepEqual(await nav(), ['ホーム', 'サービス検索', 'ニーズから探す', '検証済み製品', '導入事例', 'イベント', '統計', '公募', '重要分野']);
    } finally {
      await context.close();
    }
  });

  test('the switch keeps the search conditions', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${server.baseUrl}/services?q=${encodeURIComponent('診断')}&type=vulnerability_assessment&status=all`);
      const jaTotal = (await page.getByTestId('total').textContent()).trim();
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('lang') === 'en'),
        page.getByTestId('lang-switch').click(),
      ]);
      const u = new URL(page.url());
      assert.equal(u.searchParams.get('q'), '診断');
      assert.equal(u.searchParams.get('type'), 'vulnerability_assessment');
      assert.equal(u.searchParams.get('status'), 'all');
      assert.equal(await page.getByLabel('Keywords', { exact: true }).inputValue(), '診断');
      assert.ok(await page.getByRole('radio', { name: 'All', exact: true }).isChecked());
      const enTotal = (await page.getByTestId('total').textContent()).trim();
      assert.equal(enTotal.replace('Results: ', ''), jaTotal.replace(/[^\d]/g, ''), 'same total in both languages');
    } finally {
      await context.close();
    }
  });
});
