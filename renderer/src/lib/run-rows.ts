/**
 * How the Runs view shows one run: its status (live here, queued, written by another host's process, stopped
 * by the user or by the host), and whether it can be resumed or deleted from here (and if not, why).
 */
import type { ActiveJob, ExternalJob } from '../../../src/contract/api.js';
import type { RunRecord } from '../../../src/contract/run-record.js';

export interface RunRowView {
  /** The badge: a run status, a live state, or `elsewhere`. */
  status: string;
  /** The badge's text. */
  label: string;
  /** Hover text: the error, who stopped it, or which process writes it. */
  title: string | undefined;
  canResume: boolean;
  canDelete: boolean;
  /** Why Delete is disabled. */
  deleteTitle: string | undefined;
}

export function runRowView(r: RunRecord, active: readonly ActiveJob[], elsewhere: readonly ExternalJob[]): RunRowView {
  const live = active.find((a) => a.id === r.id);
  const other = elsewhere.find((e) => e.id === r.id);
  if (live) {
    return { status: live.state, label: live.state, title: r.error, canResume: false, canDelete: false, deleteTitle: 'Stop the run before deleting it' };
  }
  if (other) {
    const pid = other.pid === null ? 'a process' : `process ${other.pid}`;
    const why = `Being trained by ${pid} of another studio; stop it there first`;
    return { status: 'elsewhere', label: 'running elsewhere', title: why, canResume: false, canDelete: false, deleteTitle: why };
  }
  const byHost = r.status === 'stopped' && r.stoppedBy === 'host';
  const title = byHost ? 'Stopped when the studio host shut down; resume it to continue' : r.status === 'stopped' && r.stoppedBy === 'user' ? 'Stopped by you' : r.error;
  return {
    status: r.status,
    label: byHost ? 'stopped by host' : r.status,
    title,
    canResume: r.status === 'stopped' || r.status === 'interrupted',
    canDelete: true,
    deleteTitle: undefined,
  };
}
