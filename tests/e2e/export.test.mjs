// Downloading the results of a filtered search as CSV, Excel and JSON from the search page's links.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import { startServer, launchBrowser, newPage, apiGet, parseCsv, numberIn } from './support.mjs';

const CSV_HEADER = ['サービス名', '事業者名称', '事業者所在地', 'サービスの概要', '主な顧客対象の分野・業種',
  '対象とする地域', '登録年月日', '有効期限', '審査登録機関名', 'サービス種別', 'ホームページ', '登録番号',
  // Export-only columns after the twelve the import reads (and ignores these).
  'ID', '状態', '詳細ページURL'];
const STATUS_LABELS = { valid: '有効', expiring_soon: 'まもなく期限切れ', expired: '期限切れ', not_yet_valid: '登録前',
  suspended: '一時停止中', revoked: '登録取消' };

let server;
let browser;
let context;
let page;
let total; // the total shown on the filtered search page
let expected; // the same search's items from the API, all pages

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));

  // A filtered search: 脆弱性診断, every status. It is several pages long and includes services
  // whose overview has line breaks, which CSV must quote.
  await page.goto(`${server.baseUrl}/services`);
  const form = page.getByRole('search', { name: '検索条件' });
  await form.getByRole('checkbox', { name: '脆弱性診断' }).check();
  await form.getByRole('radio', { name: 'すべて' }).check();
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('status') === 'all'),
    form.getByRole('button', { name: '検索', exact: true }).click(),
  ]);
  total = numberIn(await page.getByTestId('total').textContent());
  const api = await apiGet(server.baseUrl, '/api/v1/services?type=vulnerability_assessment&status=all&per_page=100');
  assert.equal(api.total, total, 'the page shows the API total');
  expected = api.items;
  assert.equal(expected.length, total, 'the API gave every item on one page');
  // Export from page 2: the file must still hold every result, not one page.
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('page') === '2'),
    page.getByRole('navigation', { name: 'ページ送り' }).getByRole('link', { name: '2', exact: true }).click(),
  ]);
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

// Clicks an export link and returns { bytes, filename }.
async function download(testid) {
  const link = page.getByTestId(testid);
  const href = new URL(await link.getAttribute('href'), server.baseUrl);
  assert.equal(href.pathname, '/api/v1/services/export');
  assert.equal(href.searchParams.get('type'), 'vulnerability_assessment', 'the link carries the filter');
  assert.equal(href.searchParams.get('status'), 'all', 'the link carries the status');
  assert.ok(!href.searchParams.has('page'), 'the link exports every page');
  const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(await dl.failure(), null, 'the download completed');
  const bytes = await fs.readFile(await dl.path());
  return { bytes, filename: dl.suggestedFilename() };
}

// The entries of a zip file (stored or deflated), by name: enough to look inside an .xlsx.
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'zip: end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'zip: central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 0 ? data : zlib.inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('export from the search page', () => {
  test('CSV: UTF-8 BOM, Japanese header, one record per result', async () => {
    const { bytes, filename } = await download('export-csv');
    assert.match(filename, /^proven-services-\d{8}\.csv$/);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    const records = parseCsv(text);
    assert.deepEqual(records[0], CSV_HEADER, 'the Japanese header row');
    assert.equal(records.length, total + 1, `header + ${total} records`);
    for (const [i, r] of records.entries()) assert.equal(r.length, CSV_HEADER.length, `record ${i + 1} has 15 fields`);
    assert.ok(records.slice(1).some((r) => /[\r\n]/.test(r[3])), 'some overviews span lines (quoted line breaks)');
    const rows = records.slice(1);
    for (const r of rows) assert.equal(r[9], '脆弱性診断', `${r[0]}: only the filtered type`);
    const key = (a, b) => `${a}\u0000${b}`;
    assert.deepEqual(new Set(rows.map((r) => key(r[0], r[1]))), new Set(expected.map((s) => key(s.name, s.provider))),
      'the same services as the search');
    const byName = new Map(expected.map((s) => [key(s.name, s.provider), s]));
    for (const r of rows) {
      const s = byName.get(key(r[0], r[1]));
      assert.equal(r[3].replace(/\r\n?/g, '\n'), s.overview.replace(/\r\n?/g, '\n'), `${r[0]}: overview intact`);
      assert.equal(r[10], s.url, `${r[0]}: homepage`);
      assert.equal(r[11], s.registration_number, `${r[0]}: registration number`);
      assert.equal(r[12], String(s.id), `${r[0]}: id`);
      assert.equal(r[13], STATUS_LABELS[s.status], `${r[0]}: status as of today, its Japanese label`);
      assert.equal(r[14], `${server.baseUrl}/services/${s.id}`, `${r[0]}: the detail page's URL`);
    }
  });

  test('CSV (Shift_JIS): CP932 without BOM, the same records', async () => {
    const { bytes } = await download('export-csv-sjis');
    assert.notDeepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no BOM');
    const records = parseCsv(new TextDecoder('shift_jis', { fatal: true }).decode(bytes));
    assert.deepEqual(records[0], CSV_HEADER);
    assert.equal(records.length, total + 1);
  });

  test('Excel: an xlsx (zip) with one row per result plus the header', async () => {
    const { bytes, filename } = await download('export-xlsx');
    assert.match(filename, /^proven-services-\d{8}\.xlsx$/);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'starts with PK (a zip)');
    const entries = unzip(bytes);
    assert.ok(entries.has('[Content_Types].xml'), 'an Office Open XML package');
    const sheetName = [...entries.keys()].find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    assert.ok(sheetName, 'has a worksheet');
    const sheet = entries.get(sheetName).toString('utf8');
    const rows = sheet.match(/<row[\s>]/g) ?? [];
    assert.equal(rows.length, total + 1, `header + ${total} rows`);
    const strings = entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? sheet;
    assert.ok(strings.includes('サービス名') && strings.includes('審査登録機関名'), 'the Japanese header');
  });

  test('JSON: an array of every result', async () => {
    const { bytes, filename } = await download('export-json');
    assert.match(filename, /^proven-services-\d{8}\.json$/);
    const arr = JSON.parse(bytes.toString('utf8'));
    assert.ok(Array.isArray(arr), 'an array');
    assert.equal(arr.length, total);
    assert.deepEqual(arr.map((s) => s.id).sort((a, b) => a - b), expected.map((s) => s.id).sort((a, b) => a - b));
    for (const s of arr) assert.equal(s.type, 'vulnerability_assessment');
  });
});
