/**
 * The Pedersen-VSS DKG of Gennaro, Jarecki, Krawczyk and Rabin ("Secure Distributed Key
 * Generation for Discrete-Log Based Cryptosystems", J. Cryptology 2007), which no coalition of up
 * to t - 1 dealers can bias.
 *
 * Dealers first commit with Pedersen commitments E_k = a_k·G + b_k·H, which reveal nothing about
 * a_k. The qualified set QUAL is fixed by complaints and justifications while nobody knows anything
 * about the key; only then do the qualified dealers reveal A_k = a_k·G, which every participant
 * checks against its share. A qualified dealer whose reveal is missing or proven wrong is not
 * dropped (that would let it steer the key): its A_k are rebuilt from the other participants'
 * blinding values (A_k = E_k - b_k·H), each published with a proof of knowledge of the share
 * behind it. The paper rebuilds the secret itself; the outputs need only A_k, and publishing
 * shares would let a relay that withholds reveals collect every dealer's secret.
 *
 * Rounds (each a method; calling one out of order throws WRONG_PHASE), with the paper's steps:
 * 1. `deal()`: 1(a) broadcast E_k with the deals (s_ij, s'_ij) sealed inside it (or private deals).
 * 2. `respond(messages)`: 1(b) complaints about missing or invalid deals.
 * 3. `justify(messages)`: 1(c) an accused dealer publishes the accusers' (s_ij, s'_ij).
 * 4. `qualify(messages)`: 1(d) QUAL is fixed; 4(a) a qualified dealer broadcasts A_k.
 * 5. `checkReveals(messages)`: 4(b) complaints with (s_ij, s'_ij) as public evidence when
 *    s_ij·G does not match the A_k.
 * 6. `reconstruct(messages)`: 4(c) for each dealer to rebuild, publish one's blinding value from
 *    it with a proof of knowledge of the share.
 * 7. `finalize(messages)`: rebuild those dealers' Feldman commitments, compute the outputs,
 *    broadcast the transcript hash.
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
import { commitPolynomial, evaluateCommitments } from '../sharing/feldman';
import type {
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

/** Domain separation of the reconstruction proofs (see `BlindingReveal`). */
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
  /** Feldman commitments A_k of qualified dealers: revealed, or rebuilt by reconstruction. */
  readonly #feldman = new Map<number, G1[]>();
  #toReconstruct: number[] = [];
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
   * @param messages - The justifications received.
   * @returns The Feldman reveal, or nothing if this dealer is not qualified.
   */
  qualify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('qualify');
    // Too few qualified: carry on, and report it after the transcripts are compared (deferFailure).
    this.#qualified = this.deferFailure(() => this.resolveJustifications(messages, this.#h)) ?? this.qualifiedSoFar();
    if (!this.#qualified.includes(this.id)) return [];
    const commitments = this.encodeCommitments(this.#ownFeldman);
    return [this.own({ ...this.header('feldman-reveal'), commitments })];
  }

  /**
   * Round 5: checks each qualified dealer's reveal against this participant's share; complains
   * with the (share, blinding) pair as evidence when it does not match.
   * @param messages - The Feldman reveals received.
   * @returns The reveal-complaint broadcast (complaints, possibly none).
   */
  checkReveals(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('checkReveals');
    this.intake(messages, ['feldman-reveal']);
    const toCheck: { dealer: number; commitments: G1[]; received: ReceivedShare }[] = [];
    for (const dealer of this.#qualified) {
      const reveal = this.broadcastOf<FeldmanRevealBroadcast>('feldman-reveal', dealer);
      const commitments = reveal === undefined ? undefined : this.decodeCommitments(reveal.commitments);
      if (commitments === undefined) continue; // missing or malformed: reconstructed, no complaint needed
      this.#feldman.set(dealer, commitments);
      if (dealer !== this.id) toCheck.push({ dealer, commitments, received: { share: (this.received.get(dealer) as ReceivedShare).share } });
    }
    const complaints = this.invalidShares(toCheck, this.id).map((dealer) => {
      const r = this.received.get(dealer) as ReceivedShare;
      return { dealer, share: scalarToBytes(r.share), blinding: scalarToBytes(r.blinding as bigint) };
    });
    return [this.own({ ...this.header('reveal-complaint'), complaints } satisfies RevealComplaintBroadcast)];
  }

  /**
   * Round 6: decides which qualified dealers are rebuilt (no valid reveal, or a complaint whose
   * evidence opens the dealer's Pedersen commitment but not its Feldman one) and publishes this
   * participant's blinding values from them, each with a proof of knowledge of the share.
   * @param messages - The reveal complaints received.
   * @returns The reconstruction broadcast, or nothing if no other dealer is reconstructed.
   */
  reconstruct(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('reconstruct');
    this.intake(messages, ['reveal-complaint']);
    const accused = new Set<number>();
    for (const sender of this.participantIds) {
      const complaint = this.broadcastOf<RevealComplaintBroadcast>('reveal-complaint', sender);
      for (const c of complaint?.complaints ?? []) {
        const feldman = this.#feldman.get(c.dealer);
        if (feldman === undefined || c.share === undefined || c.blinding === undefined) continue;
        const pedersen = this.dealt.get(c.dealer) as G1[];
        // Valid evidence: the pair is the dealer's (it opens E at the complainer's id) and the
        // revealed A does not match it. Anything else is a false accusation and is ignored.
        if (
          this.revealedShareMatches(pedersen, sender, c.share, c.blinding, this.#h) &&
          !this.revealedShareMatches(feldman, sender, c.share, undefined)
        ) {
          accused.add(c.dealer);
        }
      }
    }
    this.#toReconstruct = this.#qualified.filter((d) => !this.#feldman.has(d) || accused.has(d));
    for (const d of this.#toReconstruct) this.#feldman.delete(d);
    const mine = this.#toReconstruct.filter((d) => d !== this.id);
    if (mine.length === 0) return [];
    // The blinding value only, with a proof of knowledge of the share behind it: the share itself
    // stays private, so nobody (a relay that withheld a reveal included) learns f_d(j).
    const blindings = mine.map((dealer) => {
      const r = this.received.get(dealer) as ReceivedShare;
      const statement = this.backend.encodeG1(this.backend.publicKeyFromSecret(scalarToBytes(r.share)));
      const proof = this.proveKnowledge(r.share, statement, RECONSTRUCTION_DST, [dealer, this.id]);
      return { dealer, blinding: scalarToBytes(r.blinding as bigint), proof };
    });
    return [this.own({ ...this.header('reconstruction'), blindings } satisfies ReconstructionBroadcast)];
  }

  /**
   * Round 7: rebuilds each such dealer's Feldman commitments from t blinding values whose proofs
   * hold, then computes the outputs and the transcript hash. A dealer that cannot be rebuilt is
   * reported by `complete`, after the transcripts are compared.
   * @param messages - The reconstruction broadcasts received.
   * @returns The transcript broadcast.
   */
  finalize(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('finalize');
    this.intake(messages, ['reconstruction']);
    // A shortfall (DKG_FAILED) is reported after the transcripts are compared: see deferFailure.
    const qualified = this.deferFailure(() => this.reconstructAndQualify());
    return this.transcriptRound(qualified, this.#qualified, (q, transcriptHash) => this.buildResult(q, this.#feldman, transcriptHash));
  }

  /**
   * Rebuilds the Feldman commitments of the dealers to reconstruct from t blinding values (this
   * participant's own, then published ones whose proofs hold): the blinding polynomial's
   * coefficients b_k give A_k = E_k - b_k·H. Returns the final QUAL.
   */
  private reconstructAndQualify(): number[] {
    for (const dealer of this.#toReconstruct) {
      const pedersen = this.dealt.get(dealer) as G1[];
      const points: { x: bigint; y: bigint }[] = [];
      if (dealer !== this.id) points.push({ x: BigInt(this.id), y: (this.received.get(dealer) as ReceivedShare).blinding as bigint });
      const published = this.participantIds.flatMap((holder) => {
        const reveal = holder === dealer || holder === this.id ? undefined : this.broadcastOf<ReconstructionBroadcast>('reconstruction', holder)?.blindings.find((b) => b.dealer === dealer);
        const blinding = reveal === undefined ? CURVE_ORDER : scalarFromBytes(reveal.blinding);
        return reveal === undefined || blinding >= CURVE_ORDER ? [] : [{ holder, blinding, proof: reveal.proof }];
      });
      // The statement of holder j's proof: X_j = E(j) - f'(j)·H, which is f(j)·G when f'(j) is the
      // blinding value the dealer committed to (and, under the discrete-log assumption, only then).
      const statements = published.map((p) =>
        this.backend.linearCombinationG1([evaluateCommitments(this.backend, pedersen, BigInt(p.holder)), this.#h], [1n, Fr.neg(p.blinding)])
      );
      const invalid = new Set(
        this.invalidProofs(
          RECONSTRUCTION_DST,
          published.map((p, i) => ({ key: p.holder, ids: [dealer, p.holder], statement: statements[i] as G1, proof: p.proof }))
        )
      );
      for (const p of published) if (points.length < this.threshold && !invalid.has(p.holder)) points.push({ x: BigInt(p.holder), y: p.blinding });
      if (points.length < this.threshold) {
        this.abort(
          new DvtBlsError('DKG_FAILED', `reconstruction: only ${points.length} valid blinding value(s) from dealer ${dealer}, threshold is ${this.threshold}`, [dealer])
        );
      }
      const b = interpolateCoefficients(points);
      this.#feldman.set(dealer, pedersen.map((e, k) => this.backend.linearCombinationG1([e, this.#h], [1n, Fr.neg(b[k] as bigint)])));
    }
    return this.withoutSubgroupOffenders(this.#qualified, this.#feldman);
  }

  /**
   * Round 8: the result, if every transcript received matches this participant's.
   * @param messages - The transcripts received (a missing one is not waited for).
   * @returns The result.
   * @throws {@link DvtBlsError} TRANSCRIPT_MISMATCH naming the senders seen differently, or
   *   DKG_FAILED (too few qualified dealers, a secret that cannot be rebuilt) naming the culprits.
   */
  complete(messages: readonly DkgMessage[]): DkgResult {
    this.enter('complete');
    return this.completeRound(messages);
  }
}
