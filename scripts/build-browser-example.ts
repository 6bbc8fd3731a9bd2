/**
 * `npm run build:browser`: bundles examples/browser/main.ts for browsers with esbuild, resolving
 * `import ... from 'dvt-bls'` the way an application's bundler does: through this package's
 * `exports` map with browser conditions (`browser`, `import`, `default`: never `node`), from a
 * `node_modules/dvt-bls` in a temporary directory. Writes examples/browser/dist/main.js.
 *
 * Which files the exports map leads to (`--from`):
 * - `source` (default): the map as published, with each `./dist/<entry>.js` target pointing at
 *   `./src/<entry>.ts`. The conditions are the published ones, so the choice of entry is tested
 *   exactly; the code is the working tree's, so the result never depends on a stale `dist/`.
 * - `dist`: the package root itself, so the built `dist/` (run `npm run build` first) is bundled
 *   exactly as an application would get it from the registry. CI runs the browser test this way
 *   after its build step (`DVT_BLS_BROWSER_FROM=dist`).
 *
 * Also bundles `import { bls12_381 } from '@noble/curves/bls12-381.js'` with a trivial use, the
 * yardstick for the bundle size (docs/browser.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_DIR = join(ROOT, 'examples', 'browser');
export const OUT_DIR = join(EXAMPLE_DIR, 'dist');

/** Where `dvt-bls` resolves to: see the module notes. */
export type BundleFrom = 'source' | 'dist';

/** Sizes of one bundle. */
export interface BundleSize {
  /** Minified bytes. */
  bytes: number;
  /** Gzipped (level 9) bytes of the minified bundle. */
  gzipBytes: number;
}

/** The example's bundle. */
export interface BrowserBuild extends BundleSize {
  from: BundleFrom;
  /** The bundle's text. */
  text: string;
  /** Absolute path of the bundle written (examples/browser/dist/main.js). */
  outfile: string;
  /** Files that went into the bundle, relative to the repository root. */
  inputs: string[];
  /** Minified bytes each input contributes to the bundle (before gzip). */
  bytesByInput: Record<string, number>;
  /** Imports left in the bundle for the browser to load (none: everything is bundled). */
  externalImports: string[];
  /** The file `dvt-bls` resolved to, relative to the repository root. */
  rootEntry: string;
}

const SKIP = Symbol('resolve as installed');

/**
 * Resolves `dvt-bls` and `dvt-bls/*` from `projectDir` (which has `node_modules/dvt-bls`) rather
 * than from the example's own folder inside this repository, so package self-reference plays no
 * part: the import goes through node_modules and the exports map like any dependency's.
 */
function asInstalled(projectDir: string, resolved: { path?: string }): Plugin {
  return {
    name: 'dvt-bls-as-installed',
    setup(b) {
      b.onResolve({ filter: /^dvt-bls(\/.*)?$/ }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        const result = await b.resolve(args.path, { kind: args.kind, resolveDir: projectDir, pluginData: SKIP });
        if (result.errors.length > 0) return { errors: result.errors };
        if (args.path === 'dvt-bls') resolved.path = result.path;
        return result;
      });
    },
  };
}

/** The published package.json with `./dist/<entry>.(js|cjs)` targets pointed at `./src/<entry>.ts`. */
function sourcePackageJson(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const toSource = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/^\.\/dist\/([\w-]+)\.c?js$/, './src/$1.ts');
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSource(v)]));
    }
    return value;
  };
  return JSON.stringify({ ...pkg, exports: toSource(pkg.exports) }, null, 2);
}

function sizeOf(text: string): BundleSize {
  const bytes = Buffer.byteLength(text);
  return { bytes, gzipBytes: gzipSync(text, { level: 9 }).length };
}

const COMMON = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  metafile: true,
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
} as const;

/**
 * Bundles the example (see the module notes for `from`) and writes it to examples/browser/dist/.
 * @param options - `from`: `source` (default) or `dist`; `write`: false to only return it.
 * @returns The bundle, its sizes and what went into it.
 */
export async function buildBrowserExample(options: { from?: BundleFrom; write?: boolean } = {}): Promise<BrowserBuild> {
  const from = options.from ?? 'source';
  if (from === 'dist' && !existsSync(join(ROOT, 'dist', 'index.js'))) {
    throw new Error('build-browser-example: dist/index.js is missing: run `npm run build` first, or use --from source');
  }
  const project = mkdtempSync(join(tmpdir(), 'dvt-bls-browser-'));
  try {
    const installed = join(project, 'node_modules', 'dvt-bls');
    if (from === 'dist') {
      mkdirSync(dirname(installed), { recursive: true });
      symlinkSync(ROOT, installed, 'dir');
    } else {
      mkdirSync(installed, { recursive: true });
      writeFileSync(join(installed, 'package.json'), sourcePackageJson());
      symlinkSync(join(ROOT, 'src'), join(installed, 'src'), 'dir');
    }
    const resolved: { path?: string } = {};
    const result = await build({
      ...COMMON,
      entryPoints: [join(EXAMPLE_DIR, 'main.ts')],
      outfile: join(OUT_DIR, 'main.js'),
      absWorkingDir: ROOT,
      plugins: [asInstalled(project, resolved)],
    });
    const output = result.outputFiles[0];
    if (output === undefined || resolved.path === undefined) throw new Error('build-browser-example: nothing was bundled');
    if (options.write !== false) {
      mkdirSync(OUT_DIR, { recursive: true });
      writeFileSync(output.path, output.text);
    }
    const metafile = result.metafile as Metafile;
    const bundle = Object.values(metafile.outputs)[0];
    const contributions = bundle?.inputs ?? {};
    return {
      from,
      text: output.text,
      outfile: output.path,
      inputs: Object.keys(metafile.inputs),
      bytesByInput: Object.fromEntries(Object.entries(contributions).map(([file, c]) => [file, c.bytesInOutput])),
      externalImports: (bundle?.imports ?? []).map((i) => i.path),
      rootEntry: relative(ROOT, resolved.path),
      ...sizeOf(output.text),
    };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** The yardstick: `bls12_381` from noble-curves, with a trivial use so that it is kept. */
export const NOBLE_REFERENCE_SOURCE = [
  "import { bls12_381 } from '@noble/curves/bls12-381.js';",
  'globalThis.nobleReference = bls12_381.G1.Point.BASE.toHex(true);',
].join('\n');

/**
 * Bundles {@link NOBLE_REFERENCE_SOURCE} with the same settings as the example.
 * @returns Its sizes.
 */
export async function buildNobleReference(): Promise<BundleSize> {
  const result = await build({
    ...COMMON,
    stdin: { contents: NOBLE_REFERENCE_SOURCE, resolveDir: ROOT, loader: 'js', sourcefile: 'noble-reference.js' },
    absWorkingDir: ROOT,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('build-browser-example: the noble reference did not bundle');
  return sizeOf(output.text);
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const at = process.argv.indexOf('--from');
  const from = (at >= 0 ? process.argv[at + 1] : 'source') as BundleFrom;
  if (from !== 'source' && from !== 'dist') throw new Error('--from: expected source or dist');
  const example = await buildBrowserExample({ from });
  const noble = await buildNobleReference();
  console.log(`${relative(ROOT, example.outfile)} (dvt-bls from ${example.rootEntry}, ${example.inputs.length} files)`);
  console.log(`  dvt-bls example:           ${kib(example.bytes)} minified, ${kib(example.gzipBytes)} gzipped`);
  console.log(`  noble-curves bls12-381.js: ${kib(noble.bytes)} minified, ${kib(noble.gzipBytes)} gzipped`);
  console.log(`serve ${relative(ROOT, EXAMPLE_DIR)}/ (npx serve, python3 -m http.server, ...) and open index.html`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
