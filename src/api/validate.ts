/**
 * Boundary checks: every public function validates its arguments here, once, and turns them into
 * scalars and backend point handles. Each refusal names the argument and the reason, never secret
 * bytes.
 * @module
 */
import type { Backend } from '../backend/types';
import { isBytes, type RandomBytes, defaultRandomBytes } from '../bytes';
import { DvtBlsError, type ErrorCode } from '../errors';
import { isNonZeroScalar, scalarFromBytes, SCALAR_LENGTH } from '../field/scalar';

/** Compressed G1 public key length. */
export const PUBLIC_KEY_LENGTH = 48;
/** Compressed G2 signature length. */
export const SIGNATURE_LENGTH = 96;

function describe(value: unknown): string {
  if (isBytes(value)) return `${value.length} bytes`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** `length` bytes, else `code` naming `arg` (for encodings: the length check before decoding). */
export function expectBytes(value: unknown, length: number, arg: string, code: ErrorCode): Uint8Array {
  if (!isBytes(value)) throw new DvtBlsError(code, `${arg}: expected a Uint8Array, got ${describe(value)}`);
  if (value.length !== length) {
    throw new DvtBlsError(code, `${arg}: expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

/** A list argument: an array (possibly empty), else INVALID_ARGUMENT. */
export function expectArray<T = unknown>(value: unknown, arg: string): readonly T[] {
  if (!Array.isArray(value)) throw new DvtBlsError('INVALID_ARGUMENT', `${arg}: expected an array, got ${describe(value)}`);
  return value as readonly T[];
}

/** A non-empty list argument. */
export function expectNonEmptyArray<T = unknown>(value: unknown, arg: string): readonly T[] {
  const list = expectArray<T>(value, arg);
  if (list.length === 0) throw new DvtBlsError('EMPTY_INPUT', `${arg}: expected at least one element`);
  return list;
}

/** An object argument (not null, not an array). */
export function expectObject(value: unknown, arg: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isBytes(value)) {
    throw new DvtBlsError('INVALID_ARGUMENT', `${arg}: expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A message: any bytes, including none. */
export function expectMessage(value: unknown, arg = 'message'): Uint8Array {
  if (!isBytes(value)) throw new DvtBlsError('INVALID_MESSAGE', `${arg}: expected a Uint8Array, got ${describe(value)}`);
  return value;
}

/**
 * A secret key: 32 big-endian bytes of a scalar in [1, r). The message never shows the bytes; it
 * says only which rule they broke.
 */
export function expectSecretKey(value: unknown, arg = 'secretKey'): Uint8Array {
  const bytes = expectBytes(value, SCALAR_LENGTH, arg, 'INVALID_SECRET_KEY');
  const scalar = scalarFromBytes(bytes);
  if (scalar === 0n) throw new DvtBlsError('INVALID_SECRET_KEY', `${arg}: the zero key is not a valid secret key`);
  if (!isNonZeroScalar(scalar)) {
    throw new DvtBlsError('INVALID_SECRET_KEY', `${arg}: not canonical, the value is not below the curve order r`);
  }
  return bytes;
}

/** The scalar of a secret key already checked by {@link expectSecretKey}. */
export function secretScalarOf(secretKey: Uint8Array): bigint {
  return scalarFromBytes(secretKey);
}

/** A share id: an integer in [1, 2^53 - 1], evaluated at x = id. */
export function expectId(value: unknown, arg: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    const shown = typeof value === 'number' ? String(value) : describe(value);
    throw new DvtBlsError('INVALID_ID', `${arg}: expected an integer id >= 1, got ${shown}`);
  }
  return value;
}

/** Throws DUPLICATE_ID if an id repeats. */
export function expectDistinctIds(ids: readonly number[], arg: string): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new DvtBlsError('DUPLICATE_ID', `${arg}: id ${id} appears more than once`);
    seen.add(id);
  }
}

/** A threshold t with 1 <= t <= n. */
export function expectThreshold(value: unknown, n: number, arg = 'threshold'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > n) {
    const shown = typeof value === 'number' ? String(value) : describe(value);
    throw new DvtBlsError('INVALID_THRESHOLD', `${arg}: expected an integer in [1, ${n}], got ${shown}`);
  }
  return value;
}

/** An injected randomness source, or the platform CSPRNG. */
export function expectRandomBytes(value: unknown, arg = 'randomBytes'): RandomBytes {
  if (value === undefined) return defaultRandomBytes;
  if (typeof value !== 'function') throw new DvtBlsError('INVALID_ARGUMENT', `${arg}: expected a function, got ${describe(value)}`);
  return value as RandomBytes;
}

/**
 * Decodes `length` bytes with a backend decoder; any refusal becomes `code`. Backend messages
 * describe the encoding rule broken (flags, field range, curve, subgroup) of public bytes only.
 */
export function decodePoint<P>(
  decode: (bytes: Uint8Array) => P,
  value: unknown,
  length: number,
  arg: string,
  code: ErrorCode
): P {
  const bytes = expectBytes(value, length, arg, code);
  try {
    return decode(bytes);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DvtBlsError(code, `${arg}: not a valid point encoding (${reason})`);
  }
}

/** KeyValidate: 48 canonical bytes of a G1 point in the subgroup, not infinity. */
export function decodePublicKey<G1>(backend: Backend<G1>, value: unknown, arg = 'publicKey'): G1 {
  const point = decodePoint((b) => backend.decodeG1(b), value, PUBLIC_KEY_LENGTH, arg, 'INVALID_PUBLIC_KEY');
  if (backend.isInfinityG1(point)) throw new DvtBlsError('INVALID_PUBLIC_KEY', `${arg}: the point at infinity is not a valid public key`);
  return point;
}

/** 96 canonical bytes of a G2 point in the subgroup (infinity allowed: it is a valid signature encoding). */
export function decodeSignature<G2>(backend: Backend<unknown, G2>, value: unknown, arg = 'signature'): G2 {
  return decodePoint((b) => backend.decodeG2(b), value, SIGNATURE_LENGTH, arg, 'INVALID_SIGNATURE');
}

/** Checks that a public key is 48 bytes without decoding it (for keys decoded later, if at all). */
export function expectPublicKeyBytes(value: unknown, arg: string): Uint8Array {
  return expectBytes(value, PUBLIC_KEY_LENGTH, arg, 'INVALID_PUBLIC_KEY');
}

/** Runs `check` and turns any thrown error into `false`: verifiers never throw on bad input. */
export function falseOnError(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
