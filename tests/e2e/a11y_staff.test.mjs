// Issue 13: axe-core finds no WCAG 2.1 A/AA violations (nor the landmark, table-header, one-main
// and one-h1 best practices) on the signed-in pages of each role, in Japanese and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, axeViolations, describeViolations, signIn, STAFF_PAGES, USERS, VIEWPORTS,
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

for (const role of Object.keys(STAFF_PAGES)) {
  test(`${role}: no axe violations on the role's pages, in Japanese and English`, async () => {
    const { context, page } = await newPage(browser, VIEWPORTS.desktop);
    const found = [];
    try {
      await signIn(page, server.baseUrl, USERS[role]);
      for (const url of STAFF_PAGES[role]) {
        for (const lang of ['ja', 'en']) {
          const full = `${url}?lang=${lang}`;
          await page.goto(`${server.baseUrl}${full}`);
          const v = await axeViolations(page);
          if (v.length) found.push(describeViolations(full, v));
        }
      }
    } finally {
      await context.close();
    }
    assert.equal(found.join('\n'), '', 'axe violations');
  });
}
