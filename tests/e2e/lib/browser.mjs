// Debian's chromium through playwright-core (no downloaded browser), plus
// small helpers for tests: fresh contexts and watching for page errors.

import { createHash, X509Certificate } from 'node:crypto';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.KL_CHROMIUM || '/usr/bin/chromium';

/**
 * The SPKI hash (base64 SHA-256 of the public key) of a PEM certificate, for
 * launchBrowser's trustedSpki.
 */
export function spkiHash(certificatePem) {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Launches headless chromium. Playwright gives it a fresh user-data dir.
 * trustedSpki: certificates (spkiHash) chromium takes as valid. Contexts accept the
 * self-signed certificate anyway, but chromium caches nothing from a server whose
 * certificate it had to ignore: tests of caching trust it instead.
 */
export function launchBrowser({ trustedSpki = [] } = {}) {
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
      ...(trustedSpki.length ? [`--ignore-certificate-errors-spki-list=${trustedSpki.join(',')}`] : []),
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
