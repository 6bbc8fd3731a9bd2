/**
 * A deterministic randomBytes for reproducible tests: SHA-256 in counter mode over a seed.
 * Never use outside tests.
 */
import type { RandomBytes } from '../../src/index';
import { counterModeBytes } from '../../src/testing/internal';

export function seededRandomBytes(seed: string | number): RandomBytes {
  return counterModeBytes(new TextEncoder().encode(String(seed)));
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
