/**
 * EIP-2333 key derivation and EIP-2334 paths: the EIP's vectors (with the Lamport intermediate
 * values), a cross-check of HKDF_mod_r against node:crypto's HKDF, path parsing, and refusals.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError } from '../src/index';
import {
  deriveChildSecretKey,
  deriveMasterSecretKey,
  deriveSecretKeyFromPath,
  parseDerivationPath,
  validatorSigningKeyPath,
  validatorWithdrawalKeyPath,
} from '../src/eth/index';
import { parentSecretKeyToLamportPublicKey } from '../src/eth/eip2333';
import { fromHex, hex } from './helpers/rng';

const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/** JSON.parse, with integers too long for a double kept as decimal strings. */
function readVector(name: string): Record<string, unknown> {
  const text = readFileSync(new URL(`./vectors/eip2333/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text.replace(/:\s*(\d{16,})/g, ': "$1"')) as Record<string, unknown>;
}

const decimal = (bytes: Uint8Array): string => BigInt(`0x${hex(bytes)}`).toString(10);
const be32 = (n: bigint): Uint8Array => fromHex(n.toString(16).padStart(64, '0'));

function refusal(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw e;
  }
  throw new Error('expected a DvtBlsError');
}

interface KdfCase {
  seed: string;
  master_SK: string;
  child_index: number;
  child_SK: string;
}

describe('EIP-2333 vectors', () => {
  const cases = (readVector('tree_kdf.json').kdf_tests as KdfCase[]).map((c, i) => ({ ...c, i }));

  it('has the four cases of the EIP', () => {
    expect(cases).toHaveLength(4);
  });

  it.each(cases)('case $i: master key and child $child_index', (c) => {
    const master = deriveMasterSecretKey(fromHex(c.seed));
    expect(decimal(master)).toBe(c.master_SK);
    expect(decimal(deriveChildSecretKey(master, c.child_index))).toBe(c.child_SK);
  });

  it('case 0 intermediates: Lamport keys and compressed Lamport public key', () => {
    const v = readVector('tree_kdf_intermediate.json');
    // The seed is the BIP-39 seed of the mnemonic and password (PBKDF2-HMAC-SHA512, 2048 rounds).
    const seed = pbkdf2(sha512, (v.mnemonic as string).normalize('NFKD'), `mnemonic${v.password as string}`, { c: 2048, dkLen: 64 });
    expect(hex(seed)).toBe(v.seed);
    const master = deriveMasterSecretKey(seed);
    expect(decimal(master)).toBe(v.master_SK);
    let lamport0: string[] = [];
    let lamport1: string[] = [];
    const compressed = parentSecretKeyToLamportPublicKey(master, v.child_index as number, (l0, l1) => {
      lamport0 = l0.map(hex);
      lamport1 = l1.map(hex);
    });
    expect(lamport0).toEqual(v.lamport_0);
    expect(lamport1).toEqual(v.lamport_1);
    expect(hex(compressed)).toBe(v.compressed_lamport_PK);
    expect(decimal(deriveChildSecretKey(master, v.child_index as number))).toBe(v.child_SK);
  });
});

describe('HKDF_mod_r against node:crypto', () => {
  // EIP-2333 HKDF_mod_r with node's HKDF: another engine, and the EIP's formula written out again.
  function hkdfModR(ikm: Uint8Array): bigint {
    let salt: Uint8Array = new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');
    for (;;) {
      salt = new Uint8Array(createHash('sha256').update(salt).digest());
      const okm = hkdfSync('sha256', Buffer.concat([ikm, Buffer.from([0])]), salt, Buffer.from([0, 48]), 48);
      const sk = BigInt(`0x${Buffer.from(okm).toString('hex')}`) % R;
      if (sk !== 0n) return sk;
    }
  }

  it('master keys agree for random seeds of 32 to 96 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 96 }), (seed) => {
        expect(hex(deriveMasterSecretKey(seed))).toBe(hex(be32(hkdfModR(seed))));
      }),
      { numRuns: 30 }
    );
  });
});

describe('paths', () => {
  it('derives along EIP-2334 paths, one child at a time', () => {
    const seed = fromHex('c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04');
    let key = deriveMasterSecretKey(seed);
    for (const index of [12381, 3600, 7, 0, 0]) key = deriveChildSecretKey(key, index);
    expect(hex(deriveSecretKeyFromPath(seed, validatorSigningKeyPath(7)))).toBe(hex(key));
    expect(hex(deriveSecretKeyFromPath(seed, 'm'))).toBe(hex(deriveMasterSecretKey(seed)));
  });

  it('formats validator paths', () => {
    expect(validatorSigningKeyPath(0)).toBe('m/12381/3600/0/0/0');
    expect(validatorWithdrawalKeyPath(42)).toBe('m/12381/3600/42/0');
  });

  it('parses and refuses paths', () => {
    expect(parseDerivationPath('m/12381/3600/0/0/0')).toEqual([12381, 3600, 0, 0, 0]);
    expect(parseDerivationPath('m/4294967295')).toEqual([4294967295]);
    for (const bad of ['', 'n/1', 'm/', 'm//1', 'm/01', 'm/-1', 'm/1.5', "m/1'", 'm/4294967296', 'm/ 1', '/m/1', 'M/1']) {
      expect(refusal(() => parseDerivationPath(bad)).code, bad).toBe('INVALID_PATH');
    }
    expect(refusal(() => parseDerivationPath(7 as unknown as string)).code).toBe('INVALID_PATH');
  });

  it('property: parse inverts formatting', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 6 }), (indices) => {
        expect(parseDerivationPath(['m', ...indices].join('/'))).toEqual(indices);
      })
    );
  });
});

describe('refusals and hygiene', () => {
  const seed = new Uint8Array(32).fill(7);

  it('refuses short or non-byte seeds with INVALID_SEED', () => {
    expect(refusal(() => deriveMasterSecretKey(new Uint8Array(31))).code).toBe('INVALID_SEED');
    expect(refusal(() => deriveMasterSecretKey('00'.repeat(32) as unknown as Uint8Array)).code).toBe('INVALID_SEED');
  });

  it('refuses bad parents and indices', () => {
    const master = deriveMasterSecretKey(seed);
    expect(refusal(() => deriveChildSecretKey(new Uint8Array(32), 0)).code).toBe('INVALID_SECRET_KEY');
    expect(refusal(() => deriveChildSecretKey(be32(R), 0)).code).toBe('INVALID_SECRET_KEY');
    for (const index of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(refusal(() => deriveChildSecretKey(master, index)).code).toBe('INVALID_PATH');
    }
  });

  it('returns redacted, fresh keys and leaves inputs unchanged', () => {
    const seedCopy = seed.slice();
    const master = deriveMasterSecretKey(seed);
    expect(seed).toEqual(seedCopy);
    expect(JSON.stringify({ master })).toBe('{"master":"<redacted>"}');
    expect(inspect(master)).toBe('<redacted>');
    const parentCopy = master.slice();
    const child = deriveChildSecretKey(master, 1);
    expect(master).toEqual(parentCopy);
    expect(`${child}`).toBe('<redacted>');
    child.fill(0);
    expect(hex(deriveChildSecretKey(master, 1))).not.toBe(hex(child));
  });
});
