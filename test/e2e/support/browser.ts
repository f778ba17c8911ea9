/**
 * Debian's Chromium driven by playwright-core, headless, with a page that records every console error,
 * page error, failed request and CSP violation (the `securitypolicyviolation` event, listened to from an
 * init script so even violations during start-up are caught).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './paths.js';

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  failedRequests: string[];
}

/** Waits (up to `timeoutMs`) for the Chromium binary, which apt may still be installing. */
export async function waitForChromium(timeoutMs = 240_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(CHROMIUM)) {
    if (Date.now() > deadline) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = await waitForChromium();
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function openPage(
  browser: Browser,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [], failedRequests: [] };
  await page.exposeFunction('__reportCsp', (text: string) => problems.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __reportCsp?: (t: string) => void };
      w.__reportCsp?.(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
    if (/Content Security Policy/i.test(msg.text())) problems.cspViolations.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => {
    const url = req.url();
    // Downloads through blob: URLs report as aborted navigations; they are not failures.
    if (!url.startsWith('blob:')) problems.failedRequests.push(`${url}: ${req.failure()?.errorText ?? 'failed'}`);
  });
  return { context, page, problems };
}
