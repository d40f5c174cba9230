// High-level device verification in the browser (issue 16): a device maker requests a
// verification from a 機器検証 provider with the form; the provider accepts, builds the threat model
// (elements, a STRIDE threat rated on the risk matrix), sees the untested high-risk threat in the
// coverage table, adds the suggested catalogue item and records its result, records a finding with
// a CVSS vector (scored on the page) and issues the report; the maker answers the finding and opens
// the report PDF. Every step is a plain form (no script needed); axe checks the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, watchPage, signIn, waitForNotice, axeViolations,
  describeViolations } from './support.mjs';

const PASSWORD = 'device verification passphrase 2026';
const MAKER = { email: 'dev@keytech-e2e.example', password: PASSWORD, roles: ['vendor'], org: '株式会社キーテック（架空）' };
const PROVIDER = { email: 'lab@mihon-tech-e2e.example', password: PASSWORD, roles: ['vendor'], org: '株式会社見本テック' };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [MAKER, PROVIDER] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], describeViolations(page.url(), violations));
}

test('request → threat model → items → findings → report, by the maker and the provider', async () => {
  const maker = await newPage(browser);
  const makerWatch = watchPage(maker.page);
  await signIn(maker.page, server.baseUrl, MAKER);
  await maker.page.getByTestId('nav-devices').click();
  await maker.page.waitForURL(/\/devices$/);
  await maker.page.getByTestId('device-new').click();
  await noViolations(maker.page);
  const service = maker.page.getByTestId('device-service');
  const option = await service.locator('option', { hasText: '株式会社見本テック' }).first().getAttribute('value');
  await service.selectOption(option);
  await maker.page.getByTestId('device-title').fill('ロボット掃除機 RV-9 の検証');
  await maker.page.getByTestId('device-kind').selectOption('robot_vacuum');
  await maker.page.getByTestId('device-model').fill('RV-9');
  await maker.page.getByTestId('device-interface-wifi').check();
  await maker.page.getByTestId('device-interface-cloud_api').check();
  await maker.page.getByTestId('device-request-submit').click();
  await waitForNotice(maker.page, '株式会社見本テック');
  const projectUrl = maker.page.url();
  assert.match(projectUrl, /\/devices\/\d+$/);
  assert.equal(await maker.page.getByTestId('device-status').getAttribute('data-status'), 'requested');
  await noViolations(maker.page);

  const provider = await newPage(browser);
  const providerWatch = watchPage(provider.page);
  await signIn(provider.page, server.baseUrl, PROVIDER);
  await provider.page.goto(projectUrl);
  await provider.page.getByTestId('device-accept').click();
  await waitForNotice(provider.page, '受諾');
  assert.equal(await provider.page.getByTestId('device-status').getAttribute('data-status'), 'accepted');

  // The threat model: two elements and a critical threat.
  await provider.page.goto(`${projectUrl}/threats`);
  for (const [kind, name] of [['process', '本体ファームウェア'], ['store', '地図データ']]) {
    await provider.page.getByTestId('add-element-toggle').click();
    await provider.page.getByTestId('element-kind').selectOption(kind);
    await provider.page.getByTestId('element-name').fill(name);
    await provider.page.getByTestId('element-submit').click();
    await waitForNotice(provider.page, '脅威モデル');
  }
  assert.equal(await provider.page.getByTestId('threat-element').count(), 2);
  await provider.page.getByTestId('add-threat-toggle').click();
  await provider.page.getByTestId('threat-element-select').selectOption({ label: '本体ファームウェア' });
  await provider.page.getByTestId('threat-category').selectOption('tampering');
  await provider.page.getByTestId('threat-title').fill('署名のないファームウェアの書き込み');
  await provider.page.getByTestId('threat-likelihood').selectOption('3');
  await provider.page.getByTestId('threat-impact').selectOption('3');
  await provider.page.getByTestId('threat-submit').click();
  await waitForNotice(provider.page, '脅威モデル');
  assert.equal((await provider.page.getByTestId('threat-risk').first().textContent()).trim(), '重大');
  await noViolations(provider.page);

  // Coverage: the critical threat is untested until the suggested item has a result.
  await provider.page.goto(`${projectUrl}/items`);
  assert.equal(await provider.page.locator('[data-testid="coverage-row"][data-untested-high="1"]').count(), 1);
  await provider.page.getByTestId('suggestion').filter({ hasText: 'TI-UPD-01' }).getByTestId('suggestion-add').click();
  await waitForNotice(provider.page, '検証項目');
  const item = provider.page.getByTestId('test-item').first();
  await item.getByTestId('item-status-select').selectOption('failed');
  await item.getByTestId('item-result').fill('署名を確かめずに書き込めた');
  await item.getByTestId('item-save').click();
  await waitForNotice(provider.page, '検証項目');
  assert.equal(await provider.page.locator('[data-testid="coverage-row"][data-untested-high="1"]').count(), 0);
  await noViolations(provider.page);

  // A finding with a CVSS v3.1 vector: a bad metric is named; a good vector is scored.
  await provider.page.goto(`${projectUrl}/findings`);
  await provider.page.getByTestId('finding-title').fill('署名検証のないアップデート');
  await provider.page.getByTestId('finding-description').fill('改変したファームウェアを書き込める。');
  await provider.page.getByTestId('finding-cvss31-input').fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X');
  await provider.page.getByTestId('finding-submit').click();
  assert.match(await provider.page.getByTestId('form-error').textContent(), /A/);
  await provider.page.getByTestId('finding-title').fill('署名検証のないアップデート');
  await provider.page.getByTestId('finding-description').fill('改変したファームウェアを書き込める。');
  await provider.page.getByTestId('finding-cvss31-input').fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  await provider.page.getByTestId('finding-submit').click();
  await waitForNotice(provider.page, '発見事項');
  assert.equal((await provider.page.getByTestId('finding-cvss31').textContent()).trim(), '9.8 CRITICAL');
  await noViolations(provider.page);

  await provider.page.goto(projectUrl);
  await provider.page.getByTestId('device-summary-input').fill('アップデートの署名検証がない。');
  await provider.page.getByTestId('device-issue-report').click();
  await waitForNotice(provider.page, '報告書');
  assert.equal(await provider.page.getByTestId('device-status').getAttribute('data-status'), 'reported');

  // The maker answers the finding and opens the report.
  await maker.page.goto(`${projectUrl}/findings`);
  await maker.page.getByTestId('finding-risk-select').selectOption('high');
  await maker.page.getByTestId('finding-response-select').selectOption('fix');
  await maker.page.getByTestId('finding-response-submit').click();
  await waitForNotice(maker.page, '発見事項');
  assert.equal((await maker.page.getByTestId('finding-maker-risk').textContent()).trim(), '高');
  assert.equal(await maker.page.getByTestId('add-finding').count(), 0, 'only the provider records findings');
  await maker.page.goto(projectUrl);
  const href = await maker.page.getByTestId('device-report-pdf').getAttribute('href');
  const pdf = await maker.context.request.get(`${server.baseUrl}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

  assert.deepEqual(makerWatch.problems(), []);
  assert.deepEqual(providerWatch.problems(), []);
  await maker.context.close();
  await provider.context.close();
});
