/**
 * The BLS12-381 scalar field Fr (integers modulo the group order r), on bigints.
 *
 * Scalar arithmetic is the same whatever backend does the curve work, so it lives here, below the
 * backends, on noble's audited `Field`. BigInt arithmetic is not constant time: see the Security
 * section of the README for what that means for secret scalars.
 * @module
 */
import { bls12_381_Fr } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { mapHashToField } from '@noble/curves/abstract/modular.js';
import { hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { drawRandomBytes, wipe, type RandomBytes } from '../bytes';

/** Fr: add, sub, mul, inv, pow, invertBatch modulo r. */
export const Fr = bls12_381_Fr;

/** The prime order r of G1, G2 and GT. */
export const CURVE_ORDER: bigint = Fr.ORDER;

/** Byte length of a serialized scalar (secret key). */
export const SCALAR_LENGTH = 32;

/** Big-endian integer of 32 bytes, without reduction (the caller checks the range). */
export function scalarFromBytes(bytes: Uint8Array): bigint {
  return bytesToNumberBE(bytes);
}

/** 32-byte big-endian encoding of a scalar in [0, r). */
export function scalarToBytes(scalar: bigint): Uint8Array {
  return numberToBytesBE(scalar, SCALAR_LENGTH);
}

/** True when `scalar` is a canonical non-zero scalar: 0 < scalar < r. */
export function isNonZeroScalar(scalar: bigint): boolean {
  return scalar > 0n && scalar < CURVE_ORDER;
}

/**
 * A uniformly random scalar in [1, r): 48 random bytes reduced modulo r - 1, plus one (FIPS 186-5
 * A.2.1, through noble's `mapHashToField`). The 128 extra bits make the modular bias negligible.
 */
export function randomNonZeroScalar(randomBytes: RandomBytes): bigint {
  const seed = drawRandomBytes(randomBytes, 48);
  const encoded = mapHashToField(seed, CURVE_ORDER);
  const scalar = bytesToNumberBE(encoded);
  wipe(seed);
  wipe(encoded);
  return scalar;
}

/**
 * A scalar derived from a message by RFC 9380 hash_to_field (expand_message_xmd with SHA-256,
 * L = 48 bytes, so the bias modulo r is negligible) under a domain separation tag. Used for
 * Fiat-Shamir challenges.
 */
export function hashToScalar(message: Uint8Array, dst: string): bigint {
  const [element] = hash_to_field(message, 1, { DST: dst, p: CURVE_ORDER, m: 1, k: 128, expand: 'xmd', hash: sha256 });
  return (element as bigint[])[0] as bigint;
}
