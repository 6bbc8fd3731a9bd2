/**
 * Inputs the key-lifecycle protocols (resharing, refresh, repair) share: the current sharing's
 * public commitments and a holder's current share, checked against each other at construction.
 * @module
 */
import type { Backend } from '../backend/types';
import { isBytes } from '../bytes';
import { DvtBlsError } from '../errors';
import { CURVE_ORDER, scalarFromBytes, scalarToBytes } from '../field/scalar';
import { evaluateCommitments } from '../sharing/feldman';
import type { DkgResult } from './participant';

/**
 * The result of resharing or refresh: like a DKG's, without a share for a holder that leaves.
 * @example
 * ```ts
 * import { verifyShare, type LifecycleResult } from 'dvt-bls';
 * const keepsAShare = (r: LifecycleResult): boolean => r.share !== undefined && verifyShare(r.share, r.commitments);
 * ```
 */
export type LifecycleResult = Omit<DkgResult, 'share'> & {
  /** The new share, on a new holder; absent on an old holder that leaves. */
  share?: DkgResult['share'];
};

/**
 * A holder's current share as the lifecycle configurations take it (a `SecretKeyShare`, or a
 * DKG result's `share`); it is checked against the current commitments.
 * @example
 * ```ts
 * import { generateSecretKey, splitSecret, type CurrentShare } from 'dvt-bls';
 * const { shares } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const mine: CurrentShare = shares[0]!;
 * ```
 */
export interface CurrentShare {
  /** The holder's id. */
  id: number;
  /** 32-byte secret key share. */
  secretKey: Uint8Array;
}

/**
 * Decodes the current commitments (subgroup-checked, first not infinity) and checks their count:
 * the count IS the current threshold, and callers must state it (`expected`), so that nobody can
 * pass a shorter list and lower the threshold (kyber's downgrade check).
 */
export function decodeCurrentCommitments<G1>(backend: Backend<G1>, encoded: unknown, expected: number, arg: string): G1[] {
  if (!Array.isArray(encoded) || encoded.length !== expected) {
    throw new DvtBlsError('INVALID_COMMITMENTS', `${arg}: expected exactly ${expected} commitments (the current threshold)`);
  }
  const points = encoded.map((c, k) => {
    if (!isBytes(c) || c.length !== 48) throw new DvtBlsError('INVALID_COMMITMENTS', `${arg}[${k}]: expected 48 bytes`);
    try {
      return backend.decodeG1(c);
    } catch (e) {
      throw new DvtBlsError('INVALID_COMMITMENTS', `${arg}[${k}]: not a valid G1 point (${(e as Error).message})`);
    }
  });
  if (backend.isInfinityG1(points[0] as G1)) throw new DvtBlsError('INVALID_COMMITMENTS', `${arg}[0]: the point at infinity`);
  return points;
}

/** The scalar of a holder's current share, checked to be its share under `commitments`. */
export function checkedCurrentShare<G1>(backend: Backend<G1>, share: unknown, self: number, commitments: readonly G1[], arg: string): bigint {
  const s = share as CurrentShare | undefined;
  if (typeof s !== 'object' || s === null || s.id !== self) {
    throw new DvtBlsError('INVALID_ARGUMENT', `${arg}: this participant's current share (id ${self}) is required`);
  }
  if (!isBytes(s.secretKey) || s.secretKey.length !== 32) throw new DvtBlsError('INVALID_SECRET_KEY', `${arg}.secretKey: expected 32 bytes`);
  const scalar = scalarFromBytes(s.secretKey);
  if (scalar === 0n || scalar >= CURVE_ORDER) throw new DvtBlsError('INVALID_SECRET_KEY', `${arg}.secretKey: not a canonical non-zero scalar`);
  const matches = backend.equalsG1(backend.publicKeyFromSecret(scalarToBytes(scalar)), evaluateCommitments(backend, commitments, BigInt(self)));
  if (!matches) throw new DvtBlsError('INVALID_SECRET_KEY', `${arg}: does not match the commitments at id ${self}`);
  return scalar;
}
