// A registration body's work in the browser: suspend and renew services, upload a CSV (all or
// nothing, own services only), see what expires soon; the public page shows the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, newPage, apiGet, waitForNotice, BINARY } from './support.mjs';

const BODY = '一般社団法人サンプル情報セキュリティ審査機構';
const REGISTRAR = { email: 'reg@example.jp', password: 'registrar passphrase 2026', roles: ['registrar'], org: BODY };

let server;
let browser;
let context;
let page;
before(async () => {
  server = await startServer({ users: [REGISTRAR] });
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(REGISTRAR.email);
  await page.getByLabel('パスワード', { exact: true }).fill(REGISTRAR.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(/\/registrar$/);
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

test('the dashboard lists only this body\'s services; suspending shows on the public page', async () => {
  const rows = page.getByTestId('own-service');
  const count = await rows.count();
  const own = await apiGet(server.baseUrl, `/api/v1/services?status=all&per_page=1&registrar=${encodeURIComponent(BODY)}`);
  assert.equal(count, Math.min(own.total, 50), '50 a page');
  assert.match(await page.locator('#svc-h').textContent(), new RegExp(`\\(${own.total}\\)`));
  const first = rows.filter({ has: page.getByRole('button', { name: '一時停止' }) }).first();
  const name = (await first.getByRole('link').first().textContent()).trim();
  await first.getByRole('textbox', { name: '理由' }).first().fill('報告書の提出遅延');
  await first.getByRole('button', { name: '一時停止' }).click();
  await waitForNotice(page, '登録を一時停止しました。');
  const found = await apiGet(server.baseUrl, `/api/v1/services?status=suspended&q=${encodeURIComponent(name)}`);
  assert.ok(found.total >= 1, 'the suspended service is found with status=suspended');
  await page.goto(`${server.baseUrl}/services/${found.items[0].id}`);
  assert.equal((await page.getByTestId('validity').textContent()).trim(), '一時停止中');
  assert.match(await page.getByTestId('state-reason').textContent(), /報告書の提出遅延/);
  assert.match(await page.getByTestId('history').textContent(), /一時停止/);
});

test('a CSV upload is all or nothing and limited to this body', async () => {
  const dir = await fs.mkdtemp(path.join(server.dir, 'up-'));
  const header = 'サービス名,事業者名称,事業者所在地,登録年月日,有効期限,審査登録機関名,サービス種別\n';
  const good = path.join(dir, 'good.csv');
  await fs.writeFile(good, `${header}ブラウザ登録サービス,ブラウザ株式会社,東京都港区1-1,2026/11/01,2029/10/31,${BODY},脆弱性診断\n`);
  const bad = path.join(dir, 'bad.csv');
  await fs.writeFile(bad, `${header}もう一つのサービス,ブラウザ株式会社,東京都港区1-1,2026/11/01,2029/10/31,${BODY},脆弱性診断\n` +
    `他機関のサービス,他社,東京都港区1-1,2026/11/01,2029/10/31,特定非営利活動法人デモ監査登録センター,脆弱性診断\n`);

  await page.goto(`${server.baseUrl}/registrar`);
  await page.getByLabel('CSVファイル').setInputFiles(bad);
  await page.getByRole('button', { name: 'アップロード' }).click();
  // The problems are shown on the answer to the upload itself, never carried in a URL.
  await page.getByTestId('error').waitFor();
  assert.doesNotMatch(page.url(), /error=|problem=/);
  const error = await page.getByTestId('error').textContent();
  assert.match(error, /bad\.csv 3行目: 審査登録機関名: 「特定非営利活動法人デモ監査登録センター」は自機関（.*）ではありません/);
  assert.doesNotMatch(error, /is not your registration body/);
  assert.match(error, /1 件の問題があるため、何も取り込んでいません/);
  assert.equal((await apiGet(server.baseUrl, `/api/v1/services?q=${encodeURIComponent('もう一つのサービス')}`)).total, 0);

  await page.getByLabel('CSVファイル').setInputFiles(good);
  await page.getByRole('button', { name: 'アップロード' }).click();
  await waitForNotice(page, '追加 1');
  assert.equal((await apiGet(server.baseUrl, `/api/v1/services?q=${encodeURIComponent('ブラウザ登録サービス')}`)).total, 1);
});

test('the expiring page lists valid services expiring within 90 days, soonest first, and renewing removes one', async () => {
  await page.goto(`${server.baseUrl}/registrar/expiring`);
  const dates = await page.getByTestId('expiring').locator('td:first-child').allTextContents();
  assert.ok(dates.length > 0, 'the demo data has services expiring soon');
  assert.deepEqual([...dates].sort(), dates);
  for (const d of dates) assert.ok(d >= '2026-11-28' && d <= '2027-02-26', d);
  const href = await page.getByTestId('expiring').first().getByRole('link').getAttribute('href');
  await page.goto(`${server.baseUrl}/registrar?status=expiring_soon`);
  const row = page.getByTestId('own-service').filter({ has: page.locator(`a[href="${href}"]`) });
  await row.getByLabel('新しい有効期限').fill('2030-01-31');
  await row.getByRole('button', { name: '更新', exact: true }).click();
  await waitForNotice(page, '登録を更新しました。');
  await page.goto(`${server.baseUrl}/registrar/expiring`);
  assert.equal(await page.getByTestId('expiring').filter({ has: page.locator(`a[href="${href}"]`) }).count(), 0);
});

test('a provider proposes a new overview; the registration body approves it; the page marks it', async () => {
  const services = await apiGet(server.baseUrl, `/api/v1/services?per_page=100&registrar=${encodeURIComponent(BODY)}`);
  const target = services.items.find((s) => s.status === 'valid');
  const vendor = { email: 'vendor@example.jp', password: 'quiet meadow lantern 2026' };
  // The operator would create this account; here the CLI does, as in production.
  const { execFileSync } = await import('node:child_process');
  execFileSync(BINARY,
    ['user', 'add', vendor.email, '--role', 'vendor', '--org', target.provider, '--db', server.db],
    { input: `${vendor.password}\n` });
  const { context: vc, page: vp } = await newPage(browser);
  await vp.goto(`${server.baseUrl}/login`);
  await vp.getByLabel('メールアドレス').fill(vendor.email);
  await vp.getByLabel('パスワード', { exact: true }).fill(vendor.password);
  await vp.getByRole('button', { name: 'ログイン' }).click();
  await vp.goto(`${server.baseUrl}/vendor`);
  const card = vp.getByTestId('vendor-service').filter({ has: vp.locator(`a[href="/services/${target.id}"]`) });
  await card.getByLabel('サービスの概要').fill('事業者が提案した、新しいサービスの概要です。');
  await card.getByRole('button', { name: '変更を提案' }).click();
  await waitForNotice(vp, '変更を提案しました。');
  await vc.close();

  await page.goto(`${server.baseUrl}/registrar`);
  const proposal = page.getByTestId('proposal').filter({ hasText: target.name });
  await proposal.getByRole('link').click();
  // The proposal's page: the current and the proposed overview side by side.
  const diff = page.getByTestId('proposal-diff');
  assert.match(await diff.textContent(), /事業者が提案した、新しいサービスの概要です。/);
  assert.match(await page.getByTestId('proposal-created').textContent(), / JST$/);
  await page.getByRole('button', { name: '承認' }).click();
  await waitForNotice(page, '変更提案を承認しました。');
  await page.goto(`${server.baseUrl}/services/${target.id}`);
  assert.match(await page.locator('.overview-text').textContent(), /事業者が提案した、新しいサービスの概要です。/);
  const marks = await page.getByTestId('provenance').allTextContents();
  assert.equal(marks.length, 1, 'only the field the provider changed is marked');
  assert.ok(marks[0].includes('サービスの概要') && marks[0].includes(target.provider), marks[0]);
});

test('a registration number given on the form is the body\'s alone, and the public search finds it by number', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const fill = async (name, number) => {
    await page.goto(`${server.baseUrl}/registrar/services/new`);
    await page.locator('#f-name').fill(name);
    await page.locator('#f-provider').fill('ブラウザ番号株式会社');
    await page.locator('#f-address').fill('東京都港区1-1');
    await page.locator('#f-type').selectOption('audit');
    await page.locator('#f-registered_on').fill('2026-11-01');
    await page.locator('#f-expires_on').fill('2029-10-31');
    await page.locator('#f-registration_number').fill(number);
    await page.locator('form.service-form button[type="submit"]').click();
    await page.waitForLoadState();
  };
  await fill('登録番号つきブラウザ監査', 'ＥＥ－２０２６－０４２');
  const found = await apiGet(server.baseUrl, '/api/v1/services?registration_number=EE-2026-042');
  assert.equal(found.total, 1);
  assert.equal(found.items[0].registration_number, 'EE-2026-042', 'stored NFKC');
  // The same number again (another case): the error beside the field, the value kept.
  await fill('番号が重なる監査', 'ee-2026-042');
  await page.locator('#err-registration_number').waitFor();
  assert.match(await page.locator('#err-registration_number').textContent(), /EE-2026-042|ee-2026-042/);
  assert.equal(await page.locator('#f-registration_number').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#f-registration_number').inputValue(), 'ee-2026-042');

  // The public search: the folded form's input, then a chip that removes the condition.
  for (const [lang, chip] of [['ja', '登録番号：ee-2026-042'], ['en', 'Registration number: ee-2026-042']]) {
    await page.goto(`${server.baseUrl}/services?lang=${lang}`);
    assert.equal(await page.getByTestId('filters-toggle').isVisible(), false, 'the form is open at 1280 px');
    await page.getByTestId('registration-number-filter').fill('ee-2026-042');
    await page.locator('form.filters button[type="submit"]').click();
    await page.waitForURL(/registration_number=ee-2026-042/);
    const results = page.getByTestId('result');
    assert.equal(await results.count(), 1);
    assert.match(await results.first().textContent(), /登録番号つきブラウザ監査/);
    assert.match(await page.getByTestId('result-registration-number').textContent(), /EE-2026-042/);
    const chips = page.getByTestId('chips');
    assert.match(await chips.textContent(), new RegExp(chip));
    await chips.locator('li', { hasText: chip }).getByTestId('chip-remove').click();
    await page.waitForURL((url) => !url.search.includes('registration_number'));
    assert.ok(await page.getByTestId('result').count() > 1, 'every service again');
  }
  await page.goto(`${server.baseUrl}/services?lang=ja`);  // the language cookie back to Japanese
});
