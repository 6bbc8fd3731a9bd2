/**
 * The root entry in Node: the native blst backend when `@chainsafe/blst` loads, the portable noble
 * backend otherwise. Importing it never throws; `backend` and `backendFallbackReason` say which
 * backend runs and why.
 * @module
 */
import { createDvtBls } from './api/dvt-bls';
import { selectBackend } from './backend/load-blst';

export * from './common';

const selection = selectBackend();
const api = createDvtBls(selection.backend);

/**
 * Why the portable backend runs instead of the native one (the load error, or the
 * `DVT_BLS_BACKEND=noble` switch); `undefined` when blst is in use.
 * @example
 * ```ts
 * import { backend, backendFallbackReason } from 'dvt-bls';
 * if (backend !== 'blst') console.warn(`dvt-bls: portable backend (${backendFallbackReason})`);
 * ```
 */
export const backendFallbackReason: string | undefined = selection.fallbackReason;

/** {@inheritDoc DvtBls.backend} */
export const backend: string = api.backend;
/** {@inheritDoc DvtBls.generateSecretKey} */
export const generateSecretKey = api.generateSecretKey;
/** {@inheritDoc DvtBls.getPublicKey} */
export const getPublicKey = api.getPublicKey;
/** {@inheritDoc DvtBls.sign} */
export const sign = api.sign;
/** {@inheritDoc DvtBls.verify} */
export const verify = api.verify;
/** {@inheritDoc DvtBls.aggregateSignatures} */
export const aggregateSignatures = api.aggregateSignatures;
/** {@inheritDoc DvtBls.aggregatePublicKeys} */
export const aggregatePublicKeys = api.aggregatePublicKeys;
/** {@inheritDoc DvtBls.aggregateVerify} */
export const aggregateVerify = api.aggregateVerify;
/** {@inheritDoc DvtBls.fastAggregateVerify} */
export const fastAggregateVerify = api.fastAggregateVerify;
/** {@inheritDoc DvtBls.verifyBatch} */
export const verifyBatch = api.verifyBatch;
/** {@inheritDoc DvtBls.isValidPublicKey} */
export const isValidPublicKey = api.isValidPublicKey;
/** {@inheritDoc DvtBls.isValidSignature} */
export const isValidSignature = api.isValidSignature;
/** {@inheritDoc DvtBls.splitSecret} */
export const splitSecret = api.splitSecret;
/** {@inheritDoc DvtBls.recoverSecret} */
export const recoverSecret = api.recoverSecret;
/** {@inheritDoc DvtBls.verifyShare} */
export const verifyShare = api.verifyShare;
/** {@inheritDoc DvtBls.getPublicKeyShare} */
export const getPublicKeyShare = api.getPublicKeyShare;
/** {@inheritDoc DvtBls.partialSign} */
export const partialSign = api.partialSign;
/** {@inheritDoc DvtBls.verifyPartial} */
export const verifyPartial = api.verifyPartial;
/** {@inheritDoc DvtBls.combineSignatures} */
export const combineSignatures = api.combineSignatures;
/** {@inheritDoc DvtBls.combinePublicKeys} */
export const combinePublicKeys = api.combinePublicKeys;
/** {@inheritDoc DvtBls.combineVerified} */
export const combineVerified = api.combineVerified;
