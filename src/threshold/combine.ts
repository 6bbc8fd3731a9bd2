/**
 * Threshold recombination: Lagrange interpolation at zero "in the exponent". Partial signatures
 * σ_i = s_i·H(m) combine to Σ λ_i·σ_i = s·H(m); public key shares combine to the group key alike.
 * @module
 */
import type { Backend } from '../backend/types';
import { integerLagrangeWeights, lagrangeCoefficients } from '../field/polynomial';
import { Fr } from '../field/scalar';

/**
 * Longest integer weight worth using instead of full-size field coefficients. Below it, Σ c_i·P_i
 * with short c_i plus one multiplication by 1/denominator (skipped when it is 1) is cheaper than t
 * multiplications by 255-bit λ_i, on both backends (figures in docs/blst-backend.md).
 */
const SHORT_WEIGHT_BITS = 128;

/**
 * Σ λ_i(0)·points[i] for distinct positive x-coordinates, through a backend's linear combination.
 * Chooses between exact short integer weights (common for small ids) and field coefficients.
 */
function interpolateAtZero<P>(
  combine: (points: readonly P[], scalars: readonly bigint[]) => P,
  xs: readonly bigint[],
  points: readonly P[]
): P {
  const { weights, denominator } = integerLagrangeWeights(xs);
  const longest = weights.reduce((m, w) => Math.max(m, (w < 0n ? -w : w).toString(2).length), 0);
  if (longest > SHORT_WEIGHT_BITS) return combine(points, lagrangeCoefficients(xs, 0n));
  const sum = combine(points, weights);
  // The denominator's prime factors are below the largest id (< 2^53 < r): it is invertible.
  return denominator === 1n ? sum : combine([sum], [Fr.inv(Fr.create(denominator))]);
}

/** Σ λ_i(0)·points[i] in G2 for the distinct positive x-coordinates `xs`. */
export function interpolateG2<G2>(backend: Backend<unknown, G2>, xs: readonly bigint[], points: readonly G2[]): G2 {
  return interpolateAtZero((p, s) => backend.linearCombinationG2(p, s), xs, points);
}

/** Σ λ_i(0)·points[i] in G1 for the distinct positive x-coordinates `xs`. */
export function interpolateG1<G1>(backend: Backend<G1>, xs: readonly bigint[], points: readonly G1[]): G1 {
  return interpolateAtZero((p, s) => backend.linearCombinationG1(p, s), xs, points);
}
