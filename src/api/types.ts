/**
 * Public types of dvt-bls. All keys, signatures and commitments are `Uint8Array`s: 32-byte
 * big-endian secret keys, 48-byte compressed G1 public keys, 96-byte compressed G2 signatures.
 * @module
 */
import type { RandomBytes } from '../bytes';

export type { RandomBytes };

/**
 * Options that accept an injected randomness source (default: the platform CSPRNG).
 * @example
 * ```ts
 * import { generateSecretKey, type RandomOptions } from 'dvt-bls';
 * // Wrap the CSPRNG to count what key generation draws: 48 bytes per scalar.
 * let drawn = 0;
 * const options: RandomOptions = {
 *   randomBytes: (length) => {
 *     drawn += length;
 *     return crypto.getRandomValues(new Uint8Array(length));
 *   },
 * };
 * generateSecretKey(options); // drawn === 48
 * ```
 */
export interface RandomOptions {
  /** Returns `length` random bytes; inject a seeded one for reproducible tests and vectors. */
  randomBytes?: RandomBytes;
}

/**
 * One operator's share of a secret key. The polynomial is evaluated at x = `id`.
 * @example
 * ```ts
 * import { generateSecretKey, splitSecret, type SecretKeyShare } from 'dvt-bls';
 * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const share: SecretKeyShare = shares[1]!;
 * console.log(JSON.stringify(share)); // {"id":2,"secretKey":"<redacted>"}
 * ```
 */
export interface SecretKeyShare {
  /** Share id, an integer >= 1 (herumi `Id.setInt(id)`, charon share index, SSV operator id). */
  id: number;
  /** 32-byte big-endian share scalar; prints as `<redacted>` in JSON, template strings and `console.log`. */
  secretKey: Uint8Array;
}

/**
 * One operator's public key share: its secret key share times the G1 generator.
 * @example
 * ```ts
 * import { generateSecretKey, getPublicKeyShare, splitSecret, type PublicKeyShare } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const publicKeyShares: PublicKeyShare[] = ids.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) }));
 * ```
 */
export interface PublicKeyShare {
  /** Share id. */
  id: number;
  /** 48-byte compressed G1 point. */
  publicKey: Uint8Array;
}

/**
 * A signature by one share, tagged with the share's id.
 * @example
 * ```ts
 * import { generateSecretKey, partialSign, splitSecret, type PartialSignature } from 'dvt-bls';
 * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const partial: PartialSignature = partialSign(shares[0]!, new Uint8Array(32)); // id 1, 96-byte signature
 * ```
 */
export interface PartialSignature {
  /** Share id of the signer. */
  id: number;
  /** 96-byte compressed G2 point. */
  signature: Uint8Array;
}

/**
 * How to split a secret: `threshold` of the `ids.length` shares recover it.
 * @example
 * ```ts
 * import { generateSecretKey, splitSecret, type SplitOptions } from 'dvt-bls';
 * // Four operators, any three sign: the cluster tolerates one faulty or offline operator.
 * const options: SplitOptions = { threshold: 3, ids: [1, 2, 3, 4] };
 * const { shares } = splitSecret(generateSecretKey(), options);
 * ```
 */
export interface SplitOptions extends RandomOptions {
  /** t: how many shares recover the secret (1 <= t <= ids.length). */
  threshold: number;
  /** Distinct share ids, integers >= 1; one share per id, in this order. */
  ids: readonly number[];
}

/**
 * The result of {@link DvtBls.splitSecret}.
 * @example
 * ```ts
 * import { generateSecretKey, splitSecret, verifyShare, type SplitResult } from 'dvt-bls';
 * const { shares, commitments }: SplitResult = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * shares.every((share) => verifyShare(share, commitments)); // true
 * ```
 */
export interface SplitResult {
  /** One share per requested id, in the order of `ids`. */
  shares: SecretKeyShare[];
  /** Feldman commitments: `commitments[k]` = a_k·G1 (48 bytes each); `commitments[0]` is the group public key. */
  commitments: Uint8Array[];
}

/**
 * One (public key, message, signature) triple for {@link DvtBls.verifyBatch}.
 * @example
 * ```ts
 * import { generateSecretKey, getPublicKey, sign, verifyBatch, type SignatureSet } from 'dvt-bls';
 * const secretKey = generateSecretKey();
 * const message = new Uint8Array(32);
 * const set: SignatureSet = { publicKey: getPublicKey(secretKey), message, signature: sign(secretKey, message) };
 * verifyBatch([set]); // true
 * ```
 */
export interface SignatureSet {
  /** 48-byte compressed G1 public key. */
  publicKey: Uint8Array;
  /** The signed message. */
  message: Uint8Array;
  /** 96-byte compressed G2 signature. */
  signature: Uint8Array;
}

/**
 * Inputs of {@link DvtBls.combineVerified}.
 * @example
 * ```ts
 * import { combineVerified, generateSecretKey, getPublicKeyShare, partialSign, splitSecret, type CombineVerifiedInput } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const message = new Uint8Array(32);
 * const input: CombineVerifiedInput = {
 *   message,
 *   partials: shares.map((share) => partialSign(share, message)),
 *   threshold: 2,
 *   groupPublicKey: commitments[0]!,
 *   publicKeyShares: ids.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) })),
 * };
 * const { signature } = combineVerified(input);
 * ```
 */
export interface CombineVerifiedInput {
  /** The message every partial signed (for a duty: its 32-byte signing root). */
  message: Uint8Array;
  /** At least `threshold` partial signatures with distinct ids; they are tried in this order. */
  partials: readonly PartialSignature[];
  /** t: how many valid partials make a signature. */
  threshold: number;
  /** The validator's public key (48 bytes), `commitments[0]`. */
  groupPublicKey: Uint8Array;
  /** Public key shares by id; every partial's id must have one. Decoded only when needed. */
  publicKeyShares: readonly PublicKeyShare[];
}

/**
 * The result of {@link DvtBls.combineVerified}.
 * @example
 * ```ts
 * import { combineVerified, generateSecretKey, getPublicKeyShare, partialSign, splitSecret, type CombineVerifiedResult } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const message = new Uint8Array(32);
 * const partials = shares.map((share) => partialSign(share, message));
 * partials[0] = partialSign(shares[0]!, new Uint8Array(32).fill(1)); // operator 1 signed another message
 * const result: CombineVerifiedResult = combineVerified({
 *   message,
 *   partials,
 *   threshold: 2,
 *   groupPublicKey: commitments[0]!,
 *   publicKeyShares: ids.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) })),
 * });
 * // result.signers: [2, 3]; result.invalid: [1]
 * ```
 */
export interface CombineVerifiedResult {
  /** 96-byte signature that verifies under the group public key. */
  signature: Uint8Array;
  /** Ids of the t partials combined into `signature`, ascending. */
  signers: number[];
  /**
   * Ids of partials found invalid (malformed bytes, or not verifying under their public key share),
   * ascending. On the happy path only malformed ones are known: partials beyond the first t
   * well-formed ones are not checked.
   */
  invalid: number[];
}
