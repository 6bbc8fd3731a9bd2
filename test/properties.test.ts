/**
 * Property tests of sharing, Feldman verification and threshold recombination, on every backend,
 * written with the arbitraries of `dvt-bls/testing` (src/testing/), so the kit users import is
 * exercised on every run: sharings, subsets of size t and t - 1, and partial signature sets with
 * corrupted members.
 *
 * Each property runs with a fixed fast-check `seed`, so CI is reproducible; `numRuns` is sized so
 * the file stays well under a minute per backend on the pure-JavaScript noble backend (signing and
 * pairings cost tens of milliseconds each there). To explore further locally, raise `numRuns` or
 * drop the `seed`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError } from '../src/index';
import { arbId, arbPartialSet, arbSharing, arbSubset } from '../src/testing/index';
import { backends } from './helpers/backends';
import { hex } from './helpers/rng';

/** The BLS12-381 group order r, written out here so the tests do not take it from the code under test. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

const bytes32 = (x: bigint): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));
const scalarOf = (b: Uint8Array): bigint => BigInt(`0x${hex(b) || '0'}`);
const ascending = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/**
 * fast-check parameters: a fixed seed, and a cap on the whole assertion so that shrinking a failure
 * (slow with pure-JS pairings) still reports within vitest's timeout, with a partly shrunk
 * counterexample; hitting the cap without a failure is reported as a failure, not a silent pass.
 */
const params = (seed: number, numRuns: number): fc.Parameters<unknown> => ({
  seed,
  numRuns,
  plugins: [fc.interruptAfterTimeLimit(90_000, { failOnInterrupt: true })],
});

/** Flips bit `k` of a scalar, moving to the next bit until the result is still a valid secret key. */
function flipBit(secretKey: Uint8Array, k: number): Uint8Array {
  const s = scalarOf(secretKey);
  for (let j = 0; j < 255; j++) {
    const flipped = s ^ (1n << BigInt((k + j) % 255));
    if (flipped > 0n && flipped < R) return bytes32(flipped);
  }
  throw new Error('unreachable: some bit flip of a valid scalar is valid');
}

describe.each(backends)('properties ($name backend)', ({ api }) => {
  // Ids: small ones mixed with any in [1, 2^32] (the kit's default); up to 20 shares.
  const sharings = (maxN: number) => arbSharing({ bls: api, maxN });

  it('any t shares (and any superset) recover the secret; t - 1 shares do not', () => {
    const arb = sharings(20).chain((s) =>
      fc.record({
        s: fc.constant(s),
        exact: arbSubset(s.shares, s.threshold),
        larger: arbSubset(s.shares, { min: s.threshold, max: s.ids.length }),
        fewer: arbSubset(s.shares, s.threshold - 1),
      })
    );
    fc.assert(
      fc.property(arb, ({ s, exact, larger, fewer }) => {
        const { secretKey, shares, commitments } = s;
        expect(shares.map((share) => share.id)).toEqual(s.ids);
        expect(commitments).toHaveLength(s.threshold);
        expect(hex(commitments[0]!)).toBe(hex(api.getPublicKey(secretKey)));
        expect(hex(s.groupPublicKey)).toBe(hex(commitments[0]!));
        expect(exact).toHaveLength(s.threshold);
        expect(fewer).toHaveLength(s.threshold - 1);
        expect(hex(api.recoverSecret(exact))).toBe(hex(secretKey));
        expect(hex(api.recoverSecret(larger))).toBe(hex(secretKey));
        if (s.threshold >= 2) expect(hex(api.recoverSecret(fewer))).not.toBe(hex(secretKey));
      }),
      params(0x5eed0001, 60)
    );
  });

  it("verifyShare accepts every share, rejects a changed key, a foreign id and another share's id", () => {
    const arb = sharings(20).chain((s) =>
      fc.record({
        s: fc.constant(s),
        victim: fc.nat(s.ids.length - 1),
        other: fc.nat(s.ids.length - 1),
        bit: fc.nat(254),
        foreignId: fc.oneof(arbId(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      })
    );
    fc.assert(
      fc.property(arb, ({ s, victim, other, bit, foreignId }) => {
        const { shares, commitments, ids, threshold } = s;
        for (const share of shares) expect(api.verifyShare(share, commitments)).toBe(true);

        const share = shares[victim]!;
        const changed = flipBit(share.secretKey, bit);
        expect(api.verifyShare({ id: share.id, secretKey: changed }, commitments)).toBe(false);

        // An id outside the set: with t = 1 the polynomial is constant, so every id carries the
        // same share and the check rightly accepts; from t = 2 on a wrong id must be rejected.
        const outsider = ids.includes(foreignId) ? Math.max(...ids) + 1 : foreignId;
        expect(api.verifyShare({ id: outsider, secretKey: share.secretKey }, commitments)).toBe(threshold === 1);

        if (ids.length >= 2) {
          const j = other === victim ? (victim + 1) % ids.length : other;
          expect(api.verifyShare({ id: shares[j]!.id, secretKey: share.secretKey }, commitments)).toBe(threshold === 1);
        }
      }),
      params(0x5eed0002, 20)
    );
  });

  it('combinePublicKeys of any t public key shares is commitments[0] = getPublicKey(secret)', () => {
    const arb = sharings(20).chain((s) => fc.record({ s: fc.constant(s), signers: arbSubset(s.shares, s.threshold) }));
    fc.assert(
      fc.property(arb, ({ s, signers }) => {
        const keyShares = signers.map((share) => {
          const publicKey = api.getPublicKeyShare(s.commitments, share.id);
          expect(hex(publicKey)).toBe(hex(api.getPublicKey(share.secretKey)));
          return { id: share.id, publicKey };
        });
        const combined = api.combinePublicKeys(keyShares);
        expect(hex(combined)).toBe(hex(s.commitments[0]!));
        expect(hex(combined)).toBe(hex(api.getPublicKey(s.secretKey)));
        if (s.threshold >= 2) expect(hex(api.combinePublicKeys(keyShares.slice(1)))).not.toBe(hex(combined));
      }),
      params(0x5eed0003, 20)
    );
  });

  it('partial signatures of any t shares combine to sign(secret, message)', () => {
    const arb = sharings(20).chain((s) =>
      fc.record({
        s: fc.constant(s),
        signers: arbSubset(s.shares, s.threshold),
        message: fc.uint8Array({ maxLength: 64 }),
      })
    );
    fc.assert(
      fc.property(arb, ({ s, signers, message }) => {
        const partials = signers.map((share) => api.partialSign(share, message));
        const combined = api.combineSignatures(partials);
        expect(hex(combined)).toBe(hex(api.sign(s.secretKey, message)));
        if (s.threshold >= 2) expect(hex(api.combineSignatures(partials.slice(1)))).not.toBe(hex(combined));
      }),
      params(0x5eed0004, 20)
    );
  });

  it('combineVerified finds exactly the corrupted partials, whatever the corruption pattern', () => {
    const outcomes = { happy: 0, happyUnchecked: 0, recovered: 0, tooFew: 0 };
    const kinds = new Set<string>();
    fc.assert(
      fc.property(arbPartialSet({ bls: api, maxN: 10 }), (set) => {
        const { sharing, partials, expected } = set;
        const t = sharing.threshold;
        const corrupted = new Set(set.corrupted);
        const malformed = new Set(set.malformed);
        for (const c of set.corruptions) kinds.add(c.kind);
        // The kit's bookkeeping is consistent with itself.
        expect(ascending(set.corruptions.map((c) => c.id))).toEqual(set.corrupted);
        expect(partials.length).toBeGreaterThanOrEqual(t);

        if (expected.outcome !== 'too-few-valid') {
          const result = api.combineVerified(set.input);
          expect(hex(result.signature)).toBe(hex(api.sign(sharing.secretKey, set.message)));
          expect(hex(result.signature)).toBe(hex(set.groupSignature));
          // The invariants that hold whatever the path...
          expect(result.signers).toHaveLength(t);
          expect(result.signers).toEqual(ascending(new Set(result.signers)));
          for (const id of result.signers) expect(corrupted.has(id)).toBe(false);
          for (const id of result.invalid) expect(corrupted.has(id)).toBe(true);
          for (const id of malformed) expect(result.invalid).toContain(id);
          // ...and the exact sets of the documented behaviour.
          expect(result.signers).toEqual(expected.signers);
          expect(result.invalid).toEqual(expected.invalid);
          if (expected.outcome === 'happy') {
            outcomes.happy++;
            if (corrupted.size > malformed.size) outcomes.happyUnchecked++;
            expect(result.invalid).toEqual(ascending(malformed));
          } else {
            outcomes.recovered++;
            expect(result.invalid).toEqual(ascending(corrupted));
          }
        } else {
          outcomes.tooFew++;
          expect(partials.length - corrupted.size).toBeLessThan(t);
          let error: unknown;
          try {
            api.combineVerified(set.input);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DvtBlsError);
          expect((error as DvtBlsError).code).toBe(expected.code);
          expect((error as DvtBlsError).culprits).toEqual(ascending(corrupted));
          expect((error as DvtBlsError).culprits).toEqual(expected.culprits);
        }
      }),
      params(0x5eed0005, 40)
    );
    // The fixed seed must exercise all three outcomes, or the property says less than it seems.
    expect(outcomes.happy).toBeGreaterThan(0);
    expect(outcomes.recovered).toBeGreaterThan(0);
    expect(outcomes.tooFew).toBeGreaterThan(0);
    // ...including a happy path that left corrupted partials beyond the first t unchecked...
    expect(outcomes.happyUnchecked).toBeGreaterThan(0);
    // ...and every kind of corruption.
    expect([...kinds].sort()).toEqual(['infinity', 'malformed', 'other-message', 'other-share']);
  });
});
