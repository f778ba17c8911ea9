/**
 * Comparisons in the runs folder: `ROOT/ID/comparison.json`, rewritten atomically on every change.
 * The owning process (the service running the grid) updates it; changes to one comparison are
 * serialized within the process. Reconcile treats a `running` comparison like a run.
 */
import type { z } from 'zod';
import type { RunConfig } from '../../contract/config.js';
import {
  type ComparisonMember,
  comparisonMemberSchema,
  type ComparisonRecord,
  comparisonRecordSchema,
  type ComparisonStatus,
} from './comparison-record.js';
import { RunStoreError } from './errors.js';
import { KeyedMutex } from './keyed-mutex.js';
import { readJsonRecord, writeJsonRecord } from './record-io.js';
import { COMPARISON_FILE } from './run-paths.js';
import { allocateEntry, datasetSlug, discardEntry, type StoreContext } from './store-context.js';

/** What a new comparison needs. */
export interface ComparisonInit {
  name: string;
  config: RunConfig;
  variants: string[];
  repeats: number;
  preset?: string;
  /** The statistics options (stored so a resumed comparison is summarised the same way). */
  stats?: ComparisonRecord['stats'];
  /** Use this id instead of generating one (must be free). */
  id?: string;
  /** Text the generated id's slug is made from (default: preset, else dataset). */
  slug?: string;
}

/** Fields `update` may change. */
export type ComparisonPatch = Partial<Omit<ComparisonRecord, 'kind' | 'id' | 'createdAt'>>;

export class ComparisonStore {
  private readonly lock = new KeyedMutex();

  constructor(private readonly ctx: StoreContext) {}

  /** Creates the folder and comparison.json (status running, owned by this process). */
  async create(init: ComparisonInit): Promise<ComparisonRecord> {
    const now = this.ctx.liveness.now().toISOString();
    const draft = {
      kind: 'comparison' as const,
      name: init.name,
      status: 'running' as const,
      config: init.config,
      preset: init.preset,
      ...(init.stats ? { stats: init.stats } : {}),
      variants: init.variants,
      repeats: init.repeats,
      runs: [],
      createdAt: now,
      updatedAt: now,
      pid: this.ctx.pid,
      heartbeatAt: now,
    };
    // Validate before creating anything on disk.
    const check = comparisonRecordSchema.safeParse({ ...draft, id: 'placeholder' });
    if (!check.success) {
      const why = check.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new RunStoreError('INVALID', `comparison rejected: ${why}`);
    }
    const slug = init.slug ?? init.preset ?? `compare-${datasetSlug(init.config.data.dataset)}`;
    const { id, dir } = await allocateEntry(this.ctx, slug, init.id, 'comparison');
    try {
      return await writeJsonRecord(this.ctx.ops, this.file(id), comparisonRecordSchema, { ...draft, id });
    } catch (err) {
      await discardEntry(this.ctx, dir);
      throw err;
    }
  }

  /** Reads and validates comparison.json. */
  async get(id: string): Promise<ComparisonRecord> {
    const { path, exists } = await this.ctx.paths.safeFile(this.ctx.ops, id, COMPARISON_FILE, 'comparison');
    if (!exists) throw new RunStoreError('NOT_FOUND', `"${id}" is not a comparison (no ${COMPARISON_FILE})`, { path });
    return readJsonRecord(this.ctx.ops, path, comparisonRecordSchema);
  }

  /** Applies `patch` (read-modify-write, atomic) and returns the new record. */
  update(id: string, patch: ComparisonPatch): Promise<ComparisonRecord> {
    return this.modify(id, () => patch);
  }

  /** Adds a member run (replacing an earlier entry for the same variant and repeat). */
  addRun(id: string, member: ComparisonMember): Promise<ComparisonRecord> {
    const m = comparisonMemberSchema.safeParse(member);
    if (!m.success) return Promise.reject(new RunStoreError('INVALID', `comparison ${id}: member run rejected: ${m.error.message}`));
    return this.modify(id, (rec) => ({
      runs: [...rec.runs.filter((r) => !(r.variant === m.data.variant && r.repeat === m.data.repeat)), m.data],
    }));
  }

  /** Records that the owner is alive. */
  async heartbeat(id: string): Promise<void> {
    await this.modify(id, () => ({}));
  }

  /** Ends the comparison with a terminal status, and its result when completed. */
  finish(
    id: string,
    status: Exclude<ComparisonStatus, 'running'>,
    opts: { result?: unknown; error?: string } = {},
  ): Promise<ComparisonRecord> {
    return this.modify(id, () => ({
      status,
      finishedAt: this.ctx.liveness.now().toISOString(),
      ...(opts.result !== undefined ? { result: opts.result } : {}),
      ...(opts.error !== undefined ? { error: opts.error } : {}),
    }));
  }

  /** The stored result validated with the caller's schema: NOT_FOUND if none yet, CORRUPT if it does not match. */
  async result<S extends z.ZodType>(id: string, schema: S): Promise<z.output<S>> {
    const rec = await this.get(id);
    if (rec.result === undefined) throw new RunStoreError('NOT_FOUND', `comparison ${id} has no result yet (status ${rec.status})`);
    const r = schema.safeParse(rec.result);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new RunStoreError('CORRUPT', `comparison ${id}: result ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
        path: this.file(id),
      });
    }
    return r.data;
  }

  private modify(id: string, change: (rec: ComparisonRecord) => ComparisonPatch): Promise<ComparisonRecord> {
    return this.lock.run(id, async () => {
      const rec = await this.get(id);
      const patch = change(rec);
      if ('kind' in patch || 'id' in patch || 'createdAt' in patch) {
        throw new RunStoreError('INVALID', `comparison ${id}: kind, id and createdAt cannot be changed`);
      }
      const now = this.ctx.liveness.now().toISOString();
      const terminal = (patch.status ?? rec.status) !== 'running';
      const owner = terminal ? {} : { pid: this.ctx.pid, heartbeatAt: now };
      return writeJsonRecord(this.ctx.ops, this.file(id), comparisonRecordSchema, { ...rec, ...patch, ...owner, updatedAt: now });
    });
  }

  private file(id: string): string {
    return this.ctx.paths.file(id, COMPARISON_FILE, 'comparison');
  }
}
