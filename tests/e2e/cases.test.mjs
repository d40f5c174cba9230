// Trial-deployment cases in the browser (issue 10): a vendor proposes a case for its published
// product naming its customer, answers the checklist and consents; the user organisation consents
// keeping its name back; the case appears on /cases as disclosed (found by industry, not by
// another); the user withdraws after a confirmation page, and the case is gone at once.
// The published products come from the demo history (data/demo/programme.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, BINARY, SOURCE_DIR, waitForNotice } from './support.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'cases passphrase 2026';
// Accounts of the demo's AirWatch Scope（架空） vendor and of its (fictional) customer.
const VENDOR = { email: 'sales@airlink-giken.example', password: PASSWORD, roles: ['vendor'], org: '株式会社エアリンク技研（架空）' };
const USER = { email: 'it@toto-seisakusho.example', password: PASSWORD, roles: ['user'], org: '東都製作所（架空）' };
const LABEL = '製造業 A社, 従業員 300名';

let server;
let browser;
before(async () => {
  server = await startServer({ users: [VENDOR, USER] });
  await execFileP(BINARY, ['import', 'programme', path.join(SOURCE_DIR, 'data', 'demo', 'programme.json'), '--db', server.db],
    { timeout: 60_000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(user) {
  const { context, page } = await newPage(browser);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

// Ticks the checklist: every required question, and the disclosures in `disclose`.
async function answerChecklist(page, disclose) {
  for (const key of ['merits_and_drawbacks_considered', 'internal_approval_obtained', 'stakeholders_coordinated']) {
    await page.getByTestId(`q-${key}`).check();
  }
  for (const key of ['disclose_company_name', 'disclose_industry', 'disclose_size', 'disclose_figures', 'disclose_quote']) {
    await page.getByTestId(`q-${key}`).setChecked(disclose.includes(key));
  }
}

let caseId;

test('the vendor proposes a case and consents; the case waits for the user organisation', async () => {
  const { context, page } = await signIn(VENDOR);
  const watch = watchPage(page);
  await page.getByTestId('nav-case-workspace').click();
  await page.waitForURL(/\/workspace\/cases$/);
  await page.getByTestId('propose-case').click();
  await page.getByTestId('case-product').selectOption({ label: 'AirWatch Scope（架空） (株式会社エアリンク技研（架空）)' });
  await page.getByTestId('case-user-contact').fill(USER.email);
  await page.getByTestId('case-label').fill(LABEL);
  await page.getByTestId('case-industry-select').selectOption('製造業');
  await page.getByTestId('case-size').selectOption('medium');
  await page.getByTestId('case-period').fill('2026年4月〜9月');
  await page.getByTestId('case-deployed').fill('本社と2工場の無線LANに導入');
  await page.getByTestId('case-results').fill('不正なアクセスポイントを導入初週に3台発見した。');
  await page.locator('input[name="figure_label_0"]').fill('検知までの時間');
  await page.locator('input[name="figure_value_0"]').fill('七割');  // not a number: refused, the form kept
  await page.locator('input[name="figure_unit_0"]').fill('%短縮');
  await page.getByTestId('case-quote-input').fill('現場の負担なく導入できました。');
  await page.getByTestId('case-propose').click();
  assert.match(await page.getByTestId('error').textContent(), /七割/);
  assert.equal(await page.getByTestId('case-label').inputValue(), LABEL, 'what was typed is kept');
  await page.locator('input[name="figure_value_0"]').fill('75');
  await page.getByTestId('case-propose').click();
  await waitForNotice(page, '導入事例を提案しました。相手側と内容を確認し、チェックリストに回答して同意してください。');
  caseId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'draft');
  // The guide's points are explained beside the checklist.
  assert.match(await page.getByTestId('guide').textContent(), /社内/);
  await answerChecklist(page, ['disclose_company_name', 'disclose_industry', 'disclose_size', 'disclose_figures', 'disclose_quote']);
  await page.getByTestId('consent').click();
  await waitForNotice(page, '同意しました。相手側の同意を待っています。');
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'awaiting_consents');
  assert.match(await page.getByTestId('consent-vendor').textContent(), /同意済み/);
  assert.match(await page.getByTestId('consent-user').textContent(), /未同意/);
  // Not public yet.
  const res = await page.goto(`${server.baseUrl}/cases/${caseId}`);
  assert.equal(res.status(), 404);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('the user organisation consents without its name; the case appears on /cases as disclosed', async () => {
  const { context, page } = await signIn(USER);
  const watch = watchPage(page);
  await page.getByTestId('nav-case-workspace').click();
  await page.getByRole('link', { name: 'AirWatch Scope（架空）' }).click();
  await page.waitForURL(new RegExp(`/workspace/cases/${caseId}$`));
  assert.equal(await page.getByTestId('case-side').textContent(), 'ユーザー企業');
  // An incomplete checklist is refused beside its questions.
  await page.getByTestId('consent').click();
  assert.match(await page.getByTestId('consent-error').textContent(), /チェックリスト/);
  await answerChecklist(page, ['disclose_industry', 'disclose_size', 'disclose_figures', 'disclose_quote']);
  await page.getByTestId('consent').click();
  await waitForNotice(page, '双方が同意したため、事例を公表しました。');
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'published');
  assert.equal(await page.getByTestId('disclosed-organisation').textContent().then((t) => t.includes(LABEL)), true);

  // Anyone: the list, filtered by industry without JavaScript's help (a GET form).
  const { context: anon, page: pub } = await newPage(browser, { javaScriptEnabled: false });
  const watchPub = watchPage(pub);
  await pub.goto(`${server.baseUrl}/cases`);
  await pub.getByTestId('filter-industry').selectOption('製造業');
  await pub.getByTestId('filter-submit').click();
  await pub.waitForURL(/industry=/);
  // Ours, beside the demo's own published case of the same industry.
  const ours = pub.getByTestId('case-item').filter({ has: pub.locator(`a[href="/cases/${caseId}"]`) });
  assert.equal(await ours.count(), 1);
  const item = await ours.textContent();
  assert.match(item, new RegExp(LABEL));
  assert.doesNotMatch(item, /東都製作所/, 'the name is withheld');
  await pub.getByTestId('filter-industry').selectOption('金融・保険業');
  await pub.getByTestId('filter-submit').click();
  await pub.waitForURL(/industry=%E9%87%91/);
  assert.equal(await pub.locator(`a[href="/cases/${caseId}"]`).count(), 0, 'not found by another industry');
  await pub.goto(`${server.baseUrl}/cases`);
  await pub.locator(`a[href="/cases/${caseId}"]`).click();
  await pub.waitForURL(new RegExp(`/cases/${caseId}$`));
  assert.match(await pub.getByTestId('case-quote').textContent(), /現場の負担なく/);
  assert.match(await pub.getByTestId('case-figures').textContent(), /75/);
  assert.deepEqual(watchPub.problems(), []);
  await anon.close();
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('the user organisation withdraws after the confirmation page; the case is gone at once', async () => {
  const { context, page } = await signIn(USER);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/workspace/cases/${caseId}`);
  await page.getByTestId('withdraw-link').click();
  await page.waitForURL(new RegExp(`/workspace/cases/${caseId}/withdraw$`));
  assert.match(await page.getByTestId('withdraw-consequences').textContent(), /直ちに公表を取りやめ/);
  await page.getByTestId('withdraw-confirm').click();
  await waitForNotice(page, '同意を撤回しました。');
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'withdrawn');
  assert.match(await page.getByTestId('history').textContent(), /同意の撤回/);
  await page.goto(`${server.baseUrl}/cases`);
  assert.equal(await page.locator(`a[href="/cases/${caseId}"]`).count(), 0);
  const gone = await page.goto(`${server.baseUrl}/cases/${caseId}`);
  assert.equal(gone.status(), 404);
  // The English workspace reads in English.
  await page.goto(`${server.baseUrl}/workspace/cases?lang=en`);
  assert.match(await page.getByTestId('case-state').first().textContent(), /Withdrawn/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
