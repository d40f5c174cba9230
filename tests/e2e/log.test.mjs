// The transparency log in the browser (issue 12): a service's page names its entry in the public
// log with a QR code; following the link opens the entry's page (its proof and the signed
// checkpoint); the record bundle downloads as proven-record-<index>.json, and what is in it is
// checked here with an implementation of our own (Node's SHA-256 and Ed25519, the RFC 9162
// inclusion algorithm), not the server's. The /log page is reachable from every page's footer.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, launchBrowser, newPage, watchPage, apiGet, BINARY } from './support.mjs';

const run = promisify(execFile);

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The demo's services get their leaves when the server starts; wait for a checkpoint that covers them.
  const until = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(new URL('/api/v1/log/checkpoint', server.baseUrl));
    if (res.ok) break;
    if (Date.now() > until) throw new Error(`no signed checkpoint: HTTP ${res.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const sha256 = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (leaf) => sha256(Buffer.from([0]), Buffer.from(leaf, 'utf8'));
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

// RFC 9162 section 2.1.3.2: the root an inclusion proof leads to.
function rootFromInclusion(index, size, leaf, proof) {
  assert.ok(index < size, 'index within the tree');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    assert.ok(sn !== 0, 'the proof is not too long');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  assert.equal(sn, 0, 'the proof is not too short');
  return r;
}

// Opens a signed note with a verifier key line "<name>+<hex id>+<base64(0x01 ‖ key)>": returns the body.
function openNote(note, keyLine) {
  // The name holds no '+'; the base64 key may.
  const m0 = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(keyLine.trim());
  assert.ok(m0, `a verifier key line: ${keyLine}`);
  const [, name, hexId, b64] = m0;
  const raw = Buffer.from(b64, 'base64');
  assert.equal(raw[0], 1, 'an Ed25519 key');
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const split = note.indexOf('\n\n');
  assert.ok(split > 0, 'a body and signatures');
  const body = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const sig = Buffer.from(m[2], 'base64');
    if (sig.subarray(0, 4).toString('hex') !== hexId) continue;
    assert.ok(crypto.verify(null, Buffer.from(body, 'utf8'), publicKey, sig.subarray(4)), 'the signature verifies');
    return body;
  }
  throw new Error('no signature by the key');
}

test('a service page links its log entry, whose page proves it, and the bundle downloads and verifies', async () => {
  const { context, page } = await newPage(browser, { acceptDownloads: true });
  const watch = watchPage(page);
  try {
    const services = await apiGet(server.baseUrl, '/api/v1/services?per_page=1');
    const service = services.items[0];
    await page.goto(new URL(`/services/${service.id}`, server.baseUrl).href);
    const block = page.getByTestId('log-entry');
    await block.waitFor();
    const link = page.getByTestId('log-entry-link');
    const text = (await link.textContent()).trim();
    const m = /^公開ログのエントリー #(\d+)$/.exec(text);
    assert.ok(m, `the entry is named: ${text}`);
    const index = Number(m[1]);
    const qr = page.getByTestId('log-qr').locator('svg');
    assert.equal(await qr.getAttribute('role'), 'img');
    assert.match(await qr.getAttribute('aria-label'), new RegExp(`#${index}`), 'the QR code has an accessible name');

    await Promise.all([page.waitForURL(new URL(`/log/entries/${index}`, server.baseUrl).href), link.click()]);
    assert.equal((await page.getByTestId('log-entry-heading').textContent()).trim(), `公開ログのエントリー #${index}`);
    assert.equal((await page.getByTestId('log-entry-record-id').textContent()).trim(), String(service.id));
    assert.match(await page.getByTestId('log-entry-kind').getAttribute('data-kind'), /^service\./);
    await page.getByTestId('log-entry-record-link').waitFor();
    assert.equal(await page.getByTestId('log-entry-record-link').getAttribute('href'), `/services/${service.id}`);
    assert.equal((await page.getByTestId('log-entry-url').textContent()).trim(), new URL(`/log/entries/${index}`, server.baseUrl).href,
      'the QR code encodes the absolute address of the page');
    const leafShown = await page.getByTestId('log-entry-leaf').textContent();
    const noteShown = await page.getByTestId('checkpoint-note').textContent();

    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-bundle').click()]);
    assert.equal(await dl.failure(), null, 'the download completed');
    assert.equal(dl.suggestedFilename(), `proven-record-${index}.json`);
    const bundle = JSON.parse(await fs.readFile(await dl.path(), 'utf8'));
    assert.equal(bundle.format, 'proven-record-bundle/1');
    assert.equal(bundle.index, index);
    assert.equal(bundle.leaf, leafShown, 'the page shows the leaf that is hashed');
    const leaf = JSON.parse(bundle.leaf);
    assert.equal(leaf.id, service.id);
    assert.equal(leaf.record.name, service.name);

    // Offline: the checkpoint's signature with the published key, then the leaf's proof to its root.
    const keyLine = await (await fetch(new URL('/.well-known/proven-log-key', server.baseUrl))).text();
    const body = openNote(bundle.checkpoint, keyLine);
    const [origin, size, root] = body.split('\n');
    assert.equal(origin, keyLine.split('+')[0]);
    assert.equal(Number(size), bundle.size);
    const proof = bundle.hashes.map((h) => Buffer.from(h, 'base64'));
    const computed = rootFromInclusion(index, bundle.size, leafHash(bundle.leaf), proof);
    assert.equal(computed.toString('base64'), root, 'the leaf is in the signed tree');
    const forged = rootFromInclusion(index, bundle.size, leafHash(bundle.leaf.replace(service.name, 'x')), proof);
    assert.notEqual(forged.toString('base64'), root, 'an edited leaf is not');
    assert.ok(noteShown.startsWith(`${origin}\n`), 'the page shows the signed checkpoint');

    // And as the /log page tells a reader to: `proven verify` on the downloaded file, with the key
    // saved from /.well-known/proven-log-key; and `proven log verify` on the checkpoint and entries.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'proven-log-e2e-'));
    try {
      const keyFile = path.join(dir, 'KEY');
      await fs.writeFile(keyFile, keyLine);
      const recordFile = path.join(dir, dl.suggestedFilename());
      await dl.saveAs(recordFile);
      await run(BINARY, ['verify', recordFile, '--key', keyFile]);
      const tampered = path.join(dir, 'tampered.json');
      await fs.writeFile(tampered, JSON.stringify({ ...bundle, leaf: bundle.leaf.replace(service.name, 'x') }));
      await assert.rejects(run(BINARY, ['verify', tampered, '--key', keyFile]), 'an edited record fails');
      const checkpoint = await (await fetch(new URL('/api/v1/log/checkpoint', server.baseUrl))).text();
      const size = Number(checkpoint.split('\n')[1]);
      await fs.writeFile(path.join(dir, 'checkpoint.txt'), checkpoint);
      const entryArgs = [];
      for (let start = 0; start < size; start += 1000) {
        const res = await fetch(new URL(`/api/v1/log/entries?start=${start}&end=${Math.min(size, start + 1000)}`, server.baseUrl));
        assert.equal(res.status, 200);
        const file = path.join(dir, `entries-${start}.json`);
        await fs.writeFile(file, await res.text());
        entryArgs.push('--entries', file);
      }
      await run(BINARY, ['log', 'verify', '--key', keyFile, '--checkpoint', path.join(dir, 'checkpoint.txt'), ...entryArgs]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }

    // The log's page, from the footer: the key and how to verify offline.
    await page.getByTestId('footer-log').click();
    await page.waitForURL(new URL('/log', server.baseUrl).href);
    assert.equal((await page.getByTestId('verifier-key').textContent()).trim(), keyLine.trim());
    assert.match(await page.getByTestId('log-verify').textContent(), /proven verify RECORD\.json --key KEY/);
    assert.deepEqual(watch.problems(), []);
  } finally {
    await context.close();
  }
});

test('the pages are in English too', async () => {
  const { context, page } = await newPage(browser, { locale: 'en-US' });
  try {
    const services = await apiGet(server.baseUrl, '/api/v1/services?per_page=1');
    await page.goto(new URL(`/services/${services.items[0].id}?lang=en`, server.baseUrl).href);
    assert.match((await page.getByTestId('log-entry-link').textContent()).trim(), /^entry #\d+ of the public log$/);
    await page.goto(new URL('/log?lang=en', server.baseUrl).href);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Public log (transparency log)');
  } finally {
    await context.close();
  }
});
