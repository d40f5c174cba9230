// SBOMs and known vulnerabilities in the browser (issue 15): the vendor of the demo's AirWatch Scope
// goes from the product page to its SBOM page, registers a release's SBOM with the form (a file
// upload, no script), reads the findings with the range, comparator and reason for what was not
// matched, and states "not affected" for one finding; a user company adds the product to the
// products it uses from the product page and sees the open count and the vendor's statement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, watchPage, BINARY, SOURCE_DIR, USERS, signIn, waitForNotice,
  axeViolations, describeViolations } from './support.mjs';

const execFileP = promisify(execFile);
const FIXTURES = path.join(SOURCE_DIR, 'tests', 'fixtures', 'sbom');

let server;
let browser;
let tmp;
let sbomFile;

const SBOM = {
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  metadata: { component: { type: 'application', name: 'AirWatch Scope', version: '3.2' } },
  components: [
    { type: 'library', 'bom-ref': 'containerd', name: 'containerd', version: '1.5.5', purl: 'pkg:golang/github.com/containerd/containerd@v1.5.5' },
    { type: 'library', 'bom-ref': 'django', name: 'Django', version: '2.2.1', purl: 'pkg:pypi/django@2.2.1' },
    { type: 'library', 'bom-ref': 'smallvec', name: 'smallvec', version: '0.6.2', purl: 'pkg:cargo/smallvec@0.6.2' },
    { type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.2.11' },
  ],
};

before(async () => {
  server = await startServer({ demo: true, users: [USERS.vendor, USERS.user] });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'proven-e2e-sbom-'));
  const osv = path.join(tmp, 'osv');
  await fs.mkdir(osv);
  for (const r of ['go/GO-2022-0344.json', 'pypa/PYSEC-2019-16.json', 'rustsec/RUSTSEC-2018-0003.json']) {
    await fs.copyFile(path.join(FIXTURES, 'osv', r), path.join(osv, path.basename(r)));
  }
  const { stdout } = await execFileP(BINARY, ['osv', 'import', osv, '--db', server.db]);
  assert.match(stdout, /3 added/);
  sbomFile = path.join(tmp, 'airwatch-3.2.cdx.json');
  await fs.writeFile(sbomFile, JSON.stringify(SBOM, null, 2));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function noViolations(page) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], describeViolations(page.url(), violations));
}

test('the vendor registers an SBOM, reads its findings and states not affected; the user company follows it', async () => {
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await signIn(page, server.baseUrl, USERS.vendor);
  await page.goto(`${server.baseUrl}/products/1`);
  await page.getByTestId('vendor-sbom-link').click();
  await page.waitForURL(/\/vendor\/products\/1\/sboms$/);
  assert.equal(await page.getByTestId('sboms-none').count(), 1);
  await noViolations(page);

  // A file that is not an SBOM is refused on the page, naming the problem; nothing is registered.
  const bad = path.join(tmp, 'bad.json');
  await fs.writeFile(bad, JSON.stringify({ ...SBOM, components: [{ type: 'librar', name: 'x' }] }));
  await page.getByTestId('sbom-release').fill('3.1');
  await page.getByTestId('sbom-file').setInputFiles(bad);
  await page.getByTestId('sbom-submit').click();
  assert.match(await page.getByTestId('form-error').textContent(), /\/components\/0\/type/);
  assert.equal(await page.getByTestId('sboms-none').count(), 1);

  await page.getByTestId('sbom-release').fill('3.2');
  await page.getByTestId('sbom-file').setInputFiles(sbomFile);
  await page.getByTestId('sbom-submit').click();
  await waitForNotice(page, 'SBOM を登録しました（コンポーネント 4 件、検出 3 件）。');
  assert.match(page.url(), /\/products\/1\/sboms\/\d+$/);
  const reportUrl = page.url();
  const ids = await page.getByTestId('finding-id').allTextContents();
  assert.deepEqual(ids.sort(), ['GO-2022-0344', 'PYSEC-2019-16', 'RUSTSEC-2018-0003']);
  const django = page.locator('[data-testid="finding"][data-id="PYSEC-2019-16"]');
  assert.equal(await django.getByTestId('finding-range').textContent(), 'vers:pypi/>=2.2|<2.2.9');
  assert.match(await django.textContent(), /pep440/);
  const smallvec = page.locator('[data-testid="finding"][data-id="RUSTSEC-2018-0003"]');
  assert.match(await smallvec.getByTestId('finding-range').textContent(), />=0\.6\.0-0\|<0\.6\.3/);
  assert.match(await page.getByTestId('unmatched').textContent(), /zlib[\s\S]*purl がない/);
  assert.match(await page.getByTestId('sbom-counts').textContent(), /検出 3 件（未対応 3 件）/);
  await noViolations(page);

  // "Not affected" for Django's finding, from its row.
  await django.getByTestId('vex-status').selectOption('not_affected');
  await django.getByTestId('vex-justification').selectOption('vulnerable_code_not_in_execute_path');
  await django.getByTestId('vex-state').click();
  await waitForNotice(page, '「影響なし」と表明しました');
  assert.equal(await page.locator('[data-testid="finding"][data-id="PYSEC-2019-16"]').getByTestId('finding-statement').getAttribute('data-status'), 'not_affected');
  assert.match(await page.getByTestId('sbom-counts').textContent(), /未対応 2 件/);
  assert.deepEqual(watch.problems(), []);
  await context.close();

  // The user company adds the product from its page and sees the open count and the statement.
  const user = await newPage(browser);
  const userWatch = watchPage(user.page);
  await signIn(user.page, server.baseUrl, USERS.user);
  await user.page.goto(`${server.baseUrl}/products/1`);
  await user.page.getByTestId('portfolio-add-link').click();
  await user.page.getByTestId('portfolio-add-button').click();
  await waitForNotice(user.page, '利用製品に登録しました。');
  const item = user.page.locator('[data-testid="portfolio-item"][data-product="1"]');
  assert.equal(await item.getByTestId('portfolio-open').textContent(), '2');
  await noViolations(user.page);
  await item.getByTestId('portfolio-sbom').click();
  assert.equal(user.page.url(), reportUrl);
  assert.equal(await user.page.locator('[data-testid="finding"][data-id="PYSEC-2019-16"]').getByTestId('finding-statement').textContent(), '影響なし');
  assert.equal(await user.page.getByTestId('vex-form').count(), 0, 'only the vendor states');
  assert.deepEqual(userWatch.problems(), []);
  await user.context.close();
});
