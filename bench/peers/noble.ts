/**
 * Raw `@noble/curves` (`bls12_381.longSignatures`: G1 public keys, G2 signatures) with the
 * Ethereum POP tag, as its users call it: `fromBytes` decodes and validates (on the curve, in the
 * subgroup), like dvt-bls.
 *
 * noble has no threshold layer, no randomized batch verification and no FastAggregateVerify: the
 * nearest equivalents are written here with noble's own primitives the straightforward way a user
 * would (each noted in the report): naive Lagrange with the default constant-time `multiply`
 * (no multi-scalar multiplication), Horner's rule for Feldman checks, N single verifications for a
 * batch. No dvt-bls code is used.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { BenchLibrary, PartialBytes } from './types';

const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const L = bls12_381.longSignatures;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;

const hash = (message: Uint8Array) => L.hash(message, DST);

function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return L.verify(signature, hash(message), publicKey);
  } catch {
    return false;
  }
}

/** λ_i = Π_{j≠i} x_j / (x_j - x_i) over Fr: the Lagrange coefficients at 0. */
function lagrangeAtZero(ids: number[]): bigint[] {
  const xs = ids.map((id) => Fr.create(BigInt(id)));
  return xs.map((xi, i) => {
    let num = Fr.ONE;
    let den = Fr.ONE;
    xs.forEach((xj, j) => {
      if (j === i) return;
      num = Fr.mul(num, xj);
      den = Fr.mul(den, Fr.sub(xj, xi));
    });
    return Fr.div(num, den);
  });
}

/** Σ λ_i·σ_i with one `multiply` per partial (noble's default, constant-time multiplication). */
function combine(partials: PartialBytes[]) {
  const lambdas = lagrangeAtZero(partials.map((p) => p.id));
  return partials.reduce((acc, p, i) => acc.add(G2.fromBytes(p.signature).multiply(lambdas[i] as bigint)), G2.ZERO);
}

const scalar = (bytes: Uint8Array): bigint => Fr.fromBytes(bytes);

export const rawNoble: BenchLibrary = {
  id: 'noble',
  notes: {
    fastAggregateVerify: 'no FastAggregateVerify: `aggregatePublicKeys` (decoding each key) then `verify`.',
    verifyBatch: 'no randomized batch verification: N `verify` calls (its `verifyBatch` is aggregate verification of ONE signature).',
    combineSignatures: 'no threshold API: naive Lagrange over `Fr`, one constant-time `multiply` per partial (no MSM).',
    combineVerified: 'no threshold API: naive Lagrange with `multiply`, then `verify` under the group key (loaded once).',
    duty: 'no threshold API: t `sign`, naive Lagrange with `multiply`, one `verify`.',
    splitSecret: 'no sharing API: Horner over `Fr` for the shares, `G1.BASE.multiply` per commitment.',
    recoverSecret: 'no sharing API: naive Lagrange over `Fr`.',
    verifyShare: "no sharing API: Horner's rule on the decoded commitments with `multiply` by the id.",
  },
  missing: {},
  aggregateSignatures: (signatures) => L.aggregateSignatures(signatures).toBytes(),
  aggregatePublicKeys: (publicKeys) => L.aggregatePublicKeys(publicKeys).toBytes(),
  verify,
  fastAggregateVerify(publicKeys, message, signature) {
    try {
      return L.verify(signature, hash(message), L.aggregatePublicKeys(publicKeys));
    } catch {
      return false;
    }
  },
  verifyBatch: (sets) => sets.every((s) => verify(s.publicKey, s.message, s.signature)),
  signer(share) {
    const secretKey = Uint8Array.from(share.secretKey);
    return (message) => L.sign(hash(message), secretKey).toBytes();
  },
  verifyPartial: (publicKeyShare, message, partial) => verify(publicKeyShare, message, partial.signature),
  combineSignatures: (partials) => combine(partials).toBytes(),
  combiner(cluster) {
    const group = G1.fromBytes(cluster.groupPublicKey);
    return (message, partials) => {
      const signature = combine(partials);
      if (!L.verify(signature, hash(message), group)) throw new Error('noble: the combined signature does not verify');
      return signature.toBytes();
    };
  },
  splitSecret(secretKey, threshold, ids) {
    const coefficients = [scalar(secretKey)];
    for (let k = 1; k < threshold; k++) coefficients.push(scalar(bls12_381.utils.randomSecretKey()));
    const shares = ids.map((id) => {
      const x = Fr.create(BigInt(id));
      let y = Fr.ZERO;
      for (let k = coefficients.length - 1; k >= 0; k--) y = Fr.add(Fr.mul(y, x), coefficients[k] as bigint);
      return { id, secretKey: Fr.toBytes(y) };
    });
    return { shares, commitments: coefficients.map((a) => G1.BASE.multiply(a).toBytes()) };
  },
  recoverSecret(shares) {
    const lambdas = lagrangeAtZero(shares.map((s) => s.id));
    return Fr.toBytes(shares.reduce((acc, s, i) => Fr.add(acc, Fr.mul(scalar(s.secretKey), lambdas[i] as bigint)), Fr.ZERO));
  },
  verifyShare(share, commitments) {
    try {
      const points = commitments.map((c) => G1.fromBytes(c));
      const x = BigInt(share.id);
      let acc = points[points.length - 1] as InstanceType<typeof G1>;
      for (let k = points.length - 2; k >= 0; k--) acc = acc.multiply(x).add(points[k] as InstanceType<typeof G1>);
      return acc.equals(G1.BASE.multiply(scalar(share.secretKey)));
    } catch {
      return false;
    }
  },
};
