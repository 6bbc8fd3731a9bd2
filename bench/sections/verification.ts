/**
 * Verification: `verify`, `fastAggregateVerify` of one message by many keys, and `verifyBatch` of N
 * independent sets, from bytes.
 * @module
 */
import { MESSAGE, expectTrue, keyPairs, signatureSets } from '../fixtures';
import { loadLibraries } from '../libraries';
import { oursBlst } from '../peers/ours';
import type { Case, Mode, Section } from '../types';
import { PURE_JS, QUICK_SKIP, blstOverhead, libraryVariants, portableGap, sizes } from './common';

function cases(mode: Mode): Case[] {
  const out: Case[] = [];
  out.push({
    id: 'verify',
    operation: 'verify',
    size: '1 signature',
    params: {},
    perCall: 1,
    unit: 'verifications/s',
    async build() {
      const libs = await loadLibraries();
      const [set] = signatureSets(1);
      const { publicKey, message, signature } = set as NonNullable<typeof set>;
      return {
        ...libraryVariants(libs, 'verify', (lib) => {
          const f = lib.verify;
          return f && (() => f(publicKey, message, signature));
        }),
        check: (o) => expectTrue(o, 'verify'),
      };
    },
  });

  const keys = sizes(mode, 512, 512, 2);
  out.push({
    id: `fastAggregateVerify/keys=${keys}`,
    operation: 'fastAggregateVerify',
    size: `${keys} keys`,
    params: { keys },
    perCall: 1,
    unit: 'verifications/s',
    async build() {
      const libs = await loadLibraries();
      const pairs = keyPairs(keys);
      const publicKeys = pairs.map((k) => k.publicKey);
      const signature = oursBlst().api.aggregateSignatures(pairs.map((k) => k.signature));
      return {
        ...libraryVariants(
          libs,
          'fastAggregateVerify',
          (lib) => {
            const f = lib.fastAggregateVerify;
            return f && (() => f(publicKeys, MESSAGE, signature));
          },
          (id) => (mode.quick && PURE_JS.includes(id) ? QUICK_SKIP : undefined)
        ),
        check: (o) => expectTrue(o, 'fastAggregateVerify'),
      };
    },
  });

  for (const n of sizes(mode, [1, 8, 64, 128], [1, 8, 64, 128], [1, 2])) {
    out.push({
      id: `verifyBatch/N=${n}`,
      operation: 'verifyBatch',
      size: `N = ${n}`,
      params: { N: n },
      perCall: n,
      unit: 'sets/s',
      async build() {
        const libs = await loadLibraries();
        const sets = signatureSets(n);
        return {
          ...libraryVariants(
            libs,
            'verifyBatch',
            (lib) => {
              const f = lib.verifyBatch;
              return f && (() => f(sets));
            },
            (id) => {
              if (id === 'noble' && n > 8) return 'N single verifications: linear in N by construction, so the rate at N = 8 applies (a call would take 5 to 10 s)';
              if (mode.quick && PURE_JS.includes(id) && n > 8) return QUICK_SKIP;
              if (mode.quick && id === 'herumi' && n > 64) return QUICK_SKIP;
              return undefined;
            }
          ),
          check: (o) => expectTrue(o, 'verifyBatch'),
        };
      },
    });
  }
  return out;
}

export const verification: Section = {
  name: 'verification',
  title: 'Verification',
  description:
    '`verify` of one signature, `fastAggregateVerify` of one message signed by 512 keys (an aggregate attestation), and ' +
    '`verifyBatch` of N independent (public key, message, signature) sets with distinct 32-byte messages, all from bytes: ' +
    'every key and signature is decoded and validated inside the timed call.',
  notes: [
    'dvt-bls and raw blst verify a batch with one randomized multi-pairing check (64-bit weights); herumi with `multiVerify` (the same method); raw noble has no such API, so its figure is N single verifications.',
    'In `fastAggregateVerify` every library decodes and validates the 512 keys on each call (KeyValidate); a validator client that caches decoded keys would skip that part for every library alike.',
    "blst (raw, and dvt-bls on blst) runs the pairings of `verifyBatch` on blst's own native thread pool, one thread per core. On the wall clock its batch figures use every core of the machine where the others use one; on the CPU clock it is charged for the CPU time of all its threads, which makes the figures per-core comparable.",
  ],
  cases,
  whyPeerAhead(result, backend, peer) {
    if (backend === 'dvt-bls/blst' && peer === 'blst') {
      const batch = result.operation === 'verifyBatch' ? ', the 8 random bytes per set that the API draws on every backend (blst then draws its own weights) and the de-duplication of messages' : '';
      return blstOverhead(`its argument checks (types, lengths, KeyValidate's infinity check)${batch}`);
    }
    return portableGap(peer);
  },
};
