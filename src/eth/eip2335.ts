/**
 * EIP-2335 keystores (version 4): a BLS secret key encrypted under a password, as validator
 * clients load them. scrypt or PBKDF2-HMAC-SHA256 derives a 32-byte key from the password; its
 * first half is the AES-128-CTR key, its second half goes into the checksum
 * sha256(DK[16:32] || ciphertext) that tells a wrong password (or a tampered keystore) apart from
 * a right one before anything is decrypted.
 *
 * Each operation comes in a synchronous and an asynchronous variant. The asynchronous one yields to
 * the event loop while the KDF runs (noble's `scryptAsync`/`pbkdf2Async`), so a UI stays responsive
 * and can show `onProgress`.
 * @module
 */
import { ctr } from '@noble/ciphers/aes.js';
import { pbkdf2, pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type { RandomOptions } from '../api/types';
import { expectRandomBytes, expectSecretKey } from '../api/validate';
import { drawRandomBytes, redactSecret, toHex, wipe, type RandomBytes } from '../bytes';
import { DvtBlsError } from '../errors';
import { parseDerivationPath } from './eip2333';
import {
  apiOf,
  concatBytes,
  describe,
  equalBytes,
  expectInteger,
  expectRecord,
  expectString,
  parseHex,
  parseJsonInput,
} from './internal';

/**
 * Progress of a key derivation, a fraction in [0, 1], called repeatedly while scrypt runs and with
 * 1 when it is done. PBKDF2 reports only the final 1 (noble's PBKDF2 has no progress hook).
 * @example
 * ```ts
 * import type { ProgressCallback } from 'dvt-bls/eth';
 * const onProgress: ProgressCallback = (fraction) => console.log(`${Math.round(fraction * 100)}%`);
 * ```
 */
export type ProgressCallback = (fraction: number) => void;

/**
 * The `crypto.kdf` module of a keystore.
 * @example
 * ```ts
 * import type { KeystoreKdfModule } from 'dvt-bls/eth';
 * const kdf: KeystoreKdfModule = {
 *   function: 'pbkdf2',
 *   params: { dklen: 32, c: 262144, prf: 'hmac-sha256', salt: 'd4e5...' },
 *   message: '',
 * };
 * ```
 */
export type KeystoreKdfModule =
  | {
      /** scrypt (RFC 7914). */
      function: 'scrypt';
      /** scrypt's parameters. */
      params: {
        /** Derived key length: 32. */
        dklen: number;
        /** CPU and memory cost, a power of two. */
        n: number;
        /** Parallelization. */
        p: number;
        /** Block size. */
        r: number;
        /** Salt, hex. */
        salt: string;
      };
      /** Empty in EIP-2335. */
      message: string;
    }
  | {
      /** PBKDF2 (RFC 8018) with HMAC-SHA256. */
      function: 'pbkdf2';
      /** PBKDF2's parameters. */
      params: {
        /** Derived key length: 32. */
        dklen: number;
        /** Iteration count. */
        c: number;
        /** The pseudorandom function: always HMAC-SHA256. */
        prf: 'hmac-sha256';
        /** Salt, hex. */
        salt: string;
      };
      /** Empty in EIP-2335. */
      message: string;
    };

/**
 * An EIP-2335 version 4 keystore, as JSON. Hex fields are lowercase without `0x`.
 * @example
 * ```ts
 * import { encryptKeystore, type Keystore } from 'dvt-bls/eth';
 * import { generateSecretKey } from 'dvt-bls';
 * const keystore: Keystore = encryptKeystore(generateSecretKey(), 'correct horse battery staple');
 * keystore.pubkey; // 96 hex digits: the public key of the secret
 * ```
 */
export interface Keystore {
  /** The three EIP-2335 modules. */
  crypto: {
    /** How the password becomes the 32-byte decryption key. */
    kdf: KeystoreKdfModule;
    /** sha256(DK[16:32] || cipher.message), which tells a right password from a wrong one. */
    checksum: {
      /** Always `sha256`. */
      function: 'sha256';
      /** Always empty. */
      params: Record<string, never>;
      /** The checksum, hex. */
      message: string;
    };
    /** The encrypted secret. */
    cipher: {
      /** Always `aes-128-ctr`, keyed with DK[0:16]. */
      function: 'aes-128-ctr';
      /** The cipher's parameters. */
      params: {
        /** The 16-byte initial counter block, hex. */
        iv: string;
      };
      /** The encrypted 32-byte secret, hex. */
      message: string;
    };
  };
  /** Free text for people; absent when none was given. */
  description?: string;
  /** The public key of the secret (48 bytes of hex); may be empty in keystores written by others. */
  pubkey: string;
  /** The EIP-2334 derivation path of the secret, or `''` when it was not derived from a seed. */
  path: string;
  /** A version 4 UUID. */
  uuid: string;
  /** Always 4. */
  version: 4;
}

/**
 * KDF choice for new keystores. Defaults are those of EIP-2335's vectors and of the staking deposit
 * CLI: scrypt n = 2^18, r = 8, p = 1; PBKDF2 c = 2^18. Lower costs make a keystore faster to open
 * and faster to brute-force; use them for tests only.
 * @example
 * ```ts
 * import type { KdfOptions } from 'dvt-bls/eth';
 * const testOnly: KdfOptions = { function: 'scrypt', n: 2 ** 10 };
 * ```
 */
export type KdfOptions =
  | {
      /** scrypt. */
      function: 'scrypt';
      /** Cost, a power of two (default 2^18). */
      n?: number;
      /** Block size (default 8). */
      r?: number;
      /** Parallelization (default 1). */
      p?: number;
    }
  | {
      /** PBKDF2-HMAC-SHA256. */
      function: 'pbkdf2';
      /** Iterations (default 2^18). */
      c?: number;
    };

/**
 * Options of {@link encryptKeystore}. `randomBytes` is drawn three times, in this order: the KDF
 * salt (32 bytes), the AES IV (16 bytes), the UUID (16 bytes).
 * @example
 * ```ts
 * import type { EncryptKeystoreOptions } from 'dvt-bls/eth';
 * const options: EncryptKeystoreOptions = { kdf: 'pbkdf2', path: 'm/12381/3600/0/0/0', description: 'validator 0' };
 * ```
 */
export interface EncryptKeystoreOptions extends RandomOptions {
  /** `'scrypt'` (default), `'pbkdf2'`, or either with explicit costs. */
  kdf?: 'scrypt' | 'pbkdf2' | KdfOptions;
  /** EIP-2334 path the secret was derived at; default `''` (not derived). */
  path?: string;
  /** Free text stored in the keystore. */
  description?: string;
  /** Called with the KDF's progress (see {@link ProgressCallback}). */
  onProgress?: ProgressCallback;
  /** API that computes the public key (default: the portable noble one). */
  bls?: DvtBls;
}

/**
 * Options of {@link decryptKeystore}.
 * @example
 * ```ts
 * import type { DecryptKeystoreOptions } from 'dvt-bls/eth';
 * const options: DecryptKeystoreOptions = { onProgress: (f) => process.stderr.write(`\r${Math.round(f * 100)}%`) };
 * ```
 */
export interface DecryptKeystoreOptions {
  /** Called with the KDF's progress (see {@link ProgressCallback}). */
  onProgress?: ProgressCallback;
  /** API that checks the `pubkey` field against the secret (default: the portable noble one). */
  bls?: DvtBls;
}

/**
 * Default scrypt costs of new keystores: those of the EIP-2335 vectors and the staking deposit CLI.
 * @example
 * ```ts
 * import { SCRYPT_DEFAULTS } from 'dvt-bls/eth';
 * SCRYPT_DEFAULTS.n; // 262144
 * ```
 */
export const SCRYPT_DEFAULTS = {
  /** Cost: 2^18. */
  n: 2 ** 18,
  /** Block size. */
  r: 8,
  /** Parallelization. */
  p: 1,
} as const;
/**
 * Default PBKDF2 iteration count of new keystores (as in the EIP-2335 vectors).
 * @example
 * ```ts
 * import { PBKDF2_DEFAULTS } from 'dvt-bls/eth';
 * PBKDF2_DEFAULTS.c; // 262144
 * ```
 */
export const PBKDF2_DEFAULTS = {
  /** Iterations: 2^18. */
  c: 2 ** 18,
} as const;
const DKLEN = 32;
const SALT_LENGTH = 32;
const IV_LENGTH = 16;
const SECRET_LENGTH = 32;
/** noble's scrypt memory cap (1 GiB): a keystore asking for more is refused, not run out of memory. */
const SCRYPT_MAXMEM = 1024 ** 3 + 2 * 1024;

/**
 * EIP-2335 password processing: NFKD normalisation, then the C0 (U+0000-U+001F), DEL (U+007F) and
 * C1 (U+0080-U+009F) control characters removed, then UTF-8. A password typed with a trailing
 * newline or tab therefore opens the same keystore as without.
 * @param password - The password as typed.
 * @returns The bytes the KDF sees; the caller should wipe them after use.
 * @throws {@link DvtBlsError} `INVALID_ARGUMENT` when `password` is not a string.
 * @example
 * ```ts
 * import { keystorePasswordBytes } from 'dvt-bls/eth';
 * keystorePasswordBytes('pass\u0000word\n'); // the bytes of 'password'
 * ```
 */
export function keystorePasswordBytes(password: string): Uint8Array {
  if (typeof password !== 'string') {
    throw new DvtBlsError('INVALID_ARGUMENT', `password: expected a string, got ${describe(password)}`);
  }
  // eslint-disable-next-line no-control-regex
  const stripped = password.normalize('NFKD').replace(/[\u0000-\u001f\u007f\u0080-\u009f]/g, '');
  return new TextEncoder().encode(stripped);
}

// ---------------------------------------------------------------------------------------------
// Parsing: every structural check, before any KDF work, so that bad input fails fast.

/** What decryption needs, decoded. */
interface ParsedKeystore {
  keystore: Keystore;
  kdf: KdfRun;
  checksum: Uint8Array;
  iv: Uint8Array;
  cipherText: Uint8Array;
  publicKey: Uint8Array | undefined;
}

type KdfRun =
  | { function: 'scrypt'; salt: Uint8Array; n: number; r: number; p: number }
  | { function: 'pbkdf2'; salt: Uint8Array; c: number };

const bad = (message: string): DvtBlsError => new DvtBlsError('INVALID_KEYSTORE', message);

function parseKdf(value: unknown): { module: KeystoreKdfModule; run: KdfRun } {
  const kdf = expectRecord(value, 'keystore.crypto.kdf', 'INVALID_KEYSTORE');
  const fn = expectString(kdf.function, 'keystore.crypto.kdf.function', 'INVALID_KEYSTORE');
  const params = expectRecord(kdf.params, 'keystore.crypto.kdf.params', 'INVALID_KEYSTORE');
  const message = expectString(kdf.message ?? '', 'keystore.crypto.kdf.message', 'INVALID_KEYSTORE');
  const dklen = expectInteger(params.dklen, 'keystore.crypto.kdf.params.dklen', 'INVALID_KEYSTORE', DKLEN, DKLEN);
  const saltHex = expectString(params.salt, 'keystore.crypto.kdf.params.salt', 'INVALID_KEYSTORE');
  const salt = parseHex(saltHex, 'keystore.crypto.kdf.params.salt', 'INVALID_KEYSTORE');
  if (fn === 'scrypt') {
    const n = expectInteger(params.n, 'keystore.crypto.kdf.params.n', 'INVALID_KEYSTORE', 2, 2 ** 32 - 1);
    if ((n & (n - 1)) !== 0) throw bad(`keystore.crypto.kdf.params.n: expected a power of two, got ${n}`);
    const r = expectInteger(params.r, 'keystore.crypto.kdf.params.r', 'INVALID_KEYSTORE', 1, 2 ** 30);
    const p = expectInteger(params.p, 'keystore.crypto.kdf.params.p', 'INVALID_KEYSTORE', 1, 2 ** 30);
    if (128 * r * (n + p) > SCRYPT_MAXMEM) {
      throw bad(`keystore.crypto.kdf.params: scrypt n = ${n}, r = ${r}, p = ${p} needs more than 1 GiB of memory`);
    }
    return {
      module: { function: 'scrypt', params: { dklen, n, p, r, salt: saltHex }, message },
      run: { function: 'scrypt', salt, n, r, p },
    };
  }
  if (fn === 'pbkdf2') {
    const prf = expectString(params.prf, 'keystore.crypto.kdf.params.prf', 'INVALID_KEYSTORE');
    if (prf !== 'hmac-sha256') throw bad(`keystore.crypto.kdf.params.prf: expected "hmac-sha256", got "${prf.slice(0, 20)}"`);
    const c = expectInteger(params.c, 'keystore.crypto.kdf.params.c', 'INVALID_KEYSTORE', 1);
    return {
      module: { function: 'pbkdf2', params: { dklen, c, prf, salt: saltHex }, message },
      run: { function: 'pbkdf2', salt, c },
    };
  }
  throw bad(`keystore.crypto.kdf.function: expected "scrypt" or "pbkdf2", got "${fn.slice(0, 20)}"`);
}

function parse(input: unknown): ParsedKeystore {
  const root = expectRecord(parseJsonInput(input, 'keystore', 'INVALID_KEYSTORE'), 'keystore', 'INVALID_KEYSTORE');
  if (root.version !== 4) throw bad(`keystore.version: expected 4, got ${typeof root.version === 'number' ? root.version : describe(root.version)}`);
  const crypto = expectRecord(root.crypto, 'keystore.crypto', 'INVALID_KEYSTORE');
  const { module: kdfModule, run } = parseKdf(crypto.kdf);

  const checksumModule = expectRecord(crypto.checksum, 'keystore.crypto.checksum', 'INVALID_KEYSTORE');
  if (checksumModule.function !== 'sha256') throw bad('keystore.crypto.checksum.function: expected "sha256"');
  const checksumHex = expectString(checksumModule.message, 'keystore.crypto.checksum.message', 'INVALID_KEYSTORE');
  const checksum = parseHex(checksumHex, 'keystore.crypto.checksum.message', 'INVALID_KEYSTORE', 32);

  const cipherModule = expectRecord(crypto.cipher, 'keystore.crypto.cipher', 'INVALID_KEYSTORE');
  if (cipherModule.function !== 'aes-128-ctr') throw bad('keystore.crypto.cipher.function: expected "aes-128-ctr"');
  const cipherParams = expectRecord(cipherModule.params, 'keystore.crypto.cipher.params', 'INVALID_KEYSTORE');
  const ivHex = expectString(cipherParams.iv, 'keystore.crypto.cipher.params.iv', 'INVALID_KEYSTORE');
  const iv = parseHex(ivHex, 'keystore.crypto.cipher.params.iv', 'INVALID_KEYSTORE', IV_LENGTH);
  const cipherHex = expectString(cipherModule.message, 'keystore.crypto.cipher.message', 'INVALID_KEYSTORE');
  // A BLS secret key is 32 bytes; anything else is not a validator keystore.
  const cipherText = parseHex(cipherHex, 'keystore.crypto.cipher.message', 'INVALID_KEYSTORE', SECRET_LENGTH);

  const pubkeyHex = expectString(root.pubkey ?? '', 'keystore.pubkey', 'INVALID_KEYSTORE');
  const publicKey = pubkeyHex === '' ? undefined : parseHex(pubkeyHex, 'keystore.pubkey', 'INVALID_KEYSTORE', 48);
  const path = expectString(root.path ?? '', 'keystore.path', 'INVALID_KEYSTORE');
  const uuid = expectString(root.uuid, 'keystore.uuid', 'INVALID_KEYSTORE');
  const description = root.description === undefined ? undefined : expectString(root.description, 'keystore.description', 'INVALID_KEYSTORE');

  const keystore: Keystore = {
    crypto: {
      kdf: kdfModule,
      checksum: { function: 'sha256', params: {}, message: checksumHex },
      cipher: { function: 'aes-128-ctr', params: { iv: ivHex }, message: cipherHex },
    },
    ...(description === undefined ? {} : { description }),
    pubkey: pubkeyHex,
    path,
    uuid,
    version: 4,
  };
  return { keystore, kdf: run, checksum, iv, cipherText, publicKey };
}

/**
 * Checks a keystore's structure without decrypting it: version 4, a supported KDF (scrypt, or
 * PBKDF2 with HMAC-SHA256) with sane parameters (dklen 32, scrypt within 1 GiB of memory), a
 * SHA-256 checksum, AES-128-CTR over 32 bytes, and hex where hex belongs.
 * @param keystore - The keystore as JSON text or as a parsed object.
 * @returns A fresh copy holding only the EIP-2335 fields.
 * @throws {@link DvtBlsError} `INVALID_KEYSTORE`.
 * @example
 * ```ts
 * import { parseKeystore } from 'dvt-bls/eth';
 * import { readFileSync } from 'node:fs';
 * const keystore = parseKeystore(readFileSync('keystore-m_12381_3600_0_0_0.json', 'utf8'));
 * console.log(keystore.pubkey);
 * ```
 */
export function parseKeystore(keystore: unknown): Keystore {
  return parse(keystore).keystore;
}

// ---------------------------------------------------------------------------------------------
// The KDF, sync and async.

function kdfError(e: unknown): DvtBlsError {
  const reason = e instanceof Error ? e.message : String(e);
  return bad(`keystore.crypto.kdf: refused by the KDF (${reason})`);
}

function deriveKeySync(kdf: KdfRun, password: Uint8Array, onProgress: ProgressCallback | undefined): Uint8Array {
  try {
    if (kdf.function === 'scrypt') {
      return scrypt(password, kdf.salt, { N: kdf.n, r: kdf.r, p: kdf.p, dkLen: DKLEN, maxmem: SCRYPT_MAXMEM, onProgress });
    }
    const dk = pbkdf2(sha256, password, kdf.salt, { c: kdf.c, dkLen: DKLEN });
    onProgress?.(1);
    return dk;
  } catch (e) {
    throw e instanceof DvtBlsError ? e : kdfError(e);
  }
}

async function deriveKeyAsync(kdf: KdfRun, password: Uint8Array, onProgress: ProgressCallback | undefined): Promise<Uint8Array> {
  try {
    if (kdf.function === 'scrypt') {
      return await scryptAsync(password, kdf.salt, { N: kdf.n, r: kdf.r, p: kdf.p, dkLen: DKLEN, maxmem: SCRYPT_MAXMEM, onProgress });
    }
    const dk = await pbkdf2Async(sha256, password, kdf.salt, { c: kdf.c, dkLen: DKLEN });
    onProgress?.(1);
    return dk;
  } catch (e) {
    throw e instanceof DvtBlsError ? e : kdfError(e);
  }
}

function expectProgress(value: unknown): ProgressCallback | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new DvtBlsError('INVALID_ARGUMENT', `options.onProgress: expected a function, got ${describe(value)}`);
  return value as ProgressCallback;
}

// ---------------------------------------------------------------------------------------------
// Decryption.

/** Everything after the KDF: checksum, decryption, secret and pubkey checks. Wipes `dk`. */
function openWithKey(parsed: ParsedKeystore, dk: Uint8Array, bls: DvtBls | undefined): Uint8Array {
  let secret: Uint8Array | undefined;
  try {
    const checksum = sha256(concatBytes(dk.subarray(16, 32), parsed.cipherText));
    if (!equalBytes(checksum, parsed.checksum)) {
      throw new DvtBlsError(
        'WRONG_PASSWORD',
        'keystore: the checksum does not match: wrong password, or the keystore was modified'
      );
    }
    secret = ctr(dk.subarray(0, 16), parsed.iv).decrypt(parsed.cipherText);
    try {
      expectSecretKey(secret, 'secret');
    } catch {
      throw bad('keystore: the decrypted secret is not a valid BLS secret key (zero, or not below the curve order)');
    }
    if (parsed.publicKey !== undefined && !equalBytes(apiOf(bls).getPublicKey(secret), parsed.publicKey)) {
      throw bad('keystore.pubkey: does not match the public key of the decrypted secret');
    }
    const out = redactSecret(secret);
    secret = undefined;
    return out;
  } finally {
    wipe(dk);
    if (secret !== undefined) wipe(secret);
  }
}

/**
 * Decrypts a keystore: its secret key, after checking the checksum and, when the keystore has a
 * `pubkey`, that the secret's public key is that key.
 * @param keystore - The keystore as JSON text or as a parsed object.
 * @param password - The password (processed as EIP-2335 says, see {@link keystorePasswordBytes}).
 * @param options - `onProgress` for the KDF, `bls` for the public key check.
 * @returns The 32-byte secret key, marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} `WRONG_PASSWORD` (wrong password, or tampered checksum or
 *   ciphertext), `INVALID_KEYSTORE` (malformed, unsupported, or a `pubkey` that does not match),
 *   `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { decryptKeystore, encryptKeystore } from 'dvt-bls/eth';
 * import { generateSecretKey } from 'dvt-bls';
 * const keystore = encryptKeystore(generateSecretKey(), 'a password', { kdf: { function: 'scrypt', n: 2 ** 10 } });
 * const secretKey = decryptKeystore(keystore, 'a password');
 * ```
 */
export function decryptKeystore(keystore: unknown, password: string, options: DecryptKeystoreOptions = {}): Uint8Array {
  const parsed = parse(keystore);
  const onProgress = expectProgress(options?.onProgress);
  const passwordBytes = keystorePasswordBytes(password);
  let dk: Uint8Array;
  try {
    dk = deriveKeySync(parsed.kdf, passwordBytes, onProgress);
  } finally {
    wipe(passwordBytes);
  }
  return openWithKey(parsed, dk, options?.bls);
}

/**
 * {@link decryptKeystore} that yields to the event loop while the KDF runs.
 * @param keystore - The keystore as JSON text or as a parsed object.
 * @param password - The password.
 * @param options - `onProgress` for the KDF, `bls` for the public key check.
 * @returns The 32-byte secret key, marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} as {@link decryptKeystore} (the promise rejects).
 * @example
 * ```ts
 * import { decryptKeystoreAsync } from 'dvt-bls/eth';
 * const secretKey = await decryptKeystoreAsync(keystoreJson, password, {
 *   onProgress: (f) => progressBar.update(f),
 * });
 * ```
 */
export async function decryptKeystoreAsync(
  keystore: unknown,
  password: string,
  options: DecryptKeystoreOptions = {}
): Promise<Uint8Array> {
  const parsed = parse(keystore);
  const onProgress = expectProgress(options?.onProgress);
  const passwordBytes = keystorePasswordBytes(password);
  let dk: Uint8Array;
  try {
    dk = await deriveKeyAsync(parsed.kdf, passwordBytes, onProgress);
  } finally {
    wipe(passwordBytes);
  }
  return openWithKey(parsed, dk, options?.bls);
}

// ---------------------------------------------------------------------------------------------
// Encryption.

/** Checked encryption options and the random draws, before the KDF runs. */
interface EncryptionPlan {
  secret: Uint8Array;
  kdf: KdfRun;
  kdfModule: KeystoreKdfModule;
  iv: Uint8Array;
  uuid: string;
  path: string;
  description: string | undefined;
  onProgress: ProgressCallback | undefined;
  pubkey: string;
}

function expectCost(value: unknown, fallback: number, arg: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new DvtBlsError('INVALID_ARGUMENT', `${arg}: expected an integer in [${min}, ${max}], got ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

function kdfChoice(value: unknown): KdfOptions {
  if (value === undefined || value === 'scrypt') return { function: 'scrypt' };
  if (value === 'pbkdf2') return { function: 'pbkdf2' };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fn = (value as { function?: unknown }).function;
    if (fn === 'scrypt' || fn === 'pbkdf2') return value as KdfOptions;
  }
  throw new DvtBlsError('INVALID_ARGUMENT', 'options.kdf: expected "scrypt", "pbkdf2", or { function: "scrypt" | "pbkdf2", ... }');
}

/**
 * Random bytes that end up public (salt, IV, UUID): copied out of the injected source's buffer,
 * which is zeroed, as `RandomBytes` promises its callers.
 */
function drawPublic(randomBytes: RandomBytes, length: number): Uint8Array {
  const drawn = drawRandomBytes(randomBytes, length);
  const copy = drawn.slice();
  wipe(drawn);
  return copy;
}

/** A version 4 UUID (RFC 9562 section 5.4) from 16 random bytes. */
function uuidV4(bytes: Uint8Array): string {
  const b = bytes.slice();
  b[6] = ((b[6] as number) & 0x0f) | 0x40; // version 4
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // variant 10
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function plan(secretKey: Uint8Array, options: EncryptKeystoreOptions): EncryptionPlan {
  const secret = expectSecretKey(secretKey);
  if (typeof options !== 'object' || options === null) {
    throw new DvtBlsError('INVALID_ARGUMENT', `options: expected an object, got ${describe(options)}`);
  }
  const choice = kdfChoice(options.kdf);
  const path = options.path === undefined ? '' : expectString(options.path, 'options.path', 'INVALID_PATH');
  if (path !== '') parseDerivationPath(path);
  const description =
    options.description === undefined ? undefined : expectString(options.description, 'options.description', 'INVALID_ARGUMENT');
  const onProgress = expectProgress(options.onProgress);
  const randomBytes: RandomBytes = expectRandomBytes(options.randomBytes, 'options.randomBytes');
  // Costs are checked before anything is drawn, so a refusal consumes no randomness.
  let costs: { n: number; r: number; p: number } | { c: number };
  if (choice.function === 'scrypt') {
    const n = expectCost(choice.n, SCRYPT_DEFAULTS.n, 'options.kdf.n', 2, 2 ** 32 - 1);
    if ((n & (n - 1)) !== 0) throw new DvtBlsError('INVALID_ARGUMENT', `options.kdf.n: expected a power of two, got ${n}`);
    const r = expectCost(choice.r, SCRYPT_DEFAULTS.r, 'options.kdf.r', 1, 2 ** 30);
    const p = expectCost(choice.p, SCRYPT_DEFAULTS.p, 'options.kdf.p', 1, 2 ** 30);
    if (128 * r * (n + p) > SCRYPT_MAXMEM) {
      throw new DvtBlsError('INVALID_ARGUMENT', `options.kdf: scrypt n = ${n}, r = ${r}, p = ${p} needs more than 1 GiB of memory`);
    }
    costs = { n, r, p };
  } else {
    costs = { c: expectCost(choice.c, PBKDF2_DEFAULTS.c, 'options.kdf.c', 1, 2 ** 32 - 1) };
  }
  const pubkey = toHex(apiOf(options.bls).getPublicKey(secret));
  const salt = drawPublic(randomBytes, SALT_LENGTH);
  const iv = drawPublic(randomBytes, IV_LENGTH);
  const uuid = uuidV4(drawPublic(randomBytes, 16));
  const saltHex = toHex(salt);
  if ('c' in costs) {
    return {
      secret,
      kdf: { function: 'pbkdf2', salt, c: costs.c },
      kdfModule: { function: 'pbkdf2', params: { dklen: DKLEN, c: costs.c, prf: 'hmac-sha256', salt: saltHex }, message: '' },
      iv,
      uuid,
      path,
      description,
      onProgress,
      pubkey,
    };
  }
  return {
    secret,
    kdf: { function: 'scrypt', salt, ...costs },
    kdfModule: { function: 'scrypt', params: { dklen: DKLEN, n: costs.n, p: costs.p, r: costs.r, salt: saltHex }, message: '' },
    iv,
    uuid,
    path,
    description,
    onProgress,
    pubkey,
  };
}

/** Encrypts under the derived key and assembles the JSON. Wipes `dk`. */
function sealWithKey(p: EncryptionPlan, dk: Uint8Array): Keystore {
  try {
    const cipherText = ctr(dk.subarray(0, 16), p.iv).encrypt(p.secret);
    const checksum = sha256(concatBytes(dk.subarray(16, 32), cipherText));
    // Key order as in the EIP's examples (scrypt params alphabetical there too), so that files diff cleanly against other tools' output.
    return {
      crypto: {
        kdf: p.kdfModule,
        checksum: { function: 'sha256', params: {}, message: toHex(checksum) },
        cipher: { function: 'aes-128-ctr', params: { iv: toHex(p.iv) }, message: toHex(cipherText) },
      },
      ...(p.description === undefined ? {} : { description: p.description }),
      pubkey: p.pubkey,
      path: p.path,
      uuid: p.uuid,
      version: 4,
    };
  } finally {
    wipe(dk);
  }
}

/**
 * Encrypts a secret key into a new EIP-2335 keystore whose `pubkey` is the key's public key (for a
 * share: its public key share, which is what a validator client checks the keystore against).
 * @param secretKey - 32-byte secret key.
 * @param password - The password (processed as EIP-2335 says, see {@link keystorePasswordBytes}).
 * @param options - KDF and costs, `path`, `description`, `onProgress`, `randomBytes`, `bls`.
 * @returns The keystore, ready for `JSON.stringify`.
 * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`, `INVALID_PATH`, `INVALID_ARGUMENT`,
 *   `RANDOMNESS_FAILURE`.
 * @example
 * ```ts
 * import { encryptKeystore } from 'dvt-bls/eth';
 * import { generateSecretKey } from 'dvt-bls';
 * const keystore = encryptKeystore(generateSecretKey(), 'a long passphrase');
 * const json = JSON.stringify(keystore, null, 2);
 * ```
 */
export function encryptKeystore(secretKey: Uint8Array, password: string, options: EncryptKeystoreOptions = {}): Keystore {
  const p = plan(secretKey, options);
  const passwordBytes = keystorePasswordBytes(password);
  let dk: Uint8Array;
  try {
    dk = deriveKeySync(p.kdf, passwordBytes, p.onProgress);
  } finally {
    wipe(passwordBytes);
  }
  return sealWithKey(p, dk);
}

/**
 * {@link encryptKeystore} that yields to the event loop while the KDF runs.
 * @param secretKey - 32-byte secret key.
 * @param password - The password.
 * @param options - As for {@link encryptKeystore}.
 * @returns The keystore.
 * @throws {@link DvtBlsError} as {@link encryptKeystore} (the promise rejects).
 * @example
 * ```ts
 * import { encryptKeystoreAsync } from 'dvt-bls/eth';
 * import { generateSecretKey } from 'dvt-bls';
 * const keystore = await encryptKeystoreAsync(generateSecretKey(), 'a long passphrase', {
 *   onProgress: (f) => console.log(f),
 * });
 * ```
 */
export async function encryptKeystoreAsync(
  secretKey: Uint8Array,
  password: string,
  options: EncryptKeystoreOptions = {}
): Promise<Keystore> {
  const p = plan(secretKey, options);
  const passwordBytes = keystorePasswordBytes(password);
  let dk: Uint8Array;
  try {
    dk = await deriveKeyAsync(p.kdf, passwordBytes, p.onProgress);
  } finally {
    wipe(passwordBytes);
  }
  return sealWithKey(p, dk);
}
