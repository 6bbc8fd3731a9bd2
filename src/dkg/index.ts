/**
 * The DKG layer: participants (state machines), messages and their codecs, deal encryption, and
 * a local driver. The participant factory is bound to a backend on the public API
 * (`createDkgParticipant`); everything here is backend-free.
 * @module
 */
export { JointFeldmanParticipant } from './joint-feldman';
export { PedersenParticipant, PEDERSEN_H_DST, PEDERSEN_H_MESSAGE, pedersenGenerator } from './pedersen';
export { runCeremony } from './local';
export { ReshareParticipant, type ReshareConfig } from './reshare';
export { RefreshParticipant, type RefreshConfig } from './refresh';
export { RepairParticipant, type RepairConfig, type RepairResult } from './repair';
export type { LifecycleResult, CurrentShare } from './lifecycle-common';
export { generateEncryptionKeyPair, type EncryptionKeyPair } from './encryption';
export {
  DKG_MESSAGE_VERSION,
  decodeMessageBinary,
  decodeMessageJson,
  encodeMessageBinary,
  encodeMessageJson,
  isPrivateMessage,
} from './messages';
export type * from './messages';
export type { DkgConfig, DkgParticipantBase, DkgPeer, DkgResult, DisqualificationReason, RejectedMessage } from './participant';
