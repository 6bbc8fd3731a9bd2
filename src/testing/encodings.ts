/**
 * Malformed point encodings for tests: deterministic constructors (off the curve, outside the
 * r-order subgroup) and fast-check arbitraries of every kind of encoding a decoder must refuse.
 *
 * The arithmetic here is noble's field arithmetic (`bls12_381.fields`), used only to *build* bad
 * bytes and to confirm each one is what its tag says (no square root, not torsion-free); no dvt-bls
 * decoder is involved, so a decoder under test cannot make its own fixtures pass.
 * @module
 */
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';

const { Fp, Fp2 } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;

/** The base field modulus p. */
const P: bigint = Fp.ORDER;
/** The group order r. */
const R: bigint = bls12_381.fields.Fr.ORDER;
const FP_BYTES = 48;
/** Flag bits of the first byte of a ZCash-format compressed encoding. */
const COMPRESSED = 0x80;
const INFINITY = 0x40;
const SORT = 0x20;

/** Euler's criterion: a is 0 or a square in Fp. */
const isSquareFp = (a: bigint): boolean => {
  const v = Fp.create(a);
  return v === 0n || Fp.pow(v, (P - 1n) / 2n) === 1n;
};
/** x^3 + 4: the right-hand side of E1: y^2 = x^3 + 4. */
const rhsG1 = (x: bigint): bigint => Fp.add(Fp.mul(Fp.sqr(x), x), 4n);

type Fp2Value = ReturnType<typeof Fp2.fromBigTuple>;
/** x^3 + 4(1 + u): the right-hand side of E2. */
const rhsG2 = (x: Fp2Value): Fp2Value => Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.fromBigTuple([4n, 4n]));
/** In Fp2 = Fp[u]/(u^2 + 1), a + b·u is a square iff its norm a^2 + b^2 is a square in Fp. */
const isSquareFp2 = (v: Fp2Value): boolean => isSquareFp(Fp.add(Fp.sqr(v.c0), Fp.sqr(v.c1)));

function fpBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(FP_BYTES);
  let v = value;
  for (let i = FP_BYTES - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A compressed encoding of x (48 bytes for G1; c1 then c0 for G2) with the given flag bits set. */
function encodeX(coordinates: readonly bigint[], flags: number): Uint8Array {
  const out = new Uint8Array(FP_BYTES * coordinates.length);
  coordinates.forEach((c, i) => out.set(fpBytes(c), i * FP_BYTES));
  out[0] = (out[0] as number) | flags;
  return out;
}

/**
 * Where to start searching, and the sort flag to encode (it names which y; meaningless off the curve).
 * @example
 * ```ts
 * import { offCurveG1, type G1SearchStart } from 'dvt-bls/testing';
 * const start: G1SearchStart = { fromX: 12345n, sortFlag: true };
 * const bytes = offCurveG1(start);
 * ```
 */
export interface G1SearchStart {
  /** First x to try, in [0, p); the search goes up (wrapping at p). */
  fromX: bigint;
  /** Set the sort flag (0x20) in the encoding. Default false. */
  sortFlag?: boolean;
}

/**
 * An element c0 + c1·u of Fp2, u^2 = -1 (encoded c1 first).
 * @example
 * ```ts
 * import type { Fp2Coordinates } from 'dvt-bls/testing';
 * const x: Fp2Coordinates = { c0: 1n, c1: 0n };
 * ```
 */
export interface Fp2Coordinates {
  /** The real part, in [0, p). */
  c0: bigint;
  /** The imaginary part, in [0, p). */
  c1: bigint;
}

/**
 * As {@link G1SearchStart}, for x = c0 + c1·u in Fp2: the search increments c0.
 * @example
 * ```ts
 * import { outsideSubgroupG2, type G2SearchStart } from 'dvt-bls/testing';
 * const start: G2SearchStart = { fromX: { c0: 1n, c1: 7n } };
 * const bytes = outsideSubgroupG2(start);
 * ```
 */
export interface G2SearchStart {
  /** First x to try: c0 goes up (wrapping at p), c1 stays. */
  fromX: Fp2Coordinates;
  /** Set the sort flag (0x20) in the encoding. Default false. */
  sortFlag?: boolean;
}

const MAX_STEPS = 10_000;

function checkFp(value: bigint, name: string): void {
  if (typeof value !== 'bigint' || value < 0n || value >= P) {
    throw new RangeError(`${name}: expected a bigint in [0, p)`);
  }
}

/**
 * A compressed G1 encoding with canonical flags and x < p for which no y exists: the smallest x at
 * or above `fromX` with x^3 + 4 not a square. Every KeyValidate must refuse it (not on the curve).
 * @param start - Where the search starts and whether to set the sort flag.
 * @returns 48 bytes.
 * @example
 * ```ts
 * import { offCurveG1 } from 'dvt-bls/testing';
 * import { isValidPublicKey } from 'dvt-bls';
 * isValidPublicKey(offCurveG1({ fromX: 1n })); // false
 * ```
 */
export function offCurveG1(start: G1SearchStart): Uint8Array {
  checkFp(start.fromX, 'start.fromX');
  let x = start.fromX;
  for (let step = 0; step < MAX_STEPS; step++, x = (x + 1n) % P) {
    if (!isSquareFp(rhsG1(x))) return encodeX([x], COMPRESSED | (start.sortFlag ? SORT : 0));
  }
  throw new Error('offCurveG1: no x without a y found (unreachable: half of all x qualify)');
}

/**
 * A compressed G1 encoding of a point on the curve but outside the r-order subgroup: the smallest
 * x at or above `fromX` with x^3 + 4 a square whose point is not torsion-free. Every decoder that
 * checks the subgroup must refuse it.
 * @param start - Where the search starts and whether to set the sort flag (either y is outside).
 * @returns 48 bytes.
 * @example
 * ```ts
 * import { outsideSubgroupG1 } from 'dvt-bls/testing';
 * import { isValidPublicKey } from 'dvt-bls';
 * isValidPublicKey(outsideSubgroupG1({ fromX: 1n })); // false
 * ```
 */
export function outsideSubgroupG1(start: G1SearchStart): Uint8Array {
  checkFp(start.fromX, 'start.fromX');
  let x = start.fromX;
  for (let step = 0; step < MAX_STEPS; step++, x = (x + 1n) % P) {
    const rhs = rhsG1(x);
    if (!isSquareFp(rhs)) continue;
    // Both roots y and -y give points in the subgroup or both outside it: y itself does not matter.
    if (G1.fromAffine({ x, y: Fp.sqrt(rhs) }).isTorsionFree()) continue;
    return encodeX([x], COMPRESSED | (start.sortFlag ? SORT : 0));
  }
  throw new Error('outsideSubgroupG1: no point outside the subgroup found');
}

/**
 * A compressed G2 encoding (c1 first, then c0) with canonical flags and coordinates for which no y
 * exists: the first x = c0 + c1·u, c0 going up from `fromX.c0`, with x^3 + 4(1 + u) not a square.
 * @param start - Where the search starts and whether to set the sort flag.
 * @returns 96 bytes.
 * @example
 * ```ts
 * import { offCurveG2 } from 'dvt-bls/testing';
 * import { isValidSignature } from 'dvt-bls';
 * isValidSignature(offCurveG2({ fromX: { c0: 1n, c1: 0n } })); // false
 * ```
 */
export function offCurveG2(start: G2SearchStart): Uint8Array {
  checkFp(start.fromX.c0, 'start.fromX.c0');
  checkFp(start.fromX.c1, 'start.fromX.c1');
  let c0 = start.fromX.c0;
  const c1 = start.fromX.c1;
  for (let step = 0; step < MAX_STEPS; step++, c0 = (c0 + 1n) % P) {
    if (!isSquareFp2(rhsG2(Fp2.fromBigTuple([c0, c1])))) {
      return encodeX([c1, c0], COMPRESSED | (start.sortFlag ? SORT : 0));
    }
  }
  throw new Error('offCurveG2: no x without a y found (unreachable: half of all x qualify)');
}

/**
 * A compressed G2 encoding of a point on the curve but outside the r-order subgroup: the first
 * x = c0 + c1·u, c0 going up from `fromX.c0`, on the curve and not torsion-free.
 * @param start - Where the search starts and whether to set the sort flag.
 * @returns 96 bytes.
 * @example
 * ```ts
 * import { outsideSubgroupG2 } from 'dvt-bls/testing';
 * import { isValidSignature } from 'dvt-bls';
 * isValidSignature(outsideSubgroupG2({ fromX: { c0: 1n, c1: 0n } })); // false
 * ```
 */
export function outsideSubgroupG2(start: G2SearchStart): Uint8Array {
  checkFp(start.fromX.c0, 'start.fromX.c0');
  checkFp(start.fromX.c1, 'start.fromX.c1');
  let c0 = start.fromX.c0;
  const c1 = start.fromX.c1;
  for (let step = 0; step < MAX_STEPS; step++, c0 = (c0 + 1n) % P) {
    const x = Fp2.fromBigTuple([c0, c1]);
    const rhs = rhsG2(x);
    if (!isSquareFp2(rhs)) continue;
    if (G2.fromAffine({ x, y: Fp2.sqrt(rhs) }).isTorsionFree()) continue;
    return encodeX([c1, c0], COMPRESSED | (start.sortFlag ? SORT : 0));
  }
  throw new Error('outsideSubgroupG2: no point outside the subgroup found');
}

/**
 * The kinds of malformed encodings, each refused by every decoder:
 * - `off-curve`: canonical flags and coordinates, but no point has that x.
 * - `outside-subgroup`: a point on the curve whose order is not r.
 * - `infinity`: an encoding of the point at infinity that must be refused: for a public key the
 *   canonical one too (KeyValidate), for a signature only non-canonical ones (payload bits set,
 *   or the sort flag), since the canonical infinity is a valid signature encoding.
 * - `wrong-flags`: a valid point or zero with flag bits that contradict it (compression flag
 *   cleared, infinity flag on a finite point, infinity flag without the compression flag).
 * - `non-canonical`: a coordinate (for G2: c0 or c1) at or above the field modulus p.
 * - `wrong-length`: a valid encoding truncated or extended, or the encoding of another size.
 * @example
 * ```ts
 * import { MALFORMED_KINDS } from 'dvt-bls/testing';
 * for (const kind of MALFORMED_KINDS) console.log(kind);
 * ```
 */
export const MALFORMED_KINDS = [
  'off-curve',
  'outside-subgroup',
  'infinity',
  'wrong-flags',
  'non-canonical',
  'wrong-length',
] as const;

/**
 * One of {@link MALFORMED_KINDS}.
 * @example
 * ```ts
 * import type { MalformedKind } from 'dvt-bls/testing';
 * const kind: MalformedKind = 'outside-subgroup';
 * ```
 */
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/**
 * Bytes that must not decode, with what is wrong with them.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbMalformedSignature, type MalformedEncoding } from 'dvt-bls/testing';
 * const [bad]: MalformedEncoding[] = fc.sample(arbMalformedSignature(), { seed: 1, numRuns: 1 });
 * console.log(bad!.kind, bad!.description, bad!.bytes.length);
 * ```
 */
export interface MalformedEncoding {
  /** What is wrong, in one word. */
  kind: MalformedKind;
  /** The variant, in a few words (such as `'x = p + 3'` or `'truncated to 47 bytes'`). */
  description: string;
  /** The bytes. */
  bytes: Uint8Array;
}

/**
 * Options of {@link arbMalformedPublicKey} and {@link arbMalformedSignature}.
 * @example
 * ```ts
 * import { arbMalformedPublicKey, type MalformedOptions } from 'dvt-bls/testing';
 * const options: MalformedOptions = { kinds: ['off-curve', 'outside-subgroup'] };
 * const arb = arbMalformedPublicKey(options);
 * ```
 */
export interface MalformedOptions {
  /** Only these kinds (default: all of {@link MALFORMED_KINDS}). */
  kinds?: readonly MalformedKind[];
}

/** The group-specific parts of the generators. */
interface Group {
  /** Compressed length: 48 or 96. */
  length: number;
  /** Number of Fp coordinates in x: 1 or 2. */
  coordinates: number;
  /** A valid compressed encoding of k·generator. */
  valid(k: bigint): Uint8Array;
  /** An uncompressed valid encoding (twice the length). */
  uncompressed(k: bigint): Uint8Array;
  offCurve(x: bigint[], sortFlag: boolean): Uint8Array;
  outsideSubgroup(x: bigint[], sortFlag: boolean): Uint8Array;
  /** Whether the canonical infinity encoding is refused (public keys) or valid (signatures). */
  refusesCanonicalInfinity: boolean;
  /** The valid compressed encoding of k·generator of the other group (a wrong length here). */
  otherGroup(k: bigint): Uint8Array;
}

const G1_GROUP: Group = {
  length: 48,
  coordinates: 1,
  valid: (k) => G1.BASE.multiply(k).toBytes(true),
  uncompressed: (k) => G1.BASE.multiply(k).toBytes(false),
  offCurve: ([x], sortFlag) => offCurveG1({ fromX: x as bigint, sortFlag }),
  outsideSubgroup: ([x], sortFlag) => outsideSubgroupG1({ fromX: x as bigint, sortFlag }),
  refusesCanonicalInfinity: true,
  otherGroup: (k) => G2.BASE.multiply(k).toBytes(true),
};

const G2_GROUP: Group = {
  length: 96,
  coordinates: 2,
  valid: (k) => G2.BASE.multiply(k).toBytes(true),
  uncompressed: (k) => G2.BASE.multiply(k).toBytes(false),
  offCurve: ([c1, c0], sortFlag) => offCurveG2({ fromX: { c0: c0 as bigint, c1: c1 as bigint }, sortFlag }),
  outsideSubgroup: ([c1, c0], sortFlag) =>
    outsideSubgroupG2({ fromX: { c0: c0 as bigint, c1: c1 as bigint }, sortFlag }),
  refusesCanonicalInfinity: false,
  otherGroup: (k) => G1.BASE.multiply(k).toBytes(true),
};

const arbFp = (): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max: P - 1n });
const arbScalar = (): fc.Arbitrary<bigint> => fc.bigInt({ min: 1n, max: R - 1n });

function withFirstByte(bytes: Uint8Array, first: number): Uint8Array {
  const out = bytes.slice();
  out[0] = first & 0xff;
  return out;
}

function arbKind(group: Group, kind: MalformedKind): fc.Arbitrary<MalformedEncoding> {
  const tag = (description: string, bytes: Uint8Array): MalformedEncoding => ({ kind, description, bytes });
  const xs = fc.array(arbFp(), { minLength: group.coordinates, maxLength: group.coordinates });
  switch (kind) {
    case 'off-curve':
      return fc.tuple(xs, fc.boolean()).map(([x, sort]) => tag('no y for this x', group.offCurve(x, sort)));
    case 'outside-subgroup':
      return fc
        .tuple(xs, fc.boolean())
        .map(([x, sort]) => tag('on the curve, not in the r-order subgroup', group.outsideSubgroup(x, sort)));
    case 'infinity': {
      const zero = new Uint8Array(group.length);
      const variants: fc.Arbitrary<MalformedEncoding>[] = [
        fc.constant(tag('infinity with the sort flag (0xe0)', withFirstByte(zero, COMPRESSED | INFINITY | SORT))),
        // Payload bits set behind the infinity flag: the low 5 bits of the first byte and the rest.
        fc
          .tuple(fc.nat(0x1f), fc.uint8Array({ minLength: group.length - 1, maxLength: group.length - 1 }))
          .map(([low, rest]) => {
            const bytes = new Uint8Array(group.length);
            bytes[0] = COMPRESSED | INFINITY | low;
            bytes.set(rest, 1);
            if (low === 0 && rest.every((b) => b === 0)) bytes[group.length - 1] = 1;
            return tag('infinity with a non-zero payload', bytes);
          }),
      ];
      if (group.refusesCanonicalInfinity) {
        variants.push(fc.constant(tag('the point at infinity (refused as a public key)', withFirstByte(zero, COMPRESSED | INFINITY))));
      }
      return fc.oneof(...variants);
    }
    case 'wrong-flags':
      return fc.oneof(
        arbScalar().map((k) => {
          const valid = group.valid(k);
          return tag('compression flag cleared on a valid point', withFirstByte(valid, (valid[0] as number) & ~COMPRESSED));
        }),
        arbScalar().map((k) => {
          const valid = group.valid(k);
          return tag('infinity flag on a finite point', withFirstByte(valid, (valid[0] as number) | INFINITY));
        }),
        fc.constant(tag('infinity flag without the compression flag', withFirstByte(new Uint8Array(group.length), INFINITY))),
        fc.constant(tag('no flags at all (all zero)', new Uint8Array(group.length)))
      );
    case 'non-canonical': {
      const high = fc.bigInt({ min: P, max: (1n << 381n) - 1n });
      return fc.tuple(high, xs, fc.nat(group.coordinates - 1), fc.boolean()).map(([big, others, at, sort]) => {
        const coordinates = others.slice();
        coordinates[at] = big;
        const which = group.coordinates === 1 ? 'x' : at === 0 ? 'x.c1' : 'x.c0';
        return tag(`${which} = p + ${big - P} (not below the modulus)`, encodeX(coordinates, COMPRESSED | (sort ? SORT : 0)));
      });
    }
    case 'wrong-length':
      return fc.oneof(
        fc.tuple(arbScalar(), fc.nat(group.length - 1)).map(([k, length]) =>
          tag(`truncated to ${length} bytes`, group.valid(k).slice(0, length))
        ),
        fc.tuple(arbScalar(), fc.uint8Array({ minLength: 1, maxLength: 48 })).map(([k, extra]) => {
          const valid = group.valid(k);
          const bytes = new Uint8Array(valid.length + extra.length);
          bytes.set(valid);
          bytes.set(extra, valid.length);
          return tag(`extended to ${bytes.length} bytes`, bytes);
        }),
        arbScalar().map((k) => tag(`uncompressed (${group.length * 2} bytes)`, group.uncompressed(k))),
        arbScalar().map((k) => {
          const bytes = group.otherGroup(k);
          return tag(`a valid point of the other group (${bytes.length} bytes)`, bytes);
        })
      );
  }
}

function arbMalformed(group: Group, options: MalformedOptions | undefined): fc.Arbitrary<MalformedEncoding> {
  const kinds = options?.kinds ?? MALFORMED_KINDS;
  if (kinds.length === 0) throw new RangeError('options.kinds: expected at least one kind');
  for (const kind of kinds) {
    if (!(MALFORMED_KINDS as readonly string[]).includes(kind)) {
      throw new RangeError(`options.kinds: unknown kind ${String(kind)}`);
    }
  }
  return fc.oneof(...kinds.map((kind) => arbKind(group, kind)));
}

/**
 * 48-byte-position encodings that are not valid public keys, tagged with their kind: every
 * `isValidPublicKey` returns false and every function taking a public key refuses them.
 * Deterministic by fast-check seed.
 * @param options - `kinds` to restrict the kinds.
 * @returns An arbitrary of tagged bad encodings.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { isValidPublicKey } from 'dvt-bls';
 * import { arbMalformedPublicKey } from 'dvt-bls/testing';
 * fc.assert(fc.property(arbMalformedPublicKey(), (bad) => !isValidPublicKey(bad.bytes)));
 * ```
 */
export function arbMalformedPublicKey(options?: MalformedOptions): fc.Arbitrary<MalformedEncoding> {
  return arbMalformed(G1_GROUP, options);
}

/**
 * 96-byte-position encodings that are not valid signatures, tagged with their kind: every
 * `isValidSignature` returns false, `aggregateSignatures` refuses them and `combineVerified`
 * counts them as invalid partials. The canonical infinity signature (`0xc0` then zeros) is a valid
 * encoding and is never produced. Deterministic by fast-check seed.
 * @param options - `kinds` to restrict the kinds.
 * @returns An arbitrary of tagged bad encodings.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { isValidSignature } from 'dvt-bls';
 * import { arbMalformedSignature } from 'dvt-bls/testing';
 * fc.assert(fc.property(arbMalformedSignature(), (bad) => !isValidSignature(bad.bytes)));
 * ```
 */
export function arbMalformedSignature(options?: MalformedOptions): fc.Arbitrary<MalformedEncoding> {
  return arbMalformed(G2_GROUP, options);
}
