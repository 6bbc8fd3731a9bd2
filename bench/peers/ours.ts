/**
 * dvt-bls itself, on each backend, through the public API exactly as users call it: every call
 * takes and returns bytes and validates what it decodes (KeyValidate on public keys, the subgroup
 * check on signatures).
 * @module
 */
import type { DvtBls } from '../../src/index';
import { createDvtBls } from '../../src/index';
import { loadBlstBackend } from '../../src/backend/load-blst';
import { nobleBackend } from '../../src/backend/noble';
import type { LibraryId } from '../types';
import type { BenchLibrary } from './types';

function adapter(id: LibraryId, api: DvtBls): BenchLibrary & { api: DvtBls } {
  return {
    id,
    api,
    notes: {},
    missing: {},
    aggregateSignatures: (signatures) => api.aggregateSignatures(signatures),
    aggregatePublicKeys: (publicKeys) => api.aggregatePublicKeys(publicKeys),
    verify: (publicKey, message, signature) => api.verify(publicKey, message, signature),
    fastAggregateVerify: (publicKeys, message, signature) => api.fastAggregateVerify(publicKeys, message, signature),
    verifyBatch: (sets) => api.verifyBatch(sets),
    signer: (share) => (message) => api.partialSign(share, message).signature,
    verifyPartial: (publicKeyShare, message, partial) => api.verifyPartial(publicKeyShare, message, partial),
    combineSignatures: (partials) => api.combineSignatures(partials),
    combiner: (cluster) => (message, partials) =>
      api.combineVerified({
        message,
        partials,
        threshold: cluster.threshold,
        groupPublicKey: cluster.groupPublicKey,
        publicKeyShares: cluster.publicKeyShares,
      }).signature,
    splitSecret: (secretKey, threshold, ids) => api.splitSecret(secretKey, { threshold, ids }),
    recoverSecret: (shares) => api.recoverSecret(shares),
    verifyShare: (share, commitments) => api.verifyShare(share, commitments),
  };
}

let blstApi: DvtBls | undefined;
let nobleApi: DvtBls | undefined;

/** dvt-bls on the native backend (throws BACKEND_UNAVAILABLE where @chainsafe/blst cannot load). */
export function oursBlst(): BenchLibrary & { api: DvtBls } {
  blstApi ??= createDvtBls(loadBlstBackend());
  return adapter('dvt-bls/blst', blstApi);
}

/** dvt-bls on the portable noble backend. */
export function oursNoble(): BenchLibrary & { api: DvtBls } {
  nobleApi ??= createDvtBls(nobleBackend);
  return adapter('dvt-bls/noble', nobleApi);
}
