/**
 * Helpers shared by the Ethereum format modules: strict hex and JSON-shape checks that turn bad
 * input into a coded {@link DvtBlsError}, and the lazily created default API.
 *
 * Not exported from `dvt-bls/eth`.
 * @module
 */
import { createDvtBls, type DvtBls } from '../api/dvt-bls';
import { nobleBackend } from '../backend/noble';
import { isBytes } from '../bytes';
import { DvtBlsError, type ErrorCode } from '../errors';

let defaultApi: DvtBls | undefined;

/**
 * The API that does the curve work: the caller's, else one bound to the portable noble backend.
 * Created on first use, so a caller that always passes its own (the CLI passes the Node root's,
 * blst when it loads) never builds the noble one.
 */
export function apiOf(bls: DvtBls | undefined): DvtBls {
  if (bls !== undefined) return bls;
  defaultApi ??= createDvtBls(nobleBackend);
  return defaultApi;
}

/** What a value is, for messages: never its content (it may be secret). */
export function describe(value: unknown): string {
  if (isBytes(value)) return `${value.length} bytes`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** A plain object (not null, an array or bytes), else `code`. */
export function expectRecord(value: unknown, arg: string, code: ErrorCode): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isBytes(value)) {
    throw new DvtBlsError(code, `${arg}: expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A string, else `code`. */
export function expectString(value: unknown, arg: string, code: ErrorCode): string {
  if (typeof value !== 'string') throw new DvtBlsError(code, `${arg}: expected a string, got ${describe(value)}`);
  return value;
}

/** A safe integer in [min, max], else `code`. */
export function expectInteger(value: unknown, arg: string, code: ErrorCode, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const shown = typeof value === 'number' ? String(value) : describe(value);
    throw new DvtBlsError(code, `${arg}: expected an integer in [${min}, ${max}], got ${shown}`);
  }
  return value;
}

/** `length` bytes (a `Uint8Array`), else `code`. */
export function expectBytesOf(value: unknown, length: number, arg: string, code: ErrorCode): Uint8Array {
  if (!isBytes(value)) throw new DvtBlsError(code, `${arg}: expected a Uint8Array, got ${describe(value)}`);
  if (value.length !== length) throw new DvtBlsError(code, `${arg}: expected ${length} bytes, got ${value.length}`);
  return value;
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * Hex text to bytes, with an optional `0x` prefix. `length` (in bytes), when given, must match.
 * The message quotes the length only: hex fields of keystores are not secret, but a caller could
 * pass a secret in the wrong field.
 */
export function parseHex(value: unknown, arg: string, code: ErrorCode, length?: number): Uint8Array {
  const text = expectString(value, arg, code);
  const digits = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (digits.length % 2 !== 0 || !HEX.test(digits)) {
    throw new DvtBlsError(code, `${arg}: expected hex digits in pairs, got ${digits.length} characters that are not`);
  }
  if (length !== undefined && digits.length !== 2 * length) {
    throw new DvtBlsError(code, `${arg}: expected ${length} bytes of hex, got ${digits.length / 2}`);
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Concatenation of byte strings (noble's). */
export { concatBytes } from '@noble/hashes/utils.js';

export { equalBytes } from '../bytes';

/** Parses JSON text, or passes an already parsed value through; bad JSON is `code`. */
export function parseJsonInput(input: unknown, arg: string, code: ErrorCode): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch (e) {
    // JSON.parse messages quote a few characters around the error; keystore text holds no
    // plaintext secret, but keep the message to the position only.
    const where = e instanceof SyntaxError ? e.message.replace(/^.*?(at position \d+|$).*$/s, '$1') : '';
    throw new DvtBlsError(code, `${arg}: not valid JSON${where ? ` (${where})` : ''}`);
  }
}

/** Refuses keys outside `allowed`: catches typos (`witdrawal_credentials`) instead of ignoring them. */
export function expectOnlyKeys(record: Record<string, unknown>, allowed: readonly string[], arg: string, code: ErrorCode): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new DvtBlsError(code, `${arg}: unexpected field "${key}"`);
  }
}
