/**
 * The Pedersen-VSS DKG of Gennaro, Jarecki, Krawczyk and Rabin ("Secure Distributed Key
 * Generation for Discrete-Log Based Cryptosystems", J. Cryptology 2007), which no coalition of up
 * to t - 1 dealers can bias.
 *
 * Dealers first commit with Pedersen commitments E_k = a_k·G + b_k·H, which reveal nothing about
 * a_k. The qualified set QUAL is fixed by complaints and justifications while nobody knows anything
 * about the key; only then do the qualified dealers reveal A_k = a_k·G, which every participant
 * checks against its shares. A qualified dealer whose reveal is missing or proven wrong is not
 * dropped (that would let it steer the key): the group's Feldman commitments are then rebuilt from
 * the Pedersen ones, Ā_k = Σ_d E_d,k - b̄_k·H, with the summed blinding polynomial b̄ interpolated
 * from the participants' summed blinding values, each published with a proof of knowledge of the
 * share behind it. The paper rebuilds the cheating dealer's secret itself; the outputs need only
 * the group's commitments, and publishing shares would let a relay that withholds reveals collect
 * every dealer's secret. Rebuilding the whole sum rather than the accused dealer's part is what
 * lets the reveals be checked by their sum (see `checkReveals`).
 *
 * Rounds (each a method; calling one out of order throws WRONG_PHASE), with the paper's steps:
 * 1. `deal()`: 1(a) broadcast E_k with the deals (s_ij, s'_ij) sealed inside it (or private deals).
 * 2. `respond(messages)`: 1(b) complaints about missing or invalid deals.
 * 3. `justify(messages)`: 1(c) an accused dealer publishes the accusers' (s_ij, s'_ij).
 * 4. `qualify(messages)`: 1(d) QUAL is fixed; 4(a) a qualified dealer broadcasts A_k.
 * 5. `checkReveals(messages)`: 4(b) one check of the summed reveals against one's summed share;
 *    only if it fails, complaints with (s_ij, s'_ij) as public evidence about each dealer whose
 *    A_k do not match s_ij·G.
 * 6. `reconstruct(messages)`: 4(c) if any reveal is missing or proven wrong, publish one's summed
 *    blinding value Σ_d s'_dj with a proof of knowledge of the share Σ_d s_dj.
 * 7. `finalize(messages)`: the group's Feldman commitments (the summed reveals, or rebuilt), the
 *    outputs, the transcript hash.
 * 8. `complete(messages)`: the result, once every transcript received matches.
 *
 * The second generator H is hash_to_curve(G1) of a fixed message under a fixed tag (see
 * `pedersenGenerator`): nobody knows log_G(H).
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { Backend } from '../backend/types';
import { DvtBlsError } from '../errors';
import { interpolateCoefficients } from '../field/polynomial';
import { CURVE_ORDER, Fr, scalarFromBytes, scalarToBytes } from '../field/scalar';
import { commitPolynomial, evaluateCommitments, evaluateCommitmentsAt } from '../sharing/feldman';
import type {
  Complaint,
  DealBroadcast,
  DkgMessage,
  FeldmanRevealBroadcast,
  ReconstructionBroadcast,
  RevealComplaintBroadcast,
} from './messages';
import { DkgParticipantBase, type DkgConfig, type DkgResult, type ReceivedShare } from './participant';

/**
 * Domain separation tag of the Pedersen generator H (RFC 9380 hash_to_curve on G1, suite
 * BLS12381G1_XMD:SHA-256_SSWU_RO_).
 * @example
 * ```ts
 * import { bls12_381 } from '@noble/curves/bls12-381.js';
 * import { PEDERSEN_H_DST, PEDERSEN_H_MESSAGE, pedersenGenerator } from 'dvt-bls';
 * // Anyone can recompute H, and nobody knows its discrete log to G.
 * const h = bls12_381.G1.hashToCurve(new TextEncoder().encode(PEDERSEN_H_MESSAGE), { DST: PEDERSEN_H_DST });
 * h.equals(bls12_381.G1.Point.fromBytes(pedersenGenerator())); // true
 * ```
 */
export const PEDERSEN_H_DST = 'DVT-BLS-V01-PEDERSEN-H_BLS12381G1_XMD:SHA-256_SSWU_RO_';
/**
 * The message hashed to the curve (under {@link PEDERSEN_H_DST}) to get the Pedersen generator H.
 * @example
 * ```ts
 * import { PEDERSEN_H_MESSAGE } from 'dvt-bls';
 * console.log(PEDERSEN_H_MESSAGE); // 'dvt-bls Pedersen VSS second generator'
 * ```
 */
export const PEDERSEN_H_MESSAGE = 'dvt-bls Pedersen VSS second generator';

/** Domain separation of the reconstruction proofs (see `ReconstructionBroadcast`). */
const RECONSTRUCTION_DST = 'DVT-BLS-V01-DKG-RECONSTRUCTION_BLS12381G1_XMD:SHA-256_RO_';

let hBytes: Uint8Array | undefined;
/**
 * The 48-byte compressed second generator H = hash_to_curve_G1(PEDERSEN_H_MESSAGE) under
 * PEDERSEN_H_DST. Hashing to the curve gives a point whose discrete log to G nobody knows.
 * @returns A fresh copy of H, compressed.
 * @example
 * ```ts
 * import { pedersenGenerator } from 'dvt-bls';
 * pedersenGenerator().length; // 48
 * ```
 */
export function pedersenGenerator(): Uint8Array {
  hBytes ??= bls12_381.G1.hashToCurve(new TextEncoder().encode(PEDERSEN_H_MESSAGE), { DST: PEDERSEN_H_DST }).toBytes(true);
  return Uint8Array.from(hBytes);
}

/**
 * One participant of a Pedersen-VSS (GJKR) DKG (eight rounds): no coalition of fewer than t
 * dealers can bias the key. Make it with `createDkgParticipant({ protocol: 'pedersen', ... })`;
 * drive it with `advance` or with the step methods in order.
 * @typeParam G1 - The backend's G1 point handle.
 * @example
 * ```ts
 * import { createDkgParticipant, generateEncryptionKeyPair, runCeremony, verifyShare } from 'dvt-bls';
 * const ids = [1, 2, 3, 4];
 * const keys = ids.map(() => generateEncryptionKeyPair());
 * const peers = ids.map((id, i) => ({ id, encryptionKey: keys[i]!.publicKey }));
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = ids.map((self, i) =>
 *   createDkgParticipant({ protocol: 'pedersen', self, participants: peers, threshold: 3, session, encryptionSecretKey: keys[i]!.secretKey })
 * );
 * const result = runCeremony(participants).get(4);
 * if (result === undefined || result instanceof Error) throw result ?? new Error('no outcome');
 * verifyShare(result.share, result.commitments); // true
 * ```
 */
export class PedersenParticipant<G1 = unknown> extends DkgParticipantBase<G1> {
  /**
   * The phases of the protocol, in order.
   * @internal
   */
  protected readonly phases = ['deal', 'respond', 'justify', 'qualify', 'checkReveals', 'reconstruct', 'finalize', 'complete'] as const;
  readonly #h: G1;
  #qualified: number[] = [];
  /** The qualified dealers' well-formed Feldman reveals A_k (round 5), by dealer. */
  readonly #reveals = new Map<number, G1[]>();
  /** Σ_d A_d,k over those reveals: the group commitments unless they are rebuilt. */
  #revealedSum: G1[] = [];
  /** The dealers whose reveals have the group commitments rebuilt (round 6): none if they stand. */
  #rebuildCause: number[] = [];
  /**
   * This dealer's own A_k = a_k·G, made with its Pedersen commitments in round 1 (E_k = A_k +
   * b_k·H) and kept private until the reveal in round 4, so they are computed once.
   */
  #ownFeldman: G1[] = [];

  /**
   * @param backend - Curve backend.
   * @param config - The participant's configuration (`protocol: 'pedersen'`).
   */
  constructor(backend: Backend<G1>, config: DkgConfig) {
    super(backend, config, 'pedersen');
    this.#h = backend.decodeG1(pedersenGenerator());
  }

  /**
   * Round 1: Pedersen commitments to (f, f') and the deals (s_ij, s'_ij).
   * @returns The deal broadcast (with the sealed deals), or without encryption keys the broadcast
   *   then one private deal per other participant.
   */
  deal(): DkgMessage[] {
    this.enter('deal');
    const { commitments, deals } = this.dealRound(true, (f, fb) => {
      this.#ownFeldman = commitPolynomial(this.backend, f);
      return this.#ownFeldman.map((a, k) => this.backend.sumG1([a, this.commitToValues(0n, (fb as bigint[])[k] as bigint, this.#h)]));
    });
    return this.dealMessages({ commitments }, deals);
  }

  /**
   * Round 2: checks the broadcasts and this participant's deals; returns its complaints.
   * @param messages - The round 1 messages received.
   * @returns The response broadcast (complaints, possibly none).
   */
  respond(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('respond');
    const complaints = this.responseRound(messages, true, this.#h);
    return [this.own({ ...this.header('response'), complaints })];
  }

  /**
   * Round 3: publishes the accusers' (share, blinding) if this dealer was accused.
   * @param messages - The responses received.
   * @returns The justification broadcast, or nothing if nobody complained about this dealer.
   */
  justify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('justify');
    return this.justificationRound(messages);
  }

  /**
   * Round 4: fixes QUAL; a qualified dealer reveals its Feldman commitments A_k = a_k·G. Too few
   * qualified dealers is reported by `complete`, after the transcripts are compared.
   *
   * QUAL is also where the Pedersen commitments are checked to lie in G1 (their decoding skipped
   * it, see `decodeCommitments`): a dealer whose E_k carry a torsion component is dropped here,
   * while nothing is known about the key, never later. Dropping it after the reveals, as the
   * outputs' subgroup check would otherwise do, would let it choose whether its secret counts
   * once it has seen the others' reveals: a torsion component of the form (x³ - x)·T, with T of
   * order 3, vanishes at every id, so no share check ever sees it.
   * @param messages - The justifications received.
   * @returns The Feldman reveal, or nothing if this dealer is not qualified.
   */
  qualify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('qualify');
    // Too few qualified: carry on, and report it after the transcripts are compared (deferFailure).
    this.#qualified =
      this.deferFailure(() => this.withoutSubgroupOffenders(this.resolveJustifications(messages, this.#h), this.dealt)) ?? this.qualifiedSoFar();
    if (!this.#qualified.includes(this.id)) return [];
    const commitments = this.encodeCommitments(this.#ownFeldman);
    return [this.own({ ...this.header('feldman-reveal'), commitments })];
  }

  /**
   * Round 5: checks the qualified dealers' reveals against this participant's shares: ONE check
   * of their sum, Σ_d A_d(id) == (Σ_d f_d(id))·G, and only if it fails each dealer alone
   * (`invalidShares`), to complain with the (share, blinding) pair as evidence about each whose
   * reveal does not match.
   *
   * A plain sum is enough because of what round 6 does with a complaint: any upheld complaint
   * (or missing reveal) rebuilds the group's commitments from the Pedersen commitments, never one
   * dealer's. Reveals whose errors cancel in the sum pass every honest participant's check and
   * leave the sum, the only thing the outputs use, right; if a member of their coalition then
   * complains about one of them, the sum is rebuilt whole, so the other's error is dropped too
   * (rebuilding only the accused dealer would keep it, and would let the coalition shift the key
   * by an error chosen after seeing the other reveals). With no upheld complaint, every honest
   * participant's check passed: with at least t of them, the summed reveal agrees with the
   * summed sharing at t ids, so it is the summed sharing.
   * @param messages - The Feldman reveals received.
   * @returns The reveal-complaint broadcast (complaints, possibly none).
   */
  checkReveals(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('checkReveals');
    this.intake(messages, ['feldman-reveal']);
    for (const dealer of this.#qualified) {
      const reveal = this.broadcastOf<FeldmanRevealBroadcast>('feldman-reveal', dealer);
      const commitments = reveal === undefined ? undefined : this.decodeCommitments(reveal.commitments);
      // Missing or malformed: the group's commitments are rebuilt (round 6), no complaint needed.
      if (commitments !== undefined) this.#reveals.set(dealer, commitments);
    }
    const revealed = [...this.#reveals.keys()];
    this.#revealedSum = this.summedCommitments(revealed, this.#reveals);
    const { share } = this.summedShare(revealed);
    const complaints: Complaint[] = [];
    if (!this.backend.equalsG1(this.commitToValues(share, undefined, undefined), evaluateCommitments(this.backend, this.#revealedSum, BigInt(this.id)))) {
      const toCheck = revealed
        .filter((d) => d !== this.id)
        .map((dealer) => ({ dealer, commitments: this.#reveals.get(dealer) as G1[], received: { share: (this.received.get(dealer) as ReceivedShare).share } }));
      for (const dealer of this.invalidShares(toCheck, this.id)) {
        const r = this.received.get(dealer) as ReceivedShare;
        complaints.push({ dealer, share: scalarToBytes(r.share), blinding: scalarToBytes(r.blinding as bigint) });
      }
    }
    return [this.own({ ...this.header('reveal-complaint'), complaints } satisfies RevealComplaintBroadcast)];
  }

  /**
   * Round 6: decides whether the group's Feldman commitments are rebuilt: they are if a qualified
   * dealer's reveal is missing or malformed, if a complaint's evidence opens a dealer's Pedersen
   * commitment but not its reveal, or if the summed reveals lie outside G1 (their decoding skipped
   * the subgroup check). Then every participant publishes the sum of its blinding values from
   * the qualified dealers, with a proof of knowledge of its share of the key.
   * @param messages - The reveal complaints received.
   * @returns The reconstruction broadcast, or nothing if the reveals stand.
   */
  reconstruct(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('reconstruct');
    this.intake(messages, ['reveal-complaint']);
    const cause = new Set(this.#qualified.filter((d) => !this.#reveals.has(d)));
    for (const sender of this.participantIds) {
      const complaint = this.broadcastOf<RevealComplaintBroadcast>('reveal-complaint', sender);
      for (const c of complaint?.complaints ?? []) {
        const reveal = this.#reveals.get(c.dealer);
        if (reveal === undefined || c.share === undefined || c.blinding === undefined) continue;
        // Valid evidence: the pair is the dealer's (it opens E at the complainer's id) and the
        // revealed A does not match it. Anything else is a false accusation and is ignored.
        if (
          this.revealedShareMatches(this.dealt.get(c.dealer) as G1[], sender, c.share, c.blinding, this.#h) &&
          !this.revealedShareMatches(reveal, sender, c.share, undefined)
        ) {
          cause.add(c.dealer);
        }
      }
    }
    // A torsion component no share check sees (one that vanishes at every id, or cancels between
    // dealers): the dealers whose reveals carry one are the cause.
    if (cause.size === 0 && !this.inSubgroup(this.#revealedSum)) {
      for (const [dealer, reveal] of this.#reveals) if (!this.inSubgroup(reveal)) cause.add(dealer);
    }
    this.#rebuildCause = [...cause].sort((a, b) => a - b);
    if (cause.size === 0) return [];
    // The summed blinding value only, with a proof of knowledge of the share behind it: the share
    // itself stays private, so nobody (a relay that withheld the reveals included) learns it.
    const { share, blinding } = this.summedShare(this.#qualified);
    const statement = this.backend.encodeG1(this.backend.publicKeyFromSecret(scalarToBytes(share)));
    const proof = this.proveKnowledge(share, statement, RECONSTRUCTION_DST, [this.id]);
    return [this.own({ ...this.header('reconstruction'), blinding: scalarToBytes(blinding), proof } satisfies ReconstructionBroadcast)];
  }

  /**
   * Round 7: the group commitments (the summed reveals, or rebuilt from t summed blinding values
   * whose proofs hold), then the outputs and the transcript hash. Group commitments that cannot
   * be rebuilt are reported by `complete`, after the transcripts are compared.
   * @param messages - The reconstruction broadcasts received.
   * @returns The transcript broadcast.
   */
  finalize(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('finalize');
    this.intake(messages, ['reconstruction']);
    // A shortfall (DKG_FAILED) is reported after the transcripts are compared: see deferFailure.
    const group = this.#rebuildCause.length === 0 ? this.#revealedSum : this.deferFailure(() => this.rebuiltGroupCommitments());
    return this.transcriptRound(group === undefined ? undefined : this.#qualified, this.#qualified, (q, transcriptHash) => this.buildResultFromGroup(q, group as G1[], transcriptHash));
  }

  /** This participant's shares (and blinding values) from `dealers`, summed. */
  private summedShare(dealers: readonly number[]): { share: bigint; blinding: bigint } {
    let share = 0n;
    let blinding = 0n;
    for (const d of dealers) {
      const r = this.received.get(d) as ReceivedShare;
      share = Fr.add(share, r.share);
      blinding = Fr.add(blinding, r.blinding as bigint);
    }
    return { share, blinding };
  }

  /**
   * The group's Feldman commitments rebuilt from the summed Pedersen commitments Ē_k = Σ_d E_d,k
   * and t summed blinding values (this participant's own, then published ones whose proofs hold):
   * their polynomial's coefficients b̄_k give Ā_k = Ē_k - b̄_k·H. Holder j's proof is checked
   * against X_j = Ē(j) - B(j)·H, which is its share of the key times G when B(j) is the value the
   * dealers committed to (and, under the discrete-log assumption, only then). Ē lies in G1: QUAL
   * was checked for it in round 4.
   */
  private rebuiltGroupCommitments(): G1[] {
    const pedersen = this.summedCommitments(this.#qualified, this.dealt);
    // Products of H by public scalars, through the backend's fixed-base table for H.
    const timesH = (scalar: bigint): G1 => this.commitToValues(0n, scalar, this.#h);
    const published = this.participantIds.flatMap((holder) => {
      const m = holder === this.id ? undefined : this.broadcastOf<ReconstructionBroadcast>('reconstruction', holder);
      const blinding = m === undefined ? CURVE_ORDER : scalarFromBytes(m.blinding);
      return m === undefined || blinding >= CURVE_ORDER ? [] : [{ holder, blinding, proof: m.proof }];
    });
    const atHolders = evaluateCommitmentsAt(
      this.backend,
      pedersen,
      published.map((p) => BigInt(p.holder))
    );
    const invalid = this.invalidProofs(
      RECONSTRUCTION_DST,
      published.map((p, i) => ({
        key: p.holder,
        ids: [p.holder],
        statement: this.backend.sumG1([atHolders[i] as G1, timesH(Fr.neg(p.blinding))]),
        proof: p.proof,
      }))
    );
    const points = [{ x: BigInt(this.id), y: this.summedShare(this.#qualified).blinding }];
    for (const p of published) if (points.length < this.threshold && !invalid.includes(p.holder)) points.push({ x: BigInt(p.holder), y: p.blinding });
    if (points.length < this.threshold) {
      const culprits = [...new Set([...this.#rebuildCause, ...invalid])].sort((a, b) => a - b);
      this.abort(
        new DvtBlsError(
          'DKG_FAILED',
          `reconstruction: only ${points.length} valid summed blinding value(s) to rebuild the group commitments, threshold is ${this.threshold}`,
          culprits
        )
      );
    }
    const b = interpolateCoefficients(points);
    return pedersen.map((e, k) => this.backend.sumG1([e, timesH(Fr.neg(b[k] as bigint))]));
  }

  /**
   * Round 8: the result, if every transcript received matches this participant's.
   * @param messages - The transcripts received (a missing one is not waited for).
   * @returns The result.
   * @throws {@link DvtBlsError} TRANSCRIPT_MISMATCH naming the senders seen differently, or
   *   DKG_FAILED (too few qualified dealers, group commitments that cannot be rebuilt) naming the culprits.
   */
  complete(messages: readonly DkgMessage[]): DkgResult {
    this.enter('complete');
    return this.completeRound(messages);
  }
}
