/**
 * The one interface through which every layer above does curve work. A backend is a thin adapter
 * over a BLS12-381 library; the layers above never import one directly, so a second backend slots
 * in without touching them.
 *
 * Points are opaque handles of the backend's own types: decode once at the boundary, then pass the
 * handles around (no re-decoding). Messages are prepared once (`prepareMessage`) so a backend that
 * can hash to G2 ahead of time does it once per message, not once per check.
 *
 * Contract for decoders: they accept exactly the canonical compressed encodings (48 bytes for G1,
 * 96 for G2, infinity with its flag and zero payload) and, for G1 only, the canonical 96-byte
 * uncompressed encoding (no flag but infinity's, both coordinates below p); they check that the
 * point is on the curve and in the r-order subgroup, and throw an `Error` whose message says why
 * otherwise. They do not reject infinity: the layers above decide where infinity is allowed, and
 * which length each input takes.
 * @module
 */

/**
 * One (public key, message, signature) triple for batch verification, as backend handles.
 * @example
 * ```ts
 * import type { Backend, BackendSignatureSet } from 'dvt-bls';
 * // Decode each point once and prepare each message once, then hand the handles to verifyBatch.
 * function toSet<G1, G2, M>(backend: Backend<G1, G2, M>, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): BackendSignatureSet<G1, G2, M> {
 *   return { publicKey: backend.decodeG1(pk), message: backend.prepareMessage(msg), signature: backend.decodeG2(sig) };
 * }
 * ```
 */
export interface BackendSignatureSet<G1, G2, Message> {
  /** The decoded public key (a G1 handle). */
  publicKey: G1;
  /** The message as returned by {@link Backend.prepareMessage}. */
  message: Message;
  /** The decoded signature (a G2 handle). */
  signature: G2;
}

/**
 * Curve operations for the `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_` ciphersuite.
 * @example
 * ```ts
 * import { createDvtBls, type Backend } from 'dvt-bls';
 * // A decorator over any adapter: log each pairing check, delegate everything else.
 * function logged<G1, G2, M>(inner: Backend<G1, G2, M>): Backend<G1, G2, M> {
 *   return {
 *     ...inner,
 *     verify(publicKey, message, signature) {
 *       console.debug(`${inner.name}: verify`);
 *       return inner.verify(publicKey, message, signature);
 *     },
 *   };
 * }
 * // const bls = createDvtBls(logged(someBackend));
 * ```
 */
export interface Backend<G1 = unknown, G2 = unknown, Message = unknown> {
  /** Short name for diagnostics, such as `'noble'`. */
  readonly name: string;

  /**
   * Decodes a 48-byte compressed or 96-byte uncompressed G1 point (see the module notes for what is
   * checked). With `subgroupCheck: false` a backend may skip only the subgroup check (never the
   * encoding and on-curve checks), for protocols that validate what they output instead (the DKG).
   */
  decodeG1(bytes: Uint8Array, options?: { subgroupCheck?: boolean }): G1;
  /**
   * The 48-byte compressed encoding, or with `compressed: false` the 96-byte uncompressed one: twice
   * the bytes, but decoding it takes no square root (about 2 µs instead of 20 on blst), which is
   * why the DKG sends its commitments that way.
   */
  encodeG1(point: G1, options?: { compressed?: boolean }): Uint8Array;
  /** True for the point at infinity. */
  isInfinityG1(point: G1): boolean;
  /** Group equality. */
  equalsG1(a: G1, b: G1): boolean;
  /** Σ points (infinity for an empty list). */
  sumG1(points: readonly G1[]): G1;
  /**
   * Σ scalars[i]·points[i] for public integer scalars with |scalar| < r (a negative scalar
   * multiplies the negated point); may run in variable time. Short scalars should cost less.
   */
  linearCombinationG1(points: readonly G1[], scalars: readonly bigint[]): G1;
  /**
   * Σ_k coefficients[k]·x^k for a public integer 0 <= x < r and at least one coefficient: a
   * polynomial in the exponent at a share id (Feldman checks, public key shares), by Horner's rule
   * acc ← x·acc + C_k. A backend may plan the multiplication by x once for all t - 1 steps.
   */
  evaluatePolynomialG1(coefficients: readonly G1[], x: bigint): G1;

  /**
   * Decodes public keys (the checks of `decodeG1`, and not infinity: KeyValidate) and sums them in
   * one pass; throws if any is invalid, without saying which (callers find it with `decodeG1`).
   */
  sumEncodedPublicKeys(encodings: readonly Uint8Array[]): G1;

  /** Decodes a 96-byte compressed G2 point (see the module notes for what is checked). */
  decodeG2(bytes: Uint8Array): G2;
  /** 96-byte compressed encoding. */
  encodeG2(point: G2): Uint8Array;
  /** True for the point at infinity. */
  isInfinityG2(point: G2): boolean;
  /** Σ points (infinity for an empty list). */
  sumG2(points: readonly G2[]): G2;
  /** Decodes signatures (the checks of `decodeG2`) and sums them in one pass; throws if any is invalid. */
  sumEncodedSignatures(encodings: readonly Uint8Array[]): G2;
  /** As {@link Backend.linearCombinationG1}, in G2. */
  linearCombinationG2(points: readonly G2[], scalars: readonly bigint[]): G2;

  /**
   * sk·G1 for a secret key given as 32 canonical big-endian bytes of a scalar in [1, r). The
   * backend's constant-time path where it has one.
   */
  publicKeyFromSecret(secretKey: Uint8Array): G1;
  /**
   * k·P for a G1 point and a SECRET scalar (32 canonical big-endian bytes in [1, r)), in constant
   * time where the backend can (Pedersen blinding commitments b·H).
   */
  multiplyG1Secret(point: G1, secretKey: Uint8Array): G1;
  /** Hashes (or otherwise prepares) a message for signing and verification under the POP tag. */
  prepareMessage(message: Uint8Array): Message;
  /** sk·H(m) for a secret key as in `publicKeyFromSecret`. */
  sign(secretKey: Uint8Array, message: Message): G2;
  /** e(pk, H(m)) == e(G1, sig). */
  verify(publicKey: G1, message: Message, signature: G2): boolean;
  /** Π e(pk_i, H(m_i)) == e(G1, sig), for lists of equal, non-zero length. */
  aggregateVerify(publicKeys: readonly G1[], messages: readonly Message[], signature: G2): boolean;
  /**
   * True only if every set verifies, in one randomized check: with random non-zero 64-bit r_i,
   * Π e(r_i·pk_i, H(m_i)) == e(G1, Σ r_i·sig_i). `seed` holds 8 random bytes per set for the
   * weights; a backend whose native batch check draws its own weights may ignore it.
   */
  verifyBatch(sets: readonly BackendSignatureSet<G1, G2, Message>[], seed: Uint8Array): boolean;
}
