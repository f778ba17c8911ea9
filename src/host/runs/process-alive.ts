/** Whether a process id names a live process (signal 0 probes without sending anything). */
import { errnoCode } from './errors.js';

/** True when `pid` is alive; EPERM (alive but owned by someone else) counts as alive, ESRCH as dead. */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}
