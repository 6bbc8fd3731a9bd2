/**
 * `dvt-bls/blst`: the whole API on the native `@chainsafe/blst` backend, or an error. Importing it
 * throws a `DvtBlsError` with code `BACKEND_UNAVAILABLE`, saying why, where the native module
 * cannot load (or where `DVT_BLS_BACKEND=noble` switches it off). Same exports as the root entry.
 * @module
 */
import { DvtBlsError } from './errors';
import { backend, backendFallbackReason } from './node';

if (backend !== 'blst') {
  throw new DvtBlsError('BACKEND_UNAVAILABLE', `dvt-bls/blst: ${backendFallbackReason ?? 'native backend not loaded'}`);
}

export * from './node';
