// Issue 13: every page fits a phone (390 px) and a desktop (1280 px) in both languages, with one
// h1; and the specific defects seen on the public pages stay fixed (filters folded behind a
// button on phones, 北海道 once, no healthz link, the Atom feed linked, badges on one line, the
// English chart labels inside the chart, compare, filter chips, "valid on", the account's links folded
// on phones).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, apiGet, overflowProblems, publicPages, signIn, STAFF_PAGES, USERS, VIEWPORTS,
} from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: true, users: Object.values(USERS) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Loads each page in both languages at both widths: no sideways scrolling, exactly one h1.
async function checkPages(urls, user) {
  const failures = [];
  for (const [name, options] of Object.entries(VIEWPORTS)) {
    const { context, page } = await newPage(browser, options);
    try {
      if (user) await signIn(page, server.baseUrl, user);
      for (const url of urls) {
        for (const lang of ['ja', 'en']) {
          const full = `${server.baseUrl}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`;
          const res = await page.goto(full);
          if (res.status() >= 400) failures.push(`${name} ${url} ${lang}: HTTP ${res.status()}`);
          const h1 = await page.locator('h1').count();
          if (h1 !== 1) failures.push(`${name} ${url} ${lang}: ${h1} h1 elements`);
          for (const p of await overflowProblems(page)) failures.push(`${name} ${url} ${lang}: ${p}`);
        }
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
}

test('public pages: no horizontal overflow at 1280 and 390 px, one h1, in Japanese and English', async () => {
  await checkPages(await publicPages(server.baseUrl));
});

for (const role of ['admin', 'registrar', 'vendor', 'user']) {
  test(`${role} pages: no horizontal overflow at 1280 and 390 px, one h1, in Japanese and English`, async () => {
    await checkPages(STAFF_PAGES[role], USERS[role]);
  });
}

test('phone: a signed-in account\'s links fold behind its address; desktop shows them in the header', async () => {
  for (const [name, options] of [['desktop', VIEWPORTS.desktop], ['phone', VIEWPORTS.phone]]) {
    const { context, page } = await newPage(browser, options);
    try {
      await signIn(page, server.baseUrl, USERS.registrar);
      await page.goto(`${server.baseUrl}/services?lang=ja`);
      const logout = page.getByTestId('logout');
      const toggle = page.locator('summary.account-toggle');
      if (name === 'desktop') {
        assert.ok(await logout.isVisible(), 'desktop: the links are in the header');
        assert.equal(await toggle.isVisible(), false);
        continue;
      }
      assert.equal(await logout.isVisible(), false, 'phone: folded');
      assert.match(await toggle.textContent(), new RegExp(USERS.registrar.email.replace('.', '\\.')));
      const before = (await page.locator('main').boundingBox()).y;
      await toggle.click();
      assert.ok(await logout.isVisible(), 'one tap shows them');
      await Promise.all([page.waitForURL(/\/registrar$/), page.getByRole('link', { name: '登録機関メニュー' }).click()]);
      assert.equal(await page.getByTestId('logout').isVisible(), false, 'folded again on the next page');
      assert.ok(before < 400, `the page's content starts near the top (y=${before})`);
    } finally {
      await context.close();
    }
  }
});

test('phone: the results come first, the filters open from a button; desktop shows the form', async () => {
  const url = `${server.baseUrl}/services?region=${encodeURIComponent('北海道')}`;
  const phone = await newPage(browser, VIEWPORTS.phone);
  try {
    const { page } = phone;
    await page.goto(url);
    const toggle = page.getByTestId('filters-toggle');
    assert.ok(await toggle.isVisible(), 'a button opens the filters');
    assert.match(await toggle.textContent(), /条件で絞り込む \(1\)/, 'the button counts the conditions in force');
    assert.equal(await page.getByRole('search').isVisible(), false, 'the form is folded');
    const total = await page.getByTestId('total').boundingBox();
    assert.ok(total.y < 844, `the result count is on the first screen (y=${total.y})`);
    const firstResult = await page.getByTestId('result').first().boundingBox();
    assert.ok(firstResult.y > total.y);
    await toggle.click();
    assert.ok(await page.getByRole('search').isVisible(), 'the button unfolds the form');
    assert.ok((await page.getByRole('search').boundingBox()).y < total.y + 1000);
  } finally {
    await phone.context.close();
  }
  const desktop = await newPage(browser, VIEWPORTS.desktop);
  try {
    const { page } = desktop;
    await page.goto(url);
    assert.equal(await page.getByTestId('filters-toggle').isVisible(), false, 'no button on a desktop');
    assert.ok(await page.getByRole('search').isVisible(), 'the form is shown beside the results');
  } finally {
    await desktop.context.close();
  }
});

test('the region list has 北海道 once and explains 日本全国; no healthz in the footer; feeds linked', async () => {
  const { context, page } = await newPage(browser, VIEWPORTS.desktop);
  try {
    await page.goto(`${server.baseUrl}/services`);
    assert.equal(await page.locator('#region option', { hasText: /^北海道$/ }).count(), 1);
    const hint = await page.locator('#region').getAttribute('aria-describedby');
    assert.match(await page.locator(`#${hint}`).textContent(), /日本全国/);
    for (const [url, feed] of [['/', '/feeds/services.atom'], ['/services', '/feeds/services.atom'],
      ['/stats', '/feeds/services.atom'], ['/calls', '/feeds/calls.atom'], ['/events', '/feeds/events.atom']]) {
      await page.goto(`${server.baseUrl}${url}`);
      assert.equal(await page.locator('footer a[href="/healthz"]').count(), 0, `${url}: no healthz link`);
      assert.equal(await page.locator(`link[rel="alternate"][type="application/atom+xml"][href="${feed}"]`).count(), 1,
        `${url}: <link rel="alternate"> to ${feed}`);
    }
    for (const url of ['/', '/services']) {
      await page.goto(`${server.baseUrl}${url}`);
      assert.equal(await page.getByTestId('feed-link').getAttribute('href'), '/feeds/services.atom', `${url}: a visible feed link`);
      assert.ok(await page.getByTestId('feed-link').isVisible());
    }
    const feed = await fetch(`${server.baseUrl}/feeds/services.atom`);
    assert.equal(feed.status, 200);
  } finally {
    await context.close();
  }
});

test('phone: a status badge stays on one line; English /stats chart labels are inside the chart', async () => {
  const { context, page } = await newPage(browser, VIEWPORTS.phone);
  try {
    await page.goto(`${server.baseUrl}/services?status=all&lang=ja`);
    const badges = page.locator('.result .badge[class*="status-"]');
    assert.ok(await badges.count() > 0, 'some results have a status badge');
    for (const lines of await badges.evaluateAll((els) => els.map((e) => e.getClientRects().length))) {
      assert.equal(lines, 1, 'one line per badge');
    }
    const heights = await badges.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    const lineHeight = await badges.first().evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
    for (const h of heights) assert.ok(h < lineHeight * 1.6, `badge height ${h} is one line (${lineHeight})`);
  } finally {
    await context.close();
  }
  for (const [name, options, cls] of [['desktop', VIEWPORTS.desktop, 'chart-wide'], ['phone', VIEWPORTS.phone, 'chart-narrow']]) {
    const { context: c, page: p } = await newPage(browser, options);
    try {
      await p.goto(`${server.baseUrl}/stats?lang=en`);
      const charts = p.locator(`svg.${cls}`);
      assert.ok(await charts.count() >= 2, `${name}: the ${cls} charts`);
      const outside = await charts.evaluateAll((svgs) => svgs.flatMap((svg) => {
        const box = svg.viewBox.baseVal;
        return [...svg.querySelectorAll('.chart-label')].filter((t) => {
          const b = t.getBBox();
          return b.x < 0 || b.x + b.width > box.width + 0.5;
        }).map((t) => `${t.textContent} x=${t.getBBox().x.toFixed(1)} w=${t.getBBox().width.toFixed(1)} in ${box.width}`);
      }));
      assert.deepEqual(outside, [], `${name}: every label inside its chart`);
      assert.equal(await p.locator(`svg.chart:not(.${cls})`).evaluateAll((svgs) => svgs.filter((s) => s.getBoundingClientRect().height > 0).length), 0,
        `${name}: the other layout is hidden`);
      const size = await charts.first().evaluate((svg) => {
        const t = svg.querySelector('.chart-label');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale;
      });
      assert.ok(size >= 11, `${name}: chart labels readable (${size.toFixed(1)} px on screen)`);
    } finally {
      await c.close();
    }
  }
});

test('compare two to four services from the results, with clear errors otherwise, in both languages', async () => {
  const { context, page } = await newPage(browser, VIEWPORTS.desktop);
  try {
    const items = (await apiGet(server.baseUrl, '/api/v1/services?per_page=5')).items;
    await page.goto(`${server.baseUrl}/services`);
    await page.getByTestId(`compare-${items[0].id}`).check();
    await page.getByTestId(`compare-${items[1].id}`).check();
    await page.getByTestId('compare-submit').click();
    await page.waitForURL(/\/services\/compare\?/);
    assert.equal(await page.locator('h1').textContent(), 'サービスの比較');
    const heads = await page.locator('[data-testid="compare"] thead th a').allTextContents();
    assert.deepEqual(heads, [items[0].name, items[1].name]);
    assert.equal(await page.locator('[data-testid="compare"] th:empty, [data-testid="compare"] td:empty').count(), 0);

    await page.goto(`${server.baseUrl}/services`);
    await page.getByTestId(`compare-${items[0].id}`).check();
    await page.getByTestId('compare-submit').click();
    await page.waitForURL(/\/services\/compare/);
    assert.match(await page.getByTestId('error').textContent(), /2〜4 件.*1 件/);

    const five = items.map((i) => `ids=${i.id}`).join('&');
    let res = await page.goto(`${server.baseUrl}/services/compare?${five}&lang=en`);
    assert.equal(res.status(), 400);
    assert.match(await page.getByTestId('error').textContent(), /Select 2 to 4 services to compare \(5 selected\)/);
    res = await page.goto(`${server.baseUrl}/services/compare?ids=${items[0].id},999999&lang=en`);
    assert.equal(res.status(), 404);
    assert.match(await page.getByTestId('error').textContent(), /no service number 999999/);
    res = await page.goto(`${server.baseUrl}/services/compare?ids=${items[0].id}&ids=abc&lang=ja`);
    assert.equal(res.status(), 400);
    assert.match(await page.getByTestId('error').textContent(), /「abc」はサービスの番号ではありません/);
    res = await page.goto(`${server.baseUrl}/services/compare?ids=${items[0].id}&ids=${items[0].id}`);
    assert.equal(res.status(), 400);
  } finally {
    await context.close();
  }
});

test('chips name the conditions in force and remove one at a time; "valid on" is a date input', async () => {
  const { context, page } = await newPage(browser, VIEWPORTS.desktop);
  try {
    await page.goto(`${server.baseUrl}/services?type=vulnerability_assessment&region=${encodeURIComponent('関東')}&as_of=2025-04-01&lang=en`);
    const chips = page.getByTestId('chips');
    assert.deepEqual((await chips.locator('li > span').allTextContents()),
      ['Service type: Vulnerability assessment', 'Region served: Kanto', 'Valid on: 2025-04-01']);
    assert.equal(await page.locator('#as_of').getAttribute('type'), 'date');
    assert.equal(await page.locator('#as_of').inputValue(), '2025-04-01');
    const remove = page.getByRole('link', { name: 'Remove the condition "Region served: Kanto"' });
    await remove.click();
    await page.waitForURL((u) => !u.searchParams.has('region'));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('type'), 'vulnerability_assessment');
    assert.equal(url.searchParams.get('as_of'), '2025-04-01');
    assert.equal(await page.getByTestId('chips').locator('li').count(), 2);
    await page.getByTestId('chips-clear').click();
    await page.waitForURL((u) => u.pathname === '/services' && u.search === '');
    assert.equal(await page.getByTestId('chips').count(), 0);
    // The date picks the validity: a later date than the demo's expiries counts fewer valid services.
    const today = (await apiGet(server.baseUrl, '/api/v1/services')).total;
    await page.locator('#as_of').fill('2035-01-01');
    await page.getByRole('search').getByRole('button').click();
    await page.waitForURL(/as_of=2035-01-01/);
    const later = (await apiGet(server.baseUrl, '/api/v1/services?as_of=2035-01-01')).total;
    assert.ok(later < today);
    assert.match(await page.getByTestId('total').textContent(), new RegExp(`\\b${later}\\b`));
  } finally {
    await context.close();
  }
});
