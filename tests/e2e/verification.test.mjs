// The verification workspace in the browser (issue 10), from the demo history's selected product
// (application 1, ShieldGate WAF): the admin starts the verification and appoints a verifier; the
// verifier writes the plan; the vendor agrees it; the verifier records results with a metric (a bad
// value first: the error beside the field, the input kept), uploads evidence, drafts a strong point
// tied to its item and the trial, and submits; publishing before the vendor's approval is refused
// with a visible reason; the vendor asks for changes, the verifier resubmits, the vendor approves;
// the admin publishes after the confirmation page; the report's PDF opens with the product name and
// the strong point in Japanese; a correction is published as version 2 and version 1 stays readable,
// superseded; the admin's dashboard counts the downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, shotsDir, BINARY, SOURCE_DIR, waitForNotice } from './support.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'verification passphrase 2026';
const ADMIN = { email: 'admin@example.jp', password: PASSWORD, roles: ['admin'] };
const VERIFIER = { email: 'k@lab.example', password: PASSWORD, roles: ['verifier'], org: '検証ラボ（架空）' };
// A second account of the demo vendor's organisation (the demo's own accounts cannot sign in).
const VENDOR = { email: 'staff@mirai-shield.example', password: PASSWORD, roles: ['vendor'], org: '株式会社ミライシールド（架空）' };
const PRODUCT = 'ShieldGate WAF（架空）';
const STRONG_POINT = '国内の攻撃傾向に合わせた高い検知率';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server;
let browser;
const sessions = {};

function addUser(db, u) {
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, ['user', 'add', u.email, ...u.roles.flatMap((r) => ['--role', r]), '--org', u.org, '--db', db]);
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`user add ${u.email}: ${err}`))));
    child.stdin.end(`${u.password}\n`);
  });
}

async function signIn(user) {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page, watch };
}

before(async () => {
  server = await startServer({ users: [ADMIN, VERIFIER] });
  await execFileP(BINARY, ['import', 'programme', path.join(SOURCE_DIR, 'data', 'demo', 'programme.json'), '--db', server.db]);
  await addUser(server.db, VENDOR);
  browser = await launchBrowser();
  for (const u of [ADMIN, VERIFIER, VENDOR]) sessions[u.email] = await signIn(u);
});
after(async () => {
  for (const s of Object.values(sessions)) await s.context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

function as(user) {
  return sessions[user.email].page;
}

async function expectNotice(page, re) {
  assert.match(await page.getByTestId('notice').textContent(), re);
}

async function stateOf(page) {
  return page.getByTestId('verification-state').getAttribute('data-state');
}

let verificationUrl;

test('the admin starts the verification of the selected product and appoints a verifier', async () => {
  const page = as(ADMIN);
  await page.goto(`${server.baseUrl}/admin/calls`);
  await page.getByTestId('nav-verifications').click();
  await page.waitForURL(/\/verifications$/);
  // The demo's other selected products are verified already; ShieldGate WAF is not.
  const ours = () => page.getByTestId('verification-row').filter({ hasText: PRODUCT });
  assert.equal(await ours().count(), 0);
  const row = page.getByTestId('startable-row').filter({ hasText: PRODUCT });
  assert.equal(await row.count(), 1, 'the selected product can be started');
  await row.getByRole('button', { name: '検証を開始' }).click();
  await waitForNotice(page, '有効性検証を開始しました。検証担当者を任命してください。');
  verificationUrl = page.url().split('?')[0];
  await expectNotice(page, /有効性検証を開始しました/);
  assert.equal(await stateOf(page), 'planning');
  assert.match(await page.getByTestId('verification-state').textContent(), /計画作成中/);

  // A bad address is refused beside its field, the input kept.
  await page.getByLabel('検証担当者のメールアドレス').fill('nobody@example.jp');
  await page.getByTestId('appoint').click();
  assert.equal(await page.getByTestId('field-error').count(), 1);
  assert.match(await page.getByTestId('appoint-form').getByTestId('field-error').textContent(), /nobody@example\.jp/);
  assert.equal(await page.getByLabel('検証担当者のメールアドレス').inputValue(), 'nobody@example.jp');
  await page.getByLabel('検証担当者のメールアドレス').fill(VERIFIER.email);
  await page.getByTestId('appoint').click();
  await waitForNotice(page, '検証担当者を任命しました。');
  assert.match(await page.getByTestId('verifiers').textContent(), /k@lab\.example/);
  // Started: no longer offered.
  await page.goto(`${server.baseUrl}/verifications`);
  assert.equal(await page.getByTestId('startable-row').filter({ hasText: PRODUCT }).count(), 0);
  assert.equal(await ours().count(), 1);
  assert.deepEqual(sessions[ADMIN.email].watch.problems(), []);
});

test('the verifier writes the plan and the vendor agrees it', async () => {
  const page = as(VERIFIER);
  await page.goto(`${server.baseUrl}/`);
  assert.equal(await page.getByTestId('nav-verifications').textContent(), '検証');
  await page.getByTestId('nav-verifications').click();
  await page.getByRole('link', { name: PRODUCT }).click();
  await page.waitForURL(verificationUrl);
  await page.locator('#pt-0').fill('SQLインジェクションの検知');
  await page.locator('#pe-0').fill('WAF 3.2 → 検証用Webアプリ（同一セグメント）');
  await page.locator('#pm-0').fill('既知の攻撃パターン816件を送信');
  await page.locator('#px-0').fill('95%以上を遮断');
  await page.locator('#pt-1').fill('誤検知の少なさ');
  await page.locator('#pm-1').fill('通常の通信1000件');
  await page.locator('#pt-2').fill('削除される項目');
  await page.getByTestId('save-plan').click();
  await waitForNotice(page, '検証計画を保存しました。');
  assert.equal(await page.getByTestId('plan-item').count(), 3);
  // Remove the third item again.
  await page.locator('input[name="remove_2"]').check();
  await page.getByTestId('save-plan').click();
  await waitForNotice(page, '検証計画を保存しました。');
  assert.equal(await page.getByTestId('plan-item').count(), 2);
  assert.match(await page.getByTestId('plan-items').textContent(), /既知の攻撃パターン816件/);
  // No results before the agreement: the form is not offered.
  assert.equal(await page.getByTestId('results-form').count(), 0);

  const vendor = as(VENDOR);
  await vendor.goto(`${server.baseUrl}/`);
  assert.equal(await vendor.getByTestId('nav-verifications').textContent(), '自社製品の検証');
  await vendor.getByTestId('nav-verifications').click();
  await vendor.getByRole('link', { name: PRODUCT }).click();
  assert.equal(await vendor.getByTestId('plan-form').count(), 0, 'the vendor reads the plan only');
  await vendor.getByTestId('agree-plan').click();
  await waitForNotice(vendor, '検証計画に合意しました。');
  await expectNotice(vendor, /合意しました/);
  assert.equal(await stateOf(vendor), 'in_progress');
  assert.deepEqual(sessions[VERIFIER.email].watch.problems(), []);
  assert.deepEqual(sessions[VENDOR.email].watch.problems(), []);
});

test('the verifier records results, evidence, a strong point and the trial, and submits', async () => {
  const page = as(VERIFIER);
  await page.goto(verificationUrl);
  await page.locator('#r-summary').fill('試験環境で SQL インジェクション等の検知率と誤検知を検証した。');
  await page.locator('#rr-0').selectOption('pass');
  await page.locator('#mv-0').fill('96%');
  await page.locator('#mu-0').fill('rate');
  await page.locator('#ms-0').fill('816');
  await page.locator('#rr-1').selectOption('partial');
  await page.locator('#rn-1').fill('誤検知 0.4%');
  await page.locator('#sp-0').fill(STRONG_POINT);
  await page.locator('input[name="sp_items_0"]').first().check();
  await page.locator('#t-org').fill('製造業 A社（従業員300名）');
  await page.locator('#t-period').fill('2027年1月〜2月');
  await page.locator('#t-findings').fill('運用負荷が小さい');
  await page.getByTestId('save-results').click();
  // "96%" is not a decimal: refused beside the item, every input kept.
  assert.match(await page.getByTestId('error').textContent(), /96%/);
  assert.match(await page.getByTestId('result-input').first().getByTestId('field-error').textContent(), /0\.962/);
  assert.equal(await page.locator('#mv-0').inputValue(), '96%');
  assert.equal(await page.locator('#sp-0').inputValue(), STRONG_POINT);
  assert.equal(await page.locator('#t-org').inputValue(), '製造業 A社（従業員300名）');
  assert.equal(await page.locator('#rr-1').inputValue(), 'partial');
  await page.locator('#mv-0').fill('0.962');
  await page.getByTestId('save-results').click();
  await waitForNotice(page, '検証結果を保存しました。');
  assert.equal(await page.getByTestId('field-error').count(), 0, 'no error left once saved');
  assert.equal(await page.getByTestId('vendor-comments').count(), 0, 'no comments yet');
  assert.match(await page.getByTestId('results').textContent(), /0\.962 rate/);
  assert.match(await page.getByTestId('strong-points').textContent(), new RegExp(STRONG_POINT));
  assert.match(await page.getByTestId('strong-points').textContent(), /SQLインジェクションの検知/);
  assert.match(await page.getByTestId('trial').textContent(), /製造業 A社/);

  // Evidence for item 1: listed, linked from the item, downloadable as uploaded.
  await page.locator('#ev-file').setInputFiles({ name: 'waf-log.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#ev-item').selectOption({ index: 1 });
  await page.getByTestId('upload-evidence').click();
  await waitForNotice(page, 'エビデンスをアップロードしました。');
  const link = page.getByTestId('evidence-row').getByRole('link', { name: 'waf-log.png' });
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/v1\/evidence\/\d+$/);
  assert.match(await page.getByTestId('evidence-row').textContent(), /SQLインジェクションの検知/);
  const file = await page.request.get(`${server.baseUrl}${href}`);
  assert.equal(file.status(), 200);
  assert.deepEqual(Buffer.from(await file.body()), PNG);
  // A text file is refused by its content, whatever its name.
  await page.locator('#ev-file').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await page.getByTestId('upload-evidence').click();
  assert.match(await page.getByTestId('error').textContent(), /PDF|PNG|JPEG/);

  await page.goto(verificationUrl);
  await page.screenshot({ path: path.join(await shotsDir(), 'verification-recording.png'), fullPage: true });
  await page.getByTestId('submit-report').click();
  await waitForNotice(page, '報告書を提出しました。ベンダーの確認を待っています。');
  assert.equal(await stateOf(page), 'submitted');
  assert.equal(await page.getByTestId('results-form').count(), 0, 'a submitted report is not edited');
  assert.deepEqual(sessions[VERIFIER.email].watch.problems(), []);
});

test('publishing before the vendor approves is refused with its reason', async () => {
  const page = as(ADMIN);
  await page.goto(verificationUrl);
  await page.getByTestId('publish-link').click();
  await page.waitForURL(/\/publish$/);
  assert.match(await page.getByTestId('irreversible').textContent(), /取り消せません/);
  assert.match(await page.getByTestId('not-approved').textContent(), /承認していない/);
  await page.getByTestId('confirm-publish').click();
  assert.match(await page.getByTestId('error').textContent(), /公開できるのは、ベンダーが承認した報告書だけです/);
  // Nothing was published.
  await page.goto(verificationUrl);
  assert.equal(await page.getByTestId('version-row').count(), 0);
  assert.equal(await stateOf(page), 'submitted');
  assert.deepEqual(sessions[ADMIN.email].watch.problems(), []);
});

test('the vendor asks for changes, the verifier resubmits and the vendor approves', async () => {
  const vendor = as(VENDOR);
  await vendor.goto(verificationUrl);
  // Comments are required: the error beside the field.
  await vendor.getByTestId('request-changes').click();
  assert.equal(await vendor.getByTestId('field-error').count(), 1, 'one error, beside the comments');
  assert.match(await vendor.getByTestId('changes-form').getByTestId('field-error').textContent(), /必須/);
  await vendor.locator('#c-comments').fill('試行検証の範囲を書いてください');
  await vendor.getByTestId('request-changes').click();
  await waitForNotice(vendor, '修正を依頼しました。');
  assert.equal(await stateOf(vendor), 'changes_requested');

  const page = as(VERIFIER);
  await page.goto(verificationUrl);
  assert.match(await page.getByTestId('vendor-comments').textContent(), /試行検証の範囲を書いてください/);
  await page.locator('#t-scope').fill('本社工場の公開Webサイト 3 系統');
  await page.getByTestId('submit-report').click();
  await waitForNotice(page, '報告書を提出しました。ベンダーの確認を待っています。');
  assert.match(await page.getByTestId('trial').textContent(), /本社工場/);

  await vendor.goto(verificationUrl);
  await vendor.getByTestId('approve').click();
  await waitForNotice(vendor, '報告書を承認しました。');
  assert.equal(await stateOf(vendor), 'approved');
  assert.deepEqual(sessions[VENDOR.email].watch.problems(), []);
  assert.deepEqual(sessions[VERIFIER.email].watch.problems(), []);
});

let productId;

async function pdfText(bytes) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'proven-pdf-'));
  try {
    const file = path.join(dir, 'r.pdf');
    await fs.writeFile(file, bytes);
    const { stdout } = await execFileP('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('the admin publishes after the confirmation; the report PDF opens', async () => {
  const page = as(ADMIN);
  await page.goto(`${verificationUrl}/publish`);
  assert.equal(await page.getByTestId('not-approved').count(), 0);
  assert.equal(await page.getByTestId('publish-version').textContent(), '1');
  assert.match(await page.getByTestId('publish-summary').textContent(), new RegExp(STRONG_POINT));
  await page.getByTestId('confirm-publish').click();
  await waitForNotice(page, '報告書を公開しました。');
  await expectNotice(page, /公開しました/);
  assert.equal(await stateOf(page), 'published');
  const pdfHref = await page.getByTestId('report-pdf').first().getAttribute('href');
  const m = /^\/products\/(\d+)\/reports\/1\.pdf$/.exec(pdfHref);
  assert.ok(m, pdfHref);
  productId = m[1];
  const pdf = await page.request.get(`${server.baseUrl}${pdfHref}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const bytes = Buffer.from(await pdf.body());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = (await pdfText(bytes)).replace(/\s+/g, '');
  assert.ok(text.includes('ShieldGateWAF'), 'the product name');
  assert.ok(text.includes(STRONG_POINT), 'the strong point in Japanese');
  assert.deepEqual(sessions[ADMIN.email].watch.problems(), []);
});

test('a correction is published as version 2; version 1 stays readable, superseded', async () => {
  const page = as(VERIFIER);
  await page.goto(verificationUrl);
  assert.equal(await page.getByTestId('results-form').count(), 0, 'a published report is immutable');
  await page.getByTestId('start-correction').click();
  assert.match(await page.getByTestId('correction-form').getByTestId('field-error').textContent(), /理由を入力してください/,
    'a correction states its reason');
  await page.locator('#c-reason').fill('項目2の判定を訂正（再測定の結果）');
  await page.getByTestId('start-correction').click();
  await waitForNotice(page, '訂正を開始しました。');
  assert.equal(await stateOf(page), 'correcting');
  assert.match(await page.getByTestId('correction-reason').textContent(), /項目2の判定を訂正/);
  await page.locator('#rr-1').selectOption('pass');
  await page.getByTestId('submit-report').click();
  await waitForNotice(page, '報告書を提出しました。ベンダーの確認を待っています。');

  const vendor = as(VENDOR);
  await vendor.goto(verificationUrl);
  await vendor.getByTestId('approve').click();
  await waitForNotice(vendor, '報告書を承認しました。');

  const admin = as(ADMIN);
  await admin.goto(`${verificationUrl}/publish`);
  await admin.screenshot({ path: path.join(await shotsDir(), 'verification-publish.png'), fullPage: true });
  assert.equal(await admin.getByTestId('publish-version').textContent(), '2');
  await admin.getByTestId('confirm-publish').click();
  await waitForNotice(admin, '報告書を公開しました。');
  assert.equal(await admin.getByTestId('version-row').count(), 2);
  assert.equal(await admin.getByTestId('version-row').first().getByTestId('superseded').count(), 1);

  const res = await fetch(`${server.baseUrl}/api/v1/products/${productId}/reports`);
  assert.equal(res.status, 200);
  const { items } = await res.json();
  assert.deepEqual(items.map((r) => [r.version, r.superseded]), [[1, true], [2, false]]);
  assert.equal(items[1].reason, '項目2の判定を訂正（再測定の結果）');
  for (const r of items) {
    const pdf = await fetch(`${server.baseUrl}${r.pdf}`);
    assert.equal(pdf.status, 200, r.pdf);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
  }
  assert.deepEqual(sessions[VERIFIER.email].watch.problems(), []);
  assert.deepEqual(sessions[ADMIN.email].watch.problems(), []);
});

test('the admin dashboard shows the downloads per version and month and the totals', async () => {
  const page = as(ADMIN);
  await page.goto(`${server.baseUrl}/verifications`);
  await page.getByTestId('nav-admin-reports').click();
  await page.waitForURL(/\/admin\/reports$/);
  const rows = page.getByTestId('download-row').filter({ hasText: PRODUCT });
  assert.equal(await rows.count(), 2, 'version 1 and version 2, this month');
  const v1 = await rows.nth(0).textContent();
  assert.match(v1, new RegExp(PRODUCT.replace(/[()（）]/g, '.')));
  assert.match(v1, /\d{4}-\d{2}/);
  // Version 1: the admin's fetch and the anonymous one count once each (one client: 127.0.0.1,
  // within the window) — so exactly 1; version 2: 1.
  const counts = await rows.evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.textContent.trim()));
  assert.deepEqual(counts, ['1', '1']);
  assert.match(await page.getByTestId('product-total').filter({ hasText: PRODUCT }).textContent(), /2$/);
  // The demo's published products are listed too, with no downloads yet.
  assert.ok((await page.getByTestId('product-total').count()) >= 2);
  assert.match(await page.getByTestId('downloads-total').textContent(), /: 2$/);
  await page.screenshot({ path: path.join(await shotsDir(), 'admin-reports.png'), fullPage: true });
  await page.goto(`${server.baseUrl}/admin/reports?lang=en`);
  assert.match(await page.locator('h1').textContent(), /Report downloads/);
  assert.deepEqual(sessions[ADMIN.email].watch.problems(), []);
});
