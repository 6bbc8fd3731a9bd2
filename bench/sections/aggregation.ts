/**
 * Aggregation throughput: `aggregateSignatures` and `aggregatePublicKeys` of N serialized points,
 * validated as users need them validated, in points per second.
 * @module
 */
import { expectBytes, keyPairs } from '../fixtures';
import { loadLibraries } from '../libraries';
import { uncheckedBlst } from '../peers/blst';
import { oursBlst } from '../peers/ours';
import type { Case, Mode, Section } from '../types';
import { PURE_JS, QUICK_SKIP, blstOverhead, libraryVariants, portableGap, sizes } from './common';

const OPERATIONS = [
  { operation: 'aggregateSignatures', unit: 'signatures/s', item: 'signature' },
  { operation: 'aggregatePublicKeys', unit: 'public keys/s', item: 'publicKey' },
] as const;

function cases(mode: Mode): Case[] {
  const ns = sizes(mode, [8, 64, 512, 4096], [8, 64, 512, 4096], [2, 3]);
  return OPERATIONS.flatMap(({ operation, unit, item }) =>
    ns.map(
      (n): Case => ({
        id: `${operation}/N=${n}`,
        operation,
        size: `N = ${n}`,
        params: { N: n },
        perCall: n,
        unit,
        async build() {
          const libs = await loadLibraries();
          const inputs = keyPairs(n).map((k) => k[item]);
          const expected = oursBlst()[operation]?.(inputs) as Uint8Array;
          const { variants, skipped } = libraryVariants(
            libs,
            operation,
            (lib) => {
              const f = lib[operation];
              return f && (() => f(inputs));
            },
            (id) => {
              if (PURE_JS.includes(id) && n >= 4096) {
                return 'about 5 ms per point to decode and validate in pure JavaScript: one call would take about 25 s, and the rate is flat in N (see N = 512)';
              }
              if (mode.quick && PURE_JS.includes(id) && n > 8) return QUICK_SKIP;
              if (mode.quick && id === 'herumi' && n > 64) return QUICK_SKIP;
              return undefined;
            }
          );
          variants.push({
            library: 'blst',
            role: 'reference',
            label: 'raw blst, no subgroup check',
            run: () => uncheckedBlst[operation](inputs),
            note: 'the same native call with validation off: not safe on untrusted bytes; shows what the checks cost.',
          });
          return { variants, skipped, check: (out) => expectBytes(out, expected, operation) };
        },
      })
    )
  );
}

export const aggregation: Section = {
  name: 'aggregation',
  title: 'Aggregation throughput',
  description:
    '`aggregateSignatures` and `aggregatePublicKeys` of N points given as serialized bytes (as users call them: ' +
    'signatures straight from the network, keys from a registry), each point decoded and checked (subgroup check for ' +
    'signatures, KeyValidate for keys), the sum serialized. Throughput in points per second.',
  notes: [
    'Every library validates every point here: raw blst with its `groupcheck`/`validate` flags on, noble in `fromBytes`, herumi in `deserialize` (its verify-order flag is on by default in Ethereum mode). The unchecked raw blst call is shown as a reference.',
  ],
  cases,
  whyPeerAhead(result, backend, peer) {
    if (backend === 'dvt-bls/blst' && peer === 'blst') {
      return blstOverhead('its argument checks (an array; each item a 48- or 96-byte Uint8Array), the copy of the list and the serialization of the sum');
    }
    return portableGap(peer);
  },
};
