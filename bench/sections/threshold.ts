/**
 * Threshold signing: `partialSign` and `verifyPartial` (one signer, independent of t and n), then
 * for each (t, n): `combineSignatures` and `combineVerified` on random t-subsets of the signers, and
 * a whole duty (t partial signatures, then `combineVerified`) in duties per second.
 * @module
 */
import { MESSAGE, cluster, expectBytes, expectTrue, partialsOf, randomSubsets, rotating } from '../fixtures';
import { loadLibraries } from '../libraries';
import { nativeFloor } from '../peers/blst';
import { oursBlst } from '../peers/ours';
import type { PartialBytes } from '../peers/types';
import type { Case, LibraryId, Mode, Section } from '../types';
import { PURE_JS, QUICK_SKIP, blstOverhead, libraryVariants, portableGap, sizes } from './common';

/** The (t, n) of the issue: 3-of-4 up to 22-of-32 (two thirds, as Ethereum DVT clusters use). */
export const THRESHOLDS: readonly [number, number][] = [
  [3, 4],
  [5, 7],
  [7, 10],
  [11, 16],
  [22, 32],
];

/** How many random t-subsets each recombination case rotates through. */
const SUBSETS = 8;

function groupSignature(t: number, n: number): Uint8Array {
  return oursBlst().api.sign(cluster(t, n).secretKey, MESSAGE);
}

function cases(mode: Mode): Case[] {
  const out: Case[] = [];
  // One signer: the cost does not depend on t or n (one share, one message).
  out.push({
    id: 'partialSign',
    operation: 'partialSign',
    size: 'one signer',
    params: {},
    perCall: 1,
    unit: 'signatures/s',
    async build() {
      const libs = await loadLibraries();
      const c = cluster(3, 4);
      const share = c.shares[0] as NonNullable<(typeof c.shares)[0]>;
      const expected = (partialsOf(c)[0] as PartialBytes).signature;
      return {
        ...libraryVariants(libs, 'partialSign', (lib) => {
          const sign = lib.signer?.(share);
          return sign && (() => sign(MESSAGE));
        }),
        check: (o) => expectBytes(o, expected, 'partialSign'),
      };
    },
  });
  out.push({
    id: 'verifyPartial',
    operation: 'verifyPartial',
    size: 'one signer',
    params: {},
    perCall: 1,
    unit: 'verifications/s',
    async build() {
      const libs = await loadLibraries();
      const c = cluster(3, 4);
      const partial = partialsOf(c)[1] as PartialBytes;
      const publicKeyShare = (c.publicKeyShares[1] as { publicKey: Uint8Array }).publicKey;
      return {
        ...libraryVariants(libs, 'verifyPartial', (lib) => {
          const f = lib.verifyPartial;
          return f && (() => f(publicKeyShare, MESSAGE, partial));
        }),
        check: (o) => expectTrue(o, 'verifyPartial'),
      };
    },
  });

  const pairs = sizes<(readonly [number, number])[]>(mode, [...THRESHOLDS], [[3, 4], [11, 16], [22, 32]], [[2, 3]]);
  for (const [t, n] of pairs) {
    const size = `${t}-of-${n}`;
    const params = { t, n };
    // Pure JavaScript beyond 3-of-4 costs up to seconds per call: the quick run leaves it out.
    const skip = (id: LibraryId) => (mode.quick && PURE_JS.includes(id) && t > 3 ? QUICK_SKIP : undefined);
    const subsetsOf = () => randomSubsets(n, t, SUBSETS);

    out.push({
      id: `combineSignatures/${size}`,
      operation: 'combineSignatures',
      size,
      params,
      perCall: 1,
      unit: 'recombinations/s',
      async build() {
        const libs = await loadLibraries();
        const partials = partialsOf(cluster(t, n));
        const picks = subsetsOf().map((s) => s.map((i) => partials[i] as PartialBytes));
        const expected = groupSignature(t, n);
        return {
          ...libraryVariants(
            libs,
            'combineSignatures',
            (lib) => {
              const f = lib.combineSignatures;
              if (!f) return undefined;
              const next = rotating(picks);
              return () => f(next());
            },
            skip
          ),
          check: (o) => expectBytes(o, expected, 'combineSignatures'),
        };
      },
    });

    out.push({
      id: `combineVerified/${size}`,
      operation: 'combineVerified',
      size,
      params,
      perCall: 1,
      unit: 'recombinations/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        const partials = partialsOf(c);
        const picks = subsetsOf().map((s) => s.map((i) => partials[i] as PartialBytes));
        const expected = groupSignature(t, n);
        return {
          ...libraryVariants(
            libs,
            'combineVerified',
            (lib) => {
              const combine = lib.combiner?.(c);
              if (!combine) return undefined;
              const next = rotating(picks);
              return () => combine(MESSAGE, next());
            },
            skip
          ),
          check: (o) => expectBytes(o, expected, 'combineVerified'),
        };
      },
    });

    out.push({
      id: `duty/${size}`,
      operation: 'duty',
      size,
      params,
      perCall: 1,
      unit: 'duties/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        const subsets = subsetsOf();
        const expected = groupSignature(t, n);
        const { variants, skipped } = libraryVariants(
          libs,
          'duty',
          (lib) => {
            const combine = lib.combiner?.(c);
            const signers = lib.signer && c.shares.map((s) => (lib.signer as NonNullable<typeof lib.signer>)(s));
            if (!combine || !signers) return undefined;
            const next = rotating(subsets);
            return () => {
              const subset = next();
              const partials = subset.map((i) => ({ id: c.ids[i] as number, signature: (signers[i] as (m: Uint8Array) => Uint8Array)(MESSAGE) }));
              return combine(MESSAGE, partials);
            };
          },
          skip
        );
        // The stricter herumi aggregator: every partial verified before recovery.
        const strict = libs.herumi.verifyingEach(c);
        const herumiSigners = c.shares.map((s) => (libs.herumi.signer as NonNullable<typeof libs.herumi.signer>)(s));
        const nextStrict = rotating(subsets);
        variants.push({
          library: 'herumi',
          role: 'reference',
          label: 'herumi, verifying every partial',
          note: 'a stricter aggregator (as SSV runs it): t extra verifications; not the same job as combineVerified, which verifies the combination once.',
          run: () => {
            const subset = nextStrict();
            return strict(
              MESSAGE,
              subset.map((i) => ({ id: c.ids[i] as number, signature: (herumiSigners[i] as (m: Uint8Array) => Uint8Array)(MESSAGE) }))
            );
          },
        });
        const floor = nativeFloor(c.shares.slice(0, t), c.groupPublicKey);
        variants.push({
          library: 'blst',
          role: 'reference',
          label: 'native floor (raw blst)',
          note: 't raw blst signatures and one raw verification, no recombination: the least any library can do, not the same job.',
          run: () => floor(MESSAGE),
          skipCheck: true,
        });
        return { variants, skipped, check: (o) => expectBytes(o, expected, 'duty') };
      },
    });
  }
  return out;
}

export const threshold: Section = {
  name: 'threshold',
  title: 'Threshold signing',
  description:
    '`partialSign` and `verifyPartial` (one signer: their cost does not depend on t or n, so they are measured once), then ' +
    'for each (t, n): `combineSignatures` (Lagrange interpolation of t partial signatures, nothing verified), ' +
    '`combineVerified` (interpolation, then one verification under the group key) and a full duty: t partial signatures ' +
    'of one message, sent as bytes, then `combineVerified`, in duties per second. Recombination cases rotate through ' +
    `${SUBSETS} random t-subsets of the signers, call by call, so no subset is favoured.`,
  notes: [
    'Long-term keys are loaded once, as a running signer or aggregator holds them: each peer keeps its secret keys and the group key as its own objects. dvt-bls takes bytes and decodes the group key inside `combineVerified` on every call (its cost is included in ours).',
    'Partial signatures travel as bytes: every combine starts by decoding and subgroup-checking the t partials, in every library.',
    'raw @noble/curves has no threshold API: its figures are the straightforward equivalent written with its primitives (naive Lagrange, one constant-time `multiply` per partial). raw @chainsafe/blst cannot recombine at all (no scalar multiplication); its duty row is the native floor reference.',
    'herumi verifying every partial (as SSV does) and the native floor are references: reported, never the yardstick.',
  ],
  cases,
  whyPeerAhead(result, backend, peer) {
    if (backend === 'dvt-bls/blst' && peer === 'blst') {
      if (result.operation === 'partialSign') {
        return blstOverhead('that `partialSign` takes the share as bytes and loads the secret key into blst on every call (the raw signer keeps its `SecretKey` object), plus the checks of the share and message');
      }
      return blstOverhead('its argument checks (the partial\'s id, lengths, KeyValidate\'s infinity check)');
    }
    if (backend === 'dvt-bls/blst') return undefined;
    return portableGap(peer);
  },
};
