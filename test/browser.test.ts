/**
 * The browser build, proven in a browser: builds examples/browser/ (scripts/build-browser-example.ts,
 * which resolves `dvt-bls` through the package's exports map with browser conditions), serves it on
 * 127.0.0.1, runs it in headless Chromium and checks what the page reports; checks that the bundle
 * holds neither the native module nor `node:` imports; and measures its size against a bundle of
 * noble-curves' own bls12-381, written to docs/browser.md on request (DVT_BLS_WRITE_DOCS=1).
 *
 * Needs Debian's Chromium (`apt-get install -y chromium`, which .ci/run does) or CHROMIUM_PATH:
 * without it the test fails, saying so. `DVT_BLS_BROWSER_FROM=dist` bundles the built dist/
 * instead of the sources (CI does that after `npm run build`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as noble from '../src/noble';
import {
  EXAMPLE_DIR,
  NOBLE_REFERENCE_SOURCE,
  OUT_DIR,
  ROOT,
  buildBrowserExample,
  buildNobleReference,
  type BrowserBuild,
  type BundleSize,
} from '../scripts/build-browser-example';
import { fromHex } from './helpers/rng';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FROM = process.env.DVT_BLS_BROWSER_FROM === 'dist' ? 'dist' : 'source';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** A static server for `dir` on 127.0.0.1, on a port the system picks; it logs the paths asked for. */
async function serve(dir: string, requested: string[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requested.push(path);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !(extname(file) in TYPES)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] as string, 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let example: BrowserBuild;
let reference: BundleSize;
let server: Server | undefined;
let origin: string;
let browser: Browser | undefined;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (CI's .ci/run installs it), or set CHROMIUM_PATH to a Chromium binary`
    );
  }
  example = await buildBrowserExample({ from: FROM });
  reference = await buildNobleReference();
  ({ server, origin } = await serve(EXAMPLE_DIR, requested));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe(`the browser example (dvt-bls from ${FROM})`, () => {
  it('takes the browser root through the exports map, with no native module and no node: imports', () => {
    expect(example.rootEntry).toBe(FROM === 'source' ? 'src/index.ts' : 'dist/index.js');
    const forbidden = ['src/node.ts', 'src/blst.ts', 'src/backend/load-blst.ts', 'dist/node.js', 'dist/blst.js'];
    for (const input of example.inputs) {
      expect(forbidden, `bundle input ${input}`).not.toContain(input);
      expect(input).not.toContain('@chainsafe');
    }
    expect(example.inputs.some((i) => i.includes('node_modules/@noble/curves/'))).toBe(true);
    expect(example.text).not.toContain('@chainsafe/blst');
    expect(example.text).not.toMatch(/["'`]node:[a-z_/]+["'`]/);
    expect(example.text).not.toContain('createRequire');
    expect(example.externalImports).toEqual([]);
  });

  it('splits, partially signs, names the culprit, combines and verifies in headless Chromium', async () => {
    const page = await (browser as Browser).newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    try {
      await page.goto(`${origin}/index.html`);
      await page.waitForSelector('#result[data-status]', { timeout: 60_000 });
      const status = await page.getAttribute('#result', 'data-status');
      const outcome = JSON.parse((await page.textContent('#result')) ?? '{}') as Record<string, unknown>;
      await page.screenshot({ path: join(OUT_DIR, 'screenshot.png'), fullPage: true });

      expect(status, `the page reports: ${JSON.stringify(outcome)}`).toBe('ok');
      expect(outcome).toMatchObject({
        status: 'ok',
        backend: 'noble',
        threshold: 3,
        ids: [1, 2, 3, 4, 5],
        answered: [1, 2, 4, 5],
        invalid: [2],
        signers: [1, 4, 5],
        verified: true,
        sameAsDirectSignature: true,
      });
      // The bytes the browser produced verify here too, and only on their message.
      const [publicKey, message, signature] = (['groupPublicKey', 'message', 'signature'] as const).map((k) =>
        fromHex(outcome[k] as string)
      ) as [Uint8Array, Uint8Array, Uint8Array];
      expect(new TextDecoder().decode(message)).toBe('dvt-bls browser example: a signing root');
      expect(noble.verify(publicKey, message, signature)).toBe(true);
      expect(noble.verify(publicKey, Uint8Array.from([...message, 0]), signature)).toBe(false);
      expect(await page.textContent('#summary')).toContain('signature verified');

      expect(problems).toEqual([]);
      expect(elsewhere, 'the page loads nothing from anywhere else').toEqual([]);
      expect(requested).toContain('/dist/main.js');
    } finally {
      await page.close();
    }
  });

  it('bundle size against noble-curves bls12-381 (printed; written to docs/browser.md with DVT_BLS_WRITE_DOCS=1)', () => {
    const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
    const groups = new Map<string, number>();
    for (const [file, bytes] of Object.entries(example.bytesByInput)) {
      const group =
        /node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\//.exec(file)?.[1] ??
        /^src\/([^/]+)\//.exec(file)?.[0] ??
        (file.startsWith('src/') ? 'src/*.ts (entries, errors, bytes)' : file);
      groups.set(group, (groups.get(group) ?? 0) + bytes);
    }
    const lines = [
      '| bundle | minified | gzipped |',
      '| --- | ---: | ---: |',
      `| the example page (\`import … from 'dvt-bls'\`: split, partial signatures, \`combineVerified\`, \`verify\`) | ${kib(example.bytes)} | ${kib(example.gzipBytes)} |`,
      `| \`import { bls12_381 } from '@noble/curves/bls12-381.js'\` with a trivial use | ${kib(reference.bytes)} | ${kib(reference.gzipBytes)} |`,
      `| ratio | ${ratio(example.bytes, reference.bytes)} | ${ratio(example.gzipBytes, reference.gzipBytes)} |`,
      '',
      'Where the example\'s minified bytes come from (esbuild metafile, before gzip):',
      '',
      '| source | minified |',
      '| --- | ---: |',
      ...[...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, bytes]) => `| \`${group}\` | ${kib(bytes)} |`),
      '',
      `The noble reference is \`${NOBLE_REFERENCE_SOURCE.replace(/\n/g, ' ')}\`.`,
    ];
    console.log(`\nbrowser bundle (dvt-bls from ${FROM}):\n${lines.join('\n')}\n`);

    // Everything of noble's BLS12-381 is in both; the rest is ours. A generous budget, to catch
    // an accidental dependency (say, a Node polyfill) rather than to hold the size to a number.
    expect(example.gzipBytes).toBeGreaterThan(reference.gzipBytes);
    expect(example.gzipBytes, 'the example bundle grew past 4× noble-curves bls12-381 (gzipped)').toBeLessThan(4 * reference.gzipBytes);

    // A test run does not change committed files: the table in docs/browser.md is regenerated on
    // request only (DVT_BLS_WRITE_DOCS=1, source build).
    if (FROM === 'source' && process.env.DVT_BLS_WRITE_DOCS === '1') {
      const docPath = join(ROOT, 'docs', 'browser.md');
      const doc = readFileSync(docPath, 'utf8');
      const begin = '<!-- bundle-sizes:begin -->';
      const end = '<!-- bundle-sizes:end -->';
      const from = doc.indexOf(begin);
      const to = doc.indexOf(end);
      expect(from, `docs/browser.md: the ${begin} ... ${end} markers`).toBeGreaterThanOrEqual(0);
      expect(to).toBeGreaterThan(from);
      const updated = `${doc.slice(0, from + begin.length)}\n${lines.join('\n')}\n${doc.slice(to)}`;
      if (updated !== doc) writeFileSync(docPath, updated);
    }
  });
});
