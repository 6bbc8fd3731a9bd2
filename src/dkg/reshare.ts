/**
 * Resharing to a new operator set (Desmedt and Jajodia 1997; Wong, Wang and Wing 2002; as in
 * kyber's resharing DKG): the group public key stays, the shares, holders and threshold change.
 *
 * Each old holder i Feldman-shares its share s_i with a fresh polynomial g_i of degree t_new - 1
 * (g_i(0) = s_i) among the new holders. Everyone checks that g_i's constant-term commitment is the
 * old public key share of i, s_i·G = Σ_k C_k·i^k: that needs the old commitments, whose count is
 * the old threshold — a required input, so nobody can downgrade it. Complaints and justifications
 * run as in the DKG. With QUAL the qualified old holders (at least t_old of them), new holder j's
 * share is s'_j = Σ_{i∈QUAL} λ_i·g_i(j), λ the Lagrange coefficients at 0 over QUAL's ids: the new
 * shares lie on a polynomial whose constant term is Σ λ_i·s_i = s. New commitments alike.
 *
 * Old and new sets may overlap or be disjoint. Caveat: an old holder that does not delete its old
 * share can still sign with t_old - 1 others from the old set until all of them have deleted theirs.
 * @module
 */
import type { Backend } from '../backend/types';
import { DvtBlsError } from '../errors';
import { lagrangeCoefficients } from '../field/polynomial';
import { commitPolynomial, evaluateCommitments } from '../sharing/feldman';
import { checkedCurrentShare, decodeCurrentCommitments, type CurrentShare, type LifecycleResult } from './lifecycle-common';
import type { DkgMessage } from './messages';
import { DkgParticipantBase, type DkgConfig, type DkgResult } from './participant';

/**
 * Configuration of one resharing participant (old holder, new holder, or both).
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, splitSecret, type ReshareConfig } from 'dvt-bls';
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const config: ReshareConfig = {
 *   protocol: 'reshare',
 *   self: 1,
 *   participants: [1, 2, 3, 4].map((id) => ({ id })),
 *   session: crypto.getRandomValues(new Uint8Array(32)),
 *   oldIds: [1, 2, 3], oldThreshold: 2, oldCommitments: commitments,
 *   newIds: [2, 3, 4], threshold: 2,
 *   share: shares[0],
 * };
 * const participant = createDkgParticipant(config);
 * ```
 */
export interface ReshareConfig extends Omit<DkgConfig, 'protocol' | 'threshold'> {
  /** Type tag. */
  protocol: 'reshare';
  /** Ids of the current holders; at least `oldThreshold` of them must take part honestly. */
  oldIds: readonly number[];
  /** The current threshold: required, and checked against `oldCommitments` (no downgrade). */
  oldThreshold: number;
  /** The current Feldman commitments (exactly `oldThreshold` of them). */
  oldCommitments: readonly Uint8Array[];
  /** Ids of the new holders. */
  newIds: readonly number[];
  /** The new threshold, 1 <= threshold <= newIds.length. */
  threshold: number;
  /** This participant's current share, if it is an old holder. */
  share?: CurrentShare;
}

function checkIds(ids: unknown, arg: string): number[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new DvtBlsError('EMPTY_INPUT', `${arg}: expected at least one id`);
  for (const [i, id] of ids.entries()) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new DvtBlsError('INVALID_ID', `${arg}[${i}]: expected an integer id >= 1`);
  }
  if (new Set(ids).size !== ids.length) throw new DvtBlsError('DUPLICATE_ID', `${arg}: ids must be distinct`);
  return ids as number[];
}

/**
 * One participant of a resharing: the same group key, new holders and threshold (see
 * docs/lifecycle.md). Rounds as in Joint-Feldman: `deal`, `respond`, `justify`, `finalize`,
 * `complete`.
 * @typeParam G1 - The backend's G1 point handle.
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, runCeremony, splitSecret } from 'dvt-bls';
 * // A 2-of-3 key held by 1, 2, 3 becomes a 3-of-4 key held by 2, 3, 4, 5.
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const everyone = [1, 2, 3, 4, 5];
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = everyone.map((self) =>
 *   createDkgParticipant({
 *     protocol: 'reshare', self, participants: everyone.map((id) => ({ id })), session,
 *     oldIds: [1, 2, 3], oldThreshold: 2, oldCommitments: commitments,
 *     newIds: [2, 3, 4, 5], threshold: 3,
 *     share: shares.find((s) => s.id === self),
 *   })
 * );
 * const result = runCeremony(participants).get(5); // commitments[0] unchanged, a share for 5
 * ```
 */
export class ReshareParticipant<G1 = unknown> extends DkgParticipantBase<G1, LifecycleResult> {
  protected readonly phases = ['deal', 'respond', 'justify', 'finalize', 'complete'] as const;
  protected override readonly deferSubgroupChecks = false;
  readonly #oldCommitments: G1[];
  readonly #oldShare: bigint | undefined;

  /**
   * @param backend - Curve backend.
   * @param config - Old and new sets, thresholds, the old commitments, this holder's old share.
   */
  constructor(backend: Backend<G1>, config: ReshareConfig) {
    const oldIds = checkIds(config?.oldIds, 'config.oldIds');
    const newIds = checkIds(config?.newIds, 'config.newIds');
    const tOld = config.oldThreshold;
    if (typeof tOld !== 'number' || !Number.isInteger(tOld) || tOld < 1 || tOld > oldIds.length) {
      throw new DvtBlsError('INVALID_THRESHOLD', `config.oldThreshold: expected an integer in [1, ${oldIds.length}]`);
    }
    const listed = new Set((config.participants ?? []).map((p) => p?.id));
    for (const id of [...oldIds, ...newIds]) {
      if (!listed.has(id)) throw new DvtBlsError('INVALID_ID', `config.participants: id ${id} (old or new holder) is missing`);
    }
    super(backend, { ...config, protocol: 'reshare' } as unknown as DkgConfig, 'reshare', {
      dealers: oldIds,
      receivers: newIds,
      requiredDealers: tOld,
    });
    this.#oldCommitments = decodeCurrentCommitments(backend, config.oldCommitments, tOld, 'config.oldCommitments');
    this.#oldShare = oldIds.includes(this.id)
      ? checkedCurrentShare(backend, config.share, this.id, this.#oldCommitments, 'config.share')
      : undefined;
  }

  /** Round 1 (old holders): commitments to g_i and the sub-shares g_i(j) for the new holders. */
  deal(): DkgMessage[] {
    this.enter('deal');
    if (this.#oldShare === undefined) return [];
    const { commitments, deals } = this.dealRound(
      false,
      (f) => commitPolynomial(this.backend, f),
      this.#oldShare
    );
    return this.dealMessages({ commitments }, deals);
  }

  /** Round 2: checks constant terms against the old public key shares, and this holder's deals. */
  respond(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('respond');
    const complaints = this.responseRound(messages, false, undefined, {
      reason: 'wrong-constant-term',
      invalid: (valid) =>
        valid.filter(
          (d) =>
            !this.backend.equalsG1(
              (this.dealt.get(d) as G1[])[0] as G1,
              evaluateCommitments(this.backend, this.#oldCommitments, BigInt(d))
            )
        ),
    });
    return this.receives ? [this.own({ ...this.header('response'), complaints })] : [];
  }

  /** Round 3 (accused old holders): publish the accusers' sub-shares. */
  justify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('justify');
    return this.justificationRound(messages);
  }

  /** Round 4: QUAL (at least t_old old holders), the new sharing, the transcript. */
  finalize(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('finalize');
    return this.finalizeRound(messages, (qualified, transcriptHash) => {
      const lambdas = lagrangeCoefficients(qualified.map((id) => BigInt(id)), 0n);
      const weights = new Map(qualified.map((id, i) => [id, lambdas[i] as bigint]));
      const result = this.buildResult(qualified, this.dealt, transcriptHash, { weights });
      if (!this.backend.equalsG1(this.backend.decodeG1(result.groupPublicKey), this.#oldCommitments[0] as G1)) {
        this.abort(new DvtBlsError('DKG_FAILED', 'reshare: the new sharing does not preserve the group public key'));
      }
      return result.share === undefined ? omitShare(result) : result;
    });
  }

  /** Round 5: the result, once every transcript received matches. */
  complete(messages: readonly DkgMessage[]): LifecycleResult {
    this.enter('complete');
    return this.completeRound(messages);
  }
}

/** A result without the `share` key at all (a leaving holder gets none). */
export function omitShare(result: DkgResult): LifecycleResult {
  const { share: _share, ...rest } = result;
  return rest;
}
