/**
 * Which backend the root entry runs on, and why: the loader and selection functions in process,
 * real child processes for an install without the native package and for the DVT_BLS_BACKEND
 * switch, and the package's export conditions as a bundler resolves them.
 *
 * The child processes run the TypeScript sources through tsx's ESM loader. The bundling checks
 * build the current sources with the repository's tsup config into a temporary package (never
 * into the shared dist/), then bundle `import ... from 'dvt-bls'` with esbuild by package name, so
 * the exports map is resolved exactly as an application's bundler would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDvtBls, DvtBlsError } from '../src/index';
import { loadBlstBackend, selectBackend, type NativeLoader } from '../src/backend/load-blst';
import { nobleBackend } from '../src/backend/noble';
import { hex } from './helpers/rng';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const requireHere = createRequire(import.meta.url);
/** tsx's ESM loader (what `node --import tsx` loads). */
const TSX_LOADER = requireHere.resolve('tsx');
const ESBUILD = join(ROOT, 'node_modules', '.bin', 'esbuild');
const TSUP = join(ROOT, 'node_modules', '.bin', 'tsup');

const realLoader: NativeLoader = () => requireHere('@chainsafe/blst') as ReturnType<NativeLoader>;
const missingMessage = "Cannot find module '@chainsafe/blst'";
const throwingLoader: NativeLoader = () => {
  throw new Error(`${missingMessage}\nRequire stack:\n- /somewhere/load-blst.js`);
};

/** Runs `fn` with DVT_BLS_BACKEND set to `value` (or unset), restoring the environment after. */
function withSwitch<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.DVT_BLS_BACKEND;
  if (value === undefined) delete process.env.DVT_BLS_BACKEND;
  else process.env.DVT_BLS_BACKEND = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.DVT_BLS_BACKEND;
    else process.env.DVT_BLS_BACKEND = saved;
  }
}

describe('selectBackend and loadBlstBackend (in process)', () => {
  it('(a) a loader that throws: noble, with the loader message as fallbackReason, and never a throw', () => {
    withSwitch(undefined, () => {
      const selection = selectBackend(throwingLoader);
      expect(selection.backend).toBe(nobleBackend);
      expect(selection.backend.name).toBe('noble');
      expect(selection.fallbackReason).toContain(missingMessage);
      expect(selection.fallbackReason).toContain('@chainsafe/blst');
      // Whatever the loader throws (not only Errors), selection falls back without throwing.
      const odd: unknown[] = ['a string', undefined, null, 42, { message: 'an object' }, new TypeError('ABI mismatch')];
      for (const thrown of odd) {
        const s = selectBackend(() => {
          throw thrown;
        });
        expect(s.backend.name, String(thrown)).toBe('noble');
        expect(typeof s.fallbackReason, String(thrown)).toBe('string');
      }
      expect(selectBackend(() => { throw new TypeError('ABI mismatch'); }).fallbackReason).toContain('ABI mismatch');
    });
  });

  it('(b) loadBlstBackend with a throwing loader: BACKEND_UNAVAILABLE naming @chainsafe/blst and the reason', () => {
    let caught: unknown;
    try {
      loadBlstBackend(throwingLoader);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DvtBlsError);
    const error = caught as DvtBlsError;
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toContain('@chainsafe/blst');
    expect(error.message).toContain(missingMessage);
  });

  it('(c) a working loader: blst, and no fallbackReason', () => {
    withSwitch(undefined, () => {
      const selection = selectBackend(realLoader);
      expect(selection.backend.name).toBe('blst');
      expect(selection.fallbackReason).toBeUndefined();
      // The default loader (the one the root entry uses) also loads it here.
      expect(selectBackend().backend.name).toBe('blst');
      // And the selected backend works: it signs as noble does.
      const sk = new Uint8Array(32).fill(7);
      const msg = new Uint8Array([1, 2, 3]);
      expect(hex(createDvtBls(selection.backend).sign(sk, msg))).toBe(hex(createDvtBls(nobleBackend).sign(sk, msg)));
    });
  });

  it('DVT_BLS_BACKEND=noble forces noble even with a working loader, and says so', () => {
    const selection = withSwitch('noble', () => selectBackend(realLoader));
    expect(selection.backend.name).toBe('noble');
    expect(selection.fallbackReason).toContain('DVT_BLS_BACKEND');
  });
});

/** Runs an ES module snippet in a fresh Node with tsx's loader; returns the JSON it prints last. */
function runChild(code: string, options: { cwd: string; env?: Record<string, string> }): Record<string, unknown> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A clean Node: no inherited switch, no extra module paths or loader options from the runner.
    if (v !== undefined && !['DVT_BLS_BACKEND', 'NODE_PATH', 'NODE_OPTIONS'].includes(k)) env[k] = v;
  }
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(TSX_LOADER).href, '--input-type=module', '-e', code], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = (result.stdout ?? '').trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    throw new Error(`child failed (status ${result.status}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return JSON.parse(last) as Record<string, unknown>;
}

/** The probe every child runs: which backend, why, a sign/verify round, and importing the blst entry. */
function probe(nodeEntry: string, blstEntry: string): string {
  return `
    const out = {};
    const m = await import(${JSON.stringify(pathToFileURL(nodeEntry).href)});
    out.backend = m.backend;
    out.reasonType = typeof m.backendFallbackReason;
    out.reason = m.backendFallbackReason ?? null;
    const sk = new Uint8Array(32).fill(7);
    const msg = new TextEncoder().encode('child process');
    const pk = m.getPublicKey(sk);
    const sig = m.sign(sk, msg);
    out.signature = Buffer.from(sig).toString('hex');
    out.verifies = m.verify(pk, msg, sig);
    out.verifiesOther = m.verify(pk, new Uint8Array([1]), sig);
    const fresh = m.generateSecretKey();
    out.freshRoundTrip = m.verify(m.getPublicKey(fresh), msg, m.sign(fresh, msg));
    try {
      const b = await import(${JSON.stringify(pathToFileURL(blstEntry).href)});
      out.blstImport = { ok: true, backend: b.backend };
    } catch (e) {
      out.blstImport = { ok: false, name: e?.name, code: e?.code, isDvtBlsError: e instanceof m.DvtBlsError, message: String(e?.message) };
    }
    console.log(JSON.stringify(out));
  `;
}

const SIGN_SK = new Uint8Array(32).fill(7);
const SIGN_MSG = new TextEncoder().encode('child process');

describe('child processes', () => {
  let noNative: string;

  beforeAll(() => {
    // An install without the native package: @noble only (a symlink), and a copy of src.
    noNative = mkdtempSync(join(tmpdir(), 'dvt-bls-no-native-'));
    mkdirSync(join(noNative, 'node_modules'));
    symlinkSync(join(ROOT, 'node_modules', '@noble'), join(noNative, 'node_modules', '@noble'), 'dir');
    cpSync(join(ROOT, 'src'), join(noNative, 'src'), { recursive: true });
    writeFileSync(join(noNative, 'package.json'), JSON.stringify({ name: 'no-native-probe', private: true, type: 'module' }));
  });

  afterAll(() => {
    if (noNative) rmSync(noNative, { recursive: true, force: true });
  });

  it('(d) without @chainsafe/blst installed: noble, a reason naming it, sign and verify work, dvt-bls/blst throws BACKEND_UNAVAILABLE', () => {
    // The premise: from the copy, @chainsafe/blst does not resolve, while @noble does.
    const requireThere = createRequire(join(noNative, 'src', 'backend', 'load-blst.ts'));
    expect(() => requireThere.resolve('@chainsafe/blst')).toThrow();
    expect(requireThere.resolve('@noble/curves/bls12-381.js')).toContain('@noble');

    const out = runChild(probe(join(noNative, 'src', 'node.ts'), join(noNative, 'src', 'blst.ts')), { cwd: noNative });
    expect(out.backend).toBe('noble');
    expect(out.reasonType).toBe('string');
    expect(out.reason).toContain('@chainsafe/blst');
    expect(out.verifies).toBe(true);
    expect(out.verifiesOther).toBe(false);
    expect(out.freshRoundTrip).toBe(true);
    // The same signature as the native backend in this process.
    expect(out.signature).toBe(hex(createDvtBls(loadBlstBackend()).sign(SIGN_SK, SIGN_MSG)));
    expect(out.blstImport).toMatchObject({ ok: false, name: 'DvtBlsError', code: 'BACKEND_UNAVAILABLE', isDvtBlsError: true });
    expect((out.blstImport as { message: string }).message).toContain('@chainsafe/blst');
  });

  it('(e) DVT_BLS_BACKEND=noble with the real sources and the native package present: noble, reason names the switch', () => {
    const out = runChild(probe(join(ROOT, 'src', 'node.ts'), join(ROOT, 'src', 'blst.ts')), {
      cwd: ROOT,
      env: { DVT_BLS_BACKEND: 'noble' },
    });
    expect(out.backend).toBe('noble');
    expect(out.reason).toContain('DVT_BLS_BACKEND');
    expect(out.verifies).toBe(true);
    expect(out.verifiesOther).toBe(false);
    expect(out.signature).toBe(hex(createDvtBls(nobleBackend).sign(SIGN_SK, SIGN_MSG)));
    expect(out.blstImport).toMatchObject({ ok: false, code: 'BACKEND_UNAVAILABLE', isDvtBlsError: true });
    expect((out.blstImport as { message: string }).message).toContain('DVT_BLS_BACKEND');
  });

  it('(e, control) the same child without the switch: blst, no reason, and dvt-bls/blst imports', () => {
    const out = runChild(probe(join(ROOT, 'src', 'node.ts'), join(ROOT, 'src', 'blst.ts')), { cwd: ROOT });
    expect(out.backend).toBe('blst');
    expect(out.reasonType).toBe('undefined');
    expect(out.verifies).toBe(true);
    expect(out.blstImport).toEqual({ ok: true, backend: 'blst' });
  });
});

// ---------------------------------------------------------------------------------------------
// (f) export conditions

type ConditionMap = { [condition: string]: string | ConditionMap };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | ConditionMap>;
};

/** Every target file under a condition map, as [condition path, target]. */
function targets(map: string | ConditionMap, path: string[] = []): [string, string][] {
  if (typeof map === 'string') return [[path.join('.'), map]];
  return Object.entries(map).flatMap(([k, v]) => targets(v, [...path, k]));
}

describe('(f) export conditions in package.json', () => {
  it("'.': node first, pointing at node files; import and require (no node) at index files", () => {
    const root = pkg.exports['.'] as ConditionMap;
    // Conditions match in order: node must come before import/require or Node would take index.*.
    expect(Object.keys(root)[0]).toBe('node');
    const nodeTargets = targets(root.node as ConditionMap);
    expect(nodeTargets.length).toBeGreaterThan(0);
    for (const [, file] of nodeTargets) expect(file).toMatch(/^\.\/dist\/node\.(d\.)?c?[jt]s$/);
    for (const condition of ['import', 'require']) {
      const files = targets(root[condition] as ConditionMap);
      expect(files.length, condition).toBeGreaterThan(0);
      for (const [, file] of files) expect(file, condition).toMatch(/^\.\/dist\/index\.(d\.)?c?[jt]s$/);
    }
    expect(targets(root.import as ConditionMap).find(([c]) => c === 'default')?.[1]).toBe('./dist/index.js');
    expect(targets(root.require as ConditionMap).find(([c]) => c === 'default')?.[1]).toBe('./dist/index.cjs');
    // TypeScript requires `types` first within each condition object.
    const firstKeys = (m: ConditionMap): void => {
      if ('types' in m) expect(Object.keys(m)[0]).toBe('types');
      for (const v of Object.values(m)) if (typeof v !== 'string') firstKeys(v);
    };
    firstKeys(root);
  });

  it("'./blst' has only a node condition; './noble' has no node-only files", () => {
    const blstEntry = pkg.exports['./blst'] as ConditionMap;
    expect(Object.keys(blstEntry)).toEqual(['node']);
    for (const [, file] of targets(blstEntry)) expect(file).toMatch(/^\.\/dist\/blst\./);
    for (const [, file] of targets(pkg.exports['./noble'] as ConditionMap)) expect(file).toMatch(/^\.\/dist\/noble\./);
  });
});

describe('(f) bundling the built package by name', () => {
  const BUILD_LIMIT_MS = 60_000;
  let work: string | undefined;
  let skipReason: string | undefined;

  beforeAll(() => {
    // A temporary app: node_modules/dvt-bls is the package (its package.json and a fresh build of
    // the current sources), node_modules/@noble the real dependency.
    work = mkdtempSync(join(tmpdir(), 'dvt-bls-bundle-'));
    const pkgDir = join(work, 'node_modules', 'dvt-bls');
    mkdirSync(pkgDir, { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@noble'), join(work, 'node_modules', '@noble'), 'dir');
    writeFileSync(join(pkgDir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    const started = Date.now();
    // The repository's tsup config with the output redirected; declarations are skipped (the
    // bundles do not need them, and they are most of the build time).
    const build = spawnSync(TSUP, ['--out-dir', join(pkgDir, 'dist'), '--no-dts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: BUILD_LIMIT_MS,
    });
    const took = Date.now() - started;
    if (build.error || build.status !== 0) {
      const timedOut = (build.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || took >= BUILD_LIMIT_MS;
      if (timedOut) skipReason = `the tsup build did not finish within ${BUILD_LIMIT_MS / 1000} s on this machine`;
      else throw new Error(`tsup build failed (status ${build.status}):\n${build.stdout}\n${build.stderr}`);
    }
  }, 90_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Bundles `source` as an app entry with esbuild; returns the output and the files it took in. */
  function bundle(source: string, platform: 'browser' | 'node', format: 'esm' | 'cjs' = 'esm'): { code: string; inputs: string[] } {
    const dir = work as string;
    const entry = join(dir, `entry-${platform}-${format}-${Math.random().toString(36).slice(2)}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    const outfile = `${entry}.out.js`;
    const metafile = `${entry}.meta.json`;
    writeFileSync(entry, source);
    execFileSync(
      ESBUILD,
      [entry, '--bundle', `--platform=${platform}`, `--format=${format}`, `--outfile=${outfile}`, `--metafile=${metafile}`, '--log-level=error'],
      { cwd: dir, encoding: 'utf8', stdio: 'pipe' }
    );
    const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown> };
    return { code: readFileSync(outfile, 'utf8'), inputs: Object.keys(meta.inputs) };
  }

  const skipIfNoBuild = (ctx: { skip: (note?: string) => never }): void => {
    if (skipReason !== undefined) ctx.skip(skipReason);
  };

  it("platform=browser, import { sign } from 'dvt-bls': dist/index.js, nothing native, no node: built-ins", (ctx) => {
    skipIfNoBuild(ctx);
    const { code, inputs } = bundle("import { sign, backend } from 'dvt-bls';\nconsole.log(typeof sign, backend);\n", 'browser');
    expect(inputs.some((f) => /node_modules\/dvt-bls\/dist\/index\.js$/.test(f)), inputs.join('\n')).toBe(true);
    expect(inputs.some((f) => /dist\/node\.js$/.test(f)), inputs.join('\n')).toBe(false);
    expect(code).not.toContain('@chainsafe/blst');
    expect(code).not.toContain('node:module');
    expect(code).not.toContain('createRequire');
  });

  it("platform=browser, require('dvt-bls'): dist/index.cjs, nothing native, no node: built-ins", (ctx) => {
    skipIfNoBuild(ctx);
    const { code, inputs } = bundle("const { sign } = require('dvt-bls');\nconsole.log(typeof sign);\n", 'browser', 'cjs');
    expect(inputs.some((f) => /node_modules\/dvt-bls\/dist\/index\.cjs$/.test(f)), inputs.join('\n')).toBe(true);
    expect(code).not.toContain('@chainsafe/blst');
    expect(code).not.toContain('node:module');
  });

  it("platform=browser, 'dvt-bls/noble': nothing native; 'dvt-bls/blst' does not resolve", (ctx) => {
    skipIfNoBuild(ctx);
    const noble = bundle("import { sign } from 'dvt-bls/noble';\nconsole.log(typeof sign);\n", 'browser');
    expect(noble.code).not.toContain('@chainsafe/blst');
    expect(noble.code).not.toContain('node:module');
    expect(() => bundle("import { sign } from 'dvt-bls/blst';\nconsole.log(typeof sign);\n", 'browser')).toThrow(
      /Could not resolve "dvt-bls\/blst"/
    );
  });

  it("control: platform=node resolves 'dvt-bls' to dist/node.js, which loads @chainsafe/blst", (ctx) => {
    skipIfNoBuild(ctx);
    const { code, inputs } = bundle("import { sign } from 'dvt-bls';\nconsole.log(typeof sign);\n", 'node');
    expect(inputs.some((f) => /node_modules\/dvt-bls\/dist\/node\.js$/.test(f)), inputs.join('\n')).toBe(true);
    expect(code).toContain('@chainsafe/blst');
  });

  it('the built browser entry runs: the ESM bundle signs and verifies in a plain Node without the native package', (ctx) => {
    skipIfNoBuild(ctx);
    const { code } = bundle(
      [
        "import { getPublicKey, sign, verify, backend, backendFallbackReason } from 'dvt-bls';",
        'const sk = new Uint8Array(32).fill(7);',
        'const msg = new Uint8Array([1, 2, 3]);',
        'console.log(JSON.stringify({ backend, reason: backendFallbackReason, ok: verify(getPublicKey(sk), msg, sign(sk, msg)) }));',
      ].join('\n'),
      'browser'
    );
    const file = join(work as string, 'browser-bundle-run.mjs');
    writeFileSync(file, code);
    const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim()) as Record<string, unknown>;
    expect(out).toMatchObject({ backend: 'noble', ok: true });
    expect(String(out.reason)).toMatch(/not a Node\.js build/);
  });
});

it('the tsx loader and esbuild binary this file relies on exist', () => {
  expect(existsSync(TSX_LOADER), TSX_LOADER).toBe(true);
  expect(existsSync(ESBUILD), ESBUILD).toBe(true);
  expect(existsSync(TSUP), TSUP).toBe(true);
});
