/**
 * End to end, in Debian's Chromium: the names-char preset picked in the UI shows the names dataset's facts
 * (source, licence, size, dropped names, balance) and its text options, and trains for a few steps; the run on
 * disk carries the character tokenisation. No console errors, page errors or CSP violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunRecord } from '../../src/contract/run-record.js';
import { assertCliBuilt, ensureRendererBuilt } from './support/build.js';
import { launchChromium, openPage, type PageProblems } from './support/browser.js';
import { startServe, type ServeHandle } from './support/server.js';

let serve: ServeHandle;
let runsDir: string;
let cacheDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;
const oldCache = process.env.LSTM_STUDIO_CACHE_DIR;

beforeAll(async () => {
  assertCliBuilt();
  await ensureRendererBuilt();
  runsDir = await mkdtemp(path.join(tmpdir(), 'lstm-studio-e2e-text-'));
  cacheDir = await mkdtemp(path.join(tmpdir(), 'lstm-studio-e2e-cache-'));
  process.env.LSTM_STUDIO_CACHE_DIR = cacheDir; // the served host and its training children inherit it
  serve = await startServe(runsDir);
  browser = await launchChromium();
  ({ context, page, problems } = await openPage(browser, 'light'));
}, 240_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await serve?.stop();
  if (oldCache === undefined) delete process.env.LSTM_STUDIO_CACHE_DIR;
  else process.env.LSTM_STUDIO_CACHE_DIR = oldCache;
  for (const d of [runsDir, cacheDir]) if (d) await rm(d, { recursive: true, force: true });
}, 60_000);

describe('names-char in the studio UI', () => {
  it('shows the dataset facts and text options of the preset', async () => {
    await page.goto(serve.url);
    await page.waitForSelector('[data-connection="ready"]', { timeout: 30_000 });
    await page.selectOption('#cfg-preset', 'names-char');
    expect(await page.inputValue('#cfg-dataset')).toBe('names');
    expect(await page.inputValue('#cfg-tokenize')).toBe('char');
    const facts = page.locator('#cfg-dataset-facts');
    await expect.poll(() => facts.textContent()).toContain('419 in both lists are dropped');
    const text = (await facts.textContent()) ?? '';
    expect(text).toContain('Apache-2.0');
    expect(text).toContain('4,525 female / 3,478 male');
    // Another dataset, other facts.
    await page.selectOption('#cfg-dataset', 'imdb');
    await expect.poll(() => facts.textContent()).toContain('25,000 negative / 25,000 positive');
    // A typed-in spec is looked up through the datasetInfo API method.
    await page.selectOption('#cfg-dataset', '__custom__');
    await page.fill('#cfg-spec', 'spam');
    await expect.poll(() => page.locator('#cfg-dataset-facts').textContent(), { timeout: 10_000 }).toContain('4,150 ham / 1,896 spam');
    await page.selectOption('#cfg-dataset', 'mnist');
    expect(await page.locator('#cfg-tokenize').count()).toBe(0);
    await page.selectOption('#cfg-preset', 'names-char');
  }, 60_000);

  it('trains it for a few steps and records the character tokenisation', async () => {
    await page.fill('#cfg-max-steps', '6');
    await page.fill('#cfg-eval-every', '3');
    await page.fill('#cfg-test-limit', '200');
    await page.selectOption('#cfg-backend', 'wasm');
    await page.click('[data-testid="start-train"]');
    await page.waitForSelector('[data-testid="train-view"][data-run-id]', { timeout: 30_000 });
    const id = (await page.locator('[data-testid="train-view"]').getAttribute('data-run-id')) ?? '';
    await page.waitForSelector('[data-testid="train-view"][data-status="completed"]', { timeout: 90_000 });
    const record = JSON.parse(await readFile(path.join(runsDir, id, 'run.json'), 'utf8')) as RunRecord;
    expect(record.config.data).toMatchObject({ dataset: 'names', tokenize: 'char' });
    expect(record.final?.steps).toBe(6);
    expect(record.preset).toBe('names-char');
  }, 120_000);

  it('recorded zero console errors, page errors and CSP violations', () => {
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});
