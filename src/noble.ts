/**
 * `dvt-bls/noble`: the whole API on the portable `@noble/curves` backend (pure JavaScript, any
 * runtime). Same exports as the root entry.
 * @module
 */
import { createDvtBls } from './api/dvt-bls';
import { nobleBackend } from './backend/noble';

export * from './common';

const api = createDvtBls(nobleBackend);

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
