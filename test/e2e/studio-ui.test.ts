/**
 * End to end, in Debian's Chromium: `lstm-studio serve` on a temporary runs folder, the built renderer under
 * the host's strict CSP, real training runs (tiny MNIST), a comparison, the shape inspector and the runs list.
 * Every console error, page error and CSP violation of the session is recorded and must stay at zero.
 * Screenshots of the main views (light and dark) go to test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertCliBuilt, ensureRendererBuilt } from './support/build.js';
import { launchChromium, openPage, type PageProblems } from './support/browser.js';
import { SCREENSHOT_DIR } from './support/paths.js';
import { startServe, type ServeHandle } from './support/server.js';

/** A run small enough for two cores: 512 MNIST training images, 16 steps of 32 with Adam, evaluated every 4 steps. */
const TINY = { trainLimit: '512', testLimit: '128', hidden: '24', batch: '32', epochs: '1', maxSteps: '16', evalEvery: '4', lr: '0.01' };
const TINY_STEPS = 16;
const TINY_EVALS = 4;

let serve: ServeHandle;
let runsDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;
let trainedRunId = '';

async function attr(selector: string, name: string): Promise<string | null> {
  return page.locator(selector).first().getAttribute(name);
}

async function waitAttrAtLeast(selector: string, name: string, min: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n, m]) => Number(document.querySelector(sel as string)?.getAttribute(n as string) ?? 'NaN') >= (m as number),
    [selector, name, min] as const,
    { timeout },
  );
}

/** Screenshots the page in light and dark (the theme follows prefers-color-scheme). */
async function shoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(450); // charts redraw with the new theme (throttled to 4 per second)
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function fillTinyConfig(): Promise<void> {
  await page.selectOption('#cfg-dataset', 'mnist');
  await page.fill('#cfg-train-limit', TINY.trainLimit);
  await page.fill('#cfg-test-limit', TINY.testLimit);
  await page.fill('#cfg-hidden', TINY.hidden);
  await page.fill('#cfg-batch', TINY.batch);
  await page.fill('#cfg-epochs', TINY.epochs);
  await page.fill('#cfg-max-steps', TINY.maxSteps);
  await page.fill('#cfg-eval-every', TINY.evalEvery);
  await page.selectOption('#cfg-optimizer', 'adam');
  await page.fill('#cfg-lr', TINY.lr);
}

beforeAll(async () => {
  assertCliBuilt();
  await ensureRendererBuilt();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  runsDir = await mkdtemp(path.join(tmpdir(), 'lstm-studio-e2e-'));
  serve = await startServe(runsDir);
  browser = await launchChromium();
  ({ context, page, problems } = await openPage(browser, 'light'));
}, 240_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await serve?.stop();
  if (runsDir) await rm(runsDir, { recursive: true, force: true });
}, 60_000);

describe('studio UI in Chromium (lstm-studio serve)', () => {
  it('loads under the strict CSP and shows backends and presets from getInfo', async () => {
    const res = await page.goto(serve.url);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    await page.waitForSelector('[data-connection="ready"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="backend-chip"]').textContent()).toMatch(/(tensorflow|wasm|cpu) · (GPU|CPU)/);
    const presets = await page.locator('#cfg-preset option').count();
    expect(presets).toBeGreaterThan(1);
    // The views are tabs: arrow keys move between them.
    await page.focus('[data-testid="tab-train"]');
    await page.keyboard.press('ArrowRight');
    expect(await attr('[data-testid="tab-compare"]', 'aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await attr('[data-testid="tab-train"]', 'aria-selected')).toBe('true');
    const backendOptions = await page.locator('#cfg-backend option').allTextContents();
    expect(backendOptions.join('|')).toMatch(/cpu/);
    // The built page carries no inline script or style.
    const html = await (await fetch(serve.url)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
  }, 60_000);

  it('flags an invalid hidden size inline with its allowed range and disables Train and Compare', async () => {
    for (const bad of ['0', '99999', 'abc']) {
      await page.fill('#cfg-hidden', bad);
      await expect.poll(() => page.locator('#cfg-hidden-error').textContent()).toContain('1 to 4096');
      expect(await attr('#cfg-hidden', 'aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid="start-train"]').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid="start-compare"]').isDisabled()).toBe(true);
    }
    await page.fill('#cfg-dropout', '1.5');
    await expect.poll(() => page.locator('#cfg-dropout-error').textContent()).toContain('0 to 0.99');
    await page.fill('#cfg-dropout', '0');
    await page.fill('#cfg-hidden', '32');
    await expect.poll(() => page.locator('#cfg-hidden-error').count()).toBe(0);
    expect(await page.locator('[data-testid="start-train"]').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'config-form-light.png') });
  }, 30_000);

  it('shows a host-side error (a CSV file that does not exist) beside the field or in a dismissible banner', async () => {
    await page.selectOption('#cfg-dataset', '__csv__');
    await page.fill('#cfg-csv', '');
    await expect.poll(() => page.locator('#cfg-csv-error').textContent()).toMatch(/CSV file/);
    expect(await page.locator('[data-testid="start-train"]').isDisabled()).toBe(true);
    const missing = path.join(runsDir, 'no-such-file.csv');
    await page.fill('#cfg-csv', missing);
    await page.click('[data-testid="start-train"]');
    const inline = page.locator('#cfg-csv-error');
    const banner = page.locator('[data-testid="notice"][data-kind="error"]');
    await expect.poll(async () => (await inline.count()) + (await banner.count()), { timeout: 30_000 }).toBeGreaterThan(0);
    const text = ((await inline.count()) ? await inline.textContent() : await banner.first().textContent()) ?? '';
    expect(text).toMatch(/no-such-file\.csv|not found|does not exist|no such file|ENOENT/i);
    if (await banner.count()) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'error-banner-light.png') });
      await banner.first().locator('button[aria-label^="Dismiss"]').click();
      await expect.poll(() => banner.count()).toBe(0);
    }
    await page.selectOption('#cfg-dataset', 'mnist');
  }, 60_000);

  it('trains a tiny MNIST run and streams loss points and accuracy points into the charts', async () => {
    await fillTinyConfig();
    await page.click('[data-testid="start-train"]');
    await page.waitForSelector('[data-testid="train-view"][data-run-id]', { timeout: 30_000 });
    trainedRunId = (await attr('[data-testid="train-view"]', 'data-run-id')) ?? '';
    expect(trainedRunId).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    await waitAttrAtLeast('[data-chart="train-loss"]', 'data-points', 1, 60_000);
    await waitAttrAtLeast('[data-chart="test-acc"]', 'data-points', 1, 60_000);
    await page.waitForSelector('[data-testid="train-view"][data-status="completed"]', { timeout: 90_000 });
    // Every step and every evaluation is on the charts once the run is done.
    await waitAttrAtLeast('[data-chart="train-loss"]', 'data-points', TINY_STEPS, 10_000);
    await waitAttrAtLeast('[data-chart="test-loss"]', 'data-points', TINY_EVALS, 10_000);
    await waitAttrAtLeast('[data-chart="test-acc"]', 'data-points', TINY_EVALS, 10_000);
    expect(await attr('[data-testid="progress"]', 'data-step')).toBe(String(TINY_STEPS));
    expect(await page.locator('[data-testid="last-acc"]').textContent()).toMatch(/\d+\.\d+%/);
    // Wall-time axis and raw (unsmoothed) curve keep every point.
    await page.check('input[name="train-xmode"][value="time"]');
    await page.fill('#train-smoothing', '0');
    await page.waitForTimeout(400);
    expect(Number(await attr('[data-chart="train-loss"]', 'data-points'))).toBe(TINY_STEPS);
    await page.check('input[name="train-xmode"][value="step"]');
    await page.fill('#train-smoothing', '0.6');
    await shoot('config-charts');
  }, 150_000);

  it('exports the run metrics as CSV and a chart as PNG', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="train-view"] >> text=Export CSV')]);
    const csvText = await readFile((await csv.path())!, 'utf8');
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(csvText.split('\n').filter((l) => l.trim()).length).toBeGreaterThan(TINY_STEPS);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="test-acc"] button[aria-label^="Export"]')]);
    const bytes = await readFile((await png.path())!);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 30_000);

  it('pauses, resumes and stops a longer run, then continues it from its checkpoint', async () => {
    await page.fill('#cfg-epochs', '40');
    await page.fill('#cfg-max-steps', '');
    await page.fill('#cfg-eval-every', '50');
    await page.click('[data-testid="start-train"]');
    await page.waitForFunction(
      (old) => {
        const id = document.querySelector('[data-testid="train-view"]')?.getAttribute('data-run-id');
        return !!id && id !== old;
      },
      trainedRunId,
      { timeout: 30_000 },
    );
    const step = async () => Number(await attr('[data-testid="progress"]', 'data-step'));
    await waitAttrAtLeast('[data-chart="train-loss"]', 'data-points', 10, 60_000);

    await page.click('[data-testid="run-pause"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="paused"]', { timeout: 15_000 });
    await page.waitForTimeout(700);
    const pausedAt = await step();
    await page.waitForTimeout(1200);
    expect(await step()).toBe(pausedAt);

    await page.click('[data-testid="run-resume"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="running"]', { timeout: 15_000 });
    await waitAttrAtLeast('[data-testid="progress"]', 'data-step', pausedAt + 5, 30_000);

    await page.click('[data-testid="run-stop"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="stopped"]', { timeout: 30_000 });
    const stoppedAt = await step();
    expect(stoppedAt).toBeLessThan(Number(await attr('[data-testid="progress"]', 'data-planned')));

    await page.click('[data-testid="run-continue"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="running"]', { timeout: 30_000 });
    await waitAttrAtLeast('[data-testid="progress"]', 'data-step', stoppedAt + 5, 60_000);
    await page.click('[data-testid="run-stop"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="stopped"]', { timeout: 30_000 });

    await page.fill('#cfg-epochs', TINY.epochs);
    await page.fill('#cfg-max-steps', TINY.maxSteps);
    await page.fill('#cfg-eval-every', TINY.evalEvery);
  }, 150_000);

  it('compares the three default heads: coloured series with bands, every pair, warnings and the verdict (readable at 1024 px)', async () => {
    // Bidirectional, so out[:, -1] and cat(h_n) really differ; one layer, so cat(h_n) and hidden_last are the same computation.
    await page.click('#cfg-bidirectional');
    await page.click('[data-testid="tab-compare"]');
    for (const v of ['output_step', 'hidden_concat', 'hidden_last']) expect(await page.locator(`input[data-variant="${v}"]`).isChecked()).toBe(true);
    expect(await page.inputValue('#cmp-min-effect')).toBe('1');
    await page.fill('#cmp-margin', '2');
    await page.fill('#cmp-repeats', '2');
    await page.click('[data-testid="compare-start"]');
    await page.waitForSelector('[data-testid="compare-view"][data-comparison-id]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="compare-view"][data-status="completed"]', { timeout: 200_000 });
    await waitAttrAtLeast('[data-chart="compare-train-loss"]', 'data-series', 3, 15_000);
    await waitAttrAtLeast('[data-chart="compare-test-acc"]', 'data-series', 3, 15_000);
    const colors = ((await attr('[data-chart="compare-train-loss"]', 'data-colors')) ?? '').split(',');
    expect(colors).toHaveLength(3);
    expect(new Set(colors).size).toBe(3);
    await page.waitForSelector('[data-testid="verdict"]', { timeout: 30_000 });
    const rows = page.locator('[data-testid="results-table"] tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).getAttribute('data-variant')).toBe('output_step');
    expect(await rows.nth(1).getAttribute('data-variant')).toBe('hidden_concat');
    expect(await rows.nth(0).textContent()).toMatch(/2 \/ 2/);
    expect(await rows.nth(1).textContent()).toMatch(/\d+\.\d+%/);
    // Every pair, the baseline's first; the identical pair is flagged, with its warning.
    const pairs = page.locator('[data-testid="pairs-table"] tbody tr[data-pair]');
    expect(await pairs.evaluateAll((els) => els.map((e) => e.getAttribute('data-pair')))).toEqual([
      'hidden_concat|output_step', 'hidden_last|output_step', 'hidden_last|hidden_concat',
    ]);
    expect(await pairs.nth(2).getAttribute('data-outcome')).toBe('same function');
    expect(await page.locator('[data-testid="warnings"] li[data-code="identical-variants"]').textContent()).toMatch(/hidden_concat and hidden_last are the same computation/);
    const verdict = (await page.locator('[data-testid="verdict"]').textContent()) ?? '';
    expect(verdict).toMatch(/backward direction after it has seen only the last step/);
    expect(verdict).not.toMatch(/--[a-z]/);
    // Details: the bootstrap interval, both tests, d_z, P(a > b), repeats needed, the equivalence test.
    await pairs.nth(0).locator('button').click();
    const detail = (await page.locator('[data-detail="hidden_concat|output_step"]').textContent()) ?? '';
    for (const label of ['bootstrap (BCa)', 'paired t-test', 'sign-flip test', 'Effect size', 'a ahead in', 'Repeats needed', 'Equivalent within ±2 pp']) {
      expect(detail).toContain(label);
    }
    await shoot('comparison');
    await page.locator('[data-testid="results"]').scrollIntoViewIfNeeded();
    await shoot('comparison-results');
    // At 1024 px nothing in the results scrolls sideways.
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.waitForTimeout(300);
    await page.locator('[data-testid="results"]').scrollIntoViewIfNeeded();
    await shoot('comparison-results-1024');
    const overflowing = await page.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll('[data-testid="results"], [data-testid="results"] *')]
        .filter((e) => e.scrollWidth - e.clientWidth > 1 && e.clientWidth > 1 && (e === document.documentElement || getComputedStyle(e).overflowX !== 'visible'))
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} +${e.scrollWidth - e.clientWidth}px`),
    );
    expect(overflowing).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 260_000);

  it('shape inspector: shapes for batch_first true and false and identity checks with measured values', async () => {
    await page.click('[data-testid="tab-shapes"]');
    await page.fill('#cfg-layers', '2');
    expect(await page.locator('#cfg-bidirectional').isChecked()).toBe(true);
    await page.click('[data-testid="shapes-run"]');
    await page.waitForSelector('[data-testid="shapes-table"] tbody tr', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="shape-checks"] li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // h_n is [layers·dirs, batch, hidden] = [4, 4, 24] in both layouts for 2 bidirectional layers.
    await expect.poll(() => page.locator('[data-testid="shapes-table"]').textContent(), { timeout: 30_000 }).toContain('[4, 4, 24]');
    const table = (await page.locator('[data-testid="shapes-table"]').textContent()) ?? '';
    expect(table).toMatch(/batch_first = True/);
    expect(table).toMatch(/\[\d+, \d+, \d+\]/);
    const checks = await page.locator('[data-testid="shape-checks"] li').allTextContents();
    expect(checks.join(' ')).toMatch(/measured/);
    expect(checks.some((c) => /HOLDS|FAILS|holds|fails/.test(c))).toBe(true);
    await shoot('shape-inspector');
    await page.fill('#cfg-layers', '1');
    await page.click('#cfg-bidirectional');
  }, 60_000);

  it('finds the finished run in the runs list after a reload, then deletes it after confirming', async () => {
    await page.reload();
    await page.waitForSelector('[data-connection="ready"]', { timeout: 30_000 });
    await page.click('[data-testid="tab-runs"]');
    const row = page.locator(`[data-testid="runs-table"] tr[data-run-id="${trainedRunId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-status')).toBe('completed');
    await page.waitForSelector('[data-testid="comparisons-table"] tr[data-status="completed"]', { timeout: 15_000 });
    await shoot('runs-list');

    await row.locator('[data-action="open"]').click();
    await waitAttrAtLeast('[data-chart="train-loss"]', 'data-points', TINY_STEPS, 15_000);
    await page.click('[data-testid="tab-runs"]');
    await row.locator('[data-action="delete"]').click();
    await page.locator('[data-testid="confirm-dialog"]').waitFor({ state: 'visible' });
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);

    // A stored comparison reopens with both variants' curves.
    await page.click('[data-testid="comparisons-table"] tbody tr button:has-text("Open")');
    await waitAttrAtLeast('[data-chart="compare-train-loss"]', 'data-series', 2, 15_000);
    await page.waitForSelector('[data-testid="results-table"] tbody tr[data-variant="hidden_concat"]', { timeout: 15_000 });
  }, 90_000);

  it('recorded zero console errors, page errors and CSP violations during the session', () => {
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});
