/**
 * Feldman verifiable secret sharing: the dealer publishes C_k = a_k·G1 for each coefficient, so
 * anyone can check a share s_i against s_i·G1 == Σ_k C_k·i^k, and C_0 is the group public key.
 * @module
 */
import type { Backend } from '../backend/types';
import { wipe } from '../bytes';
import { scalarToBytes } from '../field/scalar';

/** C_k = a_k·G1 for each (secret) coefficient, by the backend's constant-time base multiplication. */
export function commitPolynomial<G1>(backend: Backend<G1>, coefficients: readonly bigint[]): G1[] {
  return coefficients.map((a) => {
    const bytes = scalarToBytes(a);
    const commitment = backend.publicKeyFromSecret(bytes);
    wipe(bytes);
    return commitment;
  });
}

/**
 * Σ_k C_k·x^k: the public key of the share at x. Horner's rule in the group,
 * acc ← x·acc + C_k, each step one linear combination with the short scalar x: share ids are
 * small, so this costs t short multiplications instead of t full-size ones.
 */
export function evaluateCommitments<G1>(backend: Backend<G1>, commitments: readonly G1[], x: bigint): G1 {
  let acc = commitments[commitments.length - 1] as G1;
  for (let k = commitments.length - 2; k >= 0; k--) {
    acc = backend.linearCombinationG1([acc, commitments[k] as G1], [x, 1n]);
  }
  return acc;
}

/** s·G1 == Σ_k C_k·x^k, for a share's secret key bytes (canonical, non-zero). */
export function shareMatchesCommitments<G1>(
  backend: Backend<G1>,
  secretKey: Uint8Array,
  x: bigint,
  commitments: readonly G1[]
): boolean {
  return backend.equalsG1(backend.publicKeyFromSecret(secretKey), evaluateCommitments(backend, commitments, x));
}
