import { defineConfig } from 'tsup';

// index: the root for browsers and other runtimes (noble only, nothing native, no `node:` imports);
// node: the root in Node (blst when it loads, else noble); noble and blst: explicit backends.
const entry = { index: 'src/index.ts', node: 'src/node.ts', noble: 'src/noble.ts', blst: 'src/blst.ts', eth: 'src/eth/index.ts', testing: 'src/testing/index.ts' };

export default defineConfig([
  // ESM: dependencies stay external so applications share one copy of noble.
  // The CLI (`bin`) is ESM only and keeps its shebang.
  { entry: { ...entry, cli: 'src/cli/main.ts' }, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', outDir: 'dist' },
  // CJS: @noble/* v2 ships ESM only, and require() of ESM needs Node >= 20.19; bundling noble
  // into the CJS build keeps `require('dvt-bls')` working on every Node 20. `shims` gives the
  // Node loader its import.meta.url under CJS.
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    outDir: 'dist',
    noExternal: [/^@noble\//],
    shims: true,
  },
]);
