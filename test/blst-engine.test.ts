/**
 * The blst adapter's linear-combination engine (fused double-and-add on native aggregation, with
 * the G2 ψ and G1 φ endomorphism splits) against noble's, and against an independent oracle.
 *
 * Every point here is a known multiple of one generator: G1 points are k·G1 and G2 points are
 * k·H(m) for one fixed message m. So Σ c_i·(k_i·Q) is (Σ c_i·k_i mod r)·Q, which blst's native
 * `publicKeyFromSecret`/`sign` compute without any of the JavaScript combination code: an oracle
 * independent of both engines. Points are made once on blst and moved to noble as compressed bytes.
 *
 * Scalars that reach the splits: above 64 bits in G2 (digits in base |x|, so ψ must act as x) and
 * above 128 bits in G1 (base x², so φ must act as -x²), after the adapter folds k > r/2 to r - k.
 * Fixed fast-check seeds keep CI reproducible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../src/index';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { nobleBackend } from '../src/backend/noble';
import { loadBlstBackend } from '../src/backend/load-blst';
import { confirmedEvaluations, evaluateCommitments, evaluateCommitmentsAt } from '../src/sharing/feldman';
import { hex, seededRandomBytes } from './helpers/rng';

/** The BLS12-381 group order r and |x| for the parameter x = -0xd201000000010000, written out. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const X_ABS = 0xd201000000010000n;
const X2 = X_ABS * X_ABS;

const mod = (k: bigint): bigint => ((k % R) + R) % R;
const b32 = (k: bigint): Uint8Array => Uint8Array.from(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));

const NOBLE: Backend = nobleBackend as Backend;
const BLST: Backend = loadBlstBackend();
const BACKENDS = [
  ['noble', NOBLE],
  ['blst', BLST],
] as const;

const INFINITY_G1 = Uint8Array.from([0xc0, ...new Uint8Array(47)]);
const INFINITY_G2 = Uint8Array.from([0xc0, ...new Uint8Array(95)]);

/** The message whose hash generates every G2 point of the pool. */
const BASE_MESSAGE = new TextEncoder().encode('dvt-bls blst engine test');
const BASE_MESSAGE_BLST = BLST.prepareMessage(BASE_MESSAGE);

type GroupName = 'G1' | 'G2';

/** One group's operations over a backend, so each test is written once for G1 and G2. */
interface Group {
  name: GroupName;
  infinity: Uint8Array;
  decode(be: Backend, bytes: Uint8Array): unknown;
  encode(be: Backend, point: unknown): Uint8Array;
  isInfinity(be: Backend, point: unknown): boolean;
  combine(be: Backend, points: readonly unknown[], scalars: readonly bigint[]): unknown;
  sum(be: Backend, points: readonly unknown[]): unknown;
  /** The backend's one-pass decode-and-sum of encodings (blst: one native call). */
  sumEncoded(be: Backend, encodings: readonly Uint8Array[]): unknown;
  /** k·Q for the group's generator Q, natively on blst (infinity for k = 0 mod r). */
  oracle(k: bigint): Uint8Array;
}

const G1: Group = {
  name: 'G1',
  infinity: INFINITY_G1,
  decode: (be, b) => be.decodeG1(b),
  encode: (be, p) => be.encodeG1(p),
  isInfinity: (be, p) => be.isInfinityG1(p),
  combine: (be, ps, ks) => be.linearCombinationG1(ps, ks),
  sum: (be, ps) => be.sumG1(ps),
  sumEncoded: (be, encodings) => be.sumEncodedPublicKeys(encodings),
  oracle: (k) => (mod(k) === 0n ? INFINITY_G1 : BLST.encodeG1(BLST.publicKeyFromSecret(b32(mod(k))))),
};

const G2: Group = {
  name: 'G2',
  infinity: INFINITY_G2,
  decode: (be, b) => be.decodeG2(b),
  encode: (be, p) => be.encodeG2(p),
  isInfinity: (be, p) => be.isInfinityG2(p),
  combine: (be, ps, ks) => be.linearCombinationG2(ps, ks),
  sum: (be, ps) => be.sumG2(ps),
  sumEncoded: (be, encodings) => be.sumEncodedSignatures(encodings),
  oracle: (k) => (mod(k) === 0n ? INFINITY_G2 : BLST.encodeG2(BLST.sign(b32(mod(k)), BASE_MESSAGE_BLST))),
};

const GROUPS = [G1, G2] as const;

/** A pool entry: discrete log k (0 for infinity) and the point decoded on each backend. */
interface PoolPoint {
  log: bigint;
  bytes: Uint8Array;
  noble: unknown;
  blst: unknown;
}

const POOL_SIZE = 40;

function makePool(g: Group, seed: string): PoolPoint[] {
  const rnd = seededRandomBytes(seed);
  const pool: PoolPoint[] = [];
  for (let i = 0; i < POOL_SIZE; i++) {
    const log = mod(BigInt(`0x${hex(rnd(40))}`)) || 1n;
    const bytes = g.oracle(log);
    pool.push({ log, bytes, noble: g.decode(NOBLE, bytes), blst: g.decode(BLST, bytes) });
  }
  return pool;
}

const POOLS: Record<GroupName, PoolPoint[]> = { G1: makePool(G1, 'engine G1 pool'), G2: makePool(G2, 'engine G2 pool') };
const INFINITY_POINT: Record<GroupName, PoolPoint> = {
  G1: { log: 0n, bytes: INFINITY_G1, noble: G1.decode(NOBLE, INFINITY_G1), blst: G1.decode(BLST, INFINITY_G1) },
  G2: { log: 0n, bytes: INFINITY_G2, noble: G2.decode(NOBLE, INFINITY_G2), blst: G2.decode(BLST, INFINITY_G2) },
};

/** Pool point i, or the point at infinity for i = -1. */
const pointAt = (g: Group, i: number): PoolPoint => (i < 0 ? INFINITY_POINT[g.name] : (POOLS[g.name][i] as PoolPoint));

/**
 * A backend's result as text, infinity by the backend's own `isInfinity` (the canonical encoding
 * of a computed infinity is checked separately, in 'a combination that cancels').
 */
function shown(g: Group, be: Backend, point: unknown): string {
  return g.isInfinity(be, point) ? 'infinity' : hex(g.encode(be, point));
}

const oracleShown = (g: Group, k: bigint): string => (mod(k) === 0n ? 'infinity' : hex(g.oracle(k)));

/** Σ scalars[j]·pool[indices[j]] on both backends and by the oracle; all three must agree. */
function checkCombination(g: Group, indices: readonly number[], scalars: readonly bigint[]): void {
  const points = indices.map((i) => pointAt(g, i));
  const expected = oracleShown(
    g,
    points.reduce((acc, p, j) => acc + p.log * (scalars[j] as bigint), 0n)
  );
  const label = `${g.name}: indices [${indices.join(', ')}], scalars [${scalars.map((k) => `0x${k.toString(16)}`).join(', ')}]`;
  const onNoble = shown(g, NOBLE, g.combine(NOBLE, points.map((p) => p.noble), scalars));
  const onBlst = shown(g, BLST, g.combine(BLST, points.map((p) => p.blst), scalars));
  expect(onBlst, `blst vs oracle, ${label}`).toBe(expected);
  expect(onNoble, `noble vs oracle, ${label}`).toBe(expected);
}

/** Scalars at the edges of the adapter's paths: folding at r/2, the 64- and 128-bit limits, digits of x. */
const SPECIAL_SCALARS: readonly bigint[] = [
  0n,
  1n,
  2n,
  -1n,
  -2n,
  R - 1n,
  R - 2n,
  (R - 1n) / 2n,
  (R + 1n) / 2n,
  (R + 3n) / 2n,
  -(R - 1n),
  -((R - 1n) / 2n),
  -((R + 1n) / 2n),
  2n ** 64n - 1n,
  2n ** 64n,
  2n ** 64n + 1n,
  -(2n ** 64n),
  2n ** 128n - 1n,
  2n ** 128n,
  2n ** 128n + 1n,
  -(2n ** 128n + 1n),
  2n ** 200n,
  2n ** 254n,
  X_ABS - 1n,
  X_ABS,
  X_ABS + 1n,
  X_ABS ** 2n,
  X_ABS ** 2n - 1n,
  X_ABS ** 2n + X_ABS,
  X_ABS ** 3n,
  X_ABS ** 3n + X_ABS ** 2n + X_ABS + 1n,
  X_ABS ** 3n - 1n,
  X2 - 1n,
  X2 + 1n,
  2n * X2,
  X2 * (2n ** 120n),
  X_ABS ** 4n - X2, // r - 1, written through r = x⁴ - x² + 1
  R - X2,
  R - X_ABS,
  -X2,
];

const showScalar = (k: bigint): string => (k < 0n ? `-0x${(-k).toString(16)}` : `0x${k.toString(16)}`);

const fullSizeArb = fc.oneof(
  fc.bigInt({ min: 2n ** 128n, max: R - 1n }),
  fc.bigInt({ min: -(R - 1n), max: -(2n ** 128n) }),
  fc.bigInt({ min: (R - 1n) / 2n - 2n ** 140n, max: (R + 1n) / 2n + 2n ** 140n })
);

const scalarArb = fc.oneof(
  fc.constantFrom(...SPECIAL_SCALARS),
  fc.bigInt({ min: -(R - 1n), max: R - 1n }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 135n), max: 2n ** 135n }),
  fc.integer({ min: -20, max: 20 }).map(BigInt)
);

/** A pool index, or -1 for the point at infinity. */
const indexArb = fc.oneof({ weight: 8, arbitrary: fc.nat({ max: POOL_SIZE - 1 }) }, { weight: 1, arbitrary: fc.constant(-1) });

describe.each(GROUPS)('linearCombination$name: blst adapter vs noble vs native oracle', (g) => {
  it.each(SPECIAL_SCALARS.map((k) => [showScalar(k), k] as const))('special scalar %s alone', (_shown, k) => {
    checkCombination(g, [3], [k]);
  });

  it('special scalars in pairs, on two points and on one point twice', () => {
    SPECIAL_SCALARS.forEach((k, i) => {
      const k2 = SPECIAL_SCALARS[(i * 7 + 3) % SPECIAL_SCALARS.length] as bigint;
      checkCombination(g, [5, 6], [k, k2]);
      checkCombination(g, [5, 5], [k, k2]);
    });
  });

  it('the empty combination is infinity on both', () => {
    for (const [name, be] of BACKENDS) {
      expect(g.isInfinity(be, g.combine(be, [], [])), name).toBe(true);
      expect(hex(g.encode(be, g.combine(be, [], []))), name).toBe(hex(g.infinity));
    }
  });

  it('a single point times 1 is the point itself, byte for byte', () => {
    for (const [name, be] of BACKENDS) {
      const p = pointAt(g, 7);
      expect(hex(g.encode(be, g.combine(be, [p[name]], [1n]))), name).toBe(hex(p.bytes));
    }
  });

  it('the point at infinity times any scalar, alone and among others', () => {
    for (const k of SPECIAL_SCALARS) {
      checkCombination(g, [-1], [k]);
      checkCombination(g, [-1, 2, -1], [k, 5n, k]);
    }
  });

  it('P with -P cancels: same result (infinity) on both by isInfinity', () => {
    checkCombination(g, [4, 4], [1n, -1n]);
    checkCombination(g, [4, 4], [1n, R - 1n]);
    checkCombination(g, [4, 4], [2n ** 200n, -(2n ** 200n)]);
    checkCombination(g, [4, 4, 9], [(R + 1n) / 2n, (R - 1n) / 2n, 0n]);
  });

  // The canonical encoding of a COMPUTED infinity, per backend (a decoded infinity is canonical
  // already). noble represents a computed infinity as (0, Y, 0) with Y != 1, which its encoder
  // refused until the adapter normalized it.
  describe.each(BACKENDS)('a combination that cancels encodes as the canonical infinity on %s', (name, be) => {
    const p = pointAt(g, 4);
    const negP = g.decode(be, g.encode(be, g.combine(be, [p[name]], [-1n])));
    const cases: [string, () => unknown][] = [
      ['k·P + (-k)·P, short k', () => g.combine(be, [p[name], p[name]], [3n, -3n])],
      ['k·P + (-k)·P, full-size k', () => g.combine(be, [p[name], p[name]], [2n ** 200n, -(2n ** 200n)])],
      ['P + (-P) as decoded points, scalars 1 and 1', () => g.combine(be, [p[name], negP], [1n, 1n])],
      ['sum of P and -P', () => g.sum(be, [p[name], negP])],
    ];
    it.each(cases)('%s', (_label, compute) => {
      const point = compute();
      expect(g.isInfinity(be, point)).toBe(true);
      expect(hex(g.encode(be, point))).toBe(hex(g.infinity));
    });
  });

  it('40 points (noble takes its Pippenger path): full-size, short and mixed scalars, with infinity and cancelling pairs', () => {
    const indices = Array.from({ length: 40 }, (_, i) => i);
    const rnd = seededRandomBytes(`${g.name} 40 points`);
    const full = indices.map(() => mod(BigInt(`0x${hex(rnd(40))}`)));
    checkCombination(g, indices, full);
    checkCombination(g, indices, full.map((k, i) => (i % 2 === 0 ? k : -k)));
    checkCombination(
      g,
      indices,
      indices.map((i) => BigInt(i) - 20n)
    );
    checkCombination(
      g,
      indices,
      indices.map((i) => SPECIAL_SCALARS[i % SPECIAL_SCALARS.length] as bigint)
    );
    // Infinity among them, and the same point with k and -k (its terms cancel).
    const withInfinity = indices.map((i) => (i % 9 === 0 ? -1 : i === 39 ? 38 : i));
    checkCombination(
      g,
      withInfinity,
      withInfinity.map((_, j) => (j === 39 ? -(full[38] as bigint) : (full[j] as bigint)))
    );
  });

  it('40 points with random 64-bit weights (the shape of the DKG batch checks: one bit per step)', () => {
    const indices = Array.from({ length: 40 }, (_, i) => i);
    const rnd = seededRandomBytes(`${g.name} 40 points 64-bit`);
    checkCombination(g, indices, indices.map(() => BigInt(`0x${hex(rnd(8))}`)));
  });

  it('one point times x plus another, x = 0..300 and larger (Horner steps: wide windows, copies of the accumulator)', () => {
    for (let x = 0n; x <= 300n; x++) checkCombination(g, [8, 9], [x, 1n]);
    for (const x of [1023n, 1024n, 4095n, 65537n, 2n ** 40n - 1n, 2n ** 52n + 3n]) {
      checkCombination(g, [8, 9], [x, 1n]);
      checkCombination(g, [8, 9, 10], [x, x, x]);
    }
  });

  it('full-size scalars (split along the endomorphism) agree with noble and the oracle: 220 random cases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((n) =>
          fc.tuple(fc.array(indexArb, { minLength: n, maxLength: n }), fc.array(fullSizeArb, { minLength: n, maxLength: n }))
        ),
        ([indices, scalars]) => checkCombination(g, indices, scalars)
      ),
      { seed: g.name === 'G1' ? 0x61 : 0x62, numRuns: 220 }
    );
  });

  it('mixed scalars (special, short, 70- and 135-bit, full-size, negative) on 1..8 points with repeats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) =>
          fc.tuple(fc.array(indexArb, { minLength: n, maxLength: n }), fc.array(scalarArb, { minLength: n, maxLength: n }))
        ),
        ([indices, scalars]) => checkCombination(g, indices, scalars)
      ),
      { seed: g.name === 'G1' ? 0x71 : 0x72, numRuns: 100 }
    );
  });

  it('sum of the empty list is infinity on both', () => {
    for (const [name, be] of BACKENDS) {
      const zero = g.sum(be, []);
      expect(g.isInfinity(be, zero), name).toBe(true);
      expect(hex(g.encode(be, zero)), name).toBe(hex(g.infinity));
    }
  });

  it('sums of pool points agree with the oracle on both', () => {
    for (const n of [1, 2, 5, 17, 40]) {
      const points = POOLS[g.name].slice(0, n);
      const expected = oracleShown(
        g,
        points.reduce((acc, p) => acc + p.log, 0n)
      );
      for (const [name, be] of BACKENDS) expect(shown(g, be, g.sum(be, points.map((p) => p[name]))), name).toBe(expected);
    }
  });

  it('sumEncoded (decode and sum in one pass) agrees with the oracle on both, and refuses what decode refuses', () => {
    for (const n of [1, 2, 7, 40]) {
      const points = POOLS[g.name].slice(0, n);
      const expected = oracleShown(
        g,
        points.reduce((acc, p) => acc + p.log, 0n)
      );
      for (const [name, be] of BACKENDS) {
        expect(shown(g, be, g.sumEncoded(be, points.map((p) => p.bytes))), `${name}, ${n} points`).toBe(expected);
      }
    }
    const p = pointAt(g, 11);
    const negP = g.encode(BLST, g.combine(BLST, [p.blst], [-1n]));
    const garbage = p.bytes.slice();
    garbage[5] = (garbage[5] as number) ^ 0x10;
    const nonCanonicalInfinity = g.infinity.slice();
    nonCanonicalInfinity[g.infinity.length - 1] = 1;
    for (const [name, be] of BACKENDS) {
      // P + (-P): infinity, encoded canonically.
      expect(hex(g.encode(be, g.sumEncoded(be, [p.bytes, negP]))), name).toBe(hex(g.infinity));
      expect(() => g.sumEncoded(be, [p.bytes, garbage]), `${name}: a flipped bit`).toThrow();
      expect(() => g.sumEncoded(be, [nonCanonicalInfinity, p.bytes]), `${name}: non-canonical infinity`).toThrow();
      if (g.name === 'G1') {
        // KeyValidate: a public key may not be infinity, even where the sum would not care.
        expect(() => g.sumEncoded(be, [p.bytes, g.infinity]), `${name}: infinity public key`).toThrow();
      } else {
        expect(hex(g.encode(be, g.sumEncoded(be, [p.bytes, g.infinity]))), `${name}: infinity signature`).toBe(hex(p.bytes));
      }
    }
  });

  it('isInfinity agrees on pool points, infinity, and decoded vs computed points', () => {
    for (const [name, be] of BACKENDS) {
      expect(g.isInfinity(be, g.decode(be, g.infinity)), name).toBe(true);
      for (const p of POOLS[g.name].slice(0, 10)) {
        expect(g.isInfinity(be, p[name]), name).toBe(false);
        expect(g.isInfinity(be, g.combine(be, [p[name]], [0n])), name).toBe(true);
        expect(g.isInfinity(be, g.combine(be, [p[name]], [R - 1n])), name).toBe(false);
      }
    }
  });

  it('decode: the canonical infinity is accepted by both, non-canonical infinities refused by both', () => {
    const length = g.infinity.length;
    for (const [name, be] of BACKENDS) {
      expect(hex(g.encode(be, g.decode(be, g.infinity))), name).toBe(hex(g.infinity));
    }
    const nonCanonical: [string, Uint8Array][] = [];
    for (const position of [1, 2, length / 2, length - 1]) {
      for (const value of [0x01, 0x80, 0xff]) {
        const bytes = g.infinity.slice();
        bytes[position] = value;
        nonCanonical.push([`0xc0 with byte ${position} = 0x${value.toString(16)}`, bytes]);
      }
    }
    for (const first of [0x40, 0xe0, 0xc1, 0xdf, 0x00, 0x20, 0x60]) {
      const bytes = new Uint8Array(length);
      bytes[0] = first;
      nonCanonical.push([`0x${first.toString(16)} then zeros`, bytes]);
    }
    for (const [label, bytes] of nonCanonical) {
      for (const [name, be] of BACKENDS) {
        expect(() => g.decode(be, bytes), `${name}: ${label}`).toThrow();
      }
    }
  });
});

describe('G1 work built on the engines: fixed-base multiplyG1Secret, evaluateCommitmentsAt', () => {
  it('multiplyG1Secret agrees with the oracle on both backends: digits at their edges, random scalars, two bases', () => {
    const rnd = seededRandomBytes('multiplyG1Secret scalars');
    const scalars = [1n, 2n, 15n, 16n, 17n, 255n, 256n, 0x1111n, 2n ** 252n, 2n ** 254n + 1n, R - 1n, R - 2n, (R - 1n) / 2n, ...Array.from({ length: 12 }, () => mod(BigInt(`0x${hex(rnd(40))}`)) || 1n)];
    for (const base of [pointAt(G1, 1), pointAt(G1, 2)]) {
      for (const k of scalars) {
        const expected = hex(G1.oracle(base.log * k));
        for (const [name, be] of BACKENDS) expect(hex(be.encodeG1(be.multiplyG1Secret(base[name], b32(k)))), `${name}, k = ${showScalar(k)}`).toBe(expected);
      }
    }
  });

  it('evaluatePolynomialG1 agrees with the oracle on both backends: planned short x, the generic walk above 2^64, infinity coefficients', () => {
    const xs = [0n, 1n, 2n, 3n, 5n, 33n, 64n, 255n, 256n, 70000n, 2n ** 32n + 1n, 2n ** 53n - 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 100n + 7n, R - 1n];
    const pools: PoolPoint[][] = [[pointAt(G1, 0)], POOLS.G1.slice(1, 4), [pointAt(G1, 4), pointAt(G1, -1), pointAt(G1, 5), pointAt(G1, -1)], POOLS.G1.slice(0, 11)];
    for (const coefficients of pools) {
      for (const x of xs) {
        const expected = oracleShown(G1, coefficients.reduce((acc, c, k) => acc + c.log * x ** BigInt(k), 0n));
        for (const [name, be] of BACKENDS) {
          expect(shown(G1, be, be.evaluatePolynomialG1(coefficients.map((c) => c[name]), x)), `${name}, degree ${coefficients.length - 1}, x = ${showScalar(x)}`).toBe(expected);
        }
      }
    }
  });

  it('evaluateCommitmentsAt: runs of ids, gaps, large ids, any order, repeats; every degree up to 9; both backends', () => {
    const idSets: bigint[][] = [
      Array.from({ length: 12 }, (_, i) => BigInt(i + 1)),
      [1n, 2n, 4n, 5n, 9n, 10n, 300n, 301n, 70000n],
      [3n, 4n, 5n],
      [5n, 3n, 3n, 1n, 2n, 0n, 2n],
    ];
    for (let t = 1; t <= 10; t++) {
      const coefficients = POOLS.G1.slice(0, t);
      for (const xs of idSets) {
        const expected = xs.map((x) => oracleShown(G1, coefficients.reduce((acc, c, k) => acc + c.log * x ** BigInt(k), 0n)));
        for (const [name, be] of BACKENDS) {
          const points = coefficients.map((c) => c[name]);
          const label = `${name}, t = ${t}, ids [${xs.join(', ')}]`;
          expect(evaluateCommitmentsAt(be, points, xs).map((p) => shown(G1, be, p)), label).toEqual(expected);
          expect(xs.map((x) => shown(G1, be, evaluateCommitments(be, points, x))), label).toEqual(expected);
        }
      }
    }
  });
  it('confirmedEvaluations: right claims are taken, a wrong one (or infinity) makes it evaluate all, missing ones are evaluated; both backends', () => {
    const coefficients = POOLS.G1.slice(0, 7);
    const xs = [1n, 2n, 3n, 5n, 8n, 9n, 300n];
    const logs = xs.map((x) => coefficients.reduce((acc, c, k) => acc + c.log * x ** BigInt(k), 0n));
    const expected = logs.map((log) => oracleShown(G1, log));
    const rnd = seededRandomBytes('confirmedEvaluations weights');
    const weights = xs.map(() => BigInt(`0x${hex(rnd(8))}`) || 1n);
    for (const [name, be] of BACKENDS) {
      const points = coefficients.map((c) => c[name]);
      const truth = logs.map((log) => be.decodeG1(G1.oracle(log)));
      const wrong = be.decodeG1(G1.oracle(logs[3] as bigint + 1n));
      const cases: [string, (unknown | undefined)[]][] = [
        ['all claimed, all right', truth],
        ['none claimed', xs.map(() => undefined)],
        ['some claimed', truth.map((p, i) => (i % 3 === 1 ? undefined : p))],
        ['one wrong', truth.map((p, i) => (i === 3 ? wrong : p))],
        ['two swapped', truth.map((p, i) => (i === 1 ? truth[2] : i === 2 ? truth[1] : p))],
        ['one infinity', truth.map((p, i) => (i === 5 ? be.decodeG1(INFINITY_G1) : p))],
        ['one wrong, some missing', truth.map((p, i) => (i === 0 ? wrong : i === 6 ? undefined : p))],
      ];
      for (const [label, claimed] of cases) {
        expect(confirmedEvaluations(be, points, xs, claimed, weights).map((p) => shown(G1, be, p)), `${name}: ${label}`).toEqual(expected);
      }
    }
  });
});

describe('G1 uncompressed encodings (the DKG wire format for commitments)', () => {
  const P_FIELD = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
  const fp = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(96, '0'), 'hex'));
  const uncompressed = (x: bigint, y: bigint): Uint8Array => Uint8Array.from([...fp(x), ...fp(y)]);
  const coordinates = (bytes: Uint8Array): [bigint, bigint] => [BigInt(`0x${hex(bytes.subarray(0, 48))}`), BigInt(`0x${hex(bytes.subarray(48))}`)];
  const INFINITY_UNCOMPRESSED = Uint8Array.from([0x40, ...new Uint8Array(95)]);

  it('encode with compressed: false gives the same 96 bytes on both, which decode (on both) to the same point', () => {
    for (const p of [...POOLS.G1.slice(0, 12), INFINITY_POINT.G1]) {
      const bytes = BLST.encodeG1(p.blst, { compressed: false });
      expect(bytes.length).toBe(96);
      expect(hex(NOBLE.encodeG1(p.noble, { compressed: false }))).toBe(hex(bytes));
      for (const [name, be] of BACKENDS) expect(hex(be.encodeG1(be.decodeG1(bytes))), name).toBe(hex(p.bytes));
    }
    expect(hex(BLST.encodeG1(INFINITY_POINT.G1.blst, { compressed: false }))).toBe(hex(INFINITY_UNCOMPRESSED));
  });

  it('decode refuses every non-canonical or invalid 96-byte encoding on both backends, and other lengths', () => {
    const good = BLST.encodeG1(pointAt(G1, 3).blst, { compressed: false });
    const [x, y] = coordinates(good);
    const flagged = (flags: number): Uint8Array => Uint8Array.from(good, (b, i) => (i === 0 ? b | flags : b));
    const refused: [string, Uint8Array][] = [
      ['the sort flag', flagged(0x20)],
      ['the compression flag', flagged(0x80)],
      ['the infinity flag on a point', flagged(0x40)],
      ['x + p', uncompressed(x + P_FIELD, y)],
      ['y + p', uncompressed(x, y + P_FIELD)],
      ['-y written as p - y + p', uncompressed(x, 2n * P_FIELD - y)],
      ['y + 1: off the curve', uncompressed(x, (y + 1n) % P_FIELD)],
      ['all zeros (infinity needs its flag)', new Uint8Array(96)],
      ['infinity with a non-zero payload', Uint8Array.from(INFINITY_UNCOMPRESSED, (b, i) => (i === 95 ? 1 : b))],
      ['infinity with the sort flag', Uint8Array.from(INFINITY_UNCOMPRESSED, (b, i) => (i === 0 ? 0x60 : b))],
      ['47 bytes', good.subarray(0, 47)],
      ['95 bytes', good.subarray(0, 95)],
      ['97 bytes', Uint8Array.from([...good, 0])],
      ['the compressed point, zero-padded to 96', Uint8Array.from([...pointAt(G1, 3).bytes, ...new Uint8Array(48)])],
    ];
    for (const [label, bytes] of refused) {
      for (const [name, be] of BACKENDS) {
        expect(() => be.decodeG1(bytes), `${name}: ${label}`).toThrow();
        expect(() => be.decodeG1(bytes, { subgroupCheck: false }), `${name}: ${label}, no subgroup check`).toThrow();
      }
    }
    for (const [name, be] of BACKENDS) expect(be.isInfinityG1(be.decodeG1(INFINITY_UNCOMPRESSED)), name).toBe(true);
  });

  it('a point on the curve outside G1: refused with the subgroup check on both, let through without it only by blst', () => {
    // The first x whose (x, y) on y² = x³ + 4 is not in the r-order subgroup (found with noble).
    const { Fp } = bls12_381.fields;
    let outside: Uint8Array | undefined;
    for (let x = 1n; outside === undefined; x++) {
      let y: bigint;
      try {
        y = Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
      } catch {
        continue;
      }
      if (!bls12_381.G1.Point.fromAffine({ x, y }).isTorsionFree()) outside = uncompressed(x, y);
    }
    for (const [name, be] of BACKENDS) expect(() => be.decodeG1(outside), name).toThrow();
    expect(BLST.isInfinityG1(BLST.decodeG1(outside, { subgroupCheck: false }))).toBe(false);
  });
});
