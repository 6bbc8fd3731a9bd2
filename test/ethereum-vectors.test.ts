/**
 * Conformance: the Ethereum BLS vectors (ethereum/bls12-381-tests and the `general/bls` cases of
 * ethereum/consensus-spec-tests), run through the public API of every tested backend. Every vector
 * file is its own test case, named after the file (or, for the consensus YAML cases, the case
 * directory). The vectors live in test/vectors/ (see PROVENANCE.md there); `hash_to_G2` is checked
 * in rfc9380.test.ts, since hash-to-curve is not part of the public API.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, type DvtBls, type ErrorCode, type SignatureSet } from '../src/index';
import { backends } from './helpers/backends';
import { hex, seededRandomBytes } from './helpers/rng';

const VECTORS_DIR = fileURLToPath(new URL('./vectors/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Loading. Anything unexpected in a file throws with the file's name, so a malformed or misread
// vector fails loudly instead of turning into a vacuous test.
// ---------------------------------------------------------------------------------------------

/** One vector file: `name` is the file name without extension (or the YAML case directory). */
interface VectorFile {
  name: string;
  input: unknown;
  output: unknown;
}

function toVectorFile(name: string, doc: unknown): VectorFile {
  if (typeof doc !== 'object' || doc === null || !('input' in doc) || !('output' in doc)) {
    throw new Error(`${name}: expected an object with "input" and "output"`);
  }
  return { name, input: doc.input, output: doc.output };
}

/** The JSON files of one ethereum/bls12-381-tests category, sorted by name. */
function loadBls12381Tests(category: string): VectorFile[] {
  const dir = join(VECTORS_DIR, 'ethereum-bls12-381-tests', category);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => toVectorFile(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8'))));
}

/** The `<case>/data.yaml` files of one consensus-spec-tests `general/bls` handler, sorted by case. */
function loadConsensusTests(handler: string): VectorFile[] {
  const dir = join(VECTORS_DIR, 'ethereum-consensus-bls', handler, 'bls');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => toVectorFile(name, parseYamlSubset(readFileSync(join(dir, name, 'data.yaml'), 'utf8'), name)));
}

type Yaml = string | boolean | null | Yaml[] | { [key: string]: Yaml };

/**
 * Reads the small YAML subset the consensus-spec-tests BLS files use: block mappings indented by
 * spaces, block sequences of scalars, single-quoted strings, `null`, `true`, `false` and `[]`.
 * The project has no YAML dependency of its own (the `yaml` package in node_modules is only a
 * transitive one), and this subset is tiny; anything outside it throws rather than being guessed.
 */
function parseYamlSubset(text: string, where: string): Yaml {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  let i = 0;
  const unsupported = (why: string): Error => new Error(`${where}: unsupported YAML at line ${i + 1} (${why})`);
  const indentOf = (line: string): number => line.length - line.trimStart().length;
  const isItem = (line: string | undefined, indent: number): line is string =>
    line !== undefined && indentOf(line) === indent && line.slice(indent).startsWith('- ');

  function scalar(raw: string): Yaml {
    if (raw === 'null') return null;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === '[]') return [];
    const quoted = /^'([^']*)'$/.exec(raw);
    if (quoted?.[1] !== undefined) return quoted[1];
    throw unsupported(`scalar ${JSON.stringify(raw)}`);
  }

  function sequence(indent: number): Yaml[] {
    const items: Yaml[] = [];
    for (let line = lines[i]; isItem(line, indent); line = lines[++i]) items.push(scalar(line.slice(indent + 2)));
    return items;
  }

  function mapping(indent: number): { [key: string]: Yaml } {
    const map: { [key: string]: Yaml } = {};
    for (let line = lines[i]; line !== undefined && indentOf(line) >= indent; line = lines[i]) {
      if (indentOf(line) > indent) throw unsupported('unexpected indentation');
      const entry = /^([A-Za-z_]\w*):(?: (.*))?$/.exec(line.slice(indent));
      const key = entry?.[1];
      if (entry === null || key === undefined) throw unsupported('expected "key: value"');
      if (key in map) throw unsupported(`duplicate key ${key}`);
      i++;
      const value = entry[2];
      const next = lines[i];
      if (value !== undefined) map[key] = scalar(value);
      // A block sequence under a key may sit at the key's own indentation (as these files do).
      else if (isItem(next, indent)) map[key] = sequence(indent);
      else if (next !== undefined && indentOf(next) > indent) map[key] = mapping(indentOf(next));
      else throw unsupported(`no value for ${key}`);
    }
    return map;
  }

  const doc = mapping(0);
  if (i !== lines.length) throw unsupported('trailing content');
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Typed access to the vector fields.
// ---------------------------------------------------------------------------------------------

function field(value: unknown, key: string, where: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !(key in value)) {
    throw new Error(`${where}: expected an object with "${key}"`);
  }
  return (value as Record<string, unknown>)[key];
}

/** Strict hex (with or without `0x`): noble's decoder rejects odd lengths and non-hex digits. */
function bytesOf(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string') throw new Error(`${where}: expected a hex string`);
  return hexToBytes(value.startsWith('0x') ? value.slice(2) : value);
}

function bytesListOf(value: unknown, where: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list of hex strings`);
  return value.map((item, i) => bytesOf(item, `${where}[${i}]`));
}

function booleanOf(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${where}: expected true or false`);
  return value;
}

/** Expected bytes as lowercase hex without `0x`, or `null` where the operation must refuse. */
function hexOrNullOf(value: unknown, where: string): string | null {
  return value === null ? null : hex(bytesOf(value, where));
}

/** Asserts that `run` throws a DvtBlsError carrying exactly `code`. */
function expectDvtBlsError(run: () => unknown, code: ErrorCode): void {
  let threw = false;
  let error: unknown;
  try {
    run();
  } catch (e) {
    threw = true;
    error = e;
  }
  expect(threw, `expected a DvtBlsError ${code}, but nothing was thrown`).toBe(true);
  expect(error).toBeInstanceOf(DvtBlsError);
  expect((error as DvtBlsError).code).toBe(code);
}

/** Compressed encoding of the point at infinity: flags c (compressed) and b (infinity), zero payload. */
function isInfinityEncoding(bytes: Uint8Array): boolean {
  return bytes[0] === 0xc0 && bytes.subarray(1).every((b) => b === 0);
}

/** Secret key 1, whose public key is the G1 generator. */
const SECRET_KEY_ONE = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));

/**
 * Whether `bytes` is a well-formed compressed G1 point, infinity included: the property the
 * deserialization_G1 vectors state, which is weaker than KeyValidate (`isValidPublicKey` also
 * refuses infinity). The public API has no plain G1 decoder, but `getPublicKeyShare` decodes
 * Feldman commitments with one: commitments after the first may be infinity (a zero coefficient).
 * With commitments [G, P] and id 1 it returns G + P, so it succeeds exactly when P decodes (the
 * only other refusal, G + P = infinity, needs P = -G, which no vector uses).
 */
function decodesAsG1Point(api: DvtBls, bytes: Uint8Array): boolean {
  try {
    api.getPublicKeyShare([api.getPublicKey(SECRET_KEY_ONE), bytes], 1);
    return true;
  } catch (e) {
    // Only the documented refusal counts as "does not decode"; anything else is a test failure.
    if (e instanceof DvtBlsError && e.code === 'INVALID_COMMITMENTS') return false;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// The categories: where the files are, how many there must be, and how each file is checked.
// ---------------------------------------------------------------------------------------------

interface Category {
  /** Category (folder) name, as upstream spells it. */
  name: string;
  /** The files of the pinned release (see test/vectors/PROVENANCE.md): a lost file fails the count. */
  expectedFiles: number;
  files: VectorFile[];
  check(api: DvtBls, vector: VectorFile): void;
}

const categories: Category[] = [
  {
    name: 'sign',
    expectedFiles: 10,
    files: loadBls12381Tests('sign'),
    check(api, { name, input, output }) {
      const secretKey = bytesOf(field(input, 'privkey', name), `${name}.privkey`);
      const message = bytesOf(field(input, 'message', name), `${name}.message`);
      const expected = hexOrNullOf(output, `${name}.output`);
      // null: the key is refused (the only such vector is the zero key).
      if (expected === null) expectDvtBlsError(() => api.sign(secretKey, message), 'INVALID_SECRET_KEY');
      else expect(hex(api.sign(secretKey, message))).toBe(expected);
    },
  },
  {
    name: 'verify',
    expectedFiles: 29,
    files: loadBls12381Tests('verify'),
    check(api, { name, input, output }) {
      const publicKey = bytesOf(field(input, 'pubkey', name), `${name}.pubkey`);
      const message = bytesOf(field(input, 'message', name), `${name}.message`);
      const signature = bytesOf(field(input, 'signature', name), `${name}.signature`);
      expect(api.verify(publicKey, message, signature)).toBe(booleanOf(output, `${name}.output`));
    },
  },
  {
    name: 'aggregate',
    expectedFiles: 6,
    files: loadBls12381Tests('aggregate'),
    check(api, { name, input, output }) {
      const signatures = bytesListOf(input, `${name}.input`);
      const expected = hexOrNullOf(output, `${name}.output`);
      if (expected === null) {
        // null: the empty list (nothing to aggregate) or an invalid signature.
        const code: ErrorCode = signatures.length === 0 ? 'EMPTY_INPUT' : 'INVALID_SIGNATURE';
        expectDvtBlsError(() => api.aggregateSignatures(signatures), code);
      } else {
        expect(hex(api.aggregateSignatures(signatures))).toBe(expected);
      }
    },
  },
  {
    name: 'aggregate_verify',
    expectedFiles: 5,
    files: loadBls12381Tests('aggregate_verify'),
    check(api, { name, input, output }) {
      const publicKeys = bytesListOf(field(input, 'pubkeys', name), `${name}.pubkeys`);
      const messages = bytesListOf(field(input, 'messages', name), `${name}.messages`);
      const signature = bytesOf(field(input, 'signature', name), `${name}.signature`);
      expect(api.aggregateVerify(publicKeys, messages, signature)).toBe(booleanOf(output, `${name}.output`));
    },
  },
  {
    name: 'fast_aggregate_verify',
    expectedFiles: 12,
    files: loadBls12381Tests('fast_aggregate_verify'),
    check(api, { name, input, output }) {
      const publicKeys = bytesListOf(field(input, 'pubkeys', name), `${name}.pubkeys`);
      const message = bytesOf(field(input, 'message', name), `${name}.message`);
      const signature = bytesOf(field(input, 'signature', name), `${name}.signature`);
      expect(api.fastAggregateVerify(publicKeys, message, signature)).toBe(booleanOf(output, `${name}.output`));
    },
  },
  {
    name: 'batch_verify',
    expectedFiles: 3,
    files: loadBls12381Tests('batch_verify'),
    check(api, { name, input, output }) {
      const publicKeys = bytesListOf(field(input, 'pubkeys', name), `${name}.pubkeys`);
      const messages = bytesListOf(field(input, 'messages', name), `${name}.messages`);
      const signatures = bytesListOf(field(input, 'signatures', name), `${name}.signatures`);
      // The file holds three parallel lists; set i is (pubkeys[i], messages[i], signatures[i]).
      expect(messages).toHaveLength(publicKeys.length);
      expect(signatures).toHaveLength(publicKeys.length);
      const sets: SignatureSet[] = publicKeys.map((publicKey, i) => ({
        publicKey,
        message: messages[i] as Uint8Array,
        signature: signatures[i] as Uint8Array,
      }));
      // Seeded weights keep the run reproducible; the outcome must not depend on them anyway.
      const result = api.verifyBatch(sets, { randomBytes: seededRandomBytes(name) });
      expect(result).toBe(booleanOf(output, `${name}.output`));
    },
  },
  {
    name: 'deserialization_G1',
    expectedFiles: 13,
    files: loadBls12381Tests('deserialization_G1'),
    check(api, { name, input, output }) {
      const bytes = bytesOf(field(input, 'pubkey', name), `${name}.pubkey`);
      const wellFormed = booleanOf(output, `${name}.output`);
      // What the vector states: whether the bytes deserialize to a point of G1.
      expect(decodesAsG1Point(api, bytes)).toBe(wellFormed);
      if (wellFormed && isInfinityEncoding(bytes)) {
        // Documented deviation, case deserialization_succeeds_infinity_with_true_b_flag: the
        // infinity encoding is a valid G1 encoding (checked just above), but isValidPublicKey is
        // KeyValidate, which refuses the identity as a public key (RFC draft-irtf-cfrg-bls-signature
        // KeyValidate; the Ethereum consensus specs likewise refuse it in eth_aggregate_pubkeys).
        expect(name).toBe('deserialization_succeeds_infinity_with_true_b_flag');
        expect(api.isValidPublicKey(bytes)).toBe(false);
      } else {
        expect(api.isValidPublicKey(bytes)).toBe(wellFormed);
      }
    },
  },
  {
    name: 'deserialization_G2',
    expectedFiles: 15,
    files: loadBls12381Tests('deserialization_G2'),
    check(api, { name, input, output }) {
      const bytes = bytesOf(field(input, 'signature', name), `${name}.signature`);
      // isValidSignature accepts infinity (the aggregate of nothing), exactly as these vectors do.
      expect(api.isValidSignature(bytes)).toBe(booleanOf(output, `${name}.output`));
    },
  },
  {
    name: 'eth_aggregate_pubkeys',
    expectedFiles: 8,
    files: loadConsensusTests('eth_aggregate_pubkeys'),
    check(api, { name, input, output }) {
      const publicKeys = bytesListOf(input, `${name}.input`);
      const expected = hexOrNullOf(output, `${name}.output`);
      if (expected === null) {
        // null: the empty list, or a key failing KeyValidate (infinity, or a malformed encoding).
        const code: ErrorCode = publicKeys.length === 0 ? 'EMPTY_INPUT' : 'INVALID_PUBLIC_KEY';
        expectDvtBlsError(() => api.aggregatePublicKeys(publicKeys), code);
      } else {
        expect(hex(api.aggregatePublicKeys(publicKeys))).toBe(expected);
      }
    },
  },
  {
    name: 'eth_fast_aggregate_verify',
    expectedFiles: 12,
    files: loadConsensusTests('eth_fast_aggregate_verify'),
    check(api, { name, input, output }) {
      const publicKeys = bytesListOf(field(input, 'pubkeys', name), `${name}.pubkeys`);
      const message = bytesOf(field(input, 'message', name), `${name}.message`);
      const signature = bytesOf(field(input, 'signature', name), `${name}.signature`);
      const ethExpected = booleanOf(output, `${name}.output`);
      if (publicKeys.length === 0 && ethExpected) {
        // The one place eth_fast_aggregate_verify departs from the IETF FastAggregateVerify: the
        // consensus specs return true for no keys and the infinity signature (a sync committee
        // with no participants). fastAggregateVerify is the IETF function, which returns false
        // for an empty key list (documented on DvtBls.fastAggregateVerify); callers wanting the
        // Ethereum variant must special-case it. Pin exactly this case, so that no other
        // divergence can hide behind this branch.
        expect(name).toBe('eth_fast_aggregate_verify_na_pubkeys_and_infinity_signature');
        expect(isInfinityEncoding(signature)).toBe(true);
        expect(api.fastAggregateVerify(publicKeys, message, signature)).toBe(false);
      } else {
        expect(api.fastAggregateVerify(publicKeys, message, signature)).toBe(ethExpected);
      }
    },
  },
];

describe('Ethereum vector files', () => {
  // A wrong path or an emptied folder must not pass as "zero cases, zero failures".
  for (const { name, files, expectedFiles } of categories) {
    it(`${name}: loaded ${files.length} files`, () => {
      expect(files.length).toBeGreaterThan(0);
      expect(files.length).toBe(expectedFiles);
    });
  }
});

// Every backend of test/helpers/backends.ts, so that a backend added there is covered here too.
for (const { name: backendName, api } of backends) {
  describe(`Ethereum BLS vectors on the ${backendName} backend`, () => {
    for (const category of categories) {
      describe(category.name, () => {
        for (const vector of category.files) {
          it(vector.name, () => category.check(api, vector));
        }
      });
    }
  });
}
