/**
 * The small set of file-system calls the runs folder uses, behind one interface so tests can inject
 * faults (ENOSPC on the n-th write, a crash half-way through a write). The default, `nodeFsOps`, is
 * node:fs with two safety rules built in: files are opened without following a symbolic link at the
 * last path component (O_NOFOLLOW where the OS has it), and new files are created exclusively
 * (O_EXCL), so a planted link or leftover file is never written through.
 */
import { constants, promises as fsp } from 'node:fs';

/** What the store needs to know about a path (from lstat: links are not followed). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** An open file that the store writes to. */
export interface WritableFile {
  /** Writes at the end (append mode) or at the current position; returns bytes written (may be fewer). */
  write(data: Uint8Array): Promise<number>;
  /** fsync: the data is on disk when this resolves. */
  sync(): Promise<void>;
  /** Cuts the file to `length` bytes. */
  truncate(length: number): Promise<void>;
  /** Current size in bytes. */
  size(): Promise<number>;
  close(): Promise<void>;
}

/** The fs functions used by the runs folder; inject a wrapper to simulate faults. */
export interface FsOps {
  /**
   * Opens `path` for writing. `append`: create if missing, every write goes to the end.
   * `exclusive`: create a new file; fails with EEXIST if anything (even a link) is there.
   * Neither follows a symbolic link at `path`.
   */
  openWrite(path: string, mode: 'append' | 'exclusive'): Promise<WritableFile>;
  /** The whole content of a regular file; refuses (ELOOP) a symbolic link. */
  readFile(path: string): Promise<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  lstat(path: string): Promise<FileStat>;
  /** Creates a folder; fails with EEXIST if it exists unless `recursive`. */
  mkdir(path: string, recursive: boolean): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** Removes a folder and everything in it (links inside are removed, never followed). */
  rmTree(path: string): Promise<void>;
  /** fsync a folder so a rename or a new entry in it is durable (a no-op where the OS cannot). */
  syncDir(path: string): Promise<void>;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

class NodeWritableFile implements WritableFile {
  constructor(private readonly handle: fsp.FileHandle) {}

  async write(data: Uint8Array): Promise<number> {
    const { bytesWritten } = await this.handle.write(data, 0, data.byteLength);
    return bytesWritten;
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** node:fs, with no-follow opens and exclusive creation. */
export const nodeFsOps: FsOps = {
  async openWrite(path, mode) {
    const flags =
      mode === 'append'
        ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW
        : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
    return new NodeWritableFile(await fsp.open(path, flags, 0o644));
  },
  async readFile(path) {
    const handle = await fsp.open(path, constants.O_RDONLY | NOFOLLOW);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  lstat: (path) => fsp.lstat(path),
  async mkdir(path, recursive) {
    await fsp.mkdir(path, { recursive });
  },
  readdir: (path) => fsp.readdir(path),
  rmTree: (path) => fsp.rm(path, { recursive: true, force: false }),
  async syncDir(path) {
    if (process.platform === 'win32') return; // folders cannot be opened for fsync there
    const handle = await fsp.open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } catch (err) {
      // Some file systems (e.g. certain network or FUSE mounts) do not support fsync on a folder.
      if ((err as { code?: string }).code !== 'EINVAL') throw err;
    } finally {
      await handle.close();
    }
  },
};

/** Writes all of `data`, looping over short writes. */
export async function writeAll(file: WritableFile, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const n = await file.write(data.subarray(offset));
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += n;
  }
}
