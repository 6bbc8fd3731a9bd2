/**
 * All-or-nothing output. A command stages every file it will write, does all its work, and only
 * then commits: each file is written to a temporary file in its target directory (same file
 * system, so the final step is a rename), flushed, and moved into place. If anything fails, before
 * or during the commit, everything written so far is removed, files that `--force` replaced are put
 * back, and directories the commit created are removed: a failed command leaves the output
 * directories as it found them.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { CliError } from './errors';

/** The file-system calls the commit uses; injectable so tests can make one of them fail. */
export interface OutputFs {
  mkdir(dir: string): Promise<unknown>;
  rmdir(dir: string): Promise<unknown>;
  writeFile(file: string, data: string, mode: number): Promise<void>;
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  exists(file: string): Promise<boolean>;
}

/** Node's file system, writing with `wx` (never through an existing file) and fsync. */
export const nodeOutputFs: OutputFs = {
  mkdir: (dir) => nodeFs.mkdir(dir),
  rmdir: (dir) => nodeFs.rmdir(dir),
  async writeFile(file, data, mode) {
    const handle = await nodeFs.open(file, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  link: (from, to) => nodeFs.link(from, to),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (file) => nodeFs.unlink(file),
  async exists(file) {
    try {
      await nodeFs.lstat(file);
      return true;
    } catch {
      return false;
    }
  },
};

interface Staged {
  target: string;
  content: string;
  mode: number;
}

/** File mode of secret-bearing outputs (keystores, password files): owner only. */
export const SECRET_FILE_MODE = 0o600;
/** File mode of public outputs (cluster files, deposit data, signatures). */
export const PUBLIC_FILE_MODE = 0o644;

/** Errors of link() that mean "this file system has no hard links", not "this write failed". */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * A set of files to write together. `stage` records them; `commit` writes them or, failing,
 * writes nothing; `abort` (Ctrl-C) removes what an interrupted commit left.
 */
export class OutputTransaction {
  private readonly staged: Staged[] = [];
  private readonly temps = new Set<string>();
  private readonly tempOf = new Map<string, string>();
  private readonly placed: string[] = [];
  private readonly backups: { target: string; backup: string }[] = [];
  private readonly createdDirs: string[] = [];

  constructor(
    private readonly force = false,
    private readonly fs: OutputFs = nodeOutputFs
  ) {}

  /** Records a file to write; nothing touches the disk yet. */
  stage(target: string, content: string, mode: number = PUBLIC_FILE_MODE): void {
    const resolved = path.resolve(target);
    if (this.staged.some((s) => s.target === resolved)) throw new CliError('IO_ERROR', `${target}: the command would write it twice`);
    this.staged.push({ target: resolved, content, mode });
  }

  /** The staged targets, for reports. */
  get targets(): string[] {
    return this.staged.map((s) => s.target);
  }

  /**
   * Refuses targets that exist (without `--force`): called by commands that know their outputs
   * before the slow work, and by `commit` for every staged file.
   */
  async refuseExisting(targets: readonly string[]): Promise<void> {
    if (this.force) return;
    for (const target of targets) {
      if (await this.fs.exists(path.resolve(target))) throw new CliError('OUTPUT_EXISTS', `${path.resolve(target)} exists (use --force to replace it)`);
    }
  }

  /** Writes every staged file, or none. */
  async commit(): Promise<void> {
    try {
      await this.refuseExisting(this.staged.map((s) => s.target));
      for (const dir of [...new Set(this.staged.map((s) => path.dirname(s.target)))]) await this.ensureDir(dir);
      for (const s of this.staged) {
        const temp = path.join(path.dirname(s.target), `.${path.basename(s.target)}.${randomBytes(6).toString('hex')}.tmp`);
        this.temps.add(temp);
        this.tempOf.set(s.target, temp);
        await this.fs.writeFile(temp, s.content, s.mode);
      }
      for (const s of this.staged) await this.place(s);
      // Committed: the replaced originals go.
      for (const { backup } of this.backups.splice(0)) await this.fs.unlink(backup).catch(() => undefined);
      this.placed.length = 0;
      this.createdDirs.length = 0;
    } catch (e) {
      await this.abort();
      if (e instanceof CliError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new CliError('IO_ERROR', `writing output failed, nothing was written (${err.code ?? ''}${err.code ? ': ' : ''}${err.message})`);
    }
  }

  /** Moves one temporary file into place without ever clobbering a file that appeared meanwhile. */
  private async place(s: Staged): Promise<void> {
    const temp = this.tempOf.get(s.target);
    if (temp === undefined) throw new Error(`internal: no temporary file for ${s.target}`);
    if (this.force && (await this.fs.exists(s.target))) {
      const backup = path.join(path.dirname(s.target), `.${path.basename(s.target)}.${randomBytes(6).toString('hex')}.bak`);
      await this.fs.rename(s.target, backup);
      this.backups.push({ target: s.target, backup });
    }
    try {
      // link() fails with EEXIST instead of replacing: no race with a file created since the check.
      await this.fs.link(temp, s.target);
      this.placed.push(s.target);
      await this.fs.unlink(temp);
      this.temps.delete(temp);
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') throw new CliError('OUTPUT_EXISTS', `${s.target} appeared while writing (use --force to replace it)`);
      if (this.placed.includes(s.target) || !NO_LINKS.has(errnoOf(e) ?? '')) throw e;
      // File systems without hard links (FAT, some network mounts): rename, after the existence check.
      if (!this.force && (await this.fs.exists(s.target))) throw new CliError('OUTPUT_EXISTS', `${s.target} exists`);
      await this.fs.rename(temp, s.target);
      this.temps.delete(temp);
      this.placed.push(s.target);
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    if (await this.fs.exists(dir)) return;
    await this.ensureDir(path.dirname(dir));
    try {
      await this.fs.mkdir(dir);
      this.createdDirs.push(dir);
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST') throw e;
    }
  }

  /** Removes everything an unfinished commit wrote and restores what it replaced. Never throws. */
  async abort(): Promise<void> {
    for (const temp of this.temps) await this.fs.unlink(temp).catch(() => undefined);
    this.temps.clear();
    for (const target of this.placed.splice(0).reverse()) await this.fs.unlink(target).catch(() => undefined);
    for (const { target, backup } of this.backups.splice(0).reverse()) await this.fs.rename(backup, target).catch(() => undefined);
    for (const dir of this.createdDirs.splice(0).reverse()) await this.fs.rmdir(dir).catch(() => undefined);
  }
}
