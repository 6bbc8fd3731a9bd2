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
