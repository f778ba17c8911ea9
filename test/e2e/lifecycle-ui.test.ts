/**
 * End to end, in Chromium against `lstm-studio serve --max-runs 1`: a reload and a second tab in the middle of a
 * run show every step that is in metrics.jsonl (no hole where the page was away), Train while a run is live asks
 * first (naming the machine's cores) and the second run waits in the queue, and a run another studio's process is
 * training is shown as such, with Delete disabled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../src/contract/config.js';
import { RunStore } from '../../src/host/runs/run-store.js';
import { launchChromium, openPage, type PageProblems } from './support/browser.js';
import { assertCliBuilt, ensureRendererBuilt } from './support/build.js';
import { startServe, type ServeHandle } from './support/server.js';

let serve: ServeHandle;
let runsDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;
let sleeper: ChildProcess | undefined;

async function fillConfig(p: Page, fields: Record<string, string>): Promise<void> {
  await p.selectOption('#cfg-dataset', 'mnist');
  for (const [id, value] of Object.entries(fields)) await p.fill(`#cfg-${id}`, value);
  await p.selectOption('#cfg-optimizer', 'adam');
}

const attr = (p: Page, selector: string, name: string) => p.locator(selector).first().getAttribute(name);
const trainLines = async (id: string) =>
  (await readFile(path.join(runsDir, id, 'metrics.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"type":"train"')).length;

beforeAll(async () => {
  assertCliBuilt();
  await ensureRendererBuilt();
  runsDir = await mkdtemp(path.join(tmpdir(), 'lstm-studio-e2e-life-'));
  serve = await startServe(runsDir, 60_000, ['--max-runs', '1']);
  browser = await launchChromium();
  ({ context, page, problems } = await openPage(browser, 'light'));
}, 240_000);

afterAll(async () => {
  sleeper?.kill('SIGKILL');
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await serve?.stop();
  if (runsDir) await rm(runsDir, { recursive: true, force: true });
}, 60_000);

describe('live runs across reloads, parallel starts and other studios', () => {
  it('after a reload and in a second tab the loss chart has every step of metrics.jsonl', async () => {
    await page.goto(serve.url);
    await page.waitForSelector('[data-connection="ready"]', { timeout: 30_000 });
    // Evaluations (when metrics become durable) are 100 steps apart: a reload between them finds a gap on disk.
    await fillConfig(page, { 'train-limit': '4096', 'test-limit': '64', hidden: '16', batch: '8', epochs: '1', 'max-steps': '320', 'eval-every': '100', lr: '0.01' });
    await page.click('[data-testid="start-train"]');
    await page.waitForSelector('[data-testid="train-view"][data-run-id][data-status="running"]', { timeout: 30_000 });
    const runId = (await attr(page, '[data-testid="train-view"]', 'data-run-id'))!;
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-step')) >= 30, undefined, { timeout: 60_000 });
    await page.reload();
    await page.waitForSelector(`[data-testid="train-view"][data-run-id="${runId}"]`, { timeout: 30_000 });
    const second = await context.newPage();
    await second.goto(serve.url);
    await second.waitForSelector(`[data-testid="train-view"][data-run-id="${runId}"]`, { timeout: 30_000 });
    for (const p of [page, second]) {
      await p.waitForSelector('[data-testid="train-view"][data-status="completed"]', { timeout: 120_000 });
      await p.fill('#train-smoothing', '0');
    }
    const onDisk = await trainLines(runId);
    expect(onDisk).toBe(320);
    for (const p of [page, second]) {
      await expect.poll(async () => Number(await attr(p, '[data-chart="train-loss"]', 'data-points')), { timeout: 10_000 }).toBe(onDisk);
    }
    await second.close();
    await page.fill('#train-smoothing', '0.6');
  }, 240_000);

  it('Train while a run is live asks first, naming the cores; the second run waits in the queue and can be removed', async () => {
    await page.fill('#cfg-max-steps', '');
    await page.fill('#cfg-epochs', '40');
    await page.click('[data-testid="start-train"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="running"]', { timeout: 30_000 });
    const first = (await attr(page, '[data-testid="train-view"]', 'data-run-id'))!;

    await page.click('[data-testid="start-train"]');
    const dialog = page.locator('[data-testid="parallel-dialog"]');
    await dialog.waitFor({ state: 'visible' });
    const cores = availableParallelism();
    expect(await dialog.textContent()).toContain(`This machine has ${cores} core${cores === 1 ? '' : 's'}`);
    expect(await dialog.textContent()).toMatch(/will wait in the queue/);
    await page.click('[data-testid="parallel-cancel"]');
    await dialog.waitFor({ state: 'hidden' });
    expect(await attr(page, '[data-testid="train-view"]', 'data-run-id')).toBe(first);

    await page.click('[data-testid="start-train"]');
    await dialog.waitFor({ state: 'visible' });
    await page.click('[data-testid="parallel-ok"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="queued"]', { timeout: 30_000 });
    const queued = (await attr(page, '[data-testid="train-view"]', 'data-run-id'))!;
    expect(queued).not.toBe(first);
    await page.waitForSelector('[data-testid="queued-note"]');

    await page.click('[data-testid="tab-runs"]');
    const row = page.locator(`[data-testid="queued-table"] tr[data-run-id="${queued}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('[data-action="dequeue"]').click();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);

    const firstRow = page.locator(`[data-testid="runs-table"] tr[data-run-id="${first}"]`);
    await firstRow.locator('[data-action="open"]').click();
    await page.click('[data-testid="run-stop"]');
    await page.waitForSelector('[data-testid="train-view"][data-status="stopped"]', { timeout: 30_000 });
  }, 180_000);

  it('a run another studio\'s process trains is shown as running elsewhere, with Delete disabled', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    const writer = await new RunStore(runsDir, undefined, { pid: sleeper.pid! }).create({
      name: 'trained elsewhere',
      config: runConfigSchema.parse({ data: { dataset: 'mnist' } }),
      plannedSteps: 100,
    });
    await writer.close();
    await page.click('[data-testid="tab-runs"]');
    await page.click('[data-testid="runs-view"] button:has-text("Refresh")');
    const row = page.locator(`[data-testid="runs-table"] tr[data-run-id="${writer.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-status')).toBe('elsewhere');
    expect(await row.textContent()).toContain('running elsewhere');
    expect(await row.locator('[data-action="delete"]').isDisabled()).toBe(true);
    expect(await row.locator('[data-action="delete"]').getAttribute('title')).toContain(`process ${sleeper.pid}`);
    expect(await row.locator('[data-action="resume"]').count()).toBe(0);
  }, 60_000);

  it('recorded zero console errors, page errors and CSP violations', () => {
    expect(problems.cspViolations).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
