/**
 * DKG under faults, one named test per fault kind, for both protocols: the in-memory network of
 * test/helpers/dkg-network.ts drops, delays, duplicates, reorders, corrupts and replays messages,
 * and makes dealers misbehave (wrong share, wrong commitment, malformed commitments, bad proof,
 * equivocation, silence, a wrong Feldman reveal). Each test asserts the exact outcome: who is
 * qualified, who is disqualified and why, the error code and culprits, what was rejected, and that
 * every honest participant ended alike (with shares that verify and threshold-sign under the key).
 *
 * Runs are deterministic (seeded participants and network), so a faulty run can be compared with
 * the clean run of the same seed: a fault that is repaired (a lost deal, a justified complaint, a
 * reconstructed secret) must leave the group key, the commitments and the shares unchanged.
 *
 * Most tests run on the native blst backend (n = 5, t = 3 unless said); a small set on noble.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import type { DkgBroadcast, DkgMessage, DkgResult, DvtBls, TranscriptBroadcast } from '../src/index';
import { DvtBlsError, encodeMessageJson, isPrivateMessage, runCeremony } from '../src/index';
import { backends } from './helpers/backends';
import {
  R,
  checkFailure,
  checkSuccess,
  cleanMessages,
  emittedBy,
  fingerprint,
  makeCeremony,
  openDealOf,
  plusOne,
  resultOf,
  runNetwork,
  type DkgProtocol,
  type Fault,
  type NetworkOptions,
  type NetworkRun,
} from './helpers/dkg-network';
import { hex } from './helpers/rng';

const blst = (backends.find((b) => b.name === 'blst') as { api: DvtBls }).api;
const noble = (backends.find((b) => b.name === 'noble') as { api: DvtBls }).api;
const PROTOCOLS: DkgProtocol[] = ['joint-feldman', 'pedersen'];
const DEALS = ['deal'] as const;

/** Everything rejected in a run, one line per rejection: `recipient<-sender type: reason`. */
function rejections(run: NetworkRun): string[] {
  return [...run.participants.values()].flatMap((p) => p.rejected.map((r) => `${p.id}<-${r.sender} ${r.type}: ${r.reason}`));
}

const shareHex = (r: DkgResult): string => hex(r.share.secretKey);

const G1 = bls12_381.G1.Point;
type G1Point = InstanceType<typeof G1>;

/** The points of y² = x³ + 4 (the whole curve, not only G1), one per x = 1, 2, ... that has one. */
function* curvePoints(): Generator<G1Point> {
  const { Fp } = bls12_381.fields;
  for (let x = 1n; ; x++) {
    let y: bigint;
    try {
      y = Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
    } catch {
      continue;
    }
    yield G1.fromAffine({ x, y });
  }
}

/** The first point found matching `wanted`. */
function firstPoint(wanted: (p: G1Point) => G1Point | undefined): G1Point {
  for (const p of curvePoints()) {
    const found = wanted(p);
    if (found !== undefined) return found;
  }
  throw new Error('unreachable');
}

/** A point's 96-byte uncompressed encoding, written by hand: noble refuses to encode points outside G1. */
function uncompressed(p: G1Point): Uint8Array {
  const { x, y } = p.toAffine();
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(96, '0') + y.toString(16).padStart(96, '0'), 'hex'));
}

/** An uncompressed point on the curve outside G1: the first such x. */
const OUTSIDE_G1: Uint8Array = uncompressed(firstPoint((p) => (p.isTorsionFree() ? undefined : p)));

/** A point of order 3 on the curve: (#E/3)·P for the first point P where that is not infinity, #E = h·r. */
const ORDER_3: G1Point = firstPoint((p) => {
  let [acc, base] = [G1.ZERO, p];
  for (let k = (0x396c8c005555e1568c00aaab0000aaabn * R) / 3n; k > 0n; k >>= 1n, base = base.double()) if (k & 1n) acc = acc.add(base);
  return acc.is0() ? undefined : acc;
});

/**
 * Commitments (uncompressed, t >= 4) plus the torsion polynomial (x³ - x)·T, T of order 3: -T on
 * the x coefficient, +T on the x³ one. It vanishes at every integer id (3 divides x³ - x), so no
 * share check at any id sees it; only a subgroup check does.
 */
function withInvisibleTorsion(commitments: readonly Uint8Array[]): Uint8Array[] {
  return commitments.map((c, k) => (k === 1 ? uncompressed(G1.fromBytes(c).subtract(ORDER_3)) : k === 3 ? uncompressed(G1.fromBytes(c).add(ORDER_3)) : c));
}

/** The uncompressed commitment C + m·G. */
const shiftedByG = (c: Uint8Array, m: bigint): Uint8Array => G1.fromBytes(c).add(G1.BASE.multiply(m)).toBytes(false);

describe.each(PROTOCOLS)('%s DKG under faults (blst, n = 5, t = 3)', (protocol) => {
  const base = (seed: string, extra: Partial<NetworkOptions> = {}): NetworkOptions => ({ api: blst, protocol, threshold: 3, n: 5, seed, ...extra });
  const run = (seed: string, faults: Fault[], extra: Partial<NetworkOptions> = {}): NetworkRun => runNetwork({ ...base(seed, extra), faults });
  const clean = (seed: string, extra: Partial<NetworkOptions> = {}): NetworkRun => runNetwork(base(seed, extra));
  const expectDisqualified = (result: DkgResult, expected: { id: number; reason: string }[]): void => {
    expect(result.disqualified).toEqual(expected);
    expect(result.qualified).toEqual([1, 2, 3, 4, 5].filter((id) => !expected.some((d) => d.id === id)));
  };
  /** Nobody disqualified in a run of six. */
  const expectDisqualified6 = (result: DkgResult): void => {
    expect(result.disqualified).toEqual([]);
    expect(result.qualified).toEqual([1, 2, 3, 4, 5, 6]);
  };
  /** The same key, commitments and shares as the clean run of the same seed. */
  const expectSameSharing = (faulty: NetworkRun, reference: NetworkRun, ids: readonly number[] = faulty.honest): void => {
    for (const id of ids) {
      const [a, b] = [resultOf(faulty, id), resultOf(reference, id)];
      expect(hex(a.groupPublicKey)).toBe(hex(b.groupPublicKey));
      expect(a.commitments.map(hex)).toEqual(b.commitments.map(hex));
      expect(shareHex(a)).toBe(shareHex(b));
    }
  };

  it('no faults: identical results everywhere, key = Σ constant terms, t shares sign; same as runCeremony', () => {
    const r = clean('clean');
    const result = checkSuccess(blst, r);
    expectDisqualified(result, []);
    expect(rejections(r)).toEqual([]);
    // The network driver is runCeremony's lockstep: the same participants give the same outcome.
    const viaRunCeremony = runCeremony([...makeCeremony(base('clean')).participants.values()]);
    for (const id of r.ids) expect(fingerprint(viaRunCeremony.get(id) as DkgResult)).toBe(fingerprint(r.outcomes.get(id)));
    // Any t of the shares sign, not only the first t.
    checkSuccess(blst, r, { signers: [5, 3, 1] });
  });

  // ---- Network faults ------------------------------------------------------------------------

  it('drop: a lost private deal → complaint without evidence → public justification → the clean sharing', () => {
    const r = run('drop-deal', [{ kind: 'drop', from: 1, to: 2, type: [...DEALS] }]);
    const result = checkSuccess(blst, r, { among: r.ids });
    expectDisqualified(result, []);
    expect(emittedBy(r, 2, 'response')[0]?.complaints).toEqual([{ dealer: 1 }]);
    expect(emittedBy(r, 1, 'justification')[0]?.shares.map((s) => s.id)).toEqual([2]);
    expectSameSharing(r, clean('drop-deal'), r.ids);
    expect(rejections(r)).toEqual([]);
  });

  it('drop: a broadcast lost for one participant → TRANSCRIPT_MISMATCH naming its sender, on every participant', () => {
    const r = run('drop-broadcast', [{ kind: 'drop', from: 1, to: 2, type: 'deal-broadcast' }]);
    const error = checkFailure(r, r.ids);
    expect(error.code).toBe('TRANSCRIPT_MISMATCH');
    expect(error.culprits).toEqual([1]);
  });

  it('drop: a broadcast lost for one participant whose view falls below t → still TRANSCRIPT_MISMATCH everywhere', () => {
    // t = n: without the deal broadcast of 1, participant 2 has n - 1 < t qualified dealers. It must
    // not stop with DKG_FAILED while the others finish: it sends its transcript, and everyone sees
    // the difference (regression test for deferFailure).
    const r = runNetwork({ api: blst, protocol, threshold: 4, n: 4, seed: 'drop-below-t', faults: [{ kind: 'drop', from: 1, to: 2, type: 'deal-broadcast' }] });
    const error = checkFailure(r, r.ids);
    expect(error.code).toBe('TRANSCRIPT_MISMATCH');
    expect(error.culprits).toEqual([1]);
  });

  it('delay: a private deal one round late → rejected as not expected in that phase → complaint → justification', () => {
    const r = run('delay-deal', [{ kind: 'delay', from: 1, to: 2, type: [...DEALS] }]);
    expectDisqualified(checkSuccess(blst, r, { among: r.ids }), []);
    expect(rejections(r)).toEqual([`2<-1 deal: not expected in phase 'justify'`]);
    expect(emittedBy(r, 2, 'response')[0]?.complaints).toEqual([{ dealer: 1 }]);
    expectSameSharing(r, clean('delay-deal'), r.ids);
  });

  it('delay: all of a dealer\'s first-round messages late → silent for the others, not for itself → TRANSCRIPT_MISMATCH naming it', () => {
    const r = run('delay-dealer', [{ kind: 'delay', from: 1, round: 0 }]);
    const error = checkFailure(r, r.ids);
    expect(error.code).toBe('TRANSCRIPT_MISMATCH');
    expect(error.culprits).toEqual([1]);
    const late = (id: number): string[] => [`${id}<-1 deal-broadcast: not expected in phase 'justify'`, `${id}<-1 deal: not expected in phase 'justify'`];
    expect(rejections(r)).toEqual([2, 3, 4, 5].flatMap(late));
  });

  it('duplicate: every message twice → the clean outcome, transcript hash included; nothing rejected', () => {
    const r = run('dup', [{ kind: 'duplicate' }]);
    const reference = clean('dup');
    for (const id of r.ids) expect(fingerprint(r.outcomes.get(id))).toBe(fingerprint(reference.outcomes.get(id)));
    expectSameSharing(r, reference, r.ids);
    expect(rejections(r)).toEqual([]);
  });

  it('reorder: every inbox shuffled every round → the clean outcome, transcript hash included', () => {
    const r = run('reorder', [{ kind: 'reorder' }, { kind: 'duplicate', from: [2, 4] }]);
    const reference = clean('reorder');
    for (const id of r.ids) expect(fingerprint(r.outcomes.get(id))).toBe(fingerprint(reference.outcomes.get(id)));
    expectSameSharing(r, reference, r.ids);
  });

  it('corrupt: a private deal that still decodes (a share byte flipped) → complaint with evidence → justification', () => {
    // Binary deal: 3 header bytes, 32 session, 8 sender, 8 recipient, then the 32-byte share.
    const r = run('corrupt-deal', [{ kind: 'corrupt', from: 1, to: 2, type: [...DEALS], offset: 3 + 32 + 8 + 8 + 31 }]);
    expectDisqualified(checkSuccess(blst, r, { among: r.ids }), []);
    const [complaint] = emittedBy(r, 2, 'response')[0]?.complaints ?? [];
    expect(complaint?.dealer).toBe(1);
    expect(complaint?.share).toHaveLength(32); // the value received, as evidence
    expect(complaint?.blinding === undefined).toBe(protocol === 'joint-feldman');
    expect(rejections(r)).toEqual([]);
    expectSameSharing(r, clean('corrupt-deal'), r.ids);
  });

  it('corrupt: a private deal that no longer decodes (version byte) → rejected as malformed → complaint → justification', () => {
    const r = run('corrupt-header', [{ kind: 'corrupt', from: 1, to: 2, type: [...DEALS], offset: 0 }]);
    expectDisqualified(checkSuccess(blst, r, { among: r.ids }), []);
    expect(rejections(r)).toEqual([`2<-1 deal: message: deal: unexpected field "corrupted"`]);
    expect(emittedBy(r, 2, 'response')[0]?.complaints).toEqual([{ dealer: 1 }]);
  });

  it('corrupt: a broadcast corrupted for one recipient → TRANSCRIPT_MISMATCH naming its sender everywhere', () => {
    // Byte 50 lies in the first commitment of 1's deal broadcast: 2 sees other (or no) commitments.
    const r1 = run('corrupt-broadcast', [{ kind: 'corrupt', from: 1, to: 2, type: 'deal-broadcast', offset: 50 }]);
    const e1 = checkFailure(r1, r1.ids);
    expect([e1.code, e1.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    // The last byte of an empty response is its list length: it no longer decodes, 2 drops it.
    const r2 = run('corrupt-response', [{ kind: 'corrupt', from: 3, to: 2, type: 'response', offset: -1 }]);
    const e2 = checkFailure(r2, r2.ids);
    expect([e2.code, e2.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [3]]);
    expect(rejections(r2)).toEqual(['2<-3 response: message: response: unexpected field "corrupted"']);
  });

  it('replay: every message of another session injected → all rejected as another session; the clean outcome', () => {
    const other = cleanMessages(base('replay-other'));
    const faults: Fault[] = [0, 1, 2, 3, 4, 5, 6, 7].map((round) => ({ kind: 'replay', round: round + 1, messages: other.filter((e) => e.round === round).map((e) => e.message) }));
    const r = run('replay', faults);
    const reference = clean('replay');
    for (const id of r.ids) expect(fingerprint(r.outcomes.get(id))).toBe(fingerprint(reference.outcomes.get(id)));
    for (const p of r.participants.values()) {
      // Every participant saw every message of the other ceremony (theirs and others') and took none.
      expect(p.rejected.length).toBe(other.filter((e) => e.round < (protocol === 'pedersen' ? 7 : 4)).length);
      expect(new Set(p.rejected.map((x) => x.reason))).toEqual(new Set(['another session']));
    }
  });

  it('replay: a deal from another session in place of a lost one → rejected, missing → complaint → justification', () => {
    const otherDeal = cleanMessages(base('replay-deal-other')).find((e) => DEALS.includes(e.message.type as 'deal') && e.message.sender === 1 && 'recipient' in e.message && e.message.recipient === 2);
    const r = run('replay-deal', [
      { kind: 'drop', from: 1, to: 2, type: [...DEALS] },
      { kind: 'replay', round: 1, to: 2, messages: [otherDeal?.message as DkgMessage] },
    ]);
    expectDisqualified(checkSuccess(blst, r, { among: r.ids }), []);
    expect(rejections(r)).toEqual(['2<-1 deal: another session']);
    expect(emittedBy(r, 2, 'response')[0]?.complaints).toEqual([{ dealer: 1 }]);
  });

  // ---- Misbehaving dealers ---------------------------------------------------------------------

  it('wrong share, honest justification: complaints with evidence, the dealer publishes the true shares and stays qualified', () => {
    const r = run('ws-honest', [{ kind: 'wrong-share', dealer: 1, to: [2, 3], justification: 'honest' }]);
    expectDisqualified(checkSuccess(blst, r), []);
    for (const accuser of [2, 3]) {
      const complaints = emittedBy(r, accuser, 'response')[0]?.complaints ?? [];
      expect(complaints.map((c) => [c.dealer, c.share?.length])).toEqual([[1, 32]]);
    }
    expect(emittedBy(r, 1, 'justification')[0]?.shares.map((s) => s.id)).toEqual([2, 3]);
    // The accusers end with the true shares: the sharing is the clean one.
    expectSameSharing(r, clean('ws-honest'));
  });

  it('wrong share, wrong justification → disqualified (invalid-justification); the key is the others\' sum', () => {
    const r = run('ws-wrong', [{ kind: 'wrong-share', dealer: 1, to: [2, 3], justification: 'wrong' }]);
    const result = checkSuccess(blst, r);
    expectDisqualified(result, [{ id: 1, reason: 'invalid-justification' }]);
    expect(hex(result.groupPublicKey)).not.toBe(hex(resultOf(clean('ws-wrong'), 2).groupPublicKey));
  });

  it('wrong share, no justification → disqualified (unanswered-complaint)', () => {
    const r = run('ws-none', [{ kind: 'wrong-share', dealer: 1, to: [4], justification: 'none' }]);
    expectDisqualified(checkSuccess(blst, r), [{ id: 1, reason: 'unanswered-complaint' }]);
  });

  it('wrong commitment (last coefficient moved) → every holder complains, the true shares do not open it → invalid-justification', () => {
    const r = run('wc', [{ kind: 'wrong-commitment', dealer: 2 }]);
    expectDisqualified(checkSuccess(blst, r), [{ id: 2, reason: 'invalid-justification' }]);
    for (const holder of [1, 3, 4, 5]) expect(emittedBy(r, holder, 'response')[0]?.complaints.map((c) => c.dealer)).toEqual([2]);
    expect(emittedBy(r, 2, 'justification')[0]?.shares.map((s) => s.id)).toEqual([1, 3, 4, 5]);
  });

  it('wrong commitment to the constant term', () => {
    const r = run('wc0', [{ kind: 'wrong-commitment', dealer: 2, index: 0 }]);
    // Joint-Feldman: the proof of possession is for the true C_0, so it fails first.
    const reason = protocol === 'joint-feldman' ? 'invalid-proof' : 'invalid-justification';
    expectDisqualified(checkSuccess(blst, r), [{ id: 2, reason }]);
  });

  it('malformed commitments: one too few, or bytes that are no point → malformed-commitments', () => {
    const few = run('mc-few', [{ kind: 'malformed-commitments', dealer: 3 }]);
    expectDisqualified(checkSuccess(blst, few), [{ id: 3, reason: 'malformed-commitments' }]);
    const bad = run('mc-bad', [{ kind: 'malformed-commitments', dealer: 3, badPoint: true }]);
    expectDisqualified(checkSuccess(blst, bad), [{ id: 3, reason: 'malformed-commitments' }]);
    // Nobody complains about a dealer already out; its deals are not checked.
    for (const holder of [1, 2, 4, 5]) expect(emittedBy(bad, holder, 'response')[0]?.complaints).toEqual([]);
  });

  it.runIf(protocol === 'joint-feldman')('bad proof of possession → invalid-proof (checked in one batch, culprit found alone)', () => {
    const r = run('bad-proof', [
      { kind: 'bad-proof', dealer: 4 },
      { kind: 'bad-proof', dealer: 5 },
    ]);
    expectDisqualified(checkSuccess(blst, r), [
      { id: 4, reason: 'invalid-proof' },
      { id: 5, reason: 'invalid-proof' },
    ]);
  });

  it.runIf(protocol === 'pedersen')('a proof of possession on a Pedersen deal broadcast → rejected as malformed → the dealer is silent', () => {
    const jf = cleanMessages({ api: blst, protocol: 'joint-feldman', threshold: 3, n: 5, seed: 'proof-donor' });
    const proof = (jf.find((e) => e.message.type === 'deal-broadcast')?.message as { proof: object }).proof;
    const r = run('pedersen-proof', [{ kind: 'alter', dealer: 4, type: 'deal-broadcast', alter: (m) => ({ ...m, proof }) as DkgMessage }]);
    expect(rejections(r)).toEqual([1, 2, 3, 5].map((id) => `${id}<-4 deal-broadcast: message: proof: required for joint-feldman, absent for the other protocols`));
    expectDisqualified(checkSuccess(blst, r), [{ id: 4, reason: 'silent' }]);
  });

  it('equivocation: another deal broadcast to 2 and 3 → TRANSCRIPT_MISMATCH naming the dealer on every honest participant', () => {
    const r = run('equivocate', [{ kind: 'equivocate', dealer: 1, to: [2, 3] }]);
    const error = checkFailure(r);
    expect(error).toBeInstanceOf(DvtBlsError);
    expect([error.code, error.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    expect(error.message).toMatch(/senders seen differently: 1$/);
    expect(rejections(r)).toEqual([]); // nobody saw both versions
  });

  it('equivocation seen directly (both versions reach 2) → recorded in rejected; TRANSCRIPT_MISMATCH naming the dealer', () => {
    const r = run('equivocate-both', [{ kind: 'equivocate', dealer: 1, to: [2], alsoOriginal: true }]);
    const error = checkFailure(r);
    expect([error.code, error.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    expect(rejections(r)).toEqual(['2<-1 deal-broadcast: a different broadcast of the same type from the same sender (equivocation)']);
  });

  it('silence from the start → disqualified (silent); the others finish', () => {
    const r = run('silent', [{ kind: 'silent', dealer: 5 }]);
    const result = checkSuccess(blst, r);
    expectDisqualified(result, [{ id: 5, reason: 'silent' }]);
    // The silent participant still gets no share from anyone: it is not among the signers.
    expect(result.publicKeyShares.map((p) => p.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('silence after the deals → qualified (its deals arrived); the key is the clean one', () => {
    const r = run('silent-after-deal', [{ kind: 'silent', dealer: 5, fromRound: 1 }]);
    expectDisqualified(checkSuccess(blst, r), []);
    // Pedersen: its Feldman reveal never comes, so the group commitments are rebuilt from everyone
    // else's summed blinding values; the key is unchanged.
    expectSameSharing(r, clean('silent-after-deal'));
    if (protocol === 'pedersen') for (const id of [1, 2, 3, 4]) expect(emittedBy(r, id, 'reconstruction')).toHaveLength(1);
  });

  it('silence when accused (after a wrong share) → unanswered-complaint', () => {
    const r = run('silent-accused', [
      { kind: 'wrong-share', dealer: 5, to: [1] },
      { kind: 'silent', dealer: 5, fromRound: 2 },
    ]);
    expectDisqualified(checkSuccess(blst, r), [{ id: 5, reason: 'unanswered-complaint' }]);
  });

  it.runIf(protocol === 'pedersen')('wrong Feldman reveal → complaints with evidence; the dealer stays qualified, the group commitments are rebuilt; the key is unchanged', () => {
    const r = run('bad-reveal', [{ kind: 'bad-reveal', dealer: 2 }]);
    expectDisqualified(checkSuccess(blst, r), []);
    for (const holder of [1, 3, 4, 5]) {
      const complaints = emittedBy(r, holder, 'reveal-complaint')[0]?.complaints ?? [];
      expect(complaints.map((c) => [c.dealer, c.share?.length, c.blinding?.length])).toEqual([[2, 32, 32]]);
    }
    // Every honest participant publishes its summed blinding value once. (The faulty dealer's own
    // machine saw its honest reveal, upheld no complaint and publishes nothing.)
    for (const id of [1, 3, 4, 5]) expect(emittedBy(r, id, 'reconstruction')).toHaveLength(1);
    // Its choice of reveal does not change the key: the key is the clean run's.
    expectSameSharing(r, clean('bad-reveal'));
  });

  it.runIf(protocol === 'pedersen')('a wrong blinding value (or proof) in a reconstruction → its proof fails, it is ignored; the others rebuild; the key is unchanged', () => {
    type Reconstruction = Extract<DkgMessage, { type: 'reconstruction' }>;
    const variants: [string, (m: Reconstruction) => Reconstruction][] = [
      ['blinding', (m) => ({ ...m, blinding: plusOne(m.blinding) })],
      ['proof', (m) => ({ ...m, proof: { ...m.proof, response: plusOne(m.proof.response) } })],
    ];
    for (const [name, alter] of variants) {
      const r = run('bad-reveal', [
        { kind: 'bad-reveal', dealer: 2 },
        { kind: 'alter', dealer: 3, type: 'reconstruction', alter: (m) => alter(m as Reconstruction) },
      ]);
      expectDisqualified(checkSuccess(blst, r), []);
      expectSameSharing(r, clean('bad-reveal'));
      expect(emittedBy(r, 3, 'reconstruction'), name).toHaveLength(1);
    }
  });

  it.runIf(protocol === 'pedersen')('fewer than t valid summed blinding values → DKG_FAILED naming the dealer that caused the rebuild and the holders whose proofs failed', () => {
    const bad = (m: DkgMessage): DkgMessage => (m.type === 'reconstruction' ? { ...m, blinding: plusOne(m.blinding) } : m);
    const r = runNetwork({ api: blst, protocol, threshold: 3, n: 4, seed: 'rebuild-short', faults: [
      { kind: 'bad-reveal', dealer: 2 },
      { kind: 'alter', dealer: 3, type: 'reconstruction', alter: bad },
      { kind: 'alter', dealer: 4, type: 'reconstruction', alter: bad },
    ] });
    const e = checkFailure(r, [1]);
    expect([e.code, e.culprits]).toEqual(['DKG_FAILED', [2, 3, 4]]);
    expect(e.message).toContain('only 1 valid summed blinding value(s)');
  });

  it('sparse and large ids: wrong shares are found by both ways of the batch check; public key shares right at every id', () => {
    // Holders below id 256 check their deals by evaluating each dealer's commitments at their id,
    // larger ones by folding the commitments per coefficient (participant.ts, invalidShares). The
    // public key shares are the holders' claims, confirmed at these ids by the random check
    // (feldman.ts, confirmedEvaluations); checkSuccess checks each against its share.
    const ids = [1, 2, 4, 300, 70000];
    const r = run('sparse-ids', [{ kind: 'wrong-share', dealer: 1, to: [2, 300], justification: 'none' }], { ids });
    const result = checkSuccess(blst, r);
    expect(result.disqualified).toEqual([{ id: 1, reason: 'unanswered-complaint' }]);
    expect(result.qualified).toEqual([2, 4, 300, 70000]);
    for (const holder of [2, 300]) expect(emittedBy(r, holder, 'response')[0]?.complaints.map((c) => c.dealer)).toEqual([1]);
    for (const holder of [4, 70000]) expect(emittedBy(r, holder, 'response')[0]?.complaints).toEqual([]);
    if (protocol === 'pedersen') {
      const reveal = run('sparse-ids-reveal', [{ kind: 'bad-reveal', dealer: 4 }], { ids });
      expect(checkSuccess(blst, reveal).disqualified).toEqual([]);
      for (const holder of [1, 2, 300, 70000]) expect(emittedBy(reveal, holder, 'reveal-complaint')[0]?.complaints.map((c) => c.dealer)).toEqual([4]);
    }
  });

  it('a false complaint against an honest dealer → it justifies publicly and stays qualified; the accuser is not punished', () => {
    const r = run('false-complaint', [{ kind: 'alter', dealer: 3, type: 'response', alter: (m) => ({ ...m, complaints: [{ dealer: 1 }] }) as DkgMessage }]);
    expectDisqualified(checkSuccess(blst, r), []);
    expect(emittedBy(r, 1, 'justification')[0]?.shares.map((s) => s.id)).toEqual([3]);
    expectSameSharing(r, clean('false-complaint'));
  });

  it.runIf(protocol === 'pedersen')('a false reveal complaint (evidence that does not open the Pedersen commitment) is ignored: nobody is reconstructed', () => {
    const bogus = { dealer: 1, share: new Uint8Array(32).fill(1), blinding: new Uint8Array(32).fill(2) };
    const r = run('false-reveal-complaint', [{ kind: 'alter', dealer: 3, type: 'reveal-complaint', alter: (m) => ({ ...m, complaints: [bogus] }) as DkgMessage }]);
    expectDisqualified(checkSuccess(blst, r), []);
    for (const id of r.ids) expect(emittedBy(r, id, 'reconstruction')).toEqual([]);
    expectSameSharing(r, clean('false-reveal-complaint'));
  });

  describe.runIf(protocol === 'pedersen')('reveals checked by their sum', () => {
    // A coalition {2, 3, 4} of n = 6, t = 3: 2 and 3 reveal A_0 + G and A_0 - G, errors that cancel
    // in the sum every participant checks, and neither complains about the other.
    const cancelling = (complainer?: Fault): Fault[] => [
      { kind: 'alter', dealer: 2, type: 'feldman-reveal', alter: (m) => ({ ...m, commitments: (m as FeldmanReveal).commitments.map((c, k) => (k === 0 ? shiftedByG(c, 1n) : c)) }) as DkgMessage },
      { kind: 'alter', dealer: 3, type: 'feldman-reveal', alter: (m) => ({ ...m, commitments: (m as FeldmanReveal).commitments.map((c, k) => (k === 0 ? shiftedByG(c, R - 1n) : c)) }) as DkgMessage },
      ...[2, 3].map((dealer): Fault => ({ kind: 'alter', dealer, type: 'reveal-complaint', alter: (m) => ({ ...m, complaints: [] }) as DkgMessage })),
      ...(complainer === undefined ? [] : [complainer]),
    ];
    type FeldmanReveal = Extract<DkgMessage, { type: 'feldman-reveal' }>;
    const six = (seed: string, faults: Fault[] = []): NetworkRun => runNetwork({ ...base(seed, { n: 6 }), faults });

    it('reveal errors that cancel pass every check and leave the sum, hence the outputs, right', () => {
      const r = six('cancel', cancelling());
      expectDisqualified6(checkSuccess(blst, r));
      for (const id of r.honest) {
        expect(emittedBy(r, id, 'reveal-complaint')[0]?.complaints).toEqual([]);
        expect(emittedBy(r, id, 'reconstruction')).toEqual([]);
      }
      expectSameSharing(r, six('cancel'));
    });

    it('…and a coalition member that then complains about one of them (true evidence) gets the whole sum rebuilt: the key is still the one committed to', () => {
      // Rebuilding only the accused dealer would keep the other's error: the key would move by G.
      const reference = six('cancel');
      const dealt = reference.emitted.find((e) => e.message.type === 'deal' && e.message.sender === 2 && e.message.recipient === 4)?.message as DkgMessage;
      const evidence = { dealer: 2, ...openDealOf(reference, dealt) };
      const r = six('cancel', cancelling({ kind: 'alter', dealer: 4, type: 'reveal-complaint', alter: (m) => ({ ...m, complaints: [evidence] }) as DkgMessage }));
      expectDisqualified6(checkSuccess(blst, r));
      for (const id of r.honest) expect(emittedBy(r, id, 'reconstruction'), `participant ${id}`).toHaveLength(1);
      expectSameSharing(r, reference);
    });

    it('a reveal whose torsion no share check sees (it vanishes at every id) → the sum is rebuilt, the dealer stays: its secret counts as committed', () => {
      // t = 4 for the x³ coefficient. Dropping the dealer here, after the reveals, would let it
      // choose whether its secret counts once it has seen the others' reveals.
      expect([ORDER_3.is0(), ORDER_3.multiplyUnsafe(3n).is0()]).toEqual([false, true]);
      const options = { n: 5, threshold: 4 };
      const r = runNetwork({ ...base('torsion-reveal', options), faults: [
        { kind: 'alter', dealer: 2, type: 'feldman-reveal', alter: (m) => ({ ...m, commitments: withInvisibleTorsion((m as FeldmanReveal).commitments) }) as DkgMessage },
      ] });
      expectDisqualified(checkSuccess(blst, r), []);
      for (const id of r.honest) {
        expect(emittedBy(r, id, 'reveal-complaint')[0]?.complaints).toEqual([]);
        expect(emittedBy(r, id, 'reconstruction')).toHaveLength(1);
      }
      expectSameSharing(r, runNetwork(base('torsion-reveal', options)));
    });

    it('Pedersen commitments whose torsion no share check sees → the dealer is dropped when QUAL is fixed, whether it then reveals or not', () => {
      // Were it dropped only when its commitments are used (its reveal withheld, so rebuilt from
      // them), it could choose after seeing the others' reveals whether its secret counts.
      const torsion: Fault = { kind: 'alter', dealer: 2, type: 'deal-broadcast', alter: (m) => ({ ...m, commitments: withInvisibleTorsion((m as Extract<DkgMessage, { type: 'deal-broadcast' }>).commitments) }) as DkgMessage };
      const keys = [[torsion], [torsion, { kind: 'silent', dealer: 2, fromRound: 3 } as Fault]].map((faults) => {
        const r = runNetwork({ ...base('torsion-deal', { n: 5, threshold: 4 }), faults });
        expectDisqualified(checkSuccess(blst, r), [{ id: 2, reason: 'malformed-commitments' }]);
        for (const id of r.honest) expect(emittedBy(r, id, 'response')[0]?.complaints).toEqual([]);
        return hex(resultOf(r, 1).groupPublicKey);
      });
      expect(keys[1]).toBe(keys[0]);
    });
  });

  it('too many faulty dealers (n - t + 1 silent) → DKG_FAILED on every honest participant, naming them', () => {
    const r = run('too-many', [1, 2, 3].map((dealer): Fault => ({ kind: 'silent', dealer })));
    const error = checkFailure(r);
    expect([error.code, error.culprits]).toEqual(['DKG_FAILED', [1, 2, 3]]);
    expect(error.message).toMatch(/2 dealer\(s\) qualified, 3 needed/);
  });

  it('a faulty dealer that sends its own transcript (its view differs from what it made others see) → everyone aborts naming it', () => {
    const r = run('own-transcript', [{ kind: 'wrong-share', dealer: 1, to: [2], justification: 'none' }], { faultyTranscripts: 'own' });
    const error = checkFailure(r);
    expect([error.code, error.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    // Without its transcript the others agree, with 1 disqualified.
    const omitted = run('own-transcript', [{ kind: 'wrong-share', dealer: 1, to: [2], justification: 'none' }], { faultyTranscripts: 'omit' });
    expectDisqualified(checkSuccess(blst, omitted), [{ id: 1, reason: 'unanswered-complaint' }]);
  });

  it('a wrong public key share claimed in a transcript (another\'s, infinity, outside G1, none) → the others evaluate it: the clean results', () => {
    const reference = clean('pk-claim');
    const claims: [string, () => Uint8Array | undefined][] = [
      ['another participant\'s', () => (emittedBy(reference, 3, 'transcript')[0] as TranscriptBroadcast).publicKeyShare],
      ['infinity', () => Uint8Array.from([0x40, ...new Uint8Array(95)])],
      ['a point outside G1', () => OUTSIDE_G1],
      ['none', () => undefined],
    ];
    expect((emittedBy(reference, 2, 'transcript')[0] as TranscriptBroadcast).publicKeyShare).toHaveLength(96);
    for (const [label, claim] of claims) {
      const alter = (m: DkgMessage): DkgMessage => {
        const { publicKeyShare: _own, ...rest } = m as TranscriptBroadcast;
        const claimed = claim();
        return (claimed === undefined ? rest : { ...rest, publicKeyShare: claimed }) as DkgMessage;
      };
      const r = run('pk-claim', [{ kind: 'alter', dealer: 2, type: 'transcript', alter }], { faultyTranscripts: 'own' });
      checkSuccess(blst, r);
      // Participant 2's public key share included: the honest results are the clean run's.
      for (const id of r.honest) expect(fingerprint(r.outcomes.get(id)), `${label}: participant ${id}`).toBe(fingerprint(reference.outcomes.get(id)));
    }
  });

  // ---- Sealed deals ----------------------------------------------------------------------------

  describe('sealed deals and authenticated broadcasts (X25519): an untrusted relay', () => {
    const sealed = { encrypted: true };
    /** Every share dealt in a run, as hex (the sealed entries opened with the recipients' keys). */
    const dealtSecrets = (r: NetworkRun): string[] =>
      r.emitted.flatMap((e) =>
        e.message.type === 'deal-broadcast' ? (e.message.sealed ?? []).map((d) => hex(openDealOf(r, e.message, d.recipient).share)) : []
      );
    /** The wire as a relay sees it: every message emitted, as JSON. */
    const wire = (r: NetworkRun): string => r.emitted.map((e) => encodeMessageJson(e.message)).join('\n');
    const expectNoSecretOnTheWire = (r: NetworkRun): void => {
      const text = wire(r);
      const secrets = dealtSecrets(r);
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text).not.toContain(secret);
    };

    it('no faults: deals travel only sealed inside the tagged deal broadcasts; the same sharing as in the clear', () => {
      const r = clean('sealed', sealed);
      expectDisqualified(checkSuccess(blst, r), []);
      expect(r.emitted.filter((e) => isPrivateMessage(e.message))).toEqual([]);
      for (const e of r.emitted) expect((e.message as DkgBroadcast).tags?.map((t) => t.recipient)).toEqual(r.ids.filter((id) => id !== e.message.sender));
      expect(rejections(r)).toEqual([]);
      expectNoSecretOnTheWire(r);
      // The same polynomials as without sealing (same seeds): the same sharing.
      expectSameSharing(r, clean('sealed'), r.ids);
    });

    it('the relay withholds every deal from t participants → nobody publishes a share; all abort with TRANSCRIPT_MISMATCH', () => {
      // In the clear this is the attack that works: each withheld deal draws a complaint, and each
      // justification publishes the withheld share, so the relay collects t shares of every dealer.
      const clear = run('withhold-clear', [{ kind: 'drop', to: [1, 2, 3], type: 'deal' }]);
      expect(clear.emitted.filter((e) => e.message.type === 'justification')).toHaveLength(5);
      // Sealed, withholding a deal means withholding the dealer's broadcast: the dealer is silent
      // in those views only, nobody complains, and the transcripts differ.
      const r = run('withhold', [{ kind: 'drop', to: [1, 2, 3], type: 'deal-broadcast' }], sealed);
      expect(r.emitted.filter((e) => e.message.type === 'justification' || e.message.type === 'reconstruction')).toEqual([]);
      for (const e of r.emitted) if (e.message.type === 'response') expect(e.message.complaints).toEqual([]);
      expectNoSecretOnTheWire(r);
      expect(checkFailure(r, r.ids).code).toBe('TRANSCRIPT_MISMATCH');
    });

    it('the relay alters a sealed deal in transit → the broadcast fails its tag and is dropped → no complaint, no justification → TRANSCRIPT_MISMATCH naming the dealer', () => {
      // An offset inside the last sealed deal's ciphertext: before the tags (presence byte, count, 4 × (8 + 16) bytes).
      const r = run('sealed-corrupt', [{ kind: 'corrupt', from: 1, to: 2, type: 'deal-broadcast', offset: -(1 + 2 + 4 * 24 + 10) }], sealed);
      expect(rejections(r)).toEqual(['2<-1 deal-broadcast: no valid authentication tag for this participant']);
      expect(emittedBy(r, 2, 'response')[0]?.complaints).toEqual([]);
      expect(r.emitted.filter((e) => e.message.type === 'justification')).toEqual([]);
      const e = checkFailure(r, r.ids);
      expect([e.code, e.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [1]]);
    });

    it("the relay replays another session's deal broadcast (re-stamped) in place of the real one → it fails its tag → TRANSCRIPT_MISMATCH", () => {
      const other = cleanMessages(base('sealed-replay-other', sealed)).find((e) => e.message.type === 'deal-broadcast' && e.message.sender === 1)?.message as DkgMessage;
      const r = run('sealed-replay', [
        { kind: 'drop', from: 1, to: 2, type: 'deal-broadcast' },
        { kind: 'replay', round: 1, to: 2, messages: [{ ...other, session: makeCeremony(base('sealed-replay', sealed)).session }] },
      ], sealed);
      expect(rejections(r)).toEqual(['2<-1 deal-broadcast: no valid authentication tag for this participant']);
      expect(r.emitted.filter((e) => e.message.type === 'justification')).toEqual([]);
      expect(checkFailure(r, r.ids).code).toBe('TRANSCRIPT_MISMATCH');
    });

    it('the relay rewrites a response to accuse an honest dealer → dropped (its tag fails) → the dealer publishes nothing', () => {
      const r = run('sealed-forge', [{ kind: 'corrupt', from: 3, type: 'response', offset: -10 }], sealed);
      expect(r.emitted.filter((e) => e.message.type === 'justification')).toEqual([]);
      expectNoSecretOnTheWire(r);
    });

    it('a wrong share sealed by the dealer → complaint with the decrypted share as evidence → invalid-justification', () => {
      const r = run('sealed-wrong', [{ kind: 'wrong-share', dealer: 3, to: [5], justification: 'wrong' }], sealed);
      expectDisqualified(checkSuccess(blst, r), [{ id: 3, reason: 'invalid-justification' }]);
      const complaint = emittedBy(r, 5, 'response')[0]?.complaints[0];
      // The evidence is the wrong share: the true one (as dealt) + 1.
      const trueShare = BigInt(`0x${hex(openDealOf(r, emittedBy(r, 3, 'deal-broadcast')[0] as DkgMessage, 5).share)}`);
      expect(BigInt(`0x${hex(complaint?.share as Uint8Array)}`)).toBe(trueShare + 1n);
    });

    it.runIf(protocol === 'pedersen')('the relay withholds every Feldman reveal → reconstruction publishes blinding values with proofs, never shares', () => {
      const r = run('withhold-reveals', [{ kind: 'drop', type: 'feldman-reveal' }], sealed);
      const reconstructions = r.emitted.filter((e) => e.message.type === 'reconstruction');
      expect(reconstructions).toHaveLength(5);
      expectNoSecretOnTheWire(r);
      // Each participant saw only its own reveal: the views differ, and everyone aborts.
      expect(checkFailure(r, r.ids).code).toBe('TRANSCRIPT_MISMATCH');
    });
  });
});

describe.each(PROTOCOLS)('%s DKG under faults (noble, n = 4, t = 3)', (protocol) => {
  const run = (seed: string, faults: Fault[]): NetworkRun => runNetwork({ api: noble, protocol, threshold: 3, n: 4, seed, faults });

  it('wrong share and no justification → disqualified; the others\' shares sign', () => {
    const r = run('noble-ws', [{ kind: 'wrong-share', dealer: 2, to: [3], justification: 'none' }]);
    const result = checkSuccess(noble, r);
    expect(result.disqualified).toEqual([{ id: 2, reason: 'unanswered-complaint' }]);
    expect(result.qualified).toEqual([1, 3, 4]);
  });

  it('equivocation → TRANSCRIPT_MISMATCH naming the dealer', () => {
    const error = checkFailure(run('noble-eq', [{ kind: 'equivocate', dealer: 4, to: [1] }]));
    expect([error.code, error.culprits]).toEqual(['TRANSCRIPT_MISMATCH', [4]]);
  });

  it('noble and blst agree byte for byte on the same seeded ceremony', () => {
    const a = runNetwork({ api: noble, protocol, threshold: 3, n: 4, seed: 'cross' });
    const b = runNetwork({ api: blst, protocol, threshold: 3, n: 4, seed: 'cross' });
    for (const id of a.ids) expect(fingerprint(a.outcomes.get(id))).toBe(fingerprint(b.outcomes.get(id)));
    checkSuccess(noble, a);
  });
});
