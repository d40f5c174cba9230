// The service detail page: reached from the search results, every field of the API record is shown;
// the homepage link; services without a homepage; multi-line overviews; expired services; 404s.

import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, apiGet } from './support.mjs';

const TYPE_LABELS = {
  audit: '情報セキュリティ監査',
  vulnerability_assessment: '脆弱性診断',
  penetration_test: 'ペネトレーションテスト',
  forensics: 'デジタルフォレンジック',
  monitoring: 'セキュリティ監視・運用',
  device_verification: '機器検証',
};
const STATUS_LABELS = {
  valid: '有効', expiring_soon: 'まもなく期限切れ', expired: '期限切れ', not_yet_valid: '登録前', suspended: '一時停止中', revoked: '登録取消',
};

let server;
let browser;
let context;
let page;
let everything; // every service, as the JSON export gives them

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  everything = await apiGet(server.baseUrl, '/api/v1/services/export?status=all&format=json');
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

// The detail page's <dl>: label → { text, tags } (tags: the .tag chips, for lists).
async function fieldsShown() {
  return page.locator('dl.fields').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling;
      out[dt.textContent.trim()] = {
        text: dd.textContent.trim(),
        tags: [...dd.querySelectorAll('.tag')].map((t) => t.textContent.trim()),
      };
    }
    return out;
  });
}

// Checks the page against the API's record of the service.
async function assertShowsService(api) {
  assert.equal((await page.locator('h1').textContent()).trim(), api.name, 'h1 is the service name');
  assert.equal(await page.title(), `${api.name} | Proven`, 'the title names the service');
  const f = await fieldsShown();
  const expect = (label, value) => {
    assert.ok(f[label], `the field ${label} is shown`);
    assert.equal(f[label].text, value, `${label}`);
  };
  expect('サービス名', api.name);
  expect('事業者名称', api.provider);
  expect('事業者所在地', api.address);
  expect('事業者所在地（都道府県）', api.prefecture);
  expect('サービス種別', TYPE_LABELS[api.type]);
  expect('登録年月日', api.registered_on);
  expect('有効期限', api.expires_on);
  expect('審査登録機関', api.registrar);
  assert.deepEqual(f['主な顧客対象の分野・業種'].tags, api.industries, 'industries');
  assert.deepEqual(f['対象地域'].tags, api.regions, 'regions');
  assert.equal((await page.getByTestId('validity').textContent()).trim(), STATUS_LABELS[api.status], 'validity badge');

  const paragraphs = (await page.locator('.overview-text p').allTextContents()).map((s) => s.trim());
  const expected = api.overview.split(/\r\n|\n|\r/).map((s) => s.trim()).filter((s) => s !== '');
  assert.deepEqual(paragraphs, expected, 'the overview, one paragraph per line');

  const homepage = page.getByTestId('homepage');
  if (api.url) {
    assert.equal(await homepage.getAttribute('href'), api.url, 'homepage link href is the API url');
    assert.equal((await homepage.textContent()).trim(), api.url);
    assert.match(await homepage.getAttribute('rel'), /noopener/);
  } else {
    assert.equal(await homepage.count(), 0, 'no homepage link without a url');
    expect('ホームページ', 'なし');
  }
}

describe('service detail page', () => {
  test('the first search result opens its detail page with every field of the API record', async () => {
    await page.goto(`${server.baseUrl}/services?q=${encodeURIComponent('フォレンジック')}`);
    const first = page.getByTestId('result').first().locator('h3 a');
    const listedName = (await first.textContent()).trim();
    await Promise.all([
      page.waitForURL((u) => /^\/services\/\d+$/.test(u.pathname)),
      first.click(),
    ]);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const api = await apiGet(server.baseUrl, `/api/v1/services/${id}`);
    assert.equal(api.name, listedName, 'the page is the one that was clicked');
    assert.ok(api.url, 'this service has a homepage (so the link is checked)');
    await assertShowsService(api);
    // Breadcrumb back to the search.
    const crumb = page.getByRole('navigation', { name: '現在位置' });
    assert.equal(await crumb.getByRole('link', { name: 'サービス検索' }).getAttribute('href'), '/services');
  });

  test('a service without a homepage and with a multi-line overview', async () => {
    const s = everything.find((x) => !x.url && /\n/.test(x.overview));
    assert.ok(s, 'the demo data has such a service');
    const res = await page.goto(`${server.baseUrl}/services/${s.id}`);
    assert.equal(res.status(), 200);
    await assertShowsService(await apiGet(server.baseUrl, `/api/v1/services/${s.id}`));
    assert.ok((await page.locator('.overview-text p').count()) > 1, 'several paragraphs');
  });

  test('an expired service says so', async () => {
    const s = everything.find((x) => x.status === 'expired');
    assert.ok(s, 'the demo data has an expired service');
    await page.goto(`${server.baseUrl}/services/${s.id}`);
    await assertShowsService(await apiGet(server.baseUrl, `/api/v1/services/${s.id}`));
    assert.equal((await page.getByTestId('validity').textContent()).trim(), '期限切れ');
  });

  test('/services/999999 is a 404 page', async () => {
    const res = await page.goto(`${server.baseUrl}/services/999999`);
    assert.equal(res.status(), 404);
    assert.match(res.headers()['content-type'], /text\/html/);
    assert.equal((await page.locator('h1').textContent()).trim(), 'ページが見つかりません');
    assert.match(await page.locator('main').textContent(), /指定されたサービスは登録されていません/);
    assert.equal(await page.getByTestId('homepage').count(), 0);
    // A path that is no page at all is a 404 page too.
    const res2 = await page.goto(`${server.baseUrl}/no-such-page`);
    assert.equal(res2.status(), 404);
    assert.equal((await page.locator('h1').textContent()).trim(), 'ページが見つかりません');
  });
});
