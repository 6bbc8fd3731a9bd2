/**
 * Helpers the sections share: one variant per library that can do an operation, skips with their
 * reasons, and the size lists of each mode.
 * @module
 */
import type { Libraries } from '../libraries';
import type { BenchLibrary, Operation } from '../peers/types';
import type { LibraryId, Mode, Skip, Variant } from '../types';
import { OUR_LIBRARIES } from '../types';

export const isOurs = (id: LibraryId): boolean => OUR_LIBRARIES.includes(id);

/** The two pure-JavaScript implementations: the slow ones, capped at large sizes. */
export const PURE_JS: readonly LibraryId[] = ['dvt-bls/noble', 'noble'];

/**
 * One variant per library that has `operation` (ours as `ours`, the others as `peer`), in display
 * order; the others are listed as skipped with the library's own reason, or `skip`'s.
 * @param make - The call for a library, or undefined if it cannot do the job.
 * @param skip - A reason to leave a library out of this case (its cost at this size, say).
 */
export function libraryVariants(
  libs: Libraries,
  operation: Operation,
  make: (lib: BenchLibrary) => (() => unknown) | undefined,
  skip: (id: LibraryId) => string | undefined = () => undefined
): { variants: Variant[]; skipped: Skip[] } {
  const variants: Variant[] = [];
  const skipped: Skip[] = [];
  for (const lib of libs.all) {
    const reason = skip(lib.id);
    if (reason !== undefined) {
      skipped.push({ library: lib.id, reason });
      continue;
    }
    const run = make(lib);
    if (run === undefined) {
      skipped.push({ library: lib.id, reason: lib.missing[operation] ?? 'no equivalent' });
      continue;
    }
    const note = lib.notes[operation];
    variants.push({ library: lib.id, role: isOurs(lib.id) ? 'ours' : 'peer', run, ...(note === undefined ? {} : { note }) });
  }
  return { variants, skipped };
}

/** The reason quick runs give for leaving a slow library out of a large case. */
export const QUICK_SKIP = 'left out of --quick runs at this size (see the full run)';

/** Picks the value (a list of sizes, or one size) of a mode. */
export function sizes<T>(mode: Mode, full: T, quick: T, smoke: T): T {
  return mode.smoke ? smoke : mode.quick ? quick : full;
}

/**
 * Why a portable peer beats the noble backend: the arithmetic underneath (noble's BigInt
 * JavaScript against herumi's WebAssembly); the raw noble column shows dvt-bls's own layer costs
 * little on top of noble.
 */
export function portableGap(peer: LibraryId, extra = ''): string {
  if (peer === 'herumi') {
    return (
      "herumi is mcl compiled to WebAssembly (fixed-width limbs, Montgomery multiplication) where noble computes with JavaScript BigInts: decoding and checking points, hashing to the curve and pairings cost several times more. Compare the raw noble column: dvt-bls on noble is close to it, so the gap is in the arithmetic underneath, not in dvt-bls's layer." +
      (extra ? ` ${extra}` : '')
    );
  }
  return `raw noble does less than dvt-bls here: ${extra || 'dvt-bls validates its inputs on every call.'}`;
}

/** Why raw blst beats the native backend: the same native calls plus what dvt-bls adds around them. */
export function blstOverhead(what: string): string {
  return `dvt-bls makes the same native blst calls; the extra time is ${what}.`;
}
