/**
 * DKG messages: plain data with a version, a protocol tag, a session id and a sender (and a
 * recipient where private), and two codecs defined by ONE schema per message type, so that both
 * decode exactly the same set of messages:
 *
 * - canonical JSON: fixed key order, bytes as lowercase `0x` hex, ids as numbers; decoding refuses
 *   any other key, type, case or length;
 * - compact binary: a 3-byte header (version, protocol, type), the 32-byte session, ids as 8-byte
 *   big-endian integers, points and scalars at their fixed lengths, list lengths as 2-byte
 *   integers; decoding refuses trailing or missing bytes.
 *
 * Commitment lists carry UNCOMPRESSED G1 points (96 bytes, x ‖ y with the ZCash flags): every
 * participant decodes n·t of them per list round, and a compressed point costs a square root to
 * decode (about 20 µs on blst against 2 µs uncompressed, a third of a Pedersen participant's
 * compute at n = 64). So does the transcript's public key share (one per participant, all
 * decoded by each). Proof commitments R stay compressed, 48 bytes.
 *
 * Decoding checks encodings, not cryptography: points are checked when a participant uses them.
 * Every refusal is a `DvtBlsError` with code `MALFORMED_MESSAGE`.
 * @module
 */
import { DvtBlsError } from '../errors';
import { isBytes } from '../bytes';

/**
 * Wire format version: the first byte of every binary message and the `version` field of every
 * message. Decoding refuses any other value.
 * @example
 * ```ts
 * import { DKG_MESSAGE_VERSION, createDkgParticipant } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const p = createDkgParticipant({ protocol: 'pedersen', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 2, session });
 * p.deal().every((m) => m.version === DKG_MESSAGE_VERSION); // true
 * ```
 */
export const DKG_MESSAGE_VERSION = 1;

/**
 * The protocol a message belongs to: the two DKGs (`'joint-feldman'`, `'pedersen'`) and the key
 * lifecycle ceremonies (`'reshare'`, `'refresh'`, `'repair'`). A participant drops messages of any
 * other protocol than its own.
 * @example
 * ```ts
 * import { decodeMessageJson, type DkgProtocol } from 'dvt-bls';
 * function protocolOf(text: string): DkgProtocol {
 *   return decodeMessageJson(text).protocol;
 * }
 * ```
 */
export type DkgProtocol = 'joint-feldman' | 'pedersen' | 'reshare' | 'refresh' | 'repair';
const PROTOCOLS: readonly DkgProtocol[] = ['joint-feldman', 'pedersen', 'reshare', 'refresh', 'repair'];

/**
 * A complaint about a dealer. Without `share`: the deal did not arrive, or did not open or decode.
 * With it: the values received, published as evidence that they do not match the dealer's
 * commitments (Pedersen: with the blinding value).
 * @example
 * ```ts
 * import type { Complaint, DkgMessage } from 'dvt-bls';
 * function complaintsIn(message: DkgMessage): Complaint[] {
 *   return message.type === 'response' || message.type === 'reveal-complaint' ? message.complaints : [];
 * }
 * ```
 */
export interface Complaint {
  /** The dealer complained about. */
  dealer: number;
  /** 32-byte scalar: the share received, when one was (evidence). */
  share?: Uint8Array;
  /** 32-byte scalar: the blinding value received with it (Pedersen). */
  blinding?: Uint8Array;
}

/**
 * A share made public by its dealer, answering a complaint (justification).
 * @example
 * ```ts
 * import type { DkgMessage, RevealedShare } from 'dvt-bls';
 * function publishedShares(message: DkgMessage): RevealedShare[] {
 *   return message.type === 'justification' ? message.shares : [];
 * }
 * ```
 */
export interface RevealedShare {
  /** The complainer the share was dealt to. */
  id: number;
  /** 32-byte scalar: the share. */
  share: Uint8Array;
  /** 32-byte scalar: the blinding value (Pedersen). */
  blinding?: Uint8Array;
}

/** The fields every message starts with. */
interface Header<P extends boolean> {
  /** {@link DKG_MESSAGE_VERSION}. */
  version: typeof DKG_MESSAGE_VERSION;
  /** The protocol of the ceremony. */
  protocol: DkgProtocol;
  /** The 32-byte session id of the ceremony. */
  session: Uint8Array;
  /** The sender's participant id. */
  sender: number;
  /** Private messages only: the one participant it is for (never the sender). */
  recipient: P extends true ? number : undefined;
}

/**
 * A broadcast's authentication tag for one recipient (ceremonies with encryption keys): the first
 * 16 bytes of HMAC-SHA256 under the key the sender and that recipient share (from their X25519
 * keys), over the broadcast without its tags. See docs/dkg.md.
 * @example
 * ```ts
 * import type { BroadcastTag, DkgBroadcast } from 'dvt-bls';
 * const tagFor = (message: DkgBroadcast, id: number): BroadcastTag | undefined => message.tags?.find((t) => t.recipient === id);
 * ```
 */
export interface BroadcastTag {
  /** The participant this tag is for. */
  recipient: number;
  /** 16 bytes. */
  tag: Uint8Array;
}

/** The fields every broadcast starts with. */
interface BroadcastHeader extends Omit<Header<false>, 'recipient'> {
  /**
   * With encryption keys (required there, refused without): one tag per other participant,
   * ascending by recipient, so that each can check the broadcast came from `sender` unaltered.
   * Tags are not part of what is compared or hashed into the transcript.
   */
  tags?: BroadcastTag[];
}

/**
 * A deal sealed to one recipient, carried inside the dealer's {@link DealBroadcast}: everyone
 * receives every sealed deal (each opens only its own), so withholding one is withholding the
 * broadcast, which the transcript comparison catches, instead of a missing deal that the dealer
 * would have to justify by publishing the share. The plaintext is the share (32 bytes), then
 * the blinding value for Pedersen (32 more); see docs/dkg.md for the key schedule.
 * @example
 * ```ts
 * import type { DealBroadcast, SealedDeal } from 'dvt-bls';
 * const sealedFor = (broadcast: DealBroadcast, id: number): SealedDeal | undefined => broadcast.sealed?.find((d) => d.recipient === id);
 * ```
 */
export interface SealedDeal {
  /** The participant it is for (never the dealer). */
  recipient: number;
  /** 32-byte X25519 ephemeral public key, fresh for each deal. */
  ephemeralKey: Uint8Array;
  /** ChaCha20-Poly1305 ciphertext and 16-byte tag (at most 1024 bytes). */
  ciphertext: Uint8Array;
}

/**
 * Round 1 broadcast: the dealer's commitments, one per coefficient (t of them). Joint-Feldman:
 * C_k = a_k·G and a proof of possession of a_0; Pedersen: E_k = a_k·G + b_k·H and no proof. With
 * encryption keys, the deals themselves travel sealed inside it (`sealed`).
 * @example
 * ```ts
 * import { decodeMessageJson, type DealBroadcast } from 'dvt-bls';
 * function dealBroadcastOf(text: string): DealBroadcast | undefined {
 *   const message = decodeMessageJson(text);
 *   return message.type === 'deal-broadcast' ? message : undefined;
 * }
 * ```
 */
export interface DealBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'deal-broadcast';
  /** 96-byte uncompressed G1 points. Joint-Feldman: a_k·G. Pedersen: a_k·G + b_k·H. */
  commitments: Uint8Array[];
  /**
   * Joint-Feldman only (required there, refused elsewhere): a Schnorr proof of knowledge of a_0,
   * bound to the session and the dealer's id. `commitment` is R = k·G (48 bytes), `response`
   * μ = k + c·a_0 (32 bytes).
   */
  proof?: {
    /** R = k·G: 48-byte compressed G1 point. */
    commitment: Uint8Array;
    /** μ = k + c·a_0 mod r: 32-byte scalar. */
    response: Uint8Array;
  };
  /**
   * With encryption keys (required there, refused without): one sealed deal per other receiver,
   * ascending by recipient.
   */
  sealed?: SealedDeal[];
}

/**
 * A share for one participant in the clear: round 1 deals (and repair's last round) in ceremonies
 * without encryption keys, whose channels must already be private and authenticated. With
 * encryption keys, deals travel sealed inside the {@link DealBroadcast} and a deal in the clear is
 * refused.
 * @example
 * ```ts
 * import { createDkgParticipant, type Deal } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const dealer = createDkgParticipant({ protocol: 'joint-feldman', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 1, session });
 * const deals = dealer.deal().filter((m): m is Deal => m.type === 'deal'); // one, for participant 2
 * ```
 */
export interface Deal extends Header<true> {
  /** Type tag. */
  type: 'deal';
  /** 32-byte scalar: f(recipient). */
  share: Uint8Array;
  /** 32-byte scalar: f'(recipient), the blinding polynomial's value (Pedersen only). */
  blinding?: Uint8Array;
}

/**
 * A value sealed to one recipient's X25519 key, sent to it alone: repair's last round (each
 * helper's sum of pieces, for the participant being repaired) in ceremonies with encryption keys.
 * Authenticated to the sender and bound to the session, protocol and both ids (HKDF-SHA256,
 * ChaCha20-Poly1305; see docs/dkg.md). Round 1 deals travel as {@link SealedDeal}s instead.
 * @example
 * ```ts
 * import type { DkgMessage, EncryptedDeal } from 'dvt-bls';
 * const sealedTo = (messages: DkgMessage[], id: number): EncryptedDeal[] =>
 *   messages.filter((m): m is EncryptedDeal => m.type === 'encrypted-deal' && m.recipient === id);
 * ```
 */
export interface EncryptedDeal extends Header<true> {
  /** Type tag. */
  type: 'encrypted-deal';
  /** 32-byte X25519 ephemeral public key, fresh for each deal. */
  ephemeralKey: Uint8Array;
  /** ChaCha20-Poly1305 ciphertext and 16-byte tag (at most 1024 bytes). */
  ciphertext: Uint8Array;
}

/**
 * Round 2 broadcast: the sender's complaints about dealers (empty when every deal checked out).
 * Every participant sends one.
 * @example
 * ```ts
 * import type { DkgMessage, ResponseBroadcast } from 'dvt-bls';
 * function accusers(messages: DkgMessage[], dealer: number): number[] {
 *   return messages
 *     .filter((m): m is ResponseBroadcast => m.type === 'response')
 *     .filter((m) => m.complaints.some((c) => c.dealer === dealer))
 *     .map((m) => m.sender);
 * }
 * ```
 */
export interface ResponseBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'response';
  /** One per dealer complained about, ascending by dealer. */
  complaints: Complaint[];
}

/**
 * Round 3 broadcast: an accused dealer answers by publishing the shares (and blinding values) it
 * dealt to its accusers; they must match its commitments, or it is disqualified.
 * @example
 * ```ts
 * import type { DkgMessage, JustificationBroadcast } from 'dvt-bls';
 * function justified(message: DkgMessage): number[] {
 *   return message.type === 'justification' ? (message satisfies JustificationBroadcast).shares.map((s) => s.id) : [];
 * }
 * ```
 */
export interface JustificationBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'justification';
  /** The accusers' shares, ascending by accuser id. */
  shares: RevealedShare[];
}

/**
 * Pedersen, round 4 broadcast: once the qualified set is fixed, each qualified dealer reveals its
 * Feldman commitments A_k = a_k·G, which every holder checks against its share.
 * @example
 * ```ts
 * import type { DkgMessage, FeldmanRevealBroadcast } from 'dvt-bls';
 * function constantTermOf(message: DkgMessage): Uint8Array | undefined {
 *   return message.type === 'feldman-reveal' ? (message satisfies FeldmanRevealBroadcast).commitments[0] : undefined;
 * }
 * ```
 */
export interface FeldmanRevealBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'feldman-reveal';
  /** t uncompressed G1 points a_k·G (96 bytes each). */
  commitments: Uint8Array[];
}

/**
 * Pedersen, round 5 broadcast: complaints about Feldman reveals that do not match the sender's
 * share, each with the (share, blinding) pair as public evidence (it must open the dealer's
 * Pedersen commitments, or the complaint is ignored). Every participant sends one.
 * @example
 * ```ts
 * import type { DkgMessage, RevealComplaintBroadcast } from 'dvt-bls';
 * function badReveals(message: DkgMessage): number[] {
 *   return message.type === 'reveal-complaint' ? (message satisfies RevealComplaintBroadcast).complaints.map((c) => c.dealer) : [];
 * }
 * ```
 */
export interface RevealComplaintBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'reveal-complaint';
  /** One per dealer, with `share` and `blinding` as evidence. */
  complaints: Complaint[];
}

/**
 * Pedersen, round 6 broadcast, sent by every holder when the group's Feldman commitments are
 * rebuilt (a qualified dealer's reveal is missing, proven wrong, or outside G1): the sender's
 * summed blinding value B(j) = Σ_d f'_d(j) over the qualified dealers d, with a Schnorr proof that
 * it knows x = Σ_d f_d(j) (its share of the key) with Ē(j) - B(j)·H = x·G, where Ē_k = Σ_d E_d,k.
 * Under the discrete-log assumption the proof pins B(j) to the value the dealers committed to.
 * From t of them everyone interpolates the summed blinding polynomial and gets the group
 * commitments Ā_k = Ē_k - b̄_k·H: what honest reveals would have summed to, and nothing about any
 * single dealer's polynomial. Shares are never published, so a relay that withholds reveals
 * learns nothing.
 * @example
 * ```ts
 * import type { DkgMessage, ReconstructionBroadcast } from 'dvt-bls';
 * function rebuilders(messages: DkgMessage[]): number[] {
 *   return messages.filter((m): m is ReconstructionBroadcast => m.type === 'reconstruction').map((m) => m.sender);
 * }
 * ```
 */
export interface ReconstructionBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'reconstruction';
  /** 32-byte scalar: B(sender), the sum of the sender's blinding values from the qualified dealers. */
  blinding: Uint8Array;
  /** Proof of knowledge of the sender's share of the key, bound to the session and the sender's id. */
  proof: {
    /** R = k·G: 48-byte compressed G1 point. */
    commitment: Uint8Array;
    /** μ = k + c·x mod r: 32-byte scalar. */
    response: Uint8Array;
  };
}

/**
 * Final broadcast: the sender's transcript hash, and the digest of each sender's broadcasts as
 * the sender of this message saw them, so that a mismatch names who was seen differently.
 * @example
 * ```ts
 * import type { DkgMessage, TranscriptBroadcast } from 'dvt-bls';
 * function transcriptHashOf(message: DkgMessage): Uint8Array | undefined {
 *   return message.type === 'transcript' ? (message satisfies TranscriptBroadcast).hash : undefined;
 * }
 * ```
 */
export interface TranscriptBroadcast extends BroadcastHeader {
  /** Type tag. */
  type: 'transcript';
  /** 32-byte SHA-256 transcript hash (the result's `transcriptHash`). */
  hash: Uint8Array;
  /** One per participant, ascending: `digest` is SHA-256 over that sender's broadcasts. */
  digests: {
    /** A participant. */
    sender: number;
    /** 32 bytes: SHA-256 over its broadcasts as the sender of this message accepted them. */
    digest: Uint8Array;
  }[];
  /**
   * The sender's public key share (its share times G), as a 96-byte uncompressed G1 point, if it
   * holds a share. The others take it for their results' `publicKeyShares` once one random check
   * against the group commitments confirms every such claim, instead of evaluating the group
   * polynomial at every id; a wrong or missing claim only makes them evaluate.
   */
  publicKeyShare?: Uint8Array;
}

/**
 * Messages every participant receives: a driver sends them to all (an authenticated broadcast
 * channel is assumed; see docs/dkg.md).
 * @example
 * ```ts
 * import { isPrivateMessage, type DkgBroadcast, type DkgMessage } from 'dvt-bls';
 * const broadcasts = (messages: DkgMessage[]): DkgBroadcast[] => messages.filter((m): m is DkgBroadcast => !isPrivateMessage(m));
 * ```
 */
export type DkgBroadcast =
  | DealBroadcast
  | ResponseBroadcast
  | JustificationBroadcast
  | FeldmanRevealBroadcast
  | RevealComplaintBroadcast
  | ReconstructionBroadcast
  | TranscriptBroadcast;
/**
 * Messages for one participant (`recipient`): deals in the clear, or repair's sealed last round.
 * @example
 * ```ts
 * import { isPrivateMessage, type DkgMessage, type DkgPrivateMessage } from 'dvt-bls';
 * const dealsFor = (messages: DkgMessage[], id: number): DkgPrivateMessage[] =>
 *   messages.filter((m): m is DkgPrivateMessage => isPrivateMessage(m) && m.recipient === id);
 * ```
 */
export type DkgPrivateMessage = Deal | EncryptedDeal;
/**
 * Any DKG message: what the participants' steps take and return, and what the codecs encode.
 * @example
 * ```ts
 * import { decodeMessageJson, encodeMessageJson, type DkgMessage } from 'dvt-bls';
 * const relayed = (message: DkgMessage): DkgMessage => decodeMessageJson(encodeMessageJson(message));
 * ```
 */
export type DkgMessage = DkgBroadcast | DkgPrivateMessage;
/**
 * The `type` tags: `'deal-broadcast'`, `'deal'`, `'encrypted-deal'`, `'response'`,
 * `'justification'`, `'feldman-reveal'`, `'reveal-complaint'`, `'reconstruction'`, `'transcript'`.
 * @example
 * ```ts
 * import type { DkgMessage, DkgMessageType } from 'dvt-bls';
 * const countByType = (messages: DkgMessage[]): Map<DkgMessageType, number> =>
 *   messages.reduce((m, x) => m.set(x.type, (m.get(x.type) ?? 0) + 1), new Map<DkgMessageType, number>());
 * ```
 */
export type DkgMessageType = DkgMessage['type'];

// ---- Schema ----------------------------------------------------------------------------------

type Kind =
  | { t: 'id' }
  | { t: 'bytes'; length: number }
  | { t: 'varbytes'; max: number }
  | { t: 'list'; of: Field[] }
  | { t: 'record'; of: Field[] }
  | { t: 'points' };
interface Field {
  name: string;
  kind: Kind;
  optional?: boolean;
}

const id: Kind = { t: 'id' };
const scalar: Kind = { t: 'bytes', length: 32 };
const point: Kind = { t: 'bytes', length: 48 };
const COMMITMENT_BYTES = 96;
/** An entry of a commitment list (kind `points`): an uncompressed G1 point (see the module notes). */
const commitment: Kind = { t: 'bytes', length: COMMITMENT_BYTES };
const hash: Kind = { t: 'bytes', length: 32 };
const complaintFields: Field[] = [
  { name: 'dealer', kind: id },
  { name: 'share', kind: scalar, optional: true },
  { name: 'blinding', kind: scalar, optional: true },
];
const proofFields: Field[] = [
  { name: 'commitment', kind: point },
  { name: 'response', kind: scalar },
];
const sealedDealFields: Field[] = [
  { name: 'recipient', kind: id },
  { name: 'ephemeralKey', kind: { t: 'bytes', length: 32 } },
  { name: 'ciphertext', kind: { t: 'varbytes', max: 1024 } },
];
/** The last field of every broadcast: authentication tags (with encryption keys). */
const tagsField: Field = {
  name: 'tags',
  kind: {
    t: 'list',
    of: [
      { name: 'recipient', kind: id },
      { name: 'tag', kind: { t: 'bytes', length: 16 } },
    ],
  },
  optional: true,
};
const revealedFields: Field[] = [
  { name: 'id', kind: id },
  { name: 'share', kind: scalar },
  { name: 'blinding', kind: scalar, optional: true },
];

/** Payload fields per type, in wire order; `private` types carry a recipient. */
const SCHEMAS: Record<DkgMessageType, { code: number; private: boolean; fields: Field[] }> = {
  'deal-broadcast': {
    code: 1,
    private: false,
    fields: [
      { name: 'commitments', kind: { t: 'points' } },
      { name: 'proof', kind: { t: 'record', of: proofFields }, optional: true },
      { name: 'sealed', kind: { t: 'list', of: sealedDealFields }, optional: true },
    ],
  },
  deal: {
    code: 2,
    private: true,
    fields: [
      { name: 'share', kind: scalar },
      { name: 'blinding', kind: scalar, optional: true },
    ],
  },
  'encrypted-deal': {
    code: 3,
    private: true,
    fields: [
      { name: 'ephemeralKey', kind: { t: 'bytes', length: 32 } },
      { name: 'ciphertext', kind: { t: 'varbytes', max: 1024 } },
    ],
  },
  response: { code: 4, private: false, fields: [{ name: 'complaints', kind: { t: 'list', of: complaintFields } }] },
  justification: { code: 5, private: false, fields: [{ name: 'shares', kind: { t: 'list', of: revealedFields } }] },
  'feldman-reveal': { code: 6, private: false, fields: [{ name: 'commitments', kind: { t: 'points' } }] },
  'reveal-complaint': {
    code: 7,
    private: false,
    fields: [{ name: 'complaints', kind: { t: 'list', of: complaintFields } }],
  },
  reconstruction: {
    code: 8,
    private: false,
    fields: [
      { name: 'blinding', kind: scalar },
      { name: 'proof', kind: { t: 'record', of: proofFields } },
    ],
  },
  transcript: {
    code: 9,
    private: false,
    fields: [
      { name: 'hash', kind: hash },
      {
        name: 'digests',
        kind: {
          t: 'list',
          of: [
            { name: 'sender', kind: id },
            { name: 'digest', kind: hash },
          ],
        },
      },
      { name: 'publicKeyShare', kind: commitment, optional: true },
    ],
  },
};

for (const schema of Object.values(SCHEMAS)) if (!schema.private) schema.fields.push(tagsField);

const TYPES = Object.keys(SCHEMAS) as DkgMessageType[];
const MAX_LIST = 0xffff;

/**
 * True for messages addressed to one recipient (deals), false for broadcasts.
 * @param message - A message.
 * @returns Whether it is private.
 * @example
 * ```ts
 * import { createDkgParticipant, isPrivateMessage } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const p = createDkgParticipant({ protocol: 'joint-feldman', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 2, session });
 * const [broadcast, deal] = p.deal();
 * [isPrivateMessage(broadcast!), isPrivateMessage(deal!)]; // [false, true]
 * ```
 */
export function isPrivateMessage(message: DkgMessage): message is DkgPrivateMessage {
  return SCHEMAS[message.type].private;
}

function fail(reason: string): never {
  throw new DvtBlsError('MALFORMED_MESSAGE', `message: ${reason}`);
}

function checkId(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(`${where}: expected an id >= 1`);
  return value;
}

// ---- Canonical JSON --------------------------------------------------------------------------

const HEX = /^0x(?:[0-9a-f]{2})*$/;

function hexOf(bytes: Uint8Array): string {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function bytesOf(value: unknown, where: string, length?: number, max?: number): Uint8Array {
  if (typeof value !== 'string' || !HEX.test(value)) fail(`${where}: expected lowercase 0x-prefixed hex`);
  const out = new Uint8Array((value.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16);
  if (length !== undefined && out.length !== length) fail(`${where}: expected ${length} bytes, got ${out.length}`);
  if (max !== undefined && out.length > max) fail(`${where}: more than ${max} bytes`);
  return out;
}

function toJsonValue(kind: Kind, value: unknown): unknown {
  switch (kind.t) {
    case 'id':
      return value;
    case 'bytes':
    case 'varbytes':
      return hexOf(value as Uint8Array);
    case 'points':
      return (value as Uint8Array[]).map(hexOf);
    case 'list':
      return (value as Record<string, unknown>[]).map((item) => toJsonRecord(kind.of, item));
    case 'record':
      return toJsonRecord(kind.of, value as Record<string, unknown>);
  }
}

function toJsonRecord(fields: Field[], value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined) continue;
    out[f.name] = toJsonValue(f.kind, v);
  }
  return out;
}

function fromJsonValue(kind: Kind, value: unknown, where: string): unknown {
  switch (kind.t) {
    case 'id':
      return checkId(value, where);
    case 'bytes':
      return bytesOf(value, where, kind.length);
    case 'varbytes':
      return bytesOf(value, where, undefined, kind.max);
    case 'points':
      if (!Array.isArray(value) || value.length > MAX_LIST) fail(`${where}: expected a list`);
      return value.map((v, i) => bytesOf(v, `${where}[${i}]`, COMMITMENT_BYTES));
    case 'list':
      if (!Array.isArray(value) || value.length > MAX_LIST) fail(`${where}: expected a list`);
      return value.map((v, i) => fromJsonRecord(kind.of, v, `${where}[${i}]`));
    case 'record':
      return fromJsonRecord(kind.of, value, where);
  }
}

function fromJsonRecord(fields: Field[], value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where}: expected an object`);
  const record = value as Record<string, unknown>;
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(record)) if (!known.has(key)) fail(`${where}: unexpected field "${key}"`);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = record[f.name];
    if (v === undefined) {
      if (!f.optional) fail(`${where}.${f.name}: missing`);
      continue;
    }
    out[f.name] = fromJsonValue(f.kind, v, `${where}.${f.name}`);
  }
  return out;
}

function headerFields(type: DkgMessageType): string[] {
  return ['version', 'protocol', 'type', 'session', 'sender', ...(SCHEMAS[type].private ? ['recipient'] : [])];
}

/**
 * Canonical JSON of a message: fixed key order, `0x` hex bytes. Equal messages give equal strings.
 * @param message - A message made by a participant or decoded by {@link decodeMessageJson}.
 * @returns Its canonical JSON text.
 * @throws {@link DvtBlsError} `MALFORMED_MESSAGE` for an object that is not a well-formed message.
 * @example
 * ```ts
 * import { createDkgParticipant, decodeMessageJson, encodeMessageJson } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const p = createDkgParticipant({ protocol: 'pedersen', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 2, session });
 * const [broadcast] = p.deal();
 * const text = encodeMessageJson(broadcast!); // '{"version":1,"protocol":"pedersen","type":"deal-broadcast",...}'
 * encodeMessageJson(decodeMessageJson(text)) === text; // true
 * ```
 */
export function encodeMessageJson(message: DkgMessage): string {
  validate(message);
  const m = message as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    version: m.version,
    protocol: m.protocol,
    type: m.type,
    session: hexOf(m.session as Uint8Array),
    sender: m.sender,
  };
  if (SCHEMAS[message.type].private) out.recipient = m.recipient;
  Object.assign(out, toJsonRecord(SCHEMAS[message.type].fields, m));
  return JSON.stringify(out);
}

/**
 * Strictly decodes canonical JSON (as a string or an already parsed value).
 * @param input - JSON text or a parsed object.
 * @returns The message.
 * @throws {@link DvtBlsError} `MALFORMED_MESSAGE` for anything but a well-formed message.
 * @example
 * ```ts
 * import { decodeMessageJson, DvtBlsError } from 'dvt-bls';
 * try {
 *   decodeMessageJson('{"version":2}');
 * } catch (e) {
 *   if (e instanceof DvtBlsError) console.log(e.code); // 'MALFORMED_MESSAGE'
 * }
 * ```
 */
export function decodeMessageJson(input: string | unknown): DkgMessage {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      fail('not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object');
  const record = value as Record<string, unknown>;
  const type = record.type as DkgMessageType;
  if (!TYPES.includes(type)) fail('unknown type');
  const fields = SCHEMAS[type].fields;
  const header = new Set(headerFields(type));
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!header.has(k)) payload[k] = v;
  const message = {
    version: record.version,
    protocol: record.protocol,
    type,
    session: bytesOf(record.session, 'session', 32),
    sender: checkId(record.sender, 'sender'),
    ...(SCHEMAS[type].private ? { recipient: checkId(record.recipient, 'recipient') } : {}),
    ...fromJsonRecord(fields, payload, type),
  } as unknown as DkgMessage;
  validate(message);
  return message;
}

// ---- Binary ----------------------------------------------------------------------------------

/** One growing buffer: a participant encodes every message it takes in, so this stays cheap. */
class Writer {
  private buffer = new Uint8Array(512);
  private length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(2 * this.buffer.length, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
  u8(v: number): void {
    this.room(1);
    this.buffer[this.length++] = v;
  }
  u16(v: number): void {
    this.room(2);
    this.buffer[this.length++] = v >> 8;
    this.buffer[this.length++] = v & 0xff;
  }
  /** An id (validated: an integer in [1, 2^53 - 1]) as 8 bytes big-endian. */
  id(v: number): void {
    this.room(8);
    const high = Math.floor(v / 2 ** 32);
    const low = v >>> 0;
    for (const word of [high, low]) {
      this.buffer[this.length++] = word >>> 24;
      this.buffer[this.length++] = (word >>> 16) & 0xff;
      this.buffer[this.length++] = (word >>> 8) & 0xff;
      this.buffer[this.length++] = word & 0xff;
    }
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

class Reader {
  private off = 0;
  constructor(private readonly data: Uint8Array) {}
  /** The offset of the next n bytes, which must be there. */
  private skip(n: number, what: string): number {
    if (this.off + n > this.data.length) fail(`truncated at ${what}`);
    const at = this.off;
    this.off += n;
    return at;
  }
  private byteAt(i: number): number {
    return this.data[i] as number;
  }
  u8(what: string): number {
    return this.byteAt(this.skip(1, what));
  }
  u16(what: string): number {
    const at = this.skip(2, what);
    return (this.byteAt(at) << 8) | this.byteAt(at + 1);
  }
  id(what: string): number {
    const at = this.skip(8, what);
    const word = (i: number): number =>
      ((this.byteAt(i) << 24) | (this.byteAt(i + 1) << 16) | (this.byteAt(i + 2) << 8) | this.byteAt(i + 3)) >>> 0;
    const high = word(at);
    // Ids are at most 2^53 - 1: the high word has 21 bits at most.
    if (high >= 2 ** 21) fail(`${what}: id too large`);
    return checkId(high * 2 ** 32 + word(at + 4), what);
  }
  /** A fresh copy: decoded messages share nothing with the bytes they came from. */
  bytes(n: number, what: string): Uint8Array {
    const at = this.skip(n, what);
    return this.data.slice(at, at + n);
  }
  end(): void {
    if (this.off !== this.data.length) fail(`${this.data.length - this.off} trailing bytes`);
  }
}

function writeValue(w: Writer, kind: Kind, value: unknown): void {
  switch (kind.t) {
    case 'id':
      return w.id(value as number);
    case 'bytes':
      return w.bytes(value as Uint8Array);
    case 'varbytes':
      w.u16((value as Uint8Array).length);
      return w.bytes(value as Uint8Array);
    case 'points':
      w.u16((value as Uint8Array[]).length);
      for (const p of value as Uint8Array[]) w.bytes(p);
      return;
    case 'list':
      w.u16((value as unknown[]).length);
      for (const item of value as Record<string, unknown>[]) writeRecord(w, kind.of, item);
      return;
    case 'record':
      return writeRecord(w, kind.of, value as Record<string, unknown>);
  }
}

// Optional fields are one presence byte (0 or 1) followed by the value.
function writeRecord(w: Writer, fields: Field[], value: Record<string, unknown>): void {
  for (const f of fields) {
    const v = value[f.name];
    if (f.optional) {
      w.u8(v === undefined ? 0 : 1);
      if (v === undefined) continue;
    }
    writeValue(w, f.kind, v);
  }
}

function readValue(r: Reader, kind: Kind, where: string): unknown {
  switch (kind.t) {
    case 'id':
      return r.id(where);
    case 'bytes':
      return r.bytes(kind.length, where);
    case 'varbytes': {
      const n = r.u16(where);
      if (n > kind.max) fail(`${where}: more than ${kind.max} bytes`);
      return r.bytes(n, where);
    }
    case 'points': {
      const n = r.u16(where);
      return Array.from({ length: n }, (_, i) => r.bytes(COMMITMENT_BYTES, `${where}[${i}]`));
    }
    case 'list': {
      const n = r.u16(where);
      return Array.from({ length: n }, (_, i) => readRecord(r, kind.of, `${where}[${i}]`));
    }
    case 'record':
      return readRecord(r, kind.of, where);
  }
}

function readRecord(r: Reader, fields: Field[], where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.optional) {
      const present = r.u8(`${where}.${f.name}`);
      if (present > 1) fail(`${where}.${f.name}: bad presence byte`);
      if (present === 0) continue;
    }
    out[f.name] = readValue(r, f.kind, `${where}.${f.name}`);
  }
  return out;
}

/**
 * Compact binary encoding of a message.
 * @param message - The message.
 * @returns Its bytes: header, session, sender, recipient if private, payload.
 * @throws {@link DvtBlsError} `MALFORMED_MESSAGE` for an object that is not a well-formed message.
 * @example
 * ```ts
 * import { createDkgParticipant, decodeMessageBinary, encodeMessageBinary, encodeMessageJson } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const p = createDkgParticipant({ protocol: 'joint-feldman', self: 1, participants: [{ id: 1 }, { id: 2 }], threshold: 2, session });
 * const [broadcast] = p.deal();
 * const bytes = encodeMessageBinary(broadcast!); // 3 + 32 + 8 + 2 + 2·96 + (1 + 48 + 32) + 1 + 1 = 320 bytes
 * encodeMessageJson(decodeMessageBinary(bytes)) === encodeMessageJson(broadcast!); // true
 * ```
 */
export function encodeMessageBinary(message: DkgMessage): Uint8Array {
  validate(message);
  const schema = SCHEMAS[message.type];
  const m = message as unknown as Record<string, unknown>;
  const w = new Writer();
  w.u8(message.version);
  w.u8(PROTOCOLS.indexOf(message.protocol) + 1);
  w.u8(schema.code);
  w.bytes(message.session);
  w.id(message.sender);
  if (schema.private) w.id(m.recipient as number);
  writeRecord(w, schema.fields, m);
  return w.finish();
}

/**
 * Strictly decodes the binary encoding.
 * @param bytes - Encoded message.
 * @returns The message.
 * @throws {@link DvtBlsError} `MALFORMED_MESSAGE`.
 * @example
 * ```ts
 * import { decodeMessageBinary, DvtBlsError } from 'dvt-bls';
 * try {
 *   decodeMessageBinary(Uint8Array.of(1, 1, 1)); // a header, then nothing
 * } catch (e) {
 *   if (e instanceof DvtBlsError) console.log(e.code); // 'MALFORMED_MESSAGE'
 * }
 * ```
 */
export function decodeMessageBinary(bytes: Uint8Array): DkgMessage {
  if (!isBytes(bytes)) fail('expected a Uint8Array');
  const r = new Reader(bytes);
  const version = r.u8('version');
  const protocol = PROTOCOLS[r.u8('protocol') - 1];
  const code = r.u8('type');
  const type = TYPES.find((t) => SCHEMAS[t].code === code);
  if (protocol === undefined) fail('unknown protocol');
  if (type === undefined) fail('unknown type');
  const schema = SCHEMAS[type];
  const message = {
    version,
    protocol,
    type,
    session: r.bytes(32, 'session'),
    sender: r.id('sender'),
    ...(schema.private ? { recipient: r.id('recipient') } : {}),
    ...readRecord(r, schema.fields, type),
  } as unknown as DkgMessage;
  r.end();
  validate(message);
  return message;
}

/** Header and shape checks shared by both codecs (and by the participants on their inputs). */
function validate(message: DkgMessage): void {
  if (typeof message !== 'object' || message === null) fail('expected an object');
  if (message.version !== DKG_MESSAGE_VERSION) fail(`unsupported version ${String(message.version)}`);
  if (!PROTOCOLS.includes(message.protocol)) fail('unknown protocol');
  if (!TYPES.includes(message.type)) fail('unknown type');
  if (!isBytes(message.session) || message.session.length !== 32) fail('session: expected 32 bytes');
  checkId(message.sender, 'sender');
  if (SCHEMAS[message.type].private) {
    const recipient = checkId((message as DkgPrivateMessage).recipient, 'recipient');
    if (recipient === message.sender) fail('recipient: a private message to oneself');
  }
  if (message.type === 'deal-broadcast' && (message.proof === undefined) === (message.protocol === 'joint-feldman')) {
    fail('proof: required for joint-feldman, absent for the other protocols');
  }
  // The payload, by the same schema the decoders use: the encoders then refuse (MALFORMED_MESSAGE)
  // what the decoders would refuse, instead of writing bytes that do not decode.
  checkRecord(SCHEMAS[message.type].fields, message, message.type, headerFields(message.type));
  // Lists keyed by participant: one entry each, ascending, never the sender (one encoding only).
  const m = message as { tags?: BroadcastTag[]; sealed?: SealedDeal[] };
  checkAscending(m.tags?.map((x) => x.recipient), message.sender, 'tags');
  checkAscending(m.sealed?.map((x) => x.recipient), message.sender, 'sealed');
}

function checkAscending(ids: number[] | undefined, sender: number, where: string): void {
  ids?.forEach((v, i) => {
    if (v === sender) fail(`${where}[${i}]: the sender itself`);
    if (i > 0 && v <= (ids[i - 1] as number)) fail(`${where}: expected distinct ids in ascending order`);
  });
}

function checkValue(kind: Kind, value: unknown, where: string): void {
  switch (kind.t) {
    case 'id':
      checkId(value, where);
      return;
    case 'bytes':
      if (!isBytes(value) || value.length !== kind.length) fail(`${where}: expected ${kind.length} bytes`);
      return;
    case 'varbytes':
      if (!isBytes(value) || value.length > kind.max) fail(`${where}: expected at most ${kind.max} bytes`);
      return;
    case 'points':
      if (!Array.isArray(value) || value.length > MAX_LIST) fail(`${where}: expected a list`);
      value.forEach((p, i) => checkValue(commitment, p, `${where}[${i}]`));
      return;
    case 'list':
      if (!Array.isArray(value) || value.length > MAX_LIST) fail(`${where}: expected a list`);
      value.forEach((v, i) => checkRecord(kind.of, v, `${where}[${i}]`));
      return;
    case 'record':
      checkRecord(kind.of, value, where);
      return;
  }
}

/**
 * The keys a record of `fields` may have, made once per field list: nested records (no `also`),
 * and message payloads with their type's header (`also`; one payload list per type).
 */
const knownKeys = { nested: new WeakMap<Field[], Set<string>>(), withHeader: new WeakMap<Field[], Set<string>>() };

/** A payload record: the schema's fields (present unless optional) and no others (`also`: the header's). */
function checkRecord(fields: Field[], value: unknown, where: string, also: readonly string[] = []): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where}: expected an object`);
  const record = value as Record<string, unknown>;
  const cache = also.length === 0 ? knownKeys.nested : knownKeys.withHeader;
  let known = cache.get(fields);
  if (known === undefined) cache.set(fields, (known = new Set([...also, ...fields.map((f) => f.name)])));
  for (const key of Object.keys(record)) if (record[key] !== undefined && !known.has(key)) fail(`${where}: unexpected field "${key}"`);
  for (const f of fields) {
    const v = record[f.name];
    if (v === undefined) {
      if (!f.optional) fail(`${where}.${f.name}: missing`);
      continue;
    }
    checkValue(f.kind, v, `${where}.${f.name}`);
  }
}
