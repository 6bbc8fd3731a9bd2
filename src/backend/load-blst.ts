/**
 * Node-only: loads `@chainsafe/blst` and picks the backend for the root entry. The only module
 * that touches `node:` built-ins; browser bundles never reach it (see package.json export
 * conditions).
 * @module
 */
import { createRequire } from 'node:module';
import type * as Blst from '@chainsafe/blst';
import { DvtBlsError } from '../errors';
import { createBlstBackend } from './blst';
import { nobleBackend } from './noble';
import type { Backend } from './types';

/** Loads the native module; throws whatever `require` throws. */
export type NativeLoader = () => typeof Blst;

const requireBlst: NativeLoader = () => createRequire(import.meta.url)('@chainsafe/blst') as typeof Blst;

/**
 * The blst backend, or a `BACKEND_UNAVAILABLE` error saying why the native module did not load
 * (not installed, no prebuilt binary for this platform, ABI mismatch, ...).
 */
export function loadBlstBackend(load: NativeLoader = requireBlst): Backend {
  let blst: typeof Blst;
  try {
    blst = load();
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new DvtBlsError('BACKEND_UNAVAILABLE', `@chainsafe/blst: the native module could not load (${reason})`);
  }
  return createBlstBackend(blst);
}

/** The backend chosen for the root entry in Node, and why noble was chosen if it was. */
export interface BackendSelection {
  backend: Backend;
  /** Why the native backend is not in use; undefined when it is. */
  fallbackReason: string | undefined;
}

/**
 * blst when it loads, noble otherwise; never throws. `DVT_BLS_BACKEND=noble` in the environment
 * forces the portable backend (for reproducing a browser's behaviour on a server, say).
 */
export function selectBackend(load: NativeLoader = requireBlst): BackendSelection {
  if (typeof process !== 'undefined' && process.env?.DVT_BLS_BACKEND === 'noble') {
    return { backend: nobleBackend, fallbackReason: 'DVT_BLS_BACKEND=noble is set' };
  }
  try {
    return { backend: loadBlstBackend(load), fallbackReason: undefined };
  } catch (e) {
    return { backend: nobleBackend, fallbackReason: (e as Error).message };
  }
}
