/**
 * EIP-2335 vectors at their own cost (scrypt and PBKDF2 with 2^18 work), kept in their own file so
 * that they run beside the other tests. Each distinct KDF input runs once: two vectors are
 * decrypted, two re-created byte for byte from their salt, IV and UUID.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDvtBls } from '../src/index';
import { nobleBackend } from '../src/backend/noble';
import { loadBlstBackend } from '../src/backend/load-blst';
import {
  decryptKeystore,
  decryptKeystoreAsync,
  encryptKeystore,
  keystorePasswordBytes,
  type Keystore,
} from '../src/eth/index';
import { fromHex, hex } from './helpers/rng';

const EIP_PASSWORD = '𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑';
const EIP_SECRET = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';

type VectorFile = Keystore & { password?: string; secret?: string };

function vector(path: string): VectorFile {
  return JSON.parse(readFileSync(new URL(`./vectors/eip2335/${path}`, import.meta.url), 'utf8')) as VectorFile;
}

/** The keystore fields of a vector file (the ChainSafe files add `password` and `secret`). */
function keystoreOf(file: VectorFile): Keystore {
  const { password: _password, secret: _secret, ...keystore } = file;
  return keystore;
}

/** A randomBytes that replays a keystore's salt, IV and UUID, in the order encryptKeystore draws them. */
function replaying(keystore: Keystore): (length: number) => Uint8Array {
  const queue = [fromHex(keystore.crypto.kdf.params.salt), fromHex(keystore.crypto.cipher.params.iv), fromHex(keystore.uuid.replace(/-/g, ''))];
  return (length) => {
    const next = queue.shift();
    if (next === undefined || next.length !== length) throw new Error(`fixture: unexpected draw of ${length} bytes`);
    return next;
  };
}

describe('EIP-2335 vectors', () => {
  it('processes the EIP example password: NFKD, control characters removed', () => {
    expect(hex(keystorePasswordBytes(EIP_PASSWORD))).toBe('7465737470617373776f7264f09f9491');
  });

  it('the shared files agree with each other (the EIP vectors appear in both collections)', () => {
    expect(keystoreOf(vector('chainsafe-bls-keystore/scrypt-1.json'))).toEqual(vector('staking-deposit-cli/test1.json'));
    expect(keystoreOf(vector('chainsafe-bls-keystore/pbkdf2-1.json'))).toEqual(vector('staking-deposit-cli/test0.json'));
    for (const f of ['scrypt-0', 'scrypt-1', 'pbkdf2-0', 'pbkdf2-1']) {
      expect(vector(`chainsafe-bls-keystore/${f}.json`).secret).toBe(`0x${EIP_SECRET}`);
    }
  });

  it('decrypts the EIP scrypt vector (test1), reporting progress up to 1', async () => {
    const fractions: number[] = [];
    const secret = await decryptKeystoreAsync(vector('staking-deposit-cli/test1.json'), EIP_PASSWORD, {
      onProgress: (f) => fractions.push(f),
      bls: createDvtBls(loadBlstBackend()),
    });
    expect(hex(secret)).toBe(EIP_SECRET);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (fractions[i - 1] as number)))).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('decrypts pbkdf2-0 (ASCII password)', () => {
    const file = vector('chainsafe-bls-keystore/pbkdf2-0.json');
    expect(hex(decryptKeystore(keystoreOf(file), file.password as string))).toBe(EIP_SECRET);
  });

  it('re-creates scrypt-0 exactly from its salt, IV and UUID', () => {
    const file = vector('chainsafe-bls-keystore/scrypt-0.json');
    const expected = keystoreOf(file);
    const params = expected.crypto.kdf.params as { n: number; r: number; p: number };
    const made = encryptKeystore(fromHex(EIP_SECRET), file.password as string, {
      kdf: { function: 'scrypt', n: params.n, r: params.r, p: params.p },
      path: expected.path,
      randomBytes: replaying(expected),
      bls: createDvtBls(nobleBackend),
    });
    expect(made).toEqual(expected);
    expect(JSON.stringify(made)).toBe(JSON.stringify(expected)); // key order too
  });

  it('re-creates the EIP PBKDF2 vector (test0) exactly, description included', () => {
    const expected = vector('staking-deposit-cli/test0.json');
    const made = encryptKeystore(fromHex(EIP_SECRET), EIP_PASSWORD, {
      kdf: { function: 'pbkdf2', c: (expected.crypto.kdf.params as { c: number }).c },
      path: expected.path,
      description: expected.description,
      randomBytes: replaying(expected),
    });
    expect(JSON.stringify(made)).toBe(JSON.stringify(expected));
  });
});
