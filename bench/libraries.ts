/**
 * Every implementation the suite measures, loaded once per thread, in display order.
 * @module
 */
import { readFileSync } from 'node:fs';
import { loadHerumi } from './peers/herumi';
import { rawBlst } from './peers/blst';
import { rawNoble } from './peers/noble';
import { oursBlst, oursNoble } from './peers/ours';
import type { BenchLibrary } from './peers/types';
import type { LibraryId } from './types';

export type Herumi = Awaited<ReturnType<typeof loadHerumi>>;

export interface Libraries {
  byId: Record<LibraryId, BenchLibrary>;
  /** In display order: ours first, then the peers. */
  all: BenchLibrary[];
  herumi: Herumi;
}

let loaded: Promise<Libraries> | undefined;

export function loadLibraries(): Promise<Libraries> {
  loaded ??= (async () => {
    const herumi = await loadHerumi();
    const all = [oursBlst(), oursNoble(), rawBlst, rawNoble, herumi];
    const byId = Object.fromEntries(all.map((l) => [l.id, l])) as Record<LibraryId, BenchLibrary>;
    return { byId, all, herumi };
  })();
  return loaded;
}

/** Installed versions of the measured packages (from their package.json files). */
export function packageVersions(): Record<string, string> {
  const version = (path: string): string => {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    'dvt-bls': version('../package.json'),
    '@chainsafe/blst': version('../node_modules/@chainsafe/blst/package.json'),
    '@noble/curves': version('../node_modules/@noble/curves/package.json'),
    'bls-eth-wasm': version('../node_modules/bls-eth-wasm/package.json'),
  };
}
