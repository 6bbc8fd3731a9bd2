/**
 * Running the `dvt-bls` command line from tests: an esbuild bundle of src/cli/main.ts (about 0.2 s
 * per process, against 0.7 s through tsx), or tsx on the source, and a child-process runner.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tsx by absolute URL: the children run in temporary directories, where a bare 'tsx' does not resolve. */
export const TSX_RUNNER = ['--import', import.meta.resolve('tsx'), path.join(ROOT_DIR, 'src/cli/main.ts')];

/**
 * Bundles the CLI into a fresh directory under node_modules/.cache (so `@chainsafe/blst` resolves
 * from it) and returns the node arguments that run it, and the directory to remove afterwards.
 */
export async function buildCliBundle(prefix: string): Promise<{ runner: string[]; dir: string }> {
  const cache = path.join(ROOT_DIR, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, prefix));
  const outfile = path.join(dir, 'cli.mjs');
  await build({
    entryPoints: [path.join(ROOT_DIR, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['@chainsafe/blst'],
    logLevel: 'silent',
  });
  return { runner: [outfile], dir };
}

/** What one CLI process did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The parsed stdout when `--json` was given, else `{}`. */
  json: Record<string, any>;
}

/** Runs the CLI (`runner` then `args`) in `cwd` with `env` added to the environment; stdin is not a terminal. */
export function runCli(runner: readonly string[], cwd: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...runner, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: Record<string, any> = {};
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout) as Record<string, any>;
        } catch {
          reject(new Error(`--json output is not one JSON object: ${stdout}\n${stderr}`));
          return;
        }
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** Every file under `dir`, dotfiles included (temporary files start with a dot). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
