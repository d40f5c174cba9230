// The verified-product catalogue in the browser (issue 10): the demo history's published products
// and one more published over the API (demo application 1), then the search page (keyword, a facet click,
// counts), a product page (report, versions, badge), compare (from the search page's checkboxes),
// and the coverage matrix with its filter and CSV link — in Japanese and English, without console
// errors. The badge parses as SVG in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, launchBrowser, newPage, watchPage, BINARY, SOURCE_DIR } from './support.mjs';
import path from 'node:path';

const execFileP = promisify(execFile);
const VERIFIER = { email: 'k@lab.example', password: 'verifier passphrase 2026', roles: ['verifier'], org: '検証ラボ' };
const ADMIN = 'operator@demo.proven.example';

let server;
let browser;
const tokens = {};
const products = {};

async function api(who, method, urlPath, body) {
  const res = await fetch(new URL(urlPath, server.baseUrl), {
    method,
    headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath}: HTTP ${res.status}: ${text.slice(0, 400)}`);
  return text ? JSON.parse(text) : {};
}

async function publish(application, vendor, point) {
  let v = await api(ADMIN, 'POST', '/api/v1/verifications', { application_id: application });
  const p = `/api/v1/verifications/${v.id}`;
  await api(ADMIN, 'POST', `${p}/verifiers`, { email: VERIFIER.email });
  v = await api(VERIFIER.email, 'PUT', `${p}/plan`, {
    items: [{ title: '検知率', environment: '検証用ネットワーク', method: '攻撃816件', expected: '95%以上' },
      { title: '誤検知の少なさ', method: '通常の通信1000件' }],
  });
  await api(vendor, 'POST', `${p}/agree-plan`);
  await api(VERIFIER.email, 'PATCH', p, {
    summary: '試験環境で検証した。',
    results: [{ item_id: v.items[0].id, result: 'pass', metric: { value: '0.962', unit: 'rate', sample_size: 816 } },
      { item_id: v.items[1].id, result: 'partial', notes: '誤検知 0.4%' }],
    strong_points: [{ text: point, items: [v.items[0].id] }],
    trial: { organisation: '製造業 A社（従業員300名）', period: '2027年2月', findings: '運用負荷が小さい' },
  });
  await api(VERIFIER.email, 'POST', `${p}/submit`);
  await api(vendor, 'POST', `${p}/approve`);
  return (await api(ADMIN, 'POST', `${p}/publish`)).product_id;
}

before(async () => {
  server = await startServer({ users: [VERIFIER] });
  browser = await launchBrowser();
  // The demo programme history, imported into the running server's database: the catalogue
  // notices the new products by itself.
  await execFileP(BINARY, ['import', 'programme', path.join(SOURCE_DIR, 'data', 'demo', 'programme.json'), '--db', server.db]);
  for (const who of [VERIFIER.email, ADMIN, 'apply@mirai-shield.example', 'apply@airlink-giken.example']) {
    const { stdout } = await execFileP(BINARY, ['token', 'create', who, '--name', 'e2e', '--db', server.db]);
    tokens[who] = stdout.split('\n')[0].trim();
  }
  // Demo application 1 is selected and not yet verified; the demo publishes AirWatch Scope itself.
  products.shield = await publish(1, 'apply@mirai-shield.example', '国内の攻撃傾向に合わせた高い検知率');
  const air = await (await fetch(new URL('/api/v1/products?q=AirWatch', server.baseUrl))).json();
  assert.equal(air.total, 1);
  products.air = air.items[0].id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('search, a facet click, a product page and its badge, in Japanese', async () => {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/`);
  await page.getByTestId('nav-products').click();
  await page.waitForURL(/\/products$/);
  await assert.doesNotReject(page.getByRole('heading', { name: '検証済み製品カタログ' }).waitFor());
  const total = Number((await page.getByTestId('total').innerText()).match(/\d+/)[0]);
  assert.ok(total >= 2, `at least the two published products (${total})`);

  // A facet click: the appliance deployment form narrows to AirWatch; the count in the label agrees.
  const appliance = page.getByTestId('facet-deployment').getByLabel(/アプライアンス/);
  const label = await page.getByTestId('facet-deployment').locator('label', { hasText: 'アプライアンス' }).innerText();
  const count = Number(label.match(/\((\d+)\)/)[1]);
  await appliance.check();
  await page.getByRole('button', { name: '検索' }).click();
  await page.waitForURL(/deployment=appliance/);
  const results = page.getByTestId('result');
  assert.equal(await results.count(), count);
  assert.match(await results.first().innerText(), /AirWatch Scope/);
  assert.equal(await page.getByTestId('facet-deployment').getByLabel(/アプライアンス/).isChecked(), true);

  // Keyword over the strong points.
  await page.goto(`${server.baseUrl}/products?q=${encodeURIComponent('攻撃傾向')}`);
  assert.equal(await results.count(), 1);
  await results.first().getByRole('link').click();
  await page.waitForURL(new RegExp(`/products/${products.shield}$`));
  assert.equal(await page.getByTestId('product-name').innerText(), 'ShieldGate WAF（架空） 4.1');
  assert.match(await page.getByTestId('strong-points').innerText(), /国内の攻撃傾向に合わせた高い検知率/);
  assert.match(await page.getByTestId('results').innerText(), /0\.962 rate \(n = 816\)/);
  assert.match(await page.getByTestId('trial').innerText(), /製造業 A社/);
  assert.equal(await page.getByTestId('latest').count(), 1);
  assert.equal(await page.getByTestId('call-link').getAttribute('href'), '/calls/1');
  assert.match(await page.getByTestId('badge-snippet').inputValue(), new RegExp(`/products/${products.shield}/badge\\.svg`));
  // The badge image loads and is an SVG document the browser parses.
  const badge = await page.evaluate(async (url) => {
    const res = await fetch(url);
    const text = await res.text();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { type: res.headers.get('content-type'), root: doc.documentElement.nodeName,
      error: doc.getElementsByTagName('parsererror').length, text: doc.documentElement.textContent };
  }, `/products/${products.shield}/badge.svg?q=<b>FORGED</b>`);
  assert.equal(badge.type, 'image/svg+xml; charset=utf-8');
  assert.equal(badge.root, 'svg');
  assert.equal(badge.error, 0);
  assert.doesNotMatch(badge.text, /FORGED/);
  assert.match(badge.text, /検証済み/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('compare two products from the search page, and the coverage matrix, in English', async () => {
  const { context, page } = await newPage(browser, { locale: 'en-GB' });
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/products?lang=en`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Verified-product catalogue' }).waitFor());
  await page.getByTestId(`compare-${products.shield}`).check();
  await page.getByTestId(`compare-${products.air}`).check();
  await page.getByTestId('compare-submit').click();
  await page.waitForURL(/\/products\/compare\?/);
  const table = page.getByTestId('compare');
  const text = await table.innerText();
  assert.match(text, /ShieldGate WAF/);
  assert.match(text, /AirWatch Scope/);
  assert.match(text, /Strong points/);
  assert.match(text, /Pass: 1/);
  assert.match(text, /Partial: 1/);
  assert.match(text, /0\.962 rate/);
  // One product is not a comparison.
  await page.goto(`${server.baseUrl}/products/compare?ids=${products.shield}`);
  assert.match(await page.getByTestId('error').innerText(), /2 to 4/);

  await page.goto(`${server.baseUrl}/fields/matrix`);
  const rows = page.getByTestId('matrix-row');
  assert.ok(await rows.count() >= 2);
  const header = await page.getByTestId('matrix').locator('thead').innerText();
  assert.match(header, /Product/);
  // Filter to the field AirWatch covers and ShieldGate does not (field 3).
  await page.getByLabel('Filter by field').selectOption('3');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/field=3/);
  const filtered = await page.getByTestId('matrix').innerText();
  assert.match(filtered, /AirWatch Scope/);
  assert.doesNotMatch(filtered, /ShieldGate/);
  const csvHref = await page.getByTestId('matrix-csv').getAttribute('href');
  assert.match(csvHref, /^\/fields\/matrix\.csv\?/);
  assert.match(csvHref, /field=3/);
  // The bytes: fetch's text() would drop the BOM.
  const bytes = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], csvHref);
  assert.deepEqual(bytes.slice(0, 3), [0xef, 0xbb, 0xbf]);
  const csv = Buffer.from(bytes.slice(3)).toString('utf8');
  assert.ok(csv.startsWith('Product,Vendor,'), csv.slice(0, 40));
  assert.match(csv, /AirWatch Scope/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
