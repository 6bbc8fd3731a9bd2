/**
 * Differential tests: the same inputs through `createDvtBls(nobleBackend)` and
 * `createDvtBls(loadBlstBackend())` must give byte-identical outputs, the same booleans from every
 * verifier, and the same `DvtBlsError` code (and culprits) on bad input. Every public function of
 * `DvtBls` is covered, on valid, tampered and malformed inputs, with share ids both small (1..16,
 * short integer Lagrange weights) and large (up to 2^32, the field-coefficient path).
 *
 * Valid fixtures are made on blst (fast); whether noble makes the same bytes is itself checked by
 * the properties that run every producer on both backends. Each property has a fixed seed and a
 * `numRuns` sized for noble's pure-JavaScript cost (tens of ms per signature, ~100 ms per pairing
 * check) so the file stays well under a minute. Expensive properties end on the first failure
 * rather than shrink (each shrink step would pay noble's cost again); the counterexample is still
 * printed.
 *
 * Edge cases that diverged before (results at infinity, which noble could not encode; KeyValidate
 * of fastAggregateVerify's aggregate key; an injected randomBytes that blst ignored) are separate
 * tests at the end, so a regression there does not stop the broad properties from exploring
 * everything else.
 */
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  createDvtBls,
  DvtBlsError,
  type DvtBls,
  type PartialSignature,
  type PublicKeyShare,
  type SecretKeyShare,
  type SignatureSet,
} from '../src/index';
import { nobleBackend } from '../src/backend/noble';
import { loadBlstBackend } from '../src/backend/load-blst';
import { integerLagrangeWeights } from '../src/field/polynomial';
import { hex, seededRandomBytes } from './helpers/rng';

const noble = createDvtBls(nobleBackend);
const blst = createDvtBls(loadBlstBackend());

/** The group order r and the base field modulus p, written out rather than taken from the code under test. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;

const enc = new TextEncoder();
const beBytes = (x: bigint, length: number): Uint8Array =>
  Uint8Array.from(Buffer.from(x.toString(16).padStart(2 * length, '0'), 'hex'));
const b32 = (x: bigint): Uint8Array => beBytes(x, 32);
const scalarOf = (b: Uint8Array): bigint => BigInt(`0x${hex(b) || '0'}`);
/** A copy of `bytes` with bit `bit` flipped (bit 0 is the most significant bit of byte 0). */
function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = (out[i] as number) ^ (0x80 >> bit % 8);
  return out;
}
/** Loose values for arguments of the wrong type (cast at the call: the API must refuse them). */
const loose = <T>(value: unknown): T => value as T;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------------
// Outcomes

type Outcome = { ok: unknown } | { code: string; culprits: number[] } | { foreign: string };

/** Bytes as hex, recursively, so outcomes compare with toEqual and print readably. */
function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return `0x${hex(value)}`;
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

function outcomeOf<T>(api: DvtBls, call: (api: DvtBls) => T): { outcome: Outcome; raw?: T } {
  try {
    const raw = call(api);
    return { outcome: { ok: normalize(raw) }, raw };
  } catch (e) {
    if (e instanceof DvtBlsError) return { outcome: { code: e.code, culprits: [...e.culprits] } };
    return { outcome: { foreign: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } };
  }
}

/**
 * Runs `call` on noble and on blst and expects the same outcome: equal results (bytes compared
 * as hex) or the same DvtBlsError code and culprits. A non-DvtBlsError is a failure on its own.
 */
function same<T>(label: string, call: (api: DvtBls) => T): { outcome: Outcome; raw?: T } {
  const onNoble = outcomeOf(noble, call);
  const onBlst = outcomeOf(blst, call);
  expect(onBlst.outcome, `${label}: blst differs from noble`).toEqual(onNoble.outcome);
  // Nested outcomes (calls that try several functions) are searched too.
  const shown = JSON.stringify(onNoble.outcome, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  expect(shown, `${label}: threw something other than a DvtBlsError`).not.toContain('"foreign"');
  return onBlst;
}

/** As {@link same}, and the call must succeed; returns blst's result (equal to noble's). */
function agree<T>(label: string, call: (api: DvtBls) => T): T {
  const { outcome, raw } = same(label, call);
  expect(outcome, `${label}: expected success`).toHaveProperty('ok');
  return raw as T;
}

/** As {@link same} for a verifier: both give `expected` (true or false). */
function bothSay(label: string, expected: boolean, call: (api: DvtBls) => boolean): void {
  const { outcome } = same(label, call);
  expect(outcome, label).toEqual({ ok: expected });
}

/** As {@link same}, and returns the common boolean, for verifiers whose answer the test does not fix. */
function sameBoolean(label: string, call: (api: DvtBls) => boolean): boolean {
  const { outcome } = same(label, call);
  expect(outcome, `${label}: a verifier must return a boolean, never throw`).toHaveProperty('ok');
  const value = (outcome as { ok: unknown }).ok;
  expect(typeof value, label).toBe('boolean');
  return value as boolean;
}

// ---------------------------------------------------------------------------------------------
// Fixtures (made on blst)

const M = enc.encode('differential: message M');
const M2 = enc.encode('differential: message M2');

const skA = blst.generateSecretKey({ randomBytes: seededRandomBytes('diff skA') });
const skB = blst.generateSecretKey({ randomBytes: seededRandomBytes('diff skB') });
const pkA = blst.getPublicKey(skA);
const pkB = blst.getPublicKey(skB);
const sigA = blst.sign(skA, M);
const sigB = blst.sign(skB, M);
const sigAM2 = blst.sign(skA, M2);

interface SharingFixture {
  name: string;
  ids: number[];
  threshold: number;
  sk: Uint8Array;
  groupPublicKey: Uint8Array;
  shares: SecretKeyShare[];
  commitments: Uint8Array[];
  publicKeyShares: PublicKeyShare[];
  /** Partials of M. */
  partials: PartialSignature[];
  /** Partials of M2 by the same shares: valid points, invalid partials for M. */
  wrongPartials: PartialSignature[];
}

function sharingFixture(name: string, sk: Uint8Array, ids: number[], threshold: number): SharingFixture {
  const { shares, commitments } = blst.splitSecret(sk, { threshold, ids, randomBytes: seededRandomBytes(`diff ${name}`) });
  return {
    name,
    ids,
    threshold,
    sk,
    groupPublicKey: commitments[0] as Uint8Array,
    shares,
    commitments,
    publicKeyShares: ids.map((id) => ({ id, publicKey: blst.getPublicKeyShare(commitments, id) })),
    partials: shares.map((s) => blst.partialSign(s, M)),
    wrongPartials: shares.map((s) => blst.partialSign(s, M2)),
  };
}

const SMALL = sharingFixture('small ids', skA, [1, 2, 3, 4, 5], 3);
const LARGE = sharingFixture('large ids', skA, [4294967296, 3000000017, 65537, 2147483659, 16], 3);
/** Same ids as SMALL, another secret: its public key shares disagree with SMALL's group key. */
const FOREIGN = sharingFixture('foreign', skB, [1, 2, 3, 4, 5], 3);

const INFINITY_G1 = Uint8Array.from([0xc0, ...new Uint8Array(47)]);
const INFINITY_G2 = Uint8Array.from([0xc0, ...new Uint8Array(95)]);

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** n distinct ids: small (1..16), large (up to 2^32, fast-check favours the edges), or a mix. */
function idsArb(n: number): fc.Arbitrary<number[]> {
  const small = fc.integer({ min: 1, max: 16 });
  const large = fc.integer({ min: 1, max: 2 ** 32 });
  return fc.oneof(
    fc.uniqueArray(small, { minLength: n, maxLength: n }),
    fc.uniqueArray(large, { minLength: n, maxLength: n }),
    fc.uniqueArray(fc.oneof(small, large), { minLength: n, maxLength: n })
  );
}

interface SharingCase {
  ids: number[];
  threshold: number;
  keySeed: number;
  splitSeed: number;
  /** Shuffled indices into ids. */
  subset: number[];
}

/** 1 <= t <= n <= maxN; `subset` is a shuffled t-subset, or any non-empty one when `anySubset`. */
function sharingCaseArb(maxN: number, anySubset = false): fc.Arbitrary<SharingCase> {
  return fc
    .integer({ min: 1, max: maxN })
    .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n })))
    .chain(([n, t]) =>
      fc.record({
        ids: idsArb(n),
        threshold: fc.constant(t),
        keySeed: fc.nat(),
        splitSeed: fc.nat(),
        subset: anySubset
          ? fc.shuffledSubarray(range(n), { minLength: 1, maxLength: n })
          : fc.shuffledSubarray(range(n), { minLength: t, maxLength: t }),
      })
    );
}

const pick = <T>(list: readonly T[], indices: readonly number[]): T[] => indices.map((i) => list[i] as T);

/** Field elements, and values at and above p where a canonical encoding needs one below p. */
const fpArb = fc.oneof(
  fc.bigInt({ min: 0n, max: P - 1n }),
  fc.constantFrom(0n, 1n, P - 1n),
  fc.bigInt({ min: P, max: 2n ** 381n - 1n })
);

const Fp = bls12_381.fields.Fp;
const Fp2 = bls12_381.fields.Fp2;

/**
 * A compressed G1 encoding of x with flags: when x³ + 4 is a square, an on-curve point that is
 * (with overwhelming probability) outside the r-order subgroup, so decoding needs the subgroup check.
 */
const g1FromXArb = fc.tuple(fpArb, fc.boolean()).map(([x, sign]) => {
  const bytes = beBytes(x, 48);
  bytes[0] = (bytes[0] as number) | 0x80 | (sign ? 0x20 : 0);
  return bytes;
});
const g1OnCurveArb = fc
  .tuple(fc.bigInt({ min: 0n, max: P - 1n }), fc.boolean())
  .filter(([x]) => {
    try {
      Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n));
      return true;
    } catch {
      return false;
    }
  })
  .map(([x, sign]) => {
    const bytes = beBytes(x, 48);
    bytes[0] = (bytes[0] as number) | 0x80 | (sign ? 0x20 : 0);
    return bytes;
  });

/** As above in G2: x = c0 + c1·u, y² = x³ + 4(1 + u); layout x.c1 | x.c0. */
const g2FromXArb = fc.tuple(fpArb, fpArb, fc.boolean()).map(([c0, c1, sign]) => {
  const bytes = new Uint8Array(96);
  bytes.set(beBytes(c1, 48), 0);
  bytes.set(beBytes(c0, 48), 48);
  bytes[0] = (bytes[0] as number) | 0x80 | (sign ? 0x20 : 0);
  return bytes;
});
const g2OnCurveArb = fc
  .tuple(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: 0n, max: P - 1n }), fc.boolean())
  .filter(([c0, c1]) => {
    try {
      const x = Fp2.create({ c0, c1 });
      Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.create({ c0: 4n, c1: 4n })));
      return true;
    } catch {
      return false;
    }
  })
  .map(([c0, c1, sign]) => {
    const bytes = new Uint8Array(96);
    bytes.set(beBytes(c1, 48), 0);
    bytes.set(beBytes(c0, 48), 48);
    bytes[0] = (bytes[0] as number) | 0x80 | (sign ? 0x20 : 0);
    return bytes;
  });

/** Infinity-flagged encodings of `length` bytes: the canonical one and non-canonical variants. */
function infinityArb(length: number): fc.Arbitrary<Uint8Array> {
  const canonical = new Uint8Array(length);
  canonical[0] = 0xc0;
  return fc.oneof(
    fc.constant(canonical),
    fc.tuple(fc.integer({ min: 1, max: length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, v]) => {
      const b = canonical.slice();
      b[i] = v;
      return b;
    }),
    fc.constantFrom(0x40, 0xe0, 0xc1, 0xdf, 0x60, 0x00).map((first) => {
      const b = new Uint8Array(length);
      b[0] = first;
      return b;
    })
  );
}

/** Byte strings of the wrong length, including the other encodings' lengths. */
const anyLengthArb = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 100 }),
  fc.constantFrom(0, 1, 31, 32, 33, 47, 48, 49, 95, 96, 97, 192).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
);

/** Malformed and borderline public keys (48-byte G1), derived from pkA where derived. */
const badPublicKeyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  anyLengthArb,
  fc.uint8Array({ minLength: 48, maxLength: 48 }),
  fc.integer({ min: 0, max: 48 * 8 - 1 }).map((bit) => flipBit(pkA, bit)),
  fc.integer({ min: 0, max: 7 }).map((bit) => flipBit(pkA, bit)),
  infinityArb(48),
  g1FromXArb,
  g1OnCurveArb,
  fc.constant(pkA.subarray(0, 47)),
  fc.constant(Uint8Array.from([...pkA, 0]))
);

/** Malformed and borderline signatures (96-byte G2), derived from sigA where derived. */
const badSignatureArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  anyLengthArb,
  fc.uint8Array({ minLength: 96, maxLength: 96 }),
  fc.integer({ min: 0, max: 96 * 8 - 1 }).map((bit) => flipBit(sigA, bit)),
  fc.integer({ min: 0, max: 7 }).map((bit) => flipBit(sigA, bit)),
  infinityArb(96),
  g2FromXArb,
  g2OnCurveArb,
  fc.constant(sigA.subarray(0, 95))
);

/** Secret keys: wrong lengths, zero, r and above, random 32 bytes, flipped bits of a valid key. */
const badSecretKeyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  anyLengthArb,
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
  fc.constantFrom(0n, 1n, R - 1n, R, R + 1n, 2n ** 255n, 2n ** 256n - 1n).map(b32),
  fc.bigInt({ min: R, max: 2n ** 256n - 1n }).map(b32),
  fc.integer({ min: 0, max: 255 }).map((bit) => flipBit(skA, bit)),
  fc.constant(new Uint8Array(32))
);

/** Values that are not valid share ids. */
const badIdArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(0, -0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, '1', null, undefined, 1n, {}, [], true),
  fc.integer({ max: 0 }),
  fc.double().filter((d) => !Number.isSafeInteger(d) || d < 1)
);

/** Thresholds out of range for n shares. */
const badThresholdArb = (n: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(0, -1, n + 1, 1.5, NaN, Infinity, '2', null, undefined, 2n),
    fc.integer({ min: n + 1, max: n + 1000 }),
    fc.integer({ max: 0 })
  );

/** Values of the wrong type for a bytes argument. */
const notBytesArb: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  undefined,
  null,
  'deadbeef',
  42,
  [1, 2, 3],
  {},
  new Uint16Array(16),
  new ArrayBuffer(32),
  new DataView(new ArrayBuffer(48))
);

// ---------------------------------------------------------------------------------------------

describe('differential noble vs blst: producers give byte-identical outputs', () => {
  it('generateSecretKey, getPublicKey, splitSecret, getPublicKeyShare, recoverSecret, combinePublicKeys, verifyShare', () => {
    fc.assert(
      fc.property(sharingCaseArb(5), fc.nat({ max: 1000 }), (c, tamperSeed) => {
        const sk = agree('generateSecretKey', (api) => api.generateSecretKey({ randomBytes: seededRandomBytes(c.keySeed) }));
        const pk = agree('getPublicKey', (api) => api.getPublicKey(sk));
        const { shares, commitments } = agree('splitSecret', (api) =>
          api.splitSecret(sk, { threshold: c.threshold, ids: c.ids, randomBytes: seededRandomBytes(c.splitSeed) })
        );
        expect(hex(commitments[0] as Uint8Array)).toBe(hex(pk));
        const publicKeyShares = c.ids.map((id) => ({
          id,
          publicKey: agree(`getPublicKeyShare(${id})`, (api) => api.getPublicKeyShare(commitments, id)),
        }));
        const chosen = pick(shares, c.subset);
        expect(hex(agree('recoverSecret', (api) => api.recoverSecret(chosen)))).toBe(hex(sk));
        if (c.threshold > 1) same('recoverSecret (t - 1 shares)', (api) => api.recoverSecret(chosen.slice(1)));
        expect(hex(agree('combinePublicKeys', (api) => api.combinePublicKeys(pick(publicKeyShares, c.subset))))).toBe(hex(pk));

        const share = chosen[tamperSeed % chosen.length] as SecretKeyShare;
        bothSay('verifyShare (valid)', true, (api) => api.verifyShare(share, commitments));
        const otherId = share.id === 2 ** 32 ? 1 : share.id + 1;
        const tampered: [string, SecretKeyShare, Uint8Array[]][] = [
          ['another id', { id: otherId, secretKey: share.secretKey }, commitments],
          ['flipped key bit', { id: share.id, secretKey: flipBit(share.secretKey, 200 + (tamperSeed % 56)) }, commitments],
          ['a commitment replaced', share, commitments.map((cm, k) => (k === tamperSeed % commitments.length ? pkB : cm))],
          ['a commitment dropped', share, c.threshold > 1 ? commitments.slice(0, -1) : [pkB]],
        ];
        for (const [label, s, cms] of tampered) {
          sameBoolean(`verifyShare (${label})`, (api) => api.verifyShare(s, cms));
        }
      }),
      { seed: 0xd1f1, numRuns: 18, endOnFailure: true }
    );
  });

  it('combineSignatures and combinePublicKeys on random subsets of random ids cover both interpolation paths', () => {
    const paths = { 'integer weights, denominator 1': 0, 'integer weights and 1/denominator': 0, 'field coefficients': 0 };
    fc.assert(
      fc.property(sharingCaseArb(8, true), (c) => {
        const sk = blst.generateSecretKey({ randomBytes: seededRandomBytes(c.keySeed) });
        const { shares, commitments } = blst.splitSecret(sk, {
          threshold: c.threshold,
          ids: c.ids,
          randomBytes: seededRandomBytes(c.splitSeed),
        });
        const chosen = pick(shares, c.subset);
        const { weights, denominator } = integerLagrangeWeights(chosen.map((s) => BigInt(s.id)));
        const longest = Math.max(...weights.map((w) => (w < 0n ? -w : w).toString(2).length));
        paths[longest > 128 ? 'field coefficients' : denominator === 1n ? 'integer weights, denominator 1' : 'integer weights and 1/denominator']++;

        const partials = chosen.map((s) => blst.partialSign(s, M));
        const combined = agree('combineSignatures', (api) => api.combineSignatures(partials));
        const pkShares = chosen.map((s) => ({ id: s.id, publicKey: blst.getPublicKey(s.secretKey) }));
        const combinedKey = agree('combinePublicKeys', (api) => api.combinePublicKeys(pkShares));
        if (chosen.length >= c.threshold) {
          expect(hex(combined)).toBe(hex(blst.sign(sk, M)));
          expect(hex(combinedKey)).toBe(hex(commitments[0] as Uint8Array));
        }
      }),
      { seed: 0xd1f2, numRuns: 40, endOnFailure: true }
    );
    for (const [path, count] of Object.entries(paths)) expect(count, `interpolation path '${path}' exercised`).toBeGreaterThan(2);
  });

  it('the signing flow: sign, partialSign, combineSignatures, verify, verifyPartial, combineVerified', () => {
    fc.assert(
      fc.property(sharingCaseArb(4), fc.uint8Array({ minLength: 0, maxLength: 64 }), (c, message) => {
        const sk = agree('generateSecretKey', (api) => api.generateSecretKey({ randomBytes: seededRandomBytes(c.keySeed) }));
        const pk = agree('getPublicKey', (api) => api.getPublicKey(sk));
        const { shares, commitments } = blst.splitSecret(sk, {
          threshold: c.threshold,
          ids: c.ids,
          randomBytes: seededRandomBytes(c.splitSeed),
        });
        const signature = agree('sign', (api) => api.sign(sk, message));
        const partials = pick(shares, c.subset).map((s) => agree(`partialSign(${s.id})`, (api) => api.partialSign(s, message)));
        expect(hex(agree('combineSignatures', (api) => api.combineSignatures(partials)))).toBe(hex(signature));
        bothSay('verify', true, (api) => api.verify(pk, message, signature));
        bothSay('verify (another message)', false, (api) => api.verify(pk, Uint8Array.from([...message, 0]), signature));
        const first = partials[0] as PartialSignature;
        const publicKeyShares = c.ids.map((id) => ({ id, publicKey: blst.getPublicKeyShare(commitments, id) }));
        const firstKey = publicKeyShares.find((s) => s.id === first.id)?.publicKey as Uint8Array;
        bothSay('verifyPartial', true, (api) => api.verifyPartial(firstKey, message, first));
        const result = agree('combineVerified', (api) =>
          api.combineVerified({ message, partials, threshold: c.threshold, groupPublicKey: pk, publicKeyShares })
        );
        expect(hex(result.signature)).toBe(hex(signature));
        expect(result.invalid).toEqual([]);
      }),
      { seed: 0xd1f3, numRuns: 5, endOnFailure: true }
    );
  });

  it('aggregation: aggregateSignatures, aggregatePublicKeys, aggregateVerify, fastAggregateVerify, verifyBatch (valid and tampered)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        (keySeeds, messagesPool, tamper) => {
          const keys = keySeeds.map((s) => blst.generateSecretKey({ randomBytes: seededRandomBytes(`agg ${s}`) }));
          const publicKeys = keys.map((k) => blst.getPublicKey(k));
          // Messages may repeat (fast-check produces equal ones often): the POP scheme allows it.
          const messages = keys.map((_, i) => messagesPool[i % messagesPool.length] as Uint8Array);
          const signatures = keys.map((k, i) => blst.sign(k, messages[i] as Uint8Array));
          const sameMessage = keys.map((k) => blst.sign(k, M));

          const aggregate = agree('aggregateSignatures', (api) => api.aggregateSignatures(signatures));
          const aggregateM = agree('aggregateSignatures (one message)', (api) => api.aggregateSignatures(sameMessage));
          agree('aggregatePublicKeys', (api) => api.aggregatePublicKeys(publicKeys));
          bothSay('aggregateVerify', true, (api) => api.aggregateVerify(publicKeys, messages, aggregate));
          bothSay('fastAggregateVerify', true, (api) => api.fastAggregateVerify(publicKeys, M, aggregateM));
          const sets: SignatureSet[] = keys.map((_, i) => ({
            publicKey: publicKeys[i] as Uint8Array,
            message: messages[i] as Uint8Array,
            signature: signatures[i] as Uint8Array,
          }));
          bothSay('verifyBatch', true, (api) => api.verifyBatch(sets, { randomBytes: seededRandomBytes(tamper) }));

          // One tampering each, chosen by `tamper`.
          const i = tamper % keys.length;
          const tamperedMessages = messages.map((m, j) => (j === i ? Uint8Array.from([...m, 1]) : m));
          sameBoolean('aggregateVerify (a message changed)', (api) => api.aggregateVerify(publicKeys, tamperedMessages, aggregate));
          const mode = tamper % 3;
          if (mode === 0) {
            bothSay('fastAggregateVerify (a key dropped or added)', false, (api) =>
              api.fastAggregateVerify(keys.length > 1 ? publicKeys.slice(1) : [...publicKeys, pkB], M, aggregateM)
            );
          } else if (mode === 1) {
            bothSay('fastAggregateVerify (another message)', false, (api) => api.fastAggregateVerify(publicKeys, M2, aggregateM));
          } else {
            bothSay('fastAggregateVerify (signature of other messages)', false, (api) =>
              api.fastAggregateVerify(publicKeys, M, keys.length > 1 ? aggregate : sigB)
            );
          }
          const swapped = sets.map((s, j) => (j === i ? { ...s, signature: sigB } : s));
          bothSay('verifyBatch (a signature replaced)', false, (api) =>
            api.verifyBatch(swapped, { randomBytes: seededRandomBytes(tamper) })
          );
        }
      ),
      { seed: 0xd1f4, numRuns: 5, endOnFailure: true }
    );
  });
});

describe('differential noble vs blst: malformed bytes give the same answer or error code', () => {
  it('secret keys: getPublicKey, sign, partialSign, recoverSecret, splitSecret, verifyShare', () => {
    fc.assert(
      fc.property(badSecretKeyArb, fc.integer({ min: 1, max: 2 ** 32 }), (bad, id) => {
        same('getPublicKey', (api) => api.getPublicKey(bad));
        same('sign', (api) => api.sign(bad, M));
        same('partialSign', (api) => api.partialSign({ id, secretKey: bad }, M));
        same('recoverSecret (one share)', (api) => api.recoverSecret([{ id, secretKey: bad }]));
        same('recoverSecret (with a valid share)', (api) =>
          api.recoverSecret([SMALL.shares[0] as SecretKeyShare, { id: id === 1 ? 2 : id, secretKey: bad }])
        );
        same('splitSecret', (api) => api.splitSecret(bad, { threshold: 2, ids: [1, id === 1 ? 2 : id], randomBytes: seededRandomBytes(id) }));
        sameBoolean('verifyShare', (api) => api.verifyShare({ id, secretKey: bad }, SMALL.commitments));
      }),
      { seed: 0xd1f5, numRuns: 50, endOnFailure: true }
    );
  });

  it('public keys: isValidPublicKey, aggregatePublicKeys, combinePublicKeys, getPublicKeyShare, verify, fastAggregateVerify, verifyPartial, verifyShare', () => {
    fc.assert(
      fc.property(badPublicKeyArb, (bad) => {
        // Partners are pkB / LARGE (not pkA): a flipped sign bit makes -pkA, and its sum with pkA is
        // the point at infinity, a case of its own below.
        sameBoolean('isValidPublicKey', (api) => api.isValidPublicKey(bad));
        same('aggregatePublicKeys', (api) => api.aggregatePublicKeys([pkB, bad]));
        same('combinePublicKeys', (api) => api.combinePublicKeys([{ id: 7, publicKey: pkB }, { id: 2, publicKey: bad }]));
        same('combinePublicKeys (large ids)', (api) =>
          api.combinePublicKeys([...LARGE.publicKeyShares.slice(0, 2), { id: 99, publicKey: bad }])
        );
        same('getPublicKeyShare (as commitments[0])', (api) => api.getPublicKeyShare([bad], 3));
        same('getPublicKeyShare (as commitments[1])', (api) => api.getPublicKeyShare([pkB, bad], 2 ** 32));
        sameBoolean('verifyShare (in the commitments)', (api) =>
          api.verifyShare(SMALL.shares[0] as SecretKeyShare, [SMALL.groupPublicKey, bad, ...SMALL.commitments.slice(2)])
        );
        sameBoolean('verify', (api) => api.verify(bad, M, sigA));
        sameBoolean('fastAggregateVerify', (api) => api.fastAggregateVerify([pkB, bad], M, sigA));
        sameBoolean('aggregateVerify', (api) => api.aggregateVerify([pkB, bad], [M, M2], sigA));
        sameBoolean('verifyPartial', (api) => api.verifyPartial(bad, M, SMALL.partials[0] as PartialSignature));
      }),
      { seed: 0xd1f6, numRuns: 50, endOnFailure: true }
    );
  });

  it('signatures, cheap paths: isValidSignature, aggregateSignatures, combineSignatures (small and large ids)', () => {
    fc.assert(
      fc.property(badSignatureArb, (bad) => {
        sameBoolean('isValidSignature', (api) => api.isValidSignature(bad));
        same('aggregateSignatures', (api) => api.aggregateSignatures([sigB, bad]));
        same('combineSignatures (small ids)', (api) =>
          api.combineSignatures([...FOREIGN.partials.slice(0, 2), { id: 9, signature: bad }])
        );
        same('combineSignatures (large ids)', (api) =>
          api.combineSignatures([{ id: 2 ** 32, signature: bad }, ...LARGE.partials.slice(1, 3)])
        );
      }),
      { seed: 0xd1f7, numRuns: 70 }
    );
  });

  it('signatures, verifiers: verify, aggregateVerify, fastAggregateVerify, verifyBatch, verifyPartial, combineVerified', () => {
    fc.assert(
      fc.property(badSignatureArb, (bad) => {
        sameBoolean('verify', (api) => api.verify(pkA, M, bad));
        sameBoolean('aggregateVerify', (api) => api.aggregateVerify([pkA, pkB], [M, M2], bad));
        sameBoolean('fastAggregateVerify', (api) => api.fastAggregateVerify([pkA, pkB], M, bad));
        sameBoolean('verifyBatch', (api) =>
          api.verifyBatch([{ publicKey: pkA, message: M, signature: bad }, { publicKey: pkB, message: M, signature: sigB }], {
            randomBytes: seededRandomBytes('batch'),
          })
        );
        sameBoolean('verifyPartial', (api) => api.verifyPartial(SMALL.publicKeyShares[0]?.publicKey as Uint8Array, M, { id: 1, signature: bad }));
        same('combineVerified (bad partial first)', (api) =>
          api.combineVerified({
            message: M,
            partials: [{ id: 1, signature: bad }, ...SMALL.partials.slice(1, 4)],
            threshold: 3,
            groupPublicKey: SMALL.groupPublicKey,
            publicKeyShares: SMALL.publicKeyShares,
          })
        );
      }),
      { seed: 0xd1f8, numRuns: 12, endOnFailure: true }
    );
  });
});

/** One call with structurally bad arguments, labelled for the failure message. */
interface BadCall {
  label: string;
  call: (api: DvtBls) => unknown;
}

const shareList = SMALL.shares;
const partialList = SMALL.partials;

/** A list of `{ id, ... }` items with one fault injected: a bad id, a duplicate id, a non-object, or nothing. */
function faultyListArb<T extends { id: number }>(items: readonly T[]): fc.Arbitrary<{ label: string; list: unknown }> {
  return fc.oneof(
    fc.constant({ label: 'empty list', list: [] as unknown }),
    notBytesArb.filter((v) => !Array.isArray(v)).map((v) => ({ label: `not an array (${String(v)})`, list: v })),
    fc.tuple(fc.integer({ min: 1, max: items.length }), badIdArb, fc.nat()).map(([n, id, at]) => {
      const list: unknown[] = items.slice(0, n).map((x) => ({ ...x }));
      (list[at % n] as { id: unknown }).id = id;
      return { label: `bad id ${String(id)}`, list };
    }),
    fc.tuple(fc.integer({ min: 2, max: items.length }), fc.nat(), fc.nat()).map(([n, a, b]) => {
      const list = items.slice(0, n).map((x) => ({ ...x }));
      (list[b % n] as { id: number }).id = (list[a % n] as T).id;
      return { label: 'duplicate ids (or none when a = b)', list: list as unknown };
    }),
    fc.tuple(fc.integer({ min: 1, max: items.length }), notBytesArb, fc.nat()).map(([n, junk, at]) => {
      const list: unknown[] = items.slice(0, n);
      list.splice(at % n, 1, junk);
      return { label: `an element ${String(junk)}`, list };
    }),
    fc.tuple(fc.integer({ min: 1, max: items.length }), notBytesArb, fc.nat(), fc.constantFrom('secretKey', 'publicKey', 'signature')).map(
      ([n, junk, at, field]) => {
        const list: unknown[] = items.slice(0, n).map((x) => ({ ...x }));
        (list[at % n] as Record<string, unknown>)[field] = junk;
        return { label: `${field} = ${String(junk)}`, list };
      }
    )
  );
}

const badCallArb: fc.Arbitrary<BadCall> = fc.oneof(
  // splitSecret: ids and thresholds
  fc
    .tuple(
      fc.oneof(
        idsArb(3).map((ids) => ({ label: 'ids ok', ids: ids as unknown })),
        faultyListArb([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]).map(({ label, list }) => ({
          label,
          ids: Array.isArray(list) ? list.map((x) => (x !== null && typeof x === 'object' && 'id' in x ? x.id : x)) : list,
        }))
      ),
      fc.oneof(fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<unknown>, badThresholdArb(3))
    )
    .map(([{ label, ids }, threshold]) => ({
      label: `splitSecret(${label}, threshold ${String(threshold)})`,
      call: (api: DvtBls) => api.splitSecret(skA, loose({ ids, threshold, randomBytes: seededRandomBytes('split') })),
    })),
  fc.constantFrom<unknown>(undefined, null, [], 'x', 3).map((options) => ({
    label: `splitSecret(options = ${String(options)})`,
    call: (api: DvtBls) => api.splitSecret(skA, loose(options)),
  })),
  // recoverSecret, combineSignatures, combinePublicKeys with faulty lists
  faultyListArb(shareList).map(({ label, list }) => ({ label: `recoverSecret(${label})`, call: (api: DvtBls) => api.recoverSecret(loose(list)) })),
  faultyListArb(partialList).map(({ label, list }) => ({
    label: `combineSignatures(${label})`,
    call: (api: DvtBls) => api.combineSignatures(loose(list)),
  })),
  faultyListArb(LARGE.publicKeyShares).map(({ label, list }) => ({
    label: `combinePublicKeys(${label})`,
    call: (api: DvtBls) => api.combinePublicKeys(loose(list)),
  })),
  // getPublicKeyShare: bad ids, bad commitments lists
  badIdArb.map((id) => ({
    label: `getPublicKeyShare(id ${String(id)})`,
    call: (api: DvtBls) => api.getPublicKeyShare(SMALL.commitments, loose(id)),
  })),
  fc.constantFrom<unknown>([], undefined, null, 'x', [INFINITY_G1], [pkA, 'x'], [pkA.subarray(1)]).map((commitments) => ({
    label: `getPublicKeyShare(commitments ${String(commitments)})`,
    call: (api: DvtBls) => api.getPublicKeyShare(loose(commitments), 1),
  })),
  // partialSign, verifyPartial, verifyShare with bad ids or shapes
  badIdArb.map((id) => ({
    label: `partialSign(id ${String(id)})`,
    call: (api: DvtBls) => api.partialSign(loose({ id, secretKey: SMALL.shares[0]?.secretKey }), M),
  })),
  badIdArb.map((id) => ({
    label: `verifyPartial(id ${String(id)})`,
    call: (api: DvtBls) => api.verifyPartial(SMALL.publicKeyShares[0]?.publicKey as Uint8Array, M, loose({ id, signature: SMALL.partials[0]?.signature })),
  })),
  badIdArb.map((id) => ({
    label: `verifyShare(id ${String(id)})`,
    call: (api: DvtBls) => api.verifyShare(loose({ id, secretKey: SMALL.shares[0]?.secretKey }), SMALL.commitments),
  })),
  fc.constantFrom<unknown>(undefined, null, 'x', [], {}).map((share) => ({
    label: `verifyShare/partialSign(share ${String(share)})`,
    call: (api: DvtBls) => [api.verifyShare(loose(share), SMALL.commitments), api.partialSign(loose(share), M)],
  })),
  // messages of the wrong type
  notBytesArb.map((message) => ({
    label: `sign/verify/... (message ${String(message)})`,
    call: (api: DvtBls) => [
      api.verify(pkA, loose(message), sigA),
      api.fastAggregateVerify([pkA], loose(message), sigA),
      api.aggregateVerify([pkA], [loose(message)], sigA),
      api.verifyPartial(pkA, loose(message), { id: 1, signature: sigA }),
      api.verifyBatch([{ publicKey: pkA, message: loose(message), signature: sigA }]),
      outcomeOf(api, (a) => a.sign(skA, loose(message))).outcome,
      outcomeOf(api, (a) => a.partialSign(SMALL.shares[0] as SecretKeyShare, loose(message))).outcome,
    ],
  })),
  // keys and signatures of the wrong type
  notBytesArb.map((junk) => ({
    label: `non-bytes key or signature (${String(junk)})`,
    call: (api: DvtBls) => [
      api.isValidPublicKey(loose(junk)),
      api.isValidSignature(loose(junk)),
      api.verify(loose(junk), M, sigA),
      api.verify(pkA, M, loose(junk)),
      outcomeOf(api, (a) => a.getPublicKey(loose(junk))).outcome,
      outcomeOf(api, (a) => a.sign(loose(junk), M)).outcome,
      outcomeOf(api, (a) => a.aggregateSignatures([loose(junk)])).outcome,
      outcomeOf(api, (a) => a.aggregatePublicKeys([loose(junk)])).outcome,
      outcomeOf(api, (a) => a.recoverSecret([{ id: 1, secretKey: loose(junk) }])).outcome,
    ],
  })),
  // empty and non-array lists for the list functions
  fc.constantFrom<unknown>([], undefined, null, 'x', {}, new Uint8Array(48)).map((list) => ({
    label: `empty or non-array list (${String(list)})`,
    call: (api: DvtBls) => [
      outcomeOf(api, (a) => a.aggregateSignatures(loose(list))).outcome,
      outcomeOf(api, (a) => a.aggregatePublicKeys(loose(list))).outcome,
      outcomeOf(api, (a) => a.combineSignatures(loose(list))).outcome,
      outcomeOf(api, (a) => a.combinePublicKeys(loose(list))).outcome,
      outcomeOf(api, (a) => a.recoverSecret(loose(list))).outcome,
      api.aggregateVerify(loose(list), loose(list), sigA),
      api.aggregateVerify([pkA], loose(list), sigA),
      api.fastAggregateVerify(loose(list), M, sigA),
      api.verifyBatch(loose(list), { randomBytes: seededRandomBytes(1) }),
      api.verifyBatch([loose(list)], { randomBytes: seededRandomBytes(1) }),
      api.verifyShare(SMALL.shares[0] as SecretKeyShare, loose(list)),
    ],
  })),
  // mismatched list lengths
  fc.integer({ min: 0, max: 3 }).map((n) => ({
    label: `aggregateVerify with ${n} messages for 2 keys`,
    call: (api: DvtBls) => api.aggregateVerify([pkA, pkB], Array.from({ length: n }, () => M), sigA),
  })),
  // randomness sources of the wrong shape (generateSecretKey, splitSecret)
  fc
    .constantFrom<unknown>('x', 5, null, () => new Uint8Array(3), () => 'bytes', () => new Uint8Array(100))
    .map((randomBytes) => ({
      label: `randomBytes = ${String(randomBytes)}`,
      call: (api: DvtBls) => [
        outcomeOf(api, (a) => a.generateSecretKey(loose({ randomBytes }))).outcome,
        outcomeOf(api, (a) => a.splitSecret(skA, loose({ threshold: 2, ids: [1, 2], randomBytes }))).outcome,
      ],
    })),
  // combineVerified: shape and threshold errors
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<unknown>, badThresholdArb(5)),
      fc.oneof(
        fc.constant({ label: 'partials ok', list: SMALL.partials.slice(0, 3) as unknown }),
        faultyListArb(SMALL.partials),
        fc.integer({ min: 0, max: 2 }).map((n) => ({ label: `${n} partials`, list: SMALL.partials.slice(0, n) as unknown })),
        fc.constant({ label: 'an unknown id', list: [...SMALL.partials.slice(0, 3), { id: 77, signature: sigA }] as unknown })
      ),
      fc.oneof(
        fc.constant({ label: 'shares ok', list: SMALL.publicKeyShares as unknown }),
        faultyListArb(SMALL.publicKeyShares)
      ),
      fc.constantFrom<unknown>(SMALL.groupPublicKey, INFINITY_G1, pkA.subarray(1), undefined, 'x')
    )
    .map(([threshold, partials, shares, groupPublicKey]) => ({
      label: `combineVerified(threshold ${String(threshold)}, ${partials.label}, ${shares.label}, group key ${String(groupPublicKey).slice(0, 12)})`,
      call: (api: DvtBls) =>
        api.combineVerified(
          loose({ message: M, partials: partials.list, threshold, groupPublicKey, publicKeyShares: shares.list })
        ),
    })),
  fc.constantFrom<unknown>(undefined, null, [], 'x').map((input) => ({
    label: `combineVerified(input = ${String(input)})`,
    call: (api: DvtBls) => api.combineVerified(loose(input)),
  }))
);

describe('differential noble vs blst: structurally bad arguments give the same error code', () => {
  it('bad ids, duplicate ids, thresholds out of range, empty lists, wrong types', () => {
    fc.assert(
      fc.property(badCallArb, ({ label, call }) => {
        same(label, call);
      }),
      { seed: 0xd1f9, numRuns: 200 }
    );
  });
});

describe('differential noble vs blst: combineVerified with faulty signers', () => {
  type Fault = 'none' | 'malformed' | 'wrong message' | 'infinity' | 'foreign share';
  const faultArb = fc.constantFrom<Fault>('none', 'none', 'none', 'malformed', 'wrong message', 'infinity', 'foreign share');

  it('same signature, signers and invalid ids, or the same error code and culprits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SMALL, LARGE),
        fc.shuffledSubarray(range(5), { minLength: 1, maxLength: 5 }),
        fc.array(faultArb, { minLength: 5, maxLength: 5 }),
        fc.uint8Array({ minLength: 96, maxLength: 96 }),
        fc.constantFrom('all shares', 'foreign keys'),
        (fx, order, faults, junk, keys) => {
          const partials = order.map((i) => {
            const p = fx.partials[i] as PartialSignature;
            switch (faults[i]) {
              case 'malformed':
                return { id: p.id, signature: junk };
              case 'wrong message':
                return fx.wrongPartials[i] as PartialSignature;
              case 'infinity':
                return { id: p.id, signature: INFINITY_G2 };
              case 'foreign share':
                return { id: p.id, signature: (FOREIGN.partials[i] as PartialSignature).signature };
              default:
                return p;
            }
          });
          const publicKeyShares =
            keys === 'all shares'
              ? fx.publicKeyShares
              : fx.ids.map((id, i) => ({ id, publicKey: (FOREIGN.publicKeyShares[i] as PublicKeyShare).publicKey }));
          same(`combineVerified(${fx.name}, order ${order.join(',')}, faults ${faults.join(',')}, ${keys})`, (api) =>
            api.combineVerified({
              message: M,
              partials,
              threshold: fx.threshold,
              groupPublicKey: fx.groupPublicKey,
              publicKeyShares,
            })
          );
        }
      ),
      { seed: 0xd1fa, numRuns: 10, endOnFailure: true }
    );
  });
});

describe('differential noble vs blst: edge cases that once diverged, each on its own', () => {
  const negA = blst.getPublicKey(b32(R - scalarOf(skA)));
  const negSigA = blst.sign(b32(R - scalarOf(skA)), M);

  it('aggregatePublicKeys([P, -P]) is the point at infinity on both', () => {
    expect(same('aggregatePublicKeys([P, -P])', (api) => api.aggregatePublicKeys([pkA, negA])).outcome).toEqual({
      ok: `0x${hex(INFINITY_G1)}`,
    });
  });

  it('aggregateSignatures([S, -S]) is the point at infinity on both', () => {
    expect(same('aggregateSignatures([S, -S])', (api) => api.aggregateSignatures([sigA, negSigA])).outcome).toEqual({
      ok: `0x${hex(INFINITY_G2)}`,
    });
  });

  it('combineSignatures that interpolates to infinity: the same outcome on both', () => {
    // ids 1, 2 have weights 2, -1: 2·S - 2S = 0.
    const twoS = blst.sign(b32((2n * scalarOf(skA)) % R), M);
    same('combineSignatures([{1, S}, {2, 2S}])', (api) =>
      api.combineSignatures([
        { id: 1, signature: sigA },
        { id: 2, signature: twoS },
      ])
    );
  });

  it('combinePublicKeys that interpolates to infinity: the same outcome on both', () => {
    const twoP = blst.getPublicKey(b32((2n * scalarOf(skA)) % R));
    same('combinePublicKeys([{1, P}, {2, 2P}])', (api) =>
      api.combinePublicKeys([
        { id: 1, publicKey: pkA },
        { id: 2, publicKey: twoP },
      ])
    );
  });

  it('fastAggregateVerify([P, -P], m, infinity) is false on both (CoreVerify runs KeyValidate on the aggregate key)', () => {
    bothSay('fastAggregateVerify([P, -P], M, infinity)', false, (api) => api.fastAggregateVerify([pkA, negA], M, INFINITY_G2));
  });

  it('aggregateVerify([P, -P], [m, m], infinity) gives the same answer on both', () => {
    sameBoolean('aggregateVerify([P, -P], [M, M], infinity)', (api) => api.aggregateVerify([pkA, negA], [M, M], INFINITY_G2));
  });

  it('verifyBatch with a misbehaving injected randomBytes: the same outcome on both (documented: RANDOMNESS_FAILURE)', () => {
    const sets = [{ publicKey: pkA, message: M, signature: sigA }];
    for (const randomBytes of [() => new Uint8Array(3), () => loose<Uint8Array>('bytes')]) {
      const { outcome } = same(`verifyBatch(randomBytes = ${String(randomBytes)})`, (api) => api.verifyBatch(sets, { randomBytes }));
      expect(outcome).toMatchObject({ code: 'RANDOMNESS_FAILURE' });
    }
  });
});
