/**
 * An in-memory network for DKG ceremonies, with fault injection.
 *
 * `runNetwork` drives every participant in lockstep, as `runCeremony` (src/dkg/local.ts) does:
 * in round r each participant still running calls the step of its phase (`advance`) with what was
 * delivered to it for round r, and what it sends is delivered for round r + 1. Round r is the
 * sender's step index: 0 = deal, 1 = respond, 2 = justify, 3 = finalize (Joint-Feldman) or
 * qualify (Pedersen), ... (see `STEPS`).
 *
 * Every message a participant emits is recorded in `emitted` BEFORE any fault touches it (what an
 * honest implementation of that participant sent: the tests recompute expected outputs from it).
 * Then, per (sender, recipient, round), faults apply in this order:
 * 1. the sender's own misbehaviour (`wrong-share`, `wrong-commitment`, `malformed-commitments`,
 *    `bad-proof`, `equivocate`, `silent`, `bad-reveal`, `alter`): a faulty dealer is a correct
 *    state machine whose outgoing messages are altered, so it keeps following the protocol
 *    otherwise (it justifies honestly unless told not to). Its own view necessarily differs from
 *    what it made the others see, so by default it sends a copy of an honest participant's
 *    transcript (`faultyTranscripts`: 'mimic'), as a dealer covering its tracks would;
 * 2. the network's faults (`drop`, `delay`, `duplicate`, `corrupt`), by selector;
 * 3. `replay` adds messages from another ceremony, and `reorder` shuffles each inbox.
 * Randomness (corrupted offsets, shuffles) comes from the run's seed, so a run is reproducible.
 *
 * With encryption keys, deals travel sealed inside the deal broadcast and every broadcast carries
 * authentication tags. A faulty dealer holds its own keys, so its altered broadcasts are tagged
 * again (`retagged`) and its wrong shares sealed again: they arrive authenticated, as a real
 * cheater's would, and the same to everyone. A network fault that alters a broadcast breaks its
 * tags instead: the recipient drops it as unauthenticated.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DkgBroadcast, DkgConfig, DkgMessage, DkgMessageType, DkgResult, DvtBls, EncryptionKeyPair, SealedDeal } from '../../src/index';
import { DvtBlsError, decodeMessageBinary, encodeMessageBinary, generateEncryptionKeyPair, isPrivateMessage } from '../../src/index';
import { broadcastKey, broadcastTag, openDeal, pairSecret, sealDeal, type SealContext } from '../../src/dkg/encryption';
import type { DkgParticipantBase } from '../../src/dkg/participant';
import { fromHex, hex, seededRandomBytes } from './rng';

/** BLS12-381 group order r, written out so the harness does not take it from the code under test. */
export const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/** The two DKG protocols (the lifecycle protocols are tested in lifecycle.test.ts). */
export type DkgProtocol = DkgConfig['protocol'];

/** The steps of each protocol, in round order. */
export const STEPS: Record<DkgProtocol, readonly string[]> = {
  'joint-feldman': ['deal', 'respond', 'justify', 'finalize', 'complete'],
  pedersen: ['deal', 'respond', 'justify', 'qualify', 'checkReveals', 'reconstruct', 'finalize', 'complete'],
};

export type Participant = DkgParticipantBase<unknown>;
type Ids = number | readonly number[];

/** Which messages a network fault applies to; an absent field matches everything. */
export interface Where {
  from?: Ids;
  to?: Ids;
  round?: Ids;
  type?: DkgMessageType | readonly DkgMessageType[];
}

/** A fault: network faults by selector, misbehaviours by dealer. */
export type Fault =
  | ({ kind: 'drop' } & Where)
  /** Delivered one round later: the recipient rejects it as not expected in that phase. */
  | ({ kind: 'delay' } & Where)
  | ({ kind: 'duplicate' } & Where)
  /** Flips one byte of the binary encoding (`offset`, negative from the end; default a seeded random one). */
  | ({ kind: 'corrupt'; offset?: number } & Where)
  /** Shuffles the inboxes of `to` (default all) every round. */
  | { kind: 'reorder'; to?: Ids }
  /** Adds `messages` (from another ceremony) to the inboxes of `to` (default all) in `round`. */
  | { kind: 'replay'; round: number; to?: Ids; messages: readonly DkgMessage[] }
  /** The dealer deals a wrong share to `to`; then justifies honestly, with wrong shares, or not at all. */
  | { kind: 'wrong-share'; dealer: number; to: Ids; justification?: 'honest' | 'wrong' | 'none' }
  /** The dealer broadcasts (to everyone alike) commitment `index` (default the last) moved by G. */
  | { kind: 'wrong-commitment'; dealer: number; index?: number }
  /** The dealer broadcasts one commitment too few (or, with `badPoint`, bytes that are no point). */
  | { kind: 'malformed-commitments'; dealer: number; badPoint?: boolean }
  /** Joint-Feldman: the dealer's proof of possession does not verify. */
  | { kind: 'bad-proof'; dealer: number }
  /** The dealer sends `to` a different deal broadcast (last commitment moved by G) than everyone else. */
  | { kind: 'equivocate'; dealer: number; to: Ids; alsoOriginal?: boolean }
  /**
   * The dealer sends nothing from round `fromRound` on (default 0: nothing at all); with `to`,
   * nothing to those recipients only (a broadcast that reaches some participants only).
   */
  | { kind: 'silent'; dealer: number; fromRound?: number; to?: Ids }
  /** Pedersen: the dealer's Feldman reveal (to everyone alike) has its last commitment moved by G. */
  | { kind: 'bad-reveal'; dealer: number }
  /** The participant sends `alter(message)` instead of each message it emits of `type` (to everyone alike). */
  | { kind: 'alter'; dealer: number; type: DkgMessageType; alter: (message: DkgMessage) => DkgMessage };

/** The dealers a fault makes deviate from the protocol (network faults make nobody faulty). */
export function faultyDealerOf(fault: Fault): number | undefined {
  return 'dealer' in fault ? fault.dealer : undefined;
}

export interface CeremonyOptions {
  api: DvtBls;
  protocol: DkgProtocol;
  threshold: number;
  /** Ids (default 1..n). */
  ids?: readonly number[];
  n?: number;
  /** Seeds the participants' randomness, the session and the network's choices. */
  seed?: string;
  session?: Uint8Array;
  /** Seal deals with X25519 keys. */
  encrypted?: boolean;
}

export interface Ceremony {
  protocol: DkgProtocol;
  ids: number[];
  threshold: number;
  session: Uint8Array;
  seed: string;
  keys: Map<number, EncryptionKeyPair> | undefined;
  participants: Map<number, Participant>;
}

/** Fresh participants for one ceremony (deterministic in `seed`). */
export function makeCeremony(o: CeremonyOptions): Ceremony {
  const ids = [...(o.ids ?? Array.from({ length: o.n ?? 4 }, (_, i) => i + 1))];
  const seed = o.seed ?? 'dkg';
  const session = o.session ?? sha256(new TextEncoder().encode(`session/${seed}`));
  const keys = o.encrypted ? new Map(ids.map((id) => [id, generateEncryptionKeyPair(seededRandomBytes(`${seed}/x25519/${id}`))])) : undefined;
  const peers = ids.map((id) => (keys ? { id, encryptionKey: (keys.get(id) as EncryptionKeyPair).publicKey } : { id }));
  const participants = new Map<number, Participant>(
    ids.map((self) => [
      self,
      o.api.createDkgParticipant({
        protocol: o.protocol,
        self,
        participants: peers,
        threshold: o.threshold,
        session,
        randomBytes: seededRandomBytes(`${seed}/participant/${self}`),
        ...(keys ? { encryptionSecretKey: (keys.get(self) as EncryptionKeyPair).secretKey } : {}),
      }) as unknown as Participant,
    ])
  );
  return { protocol: o.protocol, ids, threshold: o.threshold, session, seed, keys, participants };
}

export interface Emitted {
  round: number;
  message: DkgMessage;
}

export interface NetworkRun extends Ceremony {
  /** Each participant's result or the error it ended with. */
  outcomes: Map<number, DkgResult | DvtBlsError>;
  /** Every message as its sender produced it, before any fault. */
  emitted: Emitted[];
  /** What each participant was handed, per round (after faults). */
  delivered: Map<number, unknown[][]>;
  /** The dealers the faults made deviate. */
  faulty: Set<number>;
  /** Participants not made faulty by a fault. */
  honest: number[];
}

const asSet = (ids: Ids | undefined): Set<number> | undefined =>
  ids === undefined ? undefined : new Set(typeof ids === 'number' ? [ids] : ids);

function matches(w: Where, sender: number, recipient: number, round: number, type: DkgMessageType): boolean {
  const has = (ids: Ids | undefined, x: number): boolean => asSet(ids)?.has(x) ?? true;
  const types = w.type === undefined ? undefined : typeof w.type === 'string' ? [w.type] : w.type;
  return has(w.from, sender) && has(w.to, recipient) && has(w.round, round) && (types?.includes(type) ?? true);
}

// ---- Point and scalar tweaks (noble, independent of the backend under test) ----------------------

const G1 = bls12_381.G1.Point;

/** A point (e.g. a result's compressed commitment) as commitments travel: uncompressed. */
export function asCommitment(point: Uint8Array): Uint8Array {
  return G1.fromBytes(point).toBytes(false);
}

/** The point P + G. */
export function movedByG(point: Uint8Array): Uint8Array {
  // In P's own encoding: commitments travel uncompressed, single points compressed.
  return G1.fromBytes(point).add(G1.BASE).toBytes(point.length === 48);
}

export const scalarOf = (b: Uint8Array): bigint => BigInt(`0x${hex(b) || '0'}`);
export const scalarBytes = (x: bigint): Uint8Array => fromHex(x.toString(16).padStart(64, '0'));
/** The scalar s + 1 mod r. */
export const plusOne = (b: Uint8Array): Uint8Array => scalarBytes((scalarOf(b) + 1n) % R);

/** Σ of G1 points in either encoding (noble), compressed. */
export function sumPoints(points: readonly Uint8Array[]): Uint8Array {
  return points.reduce((acc, p) => acc.add(G1.fromBytes(p)), G1.ZERO).toBytes(true);
}

// ---- Sealed deals ------------------------------------------------------------------------------

const idBytes = (id: number): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(id));
  return out;
};
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** What carries a sealed value: a deal broadcast (round 1), or a private message (repair's last round). */
export type Carrier = 'deal-broadcast' | 'encrypted-deal';

/** The sealing context of a deal from `sender` to `recipient`, as participants build it. */
export function sealContextOf(c: Pick<Ceremony, 'protocol' | 'session' | 'keys'>, sender: number, recipient: number, carrier: Carrier = 'deal-broadcast'): SealContext {
  const keys = c.keys as Map<number, EncryptionKeyPair>;
  return {
    protocol: c.protocol,
    session: c.session,
    senderId: sender,
    senderPublicKey: (keys.get(sender) as EncryptionKeyPair).publicKey,
    recipientId: recipient,
    recipientPublicKey: (keys.get(recipient) as EncryptionKeyPair).publicKey,
    header: concat(Uint8Array.of(1), new TextEncoder().encode(`${c.protocol}/${carrier}`), c.session, idBytes(sender), idBytes(recipient)),
  };
}

const keyOf = (c: Pick<Ceremony, 'keys'>, id: number): EncryptionKeyPair => (c.keys as Map<number, EncryptionKeyPair>).get(id) as EncryptionKeyPair;

/** Opens a sealed value from `sender` to `recipient` with the recipient's keys. */
export function openSealed(
  c: Pick<Ceremony, 'protocol' | 'session' | 'keys'>,
  sender: number,
  recipient: number,
  sealed: { ephemeralKey: Uint8Array; ciphertext: Uint8Array },
  carrier: Carrier = 'deal-broadcast'
): Uint8Array {
  const secret = keyOf(c, recipient).secretKey;
  return openDeal(sealed.ephemeralKey, sealed.ciphertext, secret, pairSecret(secret, keyOf(c, sender).publicKey), sealContextOf(c, sender, recipient, carrier));
}

/** Seals `plaintext` from `sender` to `recipient` with the sender's keys (seeded: the same every time). */
export function sealFrom(c: Ceremony, sender: number, recipient: number, plaintext: Uint8Array, carrier: Carrier = 'deal-broadcast'): { ephemeralKey: Uint8Array; ciphertext: Uint8Array } {
  const secret = keyOf(c, sender).secretKey;
  return sealDeal(
    plaintext,
    pairSecret(secret, keyOf(c, recipient).publicKey),
    sealContextOf(c, sender, recipient, carrier),
    seededRandomBytes(`${c.seed}/reseal/${sender}/${recipient}`)
  );
}

/**
 * The (share, blinding) dealt to `recipient`: a deal in the clear, the recipient's sealed entry of a
 * deal broadcast, or a sealed private message.
 */
export function openDealOf(c: Pick<Ceremony, 'protocol' | 'session' | 'keys'>, m: DkgMessage, recipient?: number): { share: Uint8Array; blinding?: Uint8Array } {
  if (m.type === 'deal') return m.blinding ? { share: m.share, blinding: m.blinding } : { share: m.share };
  let plain: Uint8Array;
  if (m.type === 'deal-broadcast') {
    const entry = m.sealed?.find((d) => d.recipient === recipient);
    if (entry === undefined) throw new Error(`no sealed deal for ${recipient}`);
    plain = openSealed(c, m.sender, entry.recipient, entry);
  } else if (m.type === 'encrypted-deal') plain = openSealed(c, m.sender, m.recipient, m, 'encrypted-deal');
  else throw new Error(`not a deal: ${m.type}`);
  return plain.length === 64 ? { share: plain.slice(0, 32), blinding: plain.slice(32) } : { share: plain.slice(0, 32) };
}

/** The broadcast's tags recomputed by its sender (who holds its keys) over its current content. */
export function retagged<M extends DkgBroadcast>(c: Pick<Ceremony, 'protocol' | 'session' | 'keys'>, m: M): M {
  if (c.keys === undefined || m.tags === undefined) return m;
  const { tags, ...content } = m;
  const digest = sha256(encodeMessageBinary(content as unknown as DkgMessage));
  const sender = { id: m.sender, publicKey: keyOf(c, m.sender).publicKey };
  return {
    ...content,
    tags: tags.map(({ recipient }) => {
      const key = broadcastKey(pairSecret(keyOf(c, m.sender).secretKey, keyOf(c, recipient).publicKey), c.protocol, c.session, sender, {
        id: recipient,
        publicKey: keyOf(c, recipient).publicKey,
      });
      return { recipient, tag: broadcastTag(key, m.sender, recipient, digest) };
    }),
  } as M;
}

/**
 * Deals with their share replaced by share + 1 for the recipients in `to`: a private deal in the
 * clear, or the recipients' sealed entries of a deal broadcast (sealed again by the dealer).
 */
function withWrongShare(c: Ceremony, m: DkgMessage, to: Set<number>, recipient: number): DkgMessage {
  if (m.type === 'deal') return to.has(recipient) ? { ...m, share: plusOne(m.share) } : m;
  if (m.type !== 'deal-broadcast' || m.sealed === undefined) return m;
  const sealed = m.sealed.map((d): SealedDeal => {
    if (!to.has(d.recipient)) return d;
    const { share, blinding } = openDealOf(c, m, d.recipient);
    return { recipient: d.recipient, ...sealFrom(c, m.sender, d.recipient, concat(plusOne(share), blinding ?? new Uint8Array(0))) };
  });
  return { ...m, sealed };
}

// ---- The network -------------------------------------------------------------------------------

/** The dealer's misbehaviour, applied to one message for one recipient; null drops it. */
function misbehave(c: Ceremony, faults: readonly Fault[], m: DkgMessage, recipient: number, round: number): DkgMessage | DkgMessage[] | null {
  let out: DkgMessage = m;
  for (const f of faults) {
    if (!('dealer' in f) || f.dealer !== m.sender) continue;
    switch (f.kind) {
      case 'silent':
        if (round >= (f.fromRound ?? 0) && (asSet(f.to)?.has(recipient) ?? true)) return null;
        break;
      case 'wrong-share':
        out = withWrongShare(c, out, asSet(f.to) as Set<number>, recipient);
        if (out.type === 'justification') {
          if (f.justification === 'none') return null;
          if (f.justification === 'wrong') out = { ...out, shares: out.shares.map((s) => ({ ...s, share: plusOne(s.share) })) };
        }
        break;
      case 'wrong-commitment':
        if (out.type === 'deal-broadcast') {
          const k = f.index ?? out.commitments.length - 1;
          out = { ...out, commitments: out.commitments.map((p, i) => (i === k ? movedByG(p) : p)) };
        }
        break;
      case 'malformed-commitments':
        if (out.type === 'deal-broadcast') {
          out = f.badPoint
            ? // 96 bytes, no flags, x above p: no point.
              { ...out, commitments: out.commitments.map((p, i) => (i === 0 ? Uint8Array.from(p, (_, j) => (j === 0 ? 0x1f : 0xff)) : p)) }
            : { ...out, commitments: out.commitments.slice(1) };
        }
        break;
      case 'bad-proof':
        if (out.type === 'deal-broadcast' && out.proof) out = { ...out, proof: { ...out.proof, response: plusOne(out.proof.response) } };
        break;
      case 'equivocate':
        if (out.type === 'deal-broadcast' && asSet(f.to)?.has(recipient)) {
          const last = out.commitments.length - 1;
          const other: DkgMessage = retagged(c, { ...out, commitments: out.commitments.map((p, i) => (i === last ? movedByG(p) : p)) });
          return f.alsoOriginal ? [retagged(c, out), other] : other;
        }
        break;
      case 'alter':
        if (out.type === f.type) out = f.alter(out);
        break;
      case 'bad-reveal':
        if (out.type === 'feldman-reveal') {
          const last = out.commitments.length - 1;
          out = { ...out, commitments: out.commitments.map((p, i) => (i === last ? movedByG(p) : p)) };
        }
        break;
    }
  }
  // The dealer tags what it sends itself, so its alterations arrive authenticated.
  return out === m || isPrivateMessage(out) ? out : retagged(c, out);
}

/**
 * A message with one byte of its binary encoding flipped, decoded again; if that no longer
 * decodes, a structurally broken object with the original header and the corrupted bytes in
 * place of the payload.
 */
export function corrupt(m: DkgMessage, offset: number): unknown {
  let bytes: Uint8Array;
  try {
    bytes = encodeMessageBinary(m);
  } catch {
    return m; // already broken (corrupted twice)
  }
  const at = ((offset % bytes.length) + bytes.length) % bytes.length;
  bytes[at] = (bytes[at] as number) ^ 0x5a;
  try {
    return decodeMessageBinary(bytes);
  } catch {
    const { version, protocol, type, session, sender } = m;
    return { version, protocol, type, session, sender, ...(isPrivateMessage(m) ? { recipient: m.recipient } : {}), corrupted: bytes };
  }
}

/** A seeded integer generator for the network's own choices. */
function seededInts(seed: string): (bound: number) => number {
  const bytes = seededRandomBytes(seed);
  return (bound) => new DataView(bytes(4).buffer).getUint32(0) % bound;
}

export interface NetworkOptions extends CeremonyOptions {
  faults?: readonly Fault[];
  /** Participants to use (default: `makeCeremony(options)`). */
  ceremony?: Ceremony;
  /**
   * The transcript a faulty dealer sends: 'mimic' (default) the first honest participant's,
   * re-signed as its own, so it hides its own view (which necessarily differs from what it made
   * the others see); 'own' its own (everyone then aborts naming it); 'omit' none.
   */
  faultyTranscripts?: 'mimic' | 'own' | 'omit';
}

/** Runs a ceremony over the in-memory network with `faults`. */
export function runNetwork(options: NetworkOptions): NetworkRun {
  const c = options.ceremony ?? makeCeremony(options);
  const faults = options.faults ?? [];
  const rand = seededInts(`${c.seed}/network`);
  const outcomes = new Map<number, DkgResult | DvtBlsError>();
  const emitted: Emitted[] = [];
  const delivered = new Map<number, unknown[][]>(c.ids.map((id) => [id, []]));
  /** inboxes[round][recipient] */
  const inboxes: Map<number, unknown[]>[] = [];
  const inbox = (round: number, id: number): unknown[] => {
    inboxes[round] ??= new Map();
    const byId = inboxes[round] as Map<number, unknown[]>;
    if (!byId.has(id)) byId.set(id, []);
    return byId.get(id) as unknown[];
  };
  const faulty = new Set(faults.map(faultyDealerOf).filter((d): d is number => d !== undefined));
  const honest = c.ids.filter((id) => !faulty.has(id));
  const faultyTranscripts = options.faultyTranscripts ?? 'mimic';
  for (let round = 0; outcomes.size < c.ids.length; round++) {
    if (round > 20) throw new Error('runNetwork: the ceremony does not end');
    for (const f of faults) if (f.kind === 'replay' && f.round === round) for (const id of c.ids) if (asSet(f.to)?.has(id) ?? true) inbox(round, id).push(...f.messages);
    for (const f of faults) {
      if (f.kind !== 'reorder') continue;
      for (const id of c.ids) {
        if (!(asSet(f.to)?.has(id) ?? true)) continue;
        const box = inbox(round, id);
        for (let i = box.length - 1; i > 0; i--) {
          const j = rand(i + 1);
          [box[i], box[j]] = [box[j], box[i]];
        }
      }
    }
    const sent: Emitted[] = [];
    for (const id of c.ids) {
      if (outcomes.has(id)) continue;
      const p = c.participants.get(id) as Participant;
      const given = [...inbox(round, id)];
      (delivered.get(id) as unknown[][])[round] = given;
      try {
        const { messages, result } = p.advance(given as DkgMessage[]);
        for (const message of messages) sent.push({ round, message });
        if (result !== undefined) outcomes.set(id, result);
      } catch (e) {
        if (!(e instanceof DvtBlsError)) throw e;
        outcomes.set(id, e);
      }
    }
    emitted.push(...sent);
    const honestTranscript = sent.find((e) => e.message.type === 'transcript' && !faulty.has(e.message.sender))?.message;
    for (const { message: original } of sent) {
      let message = original;
      if (message.type === 'transcript' && faulty.has(message.sender) && faultyTranscripts !== 'own') {
        if (faultyTranscripts === 'omit' || honestTranscript === undefined) continue;
        message = { ...(honestTranscript as typeof message), sender: message.sender };
      }
      const recipients = isPrivateMessage(message) ? [message.recipient] : c.ids.filter((id) => id !== message.sender);
      for (const recipient of recipients) {
        const altered = misbehave(c, faults, message, recipient, round);
        if (altered === null) continue;
        for (const m of Array.isArray(altered) ? altered : [altered]) {
          let copies: unknown[] = [m];
          let at = round + 1;
          for (const f of faults) {
            if (!('kind' in f) || !['drop', 'delay', 'duplicate', 'corrupt'].includes(f.kind)) continue;
            if (!matches(f as Where, message.sender, recipient, round, message.type)) continue;
            if (f.kind === 'drop') copies = [];
            else if (f.kind === 'delay') at = round + 2;
            else if (f.kind === 'duplicate') copies = copies.flatMap((x) => [x, x]);
            else if (f.kind === 'corrupt') copies = copies.map((x) => corrupt(x as DkgMessage, f.offset ?? rand(1 << 20)));
          }
          inbox(at, recipient).push(...copies);
        }
      }
    }
  }
  return { ...c, outcomes, emitted, delivered, faulty, honest };
}

// ---- Reading outcomes --------------------------------------------------------------------------

/** A result as comparable text: everything but the participant's own share. */
export function fingerprint(outcome: DkgResult | DvtBlsError | undefined): string {
  if (outcome === undefined) return 'none';
  if (outcome instanceof DvtBlsError) return `${outcome.code} [${outcome.culprits.join(',')}]`;
  const { share: _share, ...rest } = outcome;
  return JSON.stringify(rest, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
}

/** The outcome every honest participant reached; throws if they differ. */
export function agreedOutcome(run: NetworkRun, among: readonly number[] = run.honest): DkgResult | DvtBlsError {
  const prints = among.map((id) => fingerprint(run.outcomes.get(id)));
  const distinct = [...new Set(prints)];
  if (distinct.length !== 1) {
    throw new Error(`participants disagree:\n${among.map((id, i) => `  ${id}: ${(prints[i] as string).slice(0, 300)}`).join('\n')}`);
  }
  return run.outcomes.get(among[0] as number) as DkgResult | DvtBlsError;
}

/** The result of participant `id`, or throws with its error. */
export function resultOf(run: NetworkRun, id: number): DkgResult {
  const o = run.outcomes.get(id);
  if (o === undefined || o instanceof Error) throw new Error(`participant ${id}: ${o === undefined ? 'no outcome' : `${o.code}: ${o.message}`}`);
  return o;
}

/** Messages emitted by `sender` of `type` (before faults). */
export function emittedBy<T extends DkgMessageType>(run: Pick<NetworkRun, 'emitted'>, sender: number, type: T): Extract<DkgMessage, { type: T }>[] {
  return run.emitted.filter((e) => e.message.sender === sender && e.message.type === type).map((e) => e.message as Extract<DkgMessage, { type: T }>);
}

/**
 * The group key expected from the emitted messages: Σ over `qualified` of each dealer's
 * constant-term commitment a_0·G as it emitted it (Joint-Feldman: its deal broadcast's C_0;
 * Pedersen: its Feldman reveal's A_0, which a faulty dealer may have altered in transit).
 */
export function expectedGroupKey(run: NetworkRun, qualified: readonly number[]): string {
  const constantTerm = (d: number): Uint8Array => {
    const m = run.protocol === 'pedersen' ? emittedBy(run, d, 'feldman-reveal')[0] : emittedBy(run, d, 'deal-broadcast')[0];
    if (m === undefined) throw new Error(`dealer ${d} emitted no constant-term commitment`);
    return m.commitments[0] as Uint8Array;
  };
  return hex(sumPoints(qualified.map(constantTerm)));
}

/** All messages a clean ceremony emits, by round (for replay into another session). */
export function cleanMessages(options: CeremonyOptions): Emitted[] {
  return runNetwork(options).emitted;
}

// ---- Checking outcomes -------------------------------------------------------------------------

/**
 * Checks that every participant in `among` (default: the honest ones) finished with the same
 * result, and that the result is right: each share verifies against the commitments and matches
 * its public key share, the group key is the sum of the qualified dealers' constant terms as
 * they emitted them, and `t` of the shares (those of `signers`, default the first t) threshold-sign
 * a message that verifies under the group key. Throws (an Error saying what is wrong) otherwise.
 * @returns The agreed result.
 */
export function checkSuccess(api: DvtBls, run: NetworkRun, options: { among?: readonly number[]; signers?: readonly number[] } = {}): DkgResult {
  const among = options.among ?? run.honest;
  const agreed = agreedOutcome(run, among);
  if (agreed instanceof Error) throw new Error(`expected success, got ${agreed.code} [${agreed.culprits.join(',')}]: ${agreed.message}`);
  const expectedKey = expectedGroupKey(run, agreed.qualified);
  if (hex(agreed.groupPublicKey) !== expectedKey) throw new Error(`group key ${hex(agreed.groupPublicKey)} is not the sum of the qualified constant terms ${expectedKey}`);
  if (hex(agreed.commitments[0] as Uint8Array) !== expectedKey) throw new Error('commitments[0] is not the group key');
  if (agreed.commitments.length !== run.threshold) throw new Error(`${agreed.commitments.length} commitments, threshold ${run.threshold}`);
  if (agreed.transcriptHash.length !== 32) throw new Error('transcript hash: not 32 bytes');
  const pkShares = new Map(agreed.publicKeyShares.map((p) => [p.id, hex(p.publicKey)]));
  if (JSON.stringify([...pkShares.keys()]) !== JSON.stringify(run.ids)) throw new Error('public key shares: not one per participant');
  for (const id of among) {
    const r = resultOf(run, id);
    if (r.share.id !== id) throw new Error(`participant ${id}: share id ${r.share.id}`);
    if (!api.verifyShare(r.share, r.commitments)) throw new Error(`participant ${id}: its share does not verify against the commitments`);
    if (hex(api.getPublicKey(r.share.secretKey)) !== pkShares.get(id)) throw new Error(`participant ${id}: share and public key share differ`);
  }
  const signers = (options.signers ?? among).slice(0, run.threshold);
  if (signers.length < run.threshold) throw new Error(`only ${signers.length} signers, threshold ${run.threshold}`);
  const message = new TextEncoder().encode(`dkg ${run.seed}`);
  const partials = signers.map((id) => api.partialSign(resultOf(run, id).share, message));
  for (const p of partials) {
    if (!api.verifyPartial(fromHex(pkShares.get(p.id) as string), message, p)) {
      throw new Error(`participant ${p.id}: its partial signature does not verify under its public key share`);
    }
  }
  if (!api.verify(agreed.groupPublicKey, message, api.combineSignatures(partials))) throw new Error('the threshold signature does not verify under the group key');
  return agreed;
}

/** Checks that every participant in `among` (default: the honest ones) failed alike; returns the error. */
export function checkFailure(run: NetworkRun, among: readonly number[] = run.honest): DvtBlsError {
  const agreed = agreedOutcome(run, among);
  if (!(agreed instanceof DvtBlsError)) throw new Error(`expected a failure, got a result (qualified ${agreed.qualified.join(',')})`);
  return agreed;
}
