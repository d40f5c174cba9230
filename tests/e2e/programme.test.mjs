// The verification programme in the browser (issue 9): the admin edits the field map, writes a
// draft call in the editor and opens it, appoints reviewers, reads the ranking with its chart and
// decides; a vendor applies (draft, save, upload a PNG, submit) — in English; a reviewer declares
// and scores with the criteria beside the form. A call that must be closed for review is made
// over the API with a deadline a few seconds ahead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, BINARY, waitForNotice } from './support.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'programme passphrase 2026';
const ADMIN = { email: 'admin@example.jp', password: PASSWORD, roles: ['admin'] };
const VENDOR = { email: 'vendor@example.jp', password: PASSWORD, roles: ['vendor'], org: 'テスト丙株式会社' };
const R1 = { email: 'r1@example.jp', password: PASSWORD, roles: ['reviewer'], org: '審査法人イ' };
const R2 = { email: 'r2@example.jp', password: PASSWORD, roles: ['reviewer'], org: '審査法人ロ' };
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server;
let browser;
const tokens = {};
before(async () => {
  server = await startServer({ users: [ADMIN, VENDOR, R1, R2] });
  browser = await launchBrowser();
  for (const u of [ADMIN, VENDOR, R1, R2]) {
    const { stdout } = await execFileP(BINARY, ['token', 'create', u.email, '--name', 'e2e', '--db', server.db]);
    tokens[u.email] = stdout.split('\n')[0].trim();
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(who, method, urlPath, body) {
  const res = await fetch(new URL(urlPath, server.baseUrl), {
    method,
    headers: { Authorization: `Bearer ${tokens[who.email]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath}: HTTP ${res.status}: ${text.slice(0, 400)}`);
  return text ? JSON.parse(text) : {};
}


async function signIn(user, lang = 'ja') {
  const { context, page } = await newPage(browser, lang === 'en' ? { locale: 'en-GB' } : {});
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if (lang === 'en') await page.goto(`${server.baseUrl}/?lang=en`);
  return { context, page };
}

// A field, made once (the admin's add form is exercised in the first test).
let fieldId;
// The call the browser made (open, far deadline) and the one made over the API (closed for review).
let openCallId;
let closedCallId;
let applicationId;

test('the admin adds a field, writes a draft call in the editor and opens it', async () => {
  const { context, page } = await signIn(ADMIN);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/fields`);
  await page.locator('#nj-new').fill('サプライチェーンの可視化');
  await page.locator('#ne-new').fill('Supply-chain visibility');
  await page.locator('#ra-new').fill('国内製品が強みを出せる市場');
  await page.getByRole('button', { name: '分野を追加' }).click();
  await waitForNotice(page, '分野を追加しました。');
  assert.match(await page.getByTestId('notice').textContent(), /分野を追加しました/);
  assert.match(await page.getByTestId('field-history').textContent(), /サプライチェーンの可視化/);
  fieldId = (await api(ADMIN, 'GET', '/api/v1/fields')).items.find((f) => f.name_ja === 'サプライチェーンの可視化')?.id;
  assert.ok(fieldId, 'the field is in the API');

  await page.getByRole('link', { name: '公募の管理' }).first().click();
  await page.getByTestId('new-call').click();
  await page.getByLabel('公募名 *').fill('令和8年度 検証製品公募（ブラウザ）');
  await page.getByLabel('説明', { exact: true }).fill('公募要領の本文');
  await page.getByRole('checkbox', { name: 'サプライチェーンの可視化' }).check();
  await page.getByLabel('受付開始 (JST)').fill('2026-01-05T10:00');
  await page.getByLabel('締切 (JST)').fill('2030-12-25T17:00');
  await page.getByLabel('質問文 1', { exact: true }).fill('導入実績を教えてください');
  await page.getByLabel('審査基準 1', { exact: true }).fill('独自性');
  await page.getByLabel('説明 1', { exact: true }).fill('他にない強みがあるか');
  await page.getByLabel('配点（重み） 1', { exact: true }).fill('3');
  await page.getByLabel('審査基準 2', { exact: true }).fill('市場性');
  await page.getByLabel('配点（重み） 2', { exact: true }).fill('1');
  await page.getByTestId('save-call').click();
  await waitForNotice(page, '公募の下書きを作成しました。');
  openCallId = Number(/\/admin\/calls\/(\d+)\//.exec(page.url())[1]);
  assert.equal((await page.getByTestId('call-state').textContent()).trim(), '下書き');
  await page.getByTestId('open-call').click();
  await waitForNotice(page, '公募を開始しました。');
  assert.equal((await page.getByTestId('call-state').textContent()).trim(), '受付中');
  // Once open, the criteria are shown read-only.
  assert.match(await page.getByTestId('frozen-criteria').textContent(), /独自性/);
  assert.equal(await page.getByLabel('審査基準 1', { exact: true }).count(), 0);
  // The public page shows the criteria, their weights and the deadline in JST.
  await page.goto(`${server.baseUrl}/calls/${openCallId}`);
  assert.match(await page.getByTestId('criteria').textContent(), /独自性[\s\S]*3/);
  assert.equal((await page.getByTestId('closes-at').textContent()).trim(), '2030-12-25 17:00 JST');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('a vendor applies in English: draft, save, upload a PNG, submit', async () => {
  const { context, page } = await signIn(VENDOR, 'en');
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/calls/${openCallId}`);
  await page.getByTestId('apply').click();
  await page.getByLabel('Product name *').fill('Visualiser');
  await page.getByTestId('create-draft').click();
  await waitForNotice(page, 'The draft was saved.');
  assert.equal((await page.getByTestId('application-state').textContent()).trim(), 'Draft');
  await page.getByLabel('Version').fill('2.1');
  await page.getByLabel('Overview *').fill('Makes threats visible.');
  await page.getByRole('checkbox', { name: 'Supply-chain visibility' }).check();
  await page.getByRole('checkbox', { name: 'SaaS' }).check();
  await page.getByTestId('save-draft').click();
  await waitForNotice(page, 'The draft was saved.');
  assert.match(await page.getByTestId('notice').textContent(), /The draft was saved/);
  assert.equal(await page.getByLabel('Version').inputValue(), '2.1');

  const dir = await fs.mkdtemp(path.join(server.dir, 'png-'));
  const png = path.join(dir, 'screen.png');
  await fs.writeFile(png, PNG);
  await page.getByLabel(/^File \(PDF/).setInputFiles(png);
  await page.getByTestId('upload').click();
  await waitForNotice(page, 'The file was attached.');
  assert.match(await page.getByTestId('attachments').textContent(), /screen\.png[\s\S]*image\/png/);

  await page.getByTestId('submit-application').click();
  await waitForNotice(page, 'The application was submitted.');
  assert.equal((await page.getByTestId('application-state').textContent()).trim(), 'Submitted');
  assert.equal(await page.getByTestId('application-form').count(), 0, 'read-only once submitted');
  await page.goto(`${server.baseUrl}/vendor/applications`);
  assert.match(await page.getByTestId('applications').textContent(), /Visualiser[\s\S]*Submitted/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('a reviewer declares no conflict and scores with the criteria beside the form', async () => {
  // A call that closes in a few seconds, with one submitted application, made over the API.
  const closesAt = Date.now() + 6000;
  const body = {
    title: '締切済みの公募', description: '公募要領', eligibility: '国内企業', fields: [fieldId],
    opens_at: new Date(Date.now() - 3600_000).toISOString(), closes_at: new Date(closesAt).toISOString(), quorum: 2,
    criteria: [{ name: '独自性', description: '他にない強み', weight: 3 }, { name: '市場性', description: '売れるか', weight: 1 }],
  };
  closedCallId = (await api(ADMIN, 'POST', '/api/v1/calls', body)).id;
  await api(ADMIN, 'POST', `/api/v1/calls/${closedCallId}/open`);
  applicationId = (await api(VENDOR, 'POST', `/api/v1/calls/${closedCallId}/applications`, { name: '可視化くん' })).id;
  await api(VENDOR, 'PATCH', `/api/v1/applications/${applicationId}`,
    { overview: '脅威を見える化します', fields: [fieldId], deployment: ['on_premises'] });
  await api(VENDOR, 'POST', `/api/v1/applications/${applicationId}/submit`);

  // The admin appoints both reviewers on the committee page.
  const admin = await signIn(ADMIN);
  await admin.page.goto(`${server.baseUrl}/admin/calls/${closedCallId}/committee`);
  for (const r of [R1, R2]) {
    await admin.page.getByLabel('審査委員のメールアドレス').fill(r.email);
    await admin.page.getByRole('button', { name: '任命' }).click();
    await waitForNotice(admin.page, '審査委員を任命しました。');
  }
  assert.match(await admin.page.getByTestId('reviewers').textContent(), /r1@example\.jp[\s\S]*r2@example\.jp/);
  await admin.context.close();

  while (Date.now() <= closesAt + 500) await new Promise((r) => setTimeout(r, 250));

  const { context, page } = await signIn(R1);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/reviewer`);
  const item = page.getByTestId('queue-item').filter({ hasText: '可視化くん' });
  await item.getByRole('link').first().click();
  // Before declaring: the product and the vendor only.
  assert.equal(await page.getByTestId('details').count(), 0);
  await page.getByLabel('利益相反はない').check();
  await page.getByRole('button', { name: '申告' }).click();
  await waitForNotice(page, '利益相反の有無を申告しました。');
  // The criteria with their descriptions and weights beside the radio groups.
  const criteria = page.getByTestId('criterion');
  assert.equal(await criteria.count(), 2);
  assert.match(await criteria.first().textContent(), /独自性[\s\S]*3[\s\S]*他にない強み/);
  assert.match(await page.getByTestId('others-hidden').textContent(), /ご自身の採点を送信すると/);
  await criteria.nth(0).getByLabel('5').check();
  await criteria.nth(1).getByLabel('4').check();
  await page.getByLabel('コメント').fill('独自性が高い');
  await page.getByTestId('submit-scores').click();
  await waitForNotice(page, '採点を送信しました。');
  assert.match(await page.getByTestId('notice').textContent(), /採点を送信しました/);
  assert.equal(await page.getByTestId('others-hidden').count(), 0, 'the others are shown after one\'s own');
  assert.deepEqual(watch.problems(), []);
  await context.close();

  // The second reviewer over the API: the quorum is reached.
  const call = await api(ADMIN, 'GET', `/api/v1/calls/${closedCallId}`);
  await api(R2, 'POST', `/api/v1/applications/${applicationId}/conflict`, { conflict: false });
  const scores = Object.fromEntries(call.criteria.map((c) => [String(c.id), 2]));
  await api(R2, 'PUT', `/api/v1/applications/${applicationId}/scores`, { scores, comment: '' });
});

test('the admin reads the ranking with its chart and decides; the vendor sees the outcome', async () => {
  const { context, page } = await signIn(ADMIN);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/admin/calls/${closedCallId}/committee`);
  assert.equal(await page.getByTestId('progress-row').count(), 2);
  assert.match(await page.getByTestId('progress').textContent(), /r1@example\.jp[\s\S]*はい/);
  await page.goto(`${server.baseUrl}/admin/calls/${closedCallId}/ranking`);
  const row = page.getByTestId('ranked-row').first();
  assert.equal((await row.getByTestId('rank').textContent()).trim(), '1');
  // (3 × 3.5 + 1 × 3) / 4 = 3.375; 5 and 2 differ by 3 on 独自性.
  assert.equal((await row.getByTestId('weighted').textContent()).trim(), '3.375');
  assert.match(await row.textContent(), /不一致: 独自性/);
  // One chart for wide screens and one for phones (labels above the bars), the weighted scores in both.
  assert.equal(await page.getByTestId('ranking-chart').locator('svg.chart-wide').count(), 1);
  assert.equal(await page.getByTestId('ranking-chart').locator('svg.chart-narrow').count(), 1);
  assert.match(await page.getByTestId('ranking-chart').locator('svg.chart-narrow').textContent(), /3\.375/);
  const decision = page.getByTestId('decision').first();
  await decision.getByLabel('選定', { exact: true }).check();
  await decision.getByLabel('理由（応募者に表示されます）').fill('独自性が高く評価されました');
  await decision.getByRole('button', { name: '決定' }).click();
  await waitForNotice(page, '決定を記録しました。');
  assert.match(await page.getByTestId('outcome').first().textContent(), /選定/);
  // In English once.
  await page.goto(`${server.baseUrl}/admin/calls/${closedCallId}/ranking?lang=en`);
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /Ranking/);
  assert.deepEqual(watch.problems(), []);
  await context.close();

  const vendor = await signIn(VENDOR);
  await vendor.page.goto(`${server.baseUrl}/vendor/applications?lang=ja`);
  const mine = vendor.page.getByTestId('application-row').filter({ hasText: '可視化くん' });
  assert.match(await mine.textContent(), /選定[\s\S]*独自性が高く評価されました/);
  await vendor.page.goto(`${server.baseUrl}/calls/${closedCallId}`);
  assert.match(await vendor.page.getByTestId('selected').textContent(), /可視化くん/);
  await vendor.context.close();
});
