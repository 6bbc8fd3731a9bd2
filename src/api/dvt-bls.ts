/**
 * The public API, as one object bound to a backend. Every entry point (`dvt-bls`, `dvt-bls/noble`)
 * exports the members of a {@link DvtBls} made by {@link createDvtBls}.
 * @module
 */
import type { Backend } from '../backend/types';
import { drawRandomBytes, redactSecret, wipe } from '../bytes';
import { DvtBlsError } from '../errors';
import { randomNonZeroScalar, scalarToBytes } from '../field/scalar';
import { commitPolynomial, evaluateCommitments, shareMatchesCommitments } from '../sharing/feldman';
import { evaluateShares, randomPolynomial, recoverConstant } from '../sharing/shamir';
import { interpolateG1, interpolateG2 } from '../threshold/combine';
import { combineRobust, type CheckedPartial } from '../threshold/robust';
import { JointFeldmanParticipant } from '../dkg/joint-feldman';
import { PedersenParticipant } from '../dkg/pedersen';
import { ReshareParticipant, type ReshareConfig } from '../dkg/reshare';
import { RefreshParticipant, type RefreshConfig } from '../dkg/refresh';
import { RepairParticipant, type RepairConfig } from '../dkg/repair';
import type { DkgConfig } from '../dkg/participant';

/**
 * The configuration of any key ceremony: a DKG, or a resharing, refresh or repair.
 * @example
 * ```ts
 * import type { CeremonyConfig } from 'dvt-bls';
 * const config: CeremonyConfig = { protocol: 'pedersen', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 2, session: new Uint8Array(32) };
 * ```
 */
export type CeremonyConfig = DkgConfig | ReshareConfig | RefreshConfig | RepairConfig;

/**
 * The participant class a configuration makes, by its `protocol`.
 * @example
 * ```ts
 * import type { CeremonyParticipant, ReshareConfig } from 'dvt-bls';
 * type P = CeremonyParticipant<ReshareConfig>; // ReshareParticipant
 * ```
 */
export type CeremonyParticipant<C extends CeremonyConfig> = C['protocol'] extends 'pedersen'
  ? PedersenParticipant
  : C['protocol'] extends 'reshare'
    ? ReshareParticipant
    : C['protocol'] extends 'refresh'
      ? RefreshParticipant
      : C['protocol'] extends 'repair'
        ? RepairParticipant
        : JointFeldmanParticipant;
import type {
  CombineVerifiedInput,
  CombineVerifiedResult,
  PartialSignature,
  PublicKeyShare,
  RandomOptions,
  SecretKeyShare,
  SignatureSet,
  SplitOptions,
  SplitResult,
} from './types';
import {
  PUBLIC_KEY_LENGTH,
  SIGNATURE_LENGTH,
  decodePoint,
  decodePublicKey,
  decodeSignature,
  expectArray,
  expectDistinctIds,
  expectBytes,
  expectId,
  expectMessage,
  expectNonEmptyArray,
  expectObject,
  expectPublicKeyBytes,
  expectRandomBytes,
  expectSecretKey,
  expectThreshold,
  falseOnError,
  secretScalarOf,
} from './validate';

/**
 * The Ethereum BLS ciphersuite every signature here uses (proof-of-possession scheme, G2 signatures).
 * @example
 * ```ts
 * import { CIPHERSUITE } from 'dvt-bls';
 * console.log(CIPHERSUITE); // 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
 * ```
 */
export const CIPHERSUITE = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

/**
 * Plain BLS, Shamir/Feldman sharing and threshold signing for the Ethereum ciphersuite.
 *
 * Conventions for every member: bytes in, bytes out; inputs are never mutated; bad input throws a
 * {@link DvtBlsError} with a stable `code`; verifiers (`verify*`, `isValid*`) never throw on bad
 * data and return `false` instead.
 *
 * @example
 * ```ts
 * import * as dvtBls from 'dvt-bls';
 * import type { DvtBls } from 'dvt-bls';
 * // Code written against the interface runs on the API object of any backend.
 * function groupPublicKeyOf(bls: DvtBls, secretKey: Uint8Array): Uint8Array {
 *   return bls.splitSecret(secretKey, { threshold: 2, ids: [1, 2, 3] }).commitments[0]!;
 * }
 * groupPublicKeyOf(dvtBls, dvtBls.generateSecretKey());
 * ```
 */
export interface DvtBls {
  /**
   * Name of the backend doing the curve work, for diagnostics (`'blst'` or `'noble'`).
   * @example
   * ```ts
   * import { backend } from 'dvt-bls';
   * console.log(backend); // 'blst' in Node when the native module loads, else 'noble'
   * ```
   */
  readonly backend: string;

  /**
   * A fresh secret key: 32 bytes, uniform in [1, r).
   * @param options - `randomBytes` to inject randomness (default: the platform CSPRNG).
   * @returns 32-byte big-endian secret key, marked so that it prints as `<redacted>`.
   * @throws {@link DvtBlsError} `INVALID_ARGUMENT` (randomBytes not a function), `RANDOMNESS_FAILURE`.
   * @example
   * ```ts
   * import { generateSecretKey } from 'dvt-bls';
   * const secretKey = generateSecretKey();
   * console.log(JSON.stringify({ secretKey })); // {"secretKey":"<redacted>"}
   * ```
   */
  generateSecretKey(options?: RandomOptions): Uint8Array;

  /**
   * The public key sk·G1 of a secret key.
   * @param secretKey - 32-byte big-endian scalar in [1, r).
   * @returns 48-byte compressed G1 public key.
   * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`.
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKey } from 'dvt-bls';
   * const publicKey = getPublicKey(generateSecretKey()); // 48 bytes
   * ```
   */
  getPublicKey(secretKey: Uint8Array): Uint8Array;

  /**
   * Signs a message: sk·H(message), H being hash-to-G2 under the POP ciphersuite tag.
   * @param secretKey - 32-byte secret key.
   * @param message - Any bytes; for Ethereum duties, the 32-byte signing root.
   * @returns 96-byte compressed G2 signature.
   * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`, `INVALID_MESSAGE`.
   * @example
   * ```ts
   * import { generateSecretKey, sign } from 'dvt-bls';
   * const signature = sign(generateSecretKey(), new Uint8Array(32)); // 96 bytes
   * ```
   */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;

  /**
   * Verifies a signature (CoreVerify with KeyValidate on the public key and a subgroup check on the
   * signature).
   * @param publicKey - 48-byte compressed G1 public key.
   * @param message - The signed message.
   * @param signature - 96-byte compressed G2 signature.
   * @returns `true` only for a valid signature; `false` for an invalid one or malformed bytes.
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKey, sign, verify } from 'dvt-bls';
   * const sk = generateSecretKey();
   * const msg = new TextEncoder().encode('hello');
   * verify(getPublicKey(sk), msg, sign(sk, msg)); // true
   * ```
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;

  /**
   * Adds signatures (G2 points) into one aggregate signature.
   * @param signatures - At least one 96-byte signature, each checked to be in G2.
   * @returns 96-byte aggregate signature.
   * @throws {@link DvtBlsError} `EMPTY_INPUT`, `INVALID_SIGNATURE`, `INVALID_ARGUMENT`.
   * @example
   * ```ts
   * import { aggregateSignatures, generateSecretKey, sign } from 'dvt-bls';
   * const msg = new Uint8Array(32);
   * const aggregate = aggregateSignatures([sign(generateSecretKey(), msg), sign(generateSecretKey(), msg)]);
   * ```
   */
  aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array;

  /**
   * Adds public keys (G1 points) into one aggregate key (Ethereum's `eth_aggregate_pubkeys`).
   * Only sound for keys with a proof of possession (the POP scheme's rogue-key defence).
   * @param publicKeys - At least one 48-byte public key, each passing KeyValidate.
   * @returns 48-byte aggregate public key.
   * @throws {@link DvtBlsError} `EMPTY_INPUT`, `INVALID_PUBLIC_KEY`, `INVALID_ARGUMENT`.
   * @example
   * ```ts
   * import { aggregatePublicKeys, generateSecretKey, getPublicKey } from 'dvt-bls';
   * const aggregate = aggregatePublicKeys([getPublicKey(generateSecretKey()), getPublicKey(generateSecretKey())]);
   * ```
   */
  aggregatePublicKeys(publicKeys: readonly Uint8Array[]): Uint8Array;

  /**
   * Verifies an aggregate signature over (public key, message) pairs: Π e(pk_i, H(m_i)) == e(G1, sig).
   * Messages need not be distinct (POP scheme).
   * @param publicKeys - Non-empty list of 48-byte public keys.
   * @param messages - One message per public key.
   * @param signature - 96-byte aggregate signature.
   * @returns `true` only if valid; `false` for empty or mismatched lists and malformed bytes.
   * @example
   * ```ts
   * import { aggregateSignatures, aggregateVerify, generateSecretKey, getPublicKey, sign } from 'dvt-bls';
   * const [a, b] = [generateSecretKey(), generateSecretKey()];
   * const [m1, m2] = [new Uint8Array([1]), new Uint8Array([2])];
   * aggregateVerify([getPublicKey(a), getPublicKey(b)], [m1, m2], aggregateSignatures([sign(a, m1), sign(b, m2)])); // true
   * ```
   */
  aggregateVerify(publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[], signature: Uint8Array): boolean;

  /**
   * Verifies an aggregate signature of many keys on one message (FastAggregateVerify, POP scheme).
   * @param publicKeys - Non-empty list of 48-byte public keys with proofs of possession.
   * @param message - The message all of them signed.
   * @param signature - 96-byte aggregate signature.
   * @returns `true` only if valid; `false` for an empty list or malformed bytes.
   * @example
   * ```ts
   * import { aggregateSignatures, fastAggregateVerify, generateSecretKey, getPublicKey, sign } from 'dvt-bls';
   * const keys = [generateSecretKey(), generateSecretKey()];
   * const msg = new Uint8Array(32);
   * fastAggregateVerify(keys.map(getPublicKey), msg, aggregateSignatures(keys.map((k) => sign(k, msg)))); // true
   * ```
   */
  fastAggregateVerify(publicKeys: readonly Uint8Array[], message: Uint8Array, signature: Uint8Array): boolean;

  /**
   * Verifies many independent (public key, message, signature) sets in one randomized check: true
   * only if every set is valid (except with probability about 2^-64 per forged set).
   * @param sets - Non-empty list of sets.
   * @param options - `randomBytes` for the 64-bit weights (default: the platform CSPRNG).
   * @returns `true` only if all sets are valid; `false` for an empty list or malformed bytes.
   * @throws {@link DvtBlsError} `RANDOMNESS_FAILURE` when an injected `randomBytes` misbehaves,
   *   `INVALID_ARGUMENT` when it is not a function. (The native backend draws its own weights inside
   *   blst; the injected bytes are still drawn and checked, so both backends behave alike.)
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKey, sign, verifyBatch } from 'dvt-bls';
   * const sets = [1, 2, 3].map((i) => {
   *   const sk = generateSecretKey();
   *   const message = new Uint8Array([i]);
   *   return { publicKey: getPublicKey(sk), message, signature: sign(sk, message) };
   * });
   * verifyBatch(sets); // true
   * ```
   */
  verifyBatch(sets: readonly SignatureSet[], options?: RandomOptions): boolean;

  /**
   * KeyValidate: the bytes are a canonical compressed G1 point, on the curve, in the r-order
   * subgroup, and not the point at infinity.
   * @param bytes - Candidate public key.
   * @returns Whether `bytes` is a valid public key.
   * @example
   * ```ts
   * import { isValidPublicKey } from 'dvt-bls';
   * isValidPublicKey(new Uint8Array(48)); // false
   * ```
   */
  isValidPublicKey(bytes: Uint8Array): boolean;

  /**
   * The bytes are a canonical compressed G2 point in the r-order subgroup (infinity included: it is
   * the aggregate of nothing, and verifies nothing).
   * @param bytes - Candidate signature.
   * @returns Whether `bytes` decodes to a point of G2.
   * @example
   * ```ts
   * import { isValidSignature } from 'dvt-bls';
   * isValidSignature(new Uint8Array(96)); // false: no compression flag
   * ```
   */
  isValidSignature(bytes: Uint8Array): boolean;

  /**
   * Splits a secret key t-of-n with Feldman commitments: a random polynomial f of degree t - 1 with
   * f(0) = secret; share `id` is f(id); `commitments[k]` = a_k·G1, so `commitments[0]` is the group
   * public key.
   * @param secretKey - 32-byte secret key to share.
   * @param options - `threshold` t, distinct positive `ids` (one share each), optional `randomBytes`.
   * @returns The shares (in the order of `ids`) and the t commitments.
   * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`, `INVALID_ID`, `DUPLICATE_ID`,
   *   `INVALID_THRESHOLD`, `EMPTY_INPUT`, `INVALID_ARGUMENT`, `RANDOMNESS_FAILURE`.
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKey, splitSecret } from 'dvt-bls';
   * const secretKey = generateSecretKey();
   * const { shares, commitments } = splitSecret(secretKey, { threshold: 3, ids: [1, 2, 3, 4] });
   * // commitments[0] equals getPublicKey(secretKey)
   * ```
   */
  splitSecret(secretKey: Uint8Array, options: SplitOptions): SplitResult;

  /**
   * Recovers the secret key by Lagrange interpolation at 0 over exactly the shares given. Give it
   * at least t shares of one sharing: fewer, or shares of different sharings, yield an unrelated key
   * (interpolation cannot tell); compare the result with the group public key when in doubt.
   * @param shares - Shares with distinct ids.
   * @returns The 32-byte secret key, marked so that it prints as `<redacted>`.
   * @throws {@link DvtBlsError} `EMPTY_INPUT`, `INVALID_ID`, `DUPLICATE_ID`, `INVALID_SECRET_KEY`,
   *   `INVALID_ARGUMENT` (not an array, or a share that is not an object).
   * @example
   * ```ts
   * import { generateSecretKey, recoverSecret, splitSecret } from 'dvt-bls';
   * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const secretKey = recoverSecret([shares[0]!, shares[2]!]);
   * ```
   */
  recoverSecret(shares: readonly SecretKeyShare[]): Uint8Array;

  /**
   * Feldman check of a share: share.secretKey·G1 == Σ_k commitments[k]·id^k.
   * @param share - The share to check.
   * @param commitments - The dealer's commitments (48 bytes each).
   * @returns Whether the share is consistent with the commitments; `false` for malformed input.
   * @example
   * ```ts
   * import { generateSecretKey, splitSecret, verifyShare } from 'dvt-bls';
   * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * verifyShare(shares[0]!, commitments); // true
   * ```
   */
  verifyShare(share: SecretKeyShare, commitments: readonly Uint8Array[]): boolean;

  /**
   * The public key share of `id` from Feldman commitments: Σ_k commitments[k]·id^k.
   * @param commitments - The commitments (48 bytes each; the first is the group public key).
   * @param id - Share id, an integer >= 1.
   * @returns 48-byte public key share, equal to `getPublicKey` of the share's secret key.
   * @throws {@link DvtBlsError} `INVALID_COMMITMENTS`, `EMPTY_INPUT`, `INVALID_ID`,
   *   `INVALID_ARGUMENT` (commitments not an array).
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKeyShare, splitSecret } from 'dvt-bls';
   * const { commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const publicKeyShare2 = getPublicKeyShare(commitments, 2);
   * ```
   */
  getPublicKeyShare(commitments: readonly Uint8Array[], id: number): Uint8Array;

  /**
   * Signs a message with a share.
   * @param share - The signer's share.
   * @param message - The message (for a duty, its signing root).
   * @returns The partial signature, tagged with the share's id.
   * @throws {@link DvtBlsError} `INVALID_ID`, `INVALID_SECRET_KEY`, `INVALID_MESSAGE`, `INVALID_ARGUMENT`.
   * @example
   * ```ts
   * import { generateSecretKey, partialSign, splitSecret } from 'dvt-bls';
   * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const partial = partialSign(shares[0]!, new Uint8Array(32)); // { id: 1, signature }
   * ```
   */
  partialSign(share: SecretKeyShare, message: Uint8Array): PartialSignature;

  /**
   * Verifies a partial signature under the signer's public key share.
   * @param publicKeyShare - 48-byte public key share of `partial.id`.
   * @param message - The message.
   * @param partial - The partial signature.
   * @returns Whether it is valid; `false` for malformed input.
   * @example
   * ```ts
   * import { generateSecretKey, getPublicKeyShare, partialSign, splitSecret, verifyPartial } from 'dvt-bls';
   * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const msg = new Uint8Array(32);
   * verifyPartial(getPublicKeyShare(commitments, 1), msg, partialSign(shares[0]!, msg)); // true
   * ```
   */
  verifyPartial(publicKeyShare: Uint8Array, message: Uint8Array, partial: PartialSignature): boolean;

  /**
   * Lagrange interpolation at 0 in G2 over exactly the partials given: t valid partials of one
   * sharing give the group signature. Nothing is verified here: see `combineVerified`.
   * @param partials - Partial signatures with distinct ids.
   * @returns 96-byte combined signature.
   * @throws {@link DvtBlsError} `EMPTY_INPUT`, `INVALID_ID`, `DUPLICATE_ID`, `INVALID_SIGNATURE`,
   *   `INVALID_ARGUMENT` (not an array, or an element that is not an object).
   * @example
   * ```ts
   * import { combineSignatures, generateSecretKey, partialSign, splitSecret } from 'dvt-bls';
   * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const msg = new Uint8Array(32);
   * const signature = combineSignatures([partialSign(shares[0]!, msg), partialSign(shares[2]!, msg)]);
   * ```
   */
  combineSignatures(partials: readonly PartialSignature[]): Uint8Array;

  /**
   * Lagrange interpolation at 0 in G1 over exactly the public key shares given: t of them give the
   * group public key.
   * @param publicKeyShares - Public key shares with distinct ids.
   * @returns 48-byte combined public key.
   * @throws {@link DvtBlsError} `EMPTY_INPUT`, `INVALID_ID`, `DUPLICATE_ID`, `INVALID_PUBLIC_KEY`,
   *   `INVALID_ARGUMENT` (not an array, or an element that is not an object).
   * @example
   * ```ts
   * import { combinePublicKeys, generateSecretKey, getPublicKeyShare, splitSecret } from 'dvt-bls';
   * const { commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
   * const groupKey = combinePublicKeys([1, 3].map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) })));
   * ```
   */
  combinePublicKeys(publicKeyShares: readonly PublicKeyShare[]): Uint8Array;

  /**
   * Robust recombination. Combines the first t well-formed partials and verifies the result once
   * under the group key (the happy path: one combination, one verification). Only if that fails
   * does it verify each partial under its public key share, name the invalid ones, and combine t
   * valid ones. Malformed partial bytes count as invalid partials, not as a caller error.
   * @param input - Message, partials, threshold, group public key and public key shares.
   * @returns The verified signature, the ids combined, and the ids found invalid.
   * @throws {@link DvtBlsError} `TOO_FEW_VALID_PARTIALS` with `culprits` when fewer than t valid
   *   partials remain; `TOO_FEW_PARTIALS`, `INVALID_THRESHOLD`, `INVALID_PUBLIC_KEY`, `INVALID_ID`,
   *   `DUPLICATE_ID`, `UNKNOWN_ID`, `INVALID_MESSAGE`, `INVALID_ARGUMENT`, `EMPTY_INPUT` (no public
   *   key shares) for bad input;
   *   `INCONSISTENT_KEYS` when the public key shares do not match the group key.
   * @example
   * ```ts
   * import { combineVerified, generateSecretKey, getPublicKeyShare, partialSign, splitSecret } from 'dvt-bls';
   * const ids = [1, 2, 3, 4];
   * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 3, ids });
   * const message = new Uint8Array(32);
   * const { signature, signers, invalid } = combineVerified({
   *   message,
   *   partials: shares.slice(0, 3).map((s) => partialSign(s, message)),
   *   threshold: 3,
   *   groupPublicKey: commitments[0]!,
   *   publicKeyShares: ids.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) })),
   * });
   * ```
   */
  combineVerified(input: CombineVerifiedInput): CombineVerifiedResult;

  /**
   * A participant of a key ceremony: a state machine with one method per round. Distributed key
   * generation with `protocol: 'joint-feldman'` (with proofs of possession) or `'pedersen'` (GJKR,
   * resistant to key bias); key lifecycle with `'reshare'` (new holders and threshold, same key),
   * `'refresh'` (new shares, same holders and key) or `'repair'` (t helpers rebuild a lost share).
   * Networking is the caller's: each round takes the messages received and returns the messages to
   * send (`advance` calls whichever round is due). See docs/dkg.md and docs/lifecycle.md.
   * @param config - Protocol, own id, all participants (with X25519 keys to seal deals),
   *   threshold, a fresh 32-byte session id, optional randomness.
   * @returns The participant, in phase `'deal'`.
   * @throws {@link DvtBlsError} `INVALID_ID`, `DUPLICATE_ID`, `INVALID_THRESHOLD`, `EMPTY_INPUT`,
   *   `INVALID_ARGUMENT` for a bad configuration.
   * @example
   * ```ts
   * import { createDkgParticipant, runCeremony } from 'dvt-bls';
   * const ids = [1, 2, 3, 4];
   * const session = crypto.getRandomValues(new Uint8Array(32));
   * const participants = ids.map((self) =>
   *   createDkgParticipant({ protocol: 'pedersen', self, participants: ids.map((id) => ({ id })), threshold: 3, session })
   * );
   * const results = runCeremony(participants); // in one process, for a demo
   * ```
   */
  createDkgParticipant<C extends CeremonyConfig>(config: C): CeremonyParticipant<C>;
}

/**
 * Binds the public API to a backend. The entry points call this once; it is exported for tests and
 * for adapters of other BLS12-381 implementations.
 * @param backend - The curve backend.
 * @returns The API, every member bound to `backend`.
 * @example
 * ```ts
 * import { createDvtBls } from 'dvt-bls';
 * // const bls = createDvtBls(myBackend);
 * ```
 */
export function createDvtBls<G1, G2, Message>(backend: Backend<G1, G2, Message>): DvtBls {
  const publicKey = (value: unknown, arg: string): G1 => decodePublicKey(backend, value, arg);
  const signature = (value: unknown, arg: string): G2 => decodeSignature(backend, value, arg);

  /** Shape of a share: an object with a valid id and secret key. */
  function checkedShare(value: unknown, arg: string): { id: number; secretKey: Uint8Array } {
    const share = expectObject(value, arg);
    return { id: expectId(share.id, `${arg}.id`), secretKey: expectSecretKey(share.secretKey, `${arg}.secretKey`) };
  }

  /** Decoded Feldman commitments; the first one must not be infinity (it is the group key). */
  function checkedCommitments(value: unknown, arg: string): G1[] {
    const points = expectNonEmptyArray(value, arg).map((c, k) =>
      decodePoint((b) => backend.decodeG1(b), c, PUBLIC_KEY_LENGTH, `${arg}[${k}]`, 'INVALID_COMMITMENTS')
    );
    if (backend.isInfinityG1(points[0] as G1)) {
      throw new DvtBlsError('INVALID_COMMITMENTS', `${arg}[0]: the point at infinity commits to a zero secret`);
    }
    return points;
  }

  /** Ids of a list of `{ id }` objects, checked and distinct. */
  function checkedIds(list: readonly unknown[], arg: string): number[] {
    const ids = list.map((item, i) => expectId(expectObject(item, `${arg}[${i}]`).id, `${arg}[${i}].id`));
    expectDistinctIds(ids, arg);
    return ids;
  }

  const toX = (id: number): bigint => BigInt(id);

  return {
    backend: backend.name,

    generateSecretKey(options) {
      const randomBytes = expectRandomBytes(options?.randomBytes, 'options.randomBytes');
      return redactSecret(scalarToBytes(randomNonZeroScalar(randomBytes)));
    },

    getPublicKey(secretKey) {
      return backend.encodeG1(backend.publicKeyFromSecret(expectSecretKey(secretKey)));
    },

    sign(secretKey, message) {
      const sk = expectSecretKey(secretKey);
      const msg = expectMessage(message);
      return backend.encodeG2(backend.sign(sk, backend.prepareMessage(msg)));
    },

    verify(pk, message, sig) {
      return falseOnError(() =>
        backend.verify(
          publicKey(pk, 'publicKey'),
          backend.prepareMessage(expectMessage(message)),
          signature(sig, 'signature')
        )
      );
    },

    aggregateSignatures(signatures) {
      const list = expectNonEmptyArray(signatures, 'signatures').map((s, i) =>
        expectBytes(s, SIGNATURE_LENGTH, `signatures[${i}]`, 'INVALID_SIGNATURE')
      );
      return backend.encodeG2(
        sumEncoded(
          () => backend.sumEncodedSignatures(list),
          () => list.forEach((s, i) => signature(s, `signatures[${i}]`)),
          new DvtBlsError('INVALID_SIGNATURE', 'signatures: refused by the backend')
        )
      );
    },

    aggregatePublicKeys(publicKeys) {
      const list = expectNonEmptyArray(publicKeys, 'publicKeys').map((pk, i) =>
        expectBytes(pk, PUBLIC_KEY_LENGTH, `publicKeys[${i}]`, 'INVALID_PUBLIC_KEY')
      );
      return backend.encodeG1(
        sumEncoded(
          () => backend.sumEncodedPublicKeys(list),
          () => list.forEach((pk, i) => publicKey(pk, `publicKeys[${i}]`)),
          new DvtBlsError('INVALID_PUBLIC_KEY', 'publicKeys: refused by the backend')
        )
      );
    },

    aggregateVerify(publicKeys, messages, sig) {
      return falseOnError(() => {
        const pks = expectNonEmptyArray(publicKeys, 'publicKeys');
        const msgs = expectArray(messages, 'messages');
        if (msgs.length !== pks.length) return false;
        const prepared = preparedMessages(msgs.map((m, i) => expectMessage(m, `messages[${i}]`)));
        return backend.aggregateVerify(
          pks.map((pk, i) => publicKey(pk, `publicKeys[${i}]`)),
          prepared,
          signature(sig, 'signature')
        );
      });
    },

    fastAggregateVerify(publicKeys, message, sig) {
      return falseOnError(() => {
        const pks = expectNonEmptyArray(publicKeys, 'publicKeys').map((pk, i) => publicKey(pk, `publicKeys[${i}]`));
        const aggregate = backend.sumG1(pks);
        // CoreVerify runs KeyValidate on the aggregate key too: keys summing to infinity verify nothing.
        if (backend.isInfinityG1(aggregate)) return false;
        return backend.verify(aggregate, backend.prepareMessage(expectMessage(message)), signature(sig, 'signature'));
      });
    },

    verifyBatch(sets, options) {
      const randomBytes = expectRandomBytes(options?.randomBytes, 'options.randomBytes');
      let decoded;
      try {
        const list = expectNonEmptyArray(sets, 'sets').map((s, i) => expectObject(s, `sets[${i}]`));
        const prepared = preparedMessages(list.map((s, i) => expectMessage(s.message, `sets[${i}].message`)));
        decoded = list.map((s, i) => ({
          publicKey: publicKey(s.publicKey, `sets[${i}].publicKey`),
          message: prepared[i] as Message,
          signature: signature(s.signature, `sets[${i}].signature`),
        }));
      } catch {
        return false;
      }
      // Outside falseOnError: a misbehaving injected randomBytes is the caller's bug, not bad data.
      // Drawn here for every backend, so all of them refuse it alike.
      const seed = drawRandomBytes(randomBytes, 8 * decoded.length);
      try {
        return backend.verifyBatch(decoded, seed);
      } finally {
        wipe(seed);
      }
    },

    isValidPublicKey(bytes) {
      return falseOnError(() => (publicKey(bytes, 'bytes'), true));
    },

    isValidSignature(bytes) {
      return falseOnError(() => (signature(bytes, 'bytes'), true));
    },

    splitSecret(secretKey, options) {
      const secret = secretScalarOf(expectSecretKey(secretKey));
      const opts = expectObject(options, 'options');
      const ids = expectNonEmptyArray(opts.ids, 'options.ids').map((id, i) => expectId(id, `options.ids[${i}]`));
      expectDistinctIds(ids, 'options.ids');
      const threshold = expectThreshold(opts.threshold, ids.length, 'options.threshold');
      const randomBytes = expectRandomBytes(opts.randomBytes, 'options.randomBytes');
      const xs = ids.map(toX);
      // A zero share (probability about n·2^-255) is not a valid secret key anywhere: draw again.
      let coefficients: bigint[];
      let values: bigint[];
      do {
        coefficients = randomPolynomial(secret, threshold, randomBytes);
        values = evaluateShares(coefficients, xs);
      } while (values.includes(0n));
      return {
        shares: ids.map((id, i) => ({ id, secretKey: redactSecret(scalarToBytes(values[i] as bigint)) })),
        commitments: commitPolynomial(backend, coefficients).map((c) => backend.encodeG1(c)),
      };
    },

    recoverSecret(shares) {
      const list = expectNonEmptyArray(shares, 'shares').map((s, i) => checkedShare(s, `shares[${i}]`));
      expectDistinctIds(
        list.map((s) => s.id),
        'shares'
      );
      const secret = recoverConstant(list.map((s) => ({ x: toX(s.id), y: secretScalarOf(s.secretKey) })));
      if (secret === 0n) {
        throw new DvtBlsError('INVALID_SECRET_KEY', 'shares: they interpolate to zero, which is not a secret key');
      }
      return redactSecret(scalarToBytes(secret));
    },

    verifyShare(share, commitments) {
      return falseOnError(() => {
        const { id, secretKey } = checkedShare(share, 'share');
        return shareMatchesCommitments(backend, secretKey, toX(id), checkedCommitments(commitments, 'commitments'));
      });
    },

    getPublicKeyShare(commitments, id) {
      const points = checkedCommitments(commitments, 'commitments');
      const point = evaluateCommitments(backend, points, toX(expectId(id, 'id')));
      if (backend.isInfinityG1(point)) {
        throw new DvtBlsError('INVALID_COMMITMENTS', `commitments: they evaluate to the point at infinity at id ${id}`);
      }
      return backend.encodeG1(point);
    },

    partialSign(share, message) {
      const { id, secretKey } = checkedShare(share, 'share');
      const msg = expectMessage(message);
      return { id, signature: backend.encodeG2(backend.sign(secretKey, backend.prepareMessage(msg))) };
    },

    verifyPartial(publicKeyShare, message, partial) {
      return falseOnError(() => {
        const p = expectObject(partial, 'partial');
        expectId(p.id, 'partial.id');
        return backend.verify(
          publicKey(publicKeyShare, 'publicKeyShare'),
          backend.prepareMessage(expectMessage(message)),
          signature(p.signature, 'partial.signature')
        );
      });
    },

    combineSignatures(partials) {
      const list = expectNonEmptyArray(partials, 'partials');
      const ids = checkedIds(list, 'partials');
      const points = list.map((p, i) => signature((p as PartialSignature).signature, `partials[${i}].signature`));
      return backend.encodeG2(interpolateG2(backend, ids.map(toX), points));
    },

    combinePublicKeys(publicKeyShares) {
      const list = expectNonEmptyArray(publicKeyShares, 'publicKeyShares');
      const ids = checkedIds(list, 'publicKeyShares');
      const points = list.map((s, i) => publicKey((s as PublicKeyShare).publicKey, `publicKeyShares[${i}].publicKey`));
      return backend.encodeG1(interpolateG1(backend, ids.map(toX), points));
    },

    createDkgParticipant(config) {
      const c = config as CeremonyConfig;
      switch ((c as { protocol?: unknown } | null)?.protocol) {
        case 'joint-feldman':
          return new JointFeldmanParticipant(backend, c as DkgConfig) as never;
        case 'pedersen':
          return new PedersenParticipant(backend, c as DkgConfig) as never;
        case 'reshare':
          return new ReshareParticipant(backend, c as ReshareConfig) as never;
        case 'refresh':
          return new RefreshParticipant(backend, c as RefreshConfig) as never;
        case 'repair':
          return new RepairParticipant(backend, c as RepairConfig) as never;
        default:
          throw new DvtBlsError('INVALID_ARGUMENT', "config.protocol: expected 'joint-feldman', 'pedersen', 'reshare', 'refresh' or 'repair'");
      }
    },

    combineVerified(input) {
      const args = expectObject(input, 'input');
      const message = expectMessage(args.message, 'input.message');
      const shareList = expectNonEmptyArray(args.publicKeyShares, 'input.publicKeyShares');
      const shareIds = checkedIds(shareList, 'input.publicKeyShares');
      shareList.forEach((s, i) =>
        expectPublicKeyBytes((s as PublicKeyShare).publicKey, `input.publicKeyShares[${i}].publicKey`)
      );
      const threshold = expectThreshold(args.threshold, shareIds.length, 'input.threshold');
      const groupPublicKey = publicKey(args.groupPublicKey, 'input.groupPublicKey');
      const partialList = expectArray(args.partials, 'input.partials');
      const partialIds = checkedIds(partialList, 'input.partials');
      if (partialList.length < threshold) {
        throw new DvtBlsError(
          'TOO_FEW_PARTIALS',
          `input.partials: ${partialList.length} given, threshold is ${threshold}`
        );
      }
      const shareIndex = new Map(shareIds.map((id, i) => [id, i]));
      partialIds.forEach((id, i) => {
        if (!shareIndex.has(id)) {
          throw new DvtBlsError('UNKNOWN_ID', `input.partials[${i}].id: id ${id} has no entry in input.publicKeyShares`);
        }
      });
      // A partial whose bytes do not decode is a misbehaving signer, not a caller error.
      const partials: CheckedPartial<G2>[] = partialList.map((p, i) => {
        let decoded: G2 | undefined;
        try {
          decoded = signature((p as PartialSignature).signature, `input.partials[${i}].signature`);
        } catch {
          decoded = undefined;
        }
        return { id: partialIds[i] as number, signature: decoded };
      });
      // Public key shares are decoded only if the slow path needs them, each at most once.
      const decodedShares = new Map<number, G1>();
      const publicKeyShareOf = (id: number): G1 => {
        let point = decodedShares.get(id);
        if (point === undefined) {
          const i = shareIndex.get(id) as number;
          point = publicKey((shareList[i] as PublicKeyShare).publicKey, `input.publicKeyShares[${i}].publicKey`);
          decodedShares.set(id, point);
        }
        return point;
      };
      const result = combineRobust(backend, {
        message: backend.prepareMessage(message),
        partials,
        threshold,
        groupPublicKey,
        publicKeyShareOf,
      });
      return { signature: backend.encodeG2(result.signature), signers: result.signers, invalid: result.invalid };
    },
  };

  /**
   * The fused decode-and-sum of a backend; if it refuses, `nameCulprit` decodes the items one by one
   * so the error names the first bad one (the refusal path only), else `otherwise` is thrown.
   */
  function sumEncoded<P>(sum: () => P, nameCulprit: () => void, otherwise: DvtBlsError): P {
    try {
      return sum();
    } catch {
      nameCulprit();
      throw otherwise;
    }
  }

  /** Prepares each distinct message once (hash-to-G2 is the costly part of preparing). */
  function preparedMessages(messages: readonly Uint8Array[]): Message[] {
    const cache = new Map<string, Message>();
    return messages.map((m) => {
      const key = bytesKey(m);
      let prepared = cache.get(key);
      if (prepared === undefined) {
        prepared = backend.prepareMessage(m);
        cache.set(key, prepared);
      }
      return prepared;
    });
  }
}

function bytesKey(bytes: Uint8Array): string {
  let key = '';
  for (const b of bytes) key += String.fromCharCode(b);
  return key;
}
