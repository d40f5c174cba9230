// Consultations in the browser (issue 11): a user company asks the vendor of a verified product for
// a consultation from the product's page (without JavaScript), the vendor accepts proposing two
// times, the user confirms the second one; each side sees the thread, and a third party gets 404.
// The published product comes from the demo history (data/demo/programme.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, BINARY, SOURCE_DIR, waitForNotice } from './support.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'consultation passphrase 2026';
// An account of the demo's AirWatch Scope（架空） vendor, a user company, and another user company.
const VENDOR = { email: 'sales@airlink-giken.example', password: PASSWORD, roles: ['vendor'], org: '株式会社エアリンク技研（架空）' };
const USER = { email: 'it@kita-seiki.example', password: PASSWORD, roles: ['user'], org: '北精機株式会社（架空）' };
const OTHER = { email: 'it@minami-shoji.example', password: PASSWORD, roles: ['user'], org: '南商事株式会社（架空）' };
const MESSAGE = '工場の無線LANに持ち込みのアクセスポイントがないか調べたい。';

let server;
let browser;
before(async () => {
  server = await startServer({ users: [VENDOR, USER, OTHER] });
  await execFileP(BINARY, ['import', 'programme', path.join(SOURCE_DIR, 'data', 'demo', 'programme.json'), '--db', server.db],
    { timeout: 60_000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(user, options = {}) {
  const { context, page } = await newPage(browser, options);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

// A datetime-local value `days` from now at `hour`:00 in Japan time.
function jstLocal(days, hour) {
  const d = new Date(Date.now() + days * 86400_000 + 9 * 3600_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}
const FIRST = jstLocal(7, 10);
const SECOND = jstLocal(8, 15);

let consultationUrl;

test('a user company asks for a consultation from the product page, without JavaScript', async () => {
  const { context, page } = await signIn(USER, { javaScriptEnabled: false });
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/products/1`);
  await page.getByTestId('consult-link').click();
  await page.waitForURL(/\/consultations\/new\?kind=product&id=1$/);
  assert.equal(await page.getByTestId('subject-name').textContent(), 'AirWatch Scope（架空）');
  assert.equal(await page.getByTestId('subject-vendor').textContent(), '株式会社エアリンク技研（架空）');
  // An empty request is refused beside its field (the browser's own check is bypassed by spaces).
  await page.getByTestId('consultation-message').fill('   ');
  await page.getByTestId('consultation-submit').click();
  assert.match(await page.getByTestId('field-error').textContent(), /入力/);
  await page.getByTestId('consultation-message').fill(MESSAGE);
  await page.getByTestId('consultation-submit').click();
  await waitForNotice(page, '相談を申し込みました。ベンダーの回答をお待ちください（回答はメールでもお知らせします）。');
  consultationUrl = page.url().replace(/\?.*$/, '');
  assert.equal(await page.getByTestId('consultation-state').getAttribute('data-state'), 'requested');
  assert.equal(await page.getByTestId('consultation-side').textContent(), '申込者');
  assert.equal((await page.getByTestId('entry-body').first().textContent()).trim(), MESSAGE);
  assert.equal(await page.getByTestId('accept-form').count(), 0, 'accepting is the vendor\'s step');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('the vendor accepts, proposing two times; a third party gets 404', async () => {
  const { context, page } = await signIn(VENDOR);
  const watch = watchPage(page);
  await page.getByTestId('nav-consultations').click();
  await page.waitForURL(/\/consultations$/);
  const row = page.getByTestId('consultation-row').filter({ hasText: 'AirWatch Scope（架空）' });
  assert.equal(await row.getAttribute('data-state'), 'requested');
  assert.equal(await row.getByTestId('your-move').count(), 1);
  await row.getByRole('link', { name: 'AirWatch Scope（架空）' }).click();
  await page.waitForURL(consultationUrl);
  assert.equal(await page.getByTestId('consultation-side').textContent(), 'ベンダー');
  // A time in the past is refused beside its input, and what was typed stays.
  await page.getByTestId('accept-time').nth(0).fill(jstLocal(-2, 10));
  await page.getByTestId('accept-time').nth(1).fill(SECOND);
  await page.getByTestId('accept-submit').click();
  assert.match(await page.getByTestId('field-error').first().textContent(), /過去/);
  assert.equal(await page.getByTestId('accept-time').nth(1).inputValue(), SECOND);
  await page.getByTestId('accept-time').nth(0).fill(FIRST);
  await page.getByTestId('accept-message').fill('オンラインでご説明します。');
  await page.getByTestId('accept-submit').click();
  await waitForNotice(page, '承諾し、候補日時を示しました。');
  assert.equal(await page.getByTestId('consultation-state').getAttribute('data-state'), 'accepted');
  assert.equal(await page.getByTestId('proposed-times').locator('li').count(), 2);
  assert.deepEqual(watch.problems(), []);
  await context.close();

  const { context: other, page: third } = await signIn(OTHER);
  const res = await third.goto(consultationUrl);
  assert.equal(res.status(), 404);
  await other.close();
});

test('the user confirms the second time; both sides see it in the thread', async () => {
  const { context, page } = await signIn(USER);
  const watch = watchPage(page);
  await page.getByTestId('nav-consultations').click();
  await page.getByRole('link', { name: 'AirWatch Scope（架空）' }).click();
  await page.waitForURL(consultationUrl);
  assert.equal(await page.getByTestId('time-choice').count(), 2);
  await page.getByTestId('time-choice').nth(1).check();
  await page.getByTestId('confirm-submit').click();
  await waitForNotice(page, '日時を確定しました。');
  assert.equal(await page.getByTestId('consultation-state').getAttribute('data-state'), 'confirmed');
  const shown = SECOND.replace('T', ' ');
  assert.equal(await page.getByTestId('confirmed-time').textContent(), `${shown} JST`);
  // A message to the vendor.
  await page.getByTestId('message-text').fill('当日は2名で伺います。');
  await page.getByTestId('message-submit').click();
  await waitForNotice(page, 'メッセージを送りました。');
  assert.deepEqual(watch.problems(), []);
  await context.close();

  const { context: vendorContext, page: vendorPage } = await signIn(VENDOR);
  await vendorPage.goto(consultationUrl);
  const kinds = await vendorPage.getByTestId('entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  assert.deepEqual(kinds, ['requested', 'accepted', 'confirmed', 'message']);
  assert.equal(await vendorPage.getByTestId('confirmed-time').textContent(), `${shown} JST`);
  assert.equal(await vendorPage.getByTestId('outcome-form').count(), 1, 'either side records the outcome now');
  await vendorContext.close();
});
