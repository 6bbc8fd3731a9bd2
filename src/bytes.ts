/**
 * Byte helpers shared by every layer. Nothing here knows about curves.
 * @module
 */
import { randomBytes as platformRandomBytes } from '@noble/hashes/utils.js';
import { DvtBlsError } from './errors';

/**
 * A source of randomness: returns `length` fresh random bytes. Inject one for deterministic tests
 * and vector generation; the default is the platform CSPRNG (`crypto.getRandomValues`). The buffer
 * returned is consumed: dvt-bls zeroes it after use, so return a fresh one each call.
 * @example
 * ```ts
 * import { generateSecretKey, type RandomBytes } from 'dvt-bls';
 * // Tests only: fixed bytes give a reproducible key. Never inject anything but a CSPRNG for real keys.
 * const fixed: RandomBytes = (length) => new Uint8Array(length).fill(7);
 * const testKey = generateSecretKey({ randomBytes: fixed });
 * ```
 */
export type RandomBytes = (length: number) => Uint8Array;

/** The platform CSPRNG, through noble's `randomBytes` (WebCrypto `getRandomValues`). */
export const defaultRandomBytes: RandomBytes = (length) => platformRandomBytes(length);

/** True for a `Uint8Array`, also one made in another realm (iframe, worker, vm). */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array')
  );
}

/** Calls `randomBytes(length)` and checks that it kept its promise. */
export function drawRandomBytes(randomBytes: RandomBytes, length: number): Uint8Array {
  const out = randomBytes(length);
  if (!isBytes(out) || out.length !== length) {
    throw new DvtBlsError(
      'RANDOMNESS_FAILURE',
      `options.randomBytes: expected ${length} bytes, got ${isBytes(out) ? `${out.length} bytes` : typeof out}`
    );
  }
  return out;
}

/**
 * Overwrites a buffer that held secret material with zeros. Best effort: JavaScript engines may
 * keep copies (strings, bigints, garbage-collected buffers) that no library can reach.
 */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}

/** An integer in [0, 2^53) as 8 big-endian bytes (ids in hashes, transcripts and wire formats). */
export function uint64BE(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Lowercase hex, for public data only. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const REDACTED = '<redacted>';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Marks a buffer of secret bytes so that the usual ways of printing it show `<redacted>`:
 * `JSON.stringify`, `String()` and template literals, and Node's `console.log`/`util.inspect`. The
 * bytes themselves are untouched and it stays a plain `Uint8Array`; copying it (`slice`,
 * `Buffer.from`) gives an unmarked copy, which the caller then owns.
 */
export function redactSecret(bytes: Uint8Array): Uint8Array {
  const show = { value: () => REDACTED, enumerable: false };
  Object.defineProperties(bytes, { toJSON: show, toString: show, toLocaleString: show, [inspectSymbol]: show });
  return bytes;
}

/**
 * Byte equality that looks at every byte whatever the first difference (for checksums and
 * authentication tags: cheap, and it removes the question of what an early exit would leak).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
