/**
 * Bad input, function by function: every public member of DvtBls is fed malformed arguments.
 *
 * - Throwing functions must throw a DvtBlsError with the exact documented `code` and a message that
 *   names the offending argument (such as `options.ids[1]` or `shares[1].secretKey`).
 * - Verifiers (`verify*`, `isValid*`) must return exactly `false` and not throw (verifyBatch excepted
 *   for a misbehaving injected `randomBytes`).
 *
 * Every malformed encoding used here is built (or taken from the Ethereum deserialization vectors) and
 * checked against noble itself in "fixture sanity", so a case cannot pass for the wrong reason.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DvtBlsError,
  type CombineVerifiedInput,
  type DvtBls,
  type ErrorCode,
  type PartialSignature,
  type PublicKeyShare,
  type SecretKeyShare,
  type SignatureSet,
} from '../src/index';
import {
  MALFORMED_KINDS,
  arbMalformedPublicKey,
  arbMalformedSignature,
  offCurveG1 as kitOffCurveG1,
  offCurveG2 as kitOffCurveG2,
  outsideSubgroupG1,
  outsideSubgroupG2,
  type MalformedEncoding,
} from '../src/testing/index';
import { backends } from './helpers/backends';
import { fromHex, hex, seededRandomBytes } from './helpers/rng';

// ---------------------------------------------------------------------------------------------
// Loose typing: the cases deliberately pass values the signatures do not allow.

// createDkgParticipant's configuration refusals are here; its messages and phases are in
// test/dkg-*.test.ts and test/lifecycle.test.ts.
type Fn = Exclude<keyof DvtBls, 'backend'>;
type Loose = { [K in Fn]: (...args: unknown[]) => ReturnType<DvtBls[K]> };
const loose = (api: DvtBls): Loose => api as unknown as Loose;

function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`fixture: no element ${i}`);
  return item;
}

/** A copy of `list` with element `i` replaced. */
function replaced<T>(list: readonly T[], i: number, value: unknown): unknown[] {
  const copy: unknown[] = [...list];
  copy[i] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Field arithmetic on bigints, independent of the library, to build off-curve and off-subgroup points.

/** The BLS12-381 group order r. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
/** The base field modulus p. */
const P = bls12_381.fields.Fp.ORDER;

const modP = (a: bigint): bigint => ((a % P) + P) % P;

function powMod(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Euler's criterion in Fp. */
const isSquareFp = (a: bigint): boolean => modP(a) === 0n || powMod(a, (P - 1n) / 2n, P) === 1n;

/** x^3 + 4: the right-hand side of E1: y^2 = x^3 + 4. */
const g1Rhs = (x: bigint): bigint => modP(x * x * x + 4n);

type F2 = readonly [bigint, bigint];
/** (a + b·u)(c + d·u) with u^2 = -1. */
const f2mul = ([a, b]: F2, [c, d]: F2): F2 => [modP(a * c - b * d), modP(a * d + b * c)];
/** x^3 + 4(1 + u): the right-hand side of E2. */
const g2Rhs = (x: F2): F2 => {
  const x3 = f2mul(f2mul(x, x), x);
  return [modP(x3[0] + 4n), modP(x3[1] + 4n)];
};
/** In a quadratic extension, a is a square iff its norm c0^2 + c1^2 is a square in Fp. */
const isSquareFp2 = ([c0, c1]: F2): boolean => isSquareFp(c0 * c0 + c1 * c1);

const int = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${hex(bytes)}`));
const be = (n: bigint, length: number): Uint8Array => fromHex(n.toString(16).padStart(2 * length, '0'));

function withFlags(bytes: Uint8Array, set: number, clear = 0): Uint8Array {
  const copy = bytes.slice();
  copy[0] = ((copy[0] ?? 0) & ~clear & 0xff) | set;
  return copy;
}
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** x of a compressed G1 encoding (flags masked off). */
const g1X = (bytes: Uint8Array): bigint => int(withFlags(bytes, 0, 0xe0));
/** x = c0 + c1·u of a compressed G2 encoding: c1 first, then c0. */
const g2X = (bytes: Uint8Array): F2 => [int(bytes.subarray(48, 96)), int(withFlags(bytes.subarray(0, 48), 0, 0xe0))];

// ---------------------------------------------------------------------------------------------
// Malformed encodings (backend independent).

const G1Point = bls12_381.G1.Point;
const G2Point = bls12_381.G2.Point;
const VALID_G1_POINT = G1Point.BASE.multiply(7n);
const VALID_G2_POINT = G2Point.BASE.multiply(7n);
const VALID_G1 = VALID_G1_POINT.toBytes(true);
const VALID_G2 = VALID_G2_POINT.toBytes(true);

// The off-curve and off-subgroup points come from dvt-bls/testing's constructors; "fixture
// sanity" below checks each one with the independent arithmetic above, so the kit is checked too.

const SORT_FLAG = 0x20;

/** VALID_G1's x bumped to the next x with no y (x^3 + 4 a non-square); VALID_G1's flags kept. */
function offCurveG1(): Uint8Array {
  return kitOffCurveG1({ fromX: g1X(VALID_G1) + 1n, sortFlag: ((VALID_G1[0] ?? 0) & SORT_FLAG) !== 0 });
}

/** VALID_G2's x.c0 bumped to the next x with no y (x^3 + 4(1+u) a non-square); x.c1 and flags kept. */
function offCurveG2(): Uint8Array {
  const [c0, c1] = g2X(VALID_G2);
  return kitOffCurveG2({ fromX: { c0: c0 + 1n, c1 }, sortFlag: ((VALID_G2[0] ?? 0) & SORT_FLAG) !== 0 });
}

/** The smallest x >= 1 on E1 (x^3 + 4 a square); its points lie outside the r-order subgroup. */
function nonSubgroupG1(): { bytes: Uint8Array; x: bigint; y: bigint } {
  const bytes = outsideSubgroupG1({ fromX: 1n });
  const x = g1X(bytes);
  return { bytes, x, y: bls12_381.fields.Fp.sqrt(g1Rhs(x)) };
}

/** The smallest x = k + 0·u, k >= 1, on E2; its points lie outside the r-order subgroup. */
function nonSubgroupG2(): { bytes: Uint8Array; x: F2 } {
  const bytes = outsideSubgroupG2({ fromX: { c0: 1n, c1: 0n } });
  return { bytes, x: g2X(bytes) };
}

// From /work/shared/vectors/ethereum-bls12-381-tests/deserialization_G1 and deserialization_G2
// (file names in the keys' comments). Their payloads repeat 0123456789abcdef after a flag nibble.
const counting = (first: string, hexLength: number): string =>
  (first + '123456789abcdef' + '0123456789abcdef'.repeat(hexLength / 16)).slice(0, hexLength);
const MODULUS_HEX = '1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab';
const MODULUS_PLUS_1_HEX = '1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaac';
const VECTORS = {
  /** deserialization_fails_not_in_curve */
  g1NotInCurve: `${counting('8', 95)}0`,
  /** deserialization_fails_not_in_G1 */
  g1NotInG1: counting('8', 96),
  /** deserialization_fails_x_equal_to_modulus */
  g1XEqualModulus: `9${MODULUS_HEX.slice(1)}`,
  /** deserialization_fails_x_greater_than_modulus */
  g1XGreaterModulus: `9${MODULUS_PLUS_1_HEX.slice(1)}`,
  /** deserialization_fails_with_wrong_c_flag */
  g1WrongCFlag: counting('0', 96),
  /** deserialization_fails_with_b_flag_and_x_nonzero */
  g1InfinityNonzero: counting('c', 96),
  /** deserialization_fails_infinity_with_true_b_flag */
  g1InfinityC01: `c01${'0'.repeat(93)}`,
  /** deserialization_fails_not_in_curve */
  g2NotInCurve: `${counting('8', 191)}0`,
  /** deserialization_fails_not_in_G2 */
  g2NotInG2: counting('8', 192),
  /** deserialization_fails_xim_equal_to_modulus */
  g2XimEqualModulus: `9${MODULUS_HEX.slice(1)}${'00'.repeat(48)}`,
  /** deserialization_fails_xim_greater_than_modulus */
  g2XimGreaterModulus: `9${MODULUS_PLUS_1_HEX.slice(1)}${'00'.repeat(48)}`,
  /** deserialization_fails_xre_equal_to_modulus */
  g2XreEqualModulus: `80${'00'.repeat(47)}${MODULUS_HEX}`,
  /** deserialization_fails_xre_greater_than_modulus */
  g2XreGreaterModulus: `80${'00'.repeat(47)}${MODULUS_PLUS_1_HEX}`,
  /** deserialization_fails_with_wrong_c_flag */
  g2WrongCFlag: counting('0', 192),
  /** deserialization_fails_with_b_flag_and_x_nonzero */
  g2InfinityNonzero: counting('c', 192),
  /** deserialization_fails_infinity_with_true_b_flag */
  g2InfinityC01: `c01${'0'.repeat(189)}`,
} as const;

const OFF_CURVE_G1 = offCurveG1();
const OFF_CURVE_G2 = offCurveG2();
const NON_SUBGROUP_G1 = nonSubgroupG1();
const NON_SUBGROUP_G2 = nonSubgroupG2();

const INFINITY_G1 = withFlags(new Uint8Array(48), 0xc0);
const INFINITY_G2 = withFlags(new Uint8Array(96), 0xc0);

interface Bad {
  name: string;
  value: unknown;
}

/** Values of the wrong type standing in for `valid` bytes (most of them carry the same bytes). */
function nonBytes(valid: Uint8Array): Bad[] {
  return [
    { name: 'a hex string', value: hex(valid) },
    { name: 'a 0x-prefixed hex string', value: `0x${hex(valid)}` },
    { name: 'an array of numbers', value: Array.from(valid) },
    { name: 'null', value: null },
    { name: 'undefined', value: undefined },
    { name: 'a number', value: 42 },
    { name: 'a bigint', value: 42n },
    { name: 'a plain object with indexed bytes', value: { ...valid, length: valid.length } },
    { name: 'an ArrayBuffer', value: valid.slice().buffer },
    { name: 'a Uint8ClampedArray', value: new Uint8ClampedArray(valid) },
    { name: 'a DataView', value: new DataView(valid.slice().buffer) },
  ];
}

/** 48-byte-public-key positions: encodings every decoder must refuse (infinity not among them). */
const G1_REFUSED: Bad[] = [
  { name: '47 bytes (truncated)', value: VALID_G1.slice(0, 47) },
  { name: '49 bytes (trailing zero)', value: concat(VALID_G1, new Uint8Array(1)) },
  { name: 'empty bytes', value: new Uint8Array(0) },
  { name: 'uncompressed G1 (96 bytes)', value: VALID_G1_POINT.toBytes(false) },
  { name: 'a compressed G2 point (96 bytes)', value: VALID_G2 },
  { name: 'off the curve (x bumped so no y exists)', value: OFF_CURVE_G1 },
  { name: 'off the curve (eth vector not_in_curve)', value: fromHex(VECTORS.g1NotInCurve) },
  { name: 'on the curve, outside the subgroup (constructed)', value: NON_SUBGROUP_G1.bytes },
  { name: 'on the curve, outside the subgroup (eth vector not_in_G1)', value: fromHex(VECTORS.g1NotInG1) },
  { name: 'x = 0 with the compression flag only (on the curve, outside the subgroup)', value: withFlags(new Uint8Array(48), 0x80) },
  { name: 'non-canonical x = p with the compression flag', value: fromHex(VECTORS.g1XEqualModulus) },
  { name: 'non-canonical x = p + 1 with the compression flag', value: fromHex(VECTORS.g1XGreaterModulus) },
  { name: 'non-canonical x = 2^381 - 1 with the compression flag', value: withFlags(be((1n << 381n) - 1n, 48), 0x80) },
  { name: 'compression flag cleared on a valid point', value: withFlags(VALID_G1, 0, 0x80) },
  { name: 'first byte 0x00 on a valid point', value: (() => { const b = VALID_G1.slice(); b[0] = 0; return b; })() },
  { name: 'wrong c flag (eth vector)', value: fromHex(VECTORS.g1WrongCFlag) },
  { name: 'all-zero bytes (no flags)', value: new Uint8Array(48) },
  { name: 'infinity flag on a finite point', value: withFlags(VALID_G1, 0x40) },
  { name: 'infinity with the sort flag (0xe0)', value: withFlags(new Uint8Array(48), 0xe0) },
  { name: 'infinity with a nonzero last byte', value: (() => { const b = INFINITY_G1.slice(); b[47] = 1; return b; })() },
  { name: 'infinity with nonzero payload (eth vector c01...)', value: fromHex(VECTORS.g1InfinityC01) },
  { name: 'infinity with nonzero payload (eth vector b_flag_and_x_nonzero)', value: fromHex(VECTORS.g1InfinityNonzero) },
  { name: 'infinity flag without the compression flag (0x40)', value: withFlags(new Uint8Array(48), 0x40) },
  ...nonBytes(VALID_G1),
];

/** Where a public key is required, the point at infinity is refused too (KeyValidate). */
const G1_BAD_PUBLIC_KEYS: Bad[] = [...G1_REFUSED, { name: 'the point at infinity (0xc0...)', value: INFINITY_G1 }];

/** 96-byte-signature positions: encodings every decoder must refuse (infinity is a valid encoding). */
const G2_REFUSED: Bad[] = [
  { name: '95 bytes (truncated)', value: VALID_G2.slice(0, 95) },
  { name: '97 bytes (trailing zero)', value: concat(VALID_G2, new Uint8Array(1)) },
  { name: 'empty bytes', value: new Uint8Array(0) },
  { name: 'uncompressed G2 (192 bytes)', value: VALID_G2_POINT.toBytes(false) },
  { name: 'an uncompressed G1 point (96 bytes)', value: VALID_G1_POINT.toBytes(false) },
  { name: 'a compressed G1 point (48 bytes)', value: VALID_G1 },
  { name: 'off the curve (x bumped so no y exists)', value: OFF_CURVE_G2 },
  { name: 'off the curve (eth vector not_in_curve)', value: fromHex(VECTORS.g2NotInCurve) },
  { name: 'on the curve, outside the subgroup (constructed)', value: NON_SUBGROUP_G2.bytes },
  { name: 'on the curve, outside the subgroup (eth vector not_in_G2)', value: fromHex(VECTORS.g2NotInG2) },
  { name: 'x = 0 with the compression flag only (eth vector infinity_with_false_b_flag)', value: withFlags(new Uint8Array(96), 0x80) },
  { name: 'non-canonical x.c1 = p', value: fromHex(VECTORS.g2XimEqualModulus) },
  { name: 'non-canonical x.c1 = p + 1', value: fromHex(VECTORS.g2XimGreaterModulus) },
  { name: 'non-canonical x.c0 = p', value: fromHex(VECTORS.g2XreEqualModulus) },
  { name: 'non-canonical x.c0 = p + 1', value: fromHex(VECTORS.g2XreGreaterModulus) },
  { name: 'compression flag cleared on a valid point', value: withFlags(VALID_G2, 0, 0x80) },
  { name: 'first byte 0x00 on a valid point', value: (() => { const b = VALID_G2.slice(); b[0] = 0; return b; })() },
  { name: 'wrong c flag (eth vector)', value: fromHex(VECTORS.g2WrongCFlag) },
  { name: 'all-zero bytes (no flags)', value: new Uint8Array(96) },
  { name: 'infinity flag on a finite point', value: withFlags(VALID_G2, 0x40) },
  { name: 'infinity with the sort flag (0xe0)', value: withFlags(new Uint8Array(96), 0xe0) },
  { name: 'infinity with a nonzero last byte', value: (() => { const b = INFINITY_G2.slice(); b[95] = 1; return b; })() },
  { name: 'infinity with nonzero payload (eth vector c01...)', value: fromHex(VECTORS.g2InfinityC01) },
  { name: 'infinity with nonzero payload (eth vector b_flag_and_x_nonzero)', value: fromHex(VECTORS.g2InfinityNonzero) },
  { name: 'infinity flag without the compression flag (0x40)', value: withFlags(new Uint8Array(96), 0x40) },
  ...nonBytes(VALID_G2),
];

const VALID_SECRET = be(0x1234n, 32);

const BAD_SECRET_KEYS: Bad[] = [
  { name: '31 bytes', value: VALID_SECRET.slice(1) },
  { name: '33 bytes', value: concat(new Uint8Array(1), VALID_SECRET) },
  { name: 'empty bytes', value: new Uint8Array(0) },
  { name: '48 bytes', value: new Uint8Array(48).fill(1) },
  { name: 'the zero key', value: new Uint8Array(32) },
  { name: 'non-canonical r itself', value: be(R, 32) },
  { name: 'non-canonical r + 1', value: be(R + 1n, 32) },
  { name: 'non-canonical r + 0x1234', value: be(R + 0x1234n, 32) },
  { name: 'non-canonical 2^256 - 1', value: new Uint8Array(32).fill(0xff) },
  ...nonBytes(VALID_SECRET),
];

const BAD_MESSAGES: Bad[] = [
  { name: 'a string', value: 'hello' },
  { name: 'an array of numbers', value: [1, 2, 3] },
  { name: 'null', value: null },
  { name: 'undefined', value: undefined },
  { name: 'a number', value: 7 },
  { name: 'an ArrayBuffer', value: new ArrayBuffer(32) },
  { name: 'a Uint8ClampedArray', value: new Uint8ClampedArray(32) },
  { name: 'a DataView', value: new DataView(new ArrayBuffer(32)) },
  { name: 'a plain object', value: { length: 0 } },
];

const BAD_IDS: Bad[] = [
  { name: 'id 0', value: 0 },
  { name: 'id -0', value: -0 },
  { name: 'negative id -1', value: -1 },
  { name: 'fractional id 1.5', value: 1.5 },
  { name: 'NaN', value: Number.NaN },
  { name: 'Infinity', value: Number.POSITIVE_INFINITY },
  { name: '-Infinity', value: Number.NEGATIVE_INFINITY },
  { name: 'id 2^53 (not a safe integer)', value: 2 ** 53 },
  { name: 'id 2^53 + 2 (above 2^53)', value: 2 ** 53 + 2 },
  { name: 'id 2^64', value: 2 ** 64 },
  { name: 'id as a string "1"', value: '1' },
  { name: 'id as a bigint 1n', value: 1n },
  { name: 'null id', value: null },
  { name: 'undefined id', value: undefined },
  { name: 'id as a Number object', value: Object(1) },
];

/** Thresholds invalid for n shares. */
function badThresholds(n: number): Bad[] {
  return [
    { name: 'threshold 0', value: 0 },
    { name: 'negative threshold -1', value: -1 },
    { name: 'fractional threshold 1.5', value: 1.5 },
    { name: 'threshold NaN', value: Number.NaN },
    { name: 'threshold Infinity', value: Number.POSITIVE_INFINITY },
    { name: `threshold n + 1 = ${n + 1}`, value: n + 1 },
    { name: 'threshold 2^53', value: 2 ** 53 },
    { name: 'threshold as a string "2"', value: '2' },
    { name: 'threshold as a bigint 2n', value: 2n },
    { name: 'null threshold', value: null },
    { name: 'undefined threshold', value: undefined },
  ];
}

/** Values that are not arrays, for list arguments (`element` is a valid element). */
function nonArrays(element: unknown): Bad[] {
  return [
    { name: 'a single element, not wrapped in an array', value: element },
    { name: 'a string', value: 'abc' },
    { name: 'null', value: null },
    { name: 'undefined', value: undefined },
    { name: 'an array-like object', value: { 0: element, length: 1 } },
    { name: 'a Set', value: new Set([element]) },
    { name: 'a number', value: 1 },
  ];
}

/** Values that are not plain objects, for object arguments. */
const NON_OBJECTS: Bad[] = [
  { name: 'null', value: null },
  { name: 'undefined', value: undefined },
  { name: 'a string', value: 'share' },
  { name: 'a number', value: 1 },
  { name: 'an array', value: [1, VALID_SECRET] },
  { name: 'a Uint8Array', value: VALID_SECRET },
];

interface BadRandomness {
  name: string;
  make: (length: number) => unknown;
}

const BAD_RANDOMNESS: BadRandomness[] = [
  { name: 'one byte too few', make: (n) => new Uint8Array(n - 1) },
  { name: 'one byte too many', make: (n) => new Uint8Array(n + 1) },
  { name: 'no bytes', make: () => new Uint8Array(0) },
  { name: 'a fixed 32 bytes', make: () => new Uint8Array(32).fill(9) },
  { name: 'an array of numbers', make: (n) => new Array<number>(n).fill(7) },
  { name: 'a string', make: (n) => 'x'.repeat(n) },
  { name: 'a Uint8ClampedArray', make: (n) => new Uint8ClampedArray(n) },
  { name: 'undefined', make: () => undefined },
  { name: 'null', make: () => null },
];

const NON_FUNCTIONS: Bad[] = [
  { name: 'a string', value: 'crypto' },
  { name: 'a number', value: 42 },
  { name: 'null', value: null },
  { name: 'an object', value: {} },
  { name: 'a Uint8Array', value: new Uint8Array(48) },
];

// ---------------------------------------------------------------------------------------------
// Assertions.

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes ${hex(value).slice(0, 16)}...`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs `run`, which must throw a DvtBlsError with `code` whose message names `arg`. */
function expectRefusal(run: () => unknown, code: ErrorCode, arg: string): DvtBlsError {
  let threw = false;
  let thrown: unknown;
  let returned: unknown;
  try {
    returned = run();
  } catch (e) {
    threw = true;
    thrown = e;
  }
  if (!threw) expect.fail(`expected DvtBlsError ${code} naming ${arg}, but it returned ${show(returned)}`);
  if (!(thrown instanceof DvtBlsError)) {
    expect.fail(`expected DvtBlsError ${code}, got ${thrown instanceof Error ? `${thrown.constructor.name}: ${thrown.message}` : show(thrown)}`);
  }
  expect(thrown.code, thrown.message).toBe(code);
  expect(thrown.message).toContain(arg);
  return thrown;
}

/** Runs a verifier, which must return exactly `false` without throwing. */
function expectFalse(run: () => unknown): void {
  let threw = false;
  let thrown: unknown;
  let returned: unknown;
  try {
    returned = run();
  } catch (e) {
    threw = true;
    thrown = e;
  }
  if (threw) expect.fail(`verifier threw instead of returning false: ${thrown instanceof Error ? `${thrown.constructor.name} ${(thrown as Partial<DvtBlsError>).code ?? ''}: ${thrown.message}` : show(thrown)}`);
  expect(returned).toBe(false);
}

// ---------------------------------------------------------------------------------------------
// Fixtures per backend.

interface Fixtures {
  sk: Uint8Array;
  pk: Uint8Array;
  msg: Uint8Array;
  sig: Uint8Array;
  sk2: Uint8Array;
  pk2: Uint8Array;
  msg2: Uint8Array;
  /** sk2 on msg2. */
  sig2: Uint8Array;
  /** sk2 on msg. */
  sig2OnMsg: Uint8Array;
  /** sk on msg2. */
  sigOnMsg2: Uint8Array;
  negPk: Uint8Array;
  negSig: Uint8Array;
  doublePk: Uint8Array;
  doubleSig: Uint8Array;
  ids: number[];
  threshold: number;
  shares: SecretKeyShare[];
  commitments: Uint8Array[];
  pkShares: PublicKeyShare[];
  partials: PartialSignature[];
  /** A valid combineVerified input (partials 1..3 of 4, threshold 3), fresh on every call. */
  cvInput: () => CombineVerifiedInput;
  /** Partial signatures of another sharing of another key, ids 1..4. */
  foreignPartials: PartialSignature[];
  foreignPkShares: PublicKeyShare[];
  foreignCommitments: Uint8Array[];
  foreignGroupKey: Uint8Array;
}

function makeFixtures(api: DvtBls): Fixtures {
  const sk = api.generateSecretKey({ randomBytes: seededRandomBytes('bad-input sk') });
  const sk2 = api.generateSecretKey({ randomBytes: seededRandomBytes('bad-input sk2') });
  const msg = new TextEncoder().encode('bad input');
  const msg2 = new TextEncoder().encode('another message');
  const pk = api.getPublicKey(sk);
  const sig = api.sign(sk, msg);
  const pk2 = api.getPublicKey(sk2);
  const ids = [1, 2, 3, 4];
  const threshold = 3;
  const { shares, commitments } = api.splitSecret(sk, { threshold, ids, randomBytes: seededRandomBytes('bad-input split') });
  const pkShares = ids.map((id) => ({ id, publicKey: api.getPublicKeyShare(commitments, id) }));
  const partials = shares.map((s) => api.partialSign(s, msg));
  const foreign = api.splitSecret(sk2, { threshold, ids, randomBytes: seededRandomBytes('bad-input foreign split') });
  const foreignPartials = foreign.shares.map((s) => api.partialSign(s, msg));
  const foreignPkShares = ids.map((id) => ({ id, publicKey: api.getPublicKeyShare(foreign.commitments, id) }));
  const groupPublicKey = at(commitments, 0);
  return {
    sk,
    pk,
    msg,
    sig,
    sk2,
    pk2,
    msg2,
    sig2: api.sign(sk2, msg2),
    sig2OnMsg: api.sign(sk2, msg),
    sigOnMsg2: api.sign(sk, msg2),
    negPk: G1Point.fromBytes(pk).negate().toBytes(true),
    negSig: G2Point.fromBytes(sig).negate().toBytes(true),
    doublePk: G1Point.fromBytes(pk).double().toBytes(true),
    doubleSig: G2Point.fromBytes(sig).double().toBytes(true),
    ids,
    threshold,
    shares,
    commitments,
    pkShares,
    partials,
    cvInput: () => ({
      message: msg,
      partials: partials.slice(0, 3),
      threshold,
      groupPublicKey,
      publicKeyShares: pkShares.slice(),
    }),
    foreignPartials,
    foreignPkShares,
    foreignCommitments: foreign.commitments,
    foreignGroupKey: at(foreign.commitments, 0),
  };
}

// ---------------------------------------------------------------------------------------------

describe('fixture sanity (noble as the reference decoder)', () => {
  it('r is the group order', () => {
    expect(R).toBe(bls12_381.fields.Fr.ORDER);
  });

  it('the bumped G1 x has no y, and noble refuses it', () => {
    expect(isSquareFp(g1Rhs(g1X(OFF_CURVE_G1)))).toBe(false);
    expect(() => G1Point.fromBytes(OFF_CURVE_G1)).toThrow();
  });

  it('the bumped G2 x has no y, and noble refuses it', () => {
    expect(isSquareFp2(g2Rhs(g2X(OFF_CURVE_G2)))).toBe(false);
    expect(() => G2Point.fromBytes(OFF_CURVE_G2)).toThrow();
  });

  it('the constructed G1 point is on the curve, outside the subgroup, and noble refuses it', () => {
    const { x, y, bytes } = NON_SUBGROUP_G1;
    expect(modP(y * y)).toBe(g1Rhs(x));
    expect(g1X(bytes)).toBe(x);
    expect(G1Point.fromAffine({ x, y }).isTorsionFree()).toBe(false);
    expect(() => G1Point.fromBytes(bytes)).toThrow();
  });

  it('the constructed G2 point is on the curve, outside the subgroup, and noble refuses it', () => {
    const { x, bytes } = NON_SUBGROUP_G2;
    const Fp2 = bls12_381.fields.Fp2;
    const rhs = Fp2.fromBigTuple([...g2Rhs(x)]);
    const y = Fp2.sqrt(rhs);
    expect(Fp2.eql(Fp2.sqr(y), rhs)).toBe(true);
    expect(g2X(bytes)).toEqual(x);
    expect(G2Point.fromAffine({ x: Fp2.fromBigTuple([...x]), y }).isTorsionFree()).toBe(false);
    expect(() => G2Point.fromBytes(bytes)).toThrow();
  });

  it.each(G1_BAD_PUBLIC_KEYS.filter((b) => b.value instanceof Uint8Array && b.value.length === 48))(
    'G1 $name: noble refuses it as a public key',
    ({ value }) => {
      let point;
      try {
        point = G1Point.fromBytes(value as Uint8Array);
      } catch {
        return;
      }
      expect(point.is0()).toBe(true); // only the infinity case decodes, and it is refused as a key
    }
  );

  it.each(G2_REFUSED.filter((b) => b.value instanceof Uint8Array && b.value.length === 96))(
    'G2 $name: noble refuses it',
    ({ value }) => {
      expect(() => G2Point.fromBytes(value as Uint8Array)).toThrow();
    }
  );

  it('the valid baselines decode', () => {
    expect(G1Point.fromBytes(VALID_G1).equals(VALID_G1_POINT)).toBe(true);
    expect(G2Point.fromBytes(VALID_G2).equals(VALID_G2_POINT)).toBe(true);
    expect(G2Point.fromBytes(INFINITY_G2).is0()).toBe(true);
  });

  it('the off-curve fixtures are the valid points with the last byte bumped (x + d, smallest d)', () => {
    for (const [bad, valid, x] of [
      [OFF_CURVE_G1, VALID_G1, (b: Uint8Array) => g1X(b)],
      [OFF_CURVE_G2, VALID_G2, (b: Uint8Array) => g2X(b)[0]],
    ] as const) {
      expect(hex(bad.subarray(0, bad.length - 1))).toBe(hex(valid.subarray(0, valid.length - 1)));
      const d = x(bad) - x(valid);
      expect(d).toBeGreaterThan(0n);
      expect(d).toBeLessThan(256n);
    }
    // Smallest bump: every x strictly between the valid x and the fixture's has a y.
    for (let x = g1X(VALID_G1) + 1n; x < g1X(OFF_CURVE_G1); x++) expect(isSquareFp(g1Rhs(x))).toBe(true);
    const [c0, c1] = g2X(VALID_G2);
    for (let k = c0 + 1n; k < g2X(OFF_CURVE_G2)[0]; k++) expect(isSquareFp2(g2Rhs([k, c1]))).toBe(true);
  });

  it('the non-subgroup fixtures have the smallest such x (x >= 1 for G1, x = k + 0·u for G2)', () => {
    for (let x = 1n; x < NON_SUBGROUP_G1.x; x++) {
      if (!isSquareFp(g1Rhs(x))) continue;
      expect(G1Point.fromAffine({ x, y: bls12_381.fields.Fp.sqrt(g1Rhs(x)) }).isTorsionFree()).toBe(true);
    }
    expect(NON_SUBGROUP_G2.x[1]).toBe(0n);
    const Fp2 = bls12_381.fields.Fp2;
    for (let k = 1n; k < NON_SUBGROUP_G2.x[0]; k++) {
      if (!isSquareFp2(g2Rhs([k, 0n]))) continue;
      const x = Fp2.fromBigTuple([k, 0n]);
      expect(G2Point.fromAffine({ x, y: Fp2.sqrt(Fp2.fromBigTuple([...g2Rhs([k, 0n])])) }).isTorsionFree()).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated malformed encodings (dvt-bls/testing): each is what its tag says, by the independent
// arithmetic above, and noble refuses it. The per-backend checks are in "bad input on ...".

const COMPRESSION_FLAG = 0x80;
const INFINITY_FLAG = 0x40;
/** The x bits of a compressed encoding's first 48 bytes, flags masked off. */
const X_MASK = (1n << 381n) - 1n;

/** Checks a generated public key encoding against its kind with this file's own arithmetic. */
function expectG1Kind(bad: MalformedEncoding): void {
  const { kind, bytes } = bad;
  const first = bytes[0] ?? 0;
  if (kind === 'wrong-length') {
    expect(bytes.length).not.toBe(48);
    return;
  }
  expect(bytes.length).toBe(48);
  const x = int(bytes) & X_MASK;
  switch (kind) {
    case 'off-curve':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(x < P && !isSquareFp(g1Rhs(x))).toBe(true);
      break;
    case 'outside-subgroup': {
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(x < P && isSquareFp(g1Rhs(x))).toBe(true);
      expect(G1Point.fromAffine({ x, y: bls12_381.fields.Fp.sqrt(g1Rhs(x)) }).isTorsionFree()).toBe(false);
      break;
    }
    case 'infinity':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG | INFINITY_FLAG);
      break;
    case 'wrong-flags':
      // Either no compression flag (a 48-byte uncompressed encoding does not exist), or the
      // infinity flag over a non-zero x.
      expect((first & COMPRESSION_FLAG) === 0 || ((first & INFINITY_FLAG) !== 0 && x !== 0n)).toBe(true);
      break;
    case 'non-canonical':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(x >= P).toBe(true);
      break;
  }
}

/** Checks a generated signature encoding against its kind with this file's own arithmetic. */
function expectG2Kind(bad: MalformedEncoding): void {
  const { kind, bytes } = bad;
  const first = bytes[0] ?? 0;
  if (kind === 'wrong-length') {
    expect(bytes.length).not.toBe(96);
    return;
  }
  expect(bytes.length).toBe(96);
  const [c0, c1raw] = [int(bytes.subarray(48, 96)), int(bytes.subarray(0, 48))];
  const c1 = c1raw & X_MASK;
  switch (kind) {
    case 'off-curve':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(c0 < P && c1 < P && !isSquareFp2(g2Rhs([c0, c1]))).toBe(true);
      break;
    case 'outside-subgroup': {
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(c0 < P && c1 < P && isSquareFp2(g2Rhs([c0, c1]))).toBe(true);
      const Fp2 = bls12_381.fields.Fp2;
      const y = Fp2.sqrt(Fp2.fromBigTuple([...g2Rhs([c0, c1])]));
      expect(G2Point.fromAffine({ x: Fp2.fromBigTuple([c0, c1]), y }).isTorsionFree()).toBe(false);
      break;
    }
    case 'infinity':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG | INFINITY_FLAG);
      expect(hex(bytes)).not.toBe(hex(INFINITY_G2)); // the canonical one is a valid signature
      break;
    case 'wrong-flags':
      expect((first & COMPRESSION_FLAG) === 0 || ((first & INFINITY_FLAG) !== 0 && (c0 !== 0n || c1 !== 0n))).toBe(true);
      break;
    case 'non-canonical':
      expect(first & (COMPRESSION_FLAG | INFINITY_FLAG)).toBe(COMPRESSION_FLAG);
      expect(c0 >= P || c1 >= P).toBe(true);
      break;
  }
}

/** Fixed seeds and counts for the generated-encoding properties (the per-backend ones decode: fewer runs). */
const malformedParams = (seed: number, numRuns = 60): fc.Parameters<unknown> => ({ seed, numRuns });

describe('generated malformed encodings (dvt-bls/testing) are what their tags say', () => {
  it('public keys: every kind is generated, checked by independent arithmetic, and noble refuses the 48-byte ones', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbMalformedPublicKey(), (bad) => {
        seen.add(bad.kind);
        expectG1Kind(bad);
        // noble's fromBytes also takes other lengths (uncompressed): only 48 bytes are its to refuse.
        if (bad.bytes.length !== 48) return;
        let point;
        try {
          point = G1Point.fromBytes(bad.bytes);
        } catch {
          return;
        }
        expect(point.is0()).toBe(true); // decodes only as infinity, refused as a key
      }),
      malformedParams(0xbad0001)
    );
    expect([...seen].sort()).toEqual([...MALFORMED_KINDS].sort());
  });

  it('signatures: every kind is generated, checked by independent arithmetic, and noble refuses the 96-byte ones', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbMalformedSignature(), (bad) => {
        seen.add(bad.kind);
        expectG2Kind(bad);
        // noble's fromBytes also takes other lengths (uncompressed): only 96 bytes are its to refuse.
        if (bad.bytes.length === 96) expect(() => G2Point.fromBytes(bad.bytes)).toThrow();
      }),
      malformedParams(0xbad0002)
    );
    expect([...seen].sort()).toEqual([...MALFORMED_KINDS].sort());
  });
});

interface Refusal {
  name: string;
  run: (fx: Fixtures) => unknown;
  code: ErrorCode;
  arg: string;
}

interface Rejection {
  name: string;
  run: (fx: Fixtures) => unknown;
}

describe.each(backends)('bad input on $name', ({ api }) => {
  const L = loose(api);
  let fx: Fixtures;
  beforeAll(() => {
    fx = makeFixtures(api);
  });

  /** Two signature sets on different keys and messages, valid. */
  const goodSets = (f: Fixtures): SignatureSet[] => [
    { publicKey: f.pk, message: f.msg, signature: f.sig },
    { publicKey: f.pk2, message: f.msg2, signature: f.sig2 },
  ];
  const aggSig = (f: Fixtures): Uint8Array => api.aggregateSignatures([f.sig, f.sig2]);
  const fastAggSig = (f: Fixtures): Uint8Array => api.aggregateSignatures([f.sig, f.sig2OnMsg]);
  const splitOpts = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    threshold: 2,
    ids: [1, 2, 3],
    randomBytes: seededRandomBytes('bad-input split opts'),
    ...over,
  });
  const cv = (f: Fixtures, over: Record<string, unknown>): Record<string, unknown> => ({ ...f.cvInput(), ...over });
  const dkgConfig = (over: Record<string, unknown> = {}) =>
    ({
      protocol: 'pedersen',
      self: 1,
      participants: [{ id: 1 }, { id: 2 }, { id: 3 }],
      threshold: 2,
      session: new Uint8Array(32),
      ...over,
    }) as never;

  // -------------------------------------------------------------------------------------------
  // Baselines: the valid version of each call succeeds, so each case fails only for its bad part.

  const baselines: Record<Fn, (f: Fixtures) => unknown> = {
    generateSecretKey: () => api.generateSecretKey({ randomBytes: seededRandomBytes(1) }),
    getPublicKey: (f) => api.getPublicKey(f.sk),
    sign: (f) => api.sign(f.sk, f.msg),
    verify: (f) => api.verify(f.pk, f.msg, f.sig),
    aggregateSignatures: (f) => api.aggregateSignatures([f.sig, f.sig2]),
    aggregatePublicKeys: (f) => api.aggregatePublicKeys([f.pk, f.pk2]),
    aggregateVerify: (f) => api.aggregateVerify([f.pk, f.pk2], [f.msg, f.msg2], aggSig(f)),
    fastAggregateVerify: (f) => api.fastAggregateVerify([f.pk, f.pk2], f.msg, fastAggSig(f)),
    verifyBatch: (f) => api.verifyBatch(goodSets(f), { randomBytes: seededRandomBytes(2) }),
    isValidPublicKey: (f) => api.isValidPublicKey(f.pk),
    isValidSignature: (f) => api.isValidSignature(f.sig),
    splitSecret: (f) => L.splitSecret(f.sk, splitOpts()),
    recoverSecret: (f) => api.recoverSecret(f.shares.slice(0, 3)),
    verifyShare: (f) => api.verifyShare(at(f.shares, 1), f.commitments),
    getPublicKeyShare: (f) => api.getPublicKeyShare(f.commitments, 2),
    partialSign: (f) => api.partialSign(at(f.shares, 0), f.msg),
    verifyPartial: (f) => api.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, at(f.partials, 1)),
    combineSignatures: (f) => api.combineSignatures(f.partials.slice(0, 3)),
    combinePublicKeys: (f) => api.combinePublicKeys(f.pkShares.slice(1, 4)),
    combineVerified: (f) => api.combineVerified(f.cvInput()),
    createDkgParticipant: () => api.createDkgParticipant(dkgConfig()),
  };

  describe('baselines (valid input is accepted)', () => {
    it.each(Object.keys(baselines) as Fn[])('%s', (fn) => {
      const result = baselines[fn](fx);
      if (typeof result === 'boolean') expect(result).toBe(true);
      else expect(result).toBeDefined();
    });

    it('the baselines produce the expected values', () => {
      expect(hex(api.recoverSecret(fx.shares.slice(1, 4)))).toBe(hex(fx.sk));
      expect(hex(api.combineSignatures(fx.partials.slice(0, 3)))).toBe(hex(fx.sig));
      expect(hex(api.combinePublicKeys(fx.pkShares.slice(1, 4)))).toBe(hex(fx.pk));
      expect(hex(api.combineVerified(fx.cvInput()).signature)).toBe(hex(fx.sig));
    });
  });

  // -------------------------------------------------------------------------------------------
  // Throwing functions.

  const refusals: Partial<Record<Fn, Refusal[]>> = {
    generateSecretKey: [
      ...BAD_RANDOMNESS.map((b): Refusal => ({
        name: `options.randomBytes returning ${b.name}`,
        run: () => L.generateSecretKey({ randomBytes: b.make }),
        code: 'RANDOMNESS_FAILURE',
        arg: 'randomBytes',
      })),
      ...NON_FUNCTIONS.map((b): Refusal => ({
        name: `options.randomBytes is ${b.name}`,
        run: () => L.generateSecretKey({ randomBytes: b.value }),
        code: 'INVALID_ARGUMENT',
        arg: 'options.randomBytes',
      })),
    ],

    getPublicKey: BAD_SECRET_KEYS.map((b) => ({
      name: `secretKey is ${b.name}`,
      run: () => L.getPublicKey(b.value),
      code: 'INVALID_SECRET_KEY',
      arg: 'secretKey',
    })),

    sign: [
      ...BAD_SECRET_KEYS.map((b): Refusal => ({
        name: `secretKey is ${b.name}`,
        run: (f) => L.sign(b.value, f.msg),
        code: 'INVALID_SECRET_KEY',
        arg: 'secretKey',
      })),
      ...BAD_MESSAGES.map((b): Refusal => ({
        name: `message is ${b.name}`,
        run: (f) => L.sign(f.sk, b.value),
        code: 'INVALID_MESSAGE',
        arg: 'message',
      })),
    ],

    aggregateSignatures: [
      { name: 'an empty list', run: () => L.aggregateSignatures([]), code: 'EMPTY_INPUT', arg: 'signatures' },
      ...nonArrays(VALID_G2).map((b): Refusal => ({
        name: `signatures is ${b.name}`,
        run: () => L.aggregateSignatures(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'signatures',
      })),
      ...G2_REFUSED.map((b): Refusal => ({
        name: `signatures[1] is ${b.name}`,
        run: (f) => L.aggregateSignatures([f.sig, b.value, f.sig2]),
        code: 'INVALID_SIGNATURE',
        arg: 'signatures[1]',
      })),
      {
        name: 'signatures[0] is off the curve',
        run: (f) => L.aggregateSignatures([OFF_CURVE_G2, f.sig]),
        code: 'INVALID_SIGNATURE',
        arg: 'signatures[0]',
      },
    ],

    aggregatePublicKeys: [
      { name: 'an empty list', run: () => L.aggregatePublicKeys([]), code: 'EMPTY_INPUT', arg: 'publicKeys' },
      ...nonArrays(VALID_G1).map((b): Refusal => ({
        name: `publicKeys is ${b.name}`,
        run: () => L.aggregatePublicKeys(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'publicKeys',
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Refusal => ({
        name: `publicKeys[1] is ${b.name}`,
        run: (f) => L.aggregatePublicKeys([f.pk, b.value, f.pk2]),
        code: 'INVALID_PUBLIC_KEY',
        arg: 'publicKeys[1]',
      })),
      {
        name: 'publicKeys[0] is the point at infinity',
        run: (f) => L.aggregatePublicKeys([INFINITY_G1, f.pk]),
        code: 'INVALID_PUBLIC_KEY',
        arg: 'publicKeys[0]',
      },
    ],

    verifyBatch: [
      ...BAD_RANDOMNESS.map((b): Refusal => ({
        name: `options.randomBytes returning ${b.name}`,
        run: (f) => L.verifyBatch(goodSets(f), { randomBytes: b.make }),
        code: 'RANDOMNESS_FAILURE',
        arg: 'randomBytes',
      })),
      ...NON_FUNCTIONS.map((b): Refusal => ({
        name: `options.randomBytes is ${b.name}`,
        run: (f) => L.verifyBatch(goodSets(f), { randomBytes: b.value }),
        code: 'INVALID_ARGUMENT',
        arg: 'options.randomBytes',
      })),
    ],

    splitSecret: [
      ...BAD_SECRET_KEYS.map((b): Refusal => ({
        name: `secretKey is ${b.name}`,
        run: () => L.splitSecret(b.value, splitOpts()),
        code: 'INVALID_SECRET_KEY',
        arg: 'secretKey',
      })),
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `options is ${b.name}`,
        run: (f) => L.splitSecret(f.sk, b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'options',
      })),
      ...nonArrays(1).map((b): Refusal => ({
        name: `options.ids is ${b.name}`,
        run: (f) => L.splitSecret(f.sk, splitOpts({ ids: b.value })),
        code: 'INVALID_ARGUMENT',
        arg: 'options.ids',
      })),
      {
        name: 'options.ids is empty',
        run: (f) => L.splitSecret(f.sk, splitOpts({ ids: [], threshold: 1 })),
        code: 'EMPTY_INPUT',
        arg: 'options.ids',
      },
      ...BAD_IDS.map((b): Refusal => ({
        name: `options.ids[1] is ${b.name}`,
        run: (f) => L.splitSecret(f.sk, splitOpts({ ids: [1, b.value, 3] })),
        code: 'INVALID_ID',
        arg: 'options.ids[1]',
      })),
      {
        name: 'options.ids[0] is 0',
        run: (f) => L.splitSecret(f.sk, splitOpts({ ids: [0, 1, 2] })),
        code: 'INVALID_ID',
        arg: 'options.ids[0]',
      },
      {
        name: 'duplicate ids',
        run: (f) => L.splitSecret(f.sk, splitOpts({ ids: [1, 2, 1] })),
        code: 'DUPLICATE_ID',
        arg: 'options.ids',
      },
      ...badThresholds(3).map((b): Refusal => ({
        name: `options.threshold is ${b.name}`,
        run: (f) => L.splitSecret(f.sk, splitOpts({ threshold: b.value })),
        code: 'INVALID_THRESHOLD',
        arg: 'options.threshold',
      })),
      ...BAD_RANDOMNESS.map((b): Refusal => ({
        name: `options.randomBytes returning ${b.name}`,
        run: (f) => L.splitSecret(f.sk, splitOpts({ threshold: 3, randomBytes: b.make })),
        code: 'RANDOMNESS_FAILURE',
        arg: 'randomBytes',
      })),
      ...NON_FUNCTIONS.map((b): Refusal => ({
        name: `options.randomBytes is ${b.name}`,
        run: (f) => L.splitSecret(f.sk, splitOpts({ randomBytes: b.value })),
        code: 'INVALID_ARGUMENT',
        arg: 'options.randomBytes',
      })),
    ],

    recoverSecret: [
      { name: 'an empty list', run: () => L.recoverSecret([]), code: 'EMPTY_INPUT', arg: 'shares' },
      ...nonArrays({ id: 1, secretKey: VALID_SECRET }).map((b): Refusal => ({
        name: `shares is ${b.name}`,
        run: () => L.recoverSecret(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'shares',
      })),
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `shares[1] is ${b.name}`,
        run: (f) => L.recoverSecret(replaced(f.shares.slice(0, 3), 1, b.value)),
        code: 'INVALID_ARGUMENT',
        arg: 'shares[1]',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `shares[1].id is ${b.name}`,
        run: (f) => L.recoverSecret(replaced(f.shares.slice(0, 3), 1, { ...at(f.shares, 1), id: b.value })),
        code: 'INVALID_ID',
        arg: 'shares[1].id',
      })),
      {
        name: 'duplicate ids',
        run: (f) => L.recoverSecret(replaced(f.shares.slice(0, 3), 2, { ...at(f.shares, 2), id: 1 })),
        code: 'DUPLICATE_ID',
        arg: 'shares',
      },
      ...BAD_SECRET_KEYS.map((b): Refusal => ({
        name: `shares[1].secretKey is ${b.name}`,
        run: (f) => L.recoverSecret(replaced(f.shares.slice(0, 3), 1, { id: 2, secretKey: b.value })),
        code: 'INVALID_SECRET_KEY',
        arg: 'shares[1].secretKey',
      })),
      {
        name: 'shares[1] has no secretKey',
        run: (f) => L.recoverSecret(replaced(f.shares.slice(0, 3), 1, { id: 2 })),
        code: 'INVALID_SECRET_KEY',
        arg: 'shares[1].secretKey',
      },
      {
        name: 'shares that interpolate to the zero key (f(x) = x)',
        run: () => L.recoverSecret([{ id: 1, secretKey: be(1n, 32) }, { id: 2, secretKey: be(2n, 32) }]),
        code: 'INVALID_SECRET_KEY',
        arg: 'shares',
      },
    ],

    getPublicKeyShare: [
      { name: 'empty commitments', run: () => L.getPublicKeyShare([], 1), code: 'EMPTY_INPUT', arg: 'commitments' },
      ...nonArrays(VALID_G1).map((b): Refusal => ({
        name: `commitments is ${b.name}`,
        run: () => L.getPublicKeyShare(b.value, 1),
        code: 'INVALID_ARGUMENT',
        arg: 'commitments',
      })),
      ...G1_REFUSED.map((b): Refusal => ({
        name: `commitments[1] is ${b.name}`,
        run: (f) => L.getPublicKeyShare(replaced(f.commitments, 1, b.value), 1),
        code: 'INVALID_COMMITMENTS',
        arg: 'commitments[1]',
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Refusal => ({
        name: `commitments[0] is ${b.name}`,
        run: (f) => L.getPublicKeyShare(replaced(f.commitments, 0, b.value), 1),
        code: 'INVALID_COMMITMENTS',
        arg: 'commitments[0]',
      })),
      {
        name: 'commitments that evaluate to infinity at the id ([C, -C] at id 1)',
        run: (f) => L.getPublicKeyShare([f.pk, f.negPk], 1),
        code: 'INVALID_COMMITMENTS',
        arg: 'commitments',
      },
      ...BAD_IDS.map((b): Refusal => ({
        name: `id is ${b.name}`,
        run: (f) => L.getPublicKeyShare(f.commitments, b.value),
        code: 'INVALID_ID',
        arg: 'id',
      })),
    ],

    partialSign: [
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `share is ${b.name}`,
        run: (f) => L.partialSign(b.value, f.msg),
        code: 'INVALID_ARGUMENT',
        arg: 'share',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `share.id is ${b.name}`,
        run: (f) => L.partialSign({ ...at(f.shares, 0), id: b.value }, f.msg),
        code: 'INVALID_ID',
        arg: 'share.id',
      })),
      ...BAD_SECRET_KEYS.map((b): Refusal => ({
        name: `share.secretKey is ${b.name}`,
        run: (f) => L.partialSign({ id: 1, secretKey: b.value }, f.msg),
        code: 'INVALID_SECRET_KEY',
        arg: 'share.secretKey',
      })),
      ...BAD_MESSAGES.map((b): Refusal => ({
        name: `message is ${b.name}`,
        run: (f) => L.partialSign(at(f.shares, 0), b.value),
        code: 'INVALID_MESSAGE',
        arg: 'message',
      })),
    ],

    combineSignatures: [
      { name: 'an empty list', run: () => L.combineSignatures([]), code: 'EMPTY_INPUT', arg: 'partials' },
      ...nonArrays({ id: 1, signature: VALID_G2 }).map((b): Refusal => ({
        name: `partials is ${b.name}`,
        run: () => L.combineSignatures(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'partials',
      })),
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `partials[1] is ${b.name}`,
        run: (f) => L.combineSignatures(replaced(f.partials.slice(0, 3), 1, b.value)),
        code: 'INVALID_ARGUMENT',
        arg: 'partials[1]',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `partials[1].id is ${b.name}`,
        run: (f) => L.combineSignatures(replaced(f.partials.slice(0, 3), 1, { ...at(f.partials, 1), id: b.value })),
        code: 'INVALID_ID',
        arg: 'partials[1].id',
      })),
      {
        name: 'duplicate ids',
        run: (f) => L.combineSignatures(replaced(f.partials.slice(0, 3), 2, { ...at(f.partials, 2), id: 2 })),
        code: 'DUPLICATE_ID',
        arg: 'partials',
      },
      ...G2_REFUSED.map((b): Refusal => ({
        name: `partials[1].signature is ${b.name}`,
        run: (f) => L.combineSignatures(replaced(f.partials.slice(0, 3), 1, { id: 2, signature: b.value })),
        code: 'INVALID_SIGNATURE',
        arg: 'partials[1].signature',
      })),
    ],

    combinePublicKeys: [
      { name: 'an empty list', run: () => L.combinePublicKeys([]), code: 'EMPTY_INPUT', arg: 'publicKeyShares' },
      ...nonArrays({ id: 1, publicKey: VALID_G1 }).map((b): Refusal => ({
        name: `publicKeyShares is ${b.name}`,
        run: () => L.combinePublicKeys(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'publicKeyShares',
      })),
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `publicKeyShares[1] is ${b.name}`,
        run: (f) => L.combinePublicKeys(replaced(f.pkShares.slice(0, 3), 1, b.value)),
        code: 'INVALID_ARGUMENT',
        arg: 'publicKeyShares[1]',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `publicKeyShares[1].id is ${b.name}`,
        run: (f) => L.combinePublicKeys(replaced(f.pkShares.slice(0, 3), 1, { ...at(f.pkShares, 1), id: b.value })),
        code: 'INVALID_ID',
        arg: 'publicKeyShares[1].id',
      })),
      {
        name: 'duplicate ids',
        run: (f) => L.combinePublicKeys(replaced(f.pkShares.slice(0, 3), 2, { ...at(f.pkShares, 2), id: 1 })),
        code: 'DUPLICATE_ID',
        arg: 'publicKeyShares',
      },
      ...G1_BAD_PUBLIC_KEYS.map((b): Refusal => ({
        name: `publicKeyShares[1].publicKey is ${b.name}`,
        run: (f) => L.combinePublicKeys(replaced(f.pkShares.slice(0, 3), 1, { id: 2, publicKey: b.value })),
        code: 'INVALID_PUBLIC_KEY',
        arg: 'publicKeyShares[1].publicKey',
      })),
    ],

    createDkgParticipant: [
      { name: 'protocol is unknown', run: () => L.createDkgParticipant(dkgConfig({ protocol: 'frost' })), code: 'INVALID_ARGUMENT', arg: 'config.protocol' },
      { name: 'participants is empty', run: () => L.createDkgParticipant(dkgConfig({ participants: [] })), code: 'EMPTY_INPUT', arg: 'config.participants' },
      ...BAD_IDS.map((b): Refusal => ({
        name: `participants[1].id is ${b.name}`,
        run: () => L.createDkgParticipant(dkgConfig({ participants: [{ id: 1 }, { id: b.value }, { id: 3 }] })),
        code: 'INVALID_ID',
        arg: 'config.participants[1].id',
      })),
      { name: 'duplicate participant ids', run: () => L.createDkgParticipant(dkgConfig({ participants: [{ id: 1 }, { id: 1 }, { id: 3 }] })), code: 'DUPLICATE_ID', arg: 'config.participants' },
      { name: 'self is not a participant', run: () => L.createDkgParticipant(dkgConfig({ self: 9 })), code: 'INVALID_ID', arg: 'config.self' },
      { name: 'threshold 0', run: () => L.createDkgParticipant(dkgConfig({ threshold: 0 })), code: 'INVALID_THRESHOLD', arg: 'config.threshold' },
      { name: 'threshold above n', run: () => L.createDkgParticipant(dkgConfig({ threshold: 4 })), code: 'INVALID_THRESHOLD', arg: 'config.threshold' },
      { name: 'session of 31 bytes', run: () => L.createDkgParticipant(dkgConfig({ session: new Uint8Array(31) })), code: 'INVALID_ARGUMENT', arg: 'config.session' },
      {
        name: 'encryption keys on some participants only',
        run: () => L.createDkgParticipant(dkgConfig({ participants: [{ id: 1, encryptionKey: new Uint8Array(32) }, { id: 2 }, { id: 3 }] })),
        code: 'INVALID_ARGUMENT',
        arg: 'config.participants',
      },
    ],

    combineVerified: [
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `input is ${b.name}`,
        run: () => L.combineVerified(b.value),
        code: 'INVALID_ARGUMENT',
        arg: 'input',
      })),
      ...BAD_MESSAGES.map((b): Refusal => ({
        name: `input.message is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { message: b.value })),
        code: 'INVALID_MESSAGE',
        arg: 'input.message',
      })),
      {
        name: 'input.publicKeyShares is empty',
        run: (f) => L.combineVerified(cv(f, { publicKeyShares: [] })),
        code: 'EMPTY_INPUT',
        arg: 'input.publicKeyShares',
      },
      ...nonArrays({ id: 1, publicKey: VALID_G1 }).map((b): Refusal => ({
        name: `input.publicKeyShares is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { publicKeyShares: b.value })),
        code: 'INVALID_ARGUMENT',
        arg: 'input.publicKeyShares',
      })),
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `input.publicKeyShares[1] is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { publicKeyShares: replaced(f.pkShares, 1, b.value) })),
        code: 'INVALID_ARGUMENT',
        arg: 'input.publicKeyShares[1]',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `input.publicKeyShares[1].id is ${b.name}`,
        run: (f) =>
          L.combineVerified(cv(f, { publicKeyShares: replaced(f.pkShares, 1, { ...at(f.pkShares, 1), id: b.value }) })),
        code: 'INVALID_ID',
        arg: 'input.publicKeyShares[1].id',
      })),
      {
        name: 'duplicate public key share ids',
        run: (f) =>
          L.combineVerified(cv(f, { publicKeyShares: replaced(f.pkShares, 3, { ...at(f.pkShares, 3), id: 2 }) })),
        code: 'DUPLICATE_ID',
        arg: 'input.publicKeyShares',
      },
      ...[...G1_REFUSED.filter((b) => !(b.value instanceof Uint8Array && b.value.length === 48))].map(
        (b): Refusal => ({
          name: `input.publicKeyShares[1].publicKey is ${b.name}`,
          run: (f) => L.combineVerified(cv(f, { publicKeyShares: replaced(f.pkShares, 1, { id: 2, publicKey: b.value }) })),
          code: 'INVALID_PUBLIC_KEY',
          arg: 'input.publicKeyShares[1].publicKey',
        })
      ),
      ...[
        { name: 'off the curve', value: OFF_CURVE_G1 },
        { name: 'outside the subgroup', value: NON_SUBGROUP_G1.bytes },
        { name: 'the point at infinity', value: INFINITY_G1 },
        { name: 'x = p', value: fromHex(VECTORS.g1XEqualModulus) },
      ].map(
        (b): Refusal => ({
          // A 48-byte public key share is decoded only when the slow path needs it: partial 2 is
          // the (well-formed, wrong) infinity signature, so the slow path verifies partial 2.
          name: `input.publicKeyShares[1].publicKey is ${b.name}, needed on the slow path`,
          run: (f) =>
            L.combineVerified(
              cv(f, {
                partials: replaced(f.partials.slice(0, 3), 1, { id: 2, signature: INFINITY_G2 }),
                publicKeyShares: replaced(f.pkShares, 1, { id: 2, publicKey: b.value }),
              })
            ),
          code: 'INVALID_PUBLIC_KEY',
          arg: 'input.publicKeyShares[1].publicKey',
        })
      ),
      ...badThresholds(4).map((b): Refusal => ({
        name: `input.threshold is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { threshold: b.value })),
        code: 'INVALID_THRESHOLD',
        arg: 'input.threshold',
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Refusal => ({
        name: `input.groupPublicKey is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { groupPublicKey: b.value })),
        code: 'INVALID_PUBLIC_KEY',
        arg: 'input.groupPublicKey',
      })),
      ...nonArrays({ id: 1, signature: VALID_G2 }).map((b): Refusal => ({
        name: `input.partials is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { partials: b.value })),
        code: 'INVALID_ARGUMENT',
        arg: 'input.partials',
      })),
      {
        name: 'input.partials is empty (fewer than the threshold)',
        run: (f) => L.combineVerified(cv(f, { partials: [] })),
        code: 'TOO_FEW_PARTIALS',
        arg: 'input.partials',
      },
      {
        name: 'too few partials: 2 with threshold 3',
        run: (f) => L.combineVerified(cv(f, { partials: f.partials.slice(0, 2) })),
        code: 'TOO_FEW_PARTIALS',
        arg: 'input.partials',
      },
      {
        name: 'too few partials: 3 with threshold 4',
        run: (f) => L.combineVerified(cv(f, { threshold: 4 })),
        code: 'TOO_FEW_PARTIALS',
        arg: 'input.partials',
      },
      ...NON_OBJECTS.map((b): Refusal => ({
        name: `input.partials[1] is ${b.name}`,
        run: (f) => L.combineVerified(cv(f, { partials: replaced(f.partials.slice(0, 3), 1, b.value) })),
        code: 'INVALID_ARGUMENT',
        arg: 'input.partials[1]',
      })),
      ...BAD_IDS.map((b): Refusal => ({
        name: `input.partials[1].id is ${b.name}`,
        run: (f) =>
          L.combineVerified(cv(f, { partials: replaced(f.partials.slice(0, 3), 1, { ...at(f.partials, 1), id: b.value }) })),
        code: 'INVALID_ID',
        arg: 'input.partials[1].id',
      })),
      {
        name: 'duplicate partial ids',
        run: (f) =>
          L.combineVerified(cv(f, { partials: replaced(f.partials.slice(0, 3), 2, { ...at(f.partials, 2), id: 1 }) })),
        code: 'DUPLICATE_ID',
        arg: 'input.partials',
      },
      {
        name: 'a partial id with no public key share',
        run: (f) =>
          L.combineVerified(cv(f, { partials: [...f.partials.slice(0, 3), { ...at(f.partials, 3), id: 9 }] })),
        code: 'UNKNOWN_ID',
        arg: 'input.partials',
      },
      {
        name: 'a partial id with no public key share (shares 1..3 only, partial 4)',
        run: (f) => L.combineVerified(cv(f, { partials: f.partials.slice(1, 4), publicKeyShares: f.pkShares.slice(0, 3) })),
        code: 'UNKNOWN_ID',
        arg: 'input.partials',
      },
      {
        name: 'too few valid partials: 3 with threshold 3, one malformed',
        run: (f) => L.combineVerified(cv(f, { partials: replaced(f.partials.slice(0, 3), 1, { id: 2, signature: OFF_CURVE_G2 }) })),
        code: 'TOO_FEW_VALID_PARTIALS',
        arg: 'partials',
      },
      {
        name: 'too few valid partials: 4 with threshold 3, two signed another message',
        run: (f) =>
          L.combineVerified(
            cv(f, {
              partials: [
                at(f.partials, 0),
                api.partialSign(at(f.shares, 1), f.msg2),
                at(f.partials, 2),
                api.partialSign(at(f.shares, 3), f.msg2),
              ],
            })
          ),
        code: 'TOO_FEW_VALID_PARTIALS',
        arg: 'partials',
      },
      {
        name: 'public key shares that do not match the group key',
        run: (f) => L.combineVerified(cv(f, { groupPublicKey: f.foreignGroupKey })),
        code: 'INCONSISTENT_KEYS',
        arg: 'groupPublicKey',
      },
    ],
  };

  // -------------------------------------------------------------------------------------------
  // Verifiers: exactly false, never a throw.

  const rejections: Partial<Record<Fn, Rejection[]>> = {
    verify: [
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({ name: `publicKey is ${b.name}`, run: (f) => L.verify(b.value, f.msg, f.sig) })),
      ...BAD_MESSAGES.map((b): Rejection => ({ name: `message is ${b.name}`, run: (f) => L.verify(f.pk, b.value, f.sig) })),
      ...G2_REFUSED.map((b): Rejection => ({ name: `signature is ${b.name}`, run: (f) => L.verify(f.pk, f.msg, b.value) })),
      { name: 'signature is the point at infinity', run: (f) => api.verify(f.pk, f.msg, INFINITY_G2) },
      { name: 'signature by another key', run: (f) => api.verify(f.pk, f.msg, f.sig2OnMsg) },
      { name: 'signature on another message', run: (f) => api.verify(f.pk, f.msg, f.sigOnMsg2) },
      { name: 'signature negated', run: (f) => api.verify(f.pk, f.msg, f.negSig) },
      { name: 'public key negated', run: (f) => api.verify(f.negPk, f.msg, f.sig) },
    ],

    aggregateVerify: [
      { name: 'empty lists', run: (f) => L.aggregateVerify([], [], aggSig(f)) },
      { name: 'empty lists and the infinity signature', run: () => L.aggregateVerify([], [], INFINITY_G2) },
      ...nonArrays(VALID_G1).map((b): Rejection => ({
        name: `publicKeys is ${b.name}`,
        run: (f) => L.aggregateVerify(b.value, [f.msg, f.msg2], aggSig(f)),
      })),
      ...nonArrays(new Uint8Array(1)).map((b): Rejection => ({
        name: `messages is ${b.name}`,
        run: (f) => L.aggregateVerify([f.pk, f.pk2], b.value, aggSig(f)),
      })),
      { name: 'fewer messages than keys', run: (f) => L.aggregateVerify([f.pk, f.pk2], [f.msg], aggSig(f)) },
      { name: 'more messages than keys', run: (f) => L.aggregateVerify([f.pk, f.pk2], [f.msg, f.msg2, f.msg], aggSig(f)) },
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({
        name: `publicKeys[1] is ${b.name}`,
        run: (f) => L.aggregateVerify([f.pk, b.value], [f.msg, f.msg2], aggSig(f)),
      })),
      ...BAD_MESSAGES.map((b): Rejection => ({
        name: `messages[1] is ${b.name}`,
        run: (f) => L.aggregateVerify([f.pk, f.pk2], [f.msg, b.value], aggSig(f)),
      })),
      ...G2_REFUSED.map((b): Rejection => ({
        name: `signature is ${b.name}`,
        run: (f) => L.aggregateVerify([f.pk, f.pk2], [f.msg, f.msg2], b.value),
      })),
      { name: 'messages swapped', run: (f) => api.aggregateVerify([f.pk, f.pk2], [f.msg2, f.msg], aggSig(f)) },
      { name: 'signature is infinity', run: (f) => api.aggregateVerify([f.pk, f.pk2], [f.msg, f.msg2], INFINITY_G2) },
    ],

    fastAggregateVerify: [
      { name: 'an empty key list', run: (f) => L.fastAggregateVerify([], f.msg, fastAggSig(f)) },
      { name: 'an empty key list and the infinity signature', run: (f) => L.fastAggregateVerify([], f.msg, INFINITY_G2) },
      ...nonArrays(VALID_G1).map((b): Rejection => ({
        name: `publicKeys is ${b.name}`,
        run: (f) => L.fastAggregateVerify(b.value, f.msg, fastAggSig(f)),
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({
        name: `publicKeys[1] is ${b.name}`,
        run: (f) => L.fastAggregateVerify([f.pk, b.value], f.msg, fastAggSig(f)),
      })),
      ...BAD_MESSAGES.map((b): Rejection => ({
        name: `message is ${b.name}`,
        run: (f) => L.fastAggregateVerify([f.pk, f.pk2], b.value, fastAggSig(f)),
      })),
      ...G2_REFUSED.map((b): Rejection => ({
        name: `signature is ${b.name}`,
        run: (f) => L.fastAggregateVerify([f.pk, f.pk2], f.msg, b.value),
      })),
      { name: 'one key missing', run: (f) => api.fastAggregateVerify([f.pk], f.msg, fastAggSig(f)) },
      {
        // FastAggregateVerify runs CoreVerify on the aggregate key, whose KeyValidate refuses infinity.
        name: 'keys that sum to infinity ([pk, -pk]) with the infinity signature',
        run: (f) => api.fastAggregateVerify([f.pk, f.negPk], f.msg, INFINITY_G2),
      },
      {
        name: 'keys that sum to infinity ([pk, -pk]) with the infinity signature, another message',
        run: (f) => api.fastAggregateVerify([f.pk, f.negPk], f.msg2, INFINITY_G2),
      },
    ],

    verifyBatch: [
      { name: 'an empty list', run: () => L.verifyBatch([], { randomBytes: seededRandomBytes(3) }) },
      ...nonArrays({}).map((b): Rejection => ({ name: `sets is ${b.name}`, run: () => L.verifyBatch(b.value) })),
      ...NON_OBJECTS.map((b): Rejection => ({
        name: `sets[1] is ${b.name}`,
        run: (f) => L.verifyBatch(replaced(goodSets(f), 1, b.value)),
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({
        name: `sets[1].publicKey is ${b.name}`,
        run: (f) => L.verifyBatch(replaced(goodSets(f), 1, { ...at(goodSets(f), 1), publicKey: b.value })),
      })),
      ...BAD_MESSAGES.map((b): Rejection => ({
        name: `sets[1].message is ${b.name}`,
        run: (f) => L.verifyBatch(replaced(goodSets(f), 1, { ...at(goodSets(f), 1), message: b.value })),
      })),
      ...G2_REFUSED.map((b): Rejection => ({
        name: `sets[1].signature is ${b.name}`,
        run: (f) => L.verifyBatch(replaced(goodSets(f), 1, { ...at(goodSets(f), 1), signature: b.value })),
      })),
      {
        name: 'sets[1] signature on another message',
        run: (f) => api.verifyBatch(replaced(goodSets(f), 1, { ...at(goodSets(f), 1), signature: f.sig2OnMsg }) as SignatureSet[]),
      },
      {
        name: 'sets[1] signature is infinity',
        run: (f) => api.verifyBatch(replaced(goodSets(f), 1, { ...at(goodSets(f), 1), signature: INFINITY_G2 }) as SignatureSet[]),
      },
      {
        name: 'two bad sets whose errors cancel in a plain sum (signatures swapped)',
        run: (f) =>
          api.verifyBatch(
            [
              { publicKey: f.pk, message: f.msg, signature: f.sig2 },
              { publicKey: f.pk2, message: f.msg2, signature: f.sig },
            ],
            { randomBytes: seededRandomBytes(4) }
          ),
      },
      {
        name: 'a misbehaving randomBytes does not matter when the sets are already malformed',
        run: () => L.verifyBatch([], { randomBytes: () => new Uint8Array(1) }),
      },
    ],

    isValidPublicKey: G1_BAD_PUBLIC_KEYS.map((b) => ({ name: `${b.name}`, run: () => L.isValidPublicKey(b.value) })),

    isValidSignature: G2_REFUSED.map((b) => ({ name: `${b.name}`, run: () => L.isValidSignature(b.value) })),

    verifyShare: [
      ...NON_OBJECTS.map((b): Rejection => ({ name: `share is ${b.name}`, run: (f) => L.verifyShare(b.value, f.commitments) })),
      ...BAD_IDS.map((b): Rejection => ({
        name: `share.id is ${b.name}`,
        run: (f) => L.verifyShare({ ...at(f.shares, 0), id: b.value }, f.commitments),
      })),
      ...BAD_SECRET_KEYS.map((b): Rejection => ({
        name: `share.secretKey is ${b.name}`,
        run: (f) => L.verifyShare({ id: 1, secretKey: b.value }, f.commitments),
      })),
      { name: 'empty commitments', run: (f) => L.verifyShare(at(f.shares, 0), []) },
      ...nonArrays(VALID_G1).map((b): Rejection => ({ name: `commitments is ${b.name}`, run: (f) => L.verifyShare(at(f.shares, 0), b.value) })),
      ...G1_REFUSED.map((b): Rejection => ({
        name: `commitments[1] is ${b.name}`,
        run: (f) => L.verifyShare(at(f.shares, 0), replaced(f.commitments, 1, b.value)),
      })),
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({
        name: `commitments[0] is ${b.name}`,
        run: (f) => L.verifyShare(at(f.shares, 0), replaced(f.commitments, 0, b.value)),
      })),
      { name: 'share under another id', run: (f) => api.verifyShare({ ...at(f.shares, 0), id: 2 }, f.commitments) },
      // At id 1 the order of the commitments does not matter (all powers are 1): use id 2.
      { name: 'commitments in reverse order', run: (f) => api.verifyShare(at(f.shares, 1), f.commitments.slice().reverse()) },
      { name: 'commitments of another sharing', run: (f) => api.verifyShare(at(f.shares, 1), f.foreignCommitments) },
      { name: 'a commitment missing', run: (f) => api.verifyShare(at(f.shares, 1), f.commitments.slice(0, 2)) },
    ],

    verifyPartial: [
      ...G1_BAD_PUBLIC_KEYS.map((b): Rejection => ({
        name: `publicKeyShare is ${b.name}`,
        run: (f) => L.verifyPartial(b.value, f.msg, at(f.partials, 1)),
      })),
      ...BAD_MESSAGES.map((b): Rejection => ({
        name: `message is ${b.name}`,
        run: (f) => L.verifyPartial(at(f.pkShares, 1).publicKey, b.value, at(f.partials, 1)),
      })),
      ...NON_OBJECTS.map((b): Rejection => ({
        name: `partial is ${b.name}`,
        run: (f) => L.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, b.value),
      })),
      ...BAD_IDS.map((b): Rejection => ({
        name: `partial.id is ${b.name}`,
        run: (f) => L.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, { ...at(f.partials, 1), id: b.value }),
      })),
      ...G2_REFUSED.map((b): Rejection => ({
        name: `partial.signature is ${b.name}`,
        run: (f) => L.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, { id: 2, signature: b.value }),
      })),
      { name: 'partial.signature is infinity', run: (f) => api.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, { id: 2, signature: INFINITY_G2 }) },
      { name: 'partial by another share', run: (f) => api.verifyPartial(at(f.pkShares, 1).publicKey, f.msg, at(f.partials, 2)) },
      { name: 'partial on another message', run: (f) => api.verifyPartial(at(f.pkShares, 1).publicKey, f.msg2, at(f.partials, 1)) },
    ],
  };

  it('every public function of DvtBls has bad-input cases', () => {
    const fns = Object.keys(api).filter((k) => typeof (api as unknown as Record<string, unknown>)[k] === 'function');
    expect(fns.sort()).toEqual((Object.keys(baselines) as string[]).sort());
    for (const fn of fns) {
      const count = (refusals[fn as Fn]?.length ?? 0) + (rejections[fn as Fn]?.length ?? 0);
      expect(count, fn).toBeGreaterThan(0);
    }
  });

  for (const [fn, cases] of Object.entries(refusals)) {
    describe(`${fn} throws DvtBlsError`, () => {
      it.each(cases)('$code on $name', ({ run, code, arg }) => {
        expectRefusal(() => run(fx), code, arg);
      });
    });
  }

  for (const [fn, cases] of Object.entries(rejections)) {
    describe(`${fn} returns false`, () => {
      it.each(cases)('$name', ({ run }) => {
        expectFalse(() => run(fx));
      });
    });
  }

  describe('TOO_FEW_VALID_PARTIALS names the culprits', () => {
    it('culprits lists the malformed and the wrong partials', () => {
      const partials = [
        at(fx.partials, 0),
        { id: 2, signature: OFF_CURVE_G2 },
        at(fx.partials, 2),
        api.partialSign(at(fx.shares, 3), fx.msg2),
      ];
      const err = expectRefusal(() => L.combineVerified(cv(fx, { partials })), 'TOO_FEW_VALID_PARTIALS', 'partials');
      expect([...err.culprits]).toEqual([2, 4]);
    });
  });

  // -------------------------------------------------------------------------------------------
  // combineVerified: a malformed partial is an invalid partial, not a caller error.

  const MALFORMED_PARTIALS: Bad[] = [
    ...G2_REFUSED,
    { name: 'a missing signature field', value: undefined },
  ];

  describe('combineVerified counts a malformed partial as invalid', () => {
    it.each(MALFORMED_PARTIALS)('partial 2 is $name', ({ value }) => {
      const partials = [at(fx.partials, 0), { id: 2, signature: value }, at(fx.partials, 2), at(fx.partials, 3)];
      const result = L.combineVerified(cv(fx, { partials }));
      expect(result.invalid).toEqual([2]);
      expect(result.signers).toEqual([1, 3, 4]);
      expect(hex(result.signature)).toBe(hex(fx.sig));
      expect(api.verify(fx.pk, fx.msg, result.signature)).toBe(true);
    });

    it.each([
      { name: 'the infinity signature', make: (): Uint8Array => INFINITY_G2 },
      { name: 'a signature on another message', make: (): Uint8Array => api.partialSign(at(fx.shares, 1), fx.msg2).signature },
      { name: 'the partial of another share', make: (): Uint8Array => at(fx.partials, 0).signature },
      { name: 'a partial of another sharing', make: (): Uint8Array => at(fx.foreignPartials, 1).signature },
      { name: 'the full group signature', make: (): Uint8Array => fx.sig },
    ])('partial 2 is well-formed but wrong: $name (slow path)', ({ make }) => {
      const partials = [at(fx.partials, 0), { id: 2, signature: make() }, at(fx.partials, 2), at(fx.partials, 3)];
      const result = L.combineVerified(cv(fx, { partials }));
      expect(result.invalid).toEqual([2]);
      expect(result.signers).toEqual([1, 3, 4]);
      expect(hex(result.signature)).toBe(hex(fx.sig));
    });

    it('two malformed partials out of five (threshold 3, shares 1..5)', () => {
      const ids = [1, 2, 3, 4, 5];
      const { shares, commitments } = api.splitSecret(fx.sk, { threshold: 3, ids, randomBytes: seededRandomBytes('five') });
      const partials: unknown[] = shares.map((s) => api.partialSign(s, fx.msg));
      partials[0] = { id: 1, signature: NON_SUBGROUP_G2.bytes };
      partials[3] = { id: 4, signature: 'not bytes' };
      const result = L.combineVerified({
        message: fx.msg,
        partials,
        threshold: 3,
        groupPublicKey: at(commitments, 0),
        publicKeyShares: ids.map((id) => ({ id, publicKey: api.getPublicKeyShare(commitments, id) })),
      });
      expect(result.invalid).toEqual([1, 4]);
      expect(result.signers).toEqual([2, 3, 5]);
      expect(hex(result.signature)).toBe(hex(fx.sig));
    });
  });

  // -------------------------------------------------------------------------------------------
  // Generated malformed encodings (dvt-bls/testing): refused everywhere, with the exact code.

  describe('generated malformed encodings are refused with their codes', () => {
    it('public keys: isValidPublicKey and verify say false; aggregatePublicKeys and combinePublicKeys refuse', () => {
      fc.assert(
        fc.property(arbMalformedPublicKey(), (bad) => {
          expect(api.isValidPublicKey(bad.bytes)).toBe(false);
          expectFalse(() => api.verify(bad.bytes, fx.msg, fx.sig));
          expectFalse(() => api.verifyPartial(bad.bytes, fx.msg, at(fx.partials, 1)));
          expectRefusal(() => api.aggregatePublicKeys([fx.pk, bad.bytes, fx.pk2]), 'INVALID_PUBLIC_KEY', 'publicKeys[1]');
          expectRefusal(
            () => api.combinePublicKeys([at(fx.pkShares, 0), { id: 2, publicKey: bad.bytes }]),
            'INVALID_PUBLIC_KEY',
            'publicKeyShares[1].publicKey'
          );
          expectRefusal(() => api.combineVerified(cv(fx, { groupPublicKey: bad.bytes }) as unknown as CombineVerifiedInput), 'INVALID_PUBLIC_KEY', 'input.groupPublicKey');
        }),
        malformedParams(0xbad0003, 40)
      );
    });

    it('signatures: isValidSignature and verify say false; aggregateSignatures and combineSignatures refuse', () => {
      fc.assert(
        fc.property(arbMalformedSignature(), (bad) => {
          expect(api.isValidSignature(bad.bytes)).toBe(false);
          expectFalse(() => api.verify(fx.pk, fx.msg, bad.bytes));
          expectRefusal(() => api.aggregateSignatures([fx.sig, bad.bytes, fx.sig2]), 'INVALID_SIGNATURE', 'signatures[1]');
          expectRefusal(
            () => api.combineSignatures([at(fx.partials, 0), { id: 2, signature: bad.bytes }]),
            'INVALID_SIGNATURE',
            'partials[1].signature'
          );
        }),
        malformedParams(0xbad0004, 40)
      );
    });

    it('signatures: combineVerified counts a malformed partial as invalid and combines the others', () => {
      // Fewer runs: each one combines and pairs (the listed cases above cover every named kind).
      fc.assert(
        fc.property(arbMalformedSignature(), (bad) => {
          const partials = [at(fx.partials, 0), { id: 2, signature: bad.bytes }, at(fx.partials, 2), at(fx.partials, 3)];
          const result = api.combineVerified({ ...fx.cvInput(), partials });
          expect(result.invalid).toEqual([2]);
          expect(result.signers).toEqual([1, 3, 4]);
          expect(hex(result.signature)).toBe(hex(fx.sig));
        }),
        { seed: 0xbad0005, numRuns: 12 }
      );
    });
  });

  // -------------------------------------------------------------------------------------------
  // Results at infinity: cancelling inputs must not surface a foreign (non-DvtBlsError) exception.

  /** Either the canonical infinity encoding, or a DvtBlsError with `code` naming `arg`. */
  function expectInfinityOrRefusal(run: () => unknown, infinity: Uint8Array, code: ErrorCode, arg: string): void {
    let result: unknown;
    try {
      result = run();
    } catch (e) {
      if (!(e instanceof DvtBlsError)) {
        expect.fail(`expected the infinity encoding or DvtBlsError ${code}, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : show(e)}`);
      }
      expect(e.code).toBe(code);
      expect(e.message).toContain(arg);
      return;
    }
    expect(result).toBeInstanceOf(Uint8Array);
    expect(hex(result as Uint8Array)).toBe(hex(infinity));
  }

  describe('results at the point at infinity', () => {
    it('aggregateSignatures of [infinity] is the infinity encoding', () => {
      expect(hex(api.aggregateSignatures([INFINITY_G2]))).toBe(hex(INFINITY_G2));
    });

    it('aggregateSignatures of cancelling signatures [sig, -sig] is the infinity encoding', () => {
      let result: unknown;
      try {
        result = api.aggregateSignatures([fx.sig, fx.negSig]);
      } catch (e) {
        expect.fail(`threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : show(e)}`);
      }
      expect(hex(result as Uint8Array)).toBe(hex(INFINITY_G2));
    });

    it('combineSignatures of partials that interpolate to infinity ({1: S}, {2: 2S}) is the infinity encoding', () => {
      // Consistent with combineSignatures of infinity partials, which gives the infinity encoding.
      expect(hex(api.combineSignatures([{ id: 1, signature: INFINITY_G2 }, { id: 2, signature: INFINITY_G2 }]))).toBe(hex(INFINITY_G2));
      let result: unknown;
      try {
        result = api.combineSignatures([
          { id: 1, signature: fx.sig },
          { id: 2, signature: fx.doubleSig },
        ]);
      } catch (e) {
        expect.fail(`threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : show(e)}`);
      }
      expect(hex(result as Uint8Array)).toBe(hex(INFINITY_G2));
    });

    it('aggregatePublicKeys of cancelling keys [pk, -pk]: infinity encoding or INVALID_PUBLIC_KEY, not a foreign error', () => {
      expectInfinityOrRefusal(() => api.aggregatePublicKeys([fx.pk, fx.negPk]), INFINITY_G1, 'INVALID_PUBLIC_KEY', 'publicKeys');
    });

    it('combinePublicKeys of shares that interpolate to infinity ({1: P}, {2: 2P}): infinity encoding or INVALID_PUBLIC_KEY', () => {
      expectInfinityOrRefusal(
        () =>
          api.combinePublicKeys([
            { id: 1, publicKey: fx.pk },
            { id: 2, publicKey: fx.doublePk },
          ]),
        INFINITY_G1,
        'INVALID_PUBLIC_KEY',
        'publicKeyShares'
      );
    });
  });
});
