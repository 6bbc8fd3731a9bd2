/**
 * Distributed key generation: the compute of ONE participant of an honest ceremony of n, with
 * t = ceil(2n/3), for both protocols, both backends, with deals in the clear and sealed.
 *
 * How one participant is isolated. A ceremony needs every participant's messages, and running all
 * n of them costs n participants' compute. So each configuration is run ONCE as a whole ceremony on
 * the native backend (dkg-record.ts: `runCeremony`, every participant's `advance` calls timed on
 * their own, which gives the spread over all n participants), recording what participant k (the
 * middle id) received in each round; the ceremonies are recorded on the worker pool, several at
 * once. Participants draw all their randomness from seeded generators, so a fresh participant k
 * with the same seed, fed the recorded messages round by round, redoes exactly participant k's
 * work and ends with the same share, group key and transcript hash (checked). That replay is what
 * is timed, on each backend, interleaved and repeated: one participant's compute (parsing every
 * message, checking every deal and proof, computing the outputs), without the other n - 1
 * participants' work and without the delivery, which is the network's job.
 * @module
 */
import { seededRandomBytes } from '../../test/helpers/rng';
import { ceremonySetup, type CeremonyKey, type Protocol, type Recording } from '../dkg-record';
import { hex } from '../fixtures';
import { oursBlst, oursNoble } from '../peers/ours';
import { WorkerPool } from '../throughput';
import type { DkgResult } from '../../src/index';
import type { Case, LibraryId, Mode, Section, Skip, Variant } from '../types';
import { QUICK_SKIP, sizes } from './common';

const PROTOCOLS: readonly Protocol[] = ['joint-feldman', 'pedersen'];

/** The native backend's target from the DKG issue: n = 64 within 250 ms per participant, deals in the clear. */
export const DKG_TARGET_MS = 250;

const NO_DKG: Skip[] = [
  { library: 'blst', reason: 'no DKG' },
  { library: 'noble', reason: 'no DKG' },
  { library: 'herumi', reason: 'no DKG (bls-eth-wasm has Shamir sharing, not a distributed key generation)' },
];

const keyId = (k: CeremonyKey): string => `${k.protocol}/n=${k.n}/${k.sealed ? 'sealed' : 'plain'}`;

/** Rough relative cost of recording a ceremony (n participants, each checking n dealers' t commitments). */
const cost = (k: CeremonyKey): number => k.n ** 3 * (k.protocol === 'pedersen' ? 1.6 : 1) * (k.sealed ? 1.3 : 1);

function cases(mode: Mode): Case[] {
  const ns = sizes(mode, [4, 16, 64], [4, 16], [3]);
  const keys: CeremonyKey[] = PROTOCOLS.flatMap((protocol) =>
    ns.flatMap((n) => [false, true].filter((sealed) => !sealed || !mode.quick || n <= 4).map((sealed) => ({ protocol, n, sealed })))
  );
  // Every ceremony recorded once, on the pool, the costliest first; the cases then replay.
  let recorded: Promise<Map<string, Recording>> | undefined;
  const recordAll = (): Promise<Map<string, Recording>> =>
    (recorded ??= (async () => {
      const pool = await WorkerPool.start(Math.max(1, Math.min(mode.threads, keys.length)));
      try {
        const order = [...keys].sort((a, b) => cost(b) - cost(a));
        const results = await pool.runAll(order.map((key) => ({ kind: 'dkgRecord', key })));
        return new Map(order.map((key, i) => [keyId(key), results[i] as Recording]));
      } finally {
        await pool.close();
      }
    })());

  return keys.map((key): Case => {
    const { protocol, n, sealed } = key;
    const t = Math.ceil((2 * n) / 3);
    return {
      id: keyId(key),
      operation: protocol,
      size: `n = ${n}, t = ${t}${sealed ? ', sealed deals' : ''}`,
      params: { n, t, sealed },
      perCall: 1,
      unit: 'participants/s',
      // A replay at n = 64 takes about a second on blst: a few samples suffice.
      budgetScale: n >= 64 ? 3 : 1,
      async build() {
        const rec = (await recordAll()).get(keyId(key)) as Recording;
        const setup = ceremonySetup(key);
        const replay = (lib: LibraryId) => {
          const api = lib === 'dvt-bls/blst' ? oursBlst().api : oursNoble().api;
          return () => {
            const p = api.createDkgParticipant(setup.config(rec.k, seededRandomBytes(setup.seed(rec.k))));
            let result: DkgResult | undefined;
            for (const inbox of rec.inboxes) result = p.advance(inbox).result ?? result;
            return result;
          };
        };
        const variants: Variant[] = [{ library: 'dvt-bls/blst', role: 'ours', run: replay('dvt-bls/blst') }];
        const skipped: Skip[] = [];
        if (n >= 64) {
          skipped.push({
            library: 'dvt-bls/noble',
            reason: 'one participant at n = 64 takes tens of seconds in pure JavaScript (63 dealers with 43 commitments each): measured up to n = 16',
          });
        } else if (mode.quick && n > 4) skipped.push({ library: 'dvt-bls/noble', reason: QUICK_SKIP });
        else variants.push({ library: 'dvt-bls/noble', role: 'ours', run: replay('dvt-bls/noble') });
        skipped.push(...NO_DKG);
        const per = rec.perParticipantMs;
        return {
          variants,
          skipped,
          check(o) {
            const r = o as DkgResult | undefined;
            const e = rec.expected;
            if (
              r === undefined ||
              hex(r.groupPublicKey) !== hex(e.groupPublicKey) ||
              hex(r.transcriptHash) !== hex(e.transcriptHash) ||
              hex(r.share.secretKey) !== hex(e.share.secretKey)
            ) {
              throw new Error(`${keyId(key)}: the replayed participant did not redo the recorded work`);
            }
          },
          info: {
            replayedParticipant: rec.k,
            rounds: rec.inboxes.length,
            ceremonyBackend: 'dvt-bls/blst',
            ceremonyClock: 'wall',
            ceremonyWallMs: rec.wallMs,
            ceremonyMedianMs: per[per.length >> 1],
            ceremonyMinMs: per[0],
            ceremonyMaxMs: per[per.length - 1],
          },
        };
      },
    };
  });
}

export const dkg: Section = {
  name: 'dkg',
  title: 'Distributed key generation (per participant)',
  description:
    'The compute of one participant of an honest ceremony of n participants with t = ceil(2n/3), for Joint-Feldman ' +
    '(with proofs of possession) and Pedersen (GJKR), with deals in the clear and sealed (X25519 + ChaCha20-Poly1305: ' +
    '`generateEncryptionKeyPair`, and `encryptionKey`/`encryptionSecretKey` in the configuration). Each configuration is ' +
    'run once as a whole ceremony on the native backend with every participant timed on its own (the last column: the ' +
    'median participant and the spread). Then one participant (the middle id) is replayed from the messages it received, ' +
    'with its seeded randomness, which redoes exactly its work (same share, group key and transcript hash, checked); the ' +
    'replays are what the other columns time, repeatedly, on each backend. Delivery between participants is not counted. ' +
    `Target (DKG issue): n = 64 within ${DKG_TARGET_MS} ms per participant on the native backend, deals in the clear.`,
  notes: [
    'No peer ships a DKG: the rows compare our two backends, and the sealed rows against the clear ones give the cost of deal encryption (n - 1 deals sealed, n - 1 opened per participant).',
    'The noble backend is measured up to n = 16: at n = 64 one participant checks 63 dealers\' 43 commitments each in pure JavaScript (tens of seconds per participant).',
    'Why replay rather than time the ceremony: the ceremony runs all n participants one after the other on one thread, so its per-participant times include the cache and GC effects of the others; the replay times one participant alone, warm, several times, on the run\'s clock. Both are reported.',
    'The whole-ceremony column is on the wall clock whatever the run\'s clock (Node 20 has no per-thread CPU time, and the ceremonies are recorded on worker threads, several at once): on a shared machine it also counts the time other processes held the core, so it reads high there.',
  ],
  cases,
};
