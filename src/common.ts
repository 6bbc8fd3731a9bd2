/**
 * What every entry exports besides the bound functions: types, the error class, constants.
 * @module
 */
export { CIPHERSUITE, createDvtBls, type CeremonyConfig, type CeremonyParticipant, type DvtBls } from './api/dvt-bls';
export type * from './api/types';
export { DvtBlsError, type ErrorCode } from './errors';
export type { Backend, BackendSignatureSet } from './backend/types';
export * from './dkg/index';
