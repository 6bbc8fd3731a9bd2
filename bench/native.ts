/**
 * The native backend's targets, each measured against its peer in the same run (interleaved):
 *
 * 1. combineSignatures 3-of-4, averaged over the four 3-subsets, vs herumi `Signature.recover`;
 *    11-of-16 on random subsets, likewise. herumi is timed both from bytes to bytes (deserialize,
 *    recover, serialize: what our function does) and on objects already in memory (its best case).
 * 2. One 3-of-4 duty (three partialSign, combineVerified) vs the same duty with herumi (sign, verify
 *    every partial, recover, verify) and vs the native floor (three raw blst signs, one raw verify).
 * 3. aggregateSignatures of 128 serialized signatures vs raw aggregateSerializedSignatures.
 * 4. verifyBatch of 64 sets vs raw verifyMultipleAggregateSignatures.
 *
 * Run: `npm run bench:native` (add `-- --quick` for fewer rounds). Writes bench/results/native.json.
 */
import * as blst from '@chainsafe/blst';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createDvtBls } from '../src/index';
import { loadBlstBackend } from '../src/backend/load-blst';
import { nobleBackend } from '../src/backend/noble';
import { seededRandomBytes } from '../test/helpers/rng';
import { herumi, herumiId, herumiSignature, initHerumi } from '../test/helpers/herumi-wasm';
import { randomSubsets } from './fixtures';
import { compare, formatUs, type BenchCase } from './harness';

const quick = process.argv.includes('--quick');
const rounds = quick ? 5 : 15;
const sampleMs = quick ? 25 : 60;

const ours = createDvtBls(loadBlstBackend());
const oursNoble = createDvtBls(nobleBackend);
await initHerumi();

const rng = seededRandomBytes('bench-native');
const message = rng(32);

interface Row {
  target: string;
  ours: string;
  oursUs: number;
  peer: string;
  peerUs: number;
  ratio: number;
  goal: string;
}
const rows: Row[] = [];

/**
 * Runs the cases interleaved; the first is ours, the second its target peer (ratio ours / peer
 * against `goal`); any further cases are reported as extra ratios, without a goal.
 */
function report(target: string, goal: string, cases: BenchCase[]): void {
  const results = compare(cases, { rounds, sampleMs });
  for (const r of results) console.log(`  ${r.name.padEnd(62)} ${formatUs(r.medianUs).padStart(10)}`);
  const [mine, ...peers] = results as [(typeof results)[0], ...typeof results];
  peers.forEach((peer, i) => {
    const ratio = mine.medianUs / peer.medianUs;
    const row = { target: i === 0 ? target : `${target} [vs ${peer.name}]`, ours: mine.name, oursUs: mine.medianUs, peer: peer.name, peerUs: peer.medianUs, ratio, goal: i === 0 ? goal : '-' };
    rows.push(row);
    console.log(`  => ours / ${peer.name}: ${ratio.toFixed(3)}${i === 0 ? ` (goal ${goal})` : ''}`);
  });
  console.log('');
}

/** A t-of-n sharing with partial signatures of `message` by every share, as bytes. */
function cluster(threshold: number, n: number) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const secretKey = ours.generateSecretKey({ randomBytes: rng });
  const { shares, commitments } = ours.splitSecret(secretKey, { threshold, ids, randomBytes: rng });
  const partials = shares.map((s) => ours.partialSign(s, message));
  return { ids, secretKey, shares, commitments, partials };
}

function recombinationCases(threshold: number, n: number, subsets: number[][]): BenchCase[] {
  const { partials } = cluster(threshold, n);
  const picked = subsets.map((s) => s.map((i) => partials[i]!));
  const herumiIds = picked.map((ps) => ps.map((p) => herumiId(p.id)));
  const herumiSigs = picked.map((ps) => ps.map((p) => herumiSignature(p.signature)));
  // Each case recombines every subset once: time per call / subsets = the average over subsets.
  const per = subsets.length;
  return [
    { name: `dvt-bls blst combineSignatures (${per} subsets)`, run: () => picked.map((ps) => ours.combineSignatures(ps)) },
    {
      name: `herumi recover from bytes (${per} subsets)`,
      run: () =>
        picked.map((ps, k) => {
          const sig = new herumi.Signature();
          sig.recover(
            ps.map((p) => herumiSignature(p.signature)),
            herumiIds[k]!
          );
          return sig.serialize();
        }),
    },
    {
      name: `herumi recover in memory (${per} subsets)`,
      run: () =>
        herumiSigs.map((sigs, k) => {
          const sig = new herumi.Signature();
          sig.recover(sigs, herumiIds[k]!);
          return sig;
        }),
    },
  ];
}

console.log(`dvt-bls native backend targets (${quick ? 'quick' : 'full'} run, ${rounds} rounds)\n`);

// 1. Recombination.
const all3of4 = [
  [0, 1, 2],
  [0, 1, 3],
  [0, 2, 3],
  [1, 2, 3],
];
let cases = recombinationCases(3, 4, all3of4);
report('combineSignatures 3-of-4 (avg of 4 subsets) vs herumi recover', '<= 1.0', cases);
cases = recombinationCases(11, 16, randomSubsets(16, 11, 8));
report('combineSignatures 11-of-16 (8 random subsets) vs herumi recover', '<= 1.0', cases);

// 2. One duty on 3-of-4.
{
  const { ids, shares, commitments } = cluster(3, 4);
  const signers = shares.slice(0, 3);
  const publicKeyShares = ids.map((id) => ({ id, publicKey: ours.getPublicKeyShare(commitments, id) }));
  const groupPublicKey = commitments[0]!;
  const duty = (api: typeof ours) => () =>
    api.combineVerified({
      message,
      partials: signers.map((s) => api.partialSign(s, message)),
      threshold: 3,
      groupPublicKey,
      publicKeyShares,
    });
  const hSecret = signers.map((s) => {
    const k = new herumi.SecretKey();
    k.deserialize(s.secretKey);
    return k;
  });
  const hShareKeys = hSecret.map((k) => k.getPublicKey());
  const hGroup = new herumi.PublicKey();
  hGroup.deserialize(groupPublicKey);
  const hIds = signers.map((s) => herumiId(s.id));
  const bSecret = signers.map((s) => blst.SecretKey.fromBytes(s.secretKey));
  const bGroup = blst.PublicKey.fromBytes(groupPublicKey, true);
  const dutyCases: BenchCase[] = [
    { name: 'dvt-bls blst duty (3 partialSign + combineVerified)', run: duty(ours) },
    {
      name: 'herumi duty (3 sign, 3 verify, recover, verify)',
      run: () => {
        const sigs = hSecret.map((k) => k.sign(message));
        sigs.forEach((s, i) => {
          if (!hShareKeys[i]!.verify(s, message)) throw new Error('herumi partial did not verify');
        });
        const sig = new herumi.Signature();
        sig.recover(sigs, hIds);
        if (!hGroup.verify(sig, message)) throw new Error('herumi recovery did not verify');
        return sig;
      },
    },
    {
      name: 'native floor (3 raw blst sign + 1 raw blst verify)',
      run: () => {
        const sigs = bSecret.map((k) => k.sign(message));
        return blst.verify(message, bGroup, sigs[0]!);
      },
    },
  ];
  const results = compare(dutyCases, { rounds, sampleMs });
  for (const r of results) console.log(`  ${r.name.padEnd(62)} ${formatUs(r.medianUs).padStart(10)}`);
  const [o, h, f] = results.map((r) => r.medianUs) as [number, number, number];
  console.log(`  => herumi / dvt-bls: ${(h / o).toFixed(2)}x faster (goal >= 8); dvt-bls / floor: ${(o / f).toFixed(3)} (goal <= 1.5)\n`);
  rows.push({ target: 'duty 3-of-4: herumi time / ours (speed-up)', ours: results[0]!.name, oursUs: o, peer: results[1]!.name, peerUs: h, ratio: h / o, goal: '>= 8' });
  rows.push({ target: 'duty 3-of-4 vs native floor', ours: results[0]!.name, oursUs: o, peer: results[2]!.name, peerUs: f, ratio: o / f, goal: '<= 1.5' });
  // The portable backend's duty, for the record (not a target).
  const nobleCase = compare([{ name: 'dvt-bls noble duty', run: duty(oursNoble) }], { rounds: quick ? 2 : 3, sampleMs });
  console.log(`  (noble backend duty: ${formatUs(nobleCase[0]!.medianUs)})\n`);
}

// 3. Aggregation of 128 serialized signatures.
{
  const signatures = Array.from({ length: 128 }, (_, i) => ours.sign(ours.generateSecretKey({ randomBytes: rng }), new Uint8Array([i])));
  cases = [
    { name: 'dvt-bls blst aggregateSignatures(128)', run: () => ours.aggregateSignatures(signatures) },
    { name: 'raw aggregateSerializedSignatures(128, groupcheck)', run: () => blst.aggregateSerializedSignatures(signatures, true).toBytes() },
    { name: 'raw aggregateSerializedSignatures(128) unchecked', run: () => blst.aggregateSerializedSignatures(signatures).toBytes() },
  ];
  report('aggregateSignatures 128 vs raw aggregateSerializedSignatures', '<= 1.1', cases);
}

// 4. verifyBatch of 64 sets.
{
  const sets = Array.from({ length: 64 }, (_, i) => {
    const sk = ours.generateSecretKey({ randomBytes: rng });
    const msg = new Uint8Array([i, 1, 2, 3]);
    return { publicKey: ours.getPublicKey(sk), message: msg, signature: ours.sign(sk, msg) };
  });
  cases = [
    { name: 'dvt-bls blst verifyBatch(64)', run: () => ours.verifyBatch(sets) },
    {
      name: 'raw deserialize (validated) + verifyMultipleAggregateSignatures(64)',
      run: () =>
        blst.verifyMultipleAggregateSignatures(
          sets.map((s) => ({ msg: s.message, pk: blst.PublicKey.fromBytes(s.publicKey, true), sig: blst.Signature.fromBytes(s.signature, true) }))
        ),
    },
  ];
  report('verifyBatch 64 vs raw verifyMultipleAggregateSignatures', '<= 1.1', cases);
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/native.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, rounds, rows }, null, 2) + '\n'
);
console.log('target'.padEnd(100), 'ratio'.padStart(8), ' goal');
for (const r of rows) console.log(r.target.padEnd(100), r.ratio.toFixed(3).padStart(8), ' ' + r.goal);
