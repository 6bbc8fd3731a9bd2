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
 * Decoding checks encodings, not cryptography: points are checked when a participant uses them.
 * Every refusal is a `DvtBlsError` with code `MALFORMED_MESSAGE`.
 * @module
 */
import { DvtBlsError } from '../errors';
import { isBytes } from '../bytes';

/** Wire format version. */
export const DKG_MESSAGE_VERSION = 1;

/** The two DKG protocols. */
export type DkgProtocol = 'joint-feldman' | 'pedersen' | 'reshare' | 'refresh' | 'repair';
const PROTOCOLS: readonly DkgProtocol[] = ['joint-feldman', 'pedersen', 'reshare', 'refresh', 'repair'];

/** A complaint about a dealer; `share` (and `blinding`) are the values received, when any were. */
export interface Complaint {
  dealer: number;
  share?: Uint8Array;
  blinding?: Uint8Array;
}

/** A share published by its dealer (justification) or by its holder (reconstruction). */
export interface RevealedShare {
  /** Justification: the complainer the share was dealt to. Reconstruction: the dealer. */
  id: number;
  share: Uint8Array;
  blinding?: Uint8Array;
}

interface Header<P extends boolean> {
  version: typeof DKG_MESSAGE_VERSION;
  protocol: DkgProtocol;
  session: Uint8Array;
  sender: number;
  /** Private messages only. */
  recipient: P extends true ? number : undefined;
}

/** Round 1 broadcast: commitments to the dealer's polynomial(s); Joint-Feldman adds a proof of possession. */
export interface DealBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'deal-broadcast';
  /** Joint-Feldman: a_k·G. Pedersen: a_k·G + b_k·H. */
  commitments: Uint8Array[];
  /** Joint-Feldman: Schnorr proof (R, μ) of knowledge of a_0. Absent for Pedersen. */
  proof?: { commitment: Uint8Array; response: Uint8Array };
}

/** Round 1 private: the dealer's share for one participant, in the clear (for trusted channels). */
export interface Deal extends Header<true> {
  type: 'deal';
  share: Uint8Array;
  /** Pedersen only: the blinding polynomial's value. */
  blinding?: Uint8Array;
}

/** Round 1 private: a deal sealed to the recipient's X25519 key (see `encryption.ts`). */
export interface EncryptedDeal extends Header<true> {
  type: 'encrypted-deal';
  ephemeralKey: Uint8Array;
  ciphertext: Uint8Array;
}

/** Round 2 broadcast: complaints about dealers (empty when every deal checked out). */
export interface ResponseBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'response';
  complaints: Complaint[];
}

/** Round 3 broadcast: a dealer answers complaints by publishing the complainers' shares. */
export interface JustificationBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'justification';
  shares: RevealedShare[];
}

/** Pedersen, after QUAL is fixed: the Feldman commitments a_k·G. */
export interface FeldmanRevealBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'feldman-reveal';
  commitments: Uint8Array[];
}

/** Pedersen: complaints about Feldman reveals, with the (share, blinding) pair as public evidence. */
export interface RevealComplaintBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'reveal-complaint';
  complaints: Complaint[];
}

/** Pedersen: shares of dealers whose secret everyone reconstructs. */
export interface ReconstructionBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'reconstruction';
  shares: RevealedShare[];
}

/** Final round: the sender's transcript hash and one digest per sender it heard from. */
export interface TranscriptBroadcast extends Omit<Header<false>, 'recipient'> {
  type: 'transcript';
  hash: Uint8Array;
  digests: { sender: number; digest: Uint8Array }[];
}

/** Messages every participant receives. */
export type DkgBroadcast =
  | DealBroadcast
  | ResponseBroadcast
  | JustificationBroadcast
  | FeldmanRevealBroadcast
  | RevealComplaintBroadcast
  | ReconstructionBroadcast
  | TranscriptBroadcast;
/** Messages for one recipient. */
export type DkgPrivateMessage = Deal | EncryptedDeal;
/** Any DKG message. */
export type DkgMessage = DkgBroadcast | DkgPrivateMessage;
/** The `type` tags. */
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
const hash: Kind = { t: 'bytes', length: 32 };
const complaintFields: Field[] = [
  { name: 'dealer', kind: id },
  { name: 'share', kind: scalar, optional: true },
  { name: 'blinding', kind: scalar, optional: true },
];
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
      {
        name: 'proof',
        kind: {
          t: 'record',
          of: [
            { name: 'commitment', kind: point },
            { name: 'response', kind: scalar },
          ],
        },
        optional: true,
      },
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
  reconstruction: { code: 8, private: false, fields: [{ name: 'shares', kind: { t: 'list', of: revealedFields } }] },
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
    ],
  },
};

const TYPES = Object.keys(SCHEMAS) as DkgMessageType[];
const MAX_LIST = 0xffff;

/** True for messages addressed to one recipient. */
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
      return value.map((v, i) => bytesOf(v, `${where}[${i}]`, 48));
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
 * @example
 * ```ts
 * import { encodeMessageJson, decodeMessageJson } from 'dvt-bls/dkg';
 * // const text = encodeMessageJson(message); decodeMessageJson(text) deep-equals message
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
 * import { decodeMessageJson } from 'dvt-bls/dkg';
 * // const message = decodeMessageJson(await response.text());
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

class Writer {
  private chunks: Uint8Array[] = [];
  u8(v: number): void {
    this.chunks.push(Uint8Array.of(v));
  }
  u16(v: number): void {
    this.chunks.push(Uint8Array.of(v >> 8, v & 0xff));
  }
  id(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v));
    this.chunks.push(b);
  }
  bytes(b: Uint8Array): void {
    this.chunks.push(Uint8Array.from(b));
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

class Reader {
  private off = 0;
  constructor(private readonly data: Uint8Array) {}
  private take(n: number, what: string): Uint8Array {
    if (this.off + n > this.data.length) fail(`truncated at ${what}`);
    const out = this.data.slice(this.off, this.off + n);
    this.off += n;
    return out;
  }
  u8(what: string): number {
    return this.take(1, what)[0] as number;
  }
  u16(what: string): number {
    const b = this.take(2, what);
    return ((b[0] as number) << 8) | (b[1] as number);
  }
  id(what: string): number {
    const v = new DataView(this.take(8, what).buffer).getBigUint64(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what}: id too large`);
    return checkId(Number(v), what);
  }
  bytes(n: number, what: string): Uint8Array {
    return this.take(n, what);
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
      return Array.from({ length: n }, (_, i) => r.bytes(48, `${where}[${i}]`));
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
 * @example
 * ```ts
 * import { encodeMessageBinary, decodeMessageBinary } from 'dvt-bls/dkg';
 * // const bytes = encodeMessageBinary(message); decodeMessageBinary(bytes) deep-equals message
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
 * import { decodeMessageBinary } from 'dvt-bls/dkg';
 * // const message = decodeMessageBinary(new Uint8Array(await response.arrayBuffer()));
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
}
