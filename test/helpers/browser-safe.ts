/**
 * What the browser-safety tests of a source directory share: its files' code without comments (doc
 * examples may import `node:` modules), and the inputs of a browser bundle of its entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** `src/<name>` as an absolute path. */
export const sourceDir = (name: string): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src', name);

/** Each `.ts` file of `dir` with its block and line comments removed. */
export function codeWithoutComments(dir: string): { file: string; code: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((file) => ({ file, code: readFileSync(path.join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '') }));
}

/** The input paths of an esbuild browser bundle of `dir/index.ts` (nothing written). */
export async function browserBundleInputs(dir: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(dir, 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}
