/**
 * `npm run vectors`: regenerates the published threshold vectors under `test/vectors/threshold/`
 * from fixed seeds. The format is documented in docs/vectors.md; `test/threshold-vectors.test.ts`
 * regenerates them in memory (on both backends) and fails if a byte differs from the committed
 * files, then checks every vector on both backends and against herumi's bls-eth-wasm.
 *
 * Nothing here is random: every secret, polynomial and message comes from SHA-256 in counter mode
 * over a fixed label (`dvt-bls threshold vectors v1/<label>`), fed to the API as its
 * `randomBytes`. Every expected value is both declared here (from the documented behaviour) and
 * computed by the library while generating; a disagreement stops the generator.
 *
 *   npm run vectors            write the files
 *   npm run vectors -- --check exit 1 if the committed files differ from a fresh generation
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CIPHERSUITE, DvtBlsError, type DvtBls, type ErrorCode, type PartialSignature, type RandomBytes } from '../src/index';
import * as noble from '../src/noble';
import { offCurveG1, offCurveG2, outsideSubgroupG2 } from '../src/testing/index';
import { counterModeBytes } from '../src/testing/internal';

/** Where the vectors live, relative to the repository root. */
export const VECTOR_DIR = 'test/vectors/threshold';
/** Bump when the format (not the values) changes, and say how in docs/vectors.md. */
export const FORMAT_VERSION = 1;
const SEED_PREFIX = `dvt-bls threshold vectors v${FORMAT_VERSION}/`;

/** The group order r, written out (the generator does its own coefficient algebra). */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

// -------------------------------------------------------------------------------------------------
// Deterministic inputs.

/** SHA-256 in counter mode over `SEED_PREFIX + label`: the `randomBytes` of every generation step. */
export function seededStream(label: string): RandomBytes {
  return counterModeBytes(new TextEncoder().encode(SEED_PREFIX + label));
}

const hex = (bytes: Uint8Array): string => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
const scalarOf = (bytes: Uint8Array): bigint => BigInt(hex(bytes));
function scalarBytes(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

/** JSON as written to the files. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** What {@link encode} takes: bytes, JSON primitives, and arrays and plain objects of them. */
type Encodable = unknown;

/** Vector values as JSON: bytes become 0x-hex strings, key order is insertion order. */
function encode(value: Encodable): Json {
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map((v) => encode(v));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = encode(v);
    return out;
  }
  if (['string', 'number', 'boolean'].includes(typeof value) || value === null) return value as Json;
  throw new Error(`generate-vectors: cannot encode ${typeof value}`);
}

function file(kind: string, description: string, cases: Encodable[]): string {
  const document = encode({
    format: 'dvt-bls/threshold-vectors',
    version: FORMAT_VERSION,
    kind,
    ciphersuite: CIPHERSUITE,
    description,
    generator: 'scripts/generate-vectors.ts (npm run vectors)',
    cases,
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`generate-vectors: ${what}`);
}

// -------------------------------------------------------------------------------------------------
// Coefficients from shares: the polynomial in coefficient form, by Lagrange over Fr (independent
// of the library, which never exposes its coefficients).

const mod = (a: bigint): bigint => ((a % R) + R) % R;
function inv(a: bigint): bigint {
  let [result, base, e] = [1n, mod(a), R - 2n];
  while (e > 0n) {
    if (e & 1n) result = (result * base) % R;
    base = (base * base) % R;
    e >>= 1n;
  }
  return result;
}

function coefficientsFromPoints(points: readonly { x: bigint; y: bigint }[]): bigint[] {
  const t = points.length;
  const out = new Array<bigint>(t).fill(0n);
  points.forEach((pi, i) => {
    let basis = [1n]; // Π_{j≠i} (X - x_j), lowest degree first
    let denominator = 1n;
    points.forEach((pj, j) => {
      if (j === i) return;
      const next = new Array<bigint>(basis.length + 1).fill(0n);
      basis.forEach((c, k) => {
        next[k + 1] = mod((next[k + 1] as bigint) + c);
        next[k] = mod((next[k] as bigint) - c * pj.x);
      });
      basis = next;
      denominator = mod(denominator * (pi.x - pj.x));
    });
    const factor = mod(pi.y * inv(denominator));
    basis.forEach((c, k) => {
      out[k] = mod((out[k] as bigint) + c * factor);
    });
  });
  return out;
}

// -------------------------------------------------------------------------------------------------
// Splits.

interface SplitConfig {
  name: string;
  threshold: number;
  ids: number[];
  note: string;
}

export const SPLITS: readonly SplitConfig[] = [
  { name: '1-of-1', threshold: 1, ids: [1], note: 'one share: the share is the secret' },
  { name: '2-of-3', threshold: 2, ids: [1, 2, 3], note: 'contiguous ids from 1' },
  { name: '3-of-4', threshold: 3, ids: [1, 2, 3, 4], note: 'the common distributed validator cluster' },
  { name: '3-of-5-sparse', threshold: 3, ids: [3, 17, 42, 1000, 65535], note: 'non-contiguous ids' },
  { name: '4-of-7-unordered', threshold: 4, ids: [12, 5, 9, 1, 30, 2, 21], note: 'non-contiguous ids, not sorted' },
  { name: '7-of-10', threshold: 7, ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], note: 'larger cluster' },
  {
    name: '2-of-4-large-ids',
    threshold: 2,
    ids: [2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 40 + 7],
    note: 'ids at and beyond 2^31 (herumi: Id.setInt only up to 2^31 - 1, then a decimal string)',
  },
];

interface Split {
  config: SplitConfig;
  secretKey: Uint8Array;
  coefficients: Uint8Array[];
  shares: { id: number; secretKey: Uint8Array }[];
  commitments: Uint8Array[];
  publicKeyShares: { id: number; publicKey: Uint8Array }[];
}

function makeSplit(bls: DvtBls, config: SplitConfig): Split {
  const secretKey = bls.generateSecretKey({ randomBytes: seededStream(`splits/${config.name}/secret`) }).slice();
  const { shares, commitments } = bls.splitSecret(secretKey, {
    threshold: config.threshold,
    ids: config.ids,
    randomBytes: seededStream(`splits/${config.name}/polynomial`),
  });
  const coefficients = coefficientsFromPoints(
    shares.slice(0, config.threshold).map((s) => ({ x: BigInt(s.id), y: scalarOf(s.secretKey) }))
  ).map(scalarBytes);
  check(hex(coefficients[0] as Uint8Array) === hex(secretKey), `${config.name}: coefficient 0 is not the secret`);
  coefficients.forEach((c, k) =>
    check(hex(bls.getPublicKey(c)) === hex(commitments[k] as Uint8Array), `${config.name}: commitment ${k} is not a_${k}·G1`)
  );
  const publicKeyShares = shares.map((s) => {
    const publicKey = bls.getPublicKeyShare(commitments, s.id);
    check(hex(publicKey) === hex(bls.getPublicKey(s.secretKey)), `${config.name}: public key share ${s.id}`);
    return { id: s.id, publicKey };
  });
  return {
    config,
    secretKey,
    coefficients,
    shares: shares.map((s) => ({ id: s.id, secretKey: s.secretKey.slice() })),
    commitments,
    publicKeyShares,
  };
}

function splitCase(s: Split): Encodable {
  return {
    name: s.config.name,
    description: s.config.note,
    threshold: s.config.threshold,
    ids: s.config.ids,
    secretKey: s.secretKey,
    coefficients: s.coefficients,
    groupPublicKey: s.commitments[0] as Uint8Array,
    commitments: s.commitments,
    shares: s.shares,
    publicKeyShares: s.publicKeyShares,
  };
}

// -------------------------------------------------------------------------------------------------
// Partial signatures and recombinations.

/** Deterministic Fisher-Yates over `seededStream(label)`. */
function shuffled<T>(items: readonly T[], label: string): T[] {
  const rnd = seededStream(label);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const b = rnd(4);
    const j = new DataView(b.buffer).getUint32(0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function subsetsOf(config: SplitConfig): number[][] {
  const { ids, threshold: t } = config;
  const candidates = [
    ids.slice(0, t),
    ids.slice(ids.length - t),
    shuffled(ids, `signatures/${config.name}/subset`).slice(0, t),
    shuffled(ids, `signatures/${config.name}/all`),
    ...(t >= 2 ? [ids.slice(0, t - 1), shuffled(ids, `signatures/${config.name}/short`).slice(0, t - 1)] : []),
  ];
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = [...c].sort((a, b) => a - b).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function signatureCase(bls: DvtBls, split: Split, name: string, message: Uint8Array): Encodable {
  const { config } = split;
  const signature = bls.sign(split.secretKey, message);
  const partials = split.shares.map((s) => bls.partialSign(s, message));
  const byId = new Map(partials.map((p) => [p.id, p]));
  const combinations = subsetsOf(config).map((ids) => {
    const combined = bls.combineSignatures(ids.map((id) => byId.get(id) as PartialSignature));
    // The group signature is the only signature under the group key: equal bytes, or it does not
    // verify (the tests verify every combination with pairings on both backends and herumi).
    const verifies = hex(combined) === hex(signature);
    check(verifies === (ids.length >= config.threshold), `${name}: combination ${ids.join(',')}`);
    return { ids, signature: combined, verifies };
  });
  return {
    name,
    split: config.name,
    threshold: config.threshold,
    message,
    groupPublicKey: split.commitments[0] as Uint8Array,
    signature,
    partials,
    combinations,
  };
}

// -------------------------------------------------------------------------------------------------
// combineVerified with corrupted partials.

type CorruptionSpec =
  | { kind: 'other-message' }
  | { kind: 'infinity' }
  | { kind: 'other-share'; of: number }
  | { kind: 'malformed'; malformed: 'off-curve' | 'outside-subgroup' | 'wrong-length' | 'non-canonical'; bytes: Uint8Array };

interface CombineConfig {
  name: string;
  description: string;
  split: string;
  /** Partials in the order given, each an id and how it is corrupted, if it is. */
  order: { id: number; corrupt?: CorruptionSpec }[];
  /** Use another split's group public key (for INCONSISTENT_KEYS). */
  groupPublicKeyOf?: string;
}

const INFINITY_G2 = Uint8Array.from([0xc0, ...new Uint8Array(95)]);
const G2_OFF_CURVE = offCurveG2({ fromX: { c0: 1n, c1: 0n } });
const G2_OUTSIDE_SUBGROUP = outsideSubgroupG2({ fromX: { c0: 1n, c1: 0n } });
/** x.c0 = p (the field modulus), compression flag: a non-canonical encoding. */
const G2_NON_CANONICAL = Uint8Array.from([
  0x80,
  ...new Uint8Array(47),
  ...Buffer.from(
    '1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab',
    'hex'
  ),
]);

const malformed = (kind: 'off-curve' | 'outside-subgroup' | 'wrong-length' | 'non-canonical', bytes: Uint8Array): CorruptionSpec => ({
  kind: 'malformed',
  malformed: kind,
  bytes,
});

const COMBINES: readonly CombineConfig[] = [
  {
    name: 'all-honest',
    description: 'every member honest: the first t are combined',
    split: '3-of-5-sparse',
    order: [{ id: 3 }, { id: 17 }, { id: 42 }, { id: 1000 }, { id: 65535 }],
  },
  {
    name: 'exactly-t-shuffled',
    description: 'exactly t honest partials, not in id order',
    split: '3-of-5-sparse',
    order: [{ id: 1000 }, { id: 3 }, { id: 65535 }],
  },
  {
    name: 'malformed-skipped',
    description: 'a partial off the curve comes first: skipped without a pairing, named invalid',
    split: '3-of-5-sparse',
    order: [{ id: 17, corrupt: malformed('off-curve', G2_OFF_CURVE) }, { id: 3 }, { id: 42 }, { id: 1000 }],
  },
  {
    name: 'corrupted-beyond-t-unchecked',
    description: 'the first t are honest; a wrong partial after them is not checked, so not named',
    split: '3-of-5-sparse',
    order: [{ id: 3 }, { id: 17 }, { id: 42 }, { id: 1000, corrupt: { kind: 'other-message' } }],
  },
  {
    name: 'wrong-message-recovered',
    description: 'a signature on another message among the first t: every partial is checked, the culprit named',
    split: '3-of-5-sparse',
    order: [{ id: 3 }, { id: 17, corrupt: { kind: 'other-message' } }, { id: 42 }, { id: 1000 }, { id: 65535 }],
  },
  {
    name: 'infinity-and-other-share-recovered',
    description: 'the infinity signature and another member\u2019s partial under the wrong id',
    split: '3-of-5-sparse',
    order: [
      { id: 3, corrupt: { kind: 'infinity' } },
      { id: 17 },
      { id: 42, corrupt: { kind: 'other-share', of: 1000 } },
      { id: 1000 },
      { id: 65535 },
    ],
  },
  {
    name: 'malformed-and-wrong-recovered',
    description: 'one wrong and one truncated partial: both named',
    split: '3-of-5-sparse',
    order: [
      { id: 3, corrupt: { kind: 'other-message' } },
      { id: 17 },
      { id: 42, corrupt: malformed('wrong-length', G2_OFF_CURVE.slice(0, 95)) },
      { id: 1000 },
      { id: 65535 },
    ],
  },
  {
    name: 'too-few-valid',
    description: 'three of four corrupted with t = 3: refused, all three named',
    split: '3-of-5-sparse',
    order: [
      { id: 3, corrupt: { kind: 'other-message' } },
      { id: 17, corrupt: malformed('non-canonical', G2_NON_CANONICAL) },
      { id: 42 },
      { id: 1000, corrupt: { kind: 'infinity' } },
    ],
  },
  {
    name: 'two-corrupted-of-ten',
    description: '7-of-10 with two wrong partials among the first seven',
    split: '7-of-10',
    order: [
      { id: 1 },
      { id: 2, corrupt: malformed('outside-subgroup', G2_OUTSIDE_SUBGROUP) },
      { id: 3 },
      { id: 4, corrupt: { kind: 'other-share', of: 5 } },
      { id: 5 },
      { id: 6 },
      { id: 7 },
      { id: 8 },
      { id: 9 },
      { id: 10 },
    ],
  },
  {
    name: 'large-ids-recovered',
    description: 'ids beyond 2^31: a wrong partial first, the other two combined',
    split: '2-of-4-large-ids',
    order: [{ id: 2 ** 40 + 7, corrupt: { kind: 'other-message' } }, { id: 2 ** 31 }, { id: 2 ** 32 - 1 }],
  },
  {
    name: 'one-of-one-refused',
    description: 'the only member is corrupted',
    split: '1-of-1',
    order: [{ id: 1, corrupt: { kind: 'other-message' } }],
  },
  {
    name: 'inconsistent-keys',
    description: 'every partial valid under its public key share, but the group key is another validator\u2019s',
    split: '3-of-4',
    order: [{ id: 1 }, { id: 2 }, { id: 3 }],
    groupPublicKeyOf: '2-of-3',
  },
];

function combineCase(bls: DvtBls, splits: Map<string, Split>, config: CombineConfig): Encodable {
  const split = splits.get(config.split) as Split;
  const t = split.config.threshold;
  const message = seededStream(`combine-verified/${config.name}/message`)(32);
  const otherMessage = seededStream(`combine-verified/${config.name}/other-message`)(32);
  const shareOf = (id: number) => split.shares.find((s) => s.id === id) as { id: number; secretKey: Uint8Array };
  const groupPublicKey = (splits.get(config.groupPublicKeyOf ?? config.split) as Split).commitments[0] as Uint8Array;

  const corrupted: { id: number; kind: string; malformed?: string; of?: number }[] = [];
  const partials = config.order.map(({ id, corrupt }): PartialSignature => {
    if (corrupt === undefined) return bls.partialSign(shareOf(id), message);
    corrupted.push({
      id,
      kind: corrupt.kind,
      ...(corrupt.kind === 'malformed' ? { malformed: corrupt.malformed } : {}),
      ...(corrupt.kind === 'other-share' ? { of: corrupt.of } : {}),
    });
    switch (corrupt.kind) {
      case 'other-message':
        return bls.partialSign(shareOf(id), otherMessage);
      case 'infinity':
        return { id, signature: INFINITY_G2 };
      case 'other-share':
        return { id, signature: bls.partialSign(shareOf(corrupt.of), message).signature };
      case 'malformed':
        check(!bls.isValidSignature(corrupt.bytes), `${config.name}: the malformed bytes of ${id} decode`);
        return { id, signature: corrupt.bytes };
    }
  });

  // The documented behaviour (see CombineVerifiedResult and combineVerified in src/api).
  const ascending = (ids: number[]): number[] => [...ids].sort((a, b) => a - b);
  const bad = new Set(corrupted.map((c) => c.id));
  const malformedIds = corrupted.filter((c) => c.kind === 'malformed').map((c) => c.id);
  const firstT = config.order.filter((o) => o.corrupt?.kind !== 'malformed').slice(0, t);
  const honest = config.order.filter((o) => !bad.has(o.id));
  let expected: Encodable;
  let expectedCode: ErrorCode | undefined;
  if (config.groupPublicKeyOf !== undefined) {
    expectedCode = 'INCONSISTENT_KEYS';
    expected = { error: { code: expectedCode, culprits: [] } };
  } else if (firstT.length === t && firstT.every((o) => !bad.has(o.id))) {
    expected = {
      outcome: 'happy',
      signature: bls.sign(split.secretKey, message),
      signers: ascending(firstT.map((o) => o.id)),
      invalid: ascending(malformedIds),
    };
  } else if (honest.length >= t) {
    expected = {
      outcome: 'recovered',
      signature: bls.sign(split.secretKey, message),
      signers: ascending(honest.slice(0, t).map((o) => o.id)),
      invalid: ascending([...bad]),
    };
  } else {
    expectedCode = 'TOO_FEW_VALID_PARTIALS';
    expected = { error: { code: expectedCode, culprits: ascending([...bad]) } };
  }

  const input = { message, partials, threshold: t, groupPublicKey, publicKeyShares: split.publicKeyShares };
  // What the library does must be what is declared.
  let actual: Encodable;
  try {
    const result = bls.combineVerified(input);
    actual = { outcome: (expected as { outcome?: string }).outcome ?? 'unexpected', ...result };
  } catch (e) {
    if (!(e instanceof DvtBlsError)) throw e;
    actual = { error: { code: e.code, culprits: [...e.culprits] } };
  }
  check(JSON.stringify(encode(actual)) === JSON.stringify(encode(expected)), `${config.name}: combineVerified disagrees with the declared outcome`);

  return {
    name: config.name,
    description: config.description,
    split: split.config.name,
    message,
    threshold: t,
    groupPublicKey,
    publicKeyShares: split.publicKeyShares,
    partials,
    corrupted: ascending(corrupted.map((c) => c.id)).map((id) => corrupted.find((c) => c.id === id) ),
    expected,
  };
}

// -------------------------------------------------------------------------------------------------
// Refusals.

/** The public functions refusals cover, with their parameters in call order. */
export const REFUSAL_PARAMETERS = {
  getPublicKey: ['secretKey'],
  splitSecret: ['secretKey', 'options'],
  recoverSecret: ['shares'],
  getPublicKeyShare: ['commitments', 'id'],
  partialSign: ['share', 'message'],
  combineSignatures: ['partials'],
  combinePublicKeys: ['publicKeyShares'],
  combineVerified: ['input'],
} as const;

type RefusalFunction = keyof typeof REFUSAL_PARAMETERS;

interface RefusalConfig {
  name: string;
  function: RefusalFunction;
  args: (f: RefusalFixtures) => Record<string, Encodable>;
  code: ErrorCode;
  /** The argument the error message names. */
  argument: string;
}

interface RefusalFixtures {
  secretKey: Uint8Array;
  shares: { id: number; secretKey: Uint8Array }[];
  commitments: Uint8Array[];
  publicKeyShares: { id: number; publicKey: Uint8Array }[];
  partials: PartialSignature[];
  message: Uint8Array;
  groupPublicKey: Uint8Array;
}

const ZERO_KEY = new Uint8Array(32);
const R_KEY = scalarBytes(R);
const INFINITY_G1 = Uint8Array.from([0xc0, ...new Uint8Array(47)]);
const G1_OFF_CURVE = offCurveG1({ fromX: 1n });

const REFUSALS: readonly RefusalConfig[] = [
  { name: 'zero secret key', function: 'getPublicKey', args: () => ({ secretKey: ZERO_KEY }), code: 'INVALID_SECRET_KEY', argument: 'secretKey' },
  { name: 'secret key equal to r', function: 'getPublicKey', args: () => ({ secretKey: R_KEY }), code: 'INVALID_SECRET_KEY', argument: 'secretKey' },
  {
    name: 'threshold 0',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 0, ids: [1, 2, 3] } }),
    code: 'INVALID_THRESHOLD',
    argument: 'options.threshold',
  },
  {
    name: 'threshold above n',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 4, ids: [1, 2, 3] } }),
    code: 'INVALID_THRESHOLD',
    argument: 'options.threshold',
  },
  {
    name: 'fractional threshold',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 1.5, ids: [1, 2, 3] } }),
    code: 'INVALID_THRESHOLD',
    argument: 'options.threshold',
  },
  {
    name: 'duplicate ids',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 2, ids: [1, 2, 1] } }),
    code: 'DUPLICATE_ID',
    argument: 'options.ids',
  },
  {
    name: 'id 0',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 2, ids: [0, 1, 2] } }),
    code: 'INVALID_ID',
    argument: 'options.ids[0]',
  },
  {
    name: 'negative id',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 2, ids: [1, -2, 3] } }),
    code: 'INVALID_ID',
    argument: 'options.ids[1]',
  },
  {
    name: 'id 2^53 (not a safe integer)',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 2, ids: [1, 2 ** 53] } }),
    code: 'INVALID_ID',
    argument: 'options.ids[1]',
  },
  {
    name: 'no ids',
    function: 'splitSecret',
    args: (f) => ({ secretKey: f.secretKey, options: { threshold: 1, ids: [] } }),
    code: 'EMPTY_INPUT',
    argument: 'options.ids',
  },
  {
    name: 'zero secret key',
    function: 'splitSecret',
    args: () => ({ secretKey: ZERO_KEY, options: { threshold: 2, ids: [1, 2, 3] } }),
    code: 'INVALID_SECRET_KEY',
    argument: 'secretKey',
  },
  { name: 'no shares', function: 'recoverSecret', args: () => ({ shares: [] }), code: 'EMPTY_INPUT', argument: 'shares' },
  {
    name: 'duplicate ids',
    function: 'recoverSecret',
    args: (f) => ({ shares: [f.shares[0], f.shares[1], { ...(f.shares[0] as object), secretKey: (f.shares[2] as { secretKey: Uint8Array }).secretKey }] }),
    code: 'DUPLICATE_ID',
    argument: 'shares',
  },
  {
    name: 'share key not below r',
    function: 'recoverSecret',
    args: (f) => ({ shares: [f.shares[0], { id: 2, secretKey: R_KEY }] }),
    code: 'INVALID_SECRET_KEY',
    argument: 'shares[1].secretKey',
  },
  {
    name: 'shares interpolating to zero',
    function: 'recoverSecret',
    // f(1) = a, f(2) = 2a lie on f(x) = a·x, whose constant term is 0.
    args: (f) => ({ shares: [{ id: 1, secretKey: f.secretKey }, { id: 2, secretKey: scalarBytes(mod(2n * scalarOf(f.secretKey))) }] }),
    code: 'INVALID_SECRET_KEY',
    argument: 'shares',
  },
  { name: 'no commitments', function: 'getPublicKeyShare', args: () => ({ commitments: [], id: 1 }), code: 'EMPTY_INPUT', argument: 'commitments' },
  {
    name: 'commitment 0 at infinity',
    function: 'getPublicKeyShare',
    args: (f) => ({ commitments: [INFINITY_G1, ...f.commitments.slice(1)], id: 1 }),
    code: 'INVALID_COMMITMENTS',
    argument: 'commitments[0]',
  },
  {
    name: 'commitment off the curve',
    function: 'getPublicKeyShare',
    args: (f) => ({ commitments: [f.commitments[0] as Uint8Array, G1_OFF_CURVE, ...f.commitments.slice(2)], id: 1 }),
    code: 'INVALID_COMMITMENTS',
    argument: 'commitments[1]',
  },
  { name: 'id 0', function: 'getPublicKeyShare', args: (f) => ({ commitments: f.commitments, id: 0 }), code: 'INVALID_ID', argument: 'id' },
  {
    name: 'zero share key',
    function: 'partialSign',
    args: (f) => ({ share: { id: 1, secretKey: ZERO_KEY }, message: f.message }),
    code: 'INVALID_SECRET_KEY',
    argument: 'share.secretKey',
  },
  {
    name: 'id 0',
    function: 'partialSign',
    args: (f) => ({ share: { id: 0, secretKey: (f.shares[0] as { secretKey: Uint8Array }).secretKey }, message: f.message }),
    code: 'INVALID_ID',
    argument: 'share.id',
  },
  { name: 'no partials', function: 'combineSignatures', args: () => ({ partials: [] }), code: 'EMPTY_INPUT', argument: 'partials' },
  {
    name: 'duplicate ids',
    function: 'combineSignatures',
    args: (f) => ({ partials: [f.partials[0], f.partials[1], { id: 1, signature: (f.partials[2] as PartialSignature).signature }] }),
    code: 'DUPLICATE_ID',
    argument: 'partials',
  },
  {
    name: 'signature off the curve',
    function: 'combineSignatures',
    args: (f) => ({ partials: [f.partials[0], { id: 2, signature: G2_OFF_CURVE }] }),
    code: 'INVALID_SIGNATURE',
    argument: 'partials[1].signature',
  },
  {
    name: 'signature outside the subgroup',
    function: 'combineSignatures',
    args: (f) => ({ partials: [f.partials[0], { id: 2, signature: G2_OUTSIDE_SUBGROUP }] }),
    code: 'INVALID_SIGNATURE',
    argument: 'partials[1].signature',
  },
  {
    name: 'signature of 95 bytes',
    function: 'combineSignatures',
    args: (f) => ({ partials: [f.partials[0], { id: 2, signature: (f.partials[1] as PartialSignature).signature.slice(0, 95) }] }),
    code: 'INVALID_SIGNATURE',
    argument: 'partials[1].signature',
  },
  { name: 'no public key shares', function: 'combinePublicKeys', args: () => ({ publicKeyShares: [] }), code: 'EMPTY_INPUT', argument: 'publicKeyShares' },
  {
    name: 'public key share at infinity',
    function: 'combinePublicKeys',
    args: (f) => ({ publicKeyShares: [f.publicKeyShares[0], { id: 2, publicKey: INFINITY_G1 }] }),
    code: 'INVALID_PUBLIC_KEY',
    argument: 'publicKeyShares[1].publicKey',
  },
  {
    name: 'fewer partials than the threshold',
    function: 'combineVerified',
    args: (f) => ({ input: cvInput(f, { partials: f.partials.slice(0, 2) }) }),
    code: 'TOO_FEW_PARTIALS',
    argument: 'input.partials',
  },
  {
    name: 'partial from an unknown id',
    function: 'combineVerified',
    args: (f) => ({
      input: cvInput(f, { partials: [...f.partials.slice(0, 2), { id: 9, signature: (f.partials[2] as PartialSignature).signature }] }),
    }),
    code: 'UNKNOWN_ID',
    argument: 'input.partials[2].id',
  },
  {
    name: 'duplicate partial ids',
    function: 'combineVerified',
    args: (f) => ({ input: cvInput(f, { partials: [...f.partials.slice(0, 3), f.partials[0] as PartialSignature] }) }),
    code: 'DUPLICATE_ID',
    argument: 'input.partials',
  },
  {
    name: 'threshold above the number of public key shares',
    function: 'combineVerified',
    args: (f) => ({ input: cvInput(f, { threshold: 5 }) }),
    code: 'INVALID_THRESHOLD',
    argument: 'input.threshold',
  },
  {
    name: 'group public key at infinity',
    function: 'combineVerified',
    args: (f) => ({ input: cvInput(f, { groupPublicKey: INFINITY_G1 }) }),
    code: 'INVALID_PUBLIC_KEY',
    argument: 'input.groupPublicKey',
  },
  {
    name: 'no public key shares',
    function: 'combineVerified',
    args: (f) => ({ input: cvInput(f, { publicKeyShares: [] }) }),
    code: 'EMPTY_INPUT',
    argument: 'input.publicKeyShares',
  },
];

function cvInput(f: RefusalFixtures, over: Record<string, Encodable>): Encodable {
  return {
    message: f.message,
    partials: f.partials.slice(0, 3),
    threshold: 3,
    groupPublicKey: f.groupPublicKey,
    publicKeyShares: f.publicKeyShares,
    ...over,
  };
}

/** Turns a vector's JSON arguments back into values: every string is 0x-hex bytes. */
export function decodeArgs(value: Json): unknown {
  if (typeof value === 'string') {
    if (!/^0x([0-9a-f]{2})*$/.test(value)) throw new Error(`not 0x-hex: ${value}`);
    return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
  }
  if (Array.isArray(value)) return value.map(decodeArgs);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeArgs(v)]));
  }
  return value;
}

function refusalCase(bls: DvtBls, fixtures: RefusalFixtures, config: RefusalConfig): Encodable {
  const args = config.args(fixtures);
  const parameters = REFUSAL_PARAMETERS[config.function];
  check(
    Object.keys(args).join(',') === parameters.join(','),
    `refusal ${config.function}/${config.name}: arguments must be ${parameters.join(', ')}`
  );
  // Round-trip through JSON, as a downstream project would read it.
  const decoded = decodeArgs(encode(args)) as Record<string, unknown>;
  const fn = bls[config.function] as (...a: unknown[]) => unknown;
  let thrown: unknown;
  try {
    fn(...parameters.map((p) => decoded[p]));
  } catch (e) {
    thrown = e;
  }
  check(
    thrown instanceof DvtBlsError && thrown.code === config.code && thrown.message.includes(config.argument),
    `refusal ${config.function}/${config.name}: expected ${config.code} naming ${config.argument}, got ${thrown instanceof Error ? `${(thrown as DvtBlsError).code}: ${thrown.message}` : 'no error'}`
  );
  return { name: config.name, function: config.function, args, error: { code: config.code, argument: config.argument } };
}

// -------------------------------------------------------------------------------------------------

/** File names, in the order they are generated. */
export const VECTOR_FILES = ['splits.json', 'signatures.json', 'combine-verified.json', 'refusals.json'] as const;

/**
 * Every vector file's content, generated with `bls` (the committed files come from the noble
 * backend; any backend must reproduce them byte for byte).
 */
export function generateThresholdVectors(bls: DvtBls = noble): Record<(typeof VECTOR_FILES)[number], string> {
  const splits = new Map(SPLITS.map((config) => [config.name, makeSplit(bls, config)]));
  const signatureCases: Encodable[] = [];
  for (const split of splits.values()) {
    signatureCases.push(signatureCase(bls, split, split.config.name, seededStream(`signatures/${split.config.name}/message`)(32)));
  }
  // Messages other than a 32-byte root: empty, and longer text.
  const sparse = splits.get('3-of-5-sparse') as Split;
  signatureCases.push(signatureCase(bls, sparse, '3-of-5-sparse/empty-message', new Uint8Array(0)));
  signatureCases.push(
    signatureCase(bls, splits.get('2-of-3') as Split, '2-of-3/text-message', new TextEncoder().encode('dvt-bls threshold vectors: a longer message of text'))
  );

  const fixtureSplit = splits.get('3-of-4') as Split;
  const message = seededStream('refusals/message')(32);
  const fixtures: RefusalFixtures = {
    secretKey: fixtureSplit.secretKey,
    shares: fixtureSplit.shares,
    commitments: fixtureSplit.commitments,
    publicKeyShares: fixtureSplit.publicKeyShares,
    partials: fixtureSplit.shares.map((s) => bls.partialSign(s, message)),
    message,
    groupPublicKey: fixtureSplit.commitments[0] as Uint8Array,
  };

  return {
    'splits.json': file(
      'splits',
      'Secret keys split t-of-n: polynomial coefficients, shares f(id), Feldman commitments a_k·G1 and public key shares.',
      [...splits.values()].map(splitCase)
    ),
    'signatures.json': file(
      'signatures',
      'Partial signatures of every share of a split (see splits.json) and their Lagrange recombinations at 0.',
      signatureCases
    ),
    'combine-verified.json': file(
      'combine-verified',
      'combineVerified with corrupted partials: the culprits named, or the refusal and its culprits.',
      COMBINES.map((c) => combineCase(bls, splits, c))
    ),
    'refusals.json': file(
      'refusals',
      'Calls that must throw, with the error code and the argument the message names. Arguments: every string is 0x-hex bytes.',
      REFUSALS.map((r) => refusalCase(bls, fixtures, r))
    ),
  };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Committed vector files that differ from `generated` (missing ones included). */
export function staleVectorFiles(generated: Record<string, string>): string[] {
  return Object.entries(generated)
    .filter(([name, content]) => {
      try {
        return readFileSync(join(root, VECTOR_DIR, name), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

function main(): void {
  const generated = generateThresholdVectors(noble);
  if (process.argv.includes('--check')) {
    const stale = staleVectorFiles(generated);
    if (stale.length > 0) {
      console.error(`${VECTOR_DIR}: out of date: ${stale.join(', ')}; run \`npm run vectors\``);
      process.exit(1);
    }
    console.log(`${VECTOR_DIR}: up to date`);
    return;
  }
  mkdirSync(join(root, VECTOR_DIR), { recursive: true });
  for (const [name, content] of Object.entries(generated)) {
    writeFileSync(join(root, VECTOR_DIR, name), content);
    const cases = (JSON.parse(content) as { cases: unknown[] }).cases.length;
    console.log(`${VECTOR_DIR}/${name}: ${cases} cases, ${content.length} bytes`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
