// A WAF suite run from the verification page (issue 14), lean: the demo's selected ShieldGate WAF gets
// a verification (set up through the API) whose plan has a WAF effectiveness item against a toy WAF on
// loopback (a Node HTTP server that answers 403 to requests with an obvious attack sign, 200 to the
// rest); the verifier clicks "run the suite" on the verification page, follows the run's page (which
// reloads itself, no script) until it is done, and the item's evidence is the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import http from 'node:http';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, BINARY, SOURCE_DIR, waitForNotice, axeViolations, describeViolations } from './support.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'waf run passphrase 2026';
const ADMIN = { email: 'admin@example.jp', password: PASSWORD, roles: ['admin'] };
const VERIFIER = { email: 'k@lab.example', password: PASSWORD, roles: ['verifier'], org: '検証ラボ（架空）' };
const VENDOR = 'apply@mirai-shield.example';

let server;
let browser;
let toyWaf;
let targetUrl;
let verificationId;

// Attack signs after percent-decoding: a quote, a script tag, a path climbing up.
const ATTACK = /('|<script|\.\.\/)/i;
function decode(s) {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

async function token(email) {
  const { stdout } = await execFileP(BINARY, ['token', 'create', email, '--db', server.db]);
  return stdout.split('\n')[0];
}

async function api(method, url, tok, body) {
  const res = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

before(async () => {
  toyWaf = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const blocked = ATTACK.test(decode(req.url)) || ATTACK.test(decode(body));
      res.writeHead(blocked ? 403 : 200, { 'Content-Type': 'text/plain' });
      res.end(blocked ? 'blocked' : 'ok');
    });
  });
  await new Promise((resolve) => toyWaf.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${toyWaf.address().port}/`;

  server = await startServer({ users: [ADMIN, VERIFIER], serveArgs: ['--waf-allow-loopback'] });
  await execFileP(BINARY, ['import', 'programme', path.join(SOURCE_DIR, 'data', 'demo', 'programme.json'), '--db', server.db]);
  const admin = await token(ADMIN.email);
  const verifier = await token(VERIFIER.email);
  const vendor = await token(VENDOR);
  const apps = await api('GET', '/api/v1/applications', vendor);
  for (const a of apps.json.items ?? apps.json) {
    const r = await api('POST', '/api/v1/verifications', admin, { application_id: a.id });
    if (r.status === 201) { verificationId = r.json.id; break; }
  }
  assert.ok(verificationId, 'a verification of the selected product');
  const base = `/api/v1/verifications/${verificationId}`;
  assert.equal((await api('POST', `${base}/verifiers`, admin, { email: VERIFIER.email })).status, 201);
  const plan = await api('PUT', `${base}/plan`, verifier, {
    items: [{ title: 'WAF の検知性能', kind: 'waf_effectiveness', waf_target: targetUrl }, { title: '管理画面' }],
  });
  assert.equal(plan.status, 200, JSON.stringify(plan.json));
  assert.equal((await api('POST', `${base}/agree-plan`, vendor)).status, 200);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (toyWaf ? toyWaf.close(resolve) : resolve()));
});

test('the verifier runs the suite from the verification page and the run page reaches done', async () => {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(VERIFIER.email);
  await page.getByLabel('パスワード', { exact: true }).fill(VERIFIER.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));

  await page.goto(`${server.baseUrl}/verifications/${verificationId}`);
  // The agreed target is shown with the plan and in the run block.
  assert.match(await page.getByTestId('plan-item-waf').textContent(), new RegExp(targetUrl.replace(/[.]/g, '\\.')));
  const row = page.getByTestId('waf-item');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /未実行/);
  await row.getByTestId('waf-run').click();
  await waitForNotice(page, 'WAF 試験の実行を受け付けました。');
  assert.match(page.url(), new RegExp(`/verifications/${verificationId}/waf-runs/\\d+$`));
  assert.equal(await page.getByTestId('waf-run-target').textContent(), targetUrl);

  // The page reloads itself every 5 s until the run has ended.
  const state = page.getByTestId('waf-run-state');
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !['done', 'failed'].includes(await state.getAttribute('data-state'))) {
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
  }
  assert.equal(await state.getAttribute('data-state'), 'done',
    await page.getByTestId('waf-run-error').textContent().catch(() => 'no error shown'));
  assert.equal(await state.textContent(), '完了');
  assert.match(await page.getByTestId('waf-run-grade').textContent(), /^[ABCDFI]$/);
  assert.match(await page.getByTestId('waf-run-progress').textContent(), /(\d+) \/ \1 リクエスト/);
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, 'no more reloading once done');
  assert.equal(await page.getByTestId('waf-run-evidence').count(), 1);
  const runViolations = await axeViolations(page);
  assert.deepEqual(runViolations, [], describeViolations(page.url(), runViolations));

  // Back on the verification page: the latest run is done and the item's metric is its BA.
  await page.getByTestId('back').click();
  const latest = page.getByTestId('waf-latest-run');
  assert.equal(await latest.getAttribute('data-state'), 'done');
  assert.match(await page.getByTestId('results').textContent(), /balanced accuracy/);
  const pageViolations = await axeViolations(page);
  assert.deepEqual(pageViolations, [], describeViolations(page.url(), pageViolations));
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
