// Shared helpers for the browser tests.
//
// Each test file starts its own server on a free port (so `ctest -j` is safe):
//
//   let server, browser;
//   before(async () => { server = await startServer(); browser = await launchBrowser(); });
//   after(async () => { await browser?.close(); await server?.stop(); });
//
// CTest passes PROVEN_BINARY and PROVEN_SOURCE_DIR; the defaults let you run a file by hand:
//   node --test tests/e2e/search.test.mjs

import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const execFileP = promisify(execFile);

export const SOURCE_DIR =
  process.env.PROVEN_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const BINARY = process.env.PROVEN_BINARY || path.join(SOURCE_DIR, 'build', 'release', 'proven');
export const DEMO_CSV = path.join(SOURCE_DIR, 'data', 'demo', 'services.csv');
// The fixed "today" that makes validity (and so every count) deterministic.
export const TODAY = '2026-11-28';
// How long to wait for the server to print its listening line.
const STARTUP_TIMEOUT_MS = 15_000;

// Servers still running, killed if the test process exits without calling stop().
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

async function run(args) {
  try {
    return await execFileP(BINARY, args, { timeout: 30_000 });
  } catch (e) {
    if (typeof e.code === 'string') {
      throw new Error(`cannot run ${BINARY} (${e.code}): build it or set PROVEN_BINARY`);
    }
    throw new Error(`${BINARY} ${args.join(' ')} failed (exit ${e.code}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * Creates a fresh database with the demo data, starts `proven serve` on a free port and waits for
 * its "listening on" line. Returns { baseUrl, dir, stop() }; stop() SIGTERMs the server, waits for
 * it to exit and removes the temporary directory.
 */
// Runs the binary with `input` on standard input (passwords are never passed in argv).
function runWithInput(args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`proven ${args.join(' ')}: ${err}`))));
    child.stdin.end(input);
  });
}

// users: [{ email, password, roles: ['registrar'], org }]
// demo: also import the rest of the demo data as `make run` does (programme, consultations,
// events), so that every page has something to show.
// editions: dates (YYYY-MM-DD) of dated editions of the list to publish before serving (the server
// adds the month's own, dated TODAY).
export async function startServer({ sampleData = true, csv = DEMO_CSV, users = [], demo = false, editions = [], serveArgs = [] } = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'proven-e2e-'));
  const db = path.join(dir, 'proven.sqlite');
  let child;
  try {
    await run(['migrate', '--db', db]);
    await run(['import', 'services', csv, '--db', db, ...(sampleData ? ['--sample-data'] : [])]);
    if (demo) {
      const data = path.join(SOURCE_DIR, 'data', 'demo');
      await run(['import', 'programme', path.join(data, 'programme.json'), '--db', db]);
      await run(['import', 'consultations', path.join(data, 'consultations.json'), '--db', db,
        '--public-url', 'http://127.0.0.1']);
      await run(['import', 'events', path.join(data, 'events.json'), '--db', db]);
    }
    for (const date of editions) await run(['editions', 'publish', '--date', date, '--db', db]);
    for (const u of users) {
      const args = ['user', 'add', u.email, ...u.roles.flatMap((r) => ['--role', r]), '--db', db];
      if (u.org) args.push('--org', u.org);
      await runWithInput(args, `${u.password}\n`);
    }

    child = spawn(BINARY, ['serve', '--db', db, '--port', '0', '--today', TODAY, ...serveArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    exited.then(() => live.delete(child));

    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      // Keep only the tail: the server logs every request.
      stderr = (stderr + chunk).slice(-8000);
    });

    const baseUrl = await new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      const timer = setTimeout(() => reject(new Error(
        `proven serve did not print its listening line within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`)),
        STARTUP_TIMEOUT_MS);
      lines.on('line', (line) => {
        const m = /^listening on (http:\/\/\S+:\d+)$/.exec(line.trim());
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`proven serve exited before listening (code ${code}, signal ${signal})\n${stderr}`));
      });
    });

    let stopped;
    const stop = () => {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const { code, signal } = await exited;
        clearTimeout(kill);
        await fs.rm(dir, { recursive: true, force: true });
        if (code !== 0 && signal !== 'SIGTERM') {
          throw new Error(`proven serve ended with code ${code}, signal ${signal}\n${stderr}`);
        }
      })();
      return stopped;
    };
    return { baseUrl, dir, db, stop, stderr: () => stderr };
  } catch (e) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.PROVEN_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new context + page with short timeouts (a local server answers in milliseconds). */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'ja-JP', ...contextOptions });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Records what would show up as a problem in DevTools: console errors, uncaught exceptions, failed
 * requests and sub-resource responses with an error status. Call problems() after the page is done.
 * The main document's own status is not counted (error pages are tested on purpose).
 */
export function watchPage(page) {
  const found = [];
  // Documents loaded with an error status on purpose: Chromium logs "Failed to load resource" for them.
  const errorDocuments = new Set();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    if (errorDocuments.has(url) && msg.text().startsWith('Failed to load resource')) return;
    found.push(`console error: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => found.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '';
    // A favicon fetch cut short by the next navigation is the browser's business, not the page's.
    if (reason === 'net::ERR_ABORTED' && /\/favicon\.[0-9a-f]+\.svg$/.test(new URL(req.url()).pathname)) return;
    found.push(`request failed: ${req.url()} ${reason}`);
  });
  page.on('response', (res) => {
    const req = res.request();
    if (res.status() < 400) return;
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      errorDocuments.add(res.url());
    } else {
      found.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  return { problems: () => [...found] };
}

/** GET a JSON API path ("/api/v1/..."), asserting a 2xx. */
// Waits for the page a form POST redirected to and for its one-time notice (the session's flash,
// never in the URL) containing `text`. A notice this helper has already seen does not count, so that
// the same notice twice in a row waits for the second page.
export async function waitForNotice(page, text, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    let found = false;
    try {
      found = await page.evaluate((t) => {
        if (window.__provenNoticeSeen) return false;
        const n = document.querySelector('[data-testid="notice"]');
        if (!n || !n.textContent.includes(t)) return false;
        window.__provenNoticeSeen = true;
        return true;
      }, text);
    } catch {
      // The page is navigating: try again on the next one.
    }
    if (found) return;
    if (Date.now() > deadline) {
      const shown = await page.locator('[data-testid="notice"]').allTextContents().catch(() => []);
      throw new Error(`no notice containing "${text}" on ${page.url()} (notices: ${JSON.stringify(shown)})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function apiGet(baseUrl, pathAndQuery) {
  const res = await fetch(new URL(pathAndQuery, baseUrl));
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/** The API search URL for the same conditions as a page URL (its query string, minus lang). */
export function apiSearchPath(pageUrl) {
  const u = new URL(pageUrl);
  u.searchParams.delete('lang');
  const qs = u.searchParams.toString();
  return `/api/v1/services${qs ? `?${qs}` : ''}`;
}

/** The first whole number in a text ("検索結果 18 件" → 18). */
export function numberIn(text) {
  const m = /\d[\d,]*/.exec(text ?? '');
  if (!m) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(m[0].replaceAll(',', ''));
}

/**
 * RFC 4180 CSV parser: quoted fields may contain commas, doubled quotes and line breaks.
 * Returns an array of records (arrays of strings). A trailing line break does not make a record.
 */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => { record.push(field); field = ''; };
  const endRecord = () => { endField(); records.push(record); record = []; };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i += 1; continue;
      }
      field += c; i += 1; continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`CSV: quote inside an unquoted field at offset ${i}`);
      quoted = true; i += 1; continue;
    }
    if (c === ',') { endField(); i += 1; continue; }
    if (c === '\r' && text[i + 1] === '\n') { endRecord(); i += 2; continue; }
    if (c === '\n' || c === '\r') { endRecord(); i += 1; continue; }
    field += c; i += 1;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Where screenshots go (PROVEN_E2E_SHOTS, else /tmp/e2e-shots). */
export async function shotsDir() {
  const dir = process.env.PROVEN_E2E_SHOTS || path.join(os.tmpdir(), 'e2e-shots');
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

// ---- Layout and accessibility checks (issue 13) ----

/** The two widths every page is checked at: a desktop and a phone (iPhone 12–15 class, 390 px). */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

/** One account per role, for the staff pages (organisations as in the demo data). */
const STAFF_PASSWORD = 'layout and a11y passphrase 2026';
export const USERS = {
  admin: { email: 'admin@a11y.example.jp', password: STAFF_PASSWORD, roles: ['admin'] },
  registrar: { email: 'reg@a11y.example.jp', password: STAFF_PASSWORD, roles: ['registrar'],
    org: '一般社団法人サンプル情報セキュリティ審査機構' },
  vendor: { email: 'sales@airlink-giken.example', password: STAFF_PASSWORD, roles: ['vendor'],
    org: '株式会社エアリンク技研（架空）' },
  reviewer: { email: 'reviewer@a11y.example.jp', password: STAFF_PASSWORD, roles: ['reviewer'], org: '審査法人イ' },
  verifier: { email: 'verifier@a11y.example.jp', password: STAFF_PASSWORD, roles: ['verifier'], org: '検証ラボ' },
  user: { email: 'it@toto-seisakusho.example', password: STAFF_PASSWORD, roles: ['user'], org: '東都製作所（架空）' },
};

/** Signs `user` in through the login form (Japanese page); waits for the page after it. */
export async function signIn(page, baseUrl, user) {
  await page.goto(`${baseUrl}/login?lang=ja`);
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード', { exact: true }).fill(user.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'ログイン' }).click()]);
  if (await page.getByTestId('me').count() !== 1) throw new Error(`${user.email} could not sign in`);
}

/** The public pages, with ids taken from the API (the demo data of startServer({demo: true})). */
export async function publicPages(baseUrl) {
  const first = async (apiPath, key = 'items') => {
    try {
      const body = await apiGet(baseUrl, apiPath);
      const list = Array.isArray(body) ? body : body[key];
      return list?.[0]?.id;
    } catch { return undefined; }
  };
  const service = await first('/api/v1/services');
  const two = (await apiGet(baseUrl, '/api/v1/services?per_page=2')).items.map((s) => s.id);
  const pages = ['/', '/services', `/services?q=${encodeURIComponent('診断')}&region=${encodeURIComponent('関東')}&type=vulnerability_assessment`,
    `/services/${service}`, `/services/compare?ids=${two[0]}&ids=${two[1]}`, '/stats', '/needs', '/products',
    '/fields', '/fields/matrix', '/cases', '/events', '/calls', '/log', '/login',
    '/downloads', '/downloads/editions', '/providers', '/registration-bodies'];
  const { items: [one] } = await apiGet(baseUrl, '/api/v1/services?per_page=1');
  if (one) pages.push(`/providers?name=${encodeURIComponent(one.provider)}`);
  const { editions } = await apiGet(baseUrl, '/api/v1/editions');
  if (editions.length) pages.push(editions[0].changes);
  const product = await first('/api/v1/products');
  if (product) pages.push(`/products/${product}`);
  const event = await first('/api/v1/events');
  if (event) pages.push(`/events/${event}`);
  const call = await first('/api/v1/calls');
  if (call) pages.push(`/calls/${call}`);
  return pages;
}

/** A representative set of pages per signed-in role (lists and forms of each workspace). */
export const STAFF_PAGES = {
  admin: ['/admin/users', '/admin/audit', '/admin/mail', '/admin/calls', '/admin/events', '/admin/reports',
    '/verifications', '/needs/saved', '/account/password'],
  registrar: ['/registrar', '/registrar/services/new', '/registrar/expiring', '/account/password'],
  vendor: ['/vendor', '/vendor/applications', '/workspace/cases', '/consultations', '/vendor/products/1/sboms'],
  reviewer: ['/reviewer'],
  verifier: ['/verifications'],
  user: ['/needs/saved', '/workspace/cases', '/consultations', '/portfolio'],
};

/**
 * What makes a page scroll sideways: the document wider than the viewport, and the elements that
 * stick out on the right, unless an ancestor scrolls or clips them (a .table-scroll container).
 * Returns a list of readable problems (empty when the page fits).
 */
export async function overflowProblems(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`document is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    }
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
      }
      return false;
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
      el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 && !clipped(el)) {
        problems.push(`${name(el)} ends at ${Math.round(r.right)}px (${Math.round(r.right - width)}px too far)`);
        if (problems.length >= 10) break;
      }
    }
    return problems;
  });
}

let axeSource;
/**
 * axe-core's violations on the page: WCAG 2.0/2.1 A and AA, plus the best-practice rules the
 * registry promises (content in landmarks, header text, one main, one h1). Injected with
 * page.evaluate: the pages' CSP (script-src 'self') blocks an inline <script> tag. Opens every
 * <details> first (axe does not look inside closed ones).
 * Returns [{id, impact, help, targets}] (empty when none).
 */
export async function axeViolations(page) {
  axeSource ??= await fs.readFile(path.join(SOURCE_DIR, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const extra = ['region', 'empty-table-header', 'landmark-one-main', 'page-has-heading-one'];
  return page.evaluate(async (extraRules) => {
    // axe skips what a closed <details> holds (the folded filters, tables behind "show table"):
    // open them so that every control and table is checked.
    for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
    const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => extraRules.includes(v.id) || v.tags.some((t) => wcag.includes(t)))
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`) }));
  }, extra);
}

/** A readable list of violations for an assertion message. */
export function describeViolations(url, violations) {
  return violations.map((v) => `${url}: ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
}
