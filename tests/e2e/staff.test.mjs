// The registration body's pages in the browser (issue 13): the service form's controls and an
// error next to its field in Japanese and English with what was typed kept; the revoke
// confirmation and its one-time notice; no suspend on an expired row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, waitForNotice, apiGet } from './support.mjs';

const BODY = '一般社団法人サンプル情報セキュリティ審査機構';
const REGISTRAR = { email: 'staff@example.jp', password: 'registrar passphrase 2026', roles: ['registrar'], org: BODY };

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

test('the service form offers choices and shows an error next to its field, in both languages', async () => {
  for (const [lang, t] of [
    ['ja', { name: 'サービス名', provider: '事業者名称', address: '事業者所在地', type: 'サービス種別', typeOption: '脆弱性診断',
      registered: '登録年月日', expires: '有効期限', region: '関東', submit: 'サービスを登録', error: /有効期限/ }],
    ['en', { name: 'Service name', provider: 'Provider', address: "Provider's address", type: 'Service type',
      typeOption: 'Vulnerability assessment', registered: 'Registered on', expires: 'Expires on', region: 'Kanto',
      submit: 'Register a service', error: /[A-Za-z]/ }],
  ]) {
    await page.goto(`${server.baseUrl}/registrar/services/new?lang=${lang}`);
    assert.equal(await page.locator('#f-type').evaluate((e) => e.tagName), 'SELECT');
    assert.equal(await page.locator('#f-expires_on').getAttribute('type'), 'date');
    assert.equal(await page.locator('#f-url').getAttribute('type'), 'url');
    assert.equal(await page.locator('input[name="registrar"]').count(), 0, 'the body is fixed');
    assert.equal(await page.getByTestId('registrar-fixed').textContent(), BODY);
    await page.getByLabel(t.name, { exact: false }).first().fill(`フォーム確認${lang}`);
    await page.getByLabel(t.provider, { exact: false }).first().fill('フォーム確認株式会社');
    await page.getByLabel(t.address, { exact: false }).first().fill('東京都港区1-1');
    await page.getByLabel(t.type, { exact: false }).selectOption({ label: t.typeOption });
    await page.locator('#f-regions').getByLabel(t.region, { exact: true }).check();
    await page.getByLabel(t.registered, { exact: false }).fill('2026-11-01');
    await page.getByLabel(t.expires, { exact: false }).fill('2025-10-31');  // before it was registered
    await page.getByRole('button', { name: t.submit }).click();
    const field = page.locator('#err-expires_on');
    await field.waitFor();
    assert.match(await field.textContent(), t.error);
    assert.equal(await page.locator('#f-expires_on').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#f-expires_on').getAttribute('aria-describedby'), 'err-expires_on');
    assert.equal(await page.locator('#f-name').inputValue(), `フォーム確認${lang}`, 'what was typed is kept');
    assert.ok(await page.locator('#f-regions').getByLabel(t.region, { exact: true }).isChecked());
    if (lang === 'ja') assert.doesNotMatch(await page.getByTestId('error').textContent(), /expires_on|must be/);
  }
  await page.goto(`${server.baseUrl}/registrar?lang=ja`);  // the other tests read Japanese
});

test('an expired row offers renew but no suspend', async () => {
  await page.goto(`${server.baseUrl}/registrar?status=expired`);
  const rows = page.getByTestId('own-service');
  assert.ok(await rows.count() > 0, 'the demo data has expired registrations');
  for (const row of (await rows.all()).slice(0, 5)) {
    assert.equal(await row.getAttribute('data-status'), 'expired');
    assert.equal(await row.getByTestId('suspend').count(), 0);
    assert.equal(await row.getByTestId('renew').count(), 1);
    assert.match(await row.getByTestId('days-left').textContent(), /日経過/);
  }
});

test('revoking asks for confirmation on its own page; the notice shows once', async () => {
  await page.goto(`${server.baseUrl}/registrar?status=valid`);
  const row = page.getByTestId('own-service').first();
  const name = (await row.getByRole('link').first().textContent()).trim();
  await row.getByTestId('revoke').click();
  await page.waitForURL(/\/revoke$/);
  assert.equal((await page.getByTestId('revoke-name').textContent()).trim(), name);
  assert.match(await page.getByTestId('revoke-consequences').textContent(), /元に戻せません/);
  const confirm = page.getByTestId('revoke-confirm');
  assert.equal(await confirm.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(180, 35, 24)', 'red (--bad)');
  await page.getByLabel('取消の理由').fill('基準に適合しなくなったため');
  await confirm.click();
  await waitForNotice(page, '登録を取り消しました。');
  await page.reload();
  assert.equal(await page.getByTestId('notice').count(), 0, 'once');
  const revoked = await apiGet(server.baseUrl, `/api/v1/services?status=revoked&q=${encodeURIComponent(name)}`);
  assert.ok(revoked.total >= 1);
});
