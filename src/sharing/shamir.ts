/**
 * Shamir secret sharing over Fr: a secret is the constant term of a random polynomial of degree
 * t - 1; share i is the polynomial at x = i; any t shares interpolate the secret, t - 1 reveal
 * nothing about it.
 * @module
 */
import type { RandomBytes } from '../bytes';
import { evaluatePolynomial, interpolate } from '../field/polynomial';
import { randomNonZeroScalar } from '../field/scalar';

/**
 * The coefficients [secret, a1, ..., a(t-1)] of a uniformly random polynomial of degree t - 1 with
 * the given constant term. Coefficients are drawn from [1, r): a zero coefficient has probability
 * 2^-255 and would only make a Feldman commitment the point at infinity.
 */
export function randomPolynomial(secret: bigint, threshold: number, randomBytes: RandomBytes): bigint[] {
  const coefficients = [secret];
  for (let k = 1; k < threshold; k++) coefficients.push(randomNonZeroScalar(randomBytes));
  return coefficients;
}

/** The share values f(x) for each x-coordinate. */
export function evaluateShares(coefficients: readonly bigint[], xs: readonly bigint[]): bigint[] {
  return xs.map((x) => evaluatePolynomial(coefficients, x));
}

/** f(0) from points (x, f(x)) with distinct non-zero x. */
export function recoverConstant(points: readonly { x: bigint; y: bigint }[]): bigint {
  return interpolate(points, 0n);
}
