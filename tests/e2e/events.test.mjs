// The collaboration platform's events in the browser (issue 11): the admin creates and publishes a
// meeting with one seat; a vendor offers a consultation slot; user A registers (with the networking
// session), sees the check-in code and its QR code and books the slot; user B is waitlisted; A
// cancels after a confirmation page and B's page shows a seat; the admin checks B in by the code
// the QR code points to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, watchPage, waitForNotice } from './support.mjs';

const PASSWORD = 'events passphrase 2026';
const ADMIN = { email: 'admin@events.example.jp', password: PASSWORD, roles: ['admin'] };
const VENDOR = { email: 'sales@vendor.example.jp', password: PASSWORD, roles: ['vendor'], org: '株式会社イベントテスト（架空）' };
const A = { email: 'a@user.example.jp', password: PASSWORD, roles: ['user'], org: '株式会社エー（架空）' };
const B = { email: 'b@user.example.jp', password: PASSWORD, roles: ['user'], org: '株式会社ビー（架空）' };

// A datetime-local value in Japan time, `days` from now.
function jst(days) {
  return new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 16);
}

let server;
let browser;
before(async () => {
  server = await startServer({ users: [ADMIN, VENDOR, A, B] });
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

let eventId;
let eventStart;
const registrations = {};

test('the admin creates a meeting as a draft and publishes it', async () => {
  const { context, page } = await signIn(ADMIN);
  const watch = watchPage(page);
  await page.getByTestId('nav-admin-events').click();
  await page.waitForURL(/\/admin\/events$/);
  eventStart = jst(30);
  await page.getByTestId('f-number').fill('17');
  await page.getByTestId('f-theme').fill('サプライチェーンのセキュリティ');
  await page.getByTestId('f-starts').fill(eventStart);
  await page.getByTestId('f-ends').fill(jst(30.2));
  await page.getByTestId('f-venue').fill('東京都文京区本駒込2-28-8');
  await page.getByTestId('f-capacity').fill('1');
  await page.getByTestId('f-networking').fill('1');
  await page.getByTestId('f-opens').fill(jst(-1));
  await page.getByTestId('f-closes').fill(jst(29));
  await page.locator('input[name=talk_title_0]').fill('政策の最新動向');
  await page.locator('input[name=talk_speaker_0]').fill('デモ 太郎');
  await page.getByTestId('event-submit').click();
  await waitForNotice(page, 'イベントを下書きとして作成しました。内容を確認して公開してください。');
  eventId = /\/admin\/events\/(\d+)/.exec(page.url())[1];
  assert.equal(await page.getByTestId('event-state').getAttribute('data-state'), 'draft');
  await page.getByTestId('event-publish').click();
  await waitForNotice(page, 'イベントを公開しました。');
  assert.equal(await page.getByTestId('event-state').getAttribute('data-state'), 'published');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('a vendor offers a consultation slot on the event page', async () => {
  const { context, page } = await signIn(VENDOR);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/events/${eventId}`);
  // Within the meeting: an hour after it starts, for twenty minutes.
  const start = new Date(`${eventStart}:00+09:00`).getTime();
  const local = (t) => new Date(t + 9 * 3_600_000).toISOString().slice(0, 16);
  await page.getByTestId('slot-starts').fill(local(start + 3_600_000));
  await page.getByTestId('slot-ends').fill(local(start + 4_800_000));
  await page.getByTestId('slot-offer-submit').click();
  await waitForNotice(page, '相談枠を追加しました。');
  assert.equal(await page.getByTestId('slot-row').count(), 1);
  assert.equal(await page.getByTestId('slot-row').getAttribute('data-state'), 'free');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('A registers, sees the check-in code with its QR code, and books the slot', async () => {
  const { context, page } = await signIn(A);
  const watch = watchPage(page);
  await page.getByTestId('nav-events').click();
  await page.waitForURL(/\/events$/);
  await page.getByTestId('event-link').filter({ hasText: '第17回' }).click();
  await page.waitForURL(new RegExp(`/events/${eventId}$`));
  assert.match(await page.getByTestId('event-when').textContent(), /JST/);
  await page.getByTestId('register-networking').check();
  await page.getByTestId('register-submit').click();
  await waitForNotice(page, 'お申し込みを受け付けました。確認のメールを送ります。');
  registrations.a = /\/registrations\/(\d+)/.exec(page.url())[1];
  assert.equal(await page.getByTestId('registration-status').getAttribute('data-seat'), 'registered');
  assert.match(await page.getByTestId('checkin-code').textContent(), /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const qr = page.getByTestId('checkin-qr').locator('svg');
  assert.equal(await qr.getAttribute('role'), 'img');
  assert.match(await qr.getAttribute('aria-label'), /QR/);
  // The slot, now that A has a seat.
  await page.goto(`${server.baseUrl}/events/${eventId}`);
  await page.getByTestId('slot-row').getByLabel('相談したいこと（任意）').fill('取引先から求められる対策');
  await page.getByTestId('slot-book').click();
  await waitForNotice(page, '個別相談を予約しました。');
  assert.equal(await page.getByTestId('slot-row').getAttribute('data-state'), 'yours');
  assert.deepEqual(watch.problems(), []);
  await context.close();
});

test('B, on the waitlist, moves up when A cancels', async () => {
  const b = await signIn(B);
  const watchB = watchPage(b.page);
  await b.page.goto(`${server.baseUrl}/events/${eventId}`);
  // B sees the slot taken, not by whom, and no book form (no seat).
  assert.equal(await b.page.getByTestId('slot-row').getAttribute('data-state'), 'taken');
  assert.equal(await b.page.getByTestId('slot-book').count(), 0);
  await b.page.getByTestId('register-submit').click();
  await waitForNotice(b.page, '定員に達しているため、キャンセル待ちで受け付けました。');
  registrations.b = /\/registrations\/(\d+)/.exec(b.page.url())[1];
  assert.equal(await b.page.getByTestId('registration-status').getAttribute('data-seat'), 'waitlisted');
  assert.match(await b.page.getByTestId('registration-queue').textContent(), /1 番目/);

  const a = await signIn(A);
  const watchA = watchPage(a.page);
  await a.page.goto(`${server.baseUrl}/registrations/${registrations.a}`);
  await a.page.getByTestId('registration-cancel-link').click();
  await a.page.waitForURL(/\/cancel$/);
  assert.match(await a.page.getByTestId('cancel-consequences').textContent(), /繰り上がり/);
  await a.page.getByTestId('registration-cancel-confirm').click();
  await waitForNotice(a.page, 'お申し込みを取り消しました。');
  assert.equal(await a.page.getByTestId('registration-status').getAttribute('data-seat'), 'cancelled');
  assert.equal(await a.page.getByTestId('checkin-code').count(), 0);

  await b.page.goto(`${server.baseUrl}/registrations/${registrations.b}`);
  assert.equal(await b.page.getByTestId('registration-status').getAttribute('data-seat'), 'registered');
  assert.equal(await b.page.getByTestId('registration-queue').count(), 0);
  registrations.bCode = (await b.page.getByTestId('checkin-code').textContent()).trim();
  // The freed slot can be booked again, by B now.
  await b.page.goto(`${server.baseUrl}/events/${eventId}`);
  assert.equal(await b.page.getByTestId('slot-row').getAttribute('data-state'), 'free');
  assert.deepEqual(watchA.problems(), []);
  assert.deepEqual(watchB.problems(), []);
  await a.context.close();
  await b.context.close();
});

test('a staff phone scans B\'s QR code, signs in, lands on the desk and checks B in', async () => {
  // The address the QR code holds, opened by a browser that is not signed in yet.
  const { context, page } = await newPage(browser);
  const watch = watchPage(page);
  await page.goto(`${server.baseUrl}/admin/events/${eventId}/checkin?code=${registrations.bCode}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('メールアドレス').fill(ADMIN.email);
  await page.getByLabel('パスワード', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(new RegExp(`/admin/events/${eventId}/checkin\\?code=`));
  assert.equal((await page.getByTestId('checkin-email').textContent()).trim(), B.email);
  await page.getByTestId('checkin-record').click();
  await waitForNotice(page, '出席を記録しました。');
  assert.match(await page.getByTestId('checkin-counts').textContent(), /出席 1 名 \/ 参加確定 1 名/);
  assert.equal(await page.getByTestId('checkin-already').count(), 1);
  // The registrations in queue order; a code typed the way people type it finds B, checked in already.
  await page.goto(`${server.baseUrl}/admin/events/${eventId}`);
  assert.deepEqual(
    await page.getByTestId('registration-row').evaluateAll((rows) => rows.map((r) => r.dataset.seat)),
    ['cancelled', 'registered']);
  await page.getByTestId('checkin-link').click();
  await page.waitForURL(/\/checkin$/);
  await page.getByTestId('checkin-code-input').fill(registrations.bCode.replace('-', '').toLowerCase());
  await page.getByTestId('checkin-lookup-submit').click();
  assert.equal((await page.getByTestId('checkin-email').textContent()).trim(), B.email);
  assert.equal(await page.getByTestId('checkin-already').count(), 1);
  assert.equal(await page.getByTestId('checkin-record').count(), 0);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
