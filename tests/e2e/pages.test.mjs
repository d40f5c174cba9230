// Page-level checks: the home page's counts and sample-data banner, the statistics page against
// /api/v1/stats, one h1 per page, labelled form controls, a clean console and network, and
// searching with JavaScript turned off. Also saves screenshots of /services and /stats.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, apiGet, numberIn, shotsDir } from './support.mjs';

const TYPE_LABELS = {
  audit: '情報セキュリティ監査',
  vulnerability_assessment: '脆弱性診断',
  penetration_test: 'ペネトレーションテスト',
  forensics: 'デジタルフォレンジック',
  monitoring: 'セキュリティ監視・運用',
  device_verification: '機器検証',
};

let server;
let browser;
let stats;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  stats = await apiGet(server.baseUrl, '/api/v1/stats');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Runs fn(page) in a fresh context and closes it afterwards.
async function withPage(fn, contextOptions) {
  const { context, page } = await newPage(browser, contextOptions);
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

// A table's body rows as [[header cell, number], ...].
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent.trim(), Number(tr.querySelector('td').textContent.trim())]));
}

describe('pages', () => {
  test('home: sample-data banner and six type cards that add up to the valid total', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.baseUrl}/`);
      const banner = page.getByTestId('sample-banner');
      assert.ok(await banner.isVisible(), 'the sample-data banner is shown');
      assert.match(await banner.textContent(), /架空のサンプルデータ/);

      const cards = page.locator('.type-card');
      assert.equal(await cards.count(), 6, 'six type cards');
      let sum = 0;
      for (let i = 0; i < 6; i++) {
        const card = cards.nth(i);
        const code = new URL(await card.getAttribute('href'), server.baseUrl).searchParams.get('type');
        const count = numberIn(await card.locator('.type-count').textContent());
        assert.equal((await card.locator('.type-name').textContent()).trim(), TYPE_LABELS[code], `card ${code} label`);
        assert.equal(count, stats.by_type[code] ?? 0, `card ${code} count equals /api/v1/stats`);
        sum += count;
      }
      assert.ok(stats.total > 0);
      assert.equal(sum, stats.total, 'the cards add up to the valid total');
      assert.equal(numberIn(await page.locator('.hero-total strong').textContent()), stats.total, 'the hero total');

      // A card leads to the search for that type, with the same count.
      const card = cards.filter({ hasText: 'デジタルフォレンジック' });
      const cardCount = numberIn(await card.locator('.type-count').textContent());
      await Promise.all([page.waitForURL((u) => u.searchParams.get('type') === 'forensics'), card.click()]);
      assert.equal(numberIn(await page.getByTestId('total').textContent()), cardCount);
    });
  });

  test('home: no banner when the data was not imported as sample data', async () => {
    const real = await startServer({ sampleData: false });
    try {
      await withPage(async (page) => {
        await page.goto(`${real.baseUrl}/`);
        assert.equal(await page.locator('.type-card').count(), 6, 'the page rendered');
        assert.equal(await page.getByTestId('sample-banner').count(), 0, 'no sample-data banner');
      });
    } finally {
      await real.stop();
    }
  });

  test('/stats: accessible SVG charts and tables that match /api/v1/stats', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.baseUrl}/stats`);
      assert.equal((await page.locator('h1').textContent()).trim(), '統計');
      assert.match(await page.locator('.lead').textContent(), new RegExp(stats.as_of));
      assert.equal(numberIn(await page.locator('.lead strong').textContent()), stats.total);

      // Each chart is drawn for wide screens and for phones (issue 13); this page is the wide one.
      const charts = page.locator('svg.chart-wide[role="img"]');
      const nCharts = await charts.count();
      assert.ok(nCharts >= 3, `at least 3 charts (got ${nCharts})`);
      for (let i = 0; i < nCharts; i++) {
        const title = (await charts.nth(i).locator('title').textContent()).trim();
        assert.match(title, /の棒グラフ$/, `chart ${i + 1} has a title (its accessible name)`);
        const box = await charts.nth(i).boundingBox();
        assert.ok(box && box.width > 100 && box.height > 20, `chart ${i + 1} is drawn with a size`);
      }

      // By type: the table and the chart's bar values.
      const typeBlock = page.locator('section.chart-block').filter({ has: page.locator('#st-type') });
      const expectedTypes = Object.entries(TYPE_LABELS).map(([code, label]) => [label, stats.by_type[code] ?? 0]);
      assert.deepEqual(await tableRows(typeBlock.locator('table')), expectedTypes, 'type table = by_type');
      const typeBars = (await typeBlock.locator('svg.chart-wide .chart-value').allTextContents()).map(Number);
      const narrowBars = (await typeBlock.locator('svg.chart-narrow .chart-value').allTextContents()).map(Number);
      assert.deepEqual(narrowBars, typeBars, 'the phone layout shows the same values');
      assert.deepEqual(typeBars, expectedTypes.map(([, n]) => n), 'type chart values = by_type');

      // By prefecture.
      const prefBlock = page.locator('section.chart-block').filter({ has: page.locator('#st-pref') });
      assert.deepEqual(await tableRows(prefBlock.locator('table')), Object.entries(stats.by_prefecture),
        'prefecture table = by_prefecture');

      // By type and prefecture: one block per type, its table and total.
      for (const [code, prefs] of Object.entries(stats.by_type_and_prefecture)) {
        const block = page.locator('section.chart-block').filter({ has: page.locator(`#st-${code}`) });
        assert.equal(await block.count(), 1, `a block for ${code}`);
        const heading = await block.locator('h3').textContent();
        assert.ok(heading.includes(TYPE_LABELS[code]), `${code} heading names the type`);
        assert.equal(numberIn(heading.replace(/^[^(]*/, '')), stats.by_type[code] ?? 0, `${code} heading count`);
        assert.deepEqual(await tableRows(block.locator('table')), Object.entries(prefs), `${code} table`);
        assert.equal(await block.locator('svg.chart-wide[role="img"]').count(), 1, `${code} has a chart`);
        assert.equal(await block.locator('svg.chart-narrow[role="img"]').count(), 1, `${code} has a phone chart`);
      }

      const shot = path.join(await shotsDir(), 'stats.png');
      await page.screenshot({ path: shot, fullPage: true });
    });
  });

  test('every page has one h1, labelled form controls, and no console errors or failed requests', async () => {
    const some = (await apiGet(server.baseUrl, '/api/v1/services')).items[0];
    const pages = [
      ['/', 200],
      ['/?lang=en', 200],
      ['/services', 200],
      [`/services?q=${encodeURIComponent('診断')}&type=vulnerability_assessment&region=${encodeURIComponent('関東')}`, 200],
      ['/services?status=expired&page=2', 200],
      ['/services?per_page=0', 400],
      [`/services/${some.id}`, 200],
      ['/services/999999', 404],
      ['/stats', 200],
      ['/stats?lang=en', 200],
    ];
    await withPage(async (page) => {
      const watch = watchPage(page);
      for (const [url, status] of pages) {
        const res = await page.goto(`${server.baseUrl}${url}`);
        assert.equal(res.status(), status, `${url}: HTTP status`);
        assert.equal(await page.locator('h1').count(), 1, `${url}: exactly one h1`);
        assert.notEqual((await page.locator('h1').textContent()).trim(), '', `${url}: the h1 has text`);
        assert.ok(await page.evaluate(() => getComputedStyle(document.body).fontFamily !== ''), `${url}: styled`);
        const cssLoaded = await page.evaluate(() => [...document.styleSheets].some((s) => s.href && s.cssRules.length > 0));
        assert.ok(cssLoaded, `${url}: the stylesheet loaded`);

        const unlabelled = await page.evaluate(() => {
          const bad = [];
          const text = (el) => (el?.textContent ?? '').trim();
          for (const el of document.querySelectorAll('input, select, textarea')) {
            if (['hidden', 'submit', 'button', 'reset'].includes(el.type)) continue;
            const forLabel = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
            const wrapping = el.closest('label');
            const named = text(forLabel) !== '' || text(wrapping) !== '';
            let grouped = true;
            if (el.type === 'radio' || el.type === 'checkbox') {
              const fieldset = el.closest('fieldset');
              grouped = !!fieldset && text(fieldset.querySelector(':scope > legend')) !== '';
            }
            if (!named || !grouped) bad.push(`${el.tagName.toLowerCase()}[name=${el.name}][value=${el.value}]`);
          }
          return bad;
        });
        assert.deepEqual(unlabelled, [], `${url}: every form control has a label`);
      }
      assert.deepEqual(watch.problems(), [], 'no console errors, page errors or failed requests');
    });
  });

  test('/services: the form has the expected labelled controls', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.baseUrl}/services`);
      const form = page.getByRole('search', { name: '検索条件' });
      for (const label of ['キーワード', '対象とする地域', '事業者所在地（都道府県）', '並び順']) {
        assert.equal(await form.getByLabel(label, { exact: true }).count(), 1, `a control labelled ${label}`);
      }
      for (const legend of ['サービス種別', '主な顧客対象の分野・業種', '審査登録機関', '有効性']) {
        assert.equal(await form.getByRole('group', { name: legend }).count(), 1, `a group named ${legend}`);
      }
      assert.equal(await form.getByRole('group', { name: 'サービス種別' }).getByRole('checkbox').count(), 6);
      assert.equal(await form.getByRole('group', { name: '有効性' }).getByRole('radio').count(), 5, 'valid, expired, suspended, revoked, all');
      assert.ok(await form.getByRole('radio', { name: '有効な登録のみ' }).isChecked(), 'valid only by default');
      await page.setViewportSize({ width: 1280, height: 900 });
      const shot = path.join(await shotsDir(), 'services.png');
      await page.screenshot({ path: shot, fullPage: true });
    });
  });

  test('searching works with JavaScript turned off', async () => {
    await withPage(async (page) => {
      const watch = watchPage(page);
      // Page scripts really are off (Playwright's own evaluate still works, so probe with a script).
      await page.setContent('<title>off</title><script>document.title = "on"</script>');
      assert.equal(await page.title(), 'off', 'page scripts are disabled');
      await page.goto(`${server.baseUrl}/`);
      await page.getByRole('searchbox').fill('フォレンジック');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/services' && u.searchParams.get('q') === 'フォレンジック'),
        page.getByRole('button', { name: '検索', exact: true }).click(),
      ]);
      const keywordOnly = await apiGet(server.baseUrl, `/api/v1/services?q=${encodeURIComponent('フォレンジック')}`);
      assert.equal(numberIn(await page.getByTestId('total').textContent()), keywordOnly.total);
      assert.equal(await page.getByTestId('result').count(), Math.min(keywordOnly.total, 20));

      const form = page.getByRole('search', { name: '検索条件' });
      await form.getByRole('checkbox', { name: 'デジタルフォレンジック' }).check();
      await form.getByLabel('対象とする地域').selectOption('関東');
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('region') === '関東'),
        form.getByRole('button', { name: '検索', exact: true }).click(),
      ]);
      const filtered = await apiGet(server.baseUrl,
        `/api/v1/services?q=${encodeURIComponent('フォレンジック')}&type=forensics&region=${encodeURIComponent('関東')}`);
      assert.equal(numberIn(await page.getByTestId('total').textContent()), filtered.total);
      assert.deepEqual(
        (await page.getByTestId('result').getByRole('heading').allTextContents()).map((s) => s.trim()),
        filtered.items.map((s) => s.name), 'the same results, in the same order, as the API');

      // Following a result link works too.
      await Promise.all([
        page.waitForURL((u) => /^\/services\/\d+$/.test(u.pathname)),
        page.getByTestId('result').first().locator('h3 a').click(),
      ]);
      assert.equal((await page.locator('h1').textContent()).trim(), filtered.items[0].name);
      assert.deepEqual(watch.problems(), []);
    }, { javaScriptEnabled: false });
  });
});
