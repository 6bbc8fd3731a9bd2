/**
 * Conformance of hash-to-G2 with RFC 9380 (suite BLS12381G2_XMD:SHA-256_SSWU_RO_), the hash every
 * signature depends on: the RFC's own vectors, the same suite as published by
 * ethereum/bls12-381-tests (`hash_to_G2`), and the expand_message_xmd SHA-256 vectors of the
 * expander it is built on. Also pins the default tag of `hashToG2` to the Ethereum POP ciphersuite.
 * Vectors: test/vectors/ (see PROVENANCE.md there).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { CIPHERSUITE, sign } from '../src/index';
import { POP_DST, hashToG2 } from '../src/backend/noble';
import { hex } from './helpers/rng';

const VECTORS_DIR = fileURLToPath(new URL('./vectors/', import.meta.url));

/** The RFC 9380 test tag of the suite (Appendix J.10.1); the Ethereum hash_to_G2 files use it too. */
const QUUX_DST = 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_';

// ---------------------------------------------------------------------------------------------
// Typed access to the vector files; anything unexpected throws with the file's name.
// ---------------------------------------------------------------------------------------------

function readJson(...path: string[]): unknown {
  return JSON.parse(readFileSync(join(VECTORS_DIR, ...path), 'utf8'));
}

function field(value: unknown, key: string, where: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !(key in value)) {
    throw new Error(`${where}: expected an object with "${key}"`);
  }
  return (value as Record<string, unknown>)[key];
}

function stringOf(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string`);
  return value;
}

function listOf(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list`);
  return value;
}

/** An ASCII message as the bytes hashed (the vectors give `msg` as text). */
function asciiBytes(value: unknown, where: string): Uint8Array {
  const msg = stringOf(value, where);
  if (!/^[\x00-\x7f]*$/.test(msg)) throw new Error(`${where}: expected an ASCII message`);
  return new TextEncoder().encode(msg);
}

/** An Fp2 element written "0x<c0>,0x<c1>" (c0 + c1·u), as [c0, c1]. */
function fp2Of(value: unknown, where: string): [bigint, bigint] {
  const match = /^(0x[0-9a-f]+),(0x[0-9a-f]+)$/i.exec(stringOf(value, where));
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`${where}: expected "0x<c0>,0x<c1>"`);
  return [BigInt(match[1]), BigInt(match[2])];
}

/** A short, readable test title for a message (two of the RFC messages are 133 and 517 bytes). */
function describeMessage(msg: Uint8Array): string {
  const text = new TextDecoder().decode(msg);
  return msg.length <= 16 ? `msg ${JSON.stringify(text)}` : `msg ${JSON.stringify(`${text.slice(0, 12)}…`)} (${msg.length} bytes)`;
}

/** One hash_to_G2 vector: message, tag and expected affine point. */
interface HashVector {
  title: string;
  msg: Uint8Array;
  dst: string;
  x: [bigint, bigint];
  y: [bigint, bigint];
}

function hashVectorOf(title: string, msgValue: unknown, dst: string, point: unknown, where: string): HashVector {
  return {
    title,
    msg: asciiBytes(msgValue, `${where}.msg`),
    dst,
    x: fp2Of(field(point, 'x', where), `${where}.x`),
    y: fp2Of(field(point, 'y', where), `${where}.y`),
  };
}

function expectHashesTo({ msg, dst, x, y }: HashVector): void {
  const affine = hashToG2(msg, dst).toAffine();
  expect([affine.x.c0, affine.x.c1]).toEqual(x);
  expect([affine.y.c0, affine.y.c1]).toEqual(y);
}

// ---------------------------------------------------------------------------------------------
// RFC 9380 vectors.
// ---------------------------------------------------------------------------------------------

const RFC_SUITE_FILE = 'BLS12381G2_XMD_SHA-256_SSWU_RO_.json';
const rfcSuite = readJson('rfc9380-hash-to-curve', RFC_SUITE_FILE);
const rfcDst = stringOf(field(rfcSuite, 'dst', RFC_SUITE_FILE), `${RFC_SUITE_FILE}.dst`);
const rfcVectors: HashVector[] = listOf(field(rfcSuite, 'vectors', RFC_SUITE_FILE), RFC_SUITE_FILE).map((v, i) => {
  const where = `${RFC_SUITE_FILE} vector ${i}`;
  const msg = field(v, 'msg', where);
  return hashVectorOf(describeMessage(asciiBytes(msg, where)), msg, rfcDst, field(v, 'P', where), `${where}.P`);
});

describe('RFC 9380 hash_to_curve, BLS12381G2_XMD:SHA-256_SSWU_RO_', () => {
  it('loads the random-oracle G2 suite with its test tag', () => {
    // Guards against a swapped file (the NU suite or G1 suite has the same shape).
    expect(field(rfcSuite, 'ciphersuite', RFC_SUITE_FILE)).toBe('BLS12381G2_XMD:SHA-256_SSWU_RO_');
    expect(field(rfcSuite, 'randomOracle', RFC_SUITE_FILE)).toBe(true);
    expect(rfcDst).toBe(QUUX_DST);
    expect(rfcVectors.length).toBeGreaterThan(0);
    expect(rfcVectors).toHaveLength(5);
  });

  for (const vector of rfcVectors) {
    it(`hashToG2(${vector.title}) under the vector DST`, () => expectHashesTo(vector));
  }
});

// ---------------------------------------------------------------------------------------------
// The same suite as published by ethereum/bls12-381-tests. These use the RFC's QUUX test tag, not
// the POP tag Ethereum signs with (see PROVENANCE.md), so they are hashed under QUUX_DST.
// ---------------------------------------------------------------------------------------------

const ethDir = join('ethereum-bls12-381-tests', 'hash_to_G2');
const ethVectors: HashVector[] = readdirSync(join(VECTORS_DIR, ethDir))
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const doc = readJson(ethDir, file);
    const name = file.replace(/\.json$/, '');
    return hashVectorOf(name, field(field(doc, 'input', name), 'msg', name), QUUX_DST, field(doc, 'output', name), name);
  });

describe('ethereum/bls12-381-tests hash_to_G2', () => {
  it('loads the vector files', () => {
    expect(ethVectors.length).toBeGreaterThan(0);
    expect(ethVectors).toHaveLength(4);
  });

  for (const vector of ethVectors) {
    it(vector.title, () => expectHashesTo(vector));
  }
});

// ---------------------------------------------------------------------------------------------
// The default tag: hashToG2 without a DST must hash as the library signs, under the POP tag.
// ---------------------------------------------------------------------------------------------

describe('hashToG2 default tag', () => {
  const message = new TextEncoder().encode('abc');

  it('is the POP ciphersuite tag', () => {
    expect(POP_DST).toBe(CIPHERSUITE);
    expect(hashToG2(message).equals(hashToG2(message, POP_DST))).toBe(true);
    // And not the test tag the vectors above use.
    expect(hashToG2(message).equals(hashToG2(message, QUUX_DST))).toBe(false);
  });

  it('is what sign hashes with: sign(1, m) = H(m)', () => {
    // Secret key 1 makes the signature the message hash itself, and `sign` is pinned to the
    // Ethereum ciphersuite by the sign vectors (ethereum-vectors.test.ts).
    const secretKeyOne = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));
    expect(hex(sign(secretKeyOne, message))).toBe(hex(hashToG2(message).toBytes(true)));
  });
});

// ---------------------------------------------------------------------------------------------
// expand_message_xmd with SHA-256 (RFC 9380 section 5.3.1), the expander hash_to_field uses in
// this suite: run through the @noble/curves function hashToG2 relies on, so that a mismatch above
// can be told apart from one in the expander. The 256 file has a DST over 255 bytes, exercising
// the oversize-DST rule (section 5.3.3).
// ---------------------------------------------------------------------------------------------

interface ExpandVector {
  title: string;
  msg: Uint8Array;
  dst: string;
  length: number;
  uniformBytes: string;
}

const expandFiles = ['expand_message_xmd_SHA256_38.json', 'expand_message_xmd_SHA256_256.json'];
const expandVectors: ExpandVector[] = expandFiles.flatMap((file) => {
  const doc = readJson('rfc9380-hash-to-curve', file);
  if (field(doc, 'hash', file) !== 'SHA256') throw new Error(`${file}: expected the SHA256 expander`);
  const dst = stringOf(field(doc, 'DST', file), `${file}.DST`);
  return listOf(field(doc, 'tests', file), file).map((v, i) => {
    const where = `${file} test ${i}`;
    const msg = asciiBytes(field(v, 'msg', where), `${where}.msg`);
    const length = Number(stringOf(field(v, 'len_in_bytes', where), `${where}.len_in_bytes`));
    if (!Number.isSafeInteger(length) || length <= 0) throw new Error(`${where}: bad len_in_bytes`);
    const uniformBytes = stringOf(field(v, 'uniform_bytes', where), `${where}.uniform_bytes`).toLowerCase();
    if (!/^([0-9a-f]{2})+$/.test(uniformBytes)) throw new Error(`${where}: expected hex uniform_bytes`);
    const title = `${file.replace(/\.json$/, '')}: ${describeMessage(msg)}, len_in_bytes ${length}`;
    return { title, msg, dst, length, uniformBytes };
  });
});

describe('RFC 9380 expand_message_xmd, SHA-256', () => {
  it('loads the vector files', () => {
    expect(expandVectors.length).toBeGreaterThan(0);
    expect(expandVectors).toHaveLength(20);
  });

  for (const { title, msg, dst, length, uniformBytes } of expandVectors) {
    it(title, () => {
      expect(hex(expand_message_xmd(msg, dst, length, sha256))).toBe(uniformBytes);
    });
  }
});
