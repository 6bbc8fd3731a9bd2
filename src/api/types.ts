/**
 * Public types of dvt-bls. All keys, signatures and commitments are `Uint8Array`s: 32-byte
 * big-endian secret keys, 48-byte compressed G1 public keys, 96-byte compressed G2 signatures.
 * @module
 */
import type { RandomBytes } from '../bytes';

export type { RandomBytes };

/** Options that accept an injected randomness source (default: the platform CSPRNG). */
export interface RandomOptions {
  /** Returns `length` random bytes; inject a seeded one for reproducible tests and vectors. */
  randomBytes?: RandomBytes;
}

/** One operator's share of a secret key. The polynomial is evaluated at x = `id`. */
export interface SecretKeyShare {
  /** Share id, an integer >= 1 (herumi `Id.setInt(id)`, charon share index, SSV operator id). */
  id: number;
  /** 32-byte big-endian share scalar; prints as `<redacted>` in JSON, template strings and `console.log`. */
  secretKey: Uint8Array;
}

/** One operator's public key share: its secret key share times the G1 generator. */
export interface PublicKeyShare {
  /** Share id. */
  id: number;
  /** 48-byte compressed G1 point. */
  publicKey: Uint8Array;
}

/** A signature by one share, tagged with the share's id. */
export interface PartialSignature {
  /** Share id of the signer. */
  id: number;
  /** 96-byte compressed G2 point. */
  signature: Uint8Array;
}

/** How to split a secret: `threshold` of the `ids.length` shares recover it. */
export interface SplitOptions extends RandomOptions {
  /** t: how many shares recover the secret (1 <= t <= ids.length). */
  threshold: number;
  /** Distinct share ids, integers >= 1; one share per id, in this order. */
  ids: readonly number[];
}

/** The result of {@link DvtBls.splitSecret}. */
export interface SplitResult {
  /** One share per requested id, in the order of `ids`. */
  shares: SecretKeyShare[];
  /** Feldman commitments: `commitments[k]` = a_k·G1 (48 bytes each); `commitments[0]` is the group public key. */
  commitments: Uint8Array[];
}

/** One (public key, message, signature) triple for {@link DvtBls.verifyBatch}. */
export interface SignatureSet {
  /** 48-byte compressed G1 public key. */
  publicKey: Uint8Array;
  /** The signed message. */
  message: Uint8Array;
  /** 96-byte compressed G2 signature. */
  signature: Uint8Array;
}

/** Inputs of {@link DvtBls.combineVerified}. */
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

/** The result of {@link DvtBls.combineVerified}. */
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
