/**
 * Feldman verifiable secret sharing: the dealer publishes C_k = a_k·G1 for each coefficient, so
 * anyone can check a share s_i against s_i·G1 == Σ_k C_k·i^k, and C_0 is the group public key.
 * @module
 */
import type { Backend } from '../backend/types';
import { wipe } from '../bytes';
import { Fr, scalarToBytes } from '../field/scalar';

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
 * Σ_k C_k·x^k: the public key of the share at x. Horner's rule in the group
 * (`Backend.evaluatePolynomialG1`), acc ← x·acc + C_k, each step a multiplication by the short
 * scalar x: share ids are small, so this costs t short multiplications instead of t full-size ones.
 */
export function evaluateCommitments<G1>(backend: Backend<G1>, commitments: readonly G1[], x: bigint): G1 {
  return backend.evaluatePolynomialG1(commitments, x);
}

/**
 * Ids further than this past the one the difference table stands at are evaluated by Horner:
 * moving the table two ids costs t - 1 native sums of four points, a Horner evaluation t - 1
 * short walks of at least three points each.
 */
const MAX_DISTANCE = 3n;

/**
 * Σ_k C_k·x^k for each x of `xs`: the public keys of the shares at those ids. Runs of nearby
 * ascending ids (the DKG's 1..n) share their work through forward differences. With
 * D_j = Δ^j f(a), where Δf(x) = f(x + 1) - f(x) and f has degree d = t - 1: f(a) = D_0,
 * f(a + 1) = D_0 + D_1, and D_j ← D_j + 2·D_(j+1) + D_(j+2) (j = 0..d-1, in that order) moves
 * the table to a + 2. That is about d/2 native sums per id where Horner takes d walks by x: at
 * n = 64, t = 43 about 3,000 native calls for the 64 public keys, table included (see
 * `differenceTable`), which is why a DKG confirms claimed ones instead
 * (`confirmedEvaluations`) and comes here only for what is missing or wrong. Other ids are
 * evaluated by Horner.
 */
export function evaluateCommitmentsAt<G1>(backend: Backend<G1>, commitments: readonly G1[], xs: readonly bigint[]): G1[] {
  let table: G1[] | undefined;
  let at = 0n;
  return xs.map((x) => {
    if (x < at || x - at > MAX_DISTANCE) return evaluateCommitments(backend, commitments, x);
    const d = (table ??= differenceTable(backend, commitments));
    for (; x - at >= 2n; at += 2n) {
      // In place: entry j reads only entries above it, not yet moved.
      for (let j = 0; j + 1 < d.length; j++) {
        const next = d[j + 1] as G1;
        const after = d[j + 2];
        d[j] = backend.sumG1(after === undefined ? [d[j] as G1, next, next] : [d[j] as G1, next, next, after]);
      }
    }
    return x === at || d.length === 1 ? (d[0] as G1) : backend.sumG1([d[0] as G1, d[1] as G1]);
  });
}

/**
 * Σ_k C_k·x^k for each x of `xs`, as {@link evaluateCommitmentsAt} computes them, but taking the
 * `claimed` points (undefined where none was claimed) once ONE random linear combination shows
 * them right: with the 64-bit `weights` w_x, Σ_x w_x·claimed_x == Σ_k c_k·C_k where
 * c_k = Σ_x w_x·x^k. That costs two multi-scalar sums (the claims with 64-bit scalars, the t
 * commitments with full ones) instead of evaluating the polynomial at every x, and a wrong claim
 * passes with probability at most 2^-64 when the weights are drawn after the claims are fixed.
 * Unclaimed points are evaluated; if the check fails, every point is (whoever claimed wrong only
 * costs the caller that work). The claims must be subgroup-checked points: a torsion component
 * can vanish in a random combination (with probability 1/3 for order 3), not in a subgroup check.
 * Variable time: public points only.
 * @param weights - One per x, drawn by the caller after the claims were received, each in [1, 2^64).
 */
export function confirmedEvaluations<G1>(
  backend: Backend<G1>,
  commitments: readonly G1[],
  xs: readonly bigint[],
  claimed: readonly (G1 | undefined)[],
  weights: readonly bigint[]
): G1[] {
  const at = xs.flatMap((_, i) => (claimed[i] === undefined ? [] : [i]));
  if (at.length > 0) {
    // c_k = Σ_x w_x·x^k, with terms[j] = w_x·x^k moving up one power per coefficient.
    const terms = at.map((i) => weights[i] as bigint);
    const combined = commitments.map(() => {
      let sum = 0n;
      for (let j = 0; j < at.length; j++) {
        sum += terms[j] as bigint;
        terms[j] = Fr.mul(terms[j] as bigint, xs[at[j] as number] as bigint);
      }
      return Fr.create(sum);
    });
    const left = backend.linearCombinationG1(
      at.map((i) => claimed[i] as G1),
      at.map((i) => weights[i] as bigint)
    );
    if (!backend.equalsG1(left, backend.linearCombinationG1(commitments, combined))) return evaluateCommitmentsAt(backend, commitments, xs);
  }
  const missing = xs.filter((_, i) => claimed[i] === undefined);
  const evaluated = evaluateCommitmentsAt(backend, commitments, missing);
  let next = 0;
  return xs.map((_, i) => claimed[i] ?? (evaluated[next++] as G1));
}

/**
 * The forward differences Δ^j f(0), j = 0..d, of f(x) = Σ_k C_k·x^k, with short multiplications
 * only: built by Horner from the top coefficient down, f ← x·f + C_k, where multiplying by x maps
 * the differences at 0 to Δ^j(x·f)(0) = j·(Δ^(j-1) f(0) + Δ^j f(0)) (Leibniz's rule for Δ, with
 * Δx = 1) and adding C_k adds it to Δ^0 only. d(d + 1)/2 combinations with scalars up to d.
 */
function differenceTable<G1>(backend: Backend<G1>, commitments: readonly G1[]): G1[] {
  let table = [commitments[commitments.length - 1] as G1];
  for (let k = commitments.length - 2; k >= 0; k--) {
    const next = [commitments[k] as G1];
    for (let j = 1; j <= table.length; j++) {
      const points = j < table.length ? [table[j - 1] as G1, table[j] as G1] : [table[j - 1] as G1];
      next.push(backend.linearCombinationG1(points, points.map(() => BigInt(j))));
    }
    table = next;
  }
  return table;
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
