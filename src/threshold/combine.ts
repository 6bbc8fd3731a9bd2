/**
 * Threshold recombination: Lagrange interpolation at zero "in the exponent". Partial signatures
 * σ_i = s_i·H(m) combine to Σ λ_i·σ_i = s·H(m); public key shares combine to the group key alike.
 * @module
 */
import type { Backend } from '../backend/types';
import { lagrangeCoefficients } from '../field/polynomial';

/** Σ λ_i(0)·points[i] in G2 for the distinct non-zero x-coordinates `xs`. */
export function interpolateG2<G2>(backend: Backend<unknown, G2>, xs: readonly bigint[], points: readonly G2[]): G2 {
  return backend.linearCombinationG2(points, lagrangeCoefficients(xs, 0n));
}

/** Σ λ_i(0)·points[i] in G1 for the distinct non-zero x-coordinates `xs`. */
export function interpolateG1<G1>(backend: Backend<G1>, xs: readonly bigint[], points: readonly G1[]): G1 {
  return backend.linearCombinationG1(points, lagrangeCoefficients(xs, 0n));
}
