/**
 * What both DKG protocols share: configuration, the phase machine, intake of messages (session,
 * sender, recipient, duplicates, equivocation), private deals in the clear or sealed, batch
 * verification of received shares, the transcript and the final result.
 *
 * Networking is the caller's: every step takes the messages received for that phase (in any order,
 * duplicates allowed) and returns the messages to send. What has not arrived when the caller calls
 * the next step is missing: the phase deadline is the caller's.
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { Backend } from '../backend/types';
import { defaultRandomBytes, drawRandomBytes, equalBytes, isBytes, redactSecret, toHex, uint64BE, wipe, type RandomBytes } from '../bytes';
import { DvtBlsError } from '../errors';
import { CURVE_ORDER, Fr, hashToScalar, randomNonZeroScalar, scalarFromBytes, scalarToBytes } from '../field/scalar';
import { evaluatePolynomial } from '../field/polynomial';
import { confirmedEvaluations, evaluateCommitments } from '../sharing/feldman';
import { broadcastKey, broadcastTag, openDeal, pairSecret, sealDeal, type SealContext } from './encryption';
import {
  DKG_MESSAGE_VERSION,
  type DealBroadcast as DealBroadcastMessage,
  type DealBroadcast,
  type JustificationBroadcast as JustificationMessage,
  type ResponseBroadcast as ResponseMessage,
  type Complaint as ResponseComplaint,
  type RevealedShare as RevealedShareData,
  decodeMessageBinary,
  encodeMessageBinary,
  isPrivateMessage,
  type DkgBroadcast,
  type DkgMessage,
  type DkgMessageType,
  type DkgPrivateMessage,
  type DkgProtocol,
  type SealedDeal,
  type TranscriptBroadcast,
} from './messages';

/**
 * One participant as every participant knows it: its id and, when deals are sealed, its X25519
 * public key. Every participant gets the same list.
 * @example
 * ```ts
 * import { generateEncryptionKeyPair, type DkgPeer } from 'dvt-bls';
 * const peers: DkgPeer[] = [1, 2, 3].map((id) => ({ id, encryptionKey: generateEncryptionKeyPair().publicKey }));
 * ```
 */
export interface DkgPeer {
  /** Share id, an integer >= 1 (x = id, as everywhere in dvt-bls). */
  id: number;
  /** 32-byte X25519 public key; when every peer has one, deals travel sealed. */
  encryptionKey?: Uint8Array;
}

/**
 * Configuration of one DKG participant (for `createDkgParticipant`).
 * @example
 * ```ts
 * import { createDkgParticipant, generateEncryptionKeyPair, type DkgConfig } from 'dvt-bls';
 * const mine = generateEncryptionKeyPair();
 * const others = [generateEncryptionKeyPair(), generateEncryptionKeyPair()]; // their public keys, in practice
 * const config: DkgConfig = {
 *   protocol: 'pedersen',
 *   self: 1,
 *   participants: [mine, ...others].map((k, i) => ({ id: i + 1, encryptionKey: k.publicKey })),
 *   threshold: 2,
 *   session: crypto.getRandomValues(new Uint8Array(32)), // agreed by all, fresh per ceremony
 *   encryptionSecretKey: mine.secretKey,
 * };
 * const participant = createDkgParticipant(config);
 * ```
 */
export interface DkgConfig {
  /** 'joint-feldman' (with proofs of possession) or 'pedersen' (GJKR, resistant to key bias). */
  protocol: 'joint-feldman' | 'pedersen';
  /** This participant's id. */
  self: number;
  /** Every participant, this one included (the same list on every participant). */
  participants: readonly DkgPeer[];
  /** t: shares needed to sign, 1 <= t <= n. */
  threshold: number;
  /** 32 bytes naming this ceremony, the same for all and never reused. */
  session: Uint8Array;
  /**
   * This participant's X25519 secret key: required exactly when the participants have
   * encryption keys, and must be the one behind this participant's own listed key.
   */
  encryptionSecretKey?: Uint8Array;
  /** Injected randomness (default: the platform CSPRNG). */
  randomBytes?: RandomBytes;
}

/**
 * Why a dealer was left out of the qualified set:
 * - `'silent'`: no deal broadcast arrived by the end of round 1;
 * - `'malformed-commitments'`: not t commitments, or bytes that are not points of the group;
 * - `'invalid-proof'`: a Joint-Feldman proof of possession that does not verify;
 * - `'equivocation'`: two different broadcasts of one type reached this participant;
 * - `'unanswered-complaint'`: no justification for a complaint against it;
 * - `'invalid-justification'`: a published share that does not match its commitments;
 * - `'wrong-constant-term'`, `'inconsistent-pieces'`: the lifecycle ceremonies (resharing,
 *   refresh, repair; see docs/lifecycle.md).
 * @example
 * ```ts
 * import type { DisqualificationReason, DkgResult } from 'dvt-bls';
 * const reasonOf = (result: DkgResult, dealer: number): DisqualificationReason | undefined =>
 *   result.disqualified.find((d) => d.id === dealer)?.reason;
 * ```
 */
export type DisqualificationReason =
  | 'silent'
  | 'malformed-commitments'
  | 'invalid-proof'
  | 'equivocation'
  | 'unanswered-complaint'
  | 'invalid-justification'
  | 'wrong-constant-term'
  | 'inconsistent-pieces';

/**
 * What every honest participant ends a ceremony with: the same everywhere except `share`.
 * @example
  * ```ts
 * import { createDkgParticipant, runCeremony } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = ids.map((self) =>
 *   createDkgParticipant({ protocol: 'pedersen', self, participants: ids.map((id) => ({ id })), threshold: 2, session })
 * );
 * const result = runCeremony(participants).get(1);
 * if (result instanceof Error) throw result;
 * // result.groupPublicKey: the validator key; result.share: participant 1's key share.
 * ```
 */
export interface DkgResult {
  /** The protocol run. */
  protocol: DkgProtocol;
  /** t: the number of shares that sign. */
  threshold: number;
  /** 48-byte group public key: the sum of the qualified dealers' constant-term commitments. */
  groupPublicKey: Uint8Array;
  /** Dealers whose sharings make up the key, ascending. */
  qualified: number[];
  /** Dealers left out, ascending by id. */
  disqualified: {
    /** The dealer. */
    id: number;
    /** Why it was left out. */
    reason: DisqualificationReason;
  }[];
  /** Feldman commitments of the group polynomial; `commitments[0]` is the group public key. */
  commitments: Uint8Array[];
  /** The public key share of every participant, ascending by id. */
  publicKeyShares: {
    /** The participant. */
    id: number;
    /** 48 bytes: its share times G (verifies its partial signatures). */
    publicKey: Uint8Array;
  }[];
  /** This participant's share (verifiable with `verifyShare(share, commitments)`). */
  share: {
    /** This participant's id. */
    id: number;
    /** 32-byte secret key share; prints as `<redacted>`. */
    secretKey: Uint8Array;
  };
  /** SHA-256 over the whole ceremony as this participant saw it; equal on every participant. */
  transcriptHash: Uint8Array;
}

/**
 * A message a participant dropped on intake, and why (for diagnostics: a dropped message is as
 * if it never came). Reasons: a `MALFORMED_MESSAGE` text, `'another protocol'`,
 * `'another session'`, `'unknown sender'`, `'claims to be from this participant'`,
 * `"not expected in phase '<step>'"` (late or early), `'addressed to another participant'`,
 * `'conflicting private messages'`, or equivocation.
 * @example
 * ```ts
 * import { createDkgParticipant, type RejectedMessage } from 'dvt-bls';
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = [{ id: 1 }, { id: 2 }];
 * const p1 = createDkgParticipant({ protocol: 'pedersen', self: 1, participants, threshold: 2, session });
 * const p2 = createDkgParticipant({ protocol: 'pedersen', self: 2, participants, threshold: 2, session: new Uint8Array(32) });
 * p1.deal();
 * p1.respond(p2.deal()); // from another session
 * const rejected: RejectedMessage[] = p1.rejected; // [{ sender: 2, type: 'deal-broadcast', reason: 'another session' }, ...]
 * ```
 */
export interface RejectedMessage {
  /** The claimed sender (-1 if there was none). */
  sender: number;
  /** The claimed type (`'unknown'` if there was none). */
  type: string;
  /** Why it was dropped. */
  reason: string;
}


/**
 * Below this id the batch share check evaluates each dealer's commitments at the id rather than
 * folding them per coefficient (`invalidShares`): around 8-bit ids a Horner step costs about what
 * one dealer's share of a 64-bit fold does (measured on the native backend at n = 64, t = 43:
 * evaluating is 35% cheaper at id 33, even at 200, 15% dearer at 255).
 */
const EVALUATE_EACH_BELOW = 256n;

/**
 * How `buildResult` combines the qualified dealers' sharings (default: plain sums).
 * @internal
 */
export interface CombineRule<G1> {
  /** Per-dealer weights (Lagrange coefficients over the old ids when resharing). */
  weights?: ReadonlyMap<number, bigint>;
  /** Added to the sums: the old commitments and share when refreshing. */
  base?: { commitments: readonly G1[]; share: bigint };
}

/**
 * A received share (and blinding) from one dealer.
 * @internal
 */
export interface ReceivedShare {
  /** f(id). */
  share: bigint;
  /** f'(id) (Pedersen). */
  blinding?: bigint;
}

/** The group commitments of a result, and the holder's public key share if it has a share. */
interface GroupPolynomial<G1> {
  commitments: G1[];
  own: G1 | undefined;
}

/**
 * What every ceremony participant has: the phase machine (`phase`, `advance`), its identity and
 * the diagnostics (`rejected`). The protocols subclass it with one method per step.
 * @typeParam G1 - The backend's G1 point handle.
 * @typeParam Result - What the last step returns.
 * @example
  * ```ts
 * import { createDkgParticipant, isPrivateMessage, type DkgMessage } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = ids.map((self) =>
 *   createDkgParticipant({ protocol: 'pedersen', self, participants: ids.map((id) => ({ id })), threshold: 2, session })
 * );
 * // Lockstep by hand: each round, every participant takes what was sent to it and sends more.
 * let inbox = new Map(ids.map((id) => [id, [] as DkgMessage[]]));
 * while (participants.some((p) => p.phase !== 'done')) {
 *   const sent = participants.flatMap((p) => p.advance(inbox.get(p.id)!).messages);
 *   inbox = new Map(ids.map((id) => [id, sent.filter((m) => m.sender !== id && (!isPrivateMessage(m) || m.recipient === id))]));
 * }
 * ```
 */
export abstract class DkgParticipantBase<G1, Result = DkgResult> {
  /** The protocol this participant runs. */
  readonly protocol: DkgProtocol;
  /** This participant's id. */
  readonly id: number;
  /** t. */
  readonly threshold: number;
  /** The 32-byte session id. */
  readonly session: Uint8Array;
  /** Every participant's id, ascending. */
  readonly participantIds: readonly number[];
  /** Messages dropped on intake, with the reason (for diagnostics). */
  readonly rejected: RejectedMessage[] = [];

  /**
   * The curve backend.
   * @internal
   */
  protected readonly backend: Backend<G1>;
  /**
   * Randomness for coefficients, proofs, batch weights and sealing.
   * @internal
   */
  protected readonly randomBytes: RandomBytes;
  /**
   * Every participant by id, with its encryption key if any.
   * @internal
   */
  protected readonly peers: ReadonlyMap<number, DkgPeer>;
  /**
   * Index of the current phase in `phases`.
   * @internal
   */
  protected phaseIndex = 0;
  /**
   * Broadcasts accepted so far, by type then sender (own included).
   * @internal
   */
  protected readonly broadcasts = new Map<DkgMessageType, Map<number, DkgBroadcast>>();
  /**
   * Senders caught sending two different broadcasts of one type.
   * @internal
   */
  protected readonly equivocators = new Set<number>();
  /**
   * Dealers left out so far, with the first reason found.
   * @internal
   */
  protected readonly disqualified = new Map<number, DisqualificationReason>();
  #encryptionSecretKey: Uint8Array | undefined;
  #generator: G1 | undefined;

  /**
   * The phases of the protocol, in order; `phase` is the current one.
   * @internal
   */
  protected abstract readonly phases: readonly string[];

  /**
   * True where the outputs are a plain sum of the dealers' commitments, so one subgroup check of
   * the sum can stand in for all (the DKGs); the lifecycle protocols check each dealer instead.
   * @internal
   */
  protected readonly deferSubgroupChecks: boolean = true;
  /**
   * Who deals (Joint-Feldman, Pedersen, refresh: everyone; resharing: the old holders).
   * @internal
   */
  protected readonly dealerIds: readonly number[];
  /**
   * Who receives shares (everyone, or the new holders when resharing).
   * @internal
   */
  protected readonly receiverIds: readonly number[];
  /**
   * How many qualified dealers the outputs need (t; the old threshold when resharing).
   * @internal
   */
  protected readonly requiredDealers: number;

  /**
   * Checks the configuration; `roles` narrows who deals and who receives (resharing).
   * @internal
   */
  protected constructor(
    backend: Backend<G1>,
    config: DkgConfig,
    protocol: DkgProtocol,
    roles: { dealers?: readonly number[]; receivers?: readonly number[]; requiredDealers?: number } = {}
  ) {
    const c = checkConfig(config, protocol, roles.receivers?.length);
    this.backend = backend;
    this.protocol = protocol;
    this.id = c.self;
    this.threshold = c.threshold;
    this.session = Uint8Array.from(c.session);
    this.participantIds = c.participants.map((p) => p.id).sort((a, b) => a - b);
    this.peers = new Map(c.participants.map((p) => [p.id, { ...p }]));
    this.randomBytes = c.randomBytes ?? defaultRandomBytes;
    this.#encryptionSecretKey = c.encryptionSecretKey && Uint8Array.from(c.encryptionSecretKey);
    this.dealerIds = [...(roles.dealers ?? this.participantIds)].sort((a, b) => a - b);
    this.receiverIds = [...(roles.receivers ?? this.participantIds)].sort((a, b) => a - b);
    this.requiredDealers = roles.requiredDealers ?? this.threshold;
  }

  /**
   * True if this participant receives a share.
   * @internal
   */
  protected get receives(): boolean {
    return this.receiverIds.includes(this.id);
  }

  /**
   * Calls the step of the current phase with the messages received for it: for drivers that move
   * every participant in lockstep (a relay, a local ceremony). Returns the messages to send, and
   * the result after the last step.
   * @param messages - What arrived for this phase (any order; duplicates and strays are fine).
   * @returns `messages`: what to send (broadcasts to all, private ones to their `recipient`);
   *   `result`: set by the last step.
   * @throws {@link DvtBlsError} WRONG_PHASE once the ceremony is over; whatever the step throws.
   */
  advance(messages: readonly DkgMessage[]): {
    /** What to send: broadcasts to all, private messages to their `recipient`. */
    messages: DkgMessage[];
    /** The outcome, once the last step has run. */
    result?: Result;
  } {
    const step = (this as unknown as Record<string, (m: readonly DkgMessage[]) => DkgMessage[] | Result>)[this.phase];
    if (typeof step !== 'function') throw new DvtBlsError('WRONG_PHASE', `advance: the ceremony is over (phase '${this.phase}')`);
    const out = step.call(this, messages);
    return Array.isArray(out) ? { messages: out } : { messages: [], result: out };
  }

  /** The current phase: the name of the next step to call, or 'done'. */
  get phase(): string {
    return this.phases[this.phaseIndex] ?? 'done';
  }

  /**
   * Throws WRONG_PHASE unless the machine is in `phase`; then moves it to the next phase.
   * @internal
   */
  protected enter(phase: string): void {
    if (this.phase !== phase) {
      throw new DvtBlsError('WRONG_PHASE', `${phase}: called in phase '${this.phase}' (expected order: ${this.phases.join(' → ')})`);
    }
    this.phaseIndex++;
  }

  /**
   * Stops the machine: a failed ceremony cannot be continued.
   * @internal
   */
  protected abort(error: DvtBlsError): never {
    this.phaseIndex = this.phases.length;
    throw error;
  }

  /** A DKG_FAILED held back by `deferFailure` until the transcripts are compared. */
  #deferredFailure: DvtBlsError | undefined;

  /**
   * Runs `step`; if it fails with DKG_FAILED, keeps the machine going and holds the error back
   * until `checkTranscripts`. A view can fall short (too few qualified dealers, group commitments
   * that cannot be rebuilt) because a broadcast was lost for this participant only; had it
   * stopped here, it would send no transcript, the others would finish without it and the
   * outcomes would differ. Sending its transcript instead makes every participant see the
   * difference and fail alike with TRANSCRIPT_MISMATCH naming the sender seen differently; when
   * every view is the same, every participant fails alike with the held-back DKG_FAILED.
   * @returns What `step` returned, or undefined if it failed so.
   * @internal
   */
  protected deferFailure<T>(step: () => T): T | undefined {
    const phaseIndex = this.phaseIndex;
    try {
      return step();
    } catch (e) {
      if (!(e instanceof DvtBlsError) || e.code !== 'DKG_FAILED') throw e;
      this.phaseIndex = phaseIndex;
      this.#deferredFailure ??= e;
      return undefined;
    }
  }

  /**
   * Dealers with accepted commitments not (yet) disqualified, for a view that fell short.
   * @internal
   */
  protected qualifiedSoFar(): number[] {
    return this.dealerIds.filter((d) => this.dealt.has(d) && !this.disqualified.has(d));
  }

  /**
   * The G1 generator as a backend point.
   * @internal
   */
  protected get generator(): G1 {
    this.#generator ??= this.backend.publicKeyFromSecret(scalarToBytes(1n));
    return this.#generator;
  }

  // ---- Messages out -----------------------------------------------------------------------

  /**
   * The header fields of a message of `type` from this participant.
   * @internal
   */
  protected header<T extends DkgMessageType>(type: T): { version: 1; protocol: DkgProtocol; type: T; session: Uint8Array; sender: number } {
    // A copy of the session: every message is the caller's to keep or change.
    return { version: DKG_MESSAGE_VERSION, protocol: this.protocol, type, session: this.session.slice(), sender: this.id };
  }

  /**
   * True when the participants have encryption keys: deals travel sealed inside the deal
   * broadcasts and every broadcast carries authentication tags.
   * @internal
   */
  protected get sealed(): boolean {
    return this.#encryptionSecretKey !== undefined;
  }

  /**
   * Records an own broadcast in the view (the caller need not echo it back) and returns it, with
   * a tag for every other participant when sealed. The view keeps its own decoded copy, so what
   * the caller later does to the returned object (annotate it, alter it) does not reach the view.
   * @internal
   */
  protected own<M extends DkgBroadcast>(message: M): M {
    const encoded = encodeMessageBinary(message);
    this.store(decodeMessageBinary(encoded) as DkgBroadcast, encoded);
    if (!this.sealed) return message;
    const digest = sha256(encoded);
    const tags = this.participantIds
      .filter((id) => id !== this.id)
      .map((recipient) => ({ recipient, tag: broadcastTag(this.#broadcastKey(recipient), this.id, recipient, digest) }));
    return { ...message, tags };
  }

  /**
   * The deal round's messages: the deal broadcast with `fields` and, per receiver, its value —
   * sealed inside the broadcast when sealed, else as a private deal in the clear.
   * @internal
   */
  protected dealMessages(fields: Pick<DealBroadcast, 'commitments' | 'proof'>, deals: readonly { recipient: number; value: ReceivedShare }[]): DkgMessage[] {
    if (!this.sealed) {
      return [this.own({ ...this.header('deal-broadcast'), ...fields }), ...deals.map((d) => this.privateDeal(d.recipient, d.value))];
    }
    const sealed: SealedDeal[] = [...deals]
      .sort((a, b) => a.recipient - b.recipient)
      .map((d) => ({ recipient: d.recipient, ...this.#seal('deal-broadcast', d.recipient, d.value) }));
    return [this.own({ ...this.header('deal-broadcast'), ...fields, sealed })];
  }

  /**
   * A value for `recipient` alone: sealed to it when sealed, else in the clear.
   * @internal
   */
  protected privateDeal(recipient: number, value: ReceivedShare): DkgPrivateMessage {
    if (this.sealed) return { ...this.header('encrypted-deal'), recipient, ...this.#seal('encrypted-deal', recipient, value) };
    return {
      ...this.header('deal'),
      recipient,
      share: scalarToBytes(value.share),
      ...(value.blinding === undefined ? {} : { blinding: scalarToBytes(value.blinding) }),
    };
  }

  #seal(carrier: DkgMessageType, recipient: number, value: ReceivedShare): { ephemeralKey: Uint8Array; ciphertext: Uint8Array } {
    const payload = concatBytes(scalarToBytes(value.share), value.blinding === undefined ? new Uint8Array(0) : scalarToBytes(value.blinding));
    const sealed = sealDeal(payload, this.#pairSecret(recipient), this.sealContext(carrier, this.id, recipient), this.randomBytes);
    wipe(payload);
    return sealed;
  }

  /** X25519 secret shared with `peer`, computed once per peer. */
  readonly #pairSecrets = new Map<number, Uint8Array>();
  #pairSecret(peer: number): Uint8Array {
    let secret = this.#pairSecrets.get(peer);
    if (secret === undefined) {
      secret = pairSecret(this.#encryptionSecretKey as Uint8Array, this.peers.get(peer)?.encryptionKey as Uint8Array);
      this.#pairSecrets.set(peer, secret);
    }
    return secret;
  }

  /** Broadcast MAC key shared with `peer`, derived once per peer. */
  readonly #broadcastKeys = new Map<number, Uint8Array>();
  #broadcastKey(peer: number): Uint8Array {
    let key = this.#broadcastKeys.get(peer);
    if (key === undefined) {
      const party = (id: number): { id: number; publicKey: Uint8Array } => ({ id, publicKey: this.peers.get(id)?.encryptionKey as Uint8Array });
      key = broadcastKey(this.#pairSecret(peer), this.protocol, this.session, party(this.id), party(peer));
      this.#broadcastKeys.set(peer, key);
    }
    return key;
  }

  /**
   * The broadcast without its tags, and that content's encoding, if, when sealed, it carries a
   * valid tag for this participant (without encryption keys, a broadcast must carry none);
   * undefined otherwise. `encoded` is the whole message's encoding.
   */
  #authenticated(message: DkgBroadcast, encoded: Uint8Array): { content: DkgBroadcast; encoded: Uint8Array } | undefined {
    const { tags, ...rest } = message;
    if (!this.sealed) return tags === undefined ? { content: message, encoded } : undefined;
    const mine = tags?.find((t) => t.recipient === this.id)?.tag;
    if (mine === undefined) return undefined;
    const content = rest as DkgBroadcast;
    const contentEncoded = encodeMessageBinary(content);
    const expected = broadcastTag(this.#broadcastKey(message.sender), message.sender, this.id, sha256(contentEncoded));
    return equalBytes(expected, mine) ? { content, encoded: contentEncoded } : undefined;
  }

  /**
   * Sealing context of a deal: the header fields of the message carrying it (`carrier`) are bound
   * as associated data.
   */
  private sealContext(carrier: DkgMessageType, sender: number, recipient: number): SealContext {
    const key = (id: number): Uint8Array => this.peers.get(id)?.encryptionKey as Uint8Array;
    return {
      protocol: this.protocol,
      session: this.session,
      senderId: sender,
      senderPublicKey: key(sender),
      recipientId: recipient,
      recipientPublicKey: key(recipient),
      header: concatBytes(Uint8Array.of(DKG_MESSAGE_VERSION), new TextEncoder().encode(`${this.protocol}/${carrier}`), this.session, uint64BE(sender), uint64BE(recipient)),
    };
  }

  // ---- Messages in ------------------------------------------------------------------------

  private reject(message: unknown, reason: string): void {
    const m = message as { sender?: unknown; type?: unknown };
    this.rejected.push({
      sender: typeof m?.sender === 'number' ? m.sender : -1,
      type: typeof m?.type === 'string' ? m.type : 'unknown',
      reason,
    });
  }

  /**
   * Takes in the messages of the current phase: keeps well-formed ones of the expected `types` for
   * this ceremony, from known senders other than itself, addressed to it if private. Identical
   * duplicates are ignored; two different broadcasts of one type from one sender mark it an
   * equivocator. Returns the private messages kept (broadcasts go into the view).
   * @internal
   */
  protected intake(messages: readonly DkgMessage[], types: readonly DkgMessageType[]): DkgMessage[] {
    if (!Array.isArray(messages)) throw new DvtBlsError('INVALID_ARGUMENT', 'messages: expected an array');
    const privates = new Map<string, { message: DkgMessage; encoded: Uint8Array }>();
    const conflicted = new Set<string>();
    for (const given of messages) {
      let encoded: Uint8Array;
      let message: DkgMessage;
      try {
        // A round trip through the strict codec: the one definition of a well-formed message. The
        // decoded copy is what is kept, so the caller's objects are never held (nor their later
        // changes seen), and its encoding is kept with it (transcript digests, duplicates).
        encoded = encodeMessageBinary(given);
        message = decodeMessageBinary(encoded);
      } catch (e) {
        this.reject(given, e instanceof DvtBlsError ? e.message : 'malformed');
        continue;
      }
      if (message.protocol !== this.protocol) this.reject(message, 'another protocol');
      else if (toHex(message.session) !== toHex(this.session)) this.reject(message, 'another session');
      else if (!this.peers.has(message.sender)) this.reject(message, 'unknown sender');
      else if (message.sender === this.id) this.reject(message, 'claims to be from this participant');
      // Steps call `enter` first, so the step taking these messages is the previous phase.
      else if (!types.includes(message.type)) this.reject(message, `not expected in phase '${this.phases[this.phaseIndex - 1] ?? this.phase}'`);
      else if (isPrivateMessage(message)) {
        if (message.recipient !== this.id) this.reject(message, 'addressed to another participant');
        else {
          const key = String(message.sender);
          const seen = privates.get(key);
          if (conflicted.has(key)) this.reject(message, 'conflicting private messages');
          else if (seen === undefined) privates.set(key, { message, encoded });
          else if (!equalBytes(seen.encoded, encoded)) {
            // Two different deals from one dealer: trust neither; as if none came (the dealer
            // then has to justify publicly).
            privates.delete(key);
            conflicted.add(key);
            this.reject(message, 'conflicting private messages');
          }
        }
      } else {
        const authenticated = this.#authenticated(message, encoded);
        if (authenticated === undefined) {
          this.reject(message, this.sealed ? 'no valid authentication tag for this participant' : 'authentication tags in a ceremony without encryption keys');
        } else this.store(authenticated.content, authenticated.encoded);
      }
    }
    return [...privates.values()].map((p) => p.message);
  }

  /** The binary encoding of each broadcast in the view (without tags), made once on intake. */
  readonly #encodings = new WeakMap<DkgBroadcast, Uint8Array>();

  private store(message: DkgBroadcast, encoded: Uint8Array): void {
    let byType = this.broadcasts.get(message.type);
    if (byType === undefined) this.broadcasts.set(message.type, (byType = new Map()));
    const seen = byType.get(message.sender);
    if (seen === undefined) {
      byType.set(message.sender, message);
      this.#encodings.set(message, encoded);
    } else if (!equalBytes(this.#encodings.get(seen) as Uint8Array, encoded)) {
      this.equivocators.add(message.sender);
      this.reject(message, 'a different broadcast of the same type from the same sender (equivocation)');
    }
  }

  /**
   * The accepted broadcast of `type` from `sender`, unless it equivocated.
   * @internal
   */
  protected broadcastOf<M extends DkgBroadcast>(type: M['type'], sender: number): M | undefined {
    if (this.equivocators.has(sender)) return undefined;
    return this.broadcasts.get(type)?.get(sender) as M | undefined;
  }

  /**
   * This participant's deal from `dealer` in round 1, opened into scalars: sealed inside the
   * dealer's broadcast, or (without encryption keys) the private deal among `privates`. Undefined
   * if it is missing or does not open or decode.
   * @internal
   */
  protected receivedDeal(dealer: number, privates: readonly DkgMessage[], withBlinding: boolean): ReceivedShare | undefined {
    if (!this.sealed) {
      const deal = privates.find((m) => m.sender === dealer);
      return deal === undefined ? undefined : this.openPrivateDeal(deal, withBlinding);
    }
    const sealed = this.broadcastOf<DealBroadcastMessage>('deal-broadcast', dealer)?.sealed?.find((d) => d.recipient === this.id);
    return sealed === undefined ? undefined : this.#open('deal-broadcast', dealer, sealed, withBlinding);
  }

  /**
   * Opens a private message (a deal in the clear, or sealed when sealed) into scalars; undefined
   * if it is of the other kind or does not open or decode.
   * @internal
   */
  protected openPrivateDeal(message: DkgMessage, withBlinding: boolean): ReceivedShare | undefined {
    if (message.type === 'deal' && !this.sealed) return dealValues(message.share, message.blinding, withBlinding);
    if (message.type === 'encrypted-deal' && this.sealed) return this.#open('encrypted-deal', message.sender, message, withBlinding);
    return undefined;
  }

  #open(carrier: DkgMessageType, sender: number, sealed: { ephemeralKey: Uint8Array; ciphertext: Uint8Array }, withBlinding: boolean): ReceivedShare | undefined {
    let plain: Uint8Array;
    try {
      plain = openDeal(sealed.ephemeralKey, sealed.ciphertext, this.#encryptionSecretKey as Uint8Array, this.#pairSecret(sender), this.sealContext(carrier, sender, this.id));
    } catch {
      return undefined;
    }
    const values = plain.length === (withBlinding ? 64 : 32) ? dealValues(plain.subarray(0, 32), withBlinding ? plain.subarray(32) : undefined, withBlinding) : undefined;
    wipe(plain);
    return values;
  }

  // ---- Shares -----------------------------------------------------------------------------

  /**
   * Random polynomial coefficients [a0, ..., a(t-1)], each in [1, r).
   * @internal
   */
  protected randomCoefficients(): bigint[] {
    return Array.from({ length: this.threshold }, () => randomNonZeroScalar(this.randomBytes));
  }

  /**
   * f(id) mod r.
   * @internal
   */
  protected evaluate(coefficients: readonly bigint[], id: number): bigint {
    return evaluatePolynomial(coefficients, BigInt(id));
  }

  /**
   * `count` random weights in [1, 2^64) for a randomized check, drawn from this participant's
   * randomness after what they check was received.
   * @internal
   */
  protected randomWeights(count: number): bigint[] {
    const seed = drawRandomBytes(this.randomBytes, 8 * count);
    const weights = Array.from({ length: count }, (_, i) => {
      const w = scalarFromBytes(seed.subarray(8 * i, 8 * i + 8));
      return w === 0n ? 1n : w;
    });
    wipe(seed);
    return weights;
  }

  /**
   * s·G (+ b·H): secret scalars, by the backend's constant-time paths.
   * @internal
   */
  protected commitToValues(share: bigint, blinding: bigint | undefined, h: G1 | undefined): G1 {
    const parts: G1[] = [];
    if (share !== 0n) parts.push(this.backend.publicKeyFromSecret(scalarToBytes(share)));
    if (blinding !== undefined && blinding !== 0n) parts.push(this.backend.multiplyG1Secret(h as G1, scalarToBytes(blinding)));
    return parts.length === 1 ? (parts[0] as G1) : this.backend.sumG1(parts);
  }

  /**
   * Checks each dealer's share at x = `at` against its commitments, in ONE randomized check: with
   * random 64-bit ρ_i, Σ ρ_i·(s_i·G + b_i·H) == Σ_i ρ_i·C_i(at), where C_i(at) = Σ_k at^k·C_ik.
   * Only when that fails is each dealer checked alone. Returns the dealers whose shares do not
   * match.
   *
   * The right-hand side is computed one of two ways, whichever costs less: evaluate each dealer's
   * commitments at `at` (Horner: t - 1 steps x·acc + C, each a short walk whose cost grows with
   * the length of `at`) and combine those n points once; or fold the commitments coefficient by
   * coefficient (t walks over the 64-bit ρ, each adding every dealer's commitment about 32 times,
   * whatever `at`) and evaluate the t folded points once. For the small ids of a DKG (n = 64,
   * t = 43, at = 33) evaluating is about a third cheaper on the native backend; from ids of
   * about 2^8 folding is (see EVALUATE_EACH_BELOW). Evaluating also hands the fallback each
   * dealer's expected point for free.
   * @internal
   */
  protected invalidShares(
    items: readonly { dealer: number; commitments: readonly G1[]; received: ReceivedShare }[],
    at: number,
    h?: G1
  ): number[] {
    if (items.length === 0) return [];
    const rho = this.randomWeights(items.length);
    let s = 0n;
    let b = 0n;
    items.forEach((it, i) => {
      s = Fr.add(s, Fr.mul(rho[i] as bigint, it.received.share));
      if (it.received.blinding !== undefined) b = Fr.add(b, Fr.mul(rho[i] as bigint, it.received.blinding));
    });
    const left = this.commitToValues(s, h === undefined ? undefined : b, h);
    const x = BigInt(at);
    let expected: G1[] | undefined;
    let right: G1;
    if (x < EVALUATE_EACH_BELOW) {
      expected = items.map((it) => evaluateCommitments(this.backend, it.commitments, x));
      right = this.backend.linearCombinationG1(expected, rho);
    } else {
      const degree = (items[0] as { commitments: readonly G1[] }).commitments.length;
      const folded = Array.from({ length: degree }, (_, k) =>
        this.backend.linearCombinationG1(
          items.map((it) => it.commitments[k] as G1),
          rho
        )
      );
      right = evaluateCommitments(this.backend, folded, x);
    }
    if (this.backend.equalsG1(left, right)) return [];
    return items
      .filter((it, i) => {
        const point = expected?.[i] ?? evaluateCommitments(this.backend, it.commitments, x);
        return !this.backend.equalsG1(this.commitToValues(it.received.share, it.received.blinding, h), point);
      })
      .map((it) => it.dealer);
  }

  /**
   * True if a publicly revealed share (and blinding) matches a dealer's commitments at `at`.
   * @internal
   */
  protected revealedShareMatches(commitments: readonly G1[], at: number, share: Uint8Array, blinding: Uint8Array | undefined, h?: G1): boolean {
    const s = scalarFromBytes(share);
    const b = blinding === undefined ? undefined : scalarFromBytes(blinding);
    if (s >= CURVE_ORDER || (b !== undefined && b >= CURVE_ORDER)) return false;
    if ((h === undefined) !== (b === undefined)) return false;
    // Revealed values are public: the variable-time combination is fine here.
    const left = this.backend.linearCombinationG1(h === undefined ? [this.generator] : [this.generator, h], b === undefined ? [s] : [s, b]);
    return this.backend.equalsG1(left, evaluateCommitments(this.backend, commitments, BigInt(at)));
  }

  /**
   * Decodes a dealer's t commitments; undefined if any is malformed or the count is wrong. The
   * subgroup check is deferred: a torsion component cannot make a wrong share pass the checks
   * (the prime-order and torsion parts of an equation must vanish separately), it can only
   * spoil the outputs, so the sums of the commitments are checked once and, only if they fail,
   * each dealer's (`withoutSubgroupOffenders`; Pedersen checks its Pedersen commitments when QUAL is
   * fixed, its reveals in round 6). That saves one subgroup check per dealer and coefficient
   * (n·t of them) on the native backend.
   * @internal
   */
  protected decodeCommitments(encoded: readonly Uint8Array[]): G1[] | undefined {
    if (encoded.length !== this.threshold) return undefined;
    try {
      return encoded.map((c) => this.backend.decodeG1(c, { subgroupCheck: !this.deferSubgroupChecks }));
    } catch {
      return undefined;
    }
  }

  /**
   * Σ over `dealers` of their commitments, coefficient by coefficient.
   * @internal
   */
  protected summedCommitments(dealers: readonly number[], commitments: ReadonlyMap<number, readonly G1[]>): G1[] {
    return Array.from({ length: this.threshold }, (_, k) => this.backend.sumG1(dealers.map((d) => (commitments.get(d) as readonly G1[])[k] as G1)));
  }

  /**
   * True if every point lies in G1 (for points decoded without the subgroup check).
   * @internal
   */
  protected inSubgroup(points: readonly G1[]): boolean {
    try {
      // Uncompressed: the check is the subgroup check alone, no square root.
      points.forEach((c) => this.backend.decodeG1(this.backend.encodeG1(c, { compressed: false })));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The one subgroup check of the outputs (see `decodeCommitments`): the sum of the qualified
   * dealers' commitments, coefficient by coefficient. Only if it fails is each dealer checked; the
   * offenders are disqualified (every honest participant sees the same commitments, so all drop
   * the same dealers) and the qualified set without them is returned.
   * @internal
   */
  protected withoutSubgroupOffenders(qualified: readonly number[], commitments: ReadonlyMap<number, readonly G1[]>): number[] {
    if (this.inSubgroup(this.summedCommitments(qualified, commitments))) return [...qualified];
    for (const d of qualified) if (!this.inSubgroup(commitments.get(d) as readonly G1[])) this.disqualify(d, 'malformed-commitments');
    const remaining = qualified.filter((d) => !this.disqualified.has(d));
    this.requireQualified(remaining);
    return remaining;
  }

  // ---- Schnorr proofs: possession (Joint-Feldman), reconstruction (Pedersen) ---------------

  /** c = H(protocol ‖ session ‖ ids ‖ X ‖ R) under `dst`: binds a proof to this ceremony and `ids`. */
  private challenge(dst: string, ids: readonly number[], statement: Uint8Array, r: Uint8Array): bigint {
    return hashToScalar(concatBytes(new TextEncoder().encode(this.protocol), this.session, ...ids.map(uint64BE), statement, r), dst);
  }

  /**
   * Schnorr proof of knowledge of x for the statement X = x·G (`statement`: X encoded), bound to
   * the session and `ids` under `dst`.
   * @internal
   */
  protected proveKnowledge(x: bigint, statement: Uint8Array, dst: string, ids: readonly number[]): { commitment: Uint8Array; response: Uint8Array } {
    const k = randomNonZeroScalar(this.randomBytes);
    const r = this.backend.encodeG1(this.backend.publicKeyFromSecret(scalarToBytes(k)));
    const c = this.challenge(dst, ids, statement, r);
    return { commitment: r, response: scalarToBytes(Fr.add(k, Fr.mul(c, x))) };
  }

  /**
   * Keys of the items whose proofs (under `dst`, bound to `ids`) fail: one randomized check over
   * all, per-item checks only on failure.
   * @internal
   */
  protected invalidProofs(
    dst: string,
    items: readonly { key: number; ids: readonly number[]; statement: G1; proof: { commitment: Uint8Array; response: Uint8Array } }[]
  ): number[] {
    const parsed: { key: number; x: G1; r: G1; mu: bigint; c: bigint }[] = [];
    const bad: number[] = [];
    for (const it of items) {
      const mu = scalarFromBytes(it.proof.response);
      let r: G1;
      try {
        r = this.backend.decodeG1(it.proof.commitment);
      } catch {
        bad.push(it.key);
        continue;
      }
      if (mu >= CURVE_ORDER) {
        bad.push(it.key);
        continue;
      }
      parsed.push({ key: it.key, x: it.statement, r, mu, c: this.challenge(dst, it.ids, this.backend.encodeG1(it.statement), it.proof.commitment) });
    }
    // μ·G - R - c·X == 0 for each; Σ ρ_i (μ_i·G - R_i - c_i·X_i) == 0 for all at once.
    const holds = (group: typeof parsed, weights: bigint[]): boolean => {
      let mu = 0n;
      const points: G1[] = [this.generator];
      const scalars: bigint[] = [0n];
      group.forEach((p, i) => {
        const w = weights[i] as bigint;
        mu = Fr.add(mu, Fr.mul(w, p.mu));
        points.push(p.r, p.x);
        scalars.push(Fr.neg(w), Fr.neg(Fr.mul(w, p.c)));
      });
      scalars[0] = mu;
      return this.backend.isInfinityG1(this.backend.linearCombinationG1(points, scalars));
    };
    if (parsed.length === 0) return bad;
    if (!holds(parsed, this.randomWeights(parsed.length))) {
      for (const p of parsed) if (!holds([p], [1n])) bad.push(p.key);
    }
    return bad.sort((a, b) => a - b);
  }

  // ---- Rounds shared by both protocols ------------------------------------------------------

  /**
   * Dealers' commitments as dealt (Joint-Feldman: a_k·G; Pedersen: a_k·G + b_k·H), decoded.
   * @internal
   */
  protected readonly dealt = new Map<number, G1[]>();
  /**
   * This participant's share (and blinding) from each dealer.
   * @internal
   */
  protected readonly received = new Map<number, ReceivedShare>();
  /**
   * Complainers per dealer, from the response round.
   * @internal
   */
  protected readonly complainers = new Map<number, Set<number>>();
  #polynomial: bigint[] | undefined;
  #blindingPolynomial: bigint[] | undefined;

  /**
   * This dealer's own polynomial(s): kept private, never printed.
   * @internal
   */
  protected get polynomial(): bigint[] {
    return this.#polynomial as bigint[];
  }

  /**
   * Round 1 for a dealer: draws f (and f' for Pedersen), keeps its own share, and returns the
   * commitments to broadcast (computed by `commit`) and the value for each other receiver (for
   * `dealMessages`).
   * @internal
   */
  protected dealRound(
    withBlinding: boolean,
    commit: (f: bigint[], fb: bigint[] | undefined) => G1[],
    constantTerm?: bigint
  ): {
    /** The commitments as points, and as they travel (`encodeCommitments`). */
    points: G1[];
    commitments: Uint8Array[];
    deals: { recipient: number; value: ReceivedShare }[];
  } {
    const f = this.randomCoefficients();
    // Resharing deals the dealer's share, refresh deals zero; a DKG dealer's secret is random.
    if (constantTerm !== undefined) f[0] = constantTerm;
    const fb = withBlinding ? this.randomCoefficients() : undefined;
    this.#polynomial = f;
    this.#blindingPolynomial = fb;
    const valueAt = (id: number): ReceivedShare => {
      const share = this.evaluate(f, id);
      return fb === undefined ? { share } : { share, blinding: this.evaluate(fb, id) };
    };
    if (this.receives) this.received.set(this.id, valueAt(this.id));
    const deals = this.receiverIds.filter((id) => id !== this.id).map((recipient) => ({ recipient, value: valueAt(recipient) }));
    const points = commit(f, fb);
    return { points, commitments: this.encodeCommitments(points), deals };
  }

  /**
   * Commitments as they travel: uncompressed, so that every receiver decodes them without a square
   * root (see messages.ts).
   * @internal
   */
  protected encodeCommitments(points: readonly G1[]): Uint8Array[] {
    return points.map((c) => this.backend.encodeG1(c, { compressed: false }));
  }

  /**
   * Round 2: checks every dealer's broadcast (present, not equivocated, t well-formed commitments,
   * and `extraCheck` — the proof of possession for Joint-Feldman) and this participant's deal from
   * each valid dealer (batch-verified against the commitments). Returns the complaints to send.
   * @internal
   */
  protected responseRound(
    messages: readonly DkgMessage[],
    withBlinding: boolean,
    h: G1 | undefined,
    extraCheck?: { reason: DisqualificationReason; invalid: (valid: number[]) => number[] }
  ): ResponseComplaint[] {
    const privates = this.intake(messages, ['deal-broadcast', 'deal']);
    for (const dealer of this.dealerIds) {
      if (this.equivocators.has(dealer)) {
        this.disqualify(dealer, 'equivocation');
        continue;
      }
      const broadcast = this.broadcastOf<DealBroadcastMessage>('deal-broadcast', dealer);
      if (broadcast === undefined) {
        this.disqualify(dealer, 'silent');
        continue;
      }
      const commitments = this.decodeCommitments(broadcast.commitments);
      if (commitments === undefined) this.disqualify(dealer, 'malformed-commitments');
      else this.dealt.set(dealer, commitments);
    }
    for (const dealer of extraCheck?.invalid([...this.dealt.keys()]) ?? []) {
      this.dealt.delete(dealer);
      this.disqualify(dealer, extraCheck?.reason as DisqualificationReason);
    }
    const complaints: ResponseComplaint[] = [];
    if (!this.receives) return complaints;
    const toVerify: { dealer: number; commitments: readonly G1[]; received: ReceivedShare }[] = [];
    for (const [dealer, commitments] of this.dealt) {
      if (dealer === this.id) continue;
      const opened = this.receivedDeal(dealer, privates, withBlinding);
      if (opened === undefined) complaints.push({ dealer });
      else {
        this.received.set(dealer, opened);
        toVerify.push({ dealer, commitments, received: opened });
      }
    }
    for (const dealer of this.invalidShares(toVerify, this.id, h)) {
      const bad = this.received.get(dealer) as ReceivedShare;
      this.received.delete(dealer);
      complaints.push({
        dealer,
        share: scalarToBytes(bad.share),
        ...(bad.blinding === undefined ? {} : { blinding: scalarToBytes(bad.blinding) }),
      });
    }
    return complaints.sort((a, b) => a.dealer - b.dealer);
  }

  /**
   * Round 3: reads everyone's complaints; if this dealer was accused, returns its justification
   * broadcast (the accusers' shares, published), else nothing.
   * @internal
   */
  protected justificationRound(messages: readonly DkgMessage[]): DkgMessage[] {
    this.intake(messages, ['response']);
    for (const sender of this.receiverIds) {
      const response = this.broadcastOf<ResponseMessage>('response', sender);
      for (const c of response?.complaints ?? []) {
        if (c.dealer === sender || !this.dealt.has(c.dealer)) continue;
        let set = this.complainers.get(c.dealer);
        if (set === undefined) this.complainers.set(c.dealer, (set = new Set()));
        set.add(sender);
      }
    }
    const accusers = this.complainers.get(this.id);
    if (accusers === undefined || !this.dealt.has(this.id)) return [];
    const f = this.#polynomial as bigint[];
    const fb = this.#blindingPolynomial;
    const shares = [...accusers]
      .sort((a, b) => a - b)
      .map((id) => ({
        id,
        share: scalarToBytes(this.evaluate(f, id)),
        ...(fb === undefined ? {} : { blinding: scalarToBytes(this.evaluate(fb, id)) }),
      }));
    return [this.own({ ...this.header('justification'), shares })];
  }

  /**
   * Round 4 intake: each accused dealer must have published a share for every accuser that
   * matches its commitments, else it is disqualified; published shares replace the ones this
   * participant complained about. Returns the qualified set.
   * @internal
   */
  protected resolveJustifications(messages: readonly DkgMessage[], h: G1 | undefined): number[] {
    this.intake(messages, ['justification']);
    for (const [dealer, accusers] of [...this.complainers.entries()].sort(([a], [b]) => a - b)) {
      const commitments = this.dealt.get(dealer) as G1[];
      const justification = this.broadcastOf<JustificationMessage>('justification', dealer);
      for (const accuser of [...accusers].sort((a, b) => a - b)) {
        const revealed = justification?.shares.find((r) => r.id === accuser);
        if (revealed === undefined) {
          this.disqualify(dealer, 'unanswered-complaint');
          break;
        }
        if (!this.revealedShareMatches(commitments, accuser, revealed.share, revealed.blinding, h)) {
          this.disqualify(dealer, 'invalid-justification');
          break;
        }
        if (accuser === this.id) {
          const share = scalarFromBytes(revealed.share);
          this.received.set(dealer, revealed.blinding === undefined ? { share } : { share, blinding: scalarFromBytes(revealed.blinding) });
        }
      }
    }
    const qualified = this.dealerIds.filter((d) => this.dealt.has(d) && !this.disqualified.has(d));
    this.requireQualified(qualified);
    return qualified;
  }

  // ---- Transcript and result --------------------------------------------------------------

  /**
   * SHA-256 of every broadcast accepted from `sender`, in protocol order.
   * @internal
   */
  protected senderDigest(sender: number): Uint8Array {
    const parts: Uint8Array[] = [uint64BE(sender)];
    for (const [type, bySender] of [...this.broadcasts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (type === 'transcript') continue;
      const m = bySender.get(sender);
      if (m !== undefined) parts.push(new TextEncoder().encode(type), this.#encodings.get(m) as Uint8Array);
    }
    if (this.equivocators.has(sender)) parts.push(new TextEncoder().encode('equivocated'));
    return sha256(concatBytes(...parts));
  }

  /**
   * The transcript hash: protocol, session, threshold, participants, every sender's digest, QUAL.
   * @internal
   */
  protected transcriptHash(qualified: readonly number[], digests: readonly Uint8Array[]): Uint8Array {
    return sha256(
      concatBytes(
        new TextEncoder().encode('dvt-bls/dkg/transcript/v1'),
        new TextEncoder().encode(this.protocol),
        this.session,
        uint64BE(this.threshold),
        ...this.participantIds.map(uint64BE),
        ...digests,
        new TextEncoder().encode('qualified'),
        ...qualified.map(uint64BE)
      )
    );
  }

  #transcript: TranscriptBroadcast | undefined;
  #result: Result | undefined;
  /**
   * The group commitments of the result and this participant's public key share (if it holds a
   * share), from which `completeRound` fills in the result's `publicKeyShares`.
   */
  #groupPolynomial: GroupPolynomial<G1> | undefined;

  /**
   * The round after the justifications, for the protocols that end there (Joint-Feldman,
   * resharing, refresh): QUAL from the justifications (narrowed by `qualify`), then the
   * transcript round (`transcriptRound`). Returns the transcript broadcast.
   * @internal
   */
  protected finalizeRound(
    messages: readonly DkgMessage[],
    build: (qualified: number[], transcriptHash: Uint8Array) => Result,
    qualify: (qualified: number[]) => number[] = (q) => q
  ): DkgMessage[] {
    const qualified = this.deferFailure(() => qualify(this.resolveJustifications(messages, undefined)));
    return this.transcriptRound(qualified, this.qualifiedSoFar(), build);
  }

  /**
   * The transcript round of every protocol, once QUAL is known (`qualified`, or undefined if it
   * fell short, `shortOf` being the QUAL to hash then): the transcript hash, the result `build`
   * makes with it, and the transcript broadcast, with this participant's public key share when it
   * has a result and a share. A DKG_FAILED from QUAL or `build` is held back until the
   * transcripts are compared (see `deferFailure`), so that a view that fell short because a
   * broadcast was lost for this participant only ends like everyone else's. The broadcast and the
   * result are kept for `completeRound`. Returns the broadcast to send.
   * @internal
   */
  protected transcriptRound(
    qualified: number[] | undefined,
    shortOf: readonly number[],
    build: (qualified: number[], transcriptHash: Uint8Array) => Result
  ): DkgMessage[] {
    // Each sender's digest encodes and hashes all its broadcasts: compute them once for both uses.
    const digests = this.participantIds.map((id) => this.senderDigest(id));
    const hash = this.transcriptHash(qualified ?? shortOf, digests);
    this.#groupPolynomial = undefined;
    this.#result = qualified === undefined ? undefined : this.deferFailure(() => build(qualified, hash));
    // Set by buildResult inside `build` (TypeScript cannot see that through the callback).
    const own = this.#result === undefined ? undefined : (this.#groupPolynomial as GroupPolynomial<G1> | undefined)?.own;
    const transcript = this.own({
      ...this.header('transcript'),
      hash,
      digests: this.participantIds.map((sender, i) => ({ sender, digest: digests[i] as Uint8Array })),
      ...(own === undefined ? {} : { publicKeyShare: this.backend.encodeG1(own, { compressed: false }) }),
    });
    // The view's copy (see `own`): the broadcast returned is the caller's.
    this.#transcript = this.broadcasts.get('transcript')?.get(this.id) as TranscriptBroadcast;
    return [transcript];
  }

  /**
   * The last round of every protocol: the result, once every transcript received matches this
   * participant's (else TRANSCRIPT_MISMATCH, or a held-back DKG_FAILED), with every receiver's
   * public key share (`publicKeyShares`).
   * @internal
   */
  protected completeRound(messages: readonly DkgMessage[]): Result {
    this.intake(messages, ['transcript']);
    this.checkTranscripts(this.#transcript as TranscriptBroadcast);
    if (this.#result === undefined) throw new DvtBlsError('WRONG_PHASE', 'complete: no result');
    return { ...this.#result, publicKeyShares: this.publicKeyShares() } as Result;
  }

  /**
   * Every receiver's public key share, ascending by id: the group polynomial at its id. The
   * shares that receivers claim in their transcripts (subgroup-checked on decoding) and this
   * participant's own are taken once one random check against the group commitments confirms
   * them all (`confirmedEvaluations`); a missing or malformed claim is evaluated, and a failed
   * check has every share evaluated, so the shares are the same on every honest participant
   * whatever the others claim.
   */
  private publicKeyShares(): DkgResult['publicKeyShares'] {
    const { commitments, own } = this.#groupPolynomial as GroupPolynomial<G1>;
    const claimed = this.receiverIds.map((id) => {
      if (id === this.id) return own;
      const bytes = this.broadcastOf<TranscriptBroadcast>('transcript', id)?.publicKeyShare;
      try {
        return bytes === undefined ? undefined : this.backend.decodeG1(bytes);
      } catch {
        return undefined;
      }
    });
    const points = confirmedEvaluations(this.backend, commitments, this.receiverIds.map(BigInt), claimed, this.randomWeights(claimed.length));
    return this.receiverIds.map((id, i) => ({ id, publicKey: this.backend.encodeG1(points[i] as G1) }));
  }

  /**
   * Compares the transcripts received with this participant's. All equal: the result stands (or
   * the DKG_FAILED held back by `deferFailure` is thrown). Any different: TRANSCRIPT_MISMATCH
   * naming the senders whose broadcasts were seen differently.
   * @internal
   */
  protected checkTranscripts(mine: TranscriptBroadcast): void {
    const theirs = [...(this.broadcasts.get('transcript')?.values() ?? [])] as TranscriptBroadcast[];
    const differing = theirs.filter((t) => toHex(t.hash) !== toHex(mine.hash));
    if (differing.length === 0 && !this.equivocators.size) {
      if (this.#deferredFailure !== undefined) this.abort(this.#deferredFailure);
      return;
    }
    const culprits = new Set<number>(this.equivocators);
    const myDigests = new Map(mine.digests.map((d) => [d.sender, toHex(d.digest)]));
    for (const t of differing) {
      const seenDifferently = t.digests.filter((d) => myDigests.get(d.sender) !== toHex(d.digest));
      for (const d of seenDifferently) culprits.add(d.sender);
      // Same broadcasts, different hash: the transcript itself is false; name whoever sent it.
      if (seenDifferently.length === 0) culprits.add(t.sender);
    }
    this.abort(
      new DvtBlsError(
        'TRANSCRIPT_MISMATCH',
        `transcripts: ${differing.length} participant(s) saw a different ceremony (${differing.map((t) => t.sender).join(', ') || 'equivocation seen here'}); senders seen differently: ${[...culprits].sort((a, b) => a - b).join(', ') || 'none identified'}`,
        [...culprits]
      )
    );
  }

  /**
   * Assembles the result from the qualified dealers' Feldman commitments, combined coefficient by
   * coefficient into the group commitments (plain sums, or as `combine` says), and this
   * participant's shares from them (`received`).
   * @internal
   */
  protected buildResult(
    qualified: readonly number[],
    feldman: ReadonlyMap<number, readonly G1[]>,
    transcriptHash: Uint8Array,
    combine: CombineRule<G1> = {}
  ): DkgResult {
    const weightOf = (d: number): bigint => combine.weights?.get(d) ?? 1n;
    const commitments = Array.from({ length: this.threshold }, (_, k) => {
      const points = qualified.map((d) => (feldman.get(d) as readonly G1[])[k] as G1);
      const base = combine.base?.commitments[k];
      if (base !== undefined) points.push(base);
      // Plain sums for the DKG and refresh; Lagrange weights when resharing.
      return combine.weights === undefined
        ? this.backend.sumG1(points)
        : this.backend.linearCombinationG1(points, [...qualified.map(weightOf), ...(base === undefined ? [] : [1n])]);
    });
    return this.buildResultFromGroup(qualified, commitments, transcriptHash, combine);
  }

  /**
   * Assembles the result from group commitments already combined (by `buildResult`, or Pedersen's:
   * the sum of the reveals it checked, or the rebuilt ones) and this participant's shares from the
   * qualified dealers (`received`), combined as `combine` says.
   * @internal
   */
  protected buildResultFromGroup(
    qualified: readonly number[],
    commitments: readonly G1[],
    transcriptHash: Uint8Array,
    combine: CombineRule<G1> = {}
  ): DkgResult {
    const weightOf = (d: number): bigint => combine.weights?.get(d) ?? 1n;
    if (this.backend.isInfinityG1(commitments[0] as G1)) {
      this.abort(new DvtBlsError('DKG_FAILED', 'the qualified dealers\' constant terms sum to zero', [...qualified]));
    }
    let secret = combine.base?.share ?? 0n;
    if (this.receives) for (const d of qualified) secret = Fr.add(secret, Fr.mul(weightOf(d), (this.received.get(d) as ReceivedShare).share));
    const encoded = commitments.map((c) => this.backend.encodeG1(c));
    // The public key shares are filled in by completeRound, from the transcripts' claims. (A zero
    // share, probability 2^-255, has no public key to claim: the others evaluate it.)
    let own: G1 | undefined;
    if (this.receives && secret !== 0n) {
      const bytes = scalarToBytes(secret);
      own = this.backend.publicKeyFromSecret(bytes);
      wipe(bytes);
    }
    this.#groupPolynomial = { commitments: [...commitments], own };
    return {
      protocol: this.protocol,
      threshold: this.threshold,
      // Fresh arrays: nothing in a result is shared with another output or with a message sent.
      groupPublicKey: (encoded[0] as Uint8Array).slice(),
      qualified: [...qualified],
      disqualified: [...this.disqualified.entries()].sort(([a], [b]) => a - b).map(([id, reason]) => ({ id, reason })),
      commitments: encoded,
      publicKeyShares: [],
      // Typed as always present for the DKG, where every participant receives; a resharing
      // dealer that is not a new holder gets none (see LifecycleResult).
      share: (this.receives ? { id: this.id, secretKey: redactSecret(scalarToBytes(secret)) } : undefined) as DkgResult['share'],
      transcriptHash: transcriptHash.slice(),
    };
  }

  /**
   * Marks a dealer disqualified (the first reason stays).
   * @internal
   */
  protected disqualify(dealer: number, reason: DisqualificationReason): void {
    if (!this.disqualified.has(dealer)) this.disqualified.set(dealer, reason);
  }

  /**
   * Throws DKG_FAILED unless at least t dealers qualified.
   * @internal
   */
  protected requireQualified(qualified: readonly number[]): void {
    if (qualified.length < this.requiredDealers) {
      this.abort(
        new DvtBlsError(
          'DKG_FAILED',
          `qualified: ${qualified.length} dealer(s) qualified, ${this.requiredDealers} needed`,
          [...this.disqualified.keys()]
        )
      );
    }
  }

  /**
   * Secret state prints redacted: protocol, id and phase only.
   * @returns `{ protocol, id, phase, secrets: '<redacted>' }`.
   */
  toJSON(): object {
    return { protocol: this.protocol, id: this.id, phase: this.phase, secrets: '<redacted>' };
  }

  /**
   * What `console.log` and `util.inspect` show: the same as `toString`.
   * @returns The redacted description.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /**
   * A redacted description: protocol, id and phase, never secret state.
   * @returns `DkgParticipant { protocol: ..., id: ..., phase: ..., secrets: <redacted> }`.
   */
  toString(): string {
    return `DkgParticipant { protocol: '${this.protocol}', id: ${this.id}, phase: '${this.phase}', secrets: <redacted> }`;
  }
}

/** A deal's 32-byte values as scalars; undefined unless canonical and blinded exactly as expected. */
function dealValues(share: Uint8Array, blinding: Uint8Array | undefined, withBlinding: boolean): ReceivedShare | undefined {
  if ((blinding !== undefined) !== withBlinding) return undefined;
  const s = scalarFromBytes(share);
  const b = blinding === undefined ? undefined : scalarFromBytes(blinding);
  if (s >= CURVE_ORDER || (b !== undefined && b >= CURVE_ORDER)) return undefined;
  return b === undefined ? { share: s } : { share: s, blinding: b };
}

function checkConfig(config: DkgConfig, protocol: DkgProtocol, receivers?: number): DkgConfig {
  if (typeof config !== 'object' || config === null) throw new DvtBlsError('INVALID_ARGUMENT', 'config: expected an object');
  if (!Array.isArray(config.participants) || config.participants.length === 0) {
    throw new DvtBlsError('EMPTY_INPUT', 'config.participants: expected at least one participant');
  }
  const ids = config.participants.map((p, i) => {
    if (typeof p !== 'object' || p === null) throw new DvtBlsError('INVALID_ARGUMENT', `config.participants[${i}]: expected an object`);
    if (typeof p.id !== 'number' || !Number.isSafeInteger(p.id) || p.id < 1) {
      throw new DvtBlsError('INVALID_ID', `config.participants[${i}].id: expected an integer id >= 1`);
    }
    return p.id;
  });
  if (new Set(ids).size !== ids.length) throw new DvtBlsError('DUPLICATE_ID', 'config.participants: ids must be distinct');
  if (!ids.includes(config.self)) throw new DvtBlsError('INVALID_ID', 'config.self: not one of config.participants');
  const t = config.threshold;
  const n = receivers ?? ids.length;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > n) {
    throw new DvtBlsError('INVALID_THRESHOLD', `config.threshold: expected an integer in [1, ${n}]`);
  }
  if (!isBytes(config.session) || config.session.length !== 32) throw new DvtBlsError('INVALID_ARGUMENT', 'config.session: expected 32 bytes');
  const withKeys = config.participants.filter((p) => p.encryptionKey !== undefined).length;
  if (withKeys !== 0 && withKeys !== ids.length) {
    throw new DvtBlsError('INVALID_ARGUMENT', 'config.participants: either every participant has an encryptionKey or none does');
  }
  for (const [i, p] of config.participants.entries()) {
    if (p.encryptionKey !== undefined && (!isBytes(p.encryptionKey) || p.encryptionKey.length !== 32)) {
      throw new DvtBlsError('INVALID_ARGUMENT', `config.participants[${i}].encryptionKey: expected 32 bytes`);
    }
  }
  if ((withKeys !== 0) !== (config.encryptionSecretKey !== undefined)) {
    throw new DvtBlsError('INVALID_ARGUMENT', 'config.encryptionSecretKey: required exactly when participants have encryption keys');
  }
  if (config.encryptionSecretKey !== undefined && (!isBytes(config.encryptionSecretKey) || config.encryptionSecretKey.length !== 32)) {
    throw new DvtBlsError('INVALID_ARGUMENT', 'config.encryptionSecretKey: expected 32 bytes');
  }
  // A secret key that is not the one behind this participant's listed key would make every deal
  // to it fail to open: all its dealers would then publish its shares in their justifications.
  const ownKey = config.participants.find((p) => p.id === config.self)?.encryptionKey;
  if (config.encryptionSecretKey !== undefined && ownKey !== undefined && toHex(x25519.getPublicKey(config.encryptionSecretKey)) !== toHex(ownKey)) {
    throw new DvtBlsError('INVALID_ARGUMENT', "config.encryptionSecretKey: does not match this participant's encryptionKey");
  }
  if (config.randomBytes !== undefined && typeof config.randomBytes !== 'function') {
    throw new DvtBlsError('INVALID_ARGUMENT', 'config.randomBytes: expected a function');
  }
  if ((config.protocol as DkgProtocol) !== protocol) throw new DvtBlsError('INVALID_ARGUMENT', `config.protocol: expected '${protocol}'`);
  return config;
}
