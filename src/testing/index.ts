/**
 * `dvt-bls/testing`: fast-check arbitraries for testing code built on dvt-bls (and dvt-bls itself).
 *
 * Secret keys, valid (t, n) configurations with distinct ids, sharings with their commitments and
 * public key shares, subsets of a sharing, partial signature sets with a chosen number of corrupted
 * members (and what `combineVerified` must make of them), and malformed point encodings tagged
 * with what is wrong with them.
 *
 * Everything is deterministic by fast-check seed: every scalar is derived from bytes fast-check
 * generated (never `Math.random`, never the platform CSPRNG), so `fc.assert(..., { seed })`
 * replays exactly. `fast-check` is a peer dependency, needed only by this entry: the main entries
 * never import it. Each arbitrary takes an optional `bls` (default: the portable noble-bound API
 * of `dvt-bls/noble`), so the same properties run on any backend.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { combineSignatures, partialSign, sign } from 'dvt-bls';
 * import { arbSharing, arbSubset } from 'dvt-bls/testing';
 * const message = new Uint8Array(32);
 * fc.assert(
 *   fc.property(
 *     arbSharing({ maxN: 7 }).chain((s) => fc.tuple(fc.constant(s), arbSubset(s.shares, s.threshold))),
 *     ([sharing, signers]) => {
 *       const combined = combineSignatures(signers.map((share) => partialSign(share, message)));
 *       return Buffer.from(combined).equals(Buffer.from(sign(sharing.secretKey, message)));
 *     }
 *   ),
 *   { seed: 42, numRuns: 10 }
 * );
 * ```
 * @module
 */
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type {
  CombineVerifiedInput,
  PartialSignature,
  PublicKeyShare,
  RandomBytes,
  SecretKeyShare,
} from '../api/types';
import * as nobleEntry from '../noble';
import { arbMalformedSignature, type MalformedEncoding, type MalformedKind } from './encodings';

export {
  MALFORMED_KINDS,
  arbMalformedPublicKey,
  arbMalformedSignature,
  offCurveG1,
  offCurveG2,
  outsideSubgroupG1,
  outsideSubgroupG2,
  type Fp2Coordinates,
  type G1SearchStart,
  type G2SearchStart,
  type MalformedEncoding,
  type MalformedKind,
  type MalformedOptions,
} from './encodings';

/** The API the arbitraries use unless given another: the portable backend, as `dvt-bls/noble`. */
const defaultBls: DvtBls = nobleEntry;

/** The group order r, written out so the kit does not depend on internals. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const MAX_ID = Number.MAX_SAFE_INTEGER;

// -------------------------------------------------------------------------------------------------
// Deterministic randomness from fast-check bytes.

/**
 * A `randomBytes` that hands out `bytes` in order and, past their end, SHA-256 in counter mode
 * over them: deterministic, and shrinking `bytes` towards zeros shrinks what they feed (48 zero
 * bytes make the scalar 1 in `generateSecretKey` and in `splitSecret`'s coefficients).
 */
function byteStream(bytes: Uint8Array): RandomBytes {
  const source = bytes.slice();
  let offset = 0;
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    const direct = Math.min(length, source.length - offset);
    out.set(source.subarray(offset, offset + direct));
    offset += direct;
    for (let at = direct; at < length; at += 32) {
      const block = new Uint8Array(source.length + 4);
      block.set(source);
      new DataView(block.buffer).setUint32(source.length, counter++);
      out.set(sha256(block).subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

function bytes32(scalar: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = scalar;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Defines `key` on `target` as an enumerable getter computing `compute()` once, on first access. */
function lazy<T extends object, K extends string, V>(target: T, key: K, compute: () => V): T & { readonly [P in K]: V } {
  let cached: { value: V } | undefined;
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => (cached ??= { value: compute() }).value,
  });
  return target as T & { readonly [P in K]: V };
}

const ascending = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/**
 * The option every arbitrary that calls the API takes.
 * @example
 * ```ts
 * import * as bls from 'dvt-bls';
 * import { arbSharing, type BlsOption } from 'dvt-bls/testing';
 * const options: BlsOption = { bls }; // in Node, the root's backend: blst when it loads
 * const arb = arbSharing(options);
 * ```
 */
export interface BlsOption {
  /**
   * The API to split and sign with (default: the portable noble-bound API of `dvt-bls/noble`).
   * Pass another, such as `createDvtBls(backend)` or the Node root, to run on its backend.
   */
  bls?: DvtBls;
}

// -------------------------------------------------------------------------------------------------
// Secret keys, ids, configurations.

/**
 * Options of {@link arbSecretKey}.
 * @example
 * ```ts
 * import * as bls from 'dvt-bls';
 * import { arbSecretKey, type SecretKeyOptions } from 'dvt-bls/testing';
 * const options: SecretKeyOptions = { bls };
 * const arb = arbSecretKey(options);
 * ```
 */
export interface SecretKeyOptions extends BlsOption {}

/**
 * 32-byte secret keys, uniform-ish in [1, r): half straight from a scalar (fast-check favours the
 * edges 1 and r - 1 and small values), half from `generateSecretKey` fed 48 generated bytes. The
 * bytes are a plain copy (not marked `<redacted>`), so a counterexample shows them.
 * @param options - `bls`: the API whose `generateSecretKey` maps bytes to a key.
 * @returns An arbitrary of valid secret keys.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { getPublicKey } from 'dvt-bls';
 * import { arbSecretKey } from 'dvt-bls/testing';
 * fc.assert(fc.property(arbSecretKey(), (sk) => getPublicKey(sk).length === 48), { numRuns: 5 });
 * ```
 */
export function arbSecretKey(options: SecretKeyOptions = {}): fc.Arbitrary<Uint8Array> {
  const bls = options.bls ?? defaultBls;
  return fc.oneof(
    fc.bigInt({ min: 1n, max: R - 1n }).map(bytes32),
    fc.uint8Array({ minLength: 48, maxLength: 48 }).map((seed) => bls.generateSecretKey({ randomBytes: byteStream(seed) }).slice())
  );
}

/**
 * An inclusive range of share ids, integers in [1, 2^53 - 1].
 * @example
 * ```ts
 * import type { IdRange } from 'dvt-bls/testing';
 * const operatorIds: IdRange = { min: 1, max: 2 ** 32 - 1 };
 * ```
 */
export interface IdRange {
  /** Smallest id (default 1). */
  min?: number;
  /** Largest id (default 2^53 - 1). */
  max?: number;
}

/**
 * Options of {@link arbId}.
 * @example
 * ```ts
 * import { arbId, type IdOptions } from 'dvt-bls/testing';
 * const options: IdOptions = { idRange: { min: 1, max: 64 } };
 * const arb = arbId(options);
 * ```
 */
export interface IdOptions {
  /**
   * Where ids come from. Default: a mix of small ids (1..64, as operators number themselves) and
   * any in [1, 2^32] (ids beyond 2^31 catch libraries that store them as int32, as herumi's
   * `Id.setInt` does).
   */
  idRange?: IdRange;
}

function checkedIdRange(range: IdRange): { min: number; max: number } {
  const min = range.min ?? 1;
  const max = range.max ?? MAX_ID;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 1 || max < min) {
    throw new RangeError(`options.idRange: expected integers 1 <= min <= max <= 2^53 - 1, got [${min}, ${max}]`);
  }
  return { min, max };
}

/**
 * Share ids: integers >= 1, as dvt-bls evaluates the polynomial at x = id.
 * @param options - `idRange` to bound them.
 * @returns An arbitrary of valid ids.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbId } from 'dvt-bls/testing';
 * fc.sample(arbId({ idRange: { min: 1, max: 16 } }), { seed: 1, numRuns: 4 }); // four ids in [1, 16]
 * ```
 */
export function arbId(options: IdOptions = {}): fc.Arbitrary<number> {
  if (options.idRange === undefined) {
    return fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 32 }));
  }
  return fc.integer(checkedIdRange(options.idRange));
}

/**
 * A valid threshold configuration: t of the n = `ids.length` shares sign.
 * @example
 * ```ts
 * import type { ThresholdConfig } from 'dvt-bls/testing';
 * const config: ThresholdConfig = { threshold: 3, ids: [1, 2, 3, 4] };
 * ```
 */
export interface ThresholdConfig {
  /** t, with 1 <= t <= n. */
  threshold: number;
  /** n distinct ids, in no particular order. */
  ids: number[];
}

/**
 * Options of {@link arbThresholdConfig}.
 * @example
 * ```ts
 * import { arbThresholdConfig, type ThresholdConfigOptions } from 'dvt-bls/testing';
 * const options: ThresholdConfigOptions = { minN: 4, maxN: 10, idRange: { min: 1, max: 100 } };
 * const arb = arbThresholdConfig(options);
 * ```
 */
export interface ThresholdConfigOptions extends IdOptions {
  /** Smallest n (default 1). */
  minN?: number;
  /** Largest n (default 10). Keep it small on the pure-JavaScript backend: each share costs. */
  maxN?: number;
  /** Smallest t (default 1); n is then at least this. */
  minThreshold?: number;
}

function checkedSizes(options: ThresholdConfigOptions): { minN: number; maxN: number; minThreshold: number } {
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

/**
 * Valid (t, n) configurations: n in [minN, maxN], t in [max(1, minThreshold), n], n distinct ids.
 * @param options - Bounds on n and t, and where ids come from.
 * @returns An arbitrary of configurations.
 * @throws `RangeError` for bounds no configuration satisfies.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { splitSecret, generateSecretKey } from 'dvt-bls';
 * import { arbThresholdConfig } from 'dvt-bls/testing';
 * fc.assert(
 *   fc.property(arbThresholdConfig({ maxN: 5 }), ({ threshold, ids }) =>
 *     splitSecret(generateSecretKey(), { threshold, ids }).shares.length === ids.length
 *   ),
 *   { numRuns: 5 }
 * );
 * ```
 */
export function arbThresholdConfig(options: ThresholdConfigOptions = {}): fc.Arbitrary<ThresholdConfig> {
  const { minN, maxN, minThreshold } = checkedSizes(options);
  const id = arbId(options);
  return fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc.record({
      threshold: fc.integer({ min: minThreshold, max: n }),
      ids: fc.uniqueArray(id, { minLength: n, maxLength: n }),
    })
  );
}

// -------------------------------------------------------------------------------------------------
// Sharings and subsets.

/**
 * A secret key split t-of-n, with everything a test needs to check against.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbSharing, type Sharing } from 'dvt-bls/testing';
 * const [sharing]: Sharing[] = fc.sample(arbSharing({ maxN: 4 }), { seed: 7, numRuns: 1 });
 * console.log(sharing!.threshold, sharing!.ids, sharing!.commitments.length);
 * ```
 */
export interface Sharing extends ThresholdConfig {
  /** The shared secret key (32 bytes), a plain copy. */
  secretKey: Uint8Array;
  /** `commitments[0]`, the validator public key: `getPublicKey(secretKey)`. */
  groupPublicKey: Uint8Array;
  /** `splitSecret`'s shares, in the order of `ids`. */
  shares: SecretKeyShare[];
  /** `splitSecret`'s t Feldman commitments. */
  commitments: Uint8Array[];
  /**
   * One public key share per id, in the order of `ids` (`getPublicKey` of each share, equal to
   * `getPublicKeyShare(commitments, id)`). Computed on first access and cached: tests that never
   * look at it do not pay for it.
   */
  readonly publicKeyShares: PublicKeyShare[];
}

/**
 * Options of {@link arbSharing}.
 * @example
 * ```ts
 * import { arbSecretKey, arbSharing, type SharingOptions } from 'dvt-bls/testing';
 * const options: SharingOptions = { minThreshold: 2, maxN: 7, secretKey: arbSecretKey() };
 * const arb = arbSharing(options);
 * ```
 */
export interface SharingOptions extends ThresholdConfigOptions, BlsOption {
  /** Where the secret comes from (default: {@link arbSecretKey}). */
  secretKey?: fc.Arbitrary<Uint8Array>;
}

/**
 * Sharings: a configuration from {@link arbThresholdConfig}, a secret from {@link arbSecretKey},
 * and `bls.splitSecret` with polynomial coefficients drawn from generated bytes (48 per
 * coefficient, as `splitSecret` asks for them; shrinking moves them towards the scalar 1).
 * @param options - Configuration bounds, the secret's arbitrary, and the `bls` to split with.
 * @returns An arbitrary of sharings.
 * @throws `RangeError` for bounds no configuration satisfies.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { recoverSecret } from 'dvt-bls';
 * import { arbSharing } from 'dvt-bls/testing';
 * fc.assert(
 *   fc.property(arbSharing({ maxN: 6 }), (s) =>
 *     Buffer.from(recoverSecret(s.shares.slice(0, s.threshold))).equals(Buffer.from(s.secretKey))
 *   ),
 *   { numRuns: 10 }
 * );
 * ```
 */
export function arbSharing(options: SharingOptions = {}): fc.Arbitrary<Sharing> {
  const bls = options.bls ?? defaultBls;
  const secretKey = options.secretKey ?? arbSecretKey({ bls });
  return arbThresholdConfig(options).chain((config) => {
    const coefficientBytes = 48 * (config.threshold - 1);
    return fc
      .tuple(secretKey, fc.uint8Array({ minLength: coefficientBytes, maxLength: coefficientBytes }))
      .map(([sk, coefficients]) => makeSharing(bls, config, sk, coefficients));
  });
}

function makeSharing(bls: DvtBls, config: ThresholdConfig, secretKey: Uint8Array, coefficients: Uint8Array): Sharing {
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

/**
 * A size, or an inclusive range of sizes.
 * @example
 * ```ts
 * import type { SizeRange } from 'dvt-bls/testing';
 * const exactly: SizeRange = 3;
 * const between: SizeRange = { min: 2, max: 5 };
 * ```
 */
export type SizeRange = number | SizeBounds;

/**
 * An inclusive range of sizes (see {@link SizeRange}).
 * @example
 * ```ts
 * import type { SizeBounds } from 'dvt-bls/testing';
 * const atLeastOne: SizeBounds = { min: 1 };
 * ```
 */
export interface SizeBounds {
  /** Smallest size (default: 0, or what the arbitrary needs). */
  min?: number;
  /** Largest size (default: as many as there are). */
  max?: number;
}

function sizeBounds(size: SizeRange | undefined, defaults: Required<SizeBounds>, name: string): Required<SizeBounds> {
  const min = size === undefined ? defaults.min : typeof size === 'number' ? size : (size.min ?? defaults.min);
  const max = size === undefined ? defaults.max : typeof size === 'number' ? size : (size.max ?? defaults.max);
  if (!Number.isInteger(min) || !(Number.isInteger(max) || max === Infinity) || min < 0 || max < min) {
    throw new RangeError(`${name}: expected integers 0 <= min <= max, got [${min}, ${max}]`);
  }
  return { min, max };
}

/**
 * Subsets of `items` of a given size, in shuffled order (so order-dependent code is exercised
 * too): with a sharing's shares and size t, a signing quorum; with size t - 1, one short of it.
 * @param items - What to pick from (the array is not modified).
 * @param size - Exact size, or `{ min, max }` (clamped to `items.length`).
 * @returns An arbitrary of arrays of distinct elements of `items`.
 * @throws `RangeError` for a negative size or one above `items.length`.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { recoverSecret } from 'dvt-bls';
 * import { arbSharing, arbSubset } from 'dvt-bls/testing';
 * const arb = arbSharing({ minThreshold: 2, maxN: 6 }).chain((s) =>
 *   fc.record({ s: fc.constant(s), quorum: arbSubset(s.shares, s.threshold), short: arbSubset(s.shares, s.threshold - 1) })
 * );
 * fc.assert(
 *   fc.property(arb, ({ s, quorum, short }) => {
 *     const same = (a: Uint8Array) => Buffer.from(a).equals(Buffer.from(s.secretKey));
 *     return same(recoverSecret(quorum)) && !same(recoverSecret(short));
 *   }),
 *   { numRuns: 10 }
 * );
 * ```
 */
export function arbSubset<T>(items: readonly T[], size: SizeRange): fc.Arbitrary<T[]> {
  const { min, max } = sizeBounds(size, { min: 0, max: items.length }, 'size');
  if (min > items.length) throw new RangeError(`size: ${min} is more than the ${items.length} items`);
  return fc.shuffledSubarray([...items], { minLength: min, maxLength: Math.min(max, items.length) });
}

// -------------------------------------------------------------------------------------------------
// Partial signature sets with corrupted members.

/**
 * How a corrupted member spoils its partial signature:
 * - `other-message`: a valid signature by its share on another message (well-formed, wrong);
 * - `other-share`: the partial signature of another member, under its own id (well-formed, wrong;
 *   only from t = 2 on: with t = 1 every share is the secret, so it falls back to `other-message`);
 * - `infinity`: the canonical point at infinity (well-formed, verifies nothing);
 * - `malformed`: bytes that do not decode, from {@link arbMalformedSignature}.
 * @example
 * ```ts
 * import { CORRUPTION_KINDS } from 'dvt-bls/testing';
 * console.log(CORRUPTION_KINDS.join(', '));
 * ```
 */
export const CORRUPTION_KINDS = ['other-message', 'other-share', 'infinity', 'malformed'] as const;

/**
 * One of {@link CORRUPTION_KINDS}.
 * @example
 * ```ts
 * import type { CorruptionKind } from 'dvt-bls/testing';
 * const kind: CorruptionKind = 'other-share';
 * ```
 */
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/**
 * What a corrupted member sent instead of its partial signature.
 * @example
 * ```ts
 * import type { Corruption } from 'dvt-bls/testing';
 * const corruption: Corruption = { id: 3, kind: 'malformed', malformed: 'off-curve' };
 * ```
 */
export interface Corruption {
  /** The member's id. */
  id: number;
  /** How it corrupted its partial. */
  kind: CorruptionKind;
  /** For `malformed`, the kind of bad encoding. */
  malformed?: MalformedKind;
}

/**
 * What `combineVerified` must return or throw for a partial set, by its documented behaviour:
 * a result ({@link ExpectedResult}: outcome `happy` or `recovered`) or a refusal
 * ({@link ExpectedRefusal}: outcome `too-few-valid`).
 * @example
 * ```ts
 * import type { ExpectedCombine } from 'dvt-bls/testing';
 * const expected: ExpectedCombine = { outcome: 'recovered', signers: [1, 3, 4], invalid: [2] };
 * ```
 */
export type ExpectedCombine = ExpectedResult | ExpectedRefusal;

/**
 * `combineVerified` returns; its signature is the group signature, `sign(secretKey, message)`.
 * @example
 * ```ts
 * import type { ExpectedResult } from 'dvt-bls/testing';
 * const expected: ExpectedResult = { outcome: 'happy', signers: [1, 2, 3], invalid: [] };
 * ```
 */
export interface ExpectedResult {
  /**
   * `happy`: the first t well-formed partials are all honest and are combined at once.
   * `recovered`: at least t partials are honest, but not the first t well-formed ones, so every
   * partial is verified.
   */
  outcome: 'happy' | 'recovered';
  /**
   * Ids combined, ascending: on the happy path the first t well-formed partials, else the first t
   * honest ones in the order given.
   */
  signers: number[];
  /**
   * Ids reported invalid, ascending: on the happy path only the malformed partials (the others are
   * not checked on that path), else every corrupted one.
   */
  invalid: number[];
}

/**
 * `combineVerified` throws: fewer than t partials are honest.
 * @example
 * ```ts
 * import type { ExpectedRefusal } from 'dvt-bls/testing';
 * const expected: ExpectedRefusal = { outcome: 'too-few-valid', code: 'TOO_FEW_VALID_PARTIALS', culprits: [2, 5] };
 * ```
 */
export interface ExpectedRefusal {
  /** Fewer than t valid partials. */
  outcome: 'too-few-valid';
  /** The `DvtBlsError` code thrown. */
  code: 'TOO_FEW_VALID_PARTIALS';
  /** The error's `culprits`: every corrupted id, ascending. */
  culprits: number[];
}

/**
 * Partial signatures collected from some members of a sharing, some of them corrupted, with the
 * ground truth and the expected recombination.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbPartialSet, type PartialSet } from 'dvt-bls/testing';
 * const [set]: PartialSet[] = fc.sample(arbPartialSet({ maxN: 5, corrupted: 1 }), { seed: 3, numRuns: 1 });
 * console.log(set!.corrupted, set!.corruptions, set!.expected);
 * ```
 */
export interface PartialSet {
  /** The sharing the partials come from. */
  sharing: Sharing;
  /** The message honest members signed. */
  message: Uint8Array;
  /** The partials in the order a combiner receives them (shuffled), at least t of them. */
  partials: PartialSignature[];
  /** The corrupted members, in the order of `partials`. */
  corruptions: Corruption[];
  /** Ids of the corrupted members, ascending. */
  corrupted: number[];
  /** Ids of the members whose bytes do not decode (`malformed`), ascending. */
  malformed: number[];
  /** What `combineVerified(input)` must do. */
  expected: ExpectedCombine;
  /** The `combineVerified` input: message, partials, threshold, group public key, public key shares. */
  readonly input: CombineVerifiedInput;
  /** `sign(secretKey, message)`, computed on first access. */
  readonly groupSignature: Uint8Array;
}

/**
 * Options of {@link arbPartialSet}.
 * @example
 * ```ts
 * import { arbPartialSet, type PartialSetOptions } from 'dvt-bls/testing';
 * const options: PartialSetOptions = { maxN: 7, corrupted: { min: 1, max: 2 }, kinds: ['malformed', 'other-message'] };
 * const arb = arbPartialSet(options);
 * ```
 */
export interface PartialSetOptions extends SharingOptions {
  /**
   * A sharing arbitrary to use instead of {@link arbSharing} with these options; sharings with
   * fewer members than the minimum number of corrupted ones are filtered out.
   */
  sharing?: fc.Arbitrary<Sharing>;
  /**
   * How many partials: `'any'` (default: t to n), `'threshold'` (exactly t) or `'all'` (n).
   * The minimum number of corrupted members raises it where needed.
   */
  count?: 'any' | 'threshold' | 'all';
  /**
   * How many of the partials are corrupted: exact, or `{ min, max }` (default: any number, 0 to
   * all). With the default sharing, n is at least `min`.
   */
  corrupted?: SizeRange;
  /** Which corruptions to use (default: all of {@link CORRUPTION_KINDS}). */
  kinds?: readonly CorruptionKind[];
  /** The messages (default: 0 to 64 generated bytes). */
  message?: fc.Arbitrary<Uint8Array>;
}

type CorruptionSpec =
  | { kind: 'other-message' | 'infinity' }
  | { kind: 'other-share'; offset: number }
  | { kind: 'malformed'; encoding: MalformedEncoding };

const INFINITY_SIGNATURE = (() => {
  const bytes = new Uint8Array(96);
  bytes[0] = 0xc0;
  return bytes;
})();

function corruptionSpec(kinds: readonly CorruptionKind[]): fc.Arbitrary<CorruptionSpec> {
  return fc.oneof(
    ...kinds.map((kind): fc.Arbitrary<CorruptionSpec> => {
      switch (kind) {
        case 'other-message':
        case 'infinity':
          return fc.constant({ kind });
        case 'other-share':
          return fc.nat(1 << 16).map((offset) => ({ kind, offset }));
        case 'malformed':
          return arbMalformedSignature().map((encoding) => ({ kind, encoding }));
      }
    })
  );
}

/** Positions 0..m-1. */
const positions = (m: number): number[] => Array.from({ length: m }, (_, i) => i);

/**
 * Partial signature sets: m partials (t <= m <= n, shuffled) from a sharing, k of them corrupted
 * (k as asked), each corrupted member tagged with how, and what `combineVerified` must do with
 * them ({@link ExpectedCombine}). Honest partials are `bls.partialSign(share, message)`.
 * @param options - Sharing options or arbitrary, how many partials and corrupted ones, which
 *   corruptions, the messages, and the `bls` to sign with.
 * @returns An arbitrary of partial sets.
 * @throws `RangeError` for bounds no set satisfies.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { combineVerified, DvtBlsError } from 'dvt-bls';
 * import { arbPartialSet } from 'dvt-bls/testing';
 * fc.assert(
 *   fc.property(arbPartialSet({ maxN: 5, corrupted: { max: 2 } }), (set) => {
 *     try {
 *       const { signers } = combineVerified(set.input);
 *       return set.expected.outcome !== 'too-few-valid' && signers.every((id) => !set.corrupted.includes(id));
 *     } catch (e) {
 *       return e instanceof DvtBlsError && set.expected.outcome === 'too-few-valid';
 *     }
 *   }),
 *   { numRuns: 5 }
 * );
 * ```
 */
export function arbPartialSet(options: PartialSetOptions = {}): fc.Arbitrary<PartialSet> {
  const bls = options.bls ?? defaultBls;
  const corrupted = sizeBounds(options.corrupted, { min: 0, max: Infinity }, 'options.corrupted');
  const kinds = options.kinds ?? CORRUPTION_KINDS;
  if (kinds.length === 0) throw new RangeError('options.kinds: expected at least one kind');
  const message = options.message ?? fc.uint8Array({ maxLength: 64 });
  const count = options.count ?? 'any';
  const countRange = (s: Sharing): { min: number; max: number } => {
    const n = s.ids.length;
    const t = s.threshold;
    if (count === 'threshold') return { min: t, max: t };
    if (count === 'all') return { min: n, max: n };
    return { min: Math.max(t, Math.min(corrupted.min, n)), max: n };
  };
  // The default sharings are sized so that every one can hold the corrupted members; a sharing
  // arbitrary given by the caller is filtered instead.
  const sharings =
    options.sharing?.filter((s) => countRange(s).max >= corrupted.min) ??
    arbSharing({
      ...options,
      bls,
      minN: Math.max(options.minN ?? 1, options.minThreshold ?? 1, corrupted.min),
      ...(count === 'threshold' ? { minThreshold: Math.max(options.minThreshold ?? 1, corrupted.min) } : {}),
    });

  return sharings.chain((sharing) => {
    const { min, max } = countRange(sharing);
    return fc.integer({ min: Math.max(min, corrupted.min), max }).chain((m) => {
      const k = fc.integer({ min: corrupted.min, max: Math.min(corrupted.max, m) });
      return k.chain((howMany) =>
        fc
          .record({
            members: fc.shuffledSubarray(
              sharing.shares.map((_, i) => i),
              { minLength: m, maxLength: m }
            ),
            spoiled: fc.shuffledSubarray(positions(m), { minLength: howMany, maxLength: howMany }),
            specs: fc.array(corruptionSpec(kinds), { minLength: howMany, maxLength: howMany }),
            message,
          })
          .map((drawn) => makePartialSet(bls, sharing, drawn))
      );
    });
  });
}

function makePartialSet(
  bls: DvtBls,
  sharing: Sharing,
  drawn: { members: number[]; spoiled: number[]; specs: CorruptionSpec[]; message: Uint8Array }
): PartialSet {
  const { shares, threshold: t } = sharing;
  const n = shares.length;
  const message = drawn.message.slice();
  const otherMessage = Uint8Array.from([...message, 0x01]);
  const specOf = new Map(drawn.spoiled.map((position, j) => [position, drawn.specs[j] as CorruptionSpec]));

  const corruptions: Corruption[] = [];
  const partials: PartialSignature[] = drawn.members.map((member, position) => {
    const share = shares[member] as SecretKeyShare;
    const spec = specOf.get(position);
    if (spec === undefined) return bls.partialSign(share, message);
    if (spec.kind === 'malformed') {
      corruptions.push({ id: share.id, kind: 'malformed', malformed: spec.encoding.kind });
      return { id: share.id, signature: spec.encoding.bytes.slice() };
    }
    if (spec.kind === 'infinity') {
      corruptions.push({ id: share.id, kind: 'infinity' });
      return { id: share.id, signature: INFINITY_SIGNATURE.slice() };
    }
    if (spec.kind === 'other-share' && t >= 2) {
      const other = shares[(member + 1 + (spec.offset % (n - 1))) % n] as SecretKeyShare;
      corruptions.push({ id: share.id, kind: 'other-share' });
      return { id: share.id, signature: bls.partialSign(other, message).signature };
    }
    corruptions.push({ id: share.id, kind: 'other-message' });
    return { id: share.id, signature: bls.partialSign(share, otherMessage).signature };
  });

  const corruptedIds = new Set(corruptions.map((c) => c.id));
  const malformedIds = new Set(corruptions.filter((c) => c.kind === 'malformed').map((c) => c.id));
  const firstT = partials.filter((p) => !malformedIds.has(p.id)).slice(0, t);
  const honest = partials.filter((p) => !corruptedIds.has(p.id));
  let expected: ExpectedCombine;
  if (firstT.length === t && firstT.every((p) => !corruptedIds.has(p.id))) {
    expected = { outcome: 'happy', signers: ascending(firstT.map((p) => p.id)), invalid: ascending(malformedIds) };
  } else if (honest.length >= t) {
    expected = {
      outcome: 'recovered',
      signers: ascending(honest.slice(0, t).map((p) => p.id)),
      invalid: ascending(corruptedIds),
    };
  } else {
    expected = { outcome: 'too-few-valid', code: 'TOO_FEW_VALID_PARTIALS', culprits: ascending(corruptedIds) };
  }

  const set = {
    sharing,
    message,
    partials,
    corruptions,
    corrupted: ascending(corruptedIds),
    malformed: ascending(malformedIds),
    expected,
  };
  const input = lazy(
    { message, partials, threshold: t, groupPublicKey: sharing.groupPublicKey },
    'publicKeyShares',
    () => sharing.publicKeyShares
  );
  return lazy(Object.assign(set, { input }), 'groupSignature', () => bls.sign(sharing.secretKey, message));
}

// -------------------------------------------------------------------------------------------------
// DKG transcripts: NOT IMPLEMENTED YET.
//
// The issue asks for arbitraries of DKG transcripts with faults (silent dealers, wrong deals,
// equivocation, bad complaints). They belong here, on top of the DKG's public API in src/dkg/,
// which is still being written: add `arbDkgTranscript({ n, threshold, faults })` once that API
// is public, following the conventions above (deterministic by fast-check seed, `bls` option,
// ground truth of who misbehaved and what the ceremony must conclude).
// -------------------------------------------------------------------------------------------------
