/**
 * Unit and property tests of the scalar field layer (src/field/scalar.ts, src/field/polynomial.ts),
 * against naive arithmetic written out here, plus, on every backend, the check that interpolation
 * "in the exponent" (combinePublicKeys, combineSignatures) agrees with interpolation in the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError } from '../src/index';
import {
  evaluatePolynomial,
  integerLagrangeWeights,
  interpolate,
  lagrangeCoefficients,
} from '../src/field/polynomial';
import {
  CURVE_ORDER,
  Fr,
  SCALAR_LENGTH,
  isNonZeroScalar,
  randomNonZeroScalar,
  scalarFromBytes,
  scalarToBytes,
} from '../src/field/scalar';
import { backends } from './helpers/backends';
import { hex, seededRandomBytes } from './helpers/rng';

/** The BLS12-381 group order r, written out independently of the code under test. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

const mod = (a: bigint): bigint => ((a % R) + R) % R;

/** Naive a^e mod r by repeated multiplication (e is small here). */
function naivePow(a: bigint, e: number): bigint {
  let acc = 1n;
  for (let i = 0; i < e; i++) acc = mod(acc * a);
  return acc;
}

/** Inverse by Fermat, with bigint arithmetic only (independent of noble's Field). */
function naiveInv(a: bigint): bigint {
  let result = 1n;
  let base = mod(a);
  let e = R - 2n;
  while (e > 0n) {
    if (e & 1n) result = mod(result * base);
    base = mod(base * base);
    e >>= 1n;
  }
  return result;
}

const naiveEval = (coefficients: readonly bigint[], x: bigint): bigint =>
  coefficients.reduce((acc, a, k) => mod(acc + a * naivePow(x, k)), 0n);

const sumMod = (values: readonly bigint[]): bigint => values.reduce((a, b) => mod(a + b), 0n);

const scalarArb = fc.bigInt({ min: 0n, max: R - 1n });
/** Non-zero x-coordinates: small ones (share ids in practice) and any in [1, r). */
const nonZeroXArb = fc.oneof(fc.bigInt({ min: 1n, max: 100n }), fc.bigInt({ min: 1n, max: R - 1n }));
const distinctXsArb = (maxLength: number) => fc.uniqueArray(nonZeroXArb, { minLength: 1, maxLength });

describe('scalar field', () => {
  it('CURVE_ORDER is the BLS12-381 group order and Fr works modulo it', () => {
    expect(CURVE_ORDER).toBe(R);
    expect(Fr.ORDER).toBe(R);
    expect(SCALAR_LENGTH).toBe(32);
    expect(Fr.add(R - 1n, 1n)).toBe(0n);
    expect(Fr.mul(Fr.inv(2n), 2n)).toBe(1n);
  });

  it('isNonZeroScalar is exactly the range [1, r)', () => {
    for (const [value, valid] of [
      [0n, false],
      [1n, true],
      [R - 1n, true],
      [R, false],
      [R + 1n, false],
      [2n ** 256n - 1n, false],
      [-1n, false],
    ] as const) {
      expect(isNonZeroScalar(value)).toBe(valid);
    }
  });

  it('scalarToBytes / scalarFromBytes: 32 bytes big-endian, round trip', () => {
    expect(hex(scalarToBytes(1n))).toBe(`${'00'.repeat(31)}01`);
    expect(hex(scalarToBytes(R - 1n))).toBe('73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000');
    expect(scalarFromBytes(Uint8Array.from([...new Uint8Array(30), 1, 2]))).toBe(0x0102n);
    fc.assert(
      fc.property(scalarArb, (s) => {
        const bytes = scalarToBytes(s);
        expect(bytes).toHaveLength(32);
        expect(hex(bytes)).toBe(s.toString(16).padStart(64, '0'));
        expect(scalarFromBytes(bytes)).toBe(s);
      }),
      { seed: 0xf1e1d001, numRuns: 200 }
    );
  });

  describe('randomNonZeroScalar', () => {
    it('is (48 random bytes, big-endian) mod (r - 1) + 1, so always in [1, r)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (bytes) => {
          const expected = (BigInt(`0x${hex(bytes)}`) % (R - 1n)) + 1n;
          const scalar = randomNonZeroScalar(() => bytes.slice());
          expect(scalar).toBe(expected);
          expect(scalar >= 1n && scalar < R).toBe(true);
        }),
        { seed: 0xf1e1d002, numRuns: 300 }
      );
    });

    it('maps the extreme inputs inside [1, r)', () => {
      expect(randomNonZeroScalar(() => new Uint8Array(48))).toBe(1n);
      const allOnes = randomNonZeroScalar(() => new Uint8Array(48).fill(0xff));
      expect(allOnes).toBe(((2n ** 384n - 1n) % (R - 1n)) + 1n);
      expect(allOnes >= 1n && allOnes < R).toBe(true);
      // A draw that is exactly r - 1 (mod r - 1 gives 0) maps to 1, one below r maps to r - 1.
      expect(randomNonZeroScalar(() => hexTo48(R - 1n))).toBe(1n);
      expect(randomNonZeroScalar(() => hexTo48(R - 2n))).toBe(R - 1n);
    });

    it('asks for exactly 48 bytes, once per scalar', () => {
      const requests: number[] = [];
      randomNonZeroScalar((length) => (requests.push(length), new Uint8Array(length).fill(7)));
      expect(requests).toEqual([48]);
    });

    it('is deterministic for a seeded randomBytes, and differs across seeds', () => {
      const draw = (seed: string) => {
        const randomBytes = seededRandomBytes(seed);
        return Array.from({ length: 5 }, () => randomNonZeroScalar(randomBytes));
      };
      const a = draw('field seed a');
      expect(draw('field seed a')).toEqual(a);
      expect(new Set(a).size).toBe(5);
      const b = draw('field seed b');
      for (const s of b) expect(a).not.toContain(s);
      for (const s of [...a, ...b]) expect(s >= 1n && s < R).toBe(true);
    });

    it('throws RANDOMNESS_FAILURE when randomBytes breaks its promise', () => {
      for (const bad of [
        () => new Uint8Array(47),
        () => new Uint8Array(49),
        () => [1, 2, 3] as unknown as Uint8Array,
        () => undefined as unknown as Uint8Array,
      ]) {
        let error: unknown;
        try {
          randomNonZeroScalar(bad);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DvtBlsError);
        expect((error as DvtBlsError).code).toBe('RANDOMNESS_FAILURE');
      }
    });
  });
});

/** 48 bytes big-endian holding the value. */
function hexTo48(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(96, '0'), 'hex'));
}

describe('polynomials over Fr', () => {
  it('evaluatePolynomial agrees with the naive sum Σ a_k·x^k mod r', () => {
    fc.assert(
      fc.property(
        fc.array(scalarArb, { maxLength: 16 }),
        fc.oneof(scalarArb, fc.bigInt({ min: 0n, max: 10n })),
        (coefficients, x) => {
          const value = evaluatePolynomial(coefficients, x);
          expect(value).toBe(naiveEval(coefficients, x));
          expect(value >= 0n && value < R).toBe(true);
        }
      ),
      { seed: 0xf1e1d003, numRuns: 200 }
    );
    expect(evaluatePolynomial([], 5n)).toBe(0n);
    expect(evaluatePolynomial([5n, 7n, 2n], 0n)).toBe(5n);
    expect(evaluatePolynomial([5n, 7n, 2n], 3n)).toBe(44n);
    expect(evaluatePolynomial([R - 1n, 1n], 1n)).toBe(0n);
  });

  it('lagrangeCoefficients sum to 1 (at 0 and at any point) for any distinct xs', () => {
    fc.assert(
      fc.property(distinctXsArb(16), scalarArb, (xs, at) => {
        expect(sumMod(lagrangeCoefficients(xs))).toBe(1n);
        expect(sumMod(lagrangeCoefficients(xs, 0n))).toBe(1n);
        expect(sumMod(lagrangeCoefficients(xs, at))).toBe(1n);
      }),
      { seed: 0xf1e1d004, numRuns: 150 }
    );
  });

  it('lagrangeCoefficients match the naive product formula Π (at - x_j) / (x_i - x_j)', () => {
    fc.assert(
      fc.property(distinctXsArb(8), scalarArb, (xs, at) => {
        const lambdas = lagrangeCoefficients(xs, at);
        expect(lambdas).toHaveLength(xs.length);
        xs.forEach((xi, i) => {
          let num = 1n;
          let den = 1n;
          xs.forEach((xj, j) => {
            if (j === i) return;
            num = mod(num * (at - xj));
            den = mod(den * (xi - xj));
          });
          expect(lambdas[i]).toBe(mod(num * naiveInv(den)));
        });
      }),
      { seed: 0xf1e1d005, numRuns: 60 }
    );
  });

  it('lagrangeCoefficients at one of the xs is the unit vector', () => {
    fc.assert(
      fc.property(distinctXsArb(10), fc.nat(), (xs, k) => {
        const m = k % xs.length;
        expect(lagrangeCoefficients(xs, xs[m]!)).toEqual(xs.map((_, i) => (i === m ? 1n : 0n)));
      }),
      { seed: 0xf1e1d006, numRuns: 100 }
    );
  });

  it('known values: xs = [1, 2, 3] at 0 are [3, -3, 1] mod r, and other small cases', () => {
    expect(lagrangeCoefficients([1n, 2n, 3n], 0n)).toEqual([3n, R - 3n, 1n]);
    expect(lagrangeCoefficients([1n, 2n, 3n])).toEqual([3n, R - 3n, 1n]);
    expect(lagrangeCoefficients([1n, 2n], 0n)).toEqual([2n, R - 1n]);
    // xs = [1, 3]: 3/2 and -1/2, with 1/2 = (r + 1) / 2.
    expect(lagrangeCoefficients([1n, 3n], 0n)).toEqual([(R + 3n) / 2n, (R - 1n) / 2n]);
    // xs = [1, 2, 3] at 4: [1, -3, 3].
    expect(lagrangeCoefficients([1n, 2n, 3n], 4n)).toEqual([1n, R - 3n, 3n]);
    expect(lagrangeCoefficients([7n], 0n)).toEqual([1n]);
    // f(x) = 5 + 7x + 2x^2 through (1, 14), (2, 27), (3, 44): f(0) = 5, f(4) = 65.
    const points = [
      { x: 1n, y: 14n },
      { x: 2n, y: 27n },
      { x: 3n, y: 44n },
    ];
    expect(interpolate(points)).toBe(5n);
    expect(interpolate(points, 4n)).toBe(65n);
    expect(interpolate([...points].reverse(), 0n)).toBe(5n);
  });

  it('interpolate recovers f(at) for random polynomials, at 0 and at random points', () => {
    const arb = fc
      .tuple(fc.array(scalarArb, { minLength: 1, maxLength: 12 }), fc.nat(4))
      .chain(([coefficients, extra]) =>
        fc.record({
          coefficients: fc.constant(coefficients),
          // At least deg + 1 points; extra points change nothing.
          xs: fc.uniqueArray(nonZeroXArb, {
            minLength: coefficients.length + extra,
            maxLength: coefficients.length + extra,
          }),
          at: fc.oneof(scalarArb, fc.constant(0n)),
        })
      );
    fc.assert(
      fc.property(arb, ({ coefficients, xs, at }) => {
        const points = xs.map((x) => ({ x, y: naiveEval(coefficients, x) }));
        expect(interpolate(points, at)).toBe(naiveEval(coefficients, at));
        expect(interpolate(points)).toBe(mod(coefficients[0]!));
      }),
      { seed: 0xf1e1d007, numRuns: 150 }
    );
  });

  describe('integerLagrangeWeights', () => {
    const idsArb = fc.uniqueArray(
      fc.oneof(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      { minLength: 1, maxLength: 12 }
    );

    it('known values', () => {
      expect(integerLagrangeWeights([1n, 2n, 3n])).toEqual({ weights: [3n, -3n, 1n], denominator: 1n });
      expect(integerLagrangeWeights([1n, 3n])).toEqual({ weights: [3n, -1n], denominator: 2n });
      expect(integerLagrangeWeights([1n, 2n, 4n])).toEqual({ weights: [8n, -6n, 1n], denominator: 3n });
      expect(integerLagrangeWeights([5n])).toEqual({ weights: [1n], denominator: 1n });
    });

    it('weights / denominator are the Lagrange coefficients at 0, exactly and mod r', () => {
      fc.assert(
        fc.property(idsArb, (ids) => {
          const xs = ids.map(BigInt);
          const { weights, denominator } = integerLagrangeWeights(xs);
          expect(denominator > 0n).toBe(true);
          expect(weights).toHaveLength(xs.length);
          // Σ λ_i(0) = 1 over the rationals: the weights sum to the denominator, with no reduction.
          expect(weights.reduce((a, b) => a + b, 0n)).toBe(denominator);
          // Exactness over the integers, for f(x) = x^j (j < k): Σ w_i·x_i^j = denominator·0^j.
          for (let j = 1; j < xs.length; j++) {
            expect(weights.reduce((acc, w, i) => acc + w * xs[i]! ** BigInt(j), 0n)).toBe(0n);
          }
          const inv = naiveInv(denominator);
          expect(weights.map((w) => mod(w * inv))).toEqual(lagrangeCoefficients(xs, 0n));
        }),
        { seed: 0xf1e1d008, numRuns: 150 }
      );
    });

    it('each fraction is in lowest terms: the denominator is the lcm of the reduced denominators', () => {
      fc.assert(
        fc.property(idsArb, (ids) => {
          const xs = ids.map(BigInt);
          const { weights, denominator } = integerLagrangeWeights(xs);
          const gcd = (a: bigint, b: bigint): bigint => {
            a = a < 0n ? -a : a;
            b = b < 0n ? -b : b;
            while (b !== 0n) [a, b] = [b, a % b];
            return a;
          };
          // Reduce every w_i / denominator; the lcm of the reduced denominators is the denominator.
          const lcm = weights
            .map((w) => denominator / gcd(w, denominator))
            .reduce((l, d) => (l / gcd(l, d)) * d, 1n);
          expect(lcm).toBe(denominator);
        }),
        { seed: 0xf1e1d009, numRuns: 150 }
      );
    });
  });
});

/** Fixed seed; a time cap so that shrinking a failure with curve operations reports in time. */
const slowParams = (seed: number, numRuns: number): fc.Parameters<unknown> => ({
  seed,
  numRuns,
  plugins: [fc.interruptAfterTimeLimit(90_000, { failOnInterrupt: true })],
});

describe.each(backends)('interpolation in the exponent agrees with the field ($name backend)', ({ api }) => {
  /** Distinct ids, small (short integer weights) or large (field coefficients), with random values. */
  const pointsArb = (maxLength: number) =>
    fc.uniqueArray(
      fc.record({
        id: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        y: fc.bigInt({ min: 1n, max: R - 1n }),
      }),
      { minLength: 1, maxLength, selector: (p) => p.id }
    );

  it('combinePublicKeys of y_i·G1 at ids x_i is interpolate(points, 0)·G1', () => {
    fc.assert(
      fc.property(pointsArb(8), (points) => {
        const expected = interpolate(points.map((p) => ({ x: BigInt(p.id), y: p.y })));
        fc.pre(expected !== 0n);
        const combined = api.combinePublicKeys(
          points.map((p) => ({ id: p.id, publicKey: api.getPublicKey(scalarToBytes(p.y)) }))
        );
        expect(hex(combined)).toBe(hex(api.getPublicKey(scalarToBytes(expected))));
      }),
      slowParams(0xf1e1d00a, 25)
    );
  });

  it('combineSignatures of y_i·H(m) at ids x_i is interpolate(points, 0)·H(m)', () => {
    fc.assert(
      fc.property(pointsArb(5), fc.uint8Array({ maxLength: 32 }), (points, message) => {
        const expected = interpolate(points.map((p) => ({ x: BigInt(p.id), y: p.y })));
        fc.pre(expected !== 0n);
        const combined = api.combineSignatures(
          points.map((p) => ({ id: p.id, signature: api.sign(scalarToBytes(p.y), message) }))
        );
        expect(hex(combined)).toBe(hex(api.sign(scalarToBytes(expected), message)));
      }),
      slowParams(0xf1e1d00b, 12)
    );
  });
});
