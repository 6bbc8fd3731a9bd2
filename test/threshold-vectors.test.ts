/**
 * The published threshold vectors (test/vectors/threshold/, format in docs/vectors.md):
 *
 * 1. the generator (scripts/generate-vectors.ts), run in memory, reproduces the committed files
 *    byte for byte, on the noble backend (the reference: a difference means `npm run vectors` was
 *    not run) and on the blst backend (a difference is a backend disagreement);
 * 2. every vector holds on both backends, checked through the API with pairings, and with this
 *    file's own arithmetic where the API cannot see (shares against the polynomial coefficients);
 * 3. every vector holds in herumi's bls-eth-wasm (the library behind charon's and SSV's threshold
 *    code), share id i being herumi's Id i (herumiId handles ids beyond herumi's int32 setInt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DvtBlsError, type PartialSignature } from '../src/index';
import {
  REFUSAL_PARAMETERS,
  VECTOR_DIR,
  VECTOR_FILES,
  decodeArgs,
  generateThresholdVectors,
  type Json,
} from '../scripts/generate-vectors';
import { backends } from './helpers/backends';
import {
  herumi,
  herumiId,
  herumiPublicKey,
  herumiSecretKey,
  herumiSignature,
  initHerumi,
} from './helpers/herumi-wasm';
import { fromHex, hex } from './helpers/rng';

beforeAll(initHerumi);

const ROOT = join(import.meta.dirname, '..');
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

function committed(name: string): string {
  try {
    return readFileSync(join(ROOT, VECTOR_DIR, name), 'utf8');
  } catch {
    throw new Error(`${VECTOR_DIR}/${name} is missing: run \`npm run vectors\` and commit the result`);
  }
}

/** "line N: expected ... got ...", for the first line where two texts differ. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: committed ${JSON.stringify(a[i] ?? '<end>')}, generated ${JSON.stringify(b[i] ?? '<end>')}`;
  }
  return 'no line differs (line endings?)';
}

// -------------------------------------------------------------------------------------------------
// The files, as a downstream project reads them.

interface Header {
  format: string;
  version: number;
  kind: string;
  ciphersuite: string;
}
interface SplitVector {
  name: string;
  threshold: number;
  ids: number[];
  secretKey: string;
  coefficients: string[];
  groupPublicKey: string;
  commitments: string[];
  shares: { id: number; secretKey: string }[];
  publicKeyShares: { id: number; publicKey: string }[];
}
interface SignatureVector {
  name: string;
  split: string;
  threshold: number;
  message: string;
  groupPublicKey: string;
  signature: string;
  partials: { id: number; signature: string }[];
  combinations: { ids: number[]; signature: string; verifies: boolean }[];
}
interface CombineVector {
  name: string;
  split: string;
  message: string;
  threshold: number;
  groupPublicKey: string;
  publicKeyShares: { id: number; publicKey: string }[];
  partials: { id: number; signature: string }[];
  corrupted: { id: number; kind: string; malformed?: string; of?: number }[];
  expected:
    | { outcome: 'happy' | 'recovered'; signature: string; signers: number[]; invalid: number[] }
    | { error: { code: string; culprits: number[] } };
}
interface RefusalVector {
  name: string;
  function: keyof typeof REFUSAL_PARAMETERS;
  args: Record<string, Json>;
  error: { code: string; argument: string };
}

function load<T>(name: string, kind: string): T[] {
  const document = JSON.parse(committed(name)) as Header & { cases: T[] };
  expect(document.format).toBe('dvt-bls/threshold-vectors');
  expect(document.version).toBe(1);
  expect(document.kind).toBe(kind);
  expect(document.ciphersuite).toBe('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
  expect(document.cases.length).toBeGreaterThan(0);
  return document.cases;
}

const SPLITS = load<SplitVector>('splits.json', 'splits');
const SIGNATURES = load<SignatureVector>('signatures.json', 'signatures');
const COMBINES = load<CombineVector>('combine-verified.json', 'combine-verified');
const REFUSALS = load<RefusalVector>('refusals.json', 'refusals');
const splitNamed = (name: string): SplitVector => {
  const split = SPLITS.find((s) => s.name === name);
  if (split === undefined) throw new Error(`no split ${name} in splits.json`);
  return split;
};

const b = fromHex;
const scalar = (s: string): bigint => BigInt(s);
const mod = (a: bigint): bigint => ((a % R) + R) % R;
/** f(x) from 0x-hex coefficients, lowest degree first (Horner over the integers mod r). */
const evaluate = (coefficients: readonly string[], x: number): bigint =>
  coefficients.reduceRight((acc, c) => mod(acc * BigInt(x) + scalar(c)), 0n);
const bytes32 = (x: bigint): string => `0x${x.toString(16).padStart(64, '0')}`;

/** The value an argument path such as `input.partials[2].id` names in a refusal's args. */
function valueAt(args: Record<string, Json>, path: string): Json | undefined {
  let value: Json | undefined = args;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? value[Number(part)] : value[part];
  }
  return value;
}

// -------------------------------------------------------------------------------------------------

describe('threshold vectors: the committed files are what the generator makes', () => {
  it.each(backends)('regenerating them on $name gives the committed bytes', ({ name, api }) => {
    const generated = generateThresholdVectors(api);
    expect(Object.keys(generated)).toEqual([...VECTOR_FILES]);
    for (const file of VECTOR_FILES) {
      const want = committed(file);
      const got = generated[file];
      if (got === want) continue;
      const where = firstDifference(want, got);
      expect.fail(
        name === 'noble'
          ? `${VECTOR_DIR}/${file} is not what scripts/generate-vectors.ts generates: run \`npm run vectors\` and commit the result (${where})`
          : `${VECTOR_DIR}/${file}: the ${name} backend generates other bytes than the committed (noble) vectors: a backend disagreement (${where})`
      );
    }
  });

  it('every file ends with one newline and uses 0x-hex for bytes', () => {
    for (const file of VECTOR_FILES) {
      const text = committed(file);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text.endsWith('\n\n')).toBe(false);
      // Every hex string is lowercase, 0x-prefixed, whole bytes.
      for (const match of text.matchAll(/"(0x[^"]*)"/g)) expect(match[1]).toMatch(/^0x(?:[0-9a-f]{2})*$/);
    }
  });

  it('the vectors cover what docs/vectors.md promises', () => {
    const configs = SPLITS.map((s) => `${s.threshold}/${s.ids.length}`);
    expect(new Set(configs).size).toBeGreaterThanOrEqual(6);
    expect(SPLITS.some((s) => s.ids.some((id, i) => i > 0 && id !== (s.ids[i - 1] as number) + 1))).toBe(true);
    expect(SPLITS.some((s) => s.ids.some((id) => id > 2 ** 31))).toBe(true);
    const outcomes = COMBINES.map((c) => ('error' in c.expected ? c.expected.error.code : c.expected.outcome));
    for (const o of ['happy', 'recovered', 'TOO_FEW_VALID_PARTIALS', 'INCONSISTENT_KEYS']) expect(outcomes).toContain(o);
    const kinds = new Set(COMBINES.flatMap((c) => c.corrupted.map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(['infinity', 'malformed', 'other-message', 'other-share']);
    expect(new Set(REFUSALS.map((r) => r.function))).toEqual(new Set(Object.keys(REFUSAL_PARAMETERS)));
  });
});

describe.each(backends)('threshold vectors hold on the $name backend', ({ api }) => {
  describe.each(SPLITS)('split $name', (v) => {
    it('the coefficients, commitments, shares and public key shares are one consistent sharing', () => {
      expect(v.coefficients).toHaveLength(v.threshold);
      expect(v.coefficients[0]).toBe(v.secretKey);
      expect(v.commitments[0]).toBe(v.groupPublicKey);
      expect(hex(api.getPublicKey(b(v.secretKey)))).toBe(v.groupPublicKey.slice(2));
      v.coefficients.forEach((c, k) => expect(hex(api.getPublicKey(b(c)))).toBe(v.commitments[k]!.slice(2)));
      expect(v.shares.map((s) => s.id)).toEqual(v.ids);
      expect(v.publicKeyShares.map((s) => s.id)).toEqual(v.ids);
      v.shares.forEach((share, i) => {
        // Share id i is the polynomial at x = i (this file's arithmetic, not the library's).
        expect(share.secretKey).toBe(bytes32(evaluate(v.coefficients, share.id)));
        expect(api.verifyShare({ id: share.id, secretKey: b(share.secretKey) }, v.commitments.map(b))).toBe(true);
        const publicKey = v.publicKeyShares[i]!.publicKey.slice(2);
        expect(hex(api.getPublicKeyShare(v.commitments.map(b), share.id))).toBe(publicKey);
        expect(hex(api.getPublicKey(b(share.secretKey)))).toBe(publicKey);
      });
    });

    it('any t shares recover the secret, any t public key shares the group key', () => {
      const shares = v.shares.map((s) => ({ id: s.id, secretKey: b(s.secretKey) }));
      const keys = v.publicKeyShares.map((s) => ({ id: s.id, publicKey: b(s.publicKey) }));
      for (const pick of [shares.slice(0, v.threshold), shares.slice(shares.length - v.threshold)]) {
        expect(hex(api.recoverSecret(pick))).toBe(v.secretKey.slice(2));
      }
      expect(hex(api.combinePublicKeys(keys.slice(shares.length - v.threshold)))).toBe(v.groupPublicKey.slice(2));
    });
  });

  describe.each(SIGNATURES)('signatures $name', (v) => {
    const split = splitNamed(v.split);
    const message = b(v.message);

    // (That partialSign and combineSignatures reproduce these bytes is already shown, on both
    // backends, by regenerating the files above; here they are verified with pairings.)
    it('the group signature is reproduced, and it and every partial verify', () => {
      expect(v.groupPublicKey).toBe(split.groupPublicKey);
      expect(hex(api.sign(b(split.secretKey), message))).toBe(v.signature.slice(2));
      expect(api.verify(b(v.groupPublicKey), message, b(v.signature))).toBe(true);
      expect(v.partials.map((p) => p.id)).toEqual(split.ids);
      v.partials.forEach((p, i) => {
        const partial = { id: p.id, signature: b(p.signature) };
        expect(api.verifyPartial(b(split.publicKeyShares[i]!.publicKey), message, partial)).toBe(true);
      });
    });

    it('every combination is reproduced, and verifies exactly when it has t partials or more', () => {
      const byId = new Map(v.partials.map((p) => [p.id, { id: p.id, signature: b(p.signature) }]));
      for (const c of v.combinations) {
        expect(c.verifies).toBe(c.ids.length >= v.threshold);
        expect(hex(api.combineSignatures(c.ids.map((id) => byId.get(id) as PartialSignature)))).toBe(c.signature.slice(2));
        expect(api.verify(b(v.groupPublicKey), message, b(c.signature))).toBe(c.verifies);
        if (c.verifies) expect(c.signature).toBe(v.signature);
      }
    });
  });

  describe.each(COMBINES)('combineVerified $name', (v) => {
    const input = () => ({
      message: b(v.message),
      partials: v.partials.map((p) => ({ id: p.id, signature: b(p.signature) })),
      threshold: v.threshold,
      groupPublicKey: b(v.groupPublicKey),
      publicKeyShares: v.publicKeyShares.map((s) => ({ id: s.id, publicKey: b(s.publicKey) })),
    });

    it('gives the expected signature and culprits', () => {
      const { expected } = v;
      if ('error' in expected) {
        let error: unknown;
        try {
          api.combineVerified(input());
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DvtBlsError);
        expect((error as DvtBlsError).code).toBe(expected.error.code);
        expect([...(error as DvtBlsError).culprits]).toEqual(expected.error.culprits);
        return;
      }
      const result = api.combineVerified(input());
      expect(hex(result.signature)).toBe(expected.signature.slice(2));
      expect(result.signers).toEqual(expected.signers);
      expect(result.invalid).toEqual(expected.invalid);
      expect(api.verify(b(v.groupPublicKey), b(v.message), result.signature)).toBe(true);
    });

    it('the corrupted list is the truth: exactly those partials fail, malformed ones do not decode', () => {
      const bad = new Map(v.corrupted.map((c) => [c.id, c]));
      v.partials.forEach((p) => {
        const share = v.publicKeyShares.find((s) => s.id === p.id)!;
        const corruption = bad.get(p.id);
        expect(api.isValidSignature(b(p.signature))).toBe(corruption?.kind !== 'malformed');
        expect(api.verifyPartial(b(share.publicKey), b(v.message), { id: p.id, signature: b(p.signature) })).toBe(corruption === undefined);
        if (corruption?.kind === 'infinity') expect(p.signature).toBe(`0xc0${'00'.repeat(95)}`);
        if (corruption?.kind === 'other-share') {
          // The bytes are member `of`'s honest partial, sent under this member's id.
          const of = v.publicKeyShares.find((s) => s.id === corruption.of)!;
          expect(api.verifyPartial(b(of.publicKey), b(v.message), { id: of.id, signature: b(p.signature) })).toBe(true);
        }
      });
    });
  });

  describe.each(REFUSALS)('refusal: $function with $name', (v) => {
    it('throws the error code, naming the argument', () => {
      const args = decodeArgs(v.args) as Record<string, unknown>;
      const fn = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[v.function]!;
      let error: unknown;
      try {
        fn(...REFUSAL_PARAMETERS[v.function].map((p) => args[p]));
      } catch (e) {
        error = e;
      }
      expect(error, 'expected a refusal').toBeInstanceOf(DvtBlsError);
      expect((error as DvtBlsError).code, (error as Error).message).toBe(v.error.code);
      expect((error as Error).message).toContain(v.error.argument);
    });
  });
});

describe('threshold vectors hold in herumi bls-eth-wasm', () => {
  describe.each(SPLITS)('split $name', (v) => {
    it('SecretKey.share over the coefficients gives the shares; PublicKey.share over the commitments the key shares', () => {
      const msk = v.coefficients.map((c) => herumiSecretKey(b(c)));
      const mpk = v.commitments.map((c) => herumiPublicKey(b(c)));
      expect(hex(msk[0]!.getPublicKey().serialize())).toBe(v.groupPublicKey.slice(2));
      v.shares.forEach((share, i) => {
        const sk = new herumi.SecretKey();
        sk.share(msk, herumiId(share.id));
        expect(hex(sk.serialize())).toBe(share.secretKey.slice(2));
        const pk = new herumi.PublicKey();
        pk.share(mpk, herumiId(share.id));
        expect(hex(pk.serialize())).toBe(v.publicKeyShares[i]!.publicKey.slice(2));
      });
    });

    it('SecretKey.recover of t shares gives the secret', () => {
      const pick = v.shares.slice(v.shares.length - v.threshold);
      const sk = new herumi.SecretKey();
      sk.recover(
        pick.map((s) => herumiSecretKey(b(s.secretKey))),
        pick.map((s) => herumiId(s.id))
      );
      expect(hex(sk.serialize())).toBe(v.secretKey.slice(2));
    });
  });

  describe.each(SIGNATURES)('signatures $name', (v) => {
    const split = splitNamed(v.split);
    const message = b(v.message);

    it('herumi signs the same partials and group signature', () => {
      expect(hex(herumiSecretKey(b(split.secretKey)).sign(message).serialize())).toBe(v.signature.slice(2));
      v.partials.forEach((p, i) => {
        expect(hex(herumiSecretKey(b(split.shares[i]!.secretKey)).sign(message).serialize())).toBe(p.signature.slice(2));
      });
    });

    it('Signature.recover gives every combination, and verifies exactly the valid ones', () => {
      const byId = new Map(v.partials.map((p) => [p.id, p]));
      for (const c of v.combinations) {
        const sig = new herumi.Signature();
        sig.recover(
          c.ids.map((id) => herumiSignature(b(byId.get(id)!.signature))),
          c.ids.map(herumiId)
        );
        expect(hex(sig.serialize())).toBe(c.signature.slice(2));
        expect(herumiPublicKey(b(v.groupPublicKey)).verify(sig, message)).toBe(c.verifies);
      }
    });
  });

  describe.each(COMBINES)('combineVerified $name', (v) => {
    it('herumi agrees on which partials are bad and on the combined signature', () => {
      const bad = new Map(v.corrupted.map((c) => [c.id, c]));
      for (const p of v.partials) {
        const share = v.publicKeyShares.find((s) => s.id === p.id)!;
        let sig;
        try {
          sig = herumiSignature(b(p.signature));
        } catch {
          expect(bad.get(p.id)?.kind).toBe('malformed'); // herumi refuses to decode only malformed bytes
          continue;
        }
        expect(herumiPublicKey(b(share.publicKey)).verify(sig, b(v.message))).toBe(!bad.has(p.id));
      }
      if ('error' in v.expected) return;
      const signers = v.expected.signers.map((id) => v.partials.find((p) => p.id === id)!);
      const sig = new herumi.Signature();
      sig.recover(
        signers.map((p) => herumiSignature(b(p.signature))),
        signers.map((p) => herumiId(p.id))
      );
      expect(hex(sig.serialize())).toBe(v.expected.signature.slice(2));
      expect(herumiPublicKey(b(v.groupPublicKey)).verify(sig, b(v.message))).toBe(true);
    });
  });

  /**
   * herumi has no argument checks of its own to compare, but it decodes bytes and recovers: the
   * bytes we refuse it refuses to decode too, except the two it accepts by design (the infinity
   * public key: no KeyValidate when decoding; the zero secret key), and duplicate ids stop its
   * recover too. The other refusals (thresholds, id ranges, empty lists) have no herumi
   * counterpart.
   */
  const herumiChecks = REFUSALS.flatMap((v): { label: string; run: () => void }[] => {
    const label = `${v.function} with ${v.name}`;
    const decoders: Record<string, (bytes: Uint8Array) => unknown> = {
      INVALID_SIGNATURE: herumiSignature,
      INVALID_PUBLIC_KEY: herumiPublicKey,
      INVALID_COMMITMENTS: herumiPublicKey,
      INVALID_SECRET_KEY: herumiSecretKey,
    };
    const value = valueAt(v.args, v.error.argument);
    const decode = decoders[v.error.code];
    if (decode !== undefined && typeof value === 'string') {
      const bytes = b(value);
      const isInfinityG1 = bytes.length === 48 && bytes[0] === 0xc0 && bytes.slice(1).every((x) => x === 0);
      const accepted =
        (v.error.code === 'INVALID_SECRET_KEY' && scalar(value) === 0n) ||
        ((v.error.code === 'INVALID_PUBLIC_KEY' || v.error.code === 'INVALID_COMMITMENTS') && isInfinityG1);
      return [
        accepted
          ? { label: `${label}: herumi decodes these bytes (it has no such check when decoding)`, run: () => void decode(bytes) }
          : { label: `${label}: herumi refuses to decode the same bytes`, run: () => expect(() => decode(bytes)).toThrow() },
      ];
    }
    if (v.error.code === 'DUPLICATE_ID' && v.function !== 'splitSecret' && v.function !== 'combineVerified') {
      const list = Object.values(v.args)[0] as { id: number; secretKey?: string; signature?: string; publicKey?: string }[];
      const ids = () => list.map((x) => herumiId(x.id));
      const recover: Record<string, () => void> = {
        recoverSecret: () => new herumi.SecretKey().recover(list.map((x) => herumiSecretKey(b(x.secretKey!))), ids()),
        combineSignatures: () => new herumi.Signature().recover(list.map((x) => herumiSignature(b(x.signature!))), ids()),
        combinePublicKeys: () => new herumi.PublicKey().recover(list.map((x) => herumiPublicKey(b(x.publicKey!))), ids()),
      };
      return [{ label: `${label}: herumi recover refuses the duplicate ids too`, run: () => expect(recover[v.function]).toThrow() }];
    }
    if (v.function === 'recoverSecret' && v.error.code === 'INVALID_SECRET_KEY' && v.error.argument === 'shares') {
      const shares = v.args.shares as { id: number; secretKey: string }[];
      return [
        {
          label: `${label}: herumi recovers the zero key from them, which we refuse`,
          run: () => {
            const sk = new herumi.SecretKey();
            sk.recover(
              shares.map((s) => herumiSecretKey(b(s.secretKey))),
              shares.map((s) => herumiId(s.id))
            );
            expect(hex(sk.serialize())).toBe('00'.repeat(32));
          },
        },
      ];
    }
    return [];
  });

  it('some refusals have a herumi counterpart', () => {
    expect(herumiChecks.length).toBeGreaterThanOrEqual(10);
  });

  it.each(herumiChecks)('refusal: $label', ({ run }) => run());
});

// A sanity check of this file's helpers, so a broken helper cannot make the checks vacuous.
describe('helpers', () => {
  it('evaluate and valueAt', () => {
    expect(evaluate(['0x05', '0x02', '0x01'], 3)).toBe(5n + 6n + 9n);
    expect(valueAt({ input: { partials: [{ id: 1 }, { id: 7 }] } }, 'input.partials[1].id')).toBe(7);
    expect(valueAt({ secretKey: '0x00' }, 'secretKey')).toBe('0x00');
  });
});
