/**
 * Joint-Feldman DKG with proofs of possession, as in FROST key generation (Komlo and Goldberg,
 * 2020, round 1 step 2–5): every dealer Feldman-shares a random secret and proves knowledge of its
 * constant term with a Schnorr proof bound to the session and its id, so no dealer can choose its
 * contribution as a function of others' (rogue-key attack). Complaints and justifications follow
 * Pedersen's VSS; the group key is the sum of the qualified dealers' constant terms.
 *
 * Rounds (each a method; calling one out of order throws WRONG_PHASE):
 * 1. `deal()` → broadcast commitments C_k = a_k·G, the proof and the deals (sealed inside it, or
 *    without encryption keys one private deal per participant).
 * 2. `respond(messages)` → broadcast complaints about missing or invalid deals.
 * 3. `justify(messages)` → an accused dealer broadcasts the accusers' shares.
 * 4. `finalize(messages)` → QUAL is fixed; broadcast the transcript hash.
 * 5. `complete(messages)` → the result, once every transcript received matches.
 *
 * Joint-Feldman lets a rushing dealer bias the group key's distribution (Gennaro et al., 2007);
 * use the Pedersen protocol where that matters.
 * @module
 */
import type { Backend } from '../backend/types';
import { DvtBlsError } from '../errors';
import { commitPolynomial } from '../sharing/feldman';
import type { DealBroadcast, DkgMessage } from './messages';
import { DkgParticipantBase, type DkgConfig, type DkgResult } from './participant';

/** Domain separation of the proofs of possession (Schnorr challenges, hashed to a scalar). */
const POP_DST = 'DVT-BLS-V01-DKG-POP_BLS12381G1_XMD:SHA-256_RO_';

/**
 * One participant of a Joint-Feldman DKG with proofs of possession (five rounds). Make it with
 * `createDkgParticipant({ protocol: 'joint-feldman', ... })`; drive it with `advance` or with the
 * step methods in order.
 * @typeParam G1 - The backend's G1 point handle.
 * @example
 * ```ts
 * import { createDkgParticipant, isPrivateMessage, verifyShare, type DkgMessage } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const [p1, p2, p3] = ids.map((self) =>
 *   createDkgParticipant({ protocol: 'joint-feldman', self, participants: ids.map((id) => ({ id })), threshold: 2, session })
 * );
 * const all = [p1!, p2!, p3!];
 * const to = (id: number, sent: DkgMessage[]) => sent.filter((m) => m.sender !== id && (!isPrivateMessage(m) || m.recipient === id));
 * const round1 = all.flatMap((p) => p.deal());
 * const round2 = all.flatMap((p) => p.respond(to(p.id, round1)));
 * const round3 = all.flatMap((p) => p.justify(to(p.id, round2)));
 * const round4 = all.flatMap((p) => p.finalize(to(p.id, round3)));
 * const [r1] = all.map((p) => p.complete(to(p.id, round4)));
 * verifyShare(r1!.share, r1!.commitments); // true
 * ```
 */
export class JointFeldmanParticipant<G1 = unknown> extends DkgParticipantBase<G1> {
  /**
   * The phases of the protocol, in order.
   * @internal
   */
  protected readonly phases = ['deal', 'respond', 'justify', 'finalize', 'complete'] as const;

  /**
   * @param backend - Curve backend.
   * @param config - The participant's configuration (`protocol: 'joint-feldman'`).
   */
  constructor(backend: Backend<G1>, config: DkgConfig) {
    super(backend, config, 'joint-feldman');
  }

  /**
   * Round 1: the deal broadcast (commitments and proof) and the private deals.
   * @returns The deal broadcast (with the sealed deals), or without encryption keys the broadcast
   *   then one private deal per other participant.
   */
  deal(): DkgMessage[] {
    this.enter('deal');
    const { points, commitments, deals } = this.dealRound(false, (f) => commitPolynomial(this.backend, f));
    // Proof of possession of a_0, bound to the session and this dealer's id (the statement
    // compressed, as every Schnorr statement).
    const proof = this.proveKnowledge(this.polynomial[0] as bigint, this.backend.encodeG1(points[0] as G1), POP_DST, [this.id]);
    return this.dealMessages({ commitments, proof }, deals);
  }

  /**
   * Round 2: checks broadcasts, proofs and this participant's deals; returns its complaints.
   * @param messages - The round 1 messages received.
   * @returns The response broadcast (complaints, possibly none).
   */
  respond(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('respond');
    const complaints = this.responseRound(messages, false, undefined, {
      reason: 'invalid-proof',
      invalid: (valid) =>
        this.invalidProofs(
          POP_DST,
          valid.map((dealer) => {
            const b = this.broadcastOf<DealBroadcast>('deal-broadcast', dealer) as DealBroadcast;
            const statement = (this.dealt.get(dealer) as G1[])[0] as G1;
            return { key: dealer, ids: [dealer], statement, proof: b.proof as NonNullable<DealBroadcast['proof']> };
          })
        ),
    });
    return [this.own({ ...this.header('response'), complaints })];
  }

  /**
   * Round 3: publishes the accusers' shares if this dealer was accused.
   * @param messages - The responses received.
   * @returns The justification broadcast, or nothing if nobody complained about this dealer.
   */
  justify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('justify');
    return this.justificationRound(messages);
  }

  /**
   * Round 4: fixes the qualified set, computes the result, returns the transcript broadcast. Too
   * few qualified dealers is reported by `complete`, after the transcripts are compared.
   * @param messages - The justifications received.
   * @returns The transcript broadcast.
   */
  finalize(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('finalize');
    return this.finalizeRound(
      messages,
      (qualified, transcriptHash) => this.buildResult(qualified, this.dealt, transcriptHash),
      (qualified) => this.withoutSubgroupOffenders(qualified, this.dealt)
    );
  }

  /**
   * Round 5: the result, if every transcript received matches this participant's.
   * @param messages - The transcripts received (a missing one is not waited for).
   * @returns The result.
   * @throws {@link DvtBlsError} TRANSCRIPT_MISMATCH naming the senders seen differently, or
   *   DKG_FAILED (too few qualified dealers) naming the disqualified ones.
   */
  complete(messages: readonly DkgMessage[]): DkgResult {
    this.enter('complete');
    return this.completeRound(messages);
  }
}
