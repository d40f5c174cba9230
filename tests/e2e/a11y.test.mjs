// Issue 13: axe-core finds no WCAG 2.1 A/AA violations (nor the landmark, table-header, one-main
// and one-h1 best practices) on the public pages, in Japanese and English, at desktop width;
// a few pages also at phone width (reflow). Staff pages: a11y_staff.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, axeViolations, describeViolations, publicPages, VIEWPORTS,
} from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(urls, viewport, langs = ['ja', 'en']) {
  const { context, page } = await newPage(browser, viewport);
  const found = [];
  try {
    for (const url of urls) {
      for (const lang of langs) {
        const full = `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`;
        await page.goto(`${server.baseUrl}${full}`);
        const v = await axeViolations(page);
        if (v.length) found.push(describeViolations(full, v));
      }
    }
  } finally {
    await context.close();
  }
  assert.equal(found.join('\n'), '', 'axe violations');
}

test('public pages have no axe violations (WCAG 2.1 AA) in Japanese and English', async () => {
  const pages = await publicPages(server.baseUrl);
  await check([...pages, '/services/999999', '/services/compare?ids=1'], VIEWPORTS.desktop);
});

test('the search, a service, the comparison and the statistics have none at phone width either', async () => {
  const pages = await publicPages(server.baseUrl);
  await check(pages.filter((p) => /^\/(services|stats|$)/.test(p) || p === '/'), VIEWPORTS.phone, ['ja']);
});

test('the check finds what it looks for: an unlabelled choice, content outside landmarks', async () => {
  const { context, page } = await newPage(browser, VIEWPORTS.desktop);
  try {
    await page.goto(`${server.baseUrl}/services`);
    await page.evaluate(() => {
      document.querySelector('label[for="sort"]').remove();
      const stray = document.createElement('p');
      stray.textContent = 'outside every landmark';
      document.body.append(stray);
    });
    const ids = (await axeViolations(page)).map((v) => v.id);
    assert.ok(ids.includes('select-name'), `select-name found (${ids})`);
    assert.ok(ids.includes('region'), `region found (${ids})`);
  } finally {
    await context.close();
  }
});
