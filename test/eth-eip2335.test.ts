/**
 * EIP-2335 keystores at low cost: round trips (fast-check), password processing, every refusal
 * with its code (wrong password, tampering, malformed and unsupported keystores, bad options), a
 * cross-check against node:crypto (scrypt, PBKDF2, AES-128-CTR, SHA-256), progress, and hygiene.
 * The EIP's own vectors, at full cost, are in eth-eip2335-vectors.test.ts.
 */
import { createDecipheriv, createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { inspect } from 'node:util';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, type DvtBls } from '../src/index';
import {
  decryptKeystore,
  decryptKeystoreAsync,
  encryptKeystore,
  encryptKeystoreAsync,
  keystorePasswordBytes,
  parseKeystore,
  type KdfOptions,
  type Keystore,
} from '../src/eth/index';
import { backends } from './helpers/backends';
import { fromHex, hex, seededRandomBytes } from './helpers/rng';

const CHEAP_SCRYPT: KdfOptions = { function: 'scrypt', n: 16 };
const CHEAP_PBKDF2: KdfOptions = { function: 'pbkdf2', c: 8 };
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const be32 = (n: bigint): Uint8Array => fromHex(n.toString(16).padStart(64, '0'));
const noble = backends.find((b) => b.name === 'noble')?.api as DvtBls;

/** A recognizable secret: its bytes must never show up in an error. */
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (0x11 * ((i % 15) + 1)) & 0xff);
const PASSWORD = 'correct horse battery staple';

function refusal(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw e;
  }
  throw new Error('expected a DvtBlsError');
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<DvtBlsError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw e;
  }
  throw new Error('expected a DvtBlsError');
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const flipHex = (text: string, at = 0): string => text.slice(0, at) + ((parseInt(text[at] as string, 16) ^ 1).toString(16)) + text.slice(at + 1);

function cheapKeystore(kdf: KdfOptions = CHEAP_SCRYPT, secret = SECRET, password = PASSWORD): Keystore {
  return encryptKeystore(secret, password, { kdf, randomBytes: seededRandomBytes('keystore') });
}

describe('round trips', () => {
  const secrets = fc.bigInt({ min: 1n, max: R - 1n }).map(be32);
  const passwords = fc.string({ unit: 'binary', maxLength: 24 });
  const kdfs = fc.oneof(
    fc.constantFrom(2, 4, 8, 16).map((n): KdfOptions => ({ function: 'scrypt', n, r: 1 + (n % 3), p: 1 })),
    fc.integer({ min: 1, max: 16 }).map((c): KdfOptions => ({ function: 'pbkdf2', c }))
  );

  it('sync: decrypt(encrypt(secret)) = secret, for any password and KDF', () => {
    fc.assert(
      fc.property(secrets, passwords, kdfs, (secret, password, kdf) => {
        const keystore = encryptKeystore(secret, password, { kdf });
        expect(hex(decryptKeystore(JSON.stringify(keystore), password))).toBe(hex(secret));
      }),
      { numRuns: 40 }
    );
  });

  it('async variants agree with the sync ones', async () => {
    await fc.assert(
      fc.asyncProperty(secrets, passwords, kdfs, async (secret, password, kdf) => {
        const keystore = await encryptKeystoreAsync(secret, password, { kdf });
        expect(hex(await decryptKeystoreAsync(keystore, password))).toBe(hex(secret));
        expect(hex(decryptKeystore(keystore, password))).toBe(hex(secret));
      }),
      { numRuns: 15 }
    );
  });

  it('the same randomness gives the same keystore, on every backend', () => {
    const made = backends.map(({ api }) => encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT, randomBytes: seededRandomBytes(1), bls: api }));
    for (const keystore of made) expect(keystore).toEqual(made[0]);
    const other = encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT });
    expect(other.crypto.kdf.params.salt).not.toBe(made[0]?.crypto.kdf.params.salt);
  });

  it('writes the EIP-2335 fields: version 4 UUID, pubkey of the secret, defaults', () => {
    const keystore = encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_PBKDF2, path: 'm/12381/3600/0/0/0', description: 'validator 0' });
    expect(Object.keys(keystore)).toEqual(['crypto', 'description', 'pubkey', 'path', 'uuid', 'version']);
    expect(keystore.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keystore.pubkey).toBe(hex(noble.getPublicKey(SECRET)));
    expect(keystore.crypto.kdf).toMatchObject({ function: 'pbkdf2', params: { dklen: 32, c: 8, prf: 'hmac-sha256' }, message: '' });
    expect(keystore.crypto.kdf.params.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(keystore.crypto.cipher.params.iv).toMatch(/^[0-9a-f]{32}$/);
    const plain = encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT });
    expect('description' in plain).toBe(false);
    expect(plain.path).toBe('');
  });
});

describe('cross-check with node:crypto', () => {
  /** Opens a keystore with node's scrypt/PBKDF2, SHA-256 and AES-128-CTR: no dvt-bls or noble code. */
  function openWithNode(keystore: Keystore, password: string): string {
    const pw = Buffer.from(password.normalize('NFKD').replace(/[\u0000-\u001f\u007f-\u009f]/g, ''), 'utf8');
    const kdf = keystore.crypto.kdf;
    const salt = Buffer.from(kdf.params.salt, 'hex');
    const dk =
      kdf.function === 'scrypt'
        ? scryptSync(pw, salt, 32, { N: kdf.params.n, r: kdf.params.r, p: kdf.params.p })
        : pbkdf2Sync(pw, salt, kdf.params.c, 32, 'sha256');
    const cipherText = Buffer.from(keystore.crypto.cipher.message, 'hex');
    const checksum = createHash('sha256').update(Buffer.concat([dk.subarray(16, 32), cipherText])).digest('hex');
    if (checksum !== keystore.crypto.checksum.message) throw new Error('node: checksum mismatch');
    const decipher = createDecipheriv('aes-128-ctr', dk.subarray(0, 16), Buffer.from(keystore.crypto.cipher.params.iv, 'hex'));
    return Buffer.concat([decipher.update(cipherText), decipher.final()]).toString('hex');
  }

  it('node opens what dvt-bls writes, for both KDFs and unicode passwords', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.boolean(), (password, scrypt) => {
        const keystore = encryptKeystore(SECRET, password, { kdf: scrypt ? { function: 'scrypt', n: 32, r: 2, p: 1 } : { function: 'pbkdf2', c: 3 } });
        expect(openWithNode(keystore, password)).toBe(hex(SECRET));
      }),
      { numRuns: 20 }
    );
  });
});

describe('password processing (EIP-2335)', () => {
  const keystore = cheapKeystore();

  it('strips C0, DEL and C1 control characters and normalises NFKD', () => {
    expect(hex(keystorePasswordBytes('a\u0000b\u001fc\u007fd\u0080e\u009ff\n'))).toBe(hex(new TextEncoder().encode('abcdef')));
    expect(hex(keystorePasswordBytes('\u00e9'))).toBe(hex(keystorePasswordBytes('e\u0301'))); // é composed = decomposed
    expect(hex(keystorePasswordBytes('\ufb01'))).toBe(hex(new TextEncoder().encode('fi'))); // compatibility ligature
  });

  it('a password with a trailing newline or another normal form opens the same keystore', () => {
    expect(hex(decryptKeystore(keystore, `${PASSWORD}\n`))).toBe(hex(SECRET));
    expect(hex(decryptKeystore(keystore, `\t${PASSWORD}\r\n`))).toBe(hex(SECRET));
    const accented = cheapKeystore(CHEAP_SCRYPT, SECRET, 'caf\u00e9 au lait');
    expect(hex(decryptKeystore(accented, 'cafe\u0301 au lait'))).toBe(hex(SECRET));
  });

  it('refuses a password that is not a string', () => {
    expect(refusal(() => decryptKeystore(keystore, fromHex('00') as unknown as string)).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => keystorePasswordBytes(undefined as unknown as string)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('refusals', () => {
  const keystore = cheapKeystore();

  it('a wrong password is WRONG_PASSWORD, sync and async, and the message shows no secret', async () => {
    const e = refusal(() => decryptKeystore(keystore, 'not the password'));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect((await asyncRefusal(() => decryptKeystoreAsync(keystore, 'not the password'))).code).toBe('WRONG_PASSWORD');
    for (const text of [e.message, String(e), inspect(e)]) {
      expect(text).not.toContain(hex(SECRET));
      expect(text).not.toContain('not the password');
    }
  });

  it('tampered ciphertext, checksum or KDF parameters are WRONG_PASSWORD (the checksum catches them)', () => {
    const cases: ((k: Keystore) => void)[] = [
      (k) => (k.crypto.cipher.message = flipHex(k.crypto.cipher.message, 10)),
      (k) => (k.crypto.checksum.message = flipHex(k.crypto.checksum.message, 63)),
      (k) => (k.crypto.kdf.params.salt = flipHex(k.crypto.kdf.params.salt)),
      (k) => ((k.crypto.kdf.params as { n: number }).n = 32),
    ];
    for (const tamper of cases) {
      const k = clone(keystore);
      tamper(k);
      expect(refusal(() => decryptKeystore(k, PASSWORD)).code).toBe('WRONG_PASSWORD');
    }
  });

  it('a tampered IV or pubkey is INVALID_KEYSTORE: the secret does not match the pubkey', () => {
    const iv = clone(keystore);
    iv.crypto.cipher.params.iv = flipHex(iv.crypto.cipher.params.iv, 31);
    expect(refusal(() => decryptKeystore(iv, PASSWORD)).code).toBe('INVALID_KEYSTORE');
    const pubkey = clone(keystore);
    pubkey.pubkey = hex(noble.getPublicKey(be32(5n)));
    expect(refusal(() => decryptKeystore(pubkey, PASSWORD)).message).toMatch(/pubkey.*does not match/);
  });

  it('a keystore without pubkey still opens (others write them), with the checksum as the only guard', () => {
    const k = clone(keystore);
    k.pubkey = '';
    expect(hex(decryptKeystore(k, PASSWORD))).toBe(hex(SECRET));
    const { pubkey: _pubkey, ...absent } = clone(keystore);
    expect(hex(decryptKeystore(absent, PASSWORD))).toBe(hex(SECRET));
  });

  it('malformed and unsupported keystores are INVALID_KEYSTORE, naming the field, before any KDF work', () => {
    const cases: [string, (k: Record<string, any>) => unknown][] = [
      ['version', (k) => (k.version = 3)],
      ['kdf.function', (k) => (k.crypto.kdf.function = 'argon2id')],
      ['dklen', (k) => (k.crypto.kdf.params.dklen = 16)],
      ['params.n', (k) => (k.crypto.kdf.params.n = 24)],
      ['params.r', (k) => (k.crypto.kdf.params.r = 0)],
      ['params.salt', (k) => (k.crypto.kdf.params.salt = 'xyz')],
      ['1 GiB', (k) => Object.assign(k.crypto.kdf.params, { n: 2 ** 20, r: 16 })],
      ['checksum.function', (k) => (k.crypto.checksum.function = 'keccak256')],
      ['checksum.message', (k) => (k.crypto.checksum.message = 'abcd')],
      ['cipher.function', (k) => (k.crypto.cipher.function = 'aes-256-gcm')],
      ['params.iv', (k) => (k.crypto.cipher.params.iv = '00')],
      ['cipher.message', (k) => (k.crypto.cipher.message = k.crypto.cipher.message.slice(2))],
      ['keystore.pubkey', (k) => (k.pubkey = 'ab')],
      ['keystore.uuid', (k) => delete k.uuid],
      ['keystore.crypto', (k) => delete k.crypto],
      ['keystore.description', (k) => (k.description = 7)],
    ];
    for (const [field, tamper] of cases) {
      const k = clone(keystore) as unknown as Record<string, any>;
      tamper(k);
      const e = refusal(() => decryptKeystore(k, PASSWORD));
      expect(e.code, field).toBe('INVALID_KEYSTORE');
      expect(e.message, field).toContain(field);
    }
    const pbkdf2 = clone(cheapKeystore(CHEAP_PBKDF2)) as unknown as Record<string, any>;
    pbkdf2.crypto.kdf.params.prf = 'hmac-sha512';
    expect(refusal(() => decryptKeystore(pbkdf2, PASSWORD)).message).toContain('prf');
    for (const bad of ['{"crypto":', '[]', 'null', '42', null, [keystore]]) {
      expect(refusal(() => decryptKeystore(bad, PASSWORD)).code).toBe('INVALID_KEYSTORE');
    }
  });

  it('a keystore of a secret that is not a BLS key (zero, or >= r) is INVALID_KEYSTORE', () => {
    // Built with node's AES: dvt-bls refuses to encrypt such a secret in the first place.
    for (const secret of [new Uint8Array(32), be32(R)]) {
      const k = clone(keystore);
      const kdf = k.crypto.kdf as { params: { salt: string; n: number; r: number; p: number } };
      const dk = scryptSync(Buffer.from(PASSWORD), Buffer.from(kdf.params.salt, 'hex'), 32, { N: kdf.params.n, r: kdf.params.r, p: kdf.params.p });
      const cipher = createDecipheriv('aes-128-ctr', dk.subarray(0, 16), Buffer.from(k.crypto.cipher.params.iv, 'hex'));
      const cipherText = Buffer.concat([cipher.update(secret), cipher.final()]);
      k.crypto.cipher.message = cipherText.toString('hex');
      k.crypto.checksum.message = createHash('sha256').update(Buffer.concat([dk.subarray(16), cipherText])).digest('hex');
      k.pubkey = '';
      expect(refusal(() => decryptKeystore(k, PASSWORD)).message).toMatch(/not a valid BLS secret key/);
    }
  });

  it('refuses bad encryption input with the right codes', () => {
    expect(refusal(() => encryptKeystore(new Uint8Array(32), PASSWORD)).code).toBe('INVALID_SECRET_KEY');
    expect(refusal(() => encryptKeystore(be32(R), PASSWORD)).code).toBe('INVALID_SECRET_KEY');
    expect(refusal(() => encryptKeystore(SECRET, 42 as unknown as string, { kdf: CHEAP_SCRYPT })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: 'argon2' as 'scrypt' })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: { function: 'scrypt', n: 12 } })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: { function: 'scrypt', n: 2 ** 22, r: 8 } })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: { function: 'pbkdf2', c: 0 } })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT, path: 'm/x' })).code).toBe('INVALID_PATH');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT, onProgress: 1 as unknown as () => void })).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => encryptKeystore(SECRET, PASSWORD, { kdf: CHEAP_SCRYPT, randomBytes: () => new Uint8Array(3) })).code).toBe('RANDOMNESS_FAILURE');
  });
});

describe('progress', () => {
  it('scrypt reports increasing fractions up to 1; PBKDF2 reports 1 when done', async () => {
    const kdf: KdfOptions = { function: 'scrypt', n: 2 ** 12 };
    const fractions: number[] = [];
    const keystore = encryptKeystore(SECRET, PASSWORD, { kdf, onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    const asyncFractions: number[] = [];
    await decryptKeystoreAsync(keystore, PASSWORD, { onProgress: (f) => asyncFractions.push(f) });
    expect(asyncFractions.every((f, i) => i === 0 || f >= (asyncFractions[i - 1] as number))).toBe(true);
    expect(asyncFractions.at(-1)).toBe(1);
    const pbkdf2: number[] = [];
    decryptKeystore(cheapKeystore(CHEAP_PBKDF2), PASSWORD, { onProgress: (f) => pbkdf2.push(f) });
    expect(pbkdf2).toEqual([1]);
  });
});

describe('hygiene', () => {
  it('the decrypted key prints as <redacted>, and inputs are not mutated', () => {
    const keystore = cheapKeystore();
    const before = JSON.stringify(keystore);
    const secretCopy = SECRET.slice();
    const secret = decryptKeystore(keystore, PASSWORD);
    expect(JSON.stringify(keystore)).toBe(before);
    expect(SECRET).toEqual(secretCopy);
    expect(JSON.stringify({ secret })).toBe('{"secret":"<redacted>"}');
    expect(inspect(secret)).toBe('<redacted>');
    expect(secret).toEqual(SECRET);
  });

  it('parseKeystore returns a fresh copy with only the EIP-2335 fields', () => {
    const keystore = { ...cheapKeystore(), name: 'extra field some tools add' };
    const parsed = parseKeystore(JSON.stringify(keystore));
    expect('name' in parsed).toBe(false);
    parsed.crypto.cipher.params.iv = '00';
    expect(keystore.crypto.cipher.params.iv).not.toBe('00');
  });
});
