/**
 * Hygiene of every public function of DvtBls, on every backend:
 *
 * (a) inputs are never mutated (bytes, arrays, objects, own properties), on success and on refusal;
 * (b) no error message shows secret bytes, in any usual rendering (hex, decimal, base64, bigint);
 * (c) secret outputs print as `<redacted>` (JSON, String, template literals, util.inspect/format)
 *     while staying real, usable 32-byte Uint8Arrays;
 * (d) outputs are fresh: mutating one does not affect inputs, other outputs or later results.
 */
import { format, inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DvtBlsError,
  type DkgMessage,
  type DkgResult,
  type DvtBls,
  type PartialSignature,
  type PublicKeyShare,
  type SecretKeyShare,
  type SignatureSet,
} from '../src/index';
import { backends } from './helpers/backends';
import { hex, seededRandomBytes } from './helpers/rng';

type Fn = Exclude<keyof DvtBls, 'backend'>;
type Loose = { [K in Fn]: (...args: unknown[]) => ReturnType<DvtBls[K]> };
const loose = (api: DvtBls): Loose => api as unknown as Loose;

function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`fixture: no element ${i}`);
  return item;
}

const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const be32 = (n: bigint): Uint8Array => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
const int = (bytes: Uint8Array): bigint => BigInt(`0x${hex(bytes)}`);

const INFINITY_G2 = (() => {
  const b = new Uint8Array(96);
  b[0] = 0xc0;
  return b;
})();

// ---------------------------------------------------------------------------------------------
// (a) A deep snapshot: bytes by value, arrays and objects by structure, own non-index properties
// (so a library that tagged, froze or re-keyed an input would be caught), functions by identity.

type Snapshot =
  | { bytes: string; type: string; extra: string[] }
  | { array: Snapshot[]; extra: string[]; frozen: boolean }
  | { object: [string, Snapshot][]; proto: unknown; frozen: boolean }
  | { fn: unknown }
  | { primitive: string; value: string };

function extraKeys(value: object): string[] {
  return Reflect.ownKeys(value)
    .filter((k) => typeof k === 'symbol' || !/^\d+$/.test(k))
    .map(String)
    .sort();
}

function snapshot(value: unknown): Snapshot {
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { bytes: hex(bytes), type: value.constructor.name, extra: extraKeys(value) };
  }
  if (Array.isArray(value)) return { array: value.map(snapshot), extra: extraKeys(value), frozen: Object.isFrozen(value) };
  if (typeof value === 'function') return { fn: value };
  if (typeof value === 'object' && value !== null) {
    const entries = Reflect.ownKeys(value).map((k): [string, Snapshot] => [String(k), snapshot((value as Record<PropertyKey, unknown>)[k])]);
    return { object: entries, proto: Object.getPrototypeOf(value), frozen: Object.isFrozen(value) };
  }
  return { primitive: typeof value, value: Object.is(value, -0) ? '-0' : String(value) };
}

// ---------------------------------------------------------------------------------------------
// (b) Secret-looking inputs and every rendering of their bytes a message could leak.

/** 0xdeadbeef repeated: 32 bytes, above r, so refused as non-canonical. */
const DEADBEEF = Uint8Array.from({ length: 32 }, (_, i) => [0xde, 0xad, 0xbe, 0xef][i % 4] as number);
/** A canonical, recognizable secret: 0x11 0x22 ... 0xff 0x11 ... (first byte below r's 0x73). */
const CANONICAL = Uint8Array.from({ length: 32 }, (_, i) => (0x11 * ((i % 15) + 1)) & 0xff);
/** Another canonical pattern. */
const CANONICAL2 = Uint8Array.from({ length: 32 }, (_, i) => (0x13 + 29 * i) & 0xff);
const SHORT_31 = Uint8Array.from({ length: 31 }, (_, i) => (0x5a + 37 * i) & 0xff);
const LONG_33 = Uint8Array.from({ length: 33 }, (_, i) => (0x3c + 53 * i) & 0xff);

function renderings(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes);
  const out = [
    buf.toString('hex'),
    buf.toString('hex').toUpperCase(),
    Array.from(bytes).join(','),
    Array.from(bytes).join(', '),
    Array.from(bytes).join(' '),
    buf.toString('base64'),
    buf.toString('base64url'),
    buf.toString('base64').replace(/=+$/, ''),
  ];
  if (bytes.length > 0) {
    const n = int(bytes);
    out.push(n.toString(10), n.toString(16));
  }
  // Any 8-byte window, in hex and in decimal: a partial dump leaks too.
  for (let i = 0; i + 8 <= bytes.length; i++) {
    const w = bytes.subarray(i, i + 8);
    out.push(Buffer.from(w).toString('hex'), Array.from(w).join(','), Array.from(w).join(', '));
  }
  return out;
}

/** Every way an error is usually printed. */
function errorTexts(e: unknown): string[] {
  const err = e as Error;
  return [String(err.message), String(err), String(err.stack ?? ''), inspect(err), format('%s %o', err, err), JSON.stringify(err) ?? ''];
}

function expectNoLeak(e: unknown, secrets: readonly Uint8Array[], extra: readonly string[] = []): void {
  const texts = errorTexts(e);
  for (const secret of secrets) {
    for (const r of [...renderings(secret), ...extra]) {
      for (const t of texts) {
        if (t.includes(r)) expect.fail(`error text leaks the secret (${r.slice(0, 24)}...): ${t.slice(0, 300)}`);
      }
    }
  }
}

/** Runs `run`, which must throw a DvtBlsError; returns it. */
function refusal(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (!(e instanceof DvtBlsError)) {
      expect.fail(`expected a DvtBlsError, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
    }
    return e;
  }
  return expect.fail('expected a DvtBlsError, but it returned');
}

// ---------------------------------------------------------------------------------------------

interface Fixtures {
  sk: Uint8Array;
  pk: Uint8Array;
  sk2: Uint8Array;
  pk2: Uint8Array;
  msg: Uint8Array;
  msg2: Uint8Array;
  sig: Uint8Array;
  sig2: Uint8Array;
  ids: number[];
  shares: SecretKeyShare[];
  commitments: Uint8Array[];
  pkShares: PublicKeyShare[];
  partials: PartialSignature[];
}

function makeFixtures(api: DvtBls): Fixtures {
  const sk = api.generateSecretKey({ randomBytes: seededRandomBytes('hygiene sk') });
  const sk2 = api.generateSecretKey({ randomBytes: seededRandomBytes('hygiene sk2') });
  const msg = new TextEncoder().encode('hygiene');
  const msg2 = new TextEncoder().encode('hygiene 2');
  const ids = [1, 2, 3, 4];
  const { shares, commitments } = api.splitSecret(sk, { threshold: 3, ids, randomBytes: seededRandomBytes('hygiene split') });
  return {
    sk,
    pk: api.getPublicKey(sk),
    sk2,
    pk2: api.getPublicKey(sk2),
    msg,
    msg2,
    sig: api.sign(sk, msg),
    sig2: api.sign(sk2, msg2),
    ids,
    shares,
    commitments,
    pkShares: ids.map((id) => ({ id, publicKey: api.getPublicKeyShare(commitments, id) })),
    partials: shares.map((s) => api.partialSign(s, msg)),
  };
}

type Outcome = 'returns' | 'true' | 'false' | 'throws';

interface MutationCase {
  name: string;
  /** Fresh arguments, built from the fixtures. */
  args: (fx: Fixtures) => unknown[];
  call: (L: Loose, args: unknown[]) => unknown;
  outcome: Outcome;
}

describe.each(backends)('hygiene on $name', ({ api }) => {
  const L = loose(api);
  let fx: Fixtures;
  beforeAll(() => {
    fx = makeFixtures(api);
  });

  // -------------------------------------------------------------------------------------------
  describe('(a) inputs are never mutated', () => {
    const sets = (f: Fixtures): SignatureSet[] => [
      { publicKey: f.pk, message: f.msg, signature: f.sig },
      { publicKey: f.pk2, message: f.msg2, signature: f.sig2 },
    ];
    const cvInput = (f: Fixtures, partials: unknown[]): Record<string, unknown> => ({
      message: f.msg,
      partials,
      threshold: 3,
      groupPublicKey: at(f.commitments, 0),
      publicKeyShares: [...f.pkShares].reverse(),
    });
    const call =
      <K extends Fn>(fn: K) =>
      (l: Loose, args: unknown[]): unknown =>
        l[fn](...args);

    const cases: MutationCase[] = [
      { name: 'generateSecretKey(options)', args: () => [{ randomBytes: seededRandomBytes('a') }], call: call('generateSecretKey'), outcome: 'returns' },
      { name: 'getPublicKey(secretKey)', args: (f) => [f.sk], call: call('getPublicKey'), outcome: 'returns' },
      { name: 'getPublicKey(a share secret key, redacted)', args: (f) => [at(f.shares, 0).secretKey], call: call('getPublicKey'), outcome: 'returns' },
      { name: 'sign(secretKey, message)', args: (f) => [f.sk, f.msg], call: call('sign'), outcome: 'returns' },
      { name: 'sign with a bad message (refused)', args: (f) => [f.sk, [1, 2, 3]], call: call('sign'), outcome: 'throws' },
      { name: 'verify(publicKey, message, signature)', args: (f) => [f.pk, f.msg, f.sig], call: call('verify'), outcome: 'true' },
      { name: 'verify with a wrong signature', args: (f) => [f.pk, f.msg, f.sig2], call: call('verify'), outcome: 'false' },
      { name: 'aggregateSignatures(signatures)', args: (f) => [[f.sig, f.sig2]], call: call('aggregateSignatures'), outcome: 'returns' },
      { name: 'aggregateSignatures with a bad element (refused)', args: (f) => [[f.sig, f.sig2.slice(1)]], call: call('aggregateSignatures'), outcome: 'throws' },
      { name: 'aggregatePublicKeys(publicKeys)', args: (f) => [[f.pk, f.pk2]], call: call('aggregatePublicKeys'), outcome: 'returns' },
      {
        name: 'aggregatePublicKeys with the infinity key (refused)',
        args: (f) => [[f.pk, Uint8Array.from([0xc0, ...new Array<number>(47).fill(0)])]],
        call: call('aggregatePublicKeys'),
        outcome: 'throws',
      },
      {
        name: 'aggregateVerify(publicKeys, messages, signature)',
        args: (f) => [[f.pk, f.pk2], [f.msg, f.msg2], api.aggregateSignatures([f.sig, f.sig2])],
        call: call('aggregateVerify'),
        outcome: 'true',
      },
      {
        name: 'aggregateVerify with repeated messages',
        args: (f) => [[f.pk, f.pk2, f.pk], [f.msg, f.msg2, f.msg], api.aggregateSignatures([f.sig, f.sig2, f.sig])],
        call: call('aggregateVerify'),
        outcome: 'true',
      },
      {
        name: 'fastAggregateVerify(publicKeys, message, signature)',
        args: (f) => [[f.pk, f.pk2], f.msg, api.aggregateSignatures([f.sig, api.sign(f.sk2, f.msg)])],
        call: call('fastAggregateVerify'),
        outcome: 'true',
      },
      { name: 'verifyBatch(sets, options)', args: (f) => [sets(f), { randomBytes: seededRandomBytes('b') }], call: call('verifyBatch'), outcome: 'true' },
      {
        name: 'verifyBatch with one bad set',
        args: (f) => [[...sets(f), { publicKey: f.pk, message: f.msg2, signature: f.sig }], { randomBytes: seededRandomBytes('c') }],
        call: call('verifyBatch'),
        outcome: 'false',
      },
      { name: 'isValidPublicKey(bytes)', args: (f) => [f.pk], call: call('isValidPublicKey'), outcome: 'true' },
      { name: 'isValidSignature(bytes)', args: (f) => [f.sig], call: call('isValidSignature'), outcome: 'true' },
      {
        name: 'splitSecret(secretKey, options) with unsorted ids',
        args: (f) => [f.sk, { threshold: 3, ids: [7, 2, 9, 4, 1], randomBytes: seededRandomBytes('d') }],
        call: call('splitSecret'),
        outcome: 'returns',
      },
      {
        name: 'splitSecret with duplicate ids (refused)',
        args: (f) => [f.sk, { threshold: 2, ids: [3, 1, 3], randomBytes: seededRandomBytes('e') }],
        call: call('splitSecret'),
        outcome: 'throws',
      },
      {
        name: 'splitSecret with a bad threshold (refused)',
        args: (f) => [f.sk, { threshold: 5, ids: [3, 1, 2] }],
        call: call('splitSecret'),
        outcome: 'throws',
      },
      {
        name: 'recoverSecret(shares) in unsorted order',
        args: (f) => [[at(f.shares, 3), at(f.shares, 0), at(f.shares, 2)]],
        call: call('recoverSecret'),
        outcome: 'returns',
      },
      {
        name: 'recoverSecret with duplicate ids (refused)',
        args: (f) => [[at(f.shares, 3), at(f.shares, 0), { ...at(f.shares, 2), id: 4 }]],
        call: call('recoverSecret'),
        outcome: 'throws',
      },
      { name: 'verifyShare(share, commitments)', args: (f) => [at(f.shares, 2), f.commitments], call: call('verifyShare'), outcome: 'true' },
      {
        name: 'verifyShare with a wrong id',
        args: (f) => [{ ...at(f.shares, 2), id: 2 }, f.commitments],
        call: call('verifyShare'),
        outcome: 'false',
      },
      { name: 'getPublicKeyShare(commitments, id)', args: (f) => [f.commitments, 3], call: call('getPublicKeyShare'), outcome: 'returns' },
      { name: 'partialSign(share, message)', args: (f) => [at(f.shares, 1), f.msg], call: call('partialSign'), outcome: 'returns' },
      {
        name: 'verifyPartial(publicKeyShare, message, partial)',
        args: (f) => [at(f.pkShares, 1).publicKey, f.msg, at(f.partials, 1)],
        call: call('verifyPartial'),
        outcome: 'true',
      },
      {
        name: 'combineSignatures(partials) in unsorted order',
        args: (f) => [[at(f.partials, 3), at(f.partials, 0), at(f.partials, 2)]],
        call: call('combineSignatures'),
        outcome: 'returns',
      },
      {
        name: 'combinePublicKeys(publicKeyShares) in unsorted order',
        args: (f) => [[at(f.pkShares, 3), at(f.pkShares, 1), at(f.pkShares, 0)]],
        call: call('combinePublicKeys'),
        outcome: 'returns',
      },
      {
        name: 'combineVerified(input), happy path, unsorted partials',
        args: (f) => [cvInput(f, [at(f.partials, 3), at(f.partials, 0), at(f.partials, 2)])],
        call: call('combineVerified'),
        outcome: 'returns',
      },
      {
        name: 'combineVerified(input), slow path with a malformed and a wrong partial (refused)',
        args: (f) => [
          cvInput(f, [at(f.partials, 3), { id: 2, signature: f.sig2.slice(0, 95) }, { id: 1, signature: INFINITY_G2.slice() }, at(f.partials, 2)]),
        ],
        call: call('combineVerified'),
        outcome: 'throws', // 4 and 3 valid, 2 malformed, 1 wrong: too few valid for t = 3
      },
      {
        name: 'combineVerified(input), slow path that succeeds',
        args: (f) => [
          cvInput(f, [{ id: 2, signature: INFINITY_G2.slice() }, at(f.partials, 3), at(f.partials, 0), at(f.partials, 2)]),
        ],
        call: call('combineVerified'),
        outcome: 'returns',
      },
      {
        name: 'combineVerified(input) refused: too few partials',
        args: (f) => [cvInput(f, [at(f.partials, 3), at(f.partials, 0)])],
        call: call('combineVerified'),
        outcome: 'throws',
      },
      {
        name: 'createDkgParticipant(config), then its first round',
        args: () => [
          {
            protocol: 'pedersen',
            self: 2,
            participants: [{ id: 3 }, { id: 1 }, { id: 2 }],
            threshold: 2,
            session: new Uint8Array(32).fill(9),
            randomBytes: seededRandomBytes('hygiene dkg'),
          },
        ],
        // The config (participants list, session bytes) must survive construction and dealing.
        call: (L: Loose, a: unknown[]) => (L.createDkgParticipant(a[0]) as { deal(): unknown }).deal(),
        outcome: 'returns',
      },
    ];

    it('covers every public function', () => {
      const covered = new Set(cases.map((c) => c.name.split(/[ (]/)[0]));
      const fns = Object.keys(api).filter((k) => typeof (api as unknown as Record<string, unknown>)[k] === 'function');
      expect([...covered].sort()).toEqual(fns.sort());
    });

    it.each(cases)('$name', ({ args, call: run, outcome }) => {
      const input = args(fx);
      const before = snapshot(input);
      const identities = input.map((a) => a);
      let result: unknown;
      let threw: unknown;
      try {
        result = run(L, input);
      } catch (e) {
        threw = e;
      }
      // The path meant to be exercised was exercised.
      if (outcome === 'throws') expect(threw).toBeInstanceOf(DvtBlsError);
      else {
        expect(threw, threw instanceof Error ? threw.message : undefined).toBeUndefined();
        if (outcome === 'true') expect(result).toBe(true);
        if (outcome === 'false') expect(result).toBe(false);
      }
      expect(snapshot(input)).toEqual(before);
      input.forEach((a, i) => expect(a).toBe(identities[i]));
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('(b) no error message shows secret bytes', () => {
    const refusedSecrets: { name: string; value: unknown; bytes: Uint8Array }[] = [
      { name: '0xdeadbeef x 8 (non-canonical, above r)', value: DEADBEEF, bytes: DEADBEEF },
      { name: 'r itself', value: be32(R), bytes: be32(R) },
      { name: 'r + 0x1122334455 (non-canonical)', value: be32(R + 0x1122334455n), bytes: be32(R + 0x1122334455n) },
      { name: '2^256 - 1', value: new Uint8Array(32).fill(0xff), bytes: new Uint8Array(32).fill(0xff) },
      { name: 'a 31-byte key', value: SHORT_31, bytes: SHORT_31 },
      { name: 'a 33-byte key', value: LONG_33, bytes: LONG_33 },
      { name: 'a 31-byte Buffer', value: Buffer.from(SHORT_31), bytes: SHORT_31 },
      { name: 'a canonical key as an array of numbers', value: Array.from(CANONICAL), bytes: CANONICAL },
      { name: 'a canonical key as a hex string', value: hex(CANONICAL), bytes: CANONICAL },
      { name: 'a canonical key as a Uint8ClampedArray', value: new Uint8ClampedArray(CANONICAL), bytes: CANONICAL },
      { name: 'a canonical key as a DataView', value: new DataView(CANONICAL.slice().buffer), bytes: CANONICAL },
      { name: 'a canonical key as an ArrayBuffer', value: CANONICAL.slice().buffer, bytes: CANONICAL },
    ];

    const places: { name: string; run: (f: Fixtures, secret: unknown) => unknown }[] = [
      { name: 'sign(secretKey)', run: (f, s) => L.sign(s, f.msg) },
      { name: 'getPublicKey(secretKey)', run: (_, s) => L.getPublicKey(s) },
      { name: 'splitSecret(secretKey)', run: (_, s) => L.splitSecret(s, { threshold: 2, ids: [1, 2, 3] }) },
      { name: 'recoverSecret(shares[0].secretKey)', run: (f, s) => L.recoverSecret([{ id: 1, secretKey: s }, at(f.shares, 1)]) },
      { name: 'recoverSecret(shares[1].secretKey)', run: (f, s) => L.recoverSecret([at(f.shares, 0), { id: 2, secretKey: s }]) },
      { name: 'partialSign(share.secretKey)', run: (f, s) => L.partialSign({ id: 1, secretKey: s }, f.msg) },
    ];

    const table = places.flatMap((p) => refusedSecrets.map((s) => ({ name: `${p.name} given ${s.name}`, place: p, secret: s })));

    it.each(table)('$name', ({ place, secret }) => {
      const err = refusal(() => place.run(fx, secret.value));
      expect(err.code).toBe('INVALID_SECRET_KEY');
      expectNoLeak(err, [secret.bytes], typeof secret.value === 'string' ? [secret.value] : []);
    });

    it.each(refusedSecrets)('verifyShare with a share whose secretKey is $name returns false (nothing to print)', ({ value }) => {
      let result: unknown;
      expect(() => {
        result = L.verifyShare({ id: 1, secretKey: value }, fx.commitments);
      }).not.toThrow();
      expect(result).toBe(false);
    });

    // A valid secret next to another bad argument: the refusal must not show the secret either.
    const twice = be32((int(CANONICAL) * 2n) % R);
    const validSecretCases: { name: string; run: (f: Fixtures) => unknown; secrets: Uint8Array[] }[] = [
      { name: 'sign(valid secret, bad message)', run: () => L.sign(CANONICAL, 'message'), secrets: [CANONICAL] },
      { name: 'partialSign(share with valid secret, bad message)', run: () => L.partialSign({ id: 1, secretKey: CANONICAL }, null), secrets: [CANONICAL] },
      { name: 'partialSign(share with valid secret, id 0)', run: (f) => L.partialSign({ id: 0, secretKey: CANONICAL }, f.msg), secrets: [CANONICAL] },
      { name: 'splitSecret(valid secret, threshold 0)', run: () => L.splitSecret(CANONICAL, { threshold: 0, ids: [1, 2] }), secrets: [CANONICAL] },
      { name: 'splitSecret(valid secret, duplicate ids)', run: () => L.splitSecret(CANONICAL, { threshold: 2, ids: [1, 1] }), secrets: [CANONICAL] },
      {
        name: 'splitSecret(valid secret, misbehaving randomBytes)',
        run: () => L.splitSecret(CANONICAL, { threshold: 2, ids: [1, 2], randomBytes: () => CANONICAL.slice(0, 31) }),
        secrets: [CANONICAL],
      },
      {
        name: 'recoverSecret(valid secrets, duplicate ids)',
        run: () => L.recoverSecret([{ id: 1, secretKey: CANONICAL }, { id: 1, secretKey: CANONICAL2 }]),
        secrets: [CANONICAL, CANONICAL2],
      },
      {
        name: 'recoverSecret(valid secrets, a bad id)',
        run: () => L.recoverSecret([{ id: 1, secretKey: CANONICAL }, { id: '2', secretKey: CANONICAL2 }]),
        secrets: [CANONICAL, CANONICAL2],
      },
      {
        name: 'recoverSecret(shares interpolating to zero: (1, s), (2, 2s))',
        run: () => L.recoverSecret([{ id: 1, secretKey: CANONICAL }, { id: 2, secretKey: twice }]),
        secrets: [CANONICAL, twice],
      },
      {
        name: 'generateSecretKey(randomBytes returning secret-looking bytes of the wrong length)',
        run: () => L.generateSecretKey({ randomBytes: () => CANONICAL }),
        secrets: [CANONICAL],
      },
    ];

    it.each(validSecretCases)('$name', ({ run, secrets }) => {
      const err = refusal(() => run(fx));
      expectNoLeak(err, secrets);
    });

    it('a real secret key and real shares do not appear in refusals around them', () => {
      const err = refusal(() => L.recoverSecret([at(fx.shares, 0), { ...at(fx.shares, 1), id: 1 }]));
      expectNoLeak(err, [fx.sk, ...fx.shares.map((s) => s.secretKey)]);
      const err2 = refusal(() => L.splitSecret(fx.sk, { threshold: 9, ids: [1, 2] }));
      expectNoLeak(err2, [fx.sk]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('(c) secret outputs print as <redacted>', () => {
    const REDACTED = '<redacted>';

    /** The secret-key outputs of every function that returns one. */
    const secretOutputs = (f: Fixtures): { name: string; key: Uint8Array; expected?: Uint8Array }[] => {
      const split = api.splitSecret(f.sk, { threshold: 2, ids: [5, 6, 7], randomBytes: seededRandomBytes('c split') });
      return [
        { name: 'generateSecretKey()', key: api.generateSecretKey() },
        { name: 'generateSecretKey({ randomBytes })', key: api.generateSecretKey({ randomBytes: seededRandomBytes('hygiene sk') }), expected: f.sk },
        { name: 'recoverSecret(shares)', key: api.recoverSecret(f.shares.slice(1)), expected: f.sk },
        ...split.shares.map((s, i) => ({ name: `splitSecret(...).shares[${i}].secretKey`, key: s.secretKey })),
      ];
    };

    it('every rendering of a secret output is <redacted>, and the bytes stay usable', () => {
      for (const { name, key, expected } of secretOutputs(fx)) {
        const hexKey = Buffer.from(key).toString('hex');
        expect(JSON.stringify(key), name).toBe(`"${REDACTED}"`);
        expect(JSON.stringify({ secretKey: key }), name).toBe(`{"secretKey":"${REDACTED}"}`);
        expect(String(key), name).toBe(REDACTED);
        expect(`${key}`, name).toBe(REDACTED);
        expect('' + key, name).toBe(REDACTED);
        expect(key.toString(), name).toBe(REDACTED);
        expect(key.toLocaleString(), name).toBe(REDACTED);
        expect([key].join(), name).toBe(REDACTED);
        expect(inspect(key), name).toBe(REDACTED);
        expect(inspect({ secretKey: key }), name).toBe(`{ secretKey: ${REDACTED} }`);
        expect(inspect(key, { showHidden: true, depth: null }), name).toBe(REDACTED);
        expect(format('%s', key), name).toBe(REDACTED);
        expect(format('%o', key), name).toBe(REDACTED);
        expect(format('%O', key), name).toBe(REDACTED);
        expect(format('%j', key), name).toBe(`"${REDACTED}"`);
        expect(format(key), name).toBe(REDACTED);
        // None of these renderings shows the bytes.
        for (const text of [JSON.stringify({ key }), inspect({ key }, { depth: null }), format('%o', { key })]) {
          for (const r of renderings(key)) expect(text.includes(r), `${name}: ${text}`).toBe(false);
        }
        // The bytes are a real, plain, 32-byte Uint8Array that works as a secret key.
        expect(key, name).toBeInstanceOf(Uint8Array);
        expect(Object.getPrototypeOf(key), name).toBe(Uint8Array.prototype);
        expect(Object.prototype.toString.call(key), name).toBe('[object Uint8Array]');
        expect(key.length, name).toBe(32);
        expect(key.byteLength, name).toBe(32);
        expect(hexKey, name).toMatch(/^[0-9a-f]{64}$/);
        expect(int(key) > 0n && int(key) < R, name).toBe(true);
        if (expected !== undefined) expect(hexKey, name).toBe(hex(expected));
        const pk = api.getPublicKey(key);
        expect(api.verify(pk, fx.msg, api.sign(key, fx.msg)), name).toBe(true);
        // A copy is plain bytes again (documented): the caller owns it.
        expect(JSON.stringify(Array.from(key.slice()))).toBe(JSON.stringify(Array.from(key)));
      }
    });

    it('JSON.stringify of splitSecret(...).shares redacts every secretKey and keeps ids', () => {
      const ids = [3, 1, 8];
      const { shares, commitments } = api.splitSecret(fx.sk, { threshold: 2, ids, randomBytes: seededRandomBytes('json') });
      const parsed = JSON.parse(JSON.stringify(shares)) as unknown;
      expect(parsed).toEqual(ids.map((id) => ({ id, secretKey: REDACTED })));
      const whole = JSON.stringify({ shares, commitments });
      expect(whole.split(REDACTED).length - 1).toBe(ids.length);
      for (const s of shares) for (const r of renderings(s.secretKey)) expect(whole.includes(r)).toBe(false);
      const inspected = inspect({ shares }, { depth: null });
      expect(inspected.split(REDACTED).length - 1).toBe(ids.length);
      for (const s of shares) for (const r of renderings(s.secretKey)) expect(inspected.includes(r)).toBe(false);
      expect(String(at(shares, 0).secretKey)).toBe(REDACTED);
      expect(`${at(shares, 2).secretKey}`).toBe(REDACTED);
      // Still usable: t shares recover the secret.
      expect(hex(api.recoverSecret(shares.slice(0, 2)))).toBe(hex(fx.sk));
    });

    it('JSON.stringify of recoverSecret and generateSecretKey results in objects', () => {
      const recovered = api.recoverSecret(fx.shares.slice(0, 3));
      expect(JSON.stringify({ recovered, fresh: api.generateSecretKey() })).toBe(`{"recovered":"${REDACTED}","fresh":"${REDACTED}"}`);
    });

    it('public outputs are not redacted (only secrets are marked)', () => {
      expect(String(fx.pk)).not.toBe(REDACTED);
      expect(JSON.stringify(fx.sig)).not.toContain(REDACTED);
      expect(JSON.stringify(fx.commitments)).not.toContain(REDACTED);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('(d) outputs are fresh', () => {
    /** Two outputs must not share memory. */
    function expectIndependent(a: Uint8Array, b: Uint8Array, name: string): void {
      expect(a, name).not.toBe(b);
      expect(a.buffer === b.buffer && a.byteLength > 0, `${name}: outputs share an ArrayBuffer`).toBe(false);
    }

    /** Zeroes `out` and checks `again()` still gives `original` bytes. */
    function mutateAndRecheck(out: Uint8Array, original: string, again: () => Uint8Array, name: string): void {
      out.fill(0);
      const next = again();
      expect(hex(next), name).toBe(original);
      expectIndependent(out, next, name);
    }

    it('getPublicKey twice gives independent arrays; mutating one changes nothing later', () => {
      const a = api.getPublicKey(fx.sk);
      const b = api.getPublicKey(fx.sk);
      const original = hex(a);
      expectIndependent(a, b, 'getPublicKey');
      a.fill(0xff);
      expect(hex(b)).toBe(original);
      mutateAndRecheck(b, original, () => api.getPublicKey(fx.sk), 'getPublicKey');
      expect(api.verify(api.getPublicKey(fx.sk), fx.msg, fx.sig)).toBe(true);
    });

    it('sign twice gives independent arrays', () => {
      const a = api.sign(fx.sk, fx.msg);
      const b = api.sign(fx.sk, fx.msg);
      expectIndependent(a, b, 'sign');
      mutateAndRecheck(a, hex(b), () => api.sign(fx.sk, fx.msg), 'sign');
    });

    it('generateSecretKey with the same seed twice gives independent arrays', () => {
      const a = api.generateSecretKey({ randomBytes: seededRandomBytes('fresh') });
      const b = api.generateSecretKey({ randomBytes: seededRandomBytes('fresh') });
      expectIndependent(a, b, 'generateSecretKey');
      const original = hex(b);
      a.fill(1);
      expect(hex(b)).toBe(original);
    });

    it('splitSecret: commitments, shares and their keys are fresh', () => {
      const opts = (): { threshold: number; ids: number[]; randomBytes: ReturnType<typeof seededRandomBytes> } => ({
        threshold: 3,
        ids: [1, 2, 3, 4],
        randomBytes: seededRandomBytes('fresh split'),
      });
      const first = api.splitSecret(fx.sk, opts());
      const second = api.splitSecret(fx.sk, opts());
      const c0 = hex(at(first.commitments, 0));
      expect(c0).toBe(hex(fx.pk));
      first.commitments.forEach((c, i) => expectIndependent(c, at(second.commitments, i), `commitments[${i}]`));
      first.shares.forEach((s, i) => expectIndependent(s.secretKey, at(second.shares, i).secretKey, `shares[${i}]`));
      for (let i = 0; i < first.shares.length; i++) {
        for (let j = i + 1; j < first.shares.length; j++) {
          expectIndependent(at(first.shares, i).secretKey, at(first.shares, j).secretKey, `shares[${i}] vs shares[${j}]`);
        }
      }
      // Mutating the first result's commitments and shares affects nothing else.
      const secondCommitments = second.commitments.map(hex);
      const secondShares = second.shares.map((s) => hex(s.secretKey));
      for (const c of first.commitments) c.fill(0);
      for (const s of first.shares) s.secretKey.fill(0);
      first.commitments.push(new Uint8Array(48));
      first.shares.pop();
      expect(second.commitments.map(hex)).toEqual(secondCommitments);
      expect(second.shares.map((s) => hex(s.secretKey))).toEqual(secondShares);
      expect(hex(api.getPublicKey(fx.sk))).toBe(c0);
      expect(hex(api.splitSecret(fx.sk, opts()).commitments[0] ?? new Uint8Array())).toBe(c0);
      expect(hex(api.getPublicKeyShare(second.commitments, 2))).toBe(hex(api.getPublicKey(at(second.shares, 1).secretKey)));
    });

    it('getPublicKeyShare twice gives independent arrays', () => {
      const a = api.getPublicKeyShare(fx.commitments, 2);
      const b = api.getPublicKeyShare(fx.commitments, 2);
      expectIndependent(a, b, 'getPublicKeyShare');
      mutateAndRecheck(a, hex(b), () => api.getPublicKeyShare(fx.commitments, 2), 'getPublicKeyShare');
      expect(a).not.toBe(at(fx.commitments, 0));
    });

    it('a DKG participant keeps its own copies: spoiling messages after it returned or consumed them changes nothing', () => {
      const ids = [1, 2, 3, 4];
      /** Zeroes every byte array in a message and adds a field, in place. */
      const spoil = (value: unknown): void => {
        if (value instanceof Uint8Array) value.fill(0);
        else if (Array.isArray(value)) value.forEach(spoil);
        else if (typeof value === 'object' && value !== null) Object.values(value).forEach(spoil);
      };
      const run = (protocol: 'joint-feldman' | 'pedersen', meddle: boolean): string => {
        const participants = ids.map((self) =>
          api.createDkgParticipant({
            protocol,
            self,
            participants: ids.map((id) => ({ id })),
            threshold: 3,
            session: new Uint8Array(32).fill(9),
            randomBytes: seededRandomBytes(`hygiene dkg ${self}`),
          })
        );
        const results = new Map<number, DkgResult>();
        let inboxes = new Map<number, DkgMessage[]>(ids.map((id) => [id, []]));
        while (results.size < ids.length) {
          const sent: DkgMessage[] = [];
          for (const p of participants) {
            if (results.has(p.id)) continue;
            const { messages, result } = p.advance(inboxes.get(p.id) as DkgMessage[]);
            sent.push(...messages);
            if (result !== undefined) results.set(p.id, result);
          }
          // Others get copies; the returned objects and the consumed inboxes are then spoiled.
          const next = new Map(ids.map((id) => [id, structuredClone(sent.filter((m) => m.sender !== id && (!('recipient' in m) || m.recipient === id)))]));
          if (meddle) {
            for (const m of [...sent, ...[...inboxes.values()].flat()]) {
              spoil(m);
              (m as unknown as Record<string, unknown>).note = 'seen';
            }
          }
          inboxes = next;
        }
        return JSON.stringify(ids.map((id) => {
          const r = results.get(id) as DkgResult;
          return [hex(r.groupPublicKey), hex(r.transcriptHash), hex(r.share.secretKey), r.publicKeyShares.map((k) => hex(k.publicKey))];
        }));
      };
      for (const protocol of ['joint-feldman', 'pedersen'] as const) expect(run(protocol, true), protocol).toBe(run(protocol, false));
    });

    it('partialSign twice gives independent signatures', () => {
      const a = api.partialSign(at(fx.shares, 0), fx.msg);
      const b = api.partialSign(at(fx.shares, 0), fx.msg);
      expect(a).not.toBe(b);
      expectIndependent(a.signature, b.signature, 'partialSign');
      mutateAndRecheck(a.signature, hex(b.signature), () => api.partialSign(at(fx.shares, 0), fx.msg).signature, 'partialSign');
      expect(api.verifyPartial(at(fx.pkShares, 0).publicKey, fx.msg, b)).toBe(true);
    });

    it('aggregateSignatures / aggregatePublicKeys of one element return a new array, not the input', () => {
      const sig = fx.sig.slice();
      const agg = api.aggregateSignatures([sig]);
      expect(hex(agg)).toBe(hex(sig));
      expectIndependent(agg, sig, 'aggregateSignatures');
      agg.fill(0);
      expect(hex(sig)).toBe(hex(fx.sig));
      const pk = fx.pk.slice();
      const aggPk = api.aggregatePublicKeys([pk]);
      expect(hex(aggPk)).toBe(hex(pk));
      expectIndependent(aggPk, pk, 'aggregatePublicKeys');
      aggPk.fill(0);
      expect(hex(pk)).toBe(hex(fx.pk));
      const two = api.aggregateSignatures([fx.sig, fx.sig2]);
      mutateAndRecheck(two, hex(api.aggregateSignatures([fx.sig, fx.sig2])), () => api.aggregateSignatures([fx.sig, fx.sig2]), 'aggregateSignatures');
    });

    it('combineSignatures / combinePublicKeys return new arrays, even for a single share', () => {
      const partial = at(fx.partials, 0);
      const single = api.combineSignatures([partial]);
      expectIndependent(single, partial.signature, 'combineSignatures of one');
      const combined = api.combineSignatures(fx.partials.slice(0, 3));
      expect(hex(combined)).toBe(hex(fx.sig));
      mutateAndRecheck(combined, hex(fx.sig), () => api.combineSignatures(fx.partials.slice(0, 3)), 'combineSignatures');
      const share = at(fx.pkShares, 0);
      const singlePk = api.combinePublicKeys([share]);
      expectIndependent(singlePk, share.publicKey, 'combinePublicKeys of one');
      const groupKey = api.combinePublicKeys(fx.pkShares.slice(0, 3));
      expect(hex(groupKey)).toBe(hex(fx.pk));
      expectIndependent(groupKey, at(fx.commitments, 0), 'combinePublicKeys vs commitments[0]');
      mutateAndRecheck(groupKey, hex(fx.pk), () => api.combinePublicKeys(fx.pkShares.slice(0, 3)), 'combinePublicKeys');
    });

    it('combineVerified: the signature, signers and invalid are fresh on every call', () => {
      const input = {
        message: fx.msg,
        partials: [{ id: 2, signature: new Uint8Array(95) }, ...fx.partials.slice(0, 1), ...fx.partials.slice(2)],
        threshold: 3,
        groupPublicKey: at(fx.commitments, 0),
        publicKeyShares: fx.pkShares,
      };
      const a = api.combineVerified(input);
      const b = api.combineVerified(input);
      expect(hex(a.signature)).toBe(hex(fx.sig));
      expect(a.signers).toEqual([1, 3, 4]);
      expect(a.invalid).toEqual([2]);
      expectIndependent(a.signature, b.signature, 'combineVerified.signature');
      expect(a.signers).not.toBe(b.signers);
      expect(a.invalid).not.toBe(b.invalid);
      for (const p of fx.partials) expectIndependent(a.signature, p.signature, 'combineVerified.signature vs a partial');
      a.signature.fill(0);
      a.signers.push(99);
      a.invalid.length = 0;
      const c = api.combineVerified(input);
      expect(hex(c.signature)).toBe(hex(fx.sig));
      expect(c.signers).toEqual([1, 3, 4]);
      expect(c.invalid).toEqual([2]);
      expect(hex(b.signature)).toBe(hex(fx.sig));
    });

    it('recoverSecret twice gives independent keys, independent of the shares', () => {
      const a = api.recoverSecret(fx.shares.slice(0, 3));
      const b = api.recoverSecret(fx.shares.slice(0, 3));
      expectIndependent(a, b, 'recoverSecret');
      for (const s of fx.shares) expectIndependent(a, s.secretKey, 'recoverSecret vs a share');
      expectIndependent(a, fx.sk, 'recoverSecret vs the original key');
      a.fill(0);
      expect(hex(b)).toBe(hex(fx.sk));
      expect(hex(api.recoverSecret(fx.shares.slice(0, 3)))).toBe(hex(fx.sk));
    });
  });

  // Runs last: nothing above changed the shared fixtures.
  it('the shared fixtures are unchanged after all of the above', () => {
    expect(snapshot({ ...fx })).toEqual(snapshot({ ...makeFixtures(api) }));
  });
});
