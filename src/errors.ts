/**
 * The one error class of dvt-bls, with stable codes.
 * @module
 */

/**
 * Every code a {@link DvtBlsError} can carry. Codes are stable across releases: match on them, not
 * on messages, which may be reworded.
 *
 * - `INVALID_SECRET_KEY`: not 32 bytes, zero, or not below the curve order r (non-canonical).
 * - `INVALID_PUBLIC_KEY`: not 48 bytes, not a canonical compressed G1 point, off the curve, outside
 *   the r-order subgroup, or the point at infinity (KeyValidate).
 * - `INVALID_SIGNATURE`: not 96 bytes, not a canonical compressed G2 point, off the curve or outside
 *   the r-order subgroup.
 * - `INVALID_MESSAGE`: a message that is not a `Uint8Array`.
 * - `INVALID_ID`: a share id that is not an integer in [1, 2^53 - 1].
 * - `DUPLICATE_ID`: the same share id twice where ids must be distinct.
 * - `UNKNOWN_ID`: a partial signature whose id has no public key share.
 * - `INVALID_THRESHOLD`: a threshold that is not an integer in [1, number of shares].
 * - `INVALID_COMMITMENTS`: Feldman commitments that are malformed or commit to a zero secret (an
 *   empty list is `EMPTY_INPUT`).
 * - `INVALID_ARGUMENT`: any other argument of the wrong shape (not an array, not an object, ...).
 * - `EMPTY_INPUT`: an empty list where at least one element is needed.
 * - `TOO_FEW_PARTIALS`: fewer partial signatures than the threshold.
 * - `TOO_FEW_VALID_PARTIALS`: after removing invalid partials, fewer than the threshold remain;
 *   `culprits` names the invalid ones.
 * - `INCONSISTENT_KEYS`: partials that each verify under their public key shares do not combine to a
 *   signature under the group public key: the public key shares and the group key disagree.
 * - `RANDOMNESS_FAILURE`: an injected `randomBytes` returned something other than the requested bytes.
 * - `INVALID_SEED`: an EIP-2333 seed that is not a `Uint8Array` of at least 32 bytes.
 * - `INVALID_PATH`: a key derivation path that is not `m` followed by `/index` parts, each in [0, 2^32).
 * - `INVALID_KEYSTORE`: an EIP-2335 keystore that is malformed, of an unsupported kind, or whose `pubkey` does not match its secret.
 * - `WRONG_PASSWORD`: a keystore whose checksum does not match: the wrong password, or a tampered keystore.
 * - `INVALID_CLUSTER`: a cluster file that is malformed or inconsistent (hash, commitments, key shares, group key).
 * - `CLUSTER_MISMATCH`: a keystore or partial signature that does not belong to the cluster it is used with.
 * - `INVALID_DEPOSIT`: deposit data that is malformed or inconsistent (amount, credentials, fork version, roots, signature).
 * - `BACKEND_UNAVAILABLE`: `dvt-bls/blst` was imported where the native module cannot load.
 * - `MALFORMED_MESSAGE`: a protocol message that does not decode strictly (wrong version, protocol,
 *   session, sender or recipient, lengths, encodings, extra or missing fields).
 * - `WRONG_PHASE`: a protocol step called out of order.
 * - `DKG_FAILED`: a ceremony that cannot finish: fewer than `threshold` qualified dealers, or
 *   (Pedersen) group commitments that cannot be rebuilt after a bad reveal; `culprits` names who
 *   caused it.
 * - `TRANSCRIPT_MISMATCH`: participants finished with different views of the ceremony
 *   (equivocation, or a broadcast lost for some); `culprits` names the senders seen differently.
 * - `DECRYPTION_FAILED`: an encrypted deal that does not open (wrong key, tampered, other session).
 *
 * @example
 * ```ts
 * import { DvtBlsError, recoverSecret, type ErrorCode } from 'dvt-bls';
 * function codeOf(run: () => unknown): ErrorCode | undefined {
 *   try {
 *     run();
 *   } catch (e) {
 *     if (e instanceof DvtBlsError) return e.code;
 *     throw e;
 *   }
 *   return undefined;
 * }
 * codeOf(() => recoverSecret([])); // 'EMPTY_INPUT'
 * ```
 */
export type ErrorCode =
  | 'INVALID_SECRET_KEY'
  | 'INVALID_PUBLIC_KEY'
  | 'INVALID_SIGNATURE'
  | 'INVALID_MESSAGE'
  | 'INVALID_ID'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_ID'
  | 'INVALID_THRESHOLD'
  | 'INVALID_COMMITMENTS'
  | 'INVALID_ARGUMENT'
  | 'EMPTY_INPUT'
  | 'TOO_FEW_PARTIALS'
  | 'TOO_FEW_VALID_PARTIALS'
  | 'INCONSISTENT_KEYS'
  | 'RANDOMNESS_FAILURE'
  | 'INVALID_SEED'
  | 'INVALID_PATH'
  | 'INVALID_KEYSTORE'
  | 'WRONG_PASSWORD'
  | 'INVALID_CLUSTER'
  | 'CLUSTER_MISMATCH'
  | 'INVALID_DEPOSIT'
  | 'BACKEND_UNAVAILABLE'
  | 'MALFORMED_MESSAGE'
  | 'WRONG_PHASE'
  | 'DKG_FAILED'
  | 'TRANSCRIPT_MISMATCH'
  | 'DECRYPTION_FAILED';

/**
 * The error every dvt-bls function throws on bad input or a failed protocol step.
 *
 * `code` is stable; `message` names the argument and the reason and never contains secret bytes;
 * `culprits` lists the share ids of participants that misbehaved (empty when nobody did).
 *
 * @example
 * ```ts
 * import { DvtBlsError, sign } from 'dvt-bls';
 * try {
 *   sign(new Uint8Array(32), new Uint8Array(32)); // the zero key is refused
 * } catch (e) {
 *   if (e instanceof DvtBlsError) console.log(e.code); // 'INVALID_SECRET_KEY'
 * }
 * ```
 */
export class DvtBlsError extends Error {
  /** Stable machine-readable reason. */
  readonly code: ErrorCode;
  /** Ids of the participants whose input was found invalid, in ascending order. */
  readonly culprits: readonly number[];

  /**
   * @param code - Stable reason code.
   * @param message - Human-readable reason: names the argument, never shows secret bytes.
   * @param culprits - Ids of misbehaving participants, if any.
   */
  constructor(code: ErrorCode, message: string, culprits: readonly number[] = []) {
    super(message);
    this.name = 'DvtBlsError';
    this.code = code;
    this.culprits = Object.freeze([...culprits].sort((a, b) => a - b));
  }
}
