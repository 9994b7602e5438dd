// Debian's chromium through playwright-core (no downloaded browser), plus
// small helpers for tests: fresh contexts and watching for page errors.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.KL_CHROMIUM || '/usr/bin/chromium';

/** Launches headless chromium. Playwright gives it a fresh user-data dir. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A fresh context (own cookies and storage) that accepts the server's
 * self-signed certificate. Returns { context, page, problems } where
 * `problems` collects uncaught page errors and CSP violations.
 */
export async function newPage(browser, { baseURL, permissions = [] } = {}) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    baseURL,
    locale: 'nl-NL',
    viewport: { width: 1280, height: 800 },
  });
  if (permissions.length && baseURL) await context.grantPermissions(permissions, { origin: baseURL });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  return { context, page, problems };
}
