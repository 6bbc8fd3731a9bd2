/**
 * The ceremony arbitraries of `dvt-bls/testing` (src/testing/ceremonies.ts), used for real: fast-check
 * properties over DKG (Joint-Feldman, Pedersen) and lifecycle (reshare, refresh, repair) ceremonies
 * with faults, on both backends. For every ceremony the kit draws and runs:
 *
 * - the honest participants (repair: the recipient) end identically, as the kit's ground truth says:
 *   the same result (every byte but each one's share) with the expected qualified set and reasons,
 *   or the same error code with the expected culprits;
 * - on success, the group key is the sum of the qualified dealers' constant terms as they emitted
 *   them (recomputed here with the backend's own point aggregation; resharing and refresh: the old
 *   key), every share verifies and matches its public key share, and t honest shares (a random
 *   choice) threshold-sign a message that verifies under the key; a repair gives back the lost share;
 * - every dealer that deviated detectably is named, and no honest one is disqualified;
 * - a `TRANSCRIPT_MISMATCH` names exactly the senders the honest participants saw differently, as
 *   found here from the transcript's deliveries, independently of the participants and of the kit;
 * - the same seed gives the same transcript, byte for byte, on both backends.
 *
 * Fixed fast-check seeds keep CI reproducible; the run counts keep the file to a few tens of
 * seconds. To explore: TESTING_DKG_RUNS=10 (a multiplier) TESTING_DKG_SEED=random.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, type DkgMessage, type DvtBls } from '../src/index';
import {
  CEREMONY_FAULT_KINDS,
  CEREMONY_STEPS,
  arbDkgCeremony,
  arbLifecycleCeremony,
  runFaultyCeremony,
  type CeremonyOutcome,
  type CeremonyRun,
  type CeremonyScenario,
  type Deviation,
} from '../src/testing/index';
import { backends } from './helpers/backends';
import { browserBundleInputs, codeWithoutComments, sourceDir } from './helpers/browser-safe';
import { hex } from './helpers/rng';

const TESTING_DIR = sourceDir('testing');
const env = process.env;
const multiplier = env.TESTING_DKG_RUNS === undefined ? 1 : Number(env.TESTING_DKG_RUNS);
const seedOf = (fixed: number): number => (env.TESTING_DKG_SEED === 'random' ? Date.now() ^ fixed : fixed);
const runs = (n: number): number => Math.max(1, Math.round(n * multiplier));

type Result = Exclude<CeremonyOutcome, DvtBlsError>;
interface Share {
  id: number;
  secretKey: Uint8Array;
}

/** An outcome as comparable text: everything but the participant's own share. */
function fingerprint(outcome: CeremonyOutcome | undefined): string {
  if (outcome === undefined) return 'none';
  if (outcome instanceof DvtBlsError) return `${outcome.code} [${outcome.culprits.join(',')}]`;
  const { share: _share, ...rest } = outcome as Result & { share?: Share };
  return JSON.stringify(rest, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
}

/** Who ends with a share that signs: DKG and refresh: the honest participants; resharing: the honest new holders. */
function shareHolders(c: CeremonyScenario): number[] {
  if (c.protocol === 'reshare') return c.newIds.filter((id) => c.honest.includes(id));
  if (c.protocol === 'repair') return [c.recipient];
  return c.honest;
}

/** A ceremony and an order in which to pick signers among the share holders. */
const withSigners = <C extends CeremonyScenario>(arb: fc.Arbitrary<C>): fc.Arbitrary<{ c: C; order: number[] }> =>
  arb.chain((c) => {
    const holders = shareHolders(c);
    return fc.record({ c: fc.constant(c), order: fc.shuffledSubarray(holders, { minLength: holders.length, maxLength: holders.length }) });
  });

/**
 * Senders whose broadcasts the honest participants saw differently, from the transcript alone: what
 * each honest participant was handed in time (the round after it was sent, this session), and what
 * an honest sender sent itself. Two versions handed to one participant count as their own view.
 */
function seenDifferently(c: CeremonyScenario, run: CeremonyRun): number[] {
  const sentIn = new Map<string, number>(run.transcript.sent.map((s) => [s.message.type, s.round]));
  const views = new Map<number, Map<number, Map<string, Set<string>>>>(); // honest -> sender -> type -> binaries
  const note = (viewer: number, sender: number, m: DkgMessage, binary: Uint8Array): void => {
    if (!views.has(viewer)) views.set(viewer, new Map());
    const bySender = views.get(viewer) as Map<number, Map<string, Set<string>>>;
    if (!bySender.has(sender)) bySender.set(sender, new Map());
    const byType = bySender.get(sender) as Map<string, Set<string>>;
    if (!byType.has(m.type)) byType.set(m.type, new Set());
    byType.get(m.type)?.add(hex(binary));
  };
  const broadcast = (m: DkgMessage): boolean => m.type !== 'transcript' && m.type !== 'deal' && m.type !== 'encrypted-deal';
  for (const d of run.transcript.delivered) {
    const m = d.message;
    if (m === undefined || !broadcast(m) || !c.honest.includes(d.recipient)) continue;
    if (hex(m.session) !== hex(c.session) || d.round !== (sentIn.get(m.type) as number) + 1) continue;
    note(d.recipient, m.sender, m, d.binary);
  }
  for (const s of run.transcript.sent) if (broadcast(s.message) && c.honest.includes(s.sender)) note(s.sender, s.sender, s.message, s.binary);
  const culprits: number[] = [];
  for (const sender of c.participants) {
    const seen = c.honest.map((h) => {
      const byType = views.get(h)?.get(sender) ?? new Map<string, Set<string>>();
      if ([...byType.values()].some((v) => v.size > 1)) return 'equivocation';
      return JSON.stringify([...byType.entries()].map(([type, v]) => [type, [...v]]).sort());
    });
    if (seen.includes('equivocation') || new Set(seen).size > 1) culprits.push(sender);
  }
  return culprits;
}

/** Deviations that must get their dealer disqualified whenever the ceremony succeeds. */
function mustBeDisqualified(d: Deviation): boolean {
  switch (d.kind) {
    case 'malformed-commitments':
    case 'bad-proof':
    case 'wrong-constant-term':
    case 'wrong-commitment':
      return true;
    case 'wrong-share':
      return d.justification !== 'honest';
    case 'silent':
      return d.fromRound === 0;
    default:
      return false;
  }
}

const message = new TextEncoder().encode('dvt-bls/testing ceremony property');

/** Everything the properties demand of one ceremony; throws (with what is wrong) otherwise. */
function checkCeremony(api: DvtBls, c: CeremonyScenario, order: number[]): void {
  const run = c.run;
  const prints = c.observers.map((id) => fingerprint(run.outcomes.get(id)));
  expect(new Set(prints).size, `observers disagree: ${c.observers.map((id, i) => `${id}: ${prints[i]}`).join(' | ')}`).toBe(1);
  const first = run.outcomes.get(c.observers[0] as number);
  const e = c.expected;

  if (e.outcome === 'failure') {
    expect(first).toBeInstanceOf(DvtBlsError);
    const error = first as DvtBlsError;
    expect([error.code, [...error.culprits]], error.message).toEqual([e.code, e.culprits]);
    if (e.code === 'TRANSCRIPT_MISMATCH') expect(e.culprits).toEqual(seenDifferently(c, run));
    else if (c.protocol === 'repair') {
      // The recipient names helpers that deviated, or whose sum the network lost (it cannot tell).
      const sumLost = c.faults.flatMap((f) => ('from' in f && f.round === 3 && f.kind !== 'duplicate' ? [f.from] : []));
      for (const id of e.culprits) expect([...c.faulty, ...sumLost]).toContain(id);
    } else for (const id of e.culprits) expect(c.faulty).toContain(id);
    return;
  }

  expect(first).not.toBeInstanceOf(DvtBlsError);
  if (c.protocol === 'repair') {
    const repaired = first as Extract<Result, { protocol: 'repair' }>;
    const lost = c.sharing.shares.find((s) => s.id === c.recipient) as Share;
    expect(hex(repaired.share?.secretKey as Uint8Array)).toBe(hex(lost.secretKey));
    for (const h of c.helpers.filter((id) => c.honest.includes(id))) expect((run.outcomes.get(h) as { share?: Share }).share).toBeUndefined();
    // A helper that deviated detectably makes the repair fail.
    expect(c.faults.filter((f) => 'participant' in f && !(f.kind === 'wrong-share' && f.justification === 'honest'))).toEqual([]);
    return;
  }

  const result = first as Extract<Result, { qualified: number[] }>;
  expect(result.qualified).toEqual(e.qualified);
  expect(result.disqualified).toEqual(e.disqualified);
  // Every detectable deviation named, no honest dealer left out.
  for (const f of c.faults) if ('participant' in f && mustBeDisqualified(f)) expect(result.disqualified.map((d) => d.id), JSON.stringify(f)).toContain(f.participant);
  for (const d of result.disqualified) expect(c.faulty).toContain(d.id);

  // The key: the sum of the qualified constant terms as emitted (DKG), or the old key.
  const expectedKey =
    c.protocol === 'reshare' || c.protocol === 'refresh'
      ? c.sharing.groupPublicKey
      : api.aggregatePublicKeys(result.qualified.map((d) => run.constantTerms.get(d) as Uint8Array));
  expect(hex(result.groupPublicKey)).toBe(hex(expectedKey));
  expect(hex(run.expectedGroupPublicKey as Uint8Array)).toBe(hex(expectedKey));
  expect(hex(result.commitments[0] as Uint8Array)).toBe(hex(result.groupPublicKey));
  expect(result.commitments).toHaveLength(c.threshold);

  // Shares: each verifies and matches its public key share; t of them threshold-sign.
  const keyOf = new Map(result.publicKeyShares.map((k) => [k.id, hex(k.publicKey)]));
  const holders = shareHolders(c);
  for (const id of c.observers) {
    const share = (run.outcomes.get(id) as { share?: Share }).share;
    if (!holders.includes(id)) {
      expect(share).toBeUndefined(); // an old holder that leaves
      continue;
    }
    expect(share?.id).toBe(id);
    expect(api.verifyShare(share as Share, result.commitments)).toBe(true);
    expect(hex(api.getPublicKey((share as Share).secretKey))).toBe(keyOf.get(id));
    if (c.protocol === 'refresh' && c.threshold >= 2) {
      expect(hex((share as Share).secretKey)).not.toBe(hex((c.sharing.shares.find((s) => s.id === id) as Share).secretKey));
    }
  }
  // t honest holders sign (fewer than t are honest only with more faulty dealers than tolerated).
  const signers = order.slice(0, c.threshold);
  if (signers.length < c.threshold) {
    expect(c.faulty.length).toBeGreaterThan(c.participants.length - c.threshold);
    return;
  }
  const partials = signers.map((id) => api.partialSign((run.outcomes.get(id) as { share: Share }).share, message));
  expect(api.verify(result.groupPublicKey, message, api.combineSignatures(partials))).toBe(true);
}

/** All the bytes of a transcript, in order. */
const transcriptText = (run: CeremonyRun): string =>
  [
    ...run.transcript.sent.map((m) => `s${m.round}/${m.sender}/${hex(m.binary)}`),
    ...run.transcript.delivered.map((m) => `d${m.round}/${m.recipient}/${m.faults.join('+')}/${hex(m.binary)}`),
  ].join('\n');

const property = <C extends CeremonyScenario>(api: DvtBls, arb: fc.Arbitrary<C>, seed: number, numRuns: number): void => {
  fc.assert(
    fc.property(withSigners(arb), ({ c, order }) => checkCeremony(api, c, order)),
    { seed: seedOf(seed), numRuns: runs(numRuns), endOnFailure: true }
  );
};

/** Sizes and run counts per backend: the native one takes more and bigger ceremonies. */
const plans = {
  noble: { maxN: 4, dkg: 8, life: 10, extra: 4 },
  blst: { maxN: 7, dkg: 30, life: 40, extra: 12 },
} as const;

describe.each(backends)('ceremony arbitraries ($name)', ({ name, api }) => {
  const plan = plans[name as keyof typeof plans];

  it.each(['joint-feldman', 'pedersen'] as const)(
    '%s DKG with faults: honest participants agree as expected; key = Σ qualified constant terms; t shares sign; deviations named',
    { timeout: 120_000 },
    (protocol) => {
      property(api, arbDkgCeremony({ bls: api, protocol, maxN: plan.maxN }), protocol === 'pedersen' ? 0xd6c2 : 0xd6c1, plan.dkg);
    }
  );

  it('DKG with more faulty dealers than tolerated (DKG_FAILED)', { timeout: 120_000 }, () => {
    property(api, arbDkgCeremony({ bls: api, maxN: Math.min(plan.maxN, 6), maxFaults: 6 }), 0xd6c4, plan.extra);
  });

  it('reshare, refresh and repair with faults: as expected; the key unchanged; new shares sign; a repair gives back the lost share', { timeout: 120_000 }, () => {
    property(api, arbLifecycleCeremony({ bls: api, maxN: Math.min(plan.maxN, 5) }), 0x11fe, plan.life);
    property(api, arbLifecycleCeremony({ bls: api, maxN: Math.min(plan.maxN, 4), maxFaults: 3 }), 0x11ff, plan.extra);
  });
});

describe('ceremony arbitraries: determinism, coverage, options', () => {
  const noble = (backends.find((b) => b.name === 'noble') as { api: DvtBls }).api;
  const blst = (backends.find((b) => b.name === 'blst') as { api: DvtBls }).api;

  it('the same seed gives the same transcript, byte for byte, on both backends; another seed another one', () => {
    const sample = <C extends CeremonyScenario>(arb: fc.Arbitrary<C>, seed: number): C[] => fc.sample(arb, { seed, numRuns: 4 });
    for (const [a, b] of [
      [sample(arbDkgCeremony({ bls: noble, maxN: 4 }), 21), sample(arbDkgCeremony({ bls: blst, maxN: 4 }), 21)],
      [sample(arbLifecycleCeremony({ bls: noble, maxN: 4 }), 22), sample(arbLifecycleCeremony({ bls: blst, maxN: 4 }), 22)],
    ] as const) {
      for (let i = 0; i < a.length; i++) {
        const [x, y] = [a[i] as CeremonyScenario, b[i] as CeremonyScenario];
        expect(JSON.stringify({ ...x, sharing: undefined }, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : v))).toBe(
          JSON.stringify({ ...y, sharing: undefined }, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : v))
        );
        const text = transcriptText(x.run);
        expect(transcriptText(y.run)).toBe(text);
        expect(transcriptText(runFaultyCeremony(x, { bls: blst }))).toBe(text);
        for (const id of x.participants) expect(fingerprint(y.run.outcomes.get(id))).toBe(fingerprint(x.run.outcomes.get(id)));
      }
    }
    const [one] = fc.sample(arbDkgCeremony({ bls: blst, maxN: 4, minN: 2 }), { seed: 23, numRuns: 1 });
    const [other] = fc.sample(arbDkgCeremony({ bls: blst, maxN: 4, minN: 2 }), { seed: 24, numRuns: 1 });
    expect(transcriptText((other as CeremonyScenario).run)).not.toBe(transcriptText((one as CeremonyScenario).run));
  });

  it('draws every fault kind and every outcome, and values consistent with their options (no run needed)', () => {
    const dkg = fc.sample(arbDkgCeremony(), { seed: 31, numRuns: 400 });
    const life = fc.sample(arbLifecycleCeremony(), { seed: 32, numRuns: 400 });
    const all: CeremonyScenario[] = [...dkg, ...life];
    expect(new Set(all.flatMap((c) => c.faults.map((f) => f.kind)))).toEqual(new Set(CEREMONY_FAULT_KINDS));
    const outcomes = new Set(all.map((c) => `${c.protocol}: ${c.expected.outcome === 'success' ? 'success' : c.expected.code}`));
    for (const p of ['joint-feldman', 'pedersen', 'reshare', 'refresh']) expect(outcomes).toContain(`${p}: success`);
    for (const p of ['joint-feldman', 'pedersen', 'reshare', 'refresh']) expect(outcomes).toContain(`${p}: TRANSCRIPT_MISMATCH`);
    expect(outcomes).toContain('repair: success');
    expect(outcomes).toContain('repair: DKG_FAILED');
    for (const c of all) {
      expect([...c.faulty, ...c.honest].sort((a, b) => a - b)).toEqual(c.participants);
      expect(c.honest.length).toBeGreaterThan(0);
      expect(new Set(c.faults.filter((f) => 'participant' in f).map((f) => (f as Deviation).participant))).toEqual(new Set(c.faulty));
      for (const id of c.observers) expect(c.honest).toContain(id);
      for (const f of c.faults) if ('round' in f) expect(f.round).toBeLessThan(CEREMONY_STEPS[c.protocol].length - 1);
      // By default, no more faulty participants than the ceremony tolerates.
      if (c.protocol === 'reshare') expect(c.faulty.length).toBeLessThanOrEqual(c.oldIds.length - c.oldThreshold);
      else if (c.protocol === 'repair') expect(c.faulty.length).toBeLessThanOrEqual(1);
      else expect(c.faulty.length).toBeLessThanOrEqual(c.participants.length - c.threshold);
      if (c.protocol !== 'repair') expect(c.participants.length).toBeLessThanOrEqual(c.protocol === 'reshare' ? 10 : 5);
      if (c.protocol === 'joint-feldman' || c.protocol === 'pedersen' || c.protocol === 'refresh') expect(c.expected.outcome === 'success' || c.expected.code === 'TRANSCRIPT_MISMATCH').toBe(true);
      // The run is not enumerable: fast-check does not print it. Faults are plain objects.
      expect(Object.keys(c)).not.toContain('run');
      for (const f of c.faults) expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
    }
    // Resharing sets overlap sometimes, and are disjoint sometimes.
    const reshares = life.filter((c) => c.protocol === 'reshare');
    expect(reshares.some((c) => c.newIds.some((id) => c.oldIds.includes(id)))).toBe(true);
    expect(reshares.some((c) => c.newIds.every((id) => !c.oldIds.includes(id)))).toBe(true);
    // Options are honoured.
    const chosen = fc.sample(arbDkgCeremony({ protocol: 'pedersen', kinds: ['silent', 'drop'], minN: 3, maxN: 4, network: 1 }), { seed: 33, numRuns: 60 });
    for (const c of chosen) {
      expect(c.sealed).toBe(false);
      expect(c.protocol).toBe('pedersen');
      expect(c.participants.length >= 3 && c.participants.length <= 4).toBe(true);
      for (const f of c.faults) expect(['silent', 'drop']).toContain(f.kind);
      expect(c.faults.filter((f) => f.kind === 'drop')).toHaveLength(1);
    }
    // Sealed ceremonies are refused until the kit models the sealed wire format.
    expect(() => arbDkgCeremony({ sealed: true })).toThrow(RangeError);
    expect(() => arbLifecycleCeremony({ sealed: true })).toThrow(RangeError);
    const repairs = fc.sample(arbLifecycleCeremony({ protocol: 'repair', maxFaults: 2, idRange: { min: 1, max: 6 } }), { seed: 34, numRuns: 60 });
    for (const c of repairs) {
      expect(c.protocol).toBe('repair');
      if (c.protocol !== 'repair') continue;
      expect(c.helpers).toHaveLength(c.sharing.threshold);
      expect(c.helpers).not.toContain(c.recipient);
      expect(c.observers).toEqual([c.recipient]);
      expect(c.faulty.length).toBeLessThanOrEqual(2);
      for (const id of c.sharing.ids) expect(id >= 1 && id <= 6).toBe(true);
    }
  });

  it('the transcript holds both encodings; the faults are tagged on the deliveries they shaped', () => {
    const ceremonies = fc.sample(arbDkgCeremony({ bls: blst, maxN: 4, minN: 3, network: { min: 2, max: 4 } }), { seed: 41, numRuns: 6 });
    for (const c of ceremonies) {
      const { sent, delivered } = c.run.transcript;
      const sentBytes = new Set(sent.map((s) => hex(s.binary)));
      for (const s of sent) expect(JSON.parse(s.json)).toMatchObject({ type: s.message.type, sender: s.sender });
      for (const d of delivered) {
        if (d.message === undefined) expect(d.json).toBeUndefined();
        else expect(JSON.parse(d.json as string)).toMatchObject({ type: d.message.type, sender: d.from });
        // Untouched deliveries are what was sent; corrupted and replayed ones are not.
        if (d.faults.length === 0) expect(sentBytes.has(hex(d.binary))).toBe(true);
        if (d.faults.includes('corrupt') || d.faults.includes('replay')) expect(sentBytes.has(hex(d.binary))).toBe(false);
      }
      for (const f of c.faults) {
        if (f.kind === 'drop' || f.kind === 'reorder') continue;
        const mine = delivered.filter((d) => d.faults.includes(f.kind));
        if ('participant' in f || f.kind === 'replay') continue; // a deviation may touch nothing (silence), replays are tagged alone
        // A message fault shows on some delivery unless the message was not sent (or only delayed past the end).
        if (mine.length === 0) expect(f.kind === 'delay' || !sent.some((s) => s.sender === f.from && s.round === f.round && s.message.type === f.type)).toBe(true);
      }
    }
  });

  it('refuses options no ceremony satisfies', () => {
    expect(() => arbDkgCeremony({ protocol: 'reshare' as never })).toThrow(RangeError);
    expect(() => arbDkgCeremony({ protocol: [] })).toThrow(RangeError);
    expect(() => arbDkgCeremony({ kinds: ['nope' as never] })).toThrow(RangeError);
    expect(() => arbDkgCeremony({ maxFaults: -1 })).toThrow(RangeError);
    expect(() => arbDkgCeremony({ network: { min: 3, max: 1 } })).toThrow(RangeError);
    expect(() => arbDkgCeremony({ minN: 5, maxN: 3 })).toThrow(RangeError);
    expect(() => arbLifecycleCeremony({ protocol: 'pedersen' as never })).toThrow(RangeError);
    expect(() => arbLifecycleCeremony({ minN: 0 })).toThrow(RangeError);
    expect(() => arbLifecycleCeremony({ protocol: 'repair', idRange: { min: 7, max: 7 } })).toThrow(RangeError);
  });

  it('dvt-bls/testing stays browser-safe: no node: import or Buffer in src/testing, and a browser bundle with nothing Node-only', async () => {
    for (const { file, code: text } of codeWithoutComments(TESTING_DIR)) {
      expect(text, file).not.toMatch(/from\s+['"]node:|require\(\s*['"]node:/);
      expect(text, file).not.toMatch(/\bBuffer\b/);
      expect(text, file).not.toMatch(/\bprocess\./);
    }
    const inputs = await browserBundleInputs(TESTING_DIR);
    expect(inputs.some((i) => i.includes('src/testing/ceremonies.ts'))).toBe(true);
    expect(inputs.some((i) => i.includes('node_modules/fast-check/'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('load-blst') || i.includes('@chainsafe'))).toEqual([]);
  });
});
