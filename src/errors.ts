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
 * - `BACKEND_UNAVAILABLE`: `dvt-bls/blst` was imported where the native module cannot load.
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
  | 'BACKEND_UNAVAILABLE';

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
