/**
 * Key ceremonies with faults, for property tests of code that stores, relays or checks ceremony
 * messages and results: arbitraries of Joint-Feldman and Pedersen DKGs and of the lifecycle
 * ceremonies (reshare, refresh, repair), each value a description of one ceremony (protocol, ids,
 * thresholds, session, seed) with a list of faults, the ground truth of what the ceremony must
 * conclude, and, run on demand, the full transcript and every participant's outcome.
 *
 * Faults are injected at the message level only: the participants are ordinary state machines of
 * the public API (`createDkgParticipant`, `advance`), and a deviating participant is one whose
 * outgoing messages the kit alters between `advance` calls. The ground truth is computed from the
 * description alone, by the rules of docs/dkg.md and docs/lifecycle.md, never from the run.
 *
 * What the kit assumes about the deal format is in ./deal-format.ts.
 * @module
 */
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type { RandomBytes } from '../api/types';
import {
  DvtBlsError,
  decodeMessageBinary,
  encodeMessageBinary,
  encodeMessageJson,
  generateEncryptionKeyPair,
  isPrivateMessage,
  type CeremonyConfig,
  type DisqualificationReason,
  type DkgMessage,
  type DkgMessageType,
  type DkgPeer,
  type DkgProtocol,
  type DkgResult,
  type EncryptionKeyPair,
  type LifecycleResult,
  type RejectedMessage,
  type RepairResult,
} from '../common';
import { DEAL_TYPES, canAlterDeals, dealType, isDeal, sentBy, withWrongShare } from './deal-format';
import type { BlsOption, IdOptions, IdRange, Sharing, SizeRange, ThresholdConfig, ThresholdConfigOptions } from './index';
import { R, ascending, bytes32, checkedIdRange, configArbitrary, counterModeBytes, defaultBls, idArbitrary, lazy, makeSharing, sizeBounds } from './internal';

// -------------------------------------------------------------------------------------------------
// Protocols, steps, fault kinds.

/**
 * The steps of each ceremony protocol, in round order: in round r every participant still running
 * calls `advance` for step r with what was delivered to it, and what it sends is delivered for
 * round r + 1. `round` in the kit's faults and transcripts is this index.
 * @example
 * ```ts
 * import { CEREMONY_STEPS } from 'dvt-bls/testing';
 * CEREMONY_STEPS.pedersen[3]; // 'qualify': round 3 of a Pedersen DKG, when QUAL is fixed
 * ```
 */
export const CEREMONY_STEPS: Readonly<Record<DkgProtocol, readonly string[]>> = Object.freeze({
  'joint-feldman': Object.freeze(['deal', 'respond', 'justify', 'finalize', 'complete']),
  pedersen: Object.freeze(['deal', 'respond', 'justify', 'qualify', 'checkReveals', 'reconstruct', 'finalize', 'complete']),
  reshare: Object.freeze(['deal', 'respond', 'justify', 'finalize', 'complete']),
  refresh: Object.freeze(['deal', 'respond', 'justify', 'finalize', 'complete']),
  repair: Object.freeze(['deal', 'respond', 'justify', 'send', 'finish']),
});

/**
 * Every kind of fault the ceremony arbitraries inject. Network faults (nobody deviates; the
 * messages are damaged between sender and recipient):
 * - `drop`: the messages never arrive;
 * - `delay`: they arrive one round late, when the recipient refuses them as not expected in its phase;
 * - `duplicate`: they arrive twice;
 * - `corrupt`: one byte of their binary encoding's payload changes (they decode to another message,
 *   or not at all; a relay drops what does not decode);
 * - `reorder`: a participant's inbox is shuffled every round;
 * - `replay`: the messages of one round arrive again, from another session.
 *
 * Deviations (a faulty participant alters what it sends; it follows the protocol otherwise):
 * - `wrong-share`: deals (repair: pieces) with share s + 1 to some, then an honest, wrong or no justification;
 * - `wrong-commitment`: one commitment of its deal broadcast moved by G, to everyone alike;
 * - `wrong-constant-term`: resharing, refresh: the constant term's commitment moved by G;
 * - `malformed-commitments`: one commitment too few or too many, or bytes that are no point;
 * - `bad-proof`: Joint-Feldman: a proof of possession that does not verify;
 * - `bad-reveal`: Pedersen: a Feldman reveal with a commitment moved by G;
 * - `equivocate`: a different deal broadcast to some participants (or both versions);
 * - `silent`: nothing from some round on;
 * - `false-complaint`: a complaint about a dealer whose deal was fine;
 * - `wrong-sum`: repair: a wrong sum to the recipient;
 * - `inconsistent-pieces`: repair: piece commitments that do not add up.
 *
 * A faulty participant also hides its tracks: as its transcript it sends a copy of the first honest
 * participant's, since its own view necessarily differs from what it made the others see.
 * @example
 * ```ts
 * import { CEREMONY_FAULT_KINDS, arbDkgCeremony } from 'dvt-bls/testing';
 * const onlyTheNetwork = arbDkgCeremony({ kinds: CEREMONY_FAULT_KINDS.filter((k) => ['drop', 'delay', 'duplicate', 'corrupt', 'reorder', 'replay'].includes(k)) });
 * ```
 */
export const CEREMONY_FAULT_KINDS = [
  'drop',
  'delay',
  'duplicate',
  'corrupt',
  'reorder',
  'replay',
  'wrong-share',
  'wrong-commitment',
  'wrong-constant-term',
  'malformed-commitments',
  'bad-proof',
  'bad-reveal',
  'equivocate',
  'silent',
  'false-complaint',
  'wrong-sum',
  'inconsistent-pieces',
] as const;

/**
 * One of {@link CEREMONY_FAULT_KINDS}.
 * @example
 * ```ts
 * import type { CeremonyFaultKind } from 'dvt-bls/testing';
 * const kinds: CeremonyFaultKind[] = ['equivocate', 'silent'];
 * ```
 */
export type CeremonyFaultKind = (typeof CEREMONY_FAULT_KINDS)[number];

const NETWORK_KINDS: readonly CeremonyFaultKind[] = ['drop', 'delay', 'duplicate', 'corrupt', 'reorder', 'replay'];

// -------------------------------------------------------------------------------------------------
// Faults.

/**
 * A network fault on the messages of one kind that one sender sends in one round, for some
 * recipients. Nobody deviates: an honest sender's broadcast lost or damaged for some recipients
 * still makes their views differ, and the ceremony ends in `TRANSCRIPT_MISMATCH` naming that sender.
 * @example
 * ```ts
 * import type { MessageFault } from 'dvt-bls/testing';
 * // 2's deal to 4 is lost: 4 complains, 2 publishes 4's share, nobody is disqualified.
 * const lost: MessageFault = { kind: 'drop', from: 2, to: [4], round: 0, type: 'deal' };
 * ```
 */
export interface MessageFault {
  /** What happens to those messages (see {@link CEREMONY_FAULT_KINDS}). */
  kind: 'drop' | 'delay' | 'duplicate' | 'corrupt';
  /** The sender. */
  from: number;
  /** The recipients affected, ascending. */
  to: number[];
  /** The sender's round (an index into {@link CEREMONY_STEPS}). */
  round: number;
  /** The message type. */
  type: DkgMessageType;
  /** `corrupt`: which payload byte changes (taken modulo the payload's length). */
  offset?: number;
}

/**
 * The inboxes of some participants are shuffled every round (harmless: participants take their
 * messages in any order).
 * @example
 * ```ts
 * import type { ReorderFault } from 'dvt-bls/testing';
 * const shuffled: ReorderFault = { kind: 'reorder', to: [1, 3] };
 * ```
 */
export interface ReorderFault {
  /** Type tag. */
  kind: 'reorder';
  /** Whose inboxes, ascending. */
  to: number[];
}

/**
 * Every message sent in `round` arrives again at some participants, a round later, as from another
 * session (the same messages with another session id): each is refused as `another session`.
 * @example
 * ```ts
 * import type { ReplayFault } from 'dvt-bls/testing';
 * const replayedDeals: ReplayFault = { kind: 'replay', round: 0, to: [2] };
 * ```
 */
export interface ReplayFault {
  /** Type tag. */
  kind: 'replay';
  /** The round whose messages are replayed. */
  round: number;
  /** Who receives the replays, ascending. */
  to: number[];
}

/**
 * A fault of the network between participants.
 * @example
 * ```ts
 * import type { NetworkFault } from 'dvt-bls/testing';
 * const faults: NetworkFault[] = [{ kind: 'duplicate', from: 1, to: [2, 3], round: 1, type: 'response' }, { kind: 'reorder', to: [2] }];
 * ```
 */
export type NetworkFault = MessageFault | ReorderFault | ReplayFault;

/**
 * A dealer (repair: a helper) sends wrong shares (pieces) s + 1 to some participants, who complain
 * with the wrong value as evidence; then it justifies honestly (publishes the true shares and stays
 * qualified), wrongly (publishes wrong ones: `invalid-justification`) or not at all
 * (`unanswered-complaint`). Only with deals in the clear.
 * @example
 * ```ts
 * import type { WrongShareFault } from 'dvt-bls/testing';
 * const cheat: WrongShareFault = { kind: 'wrong-share', participant: 3, to: [1, 5], justification: 'none' };
 * ```
 */
export interface WrongShareFault {
  /** Type tag. */
  kind: 'wrong-share';
  /** The deviating dealer. */
  participant: number;
  /** Who gets a wrong share, ascending. */
  to: number[];
  /** How it answers the complaints. */
  justification: 'honest' | 'wrong' | 'none';
}

/**
 * A dealer's deal broadcast carries commitment `index` moved by G, to everyone alike: every holder's
 * share fails, every holder complains, and the true shares the dealer publishes do not open it
 * (`invalid-justification`; Joint-Feldman with `index` 0: the proof fails first, `invalid-proof`).
 * @example
 * ```ts
 * import type { WrongCommitmentFault } from 'dvt-bls/testing';
 * const wrong: WrongCommitmentFault = { kind: 'wrong-commitment', participant: 2, index: 1 };
 * ```
 */
export interface WrongCommitmentFault {
  /** Type tag. */
  kind: 'wrong-commitment';
  /** The deviating dealer. */
  participant: number;
  /** Which commitment (0 = the constant term's). */
  index: number;
}

/**
 * A dealer's deal broadcast has the wrong number of commitments or bytes that are not a point:
 * `malformed-commitments`.
 * @example
 * ```ts
 * import type { MalformedCommitmentsFault } from 'dvt-bls/testing';
 * const garbled: MalformedCommitmentsFault = { kind: 'malformed-commitments', participant: 4, variant: 'not-a-point' };
 * ```
 */
export interface MalformedCommitmentsFault {
  /** Type tag. */
  kind: 'malformed-commitments';
  /** The deviating dealer. */
  participant: number;
  /** One commitment too few, one too many, or the first one bytes that do not decode to a point. */
  variant: 'too-few' | 'too-many' | 'not-a-point';
}

/**
 * A deviation with nothing more to say than who deviates:
 * - `wrong-constant-term` (resharing, refresh): the constant term's commitment moved by G, so it is
 *   not the dealer's old public key share (resharing) or not zero (refresh): `wrong-constant-term`;
 * - `bad-proof` (Joint-Feldman): the proof of possession's response + 1: `invalid-proof`;
 * - `bad-reveal` (Pedersen): the Feldman reveal's last commitment moved by G: complaints with
 *   evidence, and the group commitments are rebuilt in public (it stays qualified, the key
 *   unchanged);
 * - `wrong-sum` (repair): the helper's sum to the recipient + 1: the recipient names it;
 * - `inconsistent-pieces` (repair): the helper's last piece commitment moved by G, so they do not
 *   add up: the recipient names it.
 * @example
 * ```ts
 * import type { PlainDeviation } from 'dvt-bls/testing';
 * const forged: PlainDeviation = { kind: 'bad-proof', participant: 1 };
 * ```
 */
export interface PlainDeviation {
  /** Type tag. */
  kind: 'wrong-constant-term' | 'bad-proof' | 'bad-reveal' | 'wrong-sum' | 'inconsistent-pieces';
  /** The deviating participant. */
  participant: number;
}

/**
 * A dealer sends another deal broadcast (last commitment moved by G) to the participants in `to`
 * than to the others, or, with `both`, both versions to those in `to`. Honest participants then see
 * different ceremonies: every one of them fails with `TRANSCRIPT_MISMATCH` naming the dealer.
 * @example
 * ```ts
 * import type { EquivocationFault } from 'dvt-bls/testing';
 * const twoFaced: EquivocationFault = { kind: 'equivocate', participant: 1, to: [3], both: false };
 * ```
 */
export interface EquivocationFault {
  /** Type tag. */
  kind: 'equivocate';
  /** The deviating dealer. */
  participant: number;
  /** Who gets the other version (at least one honest participant), ascending. */
  to: number[];
  /** Whether those in `to` get both versions. */
  both: boolean;
}

/**
 * A participant sends nothing from round `fromRound` on (it keeps receiving). From round 0: a
 * silent dealer (`silent`); later: its complaints, justifications, reveals or transcript are missing.
 * @example
 * ```ts
 * import type { SilenceFault } from 'dvt-bls/testing';
 * const crashedAfterDealing: SilenceFault = { kind: 'silent', participant: 2, fromRound: 1 };
 * ```
 */
export interface SilenceFault {
  /** Type tag. */
  kind: 'silent';
  /** The silent participant. */
  participant: number;
  /** The first round it sends nothing in. */
  fromRound: number;
}

/**
 * A participant complains (without evidence) about a dealer whose deal was fine. The dealer answers
 * by publishing that share and stays qualified; the complainer is not punished (nobody can tell).
 * @example
 * ```ts
 * import type { FalseComplaintFault } from 'dvt-bls/testing';
 * const slander: FalseComplaintFault = { kind: 'false-complaint', participant: 4, against: 1 };
 * ```
 */
export interface FalseComplaintFault {
  /** Type tag. */
  kind: 'false-complaint';
  /** The complainer. */
  participant: number;
  /** The dealer it complains about. */
  against: number;
}

/**
 * What a faulty participant does (one deviation per faulty participant).
 * @example
 * ```ts
 * import type { Deviation } from 'dvt-bls/testing';
 * const describe = (d: Deviation): string => `${d.participant}: ${d.kind}`;
 * ```
 */
export type Deviation =
  | WrongShareFault
  | WrongCommitmentFault
  | MalformedCommitmentsFault
  | PlainDeviation
  | EquivocationFault
  | SilenceFault
  | FalseComplaintFault;

/**
 * Any fault of a ceremony: a participant's deviation or the network's.
 * @example
 * ```ts
 * import type { CeremonyFault } from 'dvt-bls/testing';
 * const isDeviation = (f: CeremonyFault): boolean => 'participant' in f;
 * ```
 */
export type CeremonyFault = Deviation | NetworkFault;

const isDeviation = (f: CeremonyFault): f is Deviation => 'participant' in f;
const isMessageFault = (f: CeremonyFault): f is MessageFault =>
  f.kind === 'drop' || f.kind === 'delay' || f.kind === 'duplicate' || f.kind === 'corrupt';
/** A message fault that keeps its messages from arriving intact. */
const isDamage = (f: CeremonyFault): f is MessageFault => f.kind === 'drop' || f.kind === 'delay' || f.kind === 'corrupt';

// -------------------------------------------------------------------------------------------------
// Ceremonies and what they must conclude.

/**
 * What the honest participants must end with: the same result everywhere (but each one's share),
 * with this qualified set. Repair: the recipient gets its lost share back.
 * @example
 * ```ts
 * import type { ExpectedCeremonySuccess } from 'dvt-bls/testing';
 * const expected: ExpectedCeremonySuccess = { outcome: 'success', qualified: [1, 2, 4], disqualified: [{ id: 3, reason: 'invalid-proof' }] };
 * ```
 */
export interface ExpectedCeremonySuccess {
  /** Type tag. */
  outcome: 'success';
  /** The qualified dealers, ascending (repair: the helpers). */
  qualified: number[];
  /** The dealers left out, ascending, with the reason (repair: none). */
  disqualified: {
    /** The dealer. */
    id: number;
    /** Why: the first reason found, as the participants report it. */
    reason: DisqualificationReason;
  }[];
}

/**
 * What the honest participants must fail with: the same `DvtBlsError` code and culprits everywhere.
 * @example
 * ```ts
 * import type { ExpectedCeremonyFailure } from 'dvt-bls/testing';
 * const expected: ExpectedCeremonyFailure = { outcome: 'failure', code: 'TRANSCRIPT_MISMATCH', culprits: [1] };
 * ```
 */
export interface ExpectedCeremonyFailure {
  /** Type tag. */
  outcome: 'failure';
  /**
   * `TRANSCRIPT_MISMATCH`: the honest participants saw different ceremonies (an equivocation, a
   * broadcast lost or damaged for some). `DKG_FAILED`: too few dealers qualified, (Pedersen) group
   * commitments that could not be rebuilt, or (repair) helpers deviated.
   */
  code: 'TRANSCRIPT_MISMATCH' | 'DKG_FAILED';
  /** The error's `culprits`, ascending. */
  culprits: number[];
}

/**
 * The ground truth of a ceremony, from its description alone.
 * @example
 * ```ts
 * import type { ExpectedCeremonyOutcome } from 'dvt-bls/testing';
 * const named = (e: ExpectedCeremonyOutcome): number[] => (e.outcome === 'success' ? e.disqualified.map((d) => d.id) : e.culprits);
 * ```
 */
export type ExpectedCeremonyOutcome = ExpectedCeremonySuccess | ExpectedCeremonyFailure;

/**
 * What every ceremony description has (see {@link DkgCeremony} and {@link LifecycleCeremony}).
 * @example
 * ```ts
 * import type { CeremonyScenarioBase } from 'dvt-bls/testing';
 * const summary = (c: CeremonyScenarioBase): string => `${c.protocol} ${c.participants.join(',')}: ${c.expected.outcome}`;
 * ```
 */
export interface CeremonyScenarioBase {
  /** The protocol. */
  protocol: DkgProtocol;
  /** Everyone taking part, ascending. */
  participants: number[];
  /** The 32-byte session id. */
  session: Uint8Array;
  /** Whether deals are sealed (every participant has an X25519 key) or travel in the clear. */
  sealed: boolean;
  /**
   * 32 bytes from which everything random derives (SHA-256 in counter mode, labelled): each
   * participant's randomness and encryption key pair, and the network's shuffles.
   */
  seed: Uint8Array;
  /** The faults: the deviations (one per faulty participant), then the network faults. */
  faults: CeremonyFault[];
  /** The participants with a deviation, ascending. */
  faulty: number[];
  /** The others, ascending. */
  honest: number[];
  /**
   * Whose outcome `expected` describes, ascending: the honest participants (repair: the recipient;
   * the helpers end with a result without a share whatever happens).
   */
  observers: number[];
  /** What the observers must end with. */
  expected: ExpectedCeremonyOutcome;
  /**
   * The ceremony run with the `bls` the arbitrary was given: computed on first access and cached;
   * not enumerable, so fast-check does not print it in a counterexample (run
   * {@link runFaultyCeremony} to get it on another backend).
   */
  readonly run: CeremonyRun;
}

/**
 * A Joint-Feldman or Pedersen DKG among `participants`, t-of-n.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbDkgCeremony, type DkgCeremony } from 'dvt-bls/testing';
 * const [ceremony]: DkgCeremony[] = fc.sample(arbDkgCeremony({ maxN: 4 }), { seed: 1, numRuns: 1 });
 * console.log(ceremony!.protocol, ceremony!.threshold, ceremony!.faults, ceremony!.expected);
 * ```
 */
export interface DkgCeremony extends CeremonyScenarioBase {
  /** Type tag. */
  protocol: 'joint-feldman' | 'pedersen';
  /** t. */
  threshold: number;
}

/**
 * A resharing of `sharing` (held by `oldIds`, `oldThreshold` of them needed) to `newIds` with
 * `threshold`; the sets overlap or not. The faulty participants are old holders.
 * @example
 * ```ts
 * import type { ReshareCeremony } from 'dvt-bls/testing';
 * const disjoint = (c: ReshareCeremony): boolean => c.newIds.every((id) => !c.oldIds.includes(id));
 * ```
 */
export interface ReshareCeremony extends CeremonyScenarioBase {
  /** Type tag. */
  protocol: 'reshare';
  /** The current sharing (its `ids` are `oldIds`). */
  sharing: Sharing;
  /** The current holders, ascending. */
  oldIds: number[];
  /** The current threshold. */
  oldThreshold: number;
  /** The new holders, ascending. */
  newIds: number[];
  /** The new threshold. */
  threshold: number;
}

/**
 * A refresh of `sharing` by all its holders.
 * @example
 * ```ts
 * import type { RefreshCeremony } from 'dvt-bls/testing';
 * const size = (c: RefreshCeremony): string => `${c.threshold}-of-${c.participants.length}`;
 * ```
 */
export interface RefreshCeremony extends CeremonyScenarioBase {
  /** Type tag. */
  protocol: 'refresh';
  /** The current sharing (its holders are the participants). */
  sharing: Sharing;
  /** t, unchanged. */
  threshold: number;
}

/**
 * A repair: `helpers` (t current holders) rebuild `recipient`'s share of `sharing`. The faulty
 * participants are helpers; `observers` is the recipient.
 * @example
 * ```ts
 * import type { RepairCeremony } from 'dvt-bls/testing';
 * const lost = (c: RepairCeremony) => c.sharing.shares.find((s) => s.id === c.recipient);
 * ```
 */
export interface RepairCeremony extends CeremonyScenarioBase {
  /** Type tag. */
  protocol: 'repair';
  /** The current sharing (the recipient's share in it is the one to rebuild). */
  sharing: Sharing;
  /** The t helpers, ascending. */
  helpers: number[];
  /** Whose share is rebuilt. */
  recipient: number;
}

/**
 * A resharing, refresh or repair.
 * @example
 * ```ts
 * import type { LifecycleCeremony } from 'dvt-bls/testing';
 * const groupKey = (c: LifecycleCeremony): Uint8Array => c.sharing.groupPublicKey;
 * ```
 */
export type LifecycleCeremony = ReshareCeremony | RefreshCeremony | RepairCeremony;

/**
 * Any ceremony the kit describes.
 * @example
 * ```ts
 * import type { CeremonyScenario } from 'dvt-bls/testing';
 * const isLifecycle = (c: CeremonyScenario): boolean => c.protocol === 'reshare' || c.protocol === 'refresh' || c.protocol === 'repair';
 * ```
 */
export type CeremonyScenario = DkgCeremony | LifecycleCeremony;

// -------------------------------------------------------------------------------------------------
// Runs and transcripts.

/**
 * How a participant ended: its result (`DkgResult` for a DKG, `LifecycleResult` for resharing and
 * refresh, `RepairResult` for a repair) or the `DvtBlsError` it failed with.
 * @example
 * ```ts
 * import { DvtBlsError } from 'dvt-bls';
 * import type { CeremonyOutcome } from 'dvt-bls/testing';
 * const failed = (o: CeremonyOutcome): boolean => o instanceof DvtBlsError;
 * ```
 */
export type CeremonyOutcome = DkgResult | LifecycleResult | RepairResult | DvtBlsError;

/**
 * A message as a participant's state machine produced it (before any fault), with its encodings.
 * @example
 * ```ts
 * import type { SentMessage } from 'dvt-bls/testing';
 * const line = (m: SentMessage): string => `round ${m.round} (${m.step}) ${m.sender}: ${m.json}`;
 * ```
 */
export interface SentMessage {
  /** The round (step index) it was sent in. */
  round: number;
  /** The sender's step that returned it. */
  step: string;
  /** The sender. */
  sender: number;
  /** The message. */
  message: DkgMessage;
  /** `encodeMessageBinary(message)`. */
  binary: Uint8Array;
  /** `encodeMessageJson(message)`, computed on first access. */
  readonly json: string;
}

/**
 * What a participant was handed, after every fault: the bytes that came over the wire and what
 * they decode to. A relay drops what does not decode, so the participant only gets `message`s.
 * @example
 * ```ts
 * import type { DeliveredMessage } from 'dvt-bls/testing';
 * const undecodable = (m: DeliveredMessage): boolean => m.message === undefined;
 * ```
 */
export interface DeliveredMessage {
  /** The round (step index) of the recipient's step that took it. */
  round: number;
  /** That step. */
  step: string;
  /** The recipient. */
  recipient: number;
  /** The participant that sent it (a replay: whose message of another session it is). */
  from: number;
  /** The binary encoding as received. */
  binary: Uint8Array;
  /** `decodeMessageBinary(binary)`, or undefined if it does not decode. */
  message: DkgMessage | undefined;
  /** `encodeMessageJson(message)`, computed on first access; undefined if it does not decode. */
  readonly json: string | undefined;
  /**
   * The faults that shaped this delivery, in the order applied: the sender's deviation (a faulty
   * participant's transcript, a copy of an honest one's, is tagged with it too), then the network's
   * (`replay` alone for a replayed message). Empty: as sent.
   */
  faults: CeremonyFaultKind[];
}

/**
 * Every message of a ceremony: as sent, and as delivered to each participant, in order.
 * @example
 * ```ts
 * import type { CeremonyTranscript } from 'dvt-bls/testing';
 * const bytesOnTheWire = (t: CeremonyTranscript): number => t.delivered.reduce((n, m) => n + m.binary.length, 0);
 * ```
 */
export interface CeremonyTranscript {
  /** Every message each participant's state machine produced, round by round, before any fault. */
  sent: SentMessage[];
  /** Every message each participant was handed, round by round, after the faults. */
  delivered: DeliveredMessage[];
}

/**
 * A ceremony run: the transcript, every participant's outcome and rejections, and the parts of the
 * ground truth that need the dealers' own messages.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbDkgCeremony } from 'dvt-bls/testing';
 * const [ceremony] = fc.sample(arbDkgCeremony({ maxN: 4 }), { seed: 3, numRuns: 1 });
 * const { outcomes, transcript } = ceremony!.run;
 * console.log(outcomes.get(ceremony!.observers[0]!), transcript.sent.length);
 * ```
 */
export interface CeremonyRun {
  /** Each participant's outcome, by id (faulty participants' too: they mean nothing). */
  outcomes: Map<number, CeremonyOutcome>;
  /** What each participant dropped on intake (its `rejected`), by id. */
  rejected: Map<number, RejectedMessage[]>;
  /** Every message sent and delivered. */
  transcript: CeremonyTranscript;
  /**
   * DKG: each dealer's constant-term commitment a_0·G as its state machine produced it, before any
   * fault: C_0 of its deal broadcast (Joint-Feldman), A_0 of its Feldman reveal (Pedersen),
   * compressed (48 bytes, as a public key; on the wire it travels uncompressed). Empty for the
   * lifecycle ceremonies.
   */
  constantTerms: Map<number, Uint8Array>;
  /**
   * The group public key a successful ceremony must end with: DKG: the sum over the expected
   * qualified set of `constantTerms` (computed on first access); resharing and refresh: the
   * sharing's, unchanged. Undefined for a repair and when the ceremony must fail.
   */
  readonly expectedGroupPublicKey: Uint8Array | undefined;
}

// -------------------------------------------------------------------------------------------------
// Options.

/**
 * Options about faults, common to {@link arbDkgCeremony} and {@link arbLifecycleCeremony}.
 * @example
 * ```ts
 * import { arbDkgCeremony, type CeremonyFaultOptions } from 'dvt-bls/testing';
 * const options: CeremonyFaultOptions = { maxFaults: 1, network: { max: 1 }, kinds: ['silent', 'drop'] };
 * const arb = arbDkgCeremony(options);
 * ```
 */
export interface CeremonyFaultOptions {
  /**
   * The most faulty (deviating) participants. Default: as many as the ceremony tolerates (a DKG or
   * refresh: n - t; resharing: n_old - t_old; repair: 1). More make `DKG_FAILED` possible. At least
   * one participant stays honest.
   */
  maxFaults?: number;
  /** How many network faults (default: 0 to 3). */
  network?: SizeRange;
  /** Which kinds of faults to use (default: all of {@link CEREMONY_FAULT_KINDS} that apply). */
  kinds?: readonly CeremonyFaultKind[];
  /**
   * Seal deals to X25519 keys: only `false` (the default, deals in the clear) for now; `true`
   * throws a `RangeError` (see `src/testing/deal-format.ts`: the sealed wire format's faults are
   * not modelled yet).
   */
  sealed?: boolean;
}

/**
 * Options of {@link arbDkgCeremony}.
 * @example
 * ```ts
 * import { arbDkgCeremony, type DkgCeremonyOptions } from 'dvt-bls/testing';
 * const options: DkgCeremonyOptions = { protocol: 'pedersen', minN: 3, maxN: 6, maxFaults: 2 };
 * const arb = arbDkgCeremony(options);
 * ```
 */
export interface DkgCeremonyOptions extends ThresholdConfigOptions, CeremonyFaultOptions, BlsOption {
  /** One protocol or a list to choose from (default: both). */
  protocol?: DkgCeremony['protocol'] | readonly DkgCeremony['protocol'][];
  /**
   * Configurations to use instead of {@link arbThresholdConfig} with these options (whose `maxN`
   * defaults to 5 here: each participant costs every other one work).
   */
  config?: fc.Arbitrary<ThresholdConfig>;
}

/**
 * Options of {@link arbLifecycleCeremony}.
 * @example
 * ```ts
 * import { arbLifecycleCeremony, type LifecycleCeremonyOptions } from 'dvt-bls/testing';
 * const options: LifecycleCeremonyOptions = { protocol: ['reshare', 'repair'], maxN: 4, idRange: { min: 1, max: 20 } };
 * const arb = arbLifecycleCeremony(options);
 * ```
 */
export interface LifecycleCeremonyOptions extends IdOptions, CeremonyFaultOptions, BlsOption {
  /** One protocol or a list to choose from (default: all three). */
  protocol?: LifecycleCeremony['protocol'] | readonly LifecycleCeremony['protocol'][];
  /** Smallest set (default 1; a repair needs 2 holders). */
  minN?: number;
  /** Largest set (default 5): the holders of a refresh or repair, each of the old and new sets of a resharing. */
  maxN?: number;
}

// -------------------------------------------------------------------------------------------------
// Who does what in each protocol.

/** The roles of a ceremony's participants, as the model and the generators see them. */
interface Roles {
  protocol: DkgProtocol;
  /** Everyone, ascending. */
  participants: number[];
  /** Who deals (repair: the helpers), ascending. */
  dealers: number[];
  /** Who receives deals and complains (repair: the helpers), ascending. */
  receivers: number[];
  /** Commitments per deal broadcast. */
  threshold: number;
  /** Qualified dealers needed. */
  required: number;
  /** Repair: whose share is rebuilt. */
  recipient?: number;
}

/** A ceremony description before its ground truth and run are added. */
type Draft<C> = C extends unknown ? Omit<C, 'faulty' | 'honest' | 'observers' | 'expected' | 'run'> : never;
type CeremonyDraft = Draft<CeremonyScenario>;

function rolesOf(c: CeremonyDraft): Roles {
  const participants = c.participants;
  switch (c.protocol) {
    case 'joint-feldman':
    case 'pedersen':
      return { protocol: c.protocol, participants, dealers: participants, receivers: participants, threshold: c.threshold, required: c.threshold };
    case 'refresh':
      return { protocol: c.protocol, participants, dealers: participants, receivers: participants, threshold: c.threshold, required: c.threshold };
    case 'reshare':
      return { protocol: c.protocol, participants, dealers: c.oldIds, receivers: c.newIds, threshold: c.threshold, required: c.oldThreshold };
    case 'repair':
      return {
        protocol: c.protocol,
        participants,
        dealers: c.helpers,
        receivers: c.helpers,
        threshold: c.helpers.length,
        required: c.helpers.length,
        recipient: c.recipient,
      };
  }
}

/** The round of the transcript broadcast (none in a repair). */
function transcriptRound(protocol: DkgProtocol): number | undefined {
  return protocol === 'repair' ? undefined : CEREMONY_STEPS[protocol].length - 2;
}

/** A kind of message one role sends in one round, and to whom. */
interface MessageClass {
  round: number;
  type: DkgMessageType;
  senders: number[];
  recipients: (from: number) => number[];
}

function messageClasses(r: Roles, sealed: boolean): MessageClass[] {
  const others = (from: number): number[] => r.participants.filter((id) => id !== from);
  const receiversBut = (from: number): number[] => r.receivers.filter((id) => id !== from);
  const deal = dealType(sealed);
  const classes: MessageClass[] = [
    { round: 0, type: 'deal-broadcast', senders: r.dealers, recipients: others },
    { round: 0, type: deal, senders: r.dealers, recipients: receiversBut },
    { round: 1, type: 'response', senders: r.receivers, recipients: others },
    { round: 2, type: 'justification', senders: r.dealers, recipients: others },
  ];
  if (r.protocol === 'pedersen') {
    classes.push(
      { round: 3, type: 'feldman-reveal', senders: r.dealers, recipients: others },
      { round: 4, type: 'reveal-complaint', senders: r.participants, recipients: others },
      { round: 5, type: 'reconstruction', senders: r.participants, recipients: others }
    );
  }
  if (r.protocol === 'repair') classes.push({ round: 3, type: deal, senders: r.dealers, recipients: () => [r.recipient as number] });
  const tr = transcriptRound(r.protocol);
  if (tr !== undefined) classes.push({ round: tr, type: 'transcript', senders: r.participants, recipients: others });
  return classes;
}

/**
 * The broadcasts every honest participant of its role always sends, whose loss or damage for some
 * honest participants makes their views differ (and the ceremony end in TRANSCRIPT_MISMATCH naming
 * the sender). The lifecycle protocols get only the response: a participant of a resharing or
 * refresh whose view falls short of qualified dealers stops before the transcripts are compared,
 * so a lost deal broadcast could end it differently from the others (see `complete` for the
 * responses that are not drawn either).
 */
function splittableClasses(r: Roles): MessageClass[] {
  const all = messageClasses(r, false);
  const wanted: DkgMessageType[] =
    r.protocol === 'joint-feldman'
      ? ['deal-broadcast', 'response']
      : r.protocol === 'pedersen'
        ? ['deal-broadcast', 'response', 'feldman-reveal', 'reveal-complaint']
        : r.protocol === 'repair'
          ? []
          : ['response'];
  return all.filter((c) => wanted.includes(c.type));
}

// -------------------------------------------------------------------------------------------------
// The ground truth: what a ceremony must conclude, from its description alone.

/**
 * Senders whose broadcasts the honest participants see differently: a visible equivocation, or an
 * honest sender's broadcast lost or damaged for some honest participants.
 */
function viewSplits(r: Roles, deviations: ReadonlyMap<number, Deviation>, network: readonly NetworkFault[], honest: readonly number[]): number[] {
  const split = new Set<number>();
  const isHonest = new Set(honest);
  for (const d of deviations.values()) {
    if (d.kind !== 'equivocate') continue;
    const reached = d.to.filter((q) => isHonest.has(q));
    const spared = honest.filter((q) => !d.to.includes(q));
    if (reached.length > 0 && (d.both || spared.length > 0)) split.add(d.participant);
  }
  const splittable = splittableClasses(r);
  for (const f of network) {
    if (!isDamage(f) || f.type === 'transcript' || DEAL_TYPES.includes(f.type)) continue;
    const cls = splittable.find((c) => c.round === f.round && c.type === f.type);
    if (cls === undefined || !isHonest.has(f.from) || !cls.senders.includes(f.from)) {
      throw new Error(`dvt-bls/testing: cannot predict a ${f.kind} of ${f.type} from ${f.from} in round ${f.round}`);
    }
    if (f.to.some((q) => isHonest.has(q) && q !== f.from)) split.add(f.from);
  }
  return ascending(split);
}

/** Whether participant `p` sends anything in `round` (a silent one does not, from its round on). */
function sendsIn(deviations: ReadonlyMap<number, Deviation>, p: number, round: number): boolean {
  const d = deviations.get(p);
  return !(d?.kind === 'silent' && round >= d.fromRound);
}

/** Whether the network keeps a deal of `round` from `from` to `to` from arriving intact. */
function dealLost(network: readonly NetworkFault[], from: number, to: number, round: number): boolean {
  return network.some((f) => isDamage(f) && f.from === from && f.to.includes(to) && f.round === round && DEAL_TYPES.includes(f.type));
}

/**
 * The common view of the deal and response rounds of a DKG, resharing or refresh: the dealers left
 * out on their deal broadcast alone (silent, malformed, the protocol's own check), the others, and
 * who complains about each of those.
 */
function dealingView(
  r: Roles,
  deviations: ReadonlyMap<number, Deviation>,
  network: readonly NetworkFault[]
): { disqualified: Map<number, DisqualificationReason>; dealt: number[]; accusers: Map<number, number[]> } {
  const dev = (p: number): Deviation | undefined => deviations.get(p);
  const disqualified = new Map<number, DisqualificationReason>();
  const dealt: number[] = [];
  for (const d of r.dealers) {
    const x = dev(d);
    if (!sendsIn(deviations, d, 0)) disqualified.set(d, 'silent');
    else if (x?.kind === 'malformed-commitments') disqualified.set(d, 'malformed-commitments');
    else if (r.protocol === 'joint-feldman' && (x?.kind === 'bad-proof' || (x?.kind === 'wrong-commitment' && x.index === 0))) {
      disqualified.set(d, 'invalid-proof');
    } else if ((r.protocol === 'reshare' || r.protocol === 'refresh') && x?.kind === 'wrong-constant-term') {
      disqualified.set(d, 'wrong-constant-term');
    } else dealt.push(d);
  }
  const accusers = new Map<number, number[]>();
  for (const d of dealt) {
    const x = dev(d);
    accusers.set(
      d,
      r.receivers.filter((q) => {
        if (q === d || !sendsIn(deviations, q, 1)) return false;
        const y = dev(q);
        return (
          (x?.kind === 'wrong-share' && x.to.includes(q)) ||
          x?.kind === 'wrong-commitment' ||
          dealLost(network, d, q, 0) ||
          (y?.kind === 'false-complaint' && y.against === d)
        );
      })
    );
  }
  return { disqualified, dealt, accusers };
}

/** The outcome of a DKG, resharing or refresh by the rules of docs/dkg.md and docs/lifecycle.md. */
function expectDealing(r: Roles, deviations: ReadonlyMap<number, Deviation>, network: readonly NetworkFault[], honest: readonly number[]): ExpectedCeremonyOutcome {
  const split = viewSplits(r, deviations, network, honest);
  if (split.length > 0) return { outcome: 'failure', code: 'TRANSCRIPT_MISMATCH', culprits: split };
  const dev = (p: number): Deviation | undefined => deviations.get(p);
  const sends = (p: number, round: number): boolean => sendsIn(deviations, p, round);
  // Round 2 (respond): silent, malformed, the protocol's own check; then complaints, and rounds
  // 3-4: justifications.
  const { disqualified, dealt, accusers } = dealingView(r, deviations, network);
  for (const d of dealt) {
    const x = dev(d);
    if ((accusers.get(d) as number[]).length === 0) continue;
    if (!sends(d, 2) || (x?.kind === 'wrong-share' && x.justification === 'none')) disqualified.set(d, 'unanswered-complaint');
    else if ((x?.kind === 'wrong-share' && x.justification === 'wrong') || x?.kind === 'wrong-commitment') {
      disqualified.set(d, 'invalid-justification');
    }
  }
  const qualified = dealt.filter((d) => !disqualified.has(d));
  if (qualified.length < r.required) return { outcome: 'failure', code: 'DKG_FAILED', culprits: ascending(disqualified.keys()) };
  if (r.protocol === 'pedersen') {
    // A qualified dealer without a (valid) Feldman reveal has the group commitments rebuilt from t
    // summed blinding values. A participant publishes one if its view has such a dealer other than
    // itself (a faulty one sees its own reveal as sent); the value is valid only if summed over the
    // same QUAL, which a disqualified dealer's own machine does not share (it sees its own
    // messages as sent, so it counts itself in). Honest participants publish valid values.
    const cause = qualified.filter((d) => !sends(d, 3) || dev(d)?.kind === 'bad-reveal');
    if (cause.length > 0) {
      const publishers = r.participants.filter((h) => sends(h, 5) && cause.some((d) => d !== h));
      const valid = publishers.filter((h) => qualified.includes(h));
      if (valid.length < r.threshold) {
        const culprits = ascending(new Set([...cause, ...publishers.filter((h) => !qualified.includes(h))]));
        return { outcome: 'failure', code: 'DKG_FAILED', culprits };
      }
    }
  }
  return {
    outcome: 'success',
    qualified,
    disqualified: ascending(disqualified.keys()).map((id) => ({ id, reason: disqualified.get(id) as DisqualificationReason })),
  };
}

/** The recipient's outcome of a repair by the rules of docs/lifecycle.md. */
function expectRepair(r: Roles, deviations: ReadonlyMap<number, Deviation>, network: readonly NetworkFault[]): ExpectedCeremonyOutcome {
  const helpers = r.dealers;
  const dev = (p: number): Deviation | undefined => deviations.get(p);
  const sends = (p: number, round: number): boolean => sendsIn(deviations, p, round);
  const lost = (from: number, to: number, round: number): boolean => dealLost(network, from, to, round);
  const consistent = (i: number): boolean => sends(i, 0) && dev(i)?.kind !== 'inconsistent-pieces';
  // Piece commitments that do not add up, and complaints left unsettled.
  const culprits = new Set(helpers.filter((i) => !consistent(i)));
  for (const j of helpers) {
    if (!sends(j, 1)) continue;
    for (const i of helpers) {
      if (i === j || !consistent(i)) continue;
      const x = dev(i);
      const complains = (x?.kind === 'wrong-share' && x.to.includes(j)) || lost(i, j, 0);
      const settled = sends(i, 2) && !(x?.kind === 'wrong-share' && x.justification !== 'honest');
      if (complains && !settled) culprits.add(i);
    }
  }
  if (culprits.size > 0) return { outcome: 'failure', code: 'DKG_FAILED', culprits: ascending(culprits) };
  // Then each helper's sum to the recipient.
  const recipient = r.recipient as number;
  for (const j of helpers) {
    if (!sends(j, 3) || dev(j)?.kind === 'wrong-sum' || lost(j, recipient, 3)) culprits.add(j);
  }
  if (culprits.size > 0) return { outcome: 'failure', code: 'DKG_FAILED', culprits: ascending(culprits) };
  return { outcome: 'success', qualified: [...helpers], disqualified: [] };
}

// -------------------------------------------------------------------------------------------------
// Generators.

const bytes32Arbitrary = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** The protocols asked for, or all of `all`. */
function protocolsOf<P extends DkgProtocol>(asked: P | readonly P[] | undefined, all: readonly P[]): P[] {
  const list = asked === undefined ? [...all] : typeof asked === 'string' ? [asked] : [...asked];
  if (list.length === 0 || list.some((p) => !all.includes(p))) {
    throw new RangeError(`options.protocol: expected one or more of ${all.join(', ')}`);
  }
  return list;
}

function checkedKinds(kinds: readonly CeremonyFaultKind[] | undefined): Set<CeremonyFaultKind> {
  if (kinds === undefined) return new Set(CEREMONY_FAULT_KINDS);
  for (const k of kinds) if (!CEREMONY_FAULT_KINDS.includes(k)) throw new RangeError(`options.kinds: unknown kind ${String(k)}`);
  return new Set(kinds);
}

/** What the generators need beyond the roles. */
interface FaultContext {
  kinds: Set<CeremonyFaultKind>;
  sealed: boolean;
  /**
   * Whether faults that make the honest participants' views differ (equivocation, an honest
   * broadcast lost for some) may be drawn: not in a lifecycle ceremony with more faulty dealers
   * than it tolerates (see `arbLifecycleCeremony`).
   */
  splits: boolean;
}

const subset = (items: readonly number[], min = 0, max = items.length): fc.Arbitrary<number[]> =>
  fc.subarray([...items], { minLength: min, maxLength: max });

/** The deviations participant `p` can be drawn with. */
function deviationArbitraries(r: Roles, p: number, honest: readonly number[], o: FaultContext): fc.Arbitrary<Deviation>[] {
  const allow = (k: CeremonyFaultKind): boolean => o.kinds.has(k);
  const out: fc.Arbitrary<Deviation>[] = [];
  const participant = fc.constant(p);
  const plain = (kind: PlainDeviation['kind']): fc.Arbitrary<Deviation> => fc.constant({ kind, participant: p });
  const receiversBut = r.receivers.filter((q) => q !== p);
  if (allow('wrong-share') && canAlterDeals(o.sealed) && receiversBut.length > 0) {
    out.push(
      fc.record({
        kind: fc.constant('wrong-share' as const),
        participant,
        to: subset(receiversBut, 1),
        justification: fc.constantFrom('honest' as const, 'wrong' as const, 'none' as const),
      })
    );
  }
  if (r.protocol === 'repair') {
    if (allow('wrong-sum') && canAlterDeals(o.sealed)) out.push(plain('wrong-sum'));
    if (allow('inconsistent-pieces')) out.push(plain('inconsistent-pieces'));
  } else {
    const dkg = r.protocol === 'joint-feldman' || r.protocol === 'pedersen';
    // Resharing and refresh check the constant term first: its deviation is wrong-constant-term.
    const firstIndex = dkg ? 0 : 1;
    if (allow('wrong-commitment') && r.threshold - 1 >= firstIndex) {
      out.push(fc.record({ kind: fc.constant('wrong-commitment' as const), participant, index: fc.integer({ min: firstIndex, max: r.threshold - 1 }) }));
    }
    if (allow('wrong-constant-term') && !dkg) out.push(plain('wrong-constant-term'));
    if (allow('malformed-commitments')) {
      out.push(
        fc.record({
          kind: fc.constant('malformed-commitments' as const),
          participant,
          variant: fc.constantFrom('too-few' as const, 'too-many' as const, 'not-a-point' as const),
        })
      );
    }
    if (allow('bad-proof') && r.protocol === 'joint-feldman') out.push(plain('bad-proof'));
    if (allow('bad-reveal') && r.protocol === 'pedersen') out.push(plain('bad-reveal'));
    if (allow('equivocate') && o.splits && honest.length > 0) {
      const kind = fc.constant('equivocate' as const);
      const both = fc.record({ kind, participant, to: subset(honest, 1), both: fc.constant(true) });
      out.push(
        honest.length >= 2 ? fc.oneof(fc.record({ kind, participant, to: subset(honest, 1, honest.length - 1), both: fc.constant(false) }), both) : both
      );
    }
    const targets = r.dealers.filter((d) => d !== p);
    if (allow('false-complaint') && r.receivers.includes(p) && targets.length > 0) {
      out.push(fc.record({ kind: fc.constant('false-complaint' as const), participant, against: fc.constantFrom(...targets) }));
    }
  }
  // The last step sends nothing: silence from then on is no deviation.
  if (allow('silent')) out.push(fc.record({ kind: fc.constant('silent' as const), participant, fromRound: fc.integer({ min: 0, max: CEREMONY_STEPS[r.protocol].length - 2 }) }));
  return out;
}

/** The network faults a ceremony can be drawn with. */
function networkArbitraries(r: Roles, honest: readonly number[], faulty: readonly number[], o: FaultContext): fc.Arbitrary<NetworkFault>[] {
  const ids = r.participants;
  if (ids.length < 2) return [];
  const allowed = (kinds: readonly MessageFault['kind'][]): MessageFault['kind'][] => kinds.filter((k) => o.kinds.has(k));
  const out: fc.Arbitrary<NetworkFault>[] = [];
  const onClass = (c: MessageFault['kind'][], cls: MessageClass, senders: number[], to: (from: number) => fc.Arbitrary<number[]>): void => {
    if (c.length === 0 || senders.length === 0) return;
    out.push(
      fc.constantFrom(...senders).chain((from) =>
        fc
          .record({ kind: fc.constantFrom(...c), to: to(from), offset: fc.nat() })
          .map(({ kind, to: recipients, offset }): MessageFault => ({
            kind,
            from,
            to: ascending(recipients),
            round: cls.round,
            type: cls.type,
            ...(kind === 'corrupt' ? { offset } : {}),
          }))
      )
    );
  };
  const classes = messageClasses(r, o.sealed);
  for (const cls of classes) {
    const senders = cls.senders.filter((s) => cls.recipients(s).length > 0);
    const anyRecipients = (from: number): fc.Arbitrary<number[]> => subset(cls.recipients(from), 1);
    if (DEAL_TYPES.includes(cls.type)) onClass(allowed(['drop', 'delay', 'duplicate', 'corrupt']), cls, senders, anyRecipients);
    else if (cls.type === 'transcript') onClass(allowed(['drop', 'delay', 'duplicate']), cls, senders, anyRecipients);
    else onClass(allowed(['duplicate']), cls, senders, anyRecipients);
  }
  // Honest broadcasts lost or damaged for some honest participants (and maybe some faulty ones).
  for (const cls of o.splits ? splittableClasses(r) : []) {
    const senders = cls.senders.filter((s) => honest.includes(s) && honest.some((h) => h !== s));
    onClass(allowed(['drop', 'delay', 'corrupt']), cls, senders, (from) =>
      fc
        .tuple(
          subset(
            honest.filter((h) => h !== from),
            1
          ),
          subset(faulty.filter((f) => f !== from))
        )
        .map(([a, b]) => [...a, ...b])
    );
  }
  if (o.kinds.has('reorder')) out.push(fc.record({ kind: fc.constant('reorder' as const), to: subset(ids, 1) }));
  if (o.kinds.has('replay')) {
    out.push(
      fc.record({ kind: fc.constant('replay' as const), round: fc.integer({ min: 0, max: CEREMONY_STEPS[r.protocol].length - 2 }), to: subset(ids, 1) })
    );
  }
  return out;
}

/** At most `max` faulty participants among `candidates`, each with one deviation, and the network faults. */
function arbFaults(
  r: Roles,
  candidates: readonly number[],
  max: number,
  networkCount: { min: number; max: number },
  o: FaultContext,
  keep: (faulty: number[]) => number[] = (f) => f
): fc.Arbitrary<{ deviations: Deviation[]; network: NetworkFault[] }> {
  return subset(candidates, 0, Math.max(0, Math.min(max, candidates.length)))
    .map(keep)
    .chain((chosen) => {
      const honest = r.participants.filter((id) => !chosen.includes(id));
      const options = chosen.map((p) => deviationArbitraries(r, p, honest, o));
      const drawn = chosen.filter((_, i) => (options[i] as fc.Arbitrary<Deviation>[]).length > 0);
      const deviations = fc.tuple(...options.filter((a) => a.length > 0).map((a) => fc.oneof(...a)));
      const network = networkArbitraries(r, honest, drawn, o);
      return fc.record({
        deviations,
        network: network.length === 0 ? fc.constant([]) : fc.array(fc.oneof(...network), { minLength: networkCount.min, maxLength: networkCount.max }),
      });
    });
}

/** Adds the ground truth and the lazy run to a description. */
function complete<C extends CeremonyScenario>(bls: DvtBls, draft: Draft<C>): C {
  const d = draft as CeremonyDraft;
  const r = rolesOf(d);
  const deviations = new Map(d.faults.filter(isDeviation).map((f) => [f.participant, f]));
  let network = d.faults.filter((f): f is NetworkFault => !isDeviation(f));
  const faulty = ascending(deviations.keys());
  const honest = d.participants.filter((id) => !deviations.has(id));
  // Resharing and refresh: a response lost for a dealer it complains about leaves the complaint
  // unanswered in the views that have it, which can fall short of qualified dealers there; those
  // protocols stop on a shortfall before comparing transcripts, so such a loss is not drawn.
  if (r.protocol === 'reshare' || r.protocol === 'refresh') {
    const { accusers } = dealingView(r, deviations, network);
    const accuses = (q: number, d: number): boolean => accusers.get(d)?.includes(q) ?? false;
    network = network
      .map((f) => (isDamage(f) && f.type === 'response' ? { ...f, to: f.to.filter((d) => !accuses(f.from, d)) } : f))
      .filter((f) => !isMessageFault(f) || f.to.length > 0);
  }
  // A transcript lost between honest participants whose views differ could keep one of them from
  // seeing the difference (it would finish while the others fail): the two are not drawn together.
  if (r.protocol !== 'repair' && viewSplits(r, deviations, network, honest).length > 0) {
    network = network.filter((f) => !(isDamage(f) && f.type === 'transcript'));
  }
  const expected = r.protocol === 'repair' ? expectRepair(r, deviations, network) : expectDealing(r, deviations, network, honest);
  const scenario = {
    ...d,
    // Plain objects (fast-check's records have no prototype), deviations first.
    faults: [...faulty.map((id) => deviations.get(id) as Deviation), ...network].map((f) => ({ ...f })),
    faulty,
    honest,
    observers: r.protocol === 'repair' ? [r.recipient as number] : honest,
    expected,
  } as unknown as C;
  let cached: CeremonyRun | undefined;
  Object.defineProperty(scenario, 'run', { enumerable: false, get: () => (cached ??= runFaultyCeremony(scenario, { bls })) });
  return scenario;
}

function checkedMaxFaults(maxFaults: number | undefined): void {
  if (maxFaults !== undefined && (!Number.isSafeInteger(maxFaults) || maxFaults < 0)) {
    throw new RangeError(`options.maxFaults: expected an integer >= 0, got ${maxFaults}`);
  }
}

/** The `sealed` option: deals in the clear only, for now. */
function checkedSealed(sealed: boolean | undefined): false {
  if (sealed === true) throw new RangeError('options.sealed: sealed ceremonies are not drawn yet: with encryption keys deals travel inside the tagged deal broadcast, whose faults the kit does not model (see src/testing/deal-format.ts)');
  return false;
}

/**
 * Joint-Feldman and Pedersen DKGs with faults: a (t, n) configuration (by default n <= 5), up to
 * `maxFaults` faulty participants (by default n - t, as many as the protocol tolerates) each with
 * one deviation, and a few network faults, with the ground truth in `expected`: who must be
 * disqualified and why, or the error every honest participant must end with. The ceremony runs
 * on first access to `run` (or with {@link runFaultyCeremony}), deterministically: the same value
 * gives the same transcript, byte for byte, on every backend.
 *
 * With at most n - t faulty participants, a ceremony fails only when the honest participants see
 * different broadcasts (`TRANSCRIPT_MISMATCH`, naming the senders seen differently: an equivocating
 * dealer, or an honest sender whose broadcast the network lost or damaged for some); otherwise it
 * succeeds, with every detectable deviation disqualified. More faulty participants can make it
 * fail with `DKG_FAILED`.
 * @param options - Protocols, sizes, how many and which faults, sealed deals, and the `bls` to run with.
 * @returns An arbitrary of DKG ceremonies.
 * @throws `RangeError` for options no ceremony satisfies.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { DvtBlsError } from 'dvt-bls';
 * import { arbDkgCeremony } from 'dvt-bls/testing';
 * // Whatever goes wrong, the honest participants end alike, as the ground truth says.
 * fc.assert(
 *   fc.property(arbDkgCeremony({ maxN: 4 }), (ceremony) => {
 *     const outcomes = ceremony.observers.map((id) => ceremony.run.outcomes.get(id));
 *     return outcomes.every((o) =>
 *       ceremony.expected.outcome === 'failure'
 *         ? o instanceof DvtBlsError && o.code === ceremony.expected.code
 *         : !(o instanceof DvtBlsError) && o !== undefined && 'qualified' in o && o.qualified.join() === ceremony.expected.qualified.join()
 *     );
 *   }),
 *   { numRuns: 5 }
 * );
 * ```
 */
export function arbDkgCeremony(options: DkgCeremonyOptions = {}): fc.Arbitrary<DkgCeremony> {
  const bls = options.bls ?? defaultBls;
  const protocols = protocolsOf(options.protocol, ['joint-feldman', 'pedersen'] as const);
  const kinds = checkedKinds(options.kinds);
  const networkCount = sizeBounds(options.network, { min: 0, max: 3 }, 'options.network');
  checkedMaxFaults(options.maxFaults);
  const sealed = checkedSealed(options.sealed);
  const configs = options.config ?? configArbitrary({ ...options, maxN: options.maxN ?? Math.max(5, options.minN ?? 1, options.minThreshold ?? 1) });
  return fc
    .record({ config: configs, protocol: fc.constantFrom(...protocols), session: bytes32Arbitrary, seed: bytes32Arbitrary })
    .chain(({ config, protocol, session, seed }) => {
      const participants = ascending(config.ids);
      const threshold = config.threshold;
      const r: Roles = { protocol, participants, dealers: participants, receivers: participants, threshold, required: threshold };
      const max = Math.min(options.maxFaults ?? participants.length - threshold, participants.length - 1);
      return arbFaults(r, participants, max, networkCount, { kinds, sealed, splits: true }).map(({ deviations, network }) =>
        complete<DkgCeremony>(bls, { protocol, participants, threshold, session, sealed, seed, faults: [...deviations, ...network] })
      );
    });
}

/** A sharing of a drawn secret among `ids`, t-of-n, with drawn coefficients. */
function arbSharingOf(bls: DvtBls, ids: number[], threshold: number): fc.Arbitrary<Sharing> {
  const coefficientBytes = 48 * (threshold - 1);
  return fc
    .tuple(fc.bigInt({ min: 1n, max: R - 1n }).map(bytes32), fc.uint8Array({ minLength: coefficientBytes, maxLength: coefficientBytes }))
    .map(([secretKey, coefficients]) => makeSharing(bls, { threshold, ids }, secretKey, coefficients));
}

/**
 * Resharing, refresh and repair ceremonies with faults, on a sharing made by `splitSecret`:
 * - `reshare`: (t_old, n_old) -> (t_new, n_new) with overlapping or disjoint sets (each of at most
 *   `maxN`, default 5), up to `maxFaults` (default n_old - t_old) faulty old holders, at least t_new
 *   new holders honest;
 * - `refresh`: t-of-n, up to n - t faulty holders;
 * - `repair`: t helpers rebuild one holder's share, at most `maxFaults` (default 1) faulty helpers;
 *   the ground truth is the recipient's (its share back, or `DKG_FAILED` naming the helpers the
 *   recipient can tell deviated; a lost sum names its helper, since the recipient cannot tell).
 *
 * The faults are those of {@link arbDkgCeremony} that apply (no proofs of possession or Feldman
 * reveals here; `wrong-constant-term` for resharing and refresh; `wrong-sum` and
 * `inconsistent-pieces` for repair; no equivocation or lost broadcasts in a repair, which compares no
 * transcripts). Resharing and refresh do not hold a shortfall of qualified dealers back until the
 * transcripts are compared (a participant whose view falls short stops before the others can see
 * that their views differ), so the kit makes views differ there only in ways that cannot cause a
 * shortfall: a lost or damaged response, or an equivocation, and neither when `maxFaults` exceeds
 * what the ceremony tolerates.
 * @param options - Protocols, set sizes, ids, how many and which faults, sealed deals, and the `bls` to run with.
 * @returns An arbitrary of lifecycle ceremonies.
 * @throws `RangeError` for options no ceremony satisfies.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbLifecycleCeremony } from 'dvt-bls/testing';
 * fc.assert(
 *   fc.property(arbLifecycleCeremony({ protocol: 'repair', maxN: 4 }), (ceremony) => {
 *     if (ceremony.protocol !== 'repair' || ceremony.expected.outcome !== 'success') return true;
 *     const outcome = ceremony.run.outcomes.get(ceremony.recipient);
 *     const lost = ceremony.sharing.shares.find((s) => s.id === ceremony.recipient)!;
 *     return outcome !== undefined && 'share' in outcome && Buffer.from(outcome.share!.secretKey).equals(Buffer.from(lost.secretKey));
 *   }),
 *   { numRuns: 5 }
 * );
 * ```
 */
export function arbLifecycleCeremony(options: LifecycleCeremonyOptions = {}): fc.Arbitrary<LifecycleCeremony> {
  const bls = options.bls ?? defaultBls;
  const protocols = protocolsOf(options.protocol, ['reshare', 'refresh', 'repair'] as const);
  const kinds = checkedKinds(options.kinds);
  const networkCount = sizeBounds(options.network, { min: 0, max: 3 }, 'options.network');
  checkedMaxFaults(options.maxFaults);
  const sealed = checkedSealed(options.sealed);
  const minN = options.minN ?? 1;
  let maxN = options.maxN ?? Math.max(5, minN);
  if (!Number.isSafeInteger(minN) || !Number.isSafeInteger(maxN) || minN < 1 || maxN < minN) {
    throw new RangeError(`options: expected integers 1 <= minN <= maxN, got minN ${minN}, maxN ${maxN}`);
  }
  const id = idArbitrary(options);
  const range = options.idRange === undefined ? Infinity : idRangeSize(options.idRange);
  const needed = Math.max(minN, protocols.includes('repair') ? 2 : 1);
  if (range < needed) throw new RangeError(`options.idRange: fewer than the ${needed} distinct ids a ceremony needs`);
  maxN = Math.min(maxN, range);
  const p: LifecycleParameters = { bls, ids: options, id, range, minN, maxN, maxFaults: options.maxFaults, networkCount, o: { kinds, sealed } };
  const arbitraries = protocols.map((protocol): fc.Arbitrary<LifecycleCeremony> => {
    switch (protocol) {
      case 'reshare':
        return arbReshare(p);
      case 'refresh':
        return arbRefresh(p);
      case 'repair':
        return arbRepair(p);
    }
  });
  return fc.oneof(...arbitraries);
}

function idRangeSize(range: IdRange): number {
  const { min, max } = checkedIdRange(range);
  return max - min + 1;
}

type Bounds = { min: number; max: number };
type Draw = { kinds: Set<CeremonyFaultKind>; sealed: boolean };
/** What every lifecycle arbitrary draws from, checked once by `arbLifecycleCeremony`. */
interface LifecycleParameters {
  bls: DvtBls;
  ids: IdOptions;
  /** An id drawn from `ids`. */
  id: fc.Arbitrary<number>;
  /** How many ids `ids` allows. */
  range: number;
  minN: number;
  maxN: number;
  maxFaults: number | undefined;
  networkCount: Bounds;
  o: Draw;
}

function arbReshare({ bls, id, minN, maxN, range, maxFaults, networkCount, o }: LifecycleParameters): fc.Arbitrary<ReshareCeremony> {
  const size = fc.integer({ min: minN, max: maxN });
  return fc
    .record({ nOld: size, nNew: size })
    .chain(({ nOld, nNew }) =>
      fc.record({
        nOld: fc.constant(nOld),
        nNew: fc.constant(nNew),
        overlap: fc.integer({ min: Math.max(0, nOld + nNew - range), max: Math.min(nOld, nNew) }),
        oldThreshold: fc.integer({ min: 1, max: nOld }),
        threshold: fc.integer({ min: 1, max: nNew }),
      })
    )
    .chain(({ nOld, nNew, overlap, oldThreshold, threshold }) =>
      fc.uniqueArray(id, { minLength: nOld + nNew - overlap, maxLength: nOld + nNew - overlap }).chain((pool) => {
        const oldIds = ascending(pool.slice(0, nOld));
        const newIds = ascending(pool.slice(nOld - overlap));
        const participants = ascending(pool);
        const r: Roles = { protocol: 'reshare', participants, dealers: oldIds, receivers: newIds, threshold, required: oldThreshold };
        const tolerated = nOld - oldThreshold;
        const max = Math.min(maxFaults ?? tolerated, participants.length - 1);
        // Enough new holders stay honest to sign with their new shares.
        const keep = (chosen: number[]): number[] => {
          let honestNew = newIds.length;
          return chosen.filter((p) => {
            if (!newIds.includes(p)) return true;
            if (honestNew - 1 < threshold) return false;
            honestNew--;
            return true;
          });
        };
        return fc
          .record({
            sharing: arbSharingOf(bls, oldIds, oldThreshold),
            session: bytes32Arbitrary,
            seed: bytes32Arbitrary,
            faults: arbFaults(r, oldIds, max, networkCount, { ...o, splits: max <= tolerated }, keep),
          })
          .map(({ sharing, session, seed, faults }) =>
            complete<ReshareCeremony>(bls, {
              protocol: 'reshare',
              participants,
              sharing,
              oldIds,
              oldThreshold,
              newIds,
              threshold,
              session,
              sealed: o.sealed,
              seed,
              faults: [...faults.deviations, ...faults.network],
            })
          );
      })
    );
}

function arbRefresh({ bls, ids, minN, maxN, maxFaults, networkCount, o }: LifecycleParameters): fc.Arbitrary<RefreshCeremony> {
  return configArbitrary({ idRange: ids.idRange, minN, maxN }).chain((config) => {
    const participants = ascending(config.ids);
    const threshold = config.threshold;
    const r: Roles = { protocol: 'refresh', participants, dealers: participants, receivers: participants, threshold, required: threshold };
    const tolerated = participants.length - threshold;
    const max = Math.min(maxFaults ?? tolerated, participants.length - 1);
    return fc
      .record({
        sharing: arbSharingOf(bls, participants, threshold),
        session: bytes32Arbitrary,
        seed: bytes32Arbitrary,
        faults: arbFaults(r, participants, max, networkCount, { ...o, splits: max <= tolerated }),
      })
      .map(({ sharing, session, seed, faults }) =>
        complete<RefreshCeremony>(bls, {
          protocol: 'refresh',
          participants,
          sharing,
          threshold,
          session,
          sealed: o.sealed,
          seed,
          faults: [...faults.deviations, ...faults.network],
        })
      );
  });
}

function arbRepair({ bls, ids, minN, maxN, maxFaults, networkCount, o }: LifecycleParameters): fc.Arbitrary<RepairCeremony> {
  return configArbitrary({ idRange: ids.idRange, minN: Math.max(2, minN), maxN: Math.max(2, maxN) }).chain((config) => {
    const holders = ascending(config.ids);
    // t helpers besides the recipient: t <= n - 1.
    const threshold = Math.min(config.threshold, holders.length - 1);
    return fc
      .constantFrom(...holders)
      .chain((recipient) =>
        fc.record({
          recipient: fc.constant(recipient),
          helpers: fc.shuffledSubarray(
            holders.filter((h) => h !== recipient),
            { minLength: threshold, maxLength: threshold }
          ),
        })
      )
      .chain(({ recipient, helpers: drawn }) => {
        const helpers = ascending(drawn);
        const participants = ascending([...helpers, recipient]);
        const r: Roles = { protocol: 'repair', participants, dealers: helpers, receivers: helpers, threshold, required: threshold, recipient };
        return fc
          .record({
            sharing: arbSharingOf(bls, holders, threshold),
            session: bytes32Arbitrary,
            seed: bytes32Arbitrary,
            faults: arbFaults(r, helpers, Math.min(maxFaults ?? 1, helpers.length), networkCount, { ...o, splits: false }),
          })
          .map(({ sharing, session, seed, faults }) =>
            complete<RepairCeremony>(bls, {
              protocol: 'repair',
              participants,
              sharing,
              helpers,
              recipient,
              session,
              sealed: o.sealed,
              seed,
              faults: [...faults.deviations, ...faults.network],
            })
          );
      });
  });
}

// -------------------------------------------------------------------------------------------------
// Running a ceremony.

/** What the runner needs of a participant (any protocol). */
interface Machine {
  readonly rejected: readonly RejectedMessage[];
  advance(messages: readonly DkgMessage[]): { messages: DkgMessage[]; result?: unknown };
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SHA-256 in counter mode over seed ‖ label ‖ u64(id): the randomness of one use of the seed. */
function stream(seed: Uint8Array, label: string, id = 0): RandomBytes {
  const idBytes = new Uint8Array(8);
  new DataView(idBytes.buffer).setBigUint64(0, BigInt(id));
  return counterModeBytes(concat(seed, utf8(label), idBytes));
}

const G1 = bls12_381.G1.Point;
/**
 * P + G in P's own encoding (commitments travel uncompressed, single points compressed), by noble:
 * independent of the backend under test.
 */
const movedByG = (point: Uint8Array): Uint8Array => G1.fromBytes(point).add(G1.BASE).toBytes(point.length === 48);
const movedAt = (points: readonly Uint8Array[], index: number): Uint8Array[] => points.map((p, i) => (i === index ? movedByG(p) : p));
const scalarOf = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
const plusOne = (scalar: Uint8Array): Uint8Array => bytes32((scalarOf(scalar) + 1n) % R);
/** A commitment's 96 bytes (uncompressed, no flags) whose x coordinate is above p: no point. */
const NOT_A_POINT = Uint8Array.from({ length: 96 }, (_, i) => (i === 0 ? 0x1f : 0xff));

/** The configuration of participant `self`. */
function configFor(c: CeremonyScenario, self: number, peers: DkgPeer[], keyPair: EncryptionKeyPair | undefined): CeremonyConfig {
  const base = {
    self,
    participants: peers,
    session: c.session,
    randomBytes: stream(c.seed, 'participant', self),
    ...(keyPair === undefined ? {} : { encryptionSecretKey: keyPair.secretKey }),
  };
  switch (c.protocol) {
    case 'joint-feldman':
    case 'pedersen':
      return { ...base, protocol: c.protocol, threshold: c.threshold };
    case 'reshare': {
      const share = c.oldIds.includes(self) ? c.sharing.shares.find((s) => s.id === self) : undefined;
      return {
        ...base,
        protocol: 'reshare',
        oldIds: c.oldIds,
        oldThreshold: c.oldThreshold,
        oldCommitments: c.sharing.commitments,
        newIds: c.newIds,
        threshold: c.threshold,
        ...(share === undefined ? {} : { share }),
      };
    }
    case 'refresh':
      return {
        ...base,
        protocol: 'refresh',
        threshold: c.threshold,
        commitments: c.sharing.commitments,
        share: c.sharing.shares.find((s) => s.id === self) as NonNullable<ReturnType<typeof c.sharing.shares.find>>,
      };
    case 'repair': {
      const share = c.helpers.includes(self) ? c.sharing.shares.find((s) => s.id === self) : undefined;
      return {
        ...base,
        protocol: 'repair',
        helpers: c.helpers,
        recipient: c.recipient,
        commitments: c.sharing.commitments,
        ...(share === undefined ? {} : { share }),
      };
    }
  }
}

/**
 * How the sender's deviation changes message `m` of `round`: the versions it puts on the wire for
 * each recipient (none: it sends nothing). Computed once per message.
 */
function deviationOf(d: Deviation | undefined, m: DkgMessage, round: number): (recipient: number) => DkgMessage[] {
  const as = (versions: DkgMessage[]) => (): DkgMessage[] => versions;
  const same = as([m]);
  if (d === undefined) return same;
  switch (d.kind) {
    case 'silent':
      return round >= d.fromRound ? as([]) : same;
    case 'wrong-share':
      if (isDeal(m) && round === 0) {
        const wrong = [sentBy(withWrongShare(m))];
        return (q) => (d.to.includes(q) ? wrong : [m]);
      }
      if (m.type === 'justification' && d.justification === 'none') return as([]);
      if (m.type === 'justification' && d.justification === 'wrong') {
        return as([sentBy({ ...m, shares: m.shares.map((s) => ({ ...s, share: plusOne(s.share) })) })]);
      }
      return same;
    case 'wrong-sum':
      return isDeal(m) && round === 3 ? as([sentBy(withWrongShare(m))]) : same;
    case 'wrong-commitment':
      return m.type === 'deal-broadcast' ? as([sentBy({ ...m, commitments: movedAt(m.commitments, d.index) })]) : same;
    case 'wrong-constant-term':
      return m.type === 'deal-broadcast' ? as([sentBy({ ...m, commitments: movedAt(m.commitments, 0) })]) : same;
    case 'inconsistent-pieces':
      return m.type === 'deal-broadcast' ? as([sentBy({ ...m, commitments: movedAt(m.commitments, m.commitments.length - 1) })]) : same;
    case 'malformed-commitments': {
      if (m.type !== 'deal-broadcast') return same;
      const c = m.commitments;
      const commitments =
        d.variant === 'too-few' ? c.slice(1) : d.variant === 'too-many' ? [...c, c[c.length - 1] as Uint8Array] : [NOT_A_POINT.slice(), ...c.slice(1)];
      return as([sentBy({ ...m, commitments })]);
    }
    case 'bad-proof':
      return m.type === 'deal-broadcast' && m.proof !== undefined
        ? as([sentBy({ ...m, proof: { ...m.proof, response: plusOne(m.proof.response) } })])
        : same;
    case 'bad-reveal':
      return m.type === 'feldman-reveal' ? as([sentBy({ ...m, commitments: movedAt(m.commitments, m.commitments.length - 1) })]) : same;
    case 'equivocate': {
      if (m.type !== 'deal-broadcast') return same;
      const other = sentBy({ ...m, commitments: movedAt(m.commitments, m.commitments.length - 1) });
      const versions = d.both ? [m, other] : [other];
      return (q) => (d.to.includes(q) ? versions : [m]);
    }
    case 'false-complaint': {
      if (m.type !== 'response' || m.complaints.some((c) => c.dealer === d.against)) return same;
      return as([sentBy({ ...m, complaints: [...m.complaints, { dealer: d.against }].sort((a, b) => a.dealer - b.dealer) })]);
    }
  }
}

/** The binary message with one payload byte changed (`offset` modulo the payload's length). */
function corrupted(binary: Uint8Array, privateMessage: boolean, offset: number): Uint8Array {
  // Header: version, protocol, type (3 bytes), session (32), sender (8), recipient (8, private only).
  const header = 3 + 32 + 8 + (privateMessage ? 8 : 0);
  const out = binary.slice();
  const length = out.length - header;
  if (length > 0) {
    const at = header + (offset % length);
    out[at] = ((out[at] as number) + 0x5b) & 0xff;
  }
  return out;
}

function decoded(binary: Uint8Array): DkgMessage | undefined {
  try {
    return decodeMessageBinary(binary);
  } catch (e) {
    if (e instanceof DvtBlsError) return undefined;
    throw e;
  }
}

/**
 * Runs a ceremony the kit described: every participant created with `bls.createDkgParticipant`
 * (with its randomness, and its X25519 key pair when sealed, derived from the ceremony's `seed`) and
 * driven in lockstep as `runCeremony` does, each message encoded to binary and decoded on arrival,
 * the faults applied in between (the sender's deviation, then the network's, in the order listed;
 * replays and shuffles last). Deterministic: the same ceremony gives the same transcript, byte for
 * byte, on every backend. A ceremony's lazy `run` is this, with the arbitrary's `bls`.
 * @param ceremony - A value of {@link arbDkgCeremony} or {@link arbLifecycleCeremony}.
 * @param options - `bls`: the API to create the participants with (default: `dvt-bls/noble`'s).
 * @returns The transcript, every participant's outcome and rejections, and the constant terms.
 * @throws `RangeError` for a sealed ceremony (the kit models ceremonies in the clear only); an
 *   `Error` if a participant throws something other than a `DvtBlsError` (a bug).
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import * as blst from 'dvt-bls/blst';
 * import { arbDkgCeremony, runFaultyCeremony } from 'dvt-bls/testing';
 * const [ceremony] = fc.sample(arbDkgCeremony({ maxN: 5 }), { seed: 9, numRuns: 1 });
 * // The same ceremony on the native backend: the same bytes on the wire.
 * const native = runFaultyCeremony(ceremony!, { bls: blst });
 * native.transcript.delivered.length === ceremony!.run.transcript.delivered.length; // true
 * ```
 */
export function runFaultyCeremony(ceremony: CeremonyScenario, options: BlsOption = {}): CeremonyRun {
  const bls = options.bls ?? defaultBls;
  const c = ceremony;
  const steps = CEREMONY_STEPS[c.protocol];
  const ids = c.participants;
  const deviations = new Map(c.faults.filter(isDeviation).map((d) => [d.participant, d]));
  const network = c.faults.filter((f): f is NetworkFault => !isDeviation(f));
  // The ground truth is that of ceremonies in the clear (see deal-format.ts).
  if (c.sealed) checkedSealed(c.sealed);
  for (const d of deviations.values()) {
    if ((d.kind === 'wrong-share' || d.kind === 'wrong-sum') && !canAlterDeals(c.sealed)) {
      throw new RangeError(`runFaultyCeremony: a ${d.kind} deviation needs deals in the clear`);
    }
  }
  const keys = c.sealed ? new Map(ids.map((id) => [id, generateEncryptionKeyPair(stream(c.seed, 'x25519', id))])) : undefined;
  const peers: DkgPeer[] = ids.map((id) => (keys === undefined ? { id } : { id, encryptionKey: (keys.get(id) as EncryptionKeyPair).publicKey }));
  const machines = new Map(ids.map((self) => [self, bls.createDkgParticipant(configFor(c, self, peers, keys?.get(self))) as unknown as Machine]));
  const shuffleBytes = stream(c.seed, 'network');
  const below = (bound: number): number => new DataView(shuffleBytes(4).buffer).getUint32(0) % bound;
  const replaySession = sha256(concat(c.session, utf8('dvt-bls/testing/replay')));
  const reordered = new Set(network.flatMap((f) => (f.kind === 'reorder' ? f.to : [])));

  interface Pending {
    from: number;
    binary: Uint8Array;
    faults: CeremonyFaultKind[];
  }
  const inboxes = new Map<string, Pending[]>();
  const inbox = (round: number, id: number): Pending[] => {
    const key = `${round}/${id}`;
    let box = inboxes.get(key);
    if (box === undefined) inboxes.set(key, (box = []));
    return box;
  };
  const sent: SentMessage[] = [];
  const delivered: DeliveredMessage[] = [];
  const outcomes = new Map<number, CeremonyOutcome>();

  for (let round = 0; outcomes.size < ids.length; round++) {
    if (round >= steps.length) throw new Error(`runFaultyCeremony: the ceremony did not end in ${steps.length} rounds`);
    const step = steps[round] as string;
    const now: SentMessage[] = [];
    for (const id of ids) {
      if (outcomes.has(id)) continue;
      const box = inbox(round, id);
      if (reordered.has(id)) {
        for (let i = box.length - 1; i > 0; i--) {
          const j = below(i + 1);
          [box[i], box[j]] = [box[j] as Pending, box[i] as Pending];
        }
      }
      const given: DkgMessage[] = [];
      for (const p of box) {
        const message = decoded(p.binary);
        delivered.push(
          lazy({ round, step, recipient: id, from: p.from, binary: p.binary, message, faults: p.faults }, 'json', () =>
            message === undefined ? undefined : encodeMessageJson(message)
          )
        );
        if (message !== undefined) given.push(message);
      }
      try {
        const out = (machines.get(id) as Machine).advance(given);
        for (const message of out.messages) {
          now.push(lazy({ round, step, sender: id, message, binary: encodeMessageBinary(message) }, 'json', () => encodeMessageJson(message)));
        }
        if (out.result !== undefined) outcomes.set(id, out.result as CeremonyOutcome);
      } catch (e) {
        if (!(e instanceof DvtBlsError)) throw e;
        outcomes.set(id, e);
      }
    }
    sent.push(...now);

    // A faulty participant's transcript: a copy of the first honest participant's (see CEREMONY_FAULT_KINDS).
    const honestTranscript = now.find((s) => s.message.type === 'transcript' && !deviations.has(s.sender))?.message;
    for (const { sender, message } of now) {
      const deviation = deviations.get(sender);
      let original = message;
      if (message.type === 'transcript' && deviation !== undefined) {
        if (honestTranscript === undefined) continue;
        original = { ...honestTranscript, sender } as DkgMessage;
      }
      const versionsFor = deviationOf(deviation, original, round);
      const recipients = isPrivateMessage(original) ? [original.recipient] : ids.filter((q) => q !== sender);
      for (const q of recipients) {
        if (outcomes.has(q)) continue;
        const versions = versionsFor(q);
        const deviated = original !== message || versions.length !== 1 || versions[0] !== original;
        for (const version of versions) {
          let copies = [encodeMessageBinary(version)];
          let at = round + 1;
          const faults: CeremonyFaultKind[] = deviated && deviation !== undefined ? [deviation.kind] : [];
          for (const f of network) {
            if (!isMessageFault(f) || f.from !== sender || f.round !== round || f.type !== original.type || !f.to.includes(q)) continue;
            faults.push(f.kind);
            if (f.kind === 'drop') copies = [];
            else if (f.kind === 'delay') at = round + 2;
            else if (f.kind === 'duplicate') copies = copies.flatMap((b) => [b, b.slice()]);
            else copies = copies.map((b) => corrupted(b, isPrivateMessage(version), f.offset ?? 0));
          }
          for (const binary of copies) inbox(at, q).push({ from: sender, binary, faults: [...faults] });
        }
      }
    }
    for (const f of network) {
      if (f.kind !== 'replay' || f.round !== round) continue;
      for (const q of f.to) {
        for (const s of now) {
          const binary = encodeMessageBinary({ ...s.message, session: replaySession } as DkgMessage);
          inbox(round + 1, q).push({ from: s.sender, binary, faults: ['replay'] });
        }
      }
    }
  }

  const constantTerms = new Map<number, Uint8Array>();
  const termType = c.protocol === 'joint-feldman' ? 'deal-broadcast' : c.protocol === 'pedersen' ? 'feldman-reveal' : undefined;
  for (const s of sent) {
    if (s.message.type === termType && !constantTerms.has(s.sender)) {
      // Commitments travel uncompressed; the kit hands out public keys, compressed.
      constantTerms.set(s.sender, G1.fromBytes(s.message.commitments[0] as Uint8Array).toBytes(true));
    }
  }
  const run = {
    outcomes,
    rejected: new Map(ids.map((id) => [id, [...(machines.get(id) as Machine).rejected]])),
    transcript: { sent, delivered },
    constantTerms,
  };
  return lazy(run, 'expectedGroupPublicKey', (): Uint8Array | undefined => {
    if (c.expected.outcome !== 'success' || c.protocol === 'repair') return undefined;
    if (c.protocol === 'reshare' || c.protocol === 'refresh') return c.sharing.groupPublicKey.slice();
    let sum = G1.ZERO;
    for (const d of c.expected.qualified) {
      const term = constantTerms.get(d);
      if (term === undefined) throw new Error(`runFaultyCeremony: dealer ${d} sent no constant term`);
      sum = sum.add(G1.fromBytes(term));
    }
    return sum.toBytes(true);
  });
}
