import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', noble: 'src/noble.ts' };

export default defineConfig([
  // ESM: dependencies stay external so applications share one copy of noble.
  { entry, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', outDir: 'dist' },
  // CJS: @noble/* v2 ships ESM only, and require() of ESM needs Node >= 20.19; bundling noble
  // into the CJS build keeps `require('dvt-bls')` working on every Node 20.
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    outDir: 'dist',
    noExternal: [/^@noble\//],
  },
]);
