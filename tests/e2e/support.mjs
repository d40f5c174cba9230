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
export async function startServer({ sampleData = true, csv = DEMO_CSV, users = [] } = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'proven-e2e-'));
  const db = path.join(dir, 'proven.sqlite');
  let child;
  try {
    await run(['migrate', '--db', db]);
    await run(['import', 'services', csv, '--db', db, ...(sampleData ? ['--sample-data'] : [])]);
    for (const u of users) {
      const args = ['user', 'add', u.email, ...u.roles.flatMap((r) => ['--role', r]), '--db', db];
      if (u.org) args.push('--org', u.org);
      await runWithInput(args, `${u.password}\n`);
    }

    child = spawn(BINARY, ['serve', '--db', db, '--port', '0', '--today', TODAY], {
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
