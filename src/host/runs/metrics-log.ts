/**
 * `metrics.jsonl`: one MetricRecord per line, append-only.
 *
 * Writing: `MetricsAppender` buffers lines and writes them in one append when the buffer is large or on
 * `flush()`, which also fsyncs (the trainer flushes at every evaluation and checkpoint). A failed append
 * (ENOSPC) is rolled back to the last whole line and the lines stay buffered, so a retry after space
 * is freed writes each record exactly once. On open, a torn last line left by a crash is cut off.
 *
 * Reading: `readMetrics` never throws for content problems. It keeps every valid line, counts invalid
 * lines in the middle (`badLines`), and reports a truncated or garbage last line as `tailCut`.
 */
import { basename } from 'node:path';
import { metricRecordSchema, type MetricRecord } from '../../contract/run-record.js';
import { writeFileAtomic } from './atomic-file.js';
import { RunStoreError, toStoreError } from './errors.js';
import { type FsOps, nodeFsOps, type WritableFile, writeAll } from './fs-ops.js';

/** What `readMetrics` found. */
export interface MetricsReadResult {
  /** Every valid record, in file order. */
  records: MetricRecord[];
  /** The last line was truncated or garbage (a crash mid-write); it was dropped. */
  tailCut: boolean;
  /** Invalid lines before the last one (skipped). */
  badLines: number;
  /** 1-based line numbers of those invalid lines (at most the first 100). */
  badLineNumbers: number[];
}

const MAX_BAD_LINE_NUMBERS = 100;
/** Buffered bytes that trigger a (non-fsynced) write without waiting for flush(). */
const BUFFER_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** One line → a record, or undefined when it is not valid JSON or not a MetricRecord. */
function parseLine(line: string): MetricRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = metricRecordSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** Parses the text of a metrics file (see MetricsReadResult). */
export function parseMetricsText(text: string): MetricsReadResult {
  const lines = text.split('\n');
  const records: MetricRecord[] = [];
  const bad: number[] = [];
  let lastNonEmpty = -1;
  let lastWasBad = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') continue;
    lastNonEmpty = i;
    const rec = parseLine(line);
    if (rec) {
      records.push(rec);
      lastWasBad = false;
    } else {
      bad.push(i + 1);
      lastWasBad = true;
    }
  }
  const tailCut = lastNonEmpty >= 0 && lastWasBad;
  if (tailCut) bad.pop();
  return { records, tailCut, badLines: bad.length, badLineNumbers: bad.slice(0, MAX_BAD_LINE_NUMBERS) };
}

/** Reads a metrics file; a missing file reads as empty. Throws only for I/O failures (RunStoreError). */
export async function readMetrics(file: string, ops: FsOps = nodeFsOps): Promise<MetricsReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await ops.readFile(file);
  } catch (err) {
    const e = toStoreError(err, 'read metrics', file);
    if (e.code === 'NOT_FOUND') return { records: [], tailCut: false, badLines: 0, badLineNumbers: [] };
    throw e;
  }
  return parseMetricsText(new TextDecoder().decode(bytes));
}

/** Serializes records as JSONL text (one line each, trailing newline). */
export function metricsToJsonl(records: readonly MetricRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * Keeps only the records with `step <= step` (and drops bad lines), rewriting the file atomically.
 * Used when resuming from a checkpoint. A missing file stays missing.
 */
export async function truncateMetricsAfter(
  file: string,
  step: number,
  ops: FsOps = nodeFsOps,
): Promise<{ kept: number; dropped: number }> {
  let bytes: Uint8Array;
  try {
    bytes = await ops.readFile(file);
  } catch (err) {
    const e = toStoreError(err, 'read metrics', file);
    if (e.code === 'NOT_FOUND') return { kept: 0, dropped: 0 };
    throw e;
  }
  const read = parseMetricsText(new TextDecoder().decode(bytes));
  const kept = read.records.filter((r) => r.step <= step);
  await writeFileAtomic(ops, file, metricsToJsonl(kept));
  return { kept: kept.length, dropped: read.records.length - kept.length };
}

/** Appends records to one metrics file. Not safe for two appenders on the same file. */
export class MetricsAppender {
  private pending: string[] = [];
  private pendingBytes = 0;
  private pendingMaxStep = -Infinity;
  private needsNewline = false;
  private closed = false;
  /** Highest step written to the file by this appender (or found there when it was opened). */
  private writtenStep: number;

  private constructor(
    readonly file: string,
    private readonly handle: WritableFile,
    lastStep: number,
  ) {
    this.writtenStep = lastStep;
  }

  /** Opens (creating if needed) `file` for appending; a torn last line is cut off first. */
  static async open(file: string, ops: FsOps = nodeFsOps): Promise<MetricsAppender> {
    let handle: WritableFile;
    try {
      handle = await ops.openWrite(file, 'append');
    } catch (err) {
      throw toStoreError(err, 'open metrics for appending', file);
    }
    try {
      const bytes = await ops.readFile(file);
      const read = parseMetricsText(new TextDecoder().decode(bytes));
      if (bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) {
        const cut = bytes.lastIndexOf(NEWLINE) + 1;
        const tail = new TextDecoder().decode(bytes.subarray(cut));
        if (parseLine(tail.trim())) await writeAll(handle, new Uint8Array([NEWLINE]));
        else await handle.truncate(cut);
        await handle.sync();
      }
      const last = read.records.reduce((m, r) => Math.max(m, r.step), 0);
      return new MetricsAppender(file, handle, last);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw toStoreError(err, 'repair the end of metrics', file);
    }
  }

  /** Highest step on disk (written; durable after the next flush). */
  get lastStep(): number {
    return this.writtenStep;
  }

  /** Number of records buffered and not yet written. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Validates and buffers one record; writes the buffer when it grows past 64 KiB. */
  async append(record: MetricRecord): Promise<void> {
    if (this.closed) throw new RunStoreError('INVALID', `metrics appender for ${this.file} is closed`);
    const r = metricRecordSchema.safeParse(record);
    if (!r.success) {
      const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new RunStoreError('INVALID', `metric record rejected for ${basename(this.file)}: ${why}`, { path: this.file });
    }
    const line = `${JSON.stringify(r.data)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.pendingMaxStep = Math.max(this.pendingMaxStep, r.data.step);
    if (this.pendingBytes >= BUFFER_BYTES) await this.writePending();
  }

  /** Writes buffered records and fsyncs: every record appended so far is durable when this resolves. */
  async flush(): Promise<void> {
    if (this.closed) throw new RunStoreError('INVALID', `metrics appender for ${this.file} is closed`);
    await this.writePending();
    try {
      await this.handle.sync();
    } catch (err) {
      throw toStoreError(err, 'fsync metrics', this.file);
    }
  }

  /** Flushes, then closes the file. A failed flush still closes it (and rethrows). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
  }

  /** Closes without writing what is buffered (a crash, or giving up after a write failure). */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    await this.handle.close().catch(() => undefined);
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = new TextEncoder().encode((this.needsNewline ? '\n' : '') + this.pending.join(''));
    let before: number;
    try {
      before = await this.handle.size();
    } catch (err) {
      throw toStoreError(err, 'append to metrics', this.file);
    }
    try {
      await writeAll(this.handle, bytes);
    } catch (err) {
      // Roll back a partial append so the file still ends on a whole line; if even that fails, the
      // next append starts with a newline so the torn fragment stays a line of its own.
      try {
        await this.handle.truncate(before);
        this.needsNewline = false;
      } catch {
        this.needsNewline = true;
      }
      throw toStoreError(err, 'append to metrics', this.file);
    }
    this.needsNewline = false;
    this.writtenStep = Math.max(this.writtenStep, this.pendingMaxStep);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingMaxStep = -Infinity;
  }
}
