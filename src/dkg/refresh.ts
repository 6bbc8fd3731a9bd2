/**
 * Proactive share refresh (Herzberg, Jarecki, Krawczyk and Yung 1995): the same holders add a
 * random sharing of zero to their shares. Every share changes, the group key does not, and shares
 * from before and after a refresh cannot be combined — so an attacker must steal t shares within
 * one period rather than over the validator's lifetime.
 *
 * Each holder deals a polynomial g_i of degree t - 1 with g_i(0) = 0 (its constant-term commitment
 * must be the point at infinity, which everyone checks); after complaints and justifications, holder
 * j's new share is s_j + Σ_{i∈QUAL} g_i(j) and the new commitments are C_k + Σ_{i∈QUAL} G_ik. At
 * least t dealers must qualify, so that at least one honest holder's randomness is in every share.
 * @module
 */
import type { Backend } from '../backend/types';
import { DvtBlsError } from '../errors';
import { scalarToBytes } from '../field/scalar';
import { checkedCurrentShare, decodeCurrentCommitments, type CurrentShare, type LifecycleResult } from './lifecycle-common';
import type { DkgMessage } from './messages';
import { DkgParticipantBase, type DkgConfig } from './participant';

/**
 * Configuration of one refresh participant: every current holder takes part.
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, splitSecret, type RefreshConfig } from 'dvt-bls';
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const config: RefreshConfig = {
 *   protocol: 'refresh',
 *   self: 1,
 *   participants: [1, 2, 3].map((id) => ({ id })),
 *   threshold: 2,
 *   session: crypto.getRandomValues(new Uint8Array(32)),
 *   commitments,
 *   share: shares[0]!,
 * };
 * const participant = createDkgParticipant(config);
 * ```
 */
export interface RefreshConfig extends Omit<DkgConfig, 'protocol'> {
  /** Type tag. */
  protocol: 'refresh';
  /** The current Feldman commitments (exactly `threshold` of them). */
  commitments: readonly Uint8Array[];
  /** This holder's current share. */
  share: CurrentShare;
}

/**
 * One participant of a share refresh: new shares for the same holders and key, so that shares
 * stolen before are worthless after (see docs/lifecycle.md). Rounds as in Joint-Feldman.
 * @typeParam G1 - The backend's G1 point handle.
 * @example
 * ```ts
 * import { createDkgParticipant, generateSecretKey, runCeremony, splitSecret } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = ids.map((self) =>
 *   createDkgParticipant({ protocol: 'refresh', self, participants: ids.map((id) => ({ id })), threshold: 2, session, commitments, share: shares[self - 1]! })
 * );
 * const refreshed = runCeremony(participants); // new shares, same commitments[0]
 * ```
 */
export class RefreshParticipant<G1 = unknown> extends DkgParticipantBase<G1, LifecycleResult> {
  protected readonly phases = ['deal', 'respond', 'justify', 'finalize', 'complete'] as const;
  protected override readonly deferSubgroupChecks = false;
  readonly #commitments: G1[];
  readonly #share: bigint;

  /**
   * @param backend - Curve backend.
   * @param config - The holders, threshold, current commitments and this holder's share.
   */
  constructor(backend: Backend<G1>, config: RefreshConfig) {
    super(backend, { ...config, protocol: 'refresh' } as unknown as DkgConfig, 'refresh');
    this.#commitments = decodeCurrentCommitments(backend, config.commitments, this.threshold, 'config.commitments');
    this.#share = checkedCurrentShare(backend, config.share, this.id, this.#commitments, 'config.share');
  }

  /** Round 1: commitments to a random sharing of zero, and its shares. */
  deal(): DkgMessage[] {
    this.enter('deal');
    const { commitments, deals } = this.dealRound(
      false,
      // a_0 = 0 commits to the point at infinity; the other coefficients are random, non-zero.
      (f) => f.map((a) => (a === 0n ? this.backend.sumG1([]) : this.backend.publicKeyFromSecret(scalarToBytes(a)))),
      0n
    );
    return this.dealMessages({ commitments }, deals);
  }

  /** Round 2: checks that each dealer shares zero, and this holder's deals. */
  respond(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('respond');
    const complaints = this.responseRound(messages, false, undefined, {
      reason: 'wrong-constant-term',
      invalid: (valid) => valid.filter((d) => !this.backend.isInfinityG1((this.dealt.get(d) as G1[])[0] as G1)),
    });
    return [this.own({ ...this.header('response'), complaints })];
  }

  /** Round 3: an accused dealer publishes the accusers' shares of zero. */
  justify(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('justify');
    return this.justificationRound(messages);
  }

  /** Round 4: the refreshed share and commitments, and the transcript. */
  finalize(messages: readonly DkgMessage[]): DkgMessage[] {
    this.enter('finalize');
    return this.finalizeRound(messages, (qualified, transcriptHash) => {
      const result = this.buildResult(qualified, this.dealt, transcriptHash, { base: { commitments: this.#commitments, share: this.#share } });
      if (!this.backend.equalsG1(this.backend.decodeG1(result.groupPublicKey), this.#commitments[0] as G1)) {
        this.abort(new DvtBlsError('DKG_FAILED', 'refresh: the group public key changed'));
      }
      return result;
    });
  }

  /** Round 5: the result, once every transcript received matches. */
  complete(messages: readonly DkgMessage[]): LifecycleResult {
    this.enter('complete');
    return this.completeRound(messages);
  }
}
