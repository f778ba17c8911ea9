import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricRecord } from '../../../src/contract/run-record.js';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import {
  MetricsAppender,
  metricsToJsonl,
  parseMetricsText,
  readMetrics,
  truncateMetricsAfter,
} from '../../../src/host/runs/metrics-log.js';
import { evalPoint, tempDir, trainPoint } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const recs = [trainPoint(1), trainPoint(2), evalPoint(2), trainPoint(3)];
const text = metricsToJsonl(recs);

describe('readMetrics', () => {
  it('reads every record of a clean file', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, text);
    expect(await readMetrics(file)).toEqual({ records: recs, tailCut: false, badLines: 0, badLineNumbers: [] });
  });

  it('fault: a truncated last line keeps all earlier records and sets tailCut', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, text + JSON.stringify(trainPoint(4)).slice(0, 17));
    const r = await readMetrics(file);
    expect(r.records).toEqual(recs);
    expect(r.tailCut).toBe(true);
    expect(r.badLines).toBe(0);
  });

  it('fault: a garbage last line (even newline-terminated) keeps all earlier records and sets tailCut', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, `${text}\u0000\u0000\u0000garbage\n`);
    const r = await readMetrics(file);
    expect(r.records).toEqual(recs);
    expect(r.tailCut).toBe(true);
  });

  it('fault: garbage and schema-invalid lines in the middle are skipped and counted, never thrown', async () => {
    const lines = text.split('\n');
    const bad = [lines[0], 'not json', lines[1], '{"type":"train","step":"x"}', lines[2], lines[3], ''].join('\n');
    const r = parseMetricsText(bad);
    expect(r.records).toEqual(recs);
    expect(r.badLines).toBe(2);
    expect(r.badLineNumbers).toEqual([2, 4]);
    expect(r.tailCut).toBe(false);
  });

  it('keeps a complete last record that only lacks its newline; tolerates CRLF and blank lines', () => {
    expect(parseMetricsText(text.slice(0, -1)).records).toEqual(recs);
    expect(parseMetricsText(text.replace(/\n/g, '\r\n\n')).records).toEqual(recs);
  });

  it('reads a missing file as empty', async () => {
    expect(await readMetrics(join(dir, 'none.jsonl'))).toEqual({ records: [], tailCut: false, badLines: 0, badLineNumbers: [] });
  });

  it('property: any cut of the file keeps exactly the records whose line is complete', () => {
    const record = fc.oneof(
      fc.record({
        type: fc.constant('train' as const),
        step: fc.nat(1e6),
        epoch: fc.nat(100),
        loss: fc.double({ noNaN: true, noDefaultInfinity: true }),
        t: fc.nat(),
      }),
      fc.record({
        type: fc.constant('eval' as const),
        step: fc.nat(1e6),
        epoch: fc.nat(100),
        testLoss: fc.double({ noNaN: true, noDefaultInfinity: true }),
        testAcc: fc.double({ min: 0, max: 1, noNaN: true }),
        t: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.nat(), (rs: MetricRecord[], cutSeed) => {
        const full = metricsToJsonl(rs);
        const cut = full.length === 0 ? 0 : cutSeed % (full.length + 1);
        const r = parseMetricsText(full.slice(0, cut));
        const lines = full.split('\n').slice(0, -1);
        let pos = 0;
        let complete = 0;
        for (const l of lines) {
          // A line counts once all of its JSON is present (its newline may be missing).
          if (pos + l.length <= cut) complete += 1;
          pos += l.length + 1;
        }
        expect(r.records).toEqual(rs.slice(0, complete).map((x) => JSON.parse(JSON.stringify(x))));
        expect(r.badLines).toBe(0);
        // Whatever follows the complete lines is a torn record.
        const prefixLen = lines.slice(0, complete).reduce((n, l) => n + l.length + 1, 0);
        expect(r.tailCut).toBe(full.slice(prefixLen, cut).length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('MetricsAppender', () => {
  it('buffers until flush, then the records are on disk', async () => {
    const file = join(dir, 'metrics.jsonl');
    const app = await MetricsAppender.open(file);
    await app.append(trainPoint(1));
    await app.append(evalPoint(1));
    expect(await readFile(file, 'utf8')).toBe('');
    expect(app.buffered).toBe(2);
    await app.flush();
    expect((await readMetrics(file)).records).toEqual([trainPoint(1), evalPoint(1)]);
    expect(app.lastStep).toBe(1);
    await app.close();
  });

  it('writes without waiting for flush once the buffer passes 64 KiB', async () => {
    const file = join(dir, 'metrics.jsonl');
    const app = await MetricsAppender.open(file);
    for (let s = 1; s <= 1500; s++) await app.append(trainPoint(s));
    expect((await readFile(file, 'utf8')).length).toBeGreaterThan(60_000);
    await app.close();
    expect((await readMetrics(file)).records).toHaveLength(1500);
  });

  it('rejects an invalid record with an INVALID error naming the field', async () => {
    const app = await MetricsAppender.open(join(dir, 'metrics.jsonl'));
    const err = await app.append({ type: 'train', step: 1.5, epoch: 0, loss: 1, t: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunStoreError);
    expect((err as RunStoreError).code).toBe('INVALID');
    expect((err as RunStoreError).message).toMatch(/step/);
    await app.close();
  });

  it('fault: on open after a crash, a torn last line is cut off so new lines are not glued to it', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, text + '{"type":"train","st');
    const app = await MetricsAppender.open(file);
    expect(app.lastStep).toBe(3);
    await app.append(trainPoint(4));
    await app.close();
    const r = await readMetrics(file);
    expect(r.records).toEqual([...recs, trainPoint(4)]);
    expect(r.badLines + Number(r.tailCut)).toBe(0);
  });

  it('on open, a complete last record without newline is kept and terminated', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, text.slice(0, -1));
    const app = await MetricsAppender.open(file);
    await app.append(trainPoint(4));
    await app.close();
    expect((await readMetrics(file)).records).toEqual([...recs, trainPoint(4)]);
  });
});

describe('truncateMetricsAfter', () => {
  it('keeps records up to the step and drops later and bad lines, atomically', async () => {
    const file = join(dir, 'metrics.jsonl');
    await writeFile(file, text);
    await appendFile(file, 'junk\n' + JSON.stringify(trainPoint(9)).slice(0, 5));
    expect(await truncateMetricsAfter(file, 2)).toEqual({ kept: 3, dropped: 1 });
    expect(await readFile(file, 'utf8')).toBe(metricsToJsonl(recs.slice(0, 3)));
  });

  it('leaves a missing file missing', async () => {
    expect(await truncateMetricsAfter(join(dir, 'none.jsonl'), 5)).toEqual({ kept: 0, dropped: 0 });
  });
});
