/**
 * The one shape every measured implementation takes in the suite: ours (both backends, through the
 * public API) and each peer (through its own API only: no dvt-bls code in a peer adapter). Every
 * operation goes from bytes to bytes, as users call it; an implementation without an operation
 * leaves it out and says why in `missing`, one that needs a workaround says how in `notes`.
 * @module
 */
import type { LibraryId } from '../types';

/** The operations the suite compares. */
export type Operation =
  | 'aggregateSignatures'
  | 'aggregatePublicKeys'
  | 'verify'
  | 'fastAggregateVerify'
  | 'verifyBatch'
  | 'partialSign'
  | 'verifyPartial'
  | 'combineSignatures'
  | 'combineVerified'
  | 'duty'
  | 'splitSecret'
  | 'recoverSecret'
  | 'verifyShare';

export interface SetBytes {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface ShareBytes {
  id: number;
  secretKey: Uint8Array;
}

export interface PartialBytes {
  id: number;
  signature: Uint8Array;
}

/** A t-of-n sharing as bytes: what a distributed validator's operators hold. */
export interface Cluster {
  threshold: number;
  ids: number[];
  secretKey: Uint8Array;
  shares: ShareBytes[];
  /** Feldman commitments; `commitments[0]` is the group public key. */
  commitments: Uint8Array[];
  publicKeyShares: { id: number; publicKey: Uint8Array }[];
  groupPublicKey: Uint8Array;
}

export interface BenchLibrary {
  id: LibraryId;
  /** How the library does an operation it has no exact equivalent for (a footnote). */
  notes: Partial<Record<Operation, string>>;
  /** Why the library cannot do an operation. */
  missing: Partial<Record<Operation, string>>;

  aggregateSignatures?(signatures: Uint8Array[]): Uint8Array;
  aggregatePublicKeys?(publicKeys: Uint8Array[]): Uint8Array;
  verify?(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  fastAggregateVerify?(publicKeys: Uint8Array[], message: Uint8Array, signature: Uint8Array): boolean;
  verifyBatch?(sets: SetBytes[]): boolean;

  /**
   * A signer holding one share, loaded once as a long-running signer holds its key: returns the
   * partial signature bytes of a message.
   */
  signer?(share: ShareBytes): (message: Uint8Array) => Uint8Array;
  verifyPartial?(publicKeyShare: Uint8Array, message: Uint8Array, partial: PartialBytes): boolean;
  /** Lagrange interpolation at 0 over exactly the partials given (no verification). */
  combineSignatures?(partials: PartialBytes[]): Uint8Array;
  /**
   * The aggregator of one cluster (its long-term public keys loaded once): t partial signatures
   * (bytes, as they arrive over the network) to the group signature, verified under the group key;
   * throws if it does not verify.
   */
  combiner?(cluster: Cluster): (message: Uint8Array, partials: PartialBytes[]) => Uint8Array;

  splitSecret?(secretKey: Uint8Array, threshold: number, ids: number[]): { shares: ShareBytes[]; commitments: Uint8Array[] };
  recoverSecret?(shares: ShareBytes[]): Uint8Array;
  verifyShare?(share: ShareBytes, commitments: Uint8Array[]): boolean;
}
