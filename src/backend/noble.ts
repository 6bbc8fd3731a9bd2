/**
 * The portable backend: pure JavaScript on `@noble/curves` (audited, works in every runtime).
 *
 * Constant time: `publicKeyFromSecret` and `sign` use noble's `multiply`, which is designed to run
 * in constant time for secret scalars; everything marked "public scalars" uses the faster
 * variable-time `multiplyUnsafe`-family routines, on public data only.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { CURVE_ORDER } from '../field/scalar';
import type { Backend } from './types';

/** Domain separation tag of the Ethereum ciphersuite (proof-of-possession scheme). */
export const POP_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const G1_COMPRESSED = 48;
const G1_UNCOMPRESSED = 96;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;
const Fp12 = bls12_381.fields.Fp12;

/**
 * Below this many points an interleaved wNAF walk (shared doublings, no buckets) beats Pippenger's
 * bucket method for 255-bit scalars; threshold recombination sits almost always below it.
 */
const PIPPENGER_FROM = 32;

function linearCombination<P extends G1Point | G2Point>(
  Point: typeof G1 | typeof G2,
  points: readonly P[],
  scalars: readonly bigint[]
): P {
  // Signed scalars: k < 0 multiplies -P by -k; k above r/2 multiplies -P by r - k (shorter).
  const ps: P[] = [];
  const ks: bigint[] = [];
  points.forEach((p, i) => {
    const k = scalars[i] as bigint;
    const flip = k < 0n || k > CURVE_ORDER >> 1n;
    const magnitude = k < 0n ? -k : flip ? CURVE_ORDER - k : k;
    if (magnitude === 0n) return;
    ps.push((flip ? p.negate() : p) as P);
    ks.push(magnitude);
  });
  if (ps.length === 0) return Point.ZERO as P;
  // Both noble routines are documented variable-time: fine, the scalars here are public.
  const combined =
    ps.length < PIPPENGER_FROM
      ? mulAddUnsafe(Point as never, ps as never, ks)
      : pippenger(Point as never, ps as never, ks);
  return combined as unknown as P;
}

/**
 * True when Π e(g1_i, g2_i) == 1. A pair with the point at infinity on either side contributes 1,
 * so it is left out (noble's pairing refuses infinity rather than guess the caller's intent).
 */
function pairingProductIsOne(pairs: { g1: G1Point; g2: G2Point }[]): boolean {
  const finite = pairs.filter((p) => !p.g1.is0() && !p.g2.is0());
  return Fp12.eql(bls12_381.pairingBatch(finite), Fp12.ONE);
}

const NEG_G1 = G1.BASE.negate();

/**
 * hash_to_curve for G2 (RFC 9380, BLS12381G2_XMD:SHA-256_SSWU_RO_) under a domain separation tag;
 * the backend signs and verifies with {@link POP_DST}. Exported so the RFC's own vectors (with
 * their test tag) can check it.
 */
export function hashToG2(message: Uint8Array, dst: string = POP_DST): G2Point {
  return bls12_381.G2.hashToCurve(message, { DST: dst }) as G2Point;
}

function secretScalar(secretKey: Uint8Array): bigint {
  return bytesToNumberBE(secretKey);
}

/** The `@noble/curves` backend. */
export const nobleBackend: Backend<G1Point, G2Point, G2Point> = {
  name: 'noble',

  // noble always checks the subgroup (its fromBytes has no other mode): `subgroupCheck` is moot.
  decodeG1(bytes) {
    if (bytes.length !== G1_COMPRESSED && bytes.length !== G1_UNCOMPRESSED) throw new Error(`G1 point: expected ${G1_COMPRESSED} or ${G1_UNCOMPRESSED} bytes`);
    return G1.fromBytes(bytes);
  },
  // noble encodes infinity only in its canonical (0, 1, 0) form; a computed sum may be another.
  encodeG1: (point, options) => (point.is0() ? G1.ZERO : point).toBytes(options?.compressed ?? true),
  isInfinityG1: (point) => point.is0(),
  equalsG1: (a, b) => a.equals(b),
  sumG1: (points) => points.reduce((acc, p) => acc.add(p), G1.ZERO),
  linearCombinationG1: (points, scalars) => linearCombination(G1, points, scalars),
  evaluatePolynomialG1(coefficients, x) {
    let acc = coefficients[coefficients.length - 1] as G1Point;
    for (let k = coefficients.length - 2; k >= 0; k--) acc = linearCombination(G1, [acc, coefficients[k] as G1Point], [x, 1n]);
    return acc;
  },
  sumEncodedPublicKeys: (encodings) =>
    encodings.reduce((acc, bytes) => {
      const point = G1.fromBytes(bytes);
      if (point.is0()) throw new Error('public key is the point at infinity');
      return acc.add(point);
    }, G1.ZERO),

  decodeG2: (bytes) => G2.fromBytes(bytes),
  encodeG2: (point) => (point.is0() ? G2.ZERO : point).toBytes(true),
  isInfinityG2: (point) => point.is0(),
  sumG2: (points) => points.reduce((acc, p) => acc.add(p), G2.ZERO),
  linearCombinationG2: (points, scalars) => linearCombination(G2, points, scalars),
  sumEncodedSignatures: (encodings) => encodings.reduce((acc, bytes) => acc.add(G2.fromBytes(bytes)), G2.ZERO),

  publicKeyFromSecret: (secretKey) => G1.BASE.multiply(secretScalar(secretKey)),
  // noble's `multiply` is its constant-time path; its window table is cached per point object.
  multiplyG1Secret: (point, secretKey) => point.multiply(secretScalar(secretKey)),
  prepareMessage: (message) => hashToG2(message),
  sign: (secretKey, hashed) => hashed.multiply(secretScalar(secretKey)),

  verify(publicKey, hashed, signature) {
    // e(pk, H(m)) · e(-G1, sig) == 1: one shared Miller loop and one final exponentiation.
    return pairingProductIsOne([
      { g1: publicKey, g2: hashed },
      { g1: NEG_G1, g2: signature },
    ]);
  },

  aggregateVerify(publicKeys, hashes, signature) {
    const pairs = publicKeys.map((pk, i) => ({ g1: pk, g2: hashes[i] as G2Point }));
    pairs.push({ g1: NEG_G1, g2: signature });
    return pairingProductIsOne(pairs);
  },

  verifyBatch(sets, seed) {
    // Random 64-bit weights (never zero) keep a forger from cancelling one bad set with another.
    const weights = sets.map((_, i) => {
      const w = bytesToNumberBE(seed.subarray(8 * i, 8 * i + 8));
      return w === 0n ? 1n : w;
    });
    const pairs = sets.map((s, i) => ({
      g1: s.publicKey.multiplyUnsafe(weights[i] as bigint),
      g2: s.message,
    }));
    const weightedSignature = linearCombination(
      G2,
      sets.map((s) => s.signature),
      weights
    );
    pairs.push({ g1: NEG_G1, g2: weightedSignature });
    return pairingProductIsOne(pairs);
  },
};
