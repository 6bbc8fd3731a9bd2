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

/** @reexport */
export const backend: string = api.backend;
/** @reexport */
export const generateSecretKey = api.generateSecretKey;
/** @reexport */
export const getPublicKey = api.getPublicKey;
/** @reexport */
export const sign = api.sign;
/** @reexport */
export const verify = api.verify;
/** @reexport */
export const aggregateSignatures = api.aggregateSignatures;
/** @reexport */
export const aggregatePublicKeys = api.aggregatePublicKeys;
/** @reexport */
export const aggregateVerify = api.aggregateVerify;
/** @reexport */
export const fastAggregateVerify = api.fastAggregateVerify;
/** @reexport */
export const verifyBatch = api.verifyBatch;
/** @reexport */
export const isValidPublicKey = api.isValidPublicKey;
/** @reexport */
export const isValidSignature = api.isValidSignature;
/** @reexport */
export const splitSecret = api.splitSecret;
/** @reexport */
export const recoverSecret = api.recoverSecret;
/** @reexport */
export const verifyShare = api.verifyShare;
/** @reexport */
export const getPublicKeyShare = api.getPublicKeyShare;
/** @reexport */
export const partialSign = api.partialSign;
/** @reexport */
export const verifyPartial = api.verifyPartial;
/** @reexport */
export const combineSignatures = api.combineSignatures;
/** @reexport */
export const combinePublicKeys = api.combinePublicKeys;
/** @reexport */
export const combineVerified = api.combineVerified;
/** @reexport */
export const createDkgParticipant = api.createDkgParticipant;
