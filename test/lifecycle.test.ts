/**
 * Key lifecycle: resharing to a new operator set, proactive refresh, and repair of a lost share.
 * Properties over random thresholds and sets (overlapping and disjoint), plus fault injection on
 * the lockstep network (a wrong sub-share, a wrong constant term, equivocation, silence, a cheating
 * repair helper). On the native backend for speed; the protocols are backend-generic and the DKG
 * suite covers both backends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, createDvtBls, type DealBroadcast, type DkgMessage } from '../src/index';
import { loadBlstBackend } from '../src/backend/load-blst';
import { runCeremony } from '../src/dkg/local';
import { scalarToBytes } from '../src/field/scalar';
import { seededRandomBytes } from './helpers/rng';
import { asCommitment } from './helpers/dkg-network';

const backend = loadBlstBackend();
const api = createDvtBls(backend);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const message = new Uint8Array(32).fill(0x5a);

type Share = { id: number; secretKey: Uint8Array };
type Outcome = { groupPublicKey: Uint8Array; commitments: Uint8Array[]; share?: Share; transcriptHash: Uint8Array; qualified: number[]; disqualified: { id: number; reason: string }[] };

/**
 * Delivery by a dishonest `dealer` that broadcasts `alter(its deal broadcast)` and, covering its
 * tracks, an honest participant's transcript as its own (as the fault network's 'mimic' does);
 * its own view keeps what it computed.
 */
function dishonestDealer(dealer: number, alter: (m: DealBroadcast) => DealBroadcast): (recipient: number, messages: DkgMessage[]) => DkgMessage[] {
  return (_, messages) =>
    messages.map((m) => {
      if (m.sender !== dealer) return m;
      if (m.type === 'deal-broadcast') return alter(m);
      const honest = messages.find((x) => x.type === 'transcript' && x.sender !== dealer);
      return m.type === 'transcript' && honest !== undefined ? { ...honest, sender: dealer } : m;
    });
}

function results<R>(outcomes: Map<number, R | Error>): R[] {
  const values = [...outcomes.values()];
  const error = values.find((v) => v instanceof Error);
  if (error) throw error;
  return values as R[];
}

/** A fresh t-of-ids sharing from a Joint-Feldman DKG. */
function dkg(threshold: number, ids: number[], seed: string): Outcome[] {
  const session = seededRandomBytes(`${seed}/session`)(32);
  return results(
    runCeremony(
      ids.map((self) =>
        api.createDkgParticipant({
          protocol: 'joint-feldman',
          self,
          participants: ids.map((id) => ({ id })),
          threshold,
          session,
          randomBytes: seededRandomBytes(`${seed}/${self}`),
        })
      )
    )
  ) as Outcome[];
}

function signsWith(groupPublicKey: Uint8Array, shares: Share[]): boolean {
  return api.verify(groupPublicKey, message, api.combineSignatures(shares.map((s) => api.partialSign(s, message))));
}

interface ReshareSetup {
  old: Outcome[];
  oldIds: number[];
  oldThreshold: number;
  newIds: number[];
  threshold: number;
  /** Old holders that run at all (default: all); the others are silent. */
  running?: number[];
}

function reshare(setup: ReshareSetup, seed: string, deliver?: Parameters<typeof runCeremony>[1]) {
  const all = [...new Set([...setup.oldIds, ...setup.newIds])].sort((a, b) => a - b);
  const running = all.filter((id) => !setup.oldIds.includes(id) || (setup.running ?? setup.oldIds).includes(id));
  const session = seededRandomBytes(`${seed}/session`)(32);
  const shareOf = (id: number): Share | undefined => setup.old.find((r) => r.share?.id === id)?.share;
  return runCeremony(
    running.map((self) =>
      api.createDkgParticipant({
        protocol: 'reshare',
        self,
        participants: all.map((id) => ({ id })),
        session,
        oldIds: setup.oldIds,
        oldThreshold: setup.oldThreshold,
        oldCommitments: (setup.old[0] as Outcome).commitments,
        newIds: setup.newIds,
        threshold: setup.threshold,
        randomBytes: seededRandomBytes(`${seed}/${self}`),
        ...(setup.oldIds.includes(self) ? { share: shareOf(self) } : {}),
      })
    ),
    deliver
  );
}

/** Distinct ids from a pool, as a fast-check arbitrary. */
const idSet = (min: number, max: number) => fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: min, maxLength: max });

describe('resharing', () => {
  it("a deal broadcast lost for one new holder only: every participant fails alike (TRANSCRIPT_MISMATCH naming the dealer), not that one alone with DKG_FAILED", () => {
    const old = dkg(2, [1, 2], 'reshare-view');
    const outcomes = reshare({ old, oldIds: [1, 2], oldThreshold: 2, newIds: [3, 4], threshold: 2 }, 'reshare-view', (to, messages) =>
      messages.filter((m) => !(to === 4 && m.sender === 1 && m.type === 'deal-broadcast'))
    );
    for (const id of [1, 2, 3, 4]) {
      const o = outcomes.get(id);
      expect(o instanceof DvtBlsError && [o.code, o.culprits], `participant ${id}`).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    }
  });

  it('keeps the group key for random (t_old, n_old) -> (t_new, n_new), overlapping or disjoint; new shares sign, mixed sets do not', () => {
    fc.assert(
      fc.property(
        idSet(1, 6),
        idSet(1, 6),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (oldIds, newPool, a, b, disjoint) => {
          const newIds = disjoint ? newPool.map((id) => id + 100) : newPool;
          const oldThreshold = 1 + (a % oldIds.length);
          const threshold = 1 + (b % newIds.length);
          const old = dkg(oldThreshold, oldIds, `old/${oldIds}/${oldThreshold}`);
          const out = results(reshare({ old, oldIds, oldThreshold, newIds, threshold }, `re/${oldIds}/${newIds}`)) as Outcome[];
          const group = (old[0] as Outcome).groupPublicKey;
          for (const r of out) {
            expect(hex(r.groupPublicKey)).toBe(hex(group));
            expect(hex(r.transcriptHash)).toBe(hex((out[0] as Outcome).transcriptHash));
          }
          const newShares = out.flatMap((r) => (r.share ? [r.share] : []));
          expect(newShares.map((s) => s.id).sort((x, y) => x - y)).toEqual([...newIds].sort((x, y) => x - y));
          for (const s of newShares) expect(api.verifyShare(s, (out[0] as Outcome).commitments)).toBe(true);
          expect(signsWith(group, newShares.slice(0, threshold))).toBe(true);
          // A mix of new and old shares (distinct ids) must not sign, unless it is degenerate: with
          // threshold 1 every single new share already is the key.
          const oldOnly = old.map((r) => r.share as Share).filter((s) => !newIds.includes(s.id));
          if (threshold >= 2 && oldOnly.length > 0) {
            expect(signsWith(group, [...newShares.slice(0, threshold - 1), oldOnly[0] as Share])).toBe(false);
          }
        }
      ),
      { numRuns: 12, seed: 20261123 }
    );
  });

  it('cannot complete with fewer than t_old old holders, and names nobody wrongly', () => {
    const oldIds = [1, 2, 3, 4, 5];
    const old = dkg(3, oldIds, 'few');
    const out = reshare({ old, oldIds, oldThreshold: 3, newIds: [6, 7, 8], threshold: 2, running: [1, 2] }, 'few/re');
    expect([...out.keys()].sort()).toEqual([1, 2, 6, 7, 8]);
    for (const o of out.values()) {
      expect(o).toBeInstanceOf(DvtBlsError);
      expect((o as DvtBlsError).code).toBe('DKG_FAILED');
      expect([...(o as DvtBlsError).culprits].sort()).toEqual([3, 4, 5]); // the silent ones
    }
  });

  it('refuses to downgrade the old threshold', () => {
    const oldIds = [1, 2, 3, 4];
    const old = dkg(3, oldIds, 'downgrade');
    const commitments = (old[0] as Outcome).commitments;
    const config = (self: number, oldThreshold: number, oldCommitments: Uint8Array[]) => ({
      protocol: 'reshare' as const,
      self,
      participants: [1, 2, 3, 4, 5].map((id) => ({ id })),
      session: new Uint8Array(32).fill(1),
      oldIds,
      oldThreshold,
      oldCommitments,
      newIds: [5],
      threshold: 1,
      ...(self <= 4 ? { share: (old[self - 1] as Outcome).share } : {}),
    });
    // The count of commitments must be the stated old threshold.
    expect(() => api.createDkgParticipant(config(5, 2, commitments))).toThrow(expect.objectContaining({ code: 'INVALID_COMMITMENTS' }));
    // Claiming a lower threshold with truncated commitments: an honest old holder's share no longer
    // matches them, so it refuses to take part.
    expect(() => api.createDkgParticipant(config(1, 2, commitments.slice(0, 2)))).toThrow(expect.objectContaining({ code: 'INVALID_SECRET_KEY' }));
    // A new holder fed the truncated commitments while the old holders use the real ones cannot
    // end with a sharing: the old holders' constant terms do not match what it expects.
    const out = runCeremony([1, 2, 3, 4, 5].map((self) => api.createDkgParticipant(self === 5 ? config(5, 2, commitments.slice(0, 2)) : config(self, 3, commitments))));
    expect(out.get(5)).toBeInstanceOf(DvtBlsError);
  });

  it('disqualifies an old holder that deals a sub-share of something else than its share', () => {
    const oldIds = [1, 2, 3, 4];
    const old = dkg(2, oldIds, 'wrong-constant');
    const newIds = [1, 5, 6];
    const all = [1, 2, 3, 4, 5, 6];
    const session = new Uint8Array(32).fill(4);
    const participants = all.map((self) => {
      const config = {
        protocol: 'reshare' as const,
        self,
        participants: all.map((id) => ({ id })),
        session,
        oldIds,
        oldThreshold: 2,
        oldCommitments: (old[0] as Outcome).commitments,
        newIds,
        threshold: 2,
        ...(oldIds.includes(self) ? { share: ((self === 4 ? old[3] : old[self - 1]) as Outcome).share } : {}),
      };
      return api.createDkgParticipant(config);
    });
    // Holder 4 broadcasts another constant term than its public key share PK_4.
    const other = asCommitment((old[0] as Outcome).commitments[0] as Uint8Array);
    const out = runCeremony(participants, dishonestDealer(4, (m) => ({ ...m, commitments: [other, ...m.commitments.slice(1)] })));
    for (const [id, o] of out) {
      if (id === 4) continue;
      const r = o as Outcome;
      expect(r.disqualified).toEqual([{ id: 4, reason: 'wrong-constant-term' }]);
      expect(hex(r.groupPublicKey)).toBe(hex((old[0] as Outcome).groupPublicKey));
    }
  });

  it('survives a wrong sub-share (complaint, justification) and a silent old holder', () => {
    const oldIds = [1, 2, 3, 4, 5];
    const old = dkg(3, oldIds, 'faults');
    const garble = (m: DkgMessage): DkgMessage =>
      m.type === 'deal' && m.sender === 2 && m.recipient === 7 ? { ...m, share: scalarToBytes(12345n) } : m;
    const out = reshare(
      { old, oldIds, oldThreshold: 3, newIds: [5, 6, 7], threshold: 2 },
      'faults/re',
      (_, messages) => messages.filter((m) => m.sender !== 3).map(garble)
    );
    const values = [...out.entries()].filter(([id]) => id !== 3).map(([, o]) => o as Outcome);
    for (const r of values) {
      expect(r.qualified).toEqual([1, 2, 4, 5]); // 2 justified publicly; 3 was silent
      expect(r.disqualified).toEqual([{ id: 3, reason: 'silent' }]);
    }
    const shares = values.flatMap((r) => (r.share ? [r.share] : []));
    expect(signsWith((old[0] as Outcome).groupPublicKey, shares.slice(0, 2))).toBe(true);
  });

  it('detects equivocation by an old holder (different commitments to different new holders)', () => {
    const oldIds = [1, 2, 3];
    const old = dkg(2, oldIds, 'equivocation');
    const other = asCommitment((old[0] as Outcome).commitments[1] as Uint8Array);
    const out = reshare({ old, oldIds, oldThreshold: 2, newIds: [4, 5, 6], threshold: 2 }, 'equiv/re', (recipient, messages) =>
      messages.map((m) =>
        m.type === 'deal-broadcast' && m.sender === 1 && recipient === 5 ? { ...m, commitments: [m.commitments[0] as Uint8Array, other] } : m
      )
    );
    for (const o of out.values()) {
      expect(o).toBeInstanceOf(DvtBlsError);
      expect((o as DvtBlsError).code).toBe('TRANSCRIPT_MISMATCH');
      expect((o as DvtBlsError).culprits).toContain(1);
    }
  });
});

describe('refresh', () => {
  it('changes every share, keeps the key; old and new shares cannot be mixed', () => {
    fc.assert(
      fc.property(idSet(2, 7), fc.nat(), (ids, a) => {
        const threshold = 1 + (a % ids.length);
        const old = dkg(threshold, ids, `refresh/${ids}/${threshold}`);
        const session = new Uint8Array(32).fill(2);
        const out = results(
          runCeremony(
            ids.map((self) =>
              api.createDkgParticipant({
                protocol: 'refresh',
                self,
                participants: ids.map((id) => ({ id })),
                threshold,
                session,
                commitments: (old[0] as Outcome).commitments,
                share: (old.find((r) => r.share?.id === self) as Outcome).share as Share,
                randomBytes: seededRandomBytes(`refresh/${self}/${ids}`),
              })
            )
          )
        ) as Outcome[];
        const group = (old[0] as Outcome).groupPublicKey;
        for (const [i, r] of out.entries()) {
          expect(hex(r.groupPublicKey)).toBe(hex(group));
          // With t = 1 every share IS the key (a degree-0 sharing of zero adds nothing): nothing to refresh.
          if (threshold >= 2) expect(hex((r.share as Share).secretKey)).not.toBe(hex(((old[i] as Outcome).share as Share).secretKey));
          expect(api.verifyShare(r.share as Share, r.commitments)).toBe(true);
        }
        const fresh = out.map((r) => r.share as Share);
        expect(signsWith(group, fresh.slice(0, threshold))).toBe(true);
        if (threshold >= 2) {
          const mixed = [((old[0] as Outcome).share as Share), ...fresh.slice(1, threshold)];
          expect(signsWith(group, mixed)).toBe(false);
        }
      }),
      { numRuns: 10, seed: 7 }
    );
  });

  it('disqualifies a holder whose sharing is not of zero', () => {
    const ids = [1, 2, 3, 4];
    const old = dkg(3, ids, 'refresh-nonzero');
    const g = asCommitment((old[0] as Outcome).commitments[0] as Uint8Array);
    const outcomes = runCeremony(
      ids.map((self) =>
        api.createDkgParticipant({
          protocol: 'refresh',
          self,
          participants: ids.map((id) => ({ id })),
          threshold: 3,
          session: new Uint8Array(32).fill(3),
          commitments: (old[0] as Outcome).commitments,
          share: ((old[self - 1] as Outcome).share as Share),
        })
      ),
      // Holder 2 broadcasts a sharing of something else than zero.
      dishonestDealer(2, (m) => ({ ...m, commitments: [g, ...m.commitments.slice(1)] }))
    );
    outcomes.delete(2);
    const honest = results(outcomes) as Outcome[];
    for (const r of honest) expect(r.disqualified).toEqual([{ id: 2, reason: 'wrong-constant-term' }]);
    expect(signsWith((old[0] as Outcome).groupPublicKey, honest.map((r) => r.share as Share))).toBe(true);
  });
});

describe('repair', () => {
  function repair(old: Outcome[], helpers: number[], recipient: number, deliver?: Parameters<typeof runCeremony>[1]) {
    const all = [...helpers, recipient].sort((a, b) => a - b);
    return runCeremony(
      all.map((self) =>
        api.createDkgParticipant({
          protocol: 'repair',
          self,
          participants: all.map((id) => ({ id })),
          session: new Uint8Array(32).fill(8),
          helpers,
          recipient,
          commitments: (old[0] as Outcome).commitments,
          ...(helpers.includes(self) ? { share: (old.find((r) => r.share?.id === self) as Outcome).share } : {}),
        })
      ),
      deliver
    );
  }

  it('rebuilds exactly the lost share, for random thresholds and helper sets', () => {
    fc.assert(
      fc.property(idSet(2, 8), fc.nat(), fc.nat(), (ids, a, b) => {
        const threshold = 1 + (a % (ids.length - 1));
        const old = dkg(threshold, ids, `repair/${ids}/${threshold}`);
        const recipient = ids[b % ids.length] as number;
        const helpers = ids.filter((id) => id !== recipient).slice(0, threshold);
        const out = results(repair(old, helpers, recipient));
        const rebuilt = out.find((r) => r.share !== undefined);
        const lost = (old.find((r) => r.share?.id === recipient) as Outcome).share as Share;
        expect(hex((rebuilt?.share as Share).secretKey)).toBe(hex(lost.secretKey));
        // Helpers learn nothing: no share in their results.
        expect(out.filter((r) => r.share !== undefined)).toHaveLength(1);
      }),
      { numRuns: 12, seed: 11 }
    );
  });

  it.each([
    ['a wrong sum to the recipient', (m: DkgMessage) => (m.type === 'deal' && m.sender === 2 && m.recipient === 5 ? { ...m, share: scalarToBytes(7n) } : m), [2]],
    [
      'a wrong piece, and a wrong piece published when accused',
      (m: DkgMessage) =>
        m.type === 'deal' && m.sender === 3 && m.recipient === 1
          ? { ...m, share: scalarToBytes(7n) }
          : m.type === 'justification' && m.sender === 3
            ? { ...m, shares: m.shares.map((s) => ({ ...s, share: scalarToBytes(8n) })) }
            : m,
      [3],
    ],
    ['piece commitments that do not add up', (m: DkgMessage) => (m.type === 'deal-broadcast' && m.sender === 1 ? { ...m, commitments: [...m.commitments].reverse() } : m), [1]],
    ['silence', (m: DkgMessage) => m, [2]],
  ] as const)('names a cheating helper: %s', (kind, alter, culprits) => {
    const ids = [1, 2, 3, 4, 5];
    const old = dkg(3, ids, 'repair-cheat');
    const out = repair(old, [1, 2, 3], 5, (_, messages) =>
      kind === 'silence' ? messages.filter((m) => m.sender !== 2) : messages.map((m) => alter(m))
    );
    const recipientOutcome = out.get(5);
    expect(recipientOutcome).toBeInstanceOf(DvtBlsError);
    expect((recipientOutcome as DvtBlsError).code).toBe('DKG_FAILED');
    expect([...(recipientOutcome as DvtBlsError).culprits]).toEqual(culprits);
  });

  it('settles a complaint by the published piece: a piece corrupted in transit does not stop the repair', () => {
    const ids = [1, 2, 3, 4, 5];
    const old = dkg(3, ids, 'repair-transit');
    const out = results(
      repair(old, [1, 2, 3], 5, (_, messages) =>
        messages.map((m) => (m.type === 'deal' && m.sender === 3 && m.recipient === 1 ? { ...m, share: scalarToBytes(7n) } : m))
      )
    );
    const rebuilt = out.find((r) => r.share !== undefined);
    expect(hex((rebuilt?.share as Share).secretKey)).toBe(hex(((old[4] as Outcome).share as Share).secretKey));
  });
});
