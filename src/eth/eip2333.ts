/**
 * EIP-2333: BLS12-381 key generation from a seed, and hardened child derivation through a tree of
 * Lamport one-time keys; with EIP-2334 paths (`m/12381/3600/i/0/0` for validator i's signing key).
 *
 * Every intermediate buffer derived from a secret (IKM, Lamport keys, PRK, OKM) is wiped after use;
 * the scalar itself passes through a bigint, which JavaScript cannot wipe (see the README, Security).
 * @module
 */
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { expectSecretKey } from '../api/validate';
import { isBytes, redactSecret, wipe } from '../bytes';
import { DvtBlsError } from '../errors';
import { CURVE_ORDER, scalarFromBytes, scalarToBytes } from '../field/scalar';
import { concatBytes, describe } from './internal';

/** EIP-2333 `HKDF_mod_r` salt before its first hash (`b"BLS-SIG-KEYGEN-SALT-"`, as in the IETF BLS draft KeyGen). */
const KEYGEN_SALT = new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');
/** EIP-2333: the seed must carry at least 256 bits. */
const MIN_SEED_LENGTH = 32;
/** A child index is a uint32 (`I2OSP(index, 4)`). */
const MAX_INDEX = 0xffffffff;
/** `L` of HKDF_mod_r: 48 bytes, so that the reduction mod r is unbiased to 2^-128. */
const HKDF_MOD_R_LENGTH = 48;
/** Lamport chunks: 255 of 32 bytes (the longest HKDF-Expand output with SHA-256). */
const LAMPORT_CHUNKS = 255;

/** I2OSP(value, 4), big-endian. */
function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * EIP-2333 `HKDF_mod_r`: the secret key for input keying material. The salt is re-hashed until the
 * result is non-zero (a loop that runs once except with probability about 2^-255).
 */
function hkdfModR(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array(0)): bigint {
  let salt = KEYGEN_SALT;
  const ikmZero = concatBytes(ikm, new Uint8Array([0])); // IKM || I2OSP(0, 1)
  const info = concatBytes(keyInfo, new Uint8Array([0, HKDF_MOD_R_LENGTH])); // key_info || I2OSP(L, 2)
  try {
    for (;;) {
      salt = sha256(salt);
      const prk = extract(sha256, ikmZero, salt);
      const okm = expand(sha256, prk, info, HKDF_MOD_R_LENGTH);
      const sk = scalarFromBytes(okm) % CURVE_ORDER;
      wipe(prk);
      wipe(okm);
      if (sk !== 0n) return sk;
    }
  } finally {
    wipe(ikmZero);
  }
}

/**
 * EIP-2333 `IKM_to_lamport_SK`: 255 chunks of HKDF-Expand(HKDF-Extract(salt, IKM), "", 8160).
 * @internal Exported for the intermediate-value vectors only.
 */
export function ikmToLamportSecretKey(ikm: Uint8Array, salt: Uint8Array): Uint8Array[] {
  const prk = extract(sha256, ikm, salt);
  const okm = expand(sha256, prk, new Uint8Array(0), 32 * LAMPORT_CHUNKS);
  wipe(prk);
  const chunks = Array.from({ length: LAMPORT_CHUNKS }, (_, i) => okm.slice(32 * i, 32 * (i + 1)));
  wipe(okm);
  return chunks;
}

/**
 * EIP-2333 `parent_SK_to_lamport_PK`: the compressed Lamport public key of the parent key's
 * Lamport keys for `index` (the IKM of the child key).
 * @internal Exported for the intermediate-value vectors only; `onLamport` sees both Lamport secret
 * key halves before they are wiped.
 */
export function parentSecretKeyToLamportPublicKey(
  parentSecretKey: Uint8Array,
  index: number,
  onLamport?: (lamport0: readonly Uint8Array[], lamport1: readonly Uint8Array[]) => void
): Uint8Array {
  const salt = uint32(index);
  const ikm = parentSecretKey.slice();
  const notIkm = ikm.map((b) => ~b & 0xff); // flip_bits
  const lamport0 = ikmToLamportSecretKey(ikm, salt);
  const lamport1 = ikmToLamportSecretKey(notIkm, salt);
  wipe(ikm);
  wipe(notIkm);
  onLamport?.(lamport0, lamport1);
  const lamportPublicKey = new Uint8Array(32 * 2 * LAMPORT_CHUNKS);
  [...lamport0, ...lamport1].forEach((chunk, i) => {
    lamportPublicKey.set(sha256(chunk), 32 * i);
    wipe(chunk);
  });
  return sha256(lamportPublicKey);
}

function expectSeed(seed: unknown): Uint8Array {
  if (!isBytes(seed)) throw new DvtBlsError('INVALID_SEED', `seed: expected a Uint8Array, got ${describe(seed)}`);
  if (seed.length < MIN_SEED_LENGTH) {
    throw new DvtBlsError('INVALID_SEED', `seed: expected at least ${MIN_SEED_LENGTH} bytes, got ${seed.length}`);
  }
  return seed;
}

function expectIndex(index: unknown, arg: string): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_INDEX) {
    const shown = typeof index === 'number' ? String(index) : describe(index);
    throw new DvtBlsError('INVALID_PATH', `${arg}: expected an integer in [0, 2^32 - 1], got ${shown}`);
  }
  return index;
}

/**
 * EIP-2333 `derive_master_SK`: the master secret key (the root `m` of the tree) of a seed.
 * @param seed - At least 32 bytes, such as the 64-byte BIP-39 seed of a mnemonic.
 * @returns 32-byte big-endian secret key, marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} `INVALID_SEED`.
 * @example
 * ```ts
 * import { deriveMasterSecretKey } from 'dvt-bls/eth';
 * const master = deriveMasterSecretKey(crypto.getRandomValues(new Uint8Array(32)));
 * ```
 */
export function deriveMasterSecretKey(seed: Uint8Array): Uint8Array {
  return redactSecret(scalarToBytes(hkdfModR(expectSeed(seed))));
}

/**
 * EIP-2333 `derive_child_SK`: the hardened child `index` of a parent secret key.
 * @param parentSecretKey - 32-byte secret key.
 * @param index - Child index, an integer in [0, 2^32 - 1].
 * @returns 32-byte child secret key, marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`, `INVALID_PATH` (index out of range).
 * @example
 * ```ts
 * import { deriveChildSecretKey, deriveMasterSecretKey } from 'dvt-bls/eth';
 * const master = deriveMasterSecretKey(crypto.getRandomValues(new Uint8Array(32)));
 * const child = deriveChildSecretKey(master, 12381);
 * ```
 */
export function deriveChildSecretKey(parentSecretKey: Uint8Array, index: number): Uint8Array {
  const parent = expectSecretKey(parentSecretKey, 'parentSecretKey');
  const compressed = parentSecretKeyToLamportPublicKey(parent, expectIndex(index, 'index'));
  try {
    return redactSecret(scalarToBytes(hkdfModR(compressed)));
  } finally {
    wipe(compressed);
  }
}

/**
 * Parses an EIP-2334 style path: `m`, then any number of `/index` parts in decimal (no sign, no
 * leading zeros), each in [0, 2^32 - 1]. All EIP-2333 derivation is hardened, so there is no `'`.
 * @param path - Such as `m/12381/3600/0/0/0`.
 * @returns The indices after `m`.
 * @throws {@link DvtBlsError} `INVALID_PATH`.
 * @example
 * ```ts
 * import { parseDerivationPath } from 'dvt-bls/eth';
 * parseDerivationPath('m/12381/3600/0/0/0'); // [12381, 3600, 0, 0, 0]
 * ```
 */
export function parseDerivationPath(path: string): number[] {
  if (typeof path !== 'string') throw new DvtBlsError('INVALID_PATH', `path: expected a string, got ${describe(path)}`);
  const parts = path.split('/');
  if (parts[0] !== 'm') throw new DvtBlsError('INVALID_PATH', `path: must start with "m", got "${path.slice(0, 40)}"`);
  return parts.slice(1).map((part, i) => {
    if (!/^(0|[1-9][0-9]{0,9})$/.test(part)) {
      throw new DvtBlsError('INVALID_PATH', `path: part ${i + 1} ("${part.slice(0, 12)}") is not a decimal index`);
    }
    return expectIndex(Number(part), `path: part ${i + 1}`);
  });
}

/**
 * The secret key at a path from a seed: the master key, then one child derivation per index.
 * @param seed - At least 32 bytes.
 * @param path - EIP-2334 path, such as {@link validatorSigningKeyPath}`(0)`.
 * @returns 32-byte secret key, marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} `INVALID_SEED`, `INVALID_PATH`.
 * @example
 * ```ts
 * import { deriveSecretKeyFromPath } from 'dvt-bls/eth';
 * const seed = crypto.getRandomValues(new Uint8Array(64));
 * const signingKey = deriveSecretKeyFromPath(seed, 'm/12381/3600/0/0/0');
 * ```
 */
export function deriveSecretKeyFromPath(seed: Uint8Array, path: string): Uint8Array {
  const indices = parseDerivationPath(path);
  let key = deriveMasterSecretKey(seed);
  for (const index of indices) {
    const child = deriveChildSecretKey(key, index);
    wipe(key);
    key = child;
  }
  return key;
}

/**
 * EIP-2334: the path of validator `index`'s signing key, `m/12381/3600/index/0/0`.
 * @param index - Validator index in the wallet, from 0.
 * @returns The path.
 * @throws {@link DvtBlsError} `INVALID_PATH`.
 * @example
 * ```ts
 * import { validatorSigningKeyPath } from 'dvt-bls/eth';
 * validatorSigningKeyPath(2); // 'm/12381/3600/2/0/0'
 * ```
 */
export function validatorSigningKeyPath(index: number): string {
  return `m/12381/3600/${expectIndex(index, 'index')}/0/0`;
}

/**
 * EIP-2334: the path of validator `index`'s withdrawal key, `m/12381/3600/index/0` (for 0x00 BLS
 * withdrawal credentials).
 * @param index - Validator index in the wallet, from 0.
 * @returns The path.
 * @throws {@link DvtBlsError} `INVALID_PATH`.
 * @example
 * ```ts
 * import { validatorWithdrawalKeyPath } from 'dvt-bls/eth';
 * validatorWithdrawalKeyPath(2); // 'm/12381/3600/2/0'
 * ```
 */
export function validatorWithdrawalKeyPath(index: number): string {
  return `m/12381/3600/${expectIndex(index, 'index')}/0`;
}
