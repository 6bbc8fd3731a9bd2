/**
 * Polynomials over Fr: evaluation, Lagrange coefficients and interpolation, for Shamir sharing.
 *
 * x-coordinates are scalars; the sharing layer maps share id i to x = i (as herumi, charon and SSV
 * do). Callers guarantee distinct non-zero x-coordinates; these functions assume it.
 * @module
 */
import { Fr } from './scalar';

/** Evaluates a0 + a1·x + ... + a(k-1)·x^(k-1) at x by Horner's rule. */
export function evaluatePolynomial(coefficients: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    acc = Fr.add(Fr.mul(acc, x), coefficients[k] as bigint);
  }
  return acc;
}

/**
 * Lagrange basis coefficients λ_i(at) for the distinct x-coordinates `xs`:
 * λ_i(at) = Π_{j≠i} (at - x_j) / (x_i - x_j), so that f(at) = Σ λ_i · f(x_i) for every polynomial f
 * of degree below `xs.length`. One field inversion in all (batch inversion).
 */
export function lagrangeCoefficients(xs: readonly bigint[], at = 0n): bigint[] {
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i] as bigint;
    let num = 1n;
    let den = 1n;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      const xj = xs[j] as bigint;
      num = Fr.mul(num, Fr.sub(at, xj));
      den = Fr.mul(den, Fr.sub(xi, xj));
    }
    numerators.push(num);
    denominators.push(den);
  }
  const inverses = Fr.invertBatch(denominators);
  return numerators.map((num, i) => Fr.mul(num, inverses[i] as bigint));
}

/** f(at) for the unique polynomial of degree below `points.length` through `points`. */
export function interpolate(points: readonly { x: bigint; y: bigint }[], at = 0n): bigint {
  const lambdas = lagrangeCoefficients(
    points.map((p) => p.x),
    at
  );
  let acc = 0n;
  for (let i = 0; i < points.length; i++) {
    acc = Fr.add(acc, Fr.mul(lambdas[i] as bigint, (points[i] as { y: bigint }).y));
  }
  return acc;
}

/** Exact Lagrange weights at 0 as integers over one common denominator. */
export interface IntegerLagrangeWeights {
  /** Signed integers c_i with λ_i(0) = c_i / denominator. */
  weights: bigint[];
  /** Positive integer: the least common multiple of the reduced denominators. */
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * λ_i(0) = Π_{j≠i} x_j / (x_j - x_i) computed over the integers (no reduction modulo r), each
 * fraction reduced, then brought to a common denominator. For the small ids clusters use, the
 * weights are a few bits long (ids {1, 2, 3}: weights [3, -3, 1], denominator 1), which lets a
 * backend replace t full-size scalar multiplications by t short ones and at most one full one.
 * Requires distinct positive integer x-coordinates.
 */
export function integerLagrangeWeights(xs: readonly bigint[]): IntegerLagrangeWeights {
  const fractions = xs.map((xi, i) => {
    let num = 1n;
    let den = 1n;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      const xj = xs[j] as bigint;
      num *= xj;
      den *= xj - xi;
    }
    const g = gcd(num, den);
    return den < 0n ? { num: -num / g, den: -den / g } : { num: num / g, den: den / g };
  });
  const denominator = fractions.reduce((l, f) => (l / gcd(l, f.den)) * f.den, 1n);
  return { weights: fractions.map((f) => f.num * (denominator / f.den)), denominator };
}

/**
 * The coefficients [a0, ..., a(k-1)] of the unique polynomial of degree below k = points.length
 * through the points (distinct x). O(k²): the sum of y_i times each Lagrange basis polynomial,
 * expanded. Used to rebuild a cheating dealer's whole polynomial from revealed shares.
 */
export function interpolateCoefficients(points: readonly { x: bigint; y: bigint }[]): bigint[] {
  const k = points.length;
  const xs = points.map((p) => p.x);
  // The monic polynomial Π (X - x_j), coefficients from the constant term up.
  let full: bigint[] = [1n];
  for (const xj of xs) {
    const next = new Array<bigint>(full.length + 1).fill(0n);
    full.forEach((c, d) => {
      next[d + 1] = Fr.add(next[d + 1] as bigint, c);
      next[d] = Fr.sub(next[d] as bigint, Fr.mul(c, xj));
    });
    full = next;
  }
  const out = new Array<bigint>(k).fill(0n);
  points.forEach(({ x: xi, y }) => {
    // Π_{j≠i} (X - x_j) = full / (X - x_i), by synthetic division.
    const basis = new Array<bigint>(k).fill(0n);
    let carry = 0n;
    for (let d = k; d >= 1; d--) {
      carry = Fr.add(full[d] as bigint, Fr.mul(carry, xi));
      basis[d - 1] = carry;
    }
    let denominator = 1n;
    for (const xj of xs) if (xj !== xi) denominator = Fr.mul(denominator, Fr.sub(xi, xj));
    const scale = Fr.mul(y, Fr.inv(denominator));
    basis.forEach((c, d) => (out[d] = Fr.add(out[d] as bigint, Fr.mul(c, scale))));
  });
  return out;
}
