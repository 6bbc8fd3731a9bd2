/**
 * A deterministic randomBytes for reproducible tests: SHA-256 in counter mode over a seed.
 * Never use outside tests.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { RandomBytes } from '../../src/index';

export function seededRandomBytes(seed: string | number): RandomBytes {
  const seedBytes = new TextEncoder().encode(String(seed));
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = new Uint8Array(seedBytes.length + 4);
      block.set(seedBytes);
      new DataView(block.buffer).setUint32(seedBytes.length, counter++);
      out.set(sha256(block).subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
