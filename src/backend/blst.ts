/**
 * The native backend: `@chainsafe/blst` (supranational blst through napi-rs).
 *
 * blst does hashing, signing, verification, batch verification, validated decoding, aggregation
 * and secret-key-to-public-key in native code. It exposes no scalar multiplication of arbitrary
 * points, which recombination (Lagrange in G1 and G2) and Feldman checks need, so this adapter
 * builds linear combinations from the one group operation it does expose, aggregation:
 *
 * - a fused double-and-add: each step is ONE native call `aggregate([acc, acc, ...points whose
 *   scalar has this bit set])`, so a b-bit combination of any number of points costs b calls;
 *   where few points have short scalars (Horner steps, small Lagrange weights) a step takes a
 *   window of w bits instead, `aggregate([acc × 2^w, ...each point × its digit])`, the widths
 *   chosen to cost the least (`chooseWindows`);
 * - scalars longer than 64 bits (G2) or 128 bits (G1) are first split along the curve
 *   endomorphisms: ψ on G2 acts as multiplication by the BLS parameter x (64 bits), φ on G1 as
 *   multiplication by -x² (128 bits), so k·P = Σ d_j·(±ψ^j(P)) with 64-bit digits d_j of k in
 *   base |x| (G2), or k·P = d0·P - d1·φ(P) in base x² (G1);
 * - negation and the endomorphisms are applied in JavaScript to affine coordinates (noble's field
 *   arithmetic), moving points in and out of blst as uncompressed bytes without re-validation
 *   (the maps keep points in their subgroup).
 * The threshold layer hands over Lagrange weights as small integers whenever ids are small (see
 * `threshold/combine.ts`), which makes most recombinations a handful of native calls. The figures
 * behind these choices are in docs/blst-backend.md.
 *
 * This module receives the native module as an argument and imports nothing native itself; the
 * Node-only loader (`load-blst.ts`) requires it.
 * @module
 */
import type * as Blst from '@chainsafe/blst';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { psiFrobenius } from '@noble/curves/abstract/tower.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { equalBytes } from '../bytes';
import { CURVE_ORDER } from '../field/scalar';
import type { Backend } from './types';

type Fp2 = { c0: bigint; c1: bigint };
const { Fp, Fp2 } = bls12_381.fields;
const FP_BYTES = 48;

/** |x|, the absolute value of the BLS12-381 parameter x = -0xd201000000010000. */
const BLS_X_ABS = 0xd201000000010000n;
/** G1's φ(x, y) = (β·x, y) acts as multiplication by -x² on G1 (noble's G1 subgroup check). */
const G1_BETA = 0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffen;
const X_SQUARED = BLS_X_ABS * BLS_X_ABS;

let psi: ((x: Fp2, y: Fp2) => [Fp2, Fp2]) | undefined;
/** ψ(x, y) = (frob(x)·c_x, frob(y)·c_y), built on first use (its constants cost a few ms). */
function psiOf(x: Fp2, y: Fp2): [Fp2, Fp2] {
  psi ??= psiFrobenius(Fp, Fp2, Fp2.div(Fp2.ONE, Fp2.NONRESIDUE)).psi;
  return psi(x, y);
}

/** What the combination engine needs of a group whose points are blst objects. */
interface GroupOps<P> {
  /** Σ points, one native call, no validation. */
  sum(points: P[]): P;
  zero(): P;
  negate(point: P): P;
  /** Splits k·P into short scalars on endomorphism images of P. */
  split(point: P, scalar: bigint, out: { points: P[]; scalars: bigint[] }): void;
  /** Scalars up to this many bits are used as they are. */
  shortBits: number;
  /**
   * What one native call costs beyond the points it adds, in points added (measured: a G1 call
   * is about 3.5 µs plus 0.75 µs per point, a G2 call about 5 µs plus 2 µs per point).
   */
  callCost: number;
}

const HALF_ORDER = CURVE_ORDER >> 1n;

/** The widest window of the walk: 2^8 copies of the accumulator is never worth more. */
const MAX_WINDOW = 8;

/**
 * How the walk cuts the bit positions [0, top) into windows, from the top: a step of width w is one
 * native call `aggregate([acc × 2^w, ...each point × its w-bit digit])`, so it costs `callCost`
 * plus 2^w plus the digits. One bit per step (the plain double-and-add) is best for many points
 * with long scalars; a few points with short scalars (a Horner step x·acc + C, small Lagrange
 * weights) are cheaper in fewer, wider steps (33·acc + C: [4·acc], then [8·(4·acc) + acc + C],
 * two calls instead of five). `column[b]` is how many scalars have bit b set, which is all the
 * digit sums need. A shortest path over the bit positions; returns [low bit, width] pairs.
 */
function chooseWindows(column: readonly number[], callCost: number): [number, number][] {
  const top = column.length;
  // best[i]: least cost of the top i bits; from[i]: the width of the last step taken there.
  const best = new Array<number>(top + 1).fill(Infinity);
  const from = new Array<number>(top + 1).fill(0);
  best[0] = 0;
  for (let i = 1; i <= top; i++) {
    // The step ending here covers bits [lo, lo + w); its digit sum grows with w one column at a time.
    const lo = top - i;
    let digits = 0;
    for (let w = 1; w <= Math.min(i, MAX_WINDOW); w++) {
      digits += (column[lo + w - 1] as number) * (1 << (w - 1));
      // The first step has no accumulator to copy, and a single point needs no call at all.
      const cost = i === w ? (digits <= 1 ? 0 : callCost + digits) : callCost + (1 << w) + digits;
      if ((best[i - w] as number) + cost < (best[i] as number)) {
        best[i] = (best[i - w] as number) + cost;
        from[i] = w;
      }
    }
  }
  const windows: [number, number][] = [];
  for (let i = top; i > 0; i -= from[i] as number) windows.push([top - i, from[i] as number]);
  return windows.reverse();
}

/**
 * Σ scalars[i]·points[i] for |scalars[i]| < r, negative meaning the negated point. Variable time:
 * public scalars only.
 */
function linearCombination<P>(g: GroupOps<P>, points: readonly P[], scalars: readonly bigint[]): P {
  const terms = { points: [] as P[], scalars: [] as bigint[] };
  const short = 1n << BigInt(g.shortBits);
  for (let i = 0; i < points.length; i++) {
    let point = points[i] as P;
    let k = scalars[i] as bigint;
    if (k < 0n) {
      point = g.negate(point);
      k = -k;
    }
    // k and r - k give the same product up to sign: keep the shorter one.
    if (k > HALF_ORDER && k < CURVE_ORDER) {
      point = g.negate(point);
      k = CURVE_ORDER - k;
    }
    if (k === 0n) continue;
    if (k >= short) g.split(point, k, terms);
    else {
      terms.points.push(point);
      terms.scalars.push(k);
    }
  }
  // Each scalar's bits once, as a binary string: no BigInt work in the walk.
  const binary = terms.scalars.map((k) => k.toString(2));
  let top = 0;
  for (const s of binary) top = Math.max(top, s.length);
  const column = new Array<number>(top).fill(0);
  for (const s of binary) for (let b = 0; b < s.length; b++) if (s.charCodeAt(s.length - 1 - b) === 49) column[b] = (column[b] as number) + 1;
  let acc: P | undefined;
  for (const [lo, width] of chooseWindows(column, g.callCost)) {
    const batch: P[] = [];
    if (acc !== undefined) for (let c = 0; c < 1 << width; c++) batch.push(acc);
    for (let j = 0; j < binary.length; j++) {
      const s = binary[j] as string;
      // The digit: bits [lo, lo + width) of scalar j, read from its string (index 0 is the top bit).
      let digit = 0;
      for (let b = lo + width - 1; b >= lo; b--) digit = 2 * digit + (b < s.length && s.charCodeAt(s.length - 1 - b) === 49 ? 1 : 0);
      for (; digit > 0; digit--) batch.push(terms.points[j] as P);
    }
    if (batch.length === 0) continue;
    acc = batch.length === 1 ? batch[0] : g.sum(batch);
  }
  return acc ?? g.zero();
}

/** Scalars of Horner steps up to this are planned once (share ids); larger ones walk generically. */
const PLANNED_HORNER_BELOW = 1n << 64n;

/**
 * Σ_k coefficients[k]·x^k by Horner's rule, acc ← x·acc + C_k. Each step is the combination
 * [acc, C_k] with scalars [x, 1], whose windows and digits are the same at every step: they are
 * chosen once (as `linearCombination` would choose them for that step) and replayed t - 1 times,
 * so a step costs only its native calls. For x = 33 a step is [4·acc], then
 * [8·(4·acc) + acc + C_k].
 */
function evaluatePolynomial<P>(g: GroupOps<P>, coefficients: readonly P[], x: bigint): P {
  const top = coefficients.length - 1;
  let acc = coefficients[top] as P;
  if (x === 0n) return coefficients[0] as P;
  if (x >= PLANNED_HORNER_BELOW) {
    for (let k = top - 1; k >= 0; k--) acc = linearCombination(g, [acc, coefficients[k] as P], [x, 1n]);
    return acc;
  }
  const bits = x.toString(2);
  const column: number[] = Array.from({ length: bits.length }, (_, b) => (bits.charCodeAt(bits.length - 1 - b) === 49 ? 1 : 0));
  column[0] = (column[0] as number) + 1; // C_k's scalar 1
  const plan = chooseWindows(column, g.callCost).map(([lo, width]) => ({
    copies: 1 << width,
    digit: Number((x >> BigInt(lo)) & ((1n << BigInt(width)) - 1n)),
    withCoefficient: lo === 0,
  }));
  for (let k = top - 1; k >= 0; k--) {
    let walk: P | undefined;
    for (const { copies, digit, withCoefficient } of plan) {
      const batch: P[] = [];
      if (walk !== undefined) for (let c = 0; c < copies; c++) batch.push(walk);
      for (let d = 0; d < digit; d++) batch.push(acc);
      if (withCoefficient) batch.push(coefficients[k] as P);
      if (batch.length > 0) walk = batch.length === 1 ? batch[0] : g.sum(batch);
    }
    acc = walk as P;
  }
  return acc;
}

function readFp(bytes: Uint8Array, offset: number): bigint {
  return bytesToNumberBE(bytes.subarray(offset, offset + FP_BYTES));
}

function writeFp(out: Uint8Array, offset: number, value: bigint): void {
  out.set(numberToBytesBE(value, FP_BYTES), offset);
}

/** Knobs for measuring the design's alternatives (bench/recombination-candidates.ts); not public. */
export interface BlstTuning {
  /** Split long scalars along the endomorphisms (default true); false keeps 255-bit walks. */
  splitScalars?: boolean;
}

/** Builds the G1 and G2 group operations over a loaded blst module. */
function groups(blst: typeof Blst, tuning: BlstTuning): { g1: GroupOps<Blst.PublicKey>; g2: GroupOps<Blst.Signature> } {
  const split = tuning.splitScalars ?? true;
  const infinityG1 = new Uint8Array(FP_BYTES * 2);
  infinityG1[0] = 0x40;
  const infinityG2 = new Uint8Array(FP_BYTES * 4);
  infinityG2[0] = 0x40;
  const isInfinity = (uncompressed: Uint8Array): boolean => ((uncompressed[0] as number) & 0x40) !== 0;

  // Uncompressed layout (ZCash): G1 x | y; G2 x.c1 | x.c0 | y.c1 | y.c0, 48 bytes each, big-endian.
  const g1Affine = (p: Blst.PublicKey): { x: bigint; y: bigint } | undefined => {
    const b = p.toBytes(false);
    return isInfinity(b) ? undefined : { x: readFp(b, 0), y: readFp(b, FP_BYTES) };
  };
  const g1FromAffine = (x: bigint, y: bigint): Blst.PublicKey => {
    const b = new Uint8Array(FP_BYTES * 2);
    writeFp(b, 0, x);
    writeFp(b, FP_BYTES, y);
    return blst.PublicKey.fromBytes(b);
  };
  const g2Affine = (p: Blst.Signature): { x: Fp2; y: Fp2 } | undefined => {
    const b = p.toBytes(false);
    if (isInfinity(b)) return undefined;
    return {
      x: { c1: readFp(b, 0), c0: readFp(b, FP_BYTES) },
      y: { c1: readFp(b, 2 * FP_BYTES), c0: readFp(b, 3 * FP_BYTES) },
    };
  };
  const g2FromAffine = (x: Fp2, y: Fp2): Blst.Signature => {
    const b = new Uint8Array(FP_BYTES * 4);
    writeFp(b, 0, x.c1);
    writeFp(b, FP_BYTES, x.c0);
    writeFp(b, 2 * FP_BYTES, y.c1);
    writeFp(b, 3 * FP_BYTES, y.c0);
    return blst.Signature.fromBytes(b);
  };

  const g1: GroupOps<Blst.PublicKey> = {
    sum: (points) => blst.aggregatePublicKeys(points),
    zero: () => blst.PublicKey.fromBytes(infinityG1),
    negate(p) {
      const a = g1Affine(p);
      return a === undefined ? p : g1FromAffine(a.x, Fp.neg(a.y));
    },
    split(p, k, out) {
      // k = d0 + d1·x²  and  x²·P = -φ(P)  =>  k·P = d0·P + d1·(-φ(P)).
      const a = g1Affine(p);
      if (a === undefined) return;
      out.points.push(p, g1FromAffine(Fp.mul(a.x, G1_BETA), Fp.neg(a.y)));
      out.scalars.push(k % X_SQUARED, k / X_SQUARED);
    },
    shortBits: split ? 128 : 255,
    callCost: 5,
  };

  const g2: GroupOps<Blst.Signature> = {
    sum: (points) => blst.aggregateSignatures(points),
    zero: () => blst.Signature.fromBytes(infinityG2),
    negate(p) {
      const a = g2Affine(p);
      return a === undefined ? p : g2FromAffine(a.x, Fp2.neg(a.y));
    },
    split(p, k, out) {
      // k = Σ d_j·|x|^j with 64-bit digits, and |x|^j·P = (-1)^j·ψ^j(P) since ψ(P) = x·P, x < 0.
      const a = g2Affine(p);
      if (a === undefined) return;
      let { x, y } = a;
      for (let j = 0; k > 0n; j++) {
        const digit = k % BLS_X_ABS;
        k /= BLS_X_ABS;
        if (j > 0) [x, y] = psiOf(x, y);
        if (digit !== 0n) {
          out.points.push(j === 0 ? p : g2FromAffine(x, j % 2 === 1 ? Fp2.neg(y) : y));
          out.scalars.push(digit);
        }
      }
    },
    shortBits: split ? 64 : 255,
    callCost: 2.5,
  };
  return { g1, g2 };
}

/**
 * The blst backend over an already loaded `@chainsafe/blst` module.
 * @param blst - The native module (`require('@chainsafe/blst')`).
 * @param tuning - Alternatives for benchmarks only; the defaults are the measured best.
 * @returns A backend doing everything blst exposes natively.
 */
export function createBlstBackend(
  blst: typeof Blst,
  tuning: BlstTuning = {}
): Backend<Blst.PublicKey, Blst.Signature, Uint8Array> {
  const { g1, g2 } = groups(blst, tuning);
  const secretKey = (bytes: Uint8Array): Blst.SecretKey => blst.SecretKey.fromBytes(bytes);
  const encodedInfinityG1 = (bytes: Uint8Array): boolean => ((bytes[0] as number) & 0x40) !== 0;
  const tables = new Map<string, Blst.PublicKey[][]>();

  return {
    name: 'blst',

    // pkValidate: on curve and in G1 (blst also refuses infinity when validating, so infinity is
    // decoded without it: its encoding is checked to be exactly the canonical one below).
    decodeG1(bytes, options) {
      // blst reads either length (and checks the flags against it); nothing else is a G1 point.
      if (bytes.length !== FP_BYTES && bytes.length !== 2 * FP_BYTES) throw new Error(`G1 point: expected ${FP_BYTES} or ${2 * FP_BYTES} bytes`);
      if (encodedInfinityG1(bytes)) return blst.PublicKey.fromBytes(bytes);
      // Without validation blst still checks the encoding and that the point is on the curve.
      return blst.PublicKey.fromBytes(bytes, options?.subgroupCheck ?? true);
    },
    encodeG1: (point, options) => point.toBytes(options?.compressed ?? true),
    isInfinityG1: (point) => encodedInfinityG1(point.toBytes(true)),
    equalsG1: (a, b) => equalBytes(a.toBytes(true), b.toBytes(true)),
    sumG1: (points) => (points.length === 0 ? g1.zero() : blst.aggregatePublicKeys([...points])),
    linearCombinationG1: (points, scalars) => linearCombination(g1, points, scalars),
    evaluatePolynomialG1: (coefficients, x) => evaluatePolynomial(g1, coefficients, x),
    // One native call: deserialization, KeyValidate and the sum (blst_aggregate_serialized).
    sumEncodedPublicKeys: (encodings) => blst.aggregateSerializedPublicKeys([...encodings], true),

    // sigValidate with the infinity check off: infinity is a valid G2 encoding (an empty aggregate).
    decodeG2: (bytes) => blst.Signature.fromBytes(bytes, true, false),
    encodeG2: (point) => point.toBytes(true),
    isInfinityG2: (point) => ((point.toBytes(true)[0] as number) & 0x40) !== 0,
    sumG2: (points) => (points.length === 0 ? g2.zero() : blst.aggregateSignatures([...points])),
    linearCombinationG2: (points, scalars) => linearCombination(g2, points, scalars),
    // One native call; the group check accepts infinity, as decodeG2 does.
    sumEncodedSignatures: (encodings) => blst.aggregateSerializedSignatures([...encodings], true),

    publicKeyFromSecret: (sk) => secretKey(sk).toPublicKey(),
    // blst-ts has no multiplication of an arbitrary point by a secret. The only such point in use
    // is the Pedersen generator H, multiplied once per blinding coefficient (t per dealer), so it
    // gets a fixed-base table kept per encoding (`fixedBaseTable`): k·P is one native sum of one
    // entry per 4-bit digit of k, each picked by a scan of its whole row (as noble's constant-time
    // tables do), so the work does not depend on k, and blst's additions are constant time,
    // infinity included. About 0.1 ms per product after a one-time table of about 5 ms; noble's
    // constant-time `multiply`, used before, took 6 ms per product (about 0.3 s of a Pedersen
    // dealer's round at n = 64).
    multiplyG1Secret(point, sk) {
      const key = point.toBytes(true).join();
      let rows = tables.get(key);
      if (rows === undefined) {
        rows = fixedBaseTable(blst, point, g1.zero());
        if (tables.size < 16) tables.set(key, rows);
      }
      const picks: Blst.PublicKey[] = [];
      rows.forEach((row, j) => {
        // Digit j of k (little-endian 4-bit digits of the 32 big-endian bytes).
        const byte = sk[31 - (j >> 1)] as number;
        const digit = j & 1 ? byte >> 4 : byte & 15;
        let pick = row[0] as Blst.PublicKey;
        for (let d = 1; d < 16; d++) pick = d === digit ? (row[d] as Blst.PublicKey) : pick;
        picks.push(pick);
      });
      return blst.aggregatePublicKeys(picks);
    },
    // blst hashes inside sign and verify: the message is passed through.
    prepareMessage: (message) => message,
    sign: (sk, message) => secretKey(sk).sign(message),
    verify: (publicKey, message, signature) => blst.verify(message, publicKey, signature),
    aggregateVerify: (publicKeys, messages, signature) =>
      blst.aggregateVerify([...messages], [...publicKeys], signature),
    // blst draws its own 64-bit weights for the batch check: the seed is not needed.
    verifyBatch: (sets) =>
      blst.verifyMultipleAggregateSignatures(sets.map((s) => ({ msg: s.message, pk: s.publicKey, sig: s.signature }))),
  };
}

/**
 * The fixed-base table of P for 256-bit scalars in 4-bit digits: row j holds d·16^j·P for
 * d = 0..15 (infinity first), 64 rows, built with 960 native additions of public points.
 */
function fixedBaseTable(blst: typeof Blst, point: Blst.PublicKey, infinity: Blst.PublicKey): Blst.PublicKey[][] {
  const rows: Blst.PublicKey[][] = [];
  let base = point;
  for (let j = 0; j < 64; j++) {
    const row = [infinity, base];
    for (let d = 2; d < 16; d++) row.push(blst.aggregatePublicKeys([row[d - 1] as Blst.PublicKey, base]));
    rows.push(row);
    base = blst.aggregatePublicKeys([row[15] as Blst.PublicKey, base]);
  }
  return rows;
}

