/**
 * The candidates for Lagrange recombination in G2 on the native backend, which exposes no scalar
 * multiplication (docs/blst-backend.md explains the choice these figures made). Each candidate
 * turns t partial signatures (bytes) into the combined signature (bytes), checked equal.
 *
 * - noble: decode with noble (validating), noble MSM with field coefficients, encode.
 * - noble on blst-decoded points: blst validates and decodes, the coordinates go to noble
 *   unvalidated, noble MSM with field coefficients.
 * - blst fused walk, 255-bit: one native aggregate call per bit, field coefficients, no splitting.
 * - + endomorphism: the same with scalars split along ψ into 64-bit digits.
 * - + integer weights: short exact Lagrange weights, one multiplication by 1/denominator (the
 *   default path of dvt-bls).
 *
 * Run: `npx tsx bench/recombination-candidates.ts [--quick]`.
 */
import * as blst from '@chainsafe/blst';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { createBlstBackend } from '../src/backend/blst';
import { nobleBackend } from '../src/backend/noble';
import type { Backend } from '../src/backend/types';
import { createDvtBls } from '../src/index';
import { lagrangeCoefficients } from '../src/field/polynomial';
import { interpolateG2 } from '../src/threshold/combine';
import { seededRandomBytes } from '../test/helpers/rng';
import { compare, formatUs } from './harness';

const quick = process.argv.includes('--quick');
const rng = seededRandomBytes('bench-candidates');
const message = rng(32);
const G2 = bls12_381.G2.Point;
const Fp2 = bls12_381.fields.Fp2;

const split = createBlstBackend(blst);
const unsplit = createBlstBackend(blst, { splitScalars: false });

type AnyBackend = Backend<unknown, unknown, unknown>;
function fieldPath(backend: AnyBackend, xs: bigint[], sigs: Uint8Array[]): Uint8Array {
  return backend.encodeG2(backend.linearCombinationG2(sigs.map((s) => backend.decodeG2(s)), lagrangeCoefficients(xs)));
}

function fromBlstToNoble(bytes: Uint8Array) {
  const u = blst.Signature.fromBytes(bytes, true, false).toBytes(false);
  const fp = (o: number) => BigInt('0x' + Buffer.from(u.subarray(o, o + 48)).toString('hex'));
  return G2.fromAffine({ x: Fp2.create({ c0: fp(48), c1: fp(0) }), y: Fp2.create({ c0: fp(144), c1: fp(96) }) });
}

function scenario(label: string, threshold: number, n: number, subsets: number[][]): void {
  const api = createDvtBls(split);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const { shares } = api.splitSecret(api.generateSecretKey({ randomBytes: rng }), { threshold, ids, randomBytes: rng });
  const partials = shares.map((s) => api.partialSign(s, message));
  const picked = subsets.map((s) => s.map((i) => partials[i]!));
  const xs = picked.map((ps) => ps.map((p) => BigInt(p.id)));
  const sigs = picked.map((ps) => ps.map((p) => p.signature));
  const expected = picked.map((ps) => Buffer.from(api.combineSignatures(ps)).toString('hex'));
  const candidates = [
    { name: 'noble (decode, MSM, encode)', one: (k: number) => fieldPath(nobleBackend as AnyBackend, xs[k]!, sigs[k]!) },
    {
      name: 'noble MSM on blst-decoded points',
      one: (k: number) => nobleBackend.encodeG2(nobleBackend.linearCombinationG2(sigs[k]!.map(fromBlstToNoble), lagrangeCoefficients(xs[k]!))),
    },
    { name: 'blst fused walk, 255-bit', one: (k: number) => fieldPath(unsplit as AnyBackend, xs[k]!, sigs[k]!) },
    { name: 'blst fused walk + endomorphism', one: (k: number) => fieldPath(split as AnyBackend, xs[k]!, sigs[k]!) },
    {
      name: 'blst + endomorphism + integer weights (chosen)',
      one: (k: number) => split.encodeG2(interpolateG2(split, xs[k]!, sigs[k]!.map((s) => split.decodeG2(s)))),
    },
    {
      name: 'noble + integer weights (portable backend)',
      one: (k: number) => nobleBackend.encodeG2(interpolateG2(nobleBackend, xs[k]!, sigs[k]!.map((s) => nobleBackend.decodeG2(s)))),
    },
  ];
  for (const c of candidates) {
    subsets.forEach((_, k) => {
      if (Buffer.from(c.one(k)).toString('hex') !== expected[k]) throw new Error(`${c.name}: wrong result`);
    });
  }
  const results = compare(
    candidates.map((c) => ({ name: c.name, run: () => subsets.map((_, k) => c.one(k)) })),
    { rounds: quick ? 3 : 7, sampleMs: quick ? 30 : 80 }
  );
  console.log(`${label}: mean time per recombination over ${subsets.length} subsets`);
  for (const r of results) console.log(`  ${r.name.padEnd(50)} ${formatUs(r.medianUs / subsets.length).padStart(10)}`);
  console.log('');
}

scenario('3-of-4, all four 3-subsets', 3, 4, [
  [0, 1, 2],
  [0, 1, 3],
  [0, 2, 3],
  [1, 2, 3],
]);
scenario('11-of-16, 4 fixed subsets', 11, 16, [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [0, 2, 3, 5, 7, 8, 9, 11, 12, 14, 15],
  [1, 2, 4, 5, 6, 8, 10, 11, 13, 14, 15],
]);
