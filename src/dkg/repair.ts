/**
 * Repairing a lost share (Stinson and Strobl 2001; the "enrollment" of ZF frost's `repairable`):
 * t helpers rebuild holder r's share s_r = f(r) without anyone learning it or another's share.
 *
 * Helper i computes δ_i = λ_i(r)·s_i (λ the Lagrange coefficients at x = r over the helpers'
 * ids), so Σ δ_i = f(r), and splits δ_i into t random additive pieces δ_ij, one per helper. To make
 * cheating detectable, it publishes Δ_ij = δ_ij·G, which anyone checks against the public key
 * share: Σ_j Δ_ij must be λ_i(r)·PK_i. Helper j checks each piece it receives against Δ_ij,
 * complains about a wrong one; the accused then publishes that piece (it reveals nothing: it is one
 * of t random summands), which replaces the one received if it matches Δ_ij — a recipient cannot
 * prove what it was sent, so a published piece settles the complaint, as justifications do in the
 * DKG. Each helper then sends σ_j = Σ_i δ_ij to r, who checks σ_j·G = Σ_i Δ_ij, adds them up and
 * checks the result against PK_r. Every deviation names its helper: r gets the repaired share or a
 * DKG_FAILED error whose culprits are the cheating helpers (run again without them).
 *
 * Rounds, for helpers and the recipient alike (lockstep): `deal`, `respond`, `justify`, `send`,
 * `finish`.
 * @module
 */
import type { Backend } from '../backend/types';
import { redactSecret } from '../bytes';
import { DvtBlsError } from '../errors';
import { lagrangeCoefficients } from '../field/polynomial';
import { Fr, randomNonZeroScalar, scalarFromBytes, scalarToBytes } from '../field/scalar';
import { evaluateCommitments } from '../sharing/feldman';
import { checkedCurrentShare, decodeCurrentCommitments, type CurrentShare } from './lifecycle-common';
import type { DealBroadcast, DkgMessage, JustificationBroadcast, ResponseBroadcast } from './messages';
import { DkgParticipantBase, type DkgConfig, type ReceivedShare } from './participant';

/**
 * Configuration of a repair participant: a helper, or the holder whose share is lost.
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, splitSecret, type RepairConfig } from 'dvt-bls';
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const helper: RepairConfig = {
 *   protocol: 'repair',
 *   self: 1,
 *   participants: [1, 2, 3].map((id) => ({ id })),
 *   session: crypto.getRandomValues(new Uint8Array(32)),
 *   helpers: [1, 2],
 *   recipient: 3,
 *   commitments,
 *   share: shares[0],
 * };
 * const participant = createDkgParticipant(helper);
 * ```
 */
export interface RepairConfig extends Omit<DkgConfig, 'protocol' | 'threshold'> {
  /** Type tag. */
  protocol: 'repair';
  /** Exactly t helpers: current holders, not `recipient`. */
  helpers: readonly number[];
  /** The id whose share is rebuilt. */
  recipient: number;
  /** The current Feldman commitments (t of them; their count is the threshold). */
  commitments: readonly Uint8Array[];
  /** A helper's own current share. */
  share?: CurrentShare;
}

/**
 * What a repair ends with: the rebuilt share on the recipient, nothing secret on a helper.
 * @example
 * ```ts
 * import { getPublicKey, type RepairResult } from 'dvt-bls';
 * const rebuilt = (r: RepairResult): boolean =>
 *   r.share !== undefined && Buffer.from(getPublicKey(r.share.secretKey)).equals(r.publicKeyShare);
 * ```
 */
export interface RepairResult {
  /** Type tag. */
  protocol: 'repair';
  /** The holder whose share was rebuilt. */
  recipient: number;
  /** The recipient's public key share (from the commitments), which the rebuilt share matches. */
  publicKeyShare: Uint8Array;
  /** The recipient's rebuilt share; absent on helpers. */
  share?: {
    /** The recipient's id. */
    id: number;
    /** 32-byte secret key share; prints as `<redacted>`. */
    secretKey: Uint8Array;
  };
}

/**
 * One participant of a share repair: t helpers rebuild a holder's lost share without anyone
 * learning it (see docs/lifecycle.md). Rounds: `deal`, `respond`, `justify`, `send`, `finish`.
 * @typeParam G1 - The backend's G1 point handle.
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, runCeremony, splitSecret } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * // 3 lost its share; 1 and 2 rebuild it.
 * const participants = ids.map((self) =>
 *   createDkgParticipant({
 *     protocol: 'repair', self, participants: ids.map((id) => ({ id })), session,
 *     helpers: [1, 2], recipient: 3, commitments, share: self === 3 ? undefined : shares[self - 1],
 *   })
 * );
 * const repaired = runCeremony(participants).get(3); // { protocol: 'repair', recipient: 3, publicKeyShare, share }
 * ```
 */
export class RepairParticipant<G1 = unknown> extends DkgParticipantBase<G1, RepairResult> {
  protected readonly phases = ['deal', 'respond', 'justify', 'send', 'finish'] as const;
  protected override readonly deferSubgroupChecks = false;
  readonly #helpers: number[];
  readonly #recipient: number;
  readonly #commitments: G1[];
  readonly #share: bigint | undefined;
  readonly #pieces = new Map<number, bigint>(); // helper: pieces it dealt, by recipient helper
  readonly #sums = new Map<number, bigint>(); // recipient: σ_j by helper

  /**
   * @param backend - Curve backend.
   * @param config - Helpers, recipient, commitments, and a helper's share.
   */
  constructor(backend: Backend<G1>, config: RepairConfig) {
    const helpers = Array.isArray(config?.helpers) ? [...config.helpers] : [];
    const t = Array.isArray(config?.commitments) ? config.commitments.length : 0;
    if (helpers.length !== t || t === 0) {
      throw new DvtBlsError('INVALID_THRESHOLD', `config.helpers: expected exactly ${t} helpers, one per commitment (the threshold)`);
    }
    if (helpers.includes(config.recipient)) throw new DvtBlsError('INVALID_ID', 'config.recipient: must not be a helper');
    super(backend, { ...config, protocol: 'repair', threshold: t } as unknown as DkgConfig, 'repair', {
      dealers: helpers,
      receivers: helpers,
      requiredDealers: t,
    });
    const listed = new Set(this.participantIds);
    for (const id of [...helpers, config.recipient]) {
      if (!listed.has(id)) throw new DvtBlsError('INVALID_ID', `config.participants: id ${id} is missing`);
    }
    this.#helpers = [...helpers].sort((a, b) => a - b);
    this.#recipient = config.recipient;
    this.#commitments = decodeCurrentCommitments(backend, config.commitments, t, 'config.commitments');
    this.#share = this.#helpers.includes(this.id)
      ? checkedCurrentShare(backend, config.share, this.id, this.#commitments, 'config.share')
      : undefined;
  }

  #lambda(helper: number): bigint {
    const lambdas = lagrangeCoefficients(this.#helpers.map(BigInt), BigInt(this.#recipient));
    return lambdas[this.#helpers.indexOf(helper)] as bigint;
  }

  #piecePoint(piece: bigint): G1 {
    return piece === 0n ? this.backend.sumG1([]) : this.backend.publicKeyFromSecret(scalarToBytes(piece));
  }

  /** Round 1 (helpers): Δ_i· in the clear, δ_ij sealed to each other helper. */
  deal(): DkgMessage[] {
    this.enter('deal');
    if (this.#share === undefined) return [];
    const delta = Fr.mul(this.#lambda(this.id), this.#share);
    let rest = delta;
    this.#helpers.forEach((j, index) => {
      const piece = index === this.#helpers.length - 1 ? rest : randomNonZeroScalar(this.randomBytes);
      rest = Fr.sub(rest, piece);
      this.#pieces.set(j, piece);
    });
    const commitments = this.encodeCommitments(this.#helpers.map((j) => this.#piecePoint(this.#pieces.get(j) as bigint)));
    this.received.set(this.id, { share: this.#pieces.get(this.id) as bigint });
    const deals = this.#helpers.filter((j) => j !== this.id).map((recipient) => ({ recipient, value: { share: this.#pieces.get(recipient) as bigint } }));
    return this.dealMessages({ commitments }, deals);
  }

  /** Each helper's piece commitments, when present, well-formed and summing to λ_i(r)·PK_i. */
  #consistentCommitments(): Map<number, G1[]> {
    const out = new Map<number, G1[]>();
    for (const i of this.#helpers) {
      const b = this.broadcastOf<DealBroadcast>('deal-broadcast', i);
      const points = b === undefined ? undefined : this.decodeCommitments(b.commitments);
      if (points === undefined) continue;
      const expected = this.backend.linearCombinationG1([evaluateCommitments(this.backend, this.#commitments, BigInt(i))], [this.#lambda(i)]);
      if (this.backend.equalsG1(this.backend.sumG1(points), expected)) out.set(i, points);
    }
    return out;
  }

  /** Round 2 (helpers): checks the pieces received; complains about wrong or missing ones. */
  respond(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('respond');
    const privates = this.intake(messages, ['deal-broadcast', 'deal']);
    if (this.#share === undefined) return [];
    const consistent = this.#consistentCommitments();
    const mine = this.#helpers.indexOf(this.id);
    const complaints: ResponseBroadcast['complaints'] = [];
    for (const i of this.#helpers) {
      const points = consistent.get(i);
      if (points === undefined || i === this.id) continue; // an inconsistent helper is public: r names it
      const piece = this.receivedDeal(i, privates, false);
      if (piece !== undefined && this.backend.equalsG1(this.#piecePoint(piece.share), points[mine] as G1)) {
        this.received.set(i, piece);
      } else {
        complaints.push({ dealer: i, ...(piece === undefined ? {} : { share: scalarToBytes(piece.share) }) });
      }
    }
    return [this.own({ ...this.header('response'), complaints })];
  }

  /** Round 3 (accused helpers): publish the pieces complained about (one random summand each). */
  justify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('justify');
    this.intake(messages, ['response']);
    if (this.#share === undefined) return [];
    const accusers = this.#helpers.filter((j) =>
      this.broadcastOf<ResponseBroadcast>('response', j)?.complaints.some((c) => c.dealer === this.id)
    );
    if (accusers.length === 0) return [];
    const shares = accusers.map((j) => ({ id: j, share: scalarToBytes(this.#pieces.get(j) as bigint) }));
    return [this.own({ ...this.header('justification'), shares } satisfies JustificationBroadcast)];
  }

  /** The piece `i` published for accuser `j`, if it matches Δ_ij. */
  #justifiedPiece(i: number, j: number, consistent: Map<number, G1[]>): bigint | undefined {
    const revealed = this.broadcastOf<JustificationBroadcast>('justification', i)?.shares.find((s) => s.id === j);
    const points = consistent.get(i);
    if (revealed === undefined || points === undefined) return undefined;
    const piece = scalarFromBytes(revealed.share);
    if (piece >= Fr.ORDER) return undefined;
    return this.backend.equalsG1(this.#piecePoint(piece), points[this.#helpers.indexOf(j)] as G1) ? piece : undefined;
  }

  /**
   * Round 4 (helpers): takes published pieces in place of the ones complained about, and sends
   * σ_j = Σ_i δ_ij to the recipient — unless some helper failed to justify (then r names it).
   */
  send(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('send');
    this.intake(messages, ['justification']);
    if (this.#share === undefined) return [];
    const consistent = this.#consistentCommitments();
    let sum = 0n;
    for (const i of this.#helpers) {
      if (!consistent.has(i)) return [];
      const piece = this.received.get(i)?.share ?? this.#justifiedPiece(i, this.id, consistent);
      if (piece === undefined) return [];
      sum = Fr.add(sum, piece);
    }
    return [this.privateDeal(this.#recipient, { share: sum })];
  }

  /** Round 5: the recipient names cheaters, or rebuilds its share and checks it. */
  finish(messages: readonly DkgMessage[]): RepairResult {
    this.enter('finish');
    const privates = this.intake(messages, ['deal', 'encrypted-deal']);
    const publicKeyShare = evaluateCommitments(this.backend, this.#commitments, BigInt(this.#recipient));
    const base: RepairResult = { protocol: 'repair', recipient: this.#recipient, publicKeyShare: this.backend.encodeG1(publicKeyShare) };
    if (this.id !== this.#recipient) return base;
    const consistent = this.#consistentCommitments();
    // Helpers whose piece commitments are missing or do not add up to λ_i(r)·PK_i, and accused
    // helpers that did not publish a matching piece.
    const culprits = new Set(this.#helpers.filter((i) => !consistent.has(i)));
    for (const j of this.#helpers) {
      for (const c of this.broadcastOf<ResponseBroadcast>('response', j)?.complaints ?? []) {
        if (this.#helpers.includes(c.dealer) && this.#justifiedPiece(c.dealer, j, consistent) === undefined) culprits.add(c.dealer);
      }
    }
    if (culprits.size === 0) {
      // Every helper could sum its pieces: σ_j must exist and open the column sum Σ_i Δ_ij.
      for (const j of this.#helpers) {
        const deal = privates.find((m) => m.sender === j);
        const sigma = deal === undefined ? undefined : this.openPrivateDeal(deal, false)?.share;
        const column = this.backend.sumG1(this.#helpers.map((i) => (consistent.get(i) as G1[])[this.#helpers.indexOf(j)] as G1));
        if (sigma === undefined || !this.backend.equalsG1(this.#piecePoint(sigma), column)) culprits.add(j);
        else this.#sums.set(j, sigma);
      }
    }
    if (culprits.size > 0) {
      this.abort(new DvtBlsError('DKG_FAILED', `repair: helper(s) ${[...culprits].sort((a, b) => a - b).join(', ')} deviated; run again without them`, [...culprits]));
    }
    let share = 0n;
    for (const j of this.#helpers) share = Fr.add(share, this.#sums.get(j) as bigint);
    if (!this.backend.equalsG1(this.#piecePoint(share), publicKeyShare)) {
      this.abort(new DvtBlsError('DKG_FAILED', 'repair: the rebuilt share does not match the public key share', this.#helpers));
    }
    return { ...base, share: { id: this.id, secretKey: redactSecret(scalarToBytes(share)) } };
  }
}
