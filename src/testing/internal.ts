/**
 * Helpers shared by the modules of `dvt-bls/testing` (not exported from it): deterministic
 * randomness from fast-check bytes, lazy fields, bounds checks, and building a sharing.
 * @module
 */
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type { PublicKeyShare, RandomBytes } from '../api/types';
import * as nobleEntry from '../noble';
import type { IdOptions, IdRange, Sharing, SizeBounds, SizeRange, ThresholdConfig, ThresholdConfigOptions } from './index';

/** The API the arbitraries use unless given another: the portable backend, as `dvt-bls/noble`. */
export const defaultBls: DvtBls = nobleEntry;

/** The group order r, written out so the kit does not depend on internals. */
export const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const MAX_ID = Number.MAX_SAFE_INTEGER;

// -------------------------------------------------------------------------------------------------
// Deterministic randomness from fast-check bytes.

/**
 * SHA-256 in counter mode: block i is SHA-256(prefix ‖ u32 big-endian i), i counting on across
 * calls; a call takes whole blocks and drops what it does not use of the last. The one
 * deterministic stream behind the kit's, the tests' and the vector generator's randomness.
 */
export function counterModeBytes(prefix: Uint8Array): RandomBytes {
  const block = new Uint8Array(prefix.length + 4);
  block.set(prefix);
  const counterView = new DataView(block.buffer, prefix.length, 4);
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      counterView.setUint32(0, counter++);
      out.set(sha256(block).subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

/**
 * A `randomBytes` that hands out `bytes` in order and, past their end, SHA-256 in counter mode
 * over them: deterministic, and shrinking `bytes` towards zeros shrinks what they feed (48 zero
 * bytes make the scalar 1 in `generateSecretKey` and in `splitSecret`'s coefficients).
 */
export function byteStream(bytes: Uint8Array): RandomBytes {
  const source = bytes.slice();
  const beyond = counterModeBytes(source);
  let offset = 0;
  return (length) => {
    const out = new Uint8Array(length);
    const direct = Math.min(length, source.length - offset);
    out.set(source.subarray(offset, offset + direct));
    offset += direct;
    if (direct < length) out.set(beyond(length - direct), direct);
    return out;
  };
}

export function bytes32(scalar: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = scalar;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Defines `key` on `target` as an enumerable getter computing `compute()` once, on first access. */
export function lazy<T extends object, K extends string, V>(target: T, key: K, compute: () => V): T & { readonly [P in K]: V } {
  let cached: { value: V } | undefined;
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => (cached ??= { value: compute() }).value,
  });
  return target as T & { readonly [P in K]: V };
}

/** The ids, ascending (a copy). */
export const ascending = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/** Checks an id range; the defaults fill in a missing bound. */
export function checkedIdRange(range: IdRange): { min: number; max: number } {
  const min = range.min ?? 1;
  const max = range.max ?? MAX_ID;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 1 || max < min) {
    throw new RangeError(`options.idRange: expected integers 1 <= min <= max <= 2^53 - 1, got [${min}, ${max}]`);
  }
  return { min, max };
}

/** Checks a size range; `defaults` fill in a missing bound. */
export function sizeBounds(size: SizeRange | undefined, defaults: Required<SizeBounds>, name: string): Required<SizeBounds> {
  const min = size === undefined ? defaults.min : typeof size === 'number' ? size : (size.min ?? defaults.min);
  const max = size === undefined ? defaults.max : typeof size === 'number' ? size : (size.max ?? defaults.max);
  if (!Number.isInteger(min) || !(Number.isInteger(max) || max === Infinity) || min < 0 || max < min) {
    throw new RangeError(`${name}: expected integers 0 <= min <= max, got [${min}, ${max}]`);
  }
  return { min, max };
}

/** `bls.splitSecret` of `secretKey` with coefficients drawn from `coefficients`, as a {@link Sharing}. */
export function makeSharing(bls: DvtBls, config: ThresholdConfig, secretKey: Uint8Array, coefficients: Uint8Array): Sharing {
  const { shares, commitments } = bls.splitSecret(secretKey, {
    threshold: config.threshold,
    ids: config.ids,
    randomBytes: byteStream(coefficients),
  });
  const sharing = {
    threshold: config.threshold,
    ids: [...config.ids],
    secretKey: secretKey.slice(),
    groupPublicKey: commitments[0] as Uint8Array,
    shares,
    commitments,
  };
  return lazy(sharing, 'publicKeyShares', () =>
    shares.map((s): PublicKeyShare => ({ id: s.id, publicKey: bls.getPublicKey(s.secretKey) }))
  );
}

/** Ids as `arbId` makes them (see its documentation). */
export function idArbitrary(options: IdOptions): fc.Arbitrary<number> {
  if (options.idRange === undefined) {
    return fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 32 }));
  }
  return fc.integer(checkedIdRange(options.idRange));
}

/** Checks the size bounds of a configuration (n at least minThreshold, ids enough for minN). */
export function checkedSizes(options: ThresholdConfigOptions): { minN: number; maxN: number; minThreshold: number } {
  const minThreshold = options.minThreshold ?? 1;
  const minN = Math.max(options.minN ?? 1, minThreshold);
  const maxN = options.maxN ?? Math.max(10, minN);
  if (![minThreshold, minN, maxN].every(Number.isSafeInteger) || minThreshold < 1 || maxN < minN) {
    throw new RangeError(
      `options: expected integers 1 <= minThreshold <= minN <= maxN, got minThreshold ${minThreshold}, minN ${minN}, maxN ${maxN}`
    );
  }
  if (options.idRange !== undefined) {
    const { min, max } = checkedIdRange(options.idRange);
    if (max - min + 1 < minN) {
      throw new RangeError(`options.idRange: [${min}, ${max}] holds fewer than minN = ${minN} distinct ids`);
    }
    return { minN, maxN: Math.min(maxN, max - min + 1), minThreshold };
  }
  return { minN, maxN, minThreshold };
}

/** Configurations as `arbThresholdConfig` makes them (see its documentation). */
export function configArbitrary(options: ThresholdConfigOptions): fc.Arbitrary<ThresholdConfig> {
  const { minN, maxN, minThreshold } = checkedSizes(options);
  const id = idArbitrary(options);
  return fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc.record({
      threshold: fc.integer({ min: minThreshold, max: n }),
      ids: fc.uniqueArray(id, { minLength: n, maxLength: n }),
    })
  );
}
