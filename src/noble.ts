/**
 * `dvt-bls/noble`: the whole API on the portable `@noble/curves` backend (pure JavaScript, any
 * runtime). Same exports as the root entry.
 * @module dvt-bls/noble
 */
import { createDvtBls } from './api/dvt-bls';
import { nobleBackend } from './backend/noble';

export * from './common';

const api = createDvtBls(nobleBackend);

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
