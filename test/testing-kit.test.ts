/**
 * The property-testing kit `dvt-bls/testing` (src/testing/) itself: its values are what their
 * types and tags say, its options are honoured, it is deterministic by seed and the same on every
 * backend, and the main entries do not carry fast-check. (Its arbitraries are used for real by
 * properties.test.ts and bad-input.test.ts.) The checks use the native backend where they pair,
 * for speed; the kit's claims do not depend on the backend.
 */
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRUPTION_KINDS,
  MALFORMED_KINDS,
  arbMalformedPublicKey,
  arbMalformedSignature,
  arbPartialSet,
  arbSecretKey,
  arbSharing,
  arbSubset,
  arbThresholdConfig,
  type PartialSet,
  type Sharing,
} from '../src/testing/index';
import { backends } from './helpers/backends';
import { hex } from './helpers/rng';

const noble = backends.find((b) => b.name === 'noble')!.api;
const blst = backends.find((b) => b.name === 'blst')!.api;
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/** A stable text of any kit value (bytes as hex, getters evaluated). */
const show = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : typeof v === 'bigint' ? String(v) : v));

describe('dvt-bls/testing', () => {
  it('is deterministic by seed, and gives the same values on every backend', () => {
    const sample = <T>(arb: fc.Arbitrary<T>): string => show(fc.sample(arb, { seed: 0x7e57, numRuns: 4 }));
    expect(sample(arbSharing({ bls: blst, maxN: 5 }))).toBe(sample(arbSharing({ bls: blst, maxN: 5 })));
    expect(sample(arbSharing({ bls: noble, maxN: 5 }))).toBe(sample(arbSharing({ bls: blst, maxN: 5 })));
    expect(sample(arbPartialSet({ bls: noble, maxN: 4 }))).toBe(sample(arbPartialSet({ bls: blst, maxN: 4 })));
    expect(sample(arbMalformedSignature())).toBe(sample(arbMalformedSignature()));
    // ...and not constant: another seed, other values.
    expect(show(fc.sample(arbSecretKey(), { seed: 1, numRuns: 3 }))).not.toBe(show(fc.sample(arbSecretKey(), { seed: 2, numRuns: 3 })));
  });

  it('arbSecretKey: 32 bytes, a scalar in [1, r), plain (not redacted)', () => {
    fc.assert(
      fc.property(arbSecretKey({ bls: blst }), (sk) => {
        expect(sk).toHaveLength(32);
        const s = BigInt(`0x${hex(sk)}`);
        expect(s > 0n && s < R).toBe(true);
        expect(JSON.stringify(sk)).not.toContain('redacted');
      }),
      { seed: 1, numRuns: 200 }
    );
  });

  it('arbThresholdConfig: bounds honoured, ids distinct and in range', () => {
    const options = { minN: 2, maxN: 6, minThreshold: 2, idRange: { min: 10, max: 20 } };
    fc.assert(
      fc.property(arbThresholdConfig(options), ({ threshold, ids }) => {
        expect(ids.length).toBeGreaterThanOrEqual(2);
        expect(ids.length).toBeLessThanOrEqual(6);
        expect(threshold).toBeGreaterThanOrEqual(2);
        expect(threshold).toBeLessThanOrEqual(ids.length);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(Number.isSafeInteger(id) && id >= 10 && id <= 20).toBe(true);
      }),
      { seed: 2, numRuns: 300 }
    );
    // The default ids reach beyond 2^31 (herumi's int32 setInt) with some runs.
    const ids = fc.sample(arbThresholdConfig({ maxN: 8 }), { seed: 3, numRuns: 100 }).flatMap((c) => c.ids);
    expect(ids.some((id) => id > 2 ** 31)).toBe(true);
    expect(ids.some((id) => id <= 64)).toBe(true);
  });

  it('refuses options no value satisfies', () => {
    expect(() => arbThresholdConfig({ minN: 5, idRange: { min: 1, max: 3 } })).toThrow(RangeError);
    expect(() => arbThresholdConfig({ minN: 5, maxN: 3 })).toThrow(RangeError);
    expect(() => arbThresholdConfig({ idRange: { min: 0, max: 3 } })).toThrow(RangeError);
    expect(() => arbThresholdConfig({ idRange: { min: 1, max: 2 ** 53 } })).toThrow(RangeError);
    expect(() => arbSubset([1, 2], 3)).toThrow(RangeError);
    expect(() => arbPartialSet({ kinds: [] })).toThrow(RangeError);
    expect(() => arbPartialSet({ corrupted: { min: 3, max: 1 } })).toThrow(RangeError);
    expect(() => arbMalformedPublicKey({ kinds: [] })).toThrow(RangeError);
  });

  it('arbSharing: a consistent sharing; public key shares computed on first access', () => {
    fc.assert(
      fc.property(arbSharing({ bls: blst, maxN: 8 }), (s: Sharing) => {
        expect(s.shares.map((x) => x.id)).toEqual(s.ids);
        expect(s.commitments).toHaveLength(s.threshold);
        expect(hex(s.groupPublicKey)).toBe(hex(blst.getPublicKey(s.secretKey)));
        expect(hex(s.commitments[0]!)).toBe(hex(s.groupPublicKey));
        for (const share of s.shares) expect(blst.verifyShare(share, s.commitments)).toBe(true);
        expect(s.publicKeyShares).toBe(s.publicKeyShares); // cached
        s.publicKeyShares.forEach((k, i) => {
          expect(k.id).toBe(s.ids[i]);
          expect(hex(k.publicKey)).toBe(hex(blst.getPublicKeyShare(s.commitments, k.id)));
        });
        expect(hex(blst.recoverSecret(s.shares.slice(0, s.threshold)))).toBe(hex(s.secretKey));
      }),
      { seed: 4, numRuns: 60 }
    );
  });

  it('arbSubset: distinct elements of the list, of the size asked', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    fc.assert(
      fc.property(arbSubset(items, 4), arbSubset(items, { min: 1, max: 3 }), (four, some) => {
        expect(four).toHaveLength(4);
        expect(new Set(four).size).toBe(4);
        expect(some.length >= 1 && some.length <= 3).toBe(true);
        for (const x of [...four, ...some]) expect(items).toContain(x);
      }),
      { seed: 5, numRuns: 100 }
    );
    // Shuffled: not always in the list's order.
    const orders = fc.sample(arbSubset(items, 6), { seed: 6, numRuns: 20 }).map((s) => s.join(''));
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('arbPartialSet: exactly the corrupted partials fail, as tagged; the requested counts hold', () => {
    const kinds = new Set<string>();
    const check = (set: PartialSet): void => {
      const { sharing, partials, message } = set;
      expect(partials.length).toBeGreaterThanOrEqual(sharing.threshold);
      expect(new Set(partials.map((p) => p.id)).size).toBe(partials.length);
      const tagged = new Map(set.corruptions.map((c) => [c.id, c]));
      expect([...tagged.keys()].sort((a, b) => a - b)).toEqual(set.corrupted);
      expect(set.malformed).toEqual(set.corruptions.filter((c) => c.kind === 'malformed').map((c) => c.id).sort((a, b) => a - b));
      const keyOf = new Map(sharing.publicKeyShares.map((k) => [k.id, k.publicKey]));
      for (const p of partials) {
        const c = tagged.get(p.id);
        if (c !== undefined) kinds.add(c.kind);
        expect(blst.isValidSignature(p.signature)).toBe(c?.kind !== 'malformed');
        expect(blst.verifyPartial(keyOf.get(p.id)!, message, p)).toBe(c === undefined);
        if (c?.kind === 'other-share') expect(sharing.threshold).toBeGreaterThanOrEqual(2);
      }
      expect(set.input.partials).toBe(partials);
      expect(set.input.threshold).toBe(sharing.threshold);
      expect(hex(set.input.groupPublicKey)).toBe(hex(sharing.groupPublicKey));
      expect(set.input.publicKeyShares).toBe(sharing.publicKeyShares);
      expect(hex(set.groupSignature)).toBe(hex(blst.sign(sharing.secretKey, message)));
    };
    fc.assert(fc.property(arbPartialSet({ bls: blst, maxN: 8 }), check), { seed: 7, numRuns: 60 });
    expect([...kinds].sort()).toEqual([...CORRUPTION_KINDS].sort());

    fc.assert(
      fc.property(arbPartialSet({ bls: blst, maxN: 6, corrupted: 2 }), (set) => {
        check(set);
        expect(set.corrupted).toHaveLength(2);
      }),
      { seed: 8, numRuns: 30 }
    );
    // A sharing arbitrary of one's own: sharings too small for the corrupted members are skipped.
    fc.assert(
      fc.property(arbPartialSet({ sharing: arbSharing({ bls: blst, maxN: 3 }), bls: blst, corrupted: 2 }), (set) => {
        check(set);
        expect(set.sharing.ids.length).toBeGreaterThanOrEqual(2);
        expect(set.corrupted).toHaveLength(2);
      }),
      { seed: 13, numRuns: 20 }
    );
    fc.assert(
      fc.property(arbPartialSet({ bls: blst, maxN: 6, count: 'threshold', corrupted: 0 }), (set) => {
        check(set);
        expect(set.partials).toHaveLength(set.sharing.threshold);
        expect(set.expected.outcome).toBe('happy');
      }),
      { seed: 9, numRuns: 30 }
    );
    fc.assert(
      fc.property(arbPartialSet({ bls: blst, maxN: 6, count: 'all', corrupted: { min: 1 }, kinds: ['malformed'] }), (set) => {
        check(set);
        expect(set.partials).toHaveLength(set.sharing.ids.length);
        expect(set.corrupted.length).toBeGreaterThanOrEqual(1);
        expect(set.malformed).toEqual(set.corrupted);
      }),
      { seed: 10, numRuns: 30 }
    );
  });

  it('arbMalformedPublicKey / arbMalformedSignature: every kind, and only the kinds asked for', () => {
    for (const arb of [arbMalformedPublicKey, arbMalformedSignature]) {
      const all = fc.sample(arb(), { seed: 11, numRuns: 120 });
      expect(new Set(all.map((m) => m.kind))).toEqual(new Set(MALFORMED_KINDS));
      for (const m of all) expect(m.description.length).toBeGreaterThan(0);
      const some = fc.sample(arb({ kinds: ['off-curve', 'wrong-length'] }), { seed: 12, numRuns: 40 });
      expect(new Set(some.map((m) => m.kind))).toEqual(new Set(['off-curve', 'wrong-length']));
    }
  });

  it('the main entries do not import fast-check (it is a peer dependency of dvt-bls/testing only)', async () => {
    for (const entry of ['src/index.ts', 'src/node.ts', 'src/noble.ts', 'src/blst.ts']) {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
      const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
      expect(imports.filter((p) => p.startsWith('fast-check')), entry).toEqual([]);
      expect(Object.keys(result.metafile.inputs).filter((p) => p.includes('testing')), entry).toEqual([]);
    }
    // ...while the kit's entry does.
    const kit = await build({ entryPoints: ['src/testing/index.ts'], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    expect(Object.values(kit.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))).toContain('fast-check');
  });
});
