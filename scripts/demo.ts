/**
 * `npm run demo`: a 3-of-4 distributed validator in one process.
 *
 * Four operators create a validator key by a distributed key generation (Pedersen-VSS, with
 * sealed deals): nobody ever holds the key. Three of them sign an attestation signing root, the
 * partials are combined with `combineVerified`, then the demo shows what happens when operators
 * misbehave. Every line it prints is also checked: the script exits non-zero if any check fails.
 * It prints public data only (keys, signatures, roots), never secret key bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  CIPHERSUITE,
  DvtBlsError,
  backend,
  combineVerified,
  createDkgParticipant,
  generateEncryptionKeyPair,
  getPublicKeyShare,
  partialSign,
  runCeremony,
  verify,
  verifyPartial,
  verifyShare,
  type CombineVerifiedInput,
  type PartialSignature,
} from '../src/node';

// ---------------------------------------------------------------------------------------------
// Output helpers: aligned columns, short hex prefixes, a timer, and checks that set the exit code.

const failures: string[] = [];

function check(ok: boolean, what: string): boolean {
  if (!ok) failures.push(what);
  return ok;
}

/** `0x` and the first `bytes` bytes of public data, enough to tell values apart at a glance. */
function short(data: Uint8Array, bytes = 6): string {
  return `0x${Buffer.from(data.subarray(0, bytes)).toString('hex')}…`;
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const sameIds = (a: readonly number[], b: readonly number[]): boolean => a.join(',') === b.join(',');
const ids = (list: readonly number[]): string => (list.length === 0 ? 'none' : list.join(','));

const STEP = 40;
const RESULT = 52;

function row(step: string, result: string, ms?: number, ok?: boolean): void {
  const time = ms === undefined ? '' : `${ms.toFixed(1).padStart(7)} ms`;
  const mark = ok === undefined ? ' ' : ok ? '✓' : '✗';
  console.log(`${mark} ${step.padEnd(STEP)} ${result.padEnd(RESULT)} ${time}`.trimEnd());
}

/** Runs `fn` once and returns its value with the elapsed milliseconds. */
function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

// ---------------------------------------------------------------------------------------------
// A signing root shaped like a real one: hash_tree_root(SigningData(object_root, domain)), with the
// mainnet attester domain. The object root stands in for hash_tree_root(AttestationData).

const DOMAIN_BEACON_ATTESTER = fromHex('01000000');
const FULU_FORK_VERSION = fromHex('06000000');
const MAINNET_GENESIS_VALIDATORS_ROOT = fromHex('4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95');

/** hash_tree_root of a container of two 32-byte chunks: one SHA-256 over their concatenation. */
function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const both = new Uint8Array(64);
  both.set(left, 0);
  both.set(right, 32);
  return sha256(both);
}

function signingRoot(objectRoot: Uint8Array): Uint8Array {
  const version = new Uint8Array(32);
  version.set(FULU_FORK_VERSION);
  const forkDataRoot = hashPair(version, MAINNET_GENESIS_VALIDATORS_ROOT); // ForkData
  const domain = new Uint8Array(32);
  domain.set(DOMAIN_BEACON_ATTESTER);
  domain.set(forkDataRoot.subarray(0, 28), 4); // compute_domain
  return hashPair(objectRoot, domain); // SigningData
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

// ---------------------------------------------------------------------------------------------

function main(): void {
  const totalStart = performance.now();
  console.log(`dvt-bls demo: a 3-of-4 distributed validator (backend: ${backend})`);
  console.log(`ciphersuite ${CIPHERSUITE}\n`);

  const threshold = 3;
  const operators = [1, 2, 3, 4];

  // 1. The validator key, by a DKG among the four operators: each deals a Pedersen-committed
  // sharing of a random secret; the key is the sum of the qualified dealers' secrets and exists
  // nowhere. Deals are sealed to each operator's X25519 key, as over an untrusted relay.
  const encryption = operators.map(() => generateEncryptionKeyPair());
  const session = crypto.getRandomValues(new Uint8Array(32));
  const [outcomes, tDkg] = timed(() =>
    runCeremony(
      operators.map((self, i) =>
        createDkgParticipant({
          protocol: 'pedersen',
          self,
          participants: operators.map((id, j) => ({ id, encryptionKey: encryption[j]!.publicKey })),
          threshold,
          session,
          encryptionSecretKey: encryption[i]!.secretKey,
        })
      )
    )
  );
  const results = operators.map((id) => outcomes.get(id));
  const done = results.filter((r): r is Exclude<typeof r, Error | undefined> => r !== undefined && !(r instanceof Error));
  const first = done[0];
  if (first === undefined) throw new Error('the DKG failed on every operator');
  const groupPublicKey = first.groupPublicKey;
  const commitments = first.commitments;
  const agree = done.length === operators.length && done.every((r) => equalBytes(r.groupPublicKey, groupPublicKey) && equalBytes(r.transcriptHash, first.transcriptHash));
  row(
    ' 1 DKG 3-of-4 (Pedersen, sealed deals)',
    `key ${short(groupPublicKey)}, qualified ${ids(first.qualified)}`,
    tDkg,
    check(agree && sameIds(first.qualified, operators), 'all four finish with the same key and transcript')
  );
  const shares = done.map((r) => r.share);
  row('   transcript hash (all equal)', short(first.transcriptHash, 12), undefined, check(agree, 'transcripts agree'));

  // 2. Each operator checks its share against the group commitments.
  const [sharesValid, tVerifyShares] = timed(() => shares.map((share) => verifyShare(share, commitments)));
  row(
    ' 2 verifyShare (each operator)',
    `${sharesValid.filter(Boolean).length}/${shares.length} shares match the commitments`,
    tVerifyShares,
    check(sharesValid.every(Boolean), 'every share matches the commitments')
  );

  // 3. Public key shares: in the DKG result, and derivable by anyone from the commitments.
  const [publicKeyShares, tPkShares] = timed(() =>
    operators.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) }))
  );
  row(
    ' 3 getPublicKeyShare (ids 1-4)',
    publicKeyShares.map((s) => `${s.id}:${short(s.publicKey, 3)}`).join(' '),
    tPkShares,
    check(
      publicKeyShares.every((s, i) => equalBytes(s.publicKey, first.publicKeyShares[i]!.publicKey)),
      'public key shares match the DKG result'
    )
  );

  // 4. The duty: an attestation signing root.
  const [root, tRoot] = timed(() => signingRoot(sha256(encode('demo AttestationData: slot 12345678, committee 7'))));
  row(' 4 signing root, mainnet attester domain', short(root, 12), tRoot);

  // 5. Operators 1, 2 and 3 sign it.
  const [partials, tPartial] = timed(() => shares.slice(0, threshold).map((share) => partialSign(share, root)));
  row(' 5 partialSign (ids 1,2,3)', partials.map((p) => `${p.id}:${short(p.signature, 3)}`).join(' '), tPartial);

  const input = (list: readonly PartialSignature[]): CombineVerifiedInput => ({
    message: root,
    partials: list,
    threshold,
    groupPublicKey,
    publicKeyShares,
  });
  // 6. Happy path: combine the first three, verify once under the group key.
  const [happy, tHappy] = timed(() => combineVerified(input(partials)));
  // BLS is deterministic: every set of t valid partials gives this same signature.
  const expected = happy.signature;
  row(
    ' 6 combineVerified: 3 good partials',
    `signers ${ids(happy.signers)}, invalid ${ids(happy.invalid)}, sig ${short(happy.signature)}`,
    tHappy,
    check(
      sameIds(happy.signers, [1, 2, 3]) && happy.invalid.length === 0,
      'happy path: signers 1,2,3, nothing invalid'
    )
  );
  const [happyValid, tVerify] = timed(() => verify(groupPublicKey, root, happy.signature));
  row('   verify under the validator key', happyValid ? 'valid' : 'INVALID', tVerify, check(happyValid, 'happy signature verifies'));

  // 7. Operator 2 misbehaves: its partial signs another root. Operator 4's partial arrives too.
  const otherRoot = signingRoot(sha256(encode('demo AttestationData: slot 12345678, committee 8')));
  const corrupted = partialSign(shares[1]!, otherRoot);
  const fourth = partialSign(shares[3]!, root);
  const corruptedValid = verifyPartial(publicKeyShares[1]!.publicKey, root, corrupted);
  row(
    ' 7 partial 2 signs another root',
    `verifyPartial(2) on the root: ${corruptedValid}`,
    undefined,
    check(!corruptedValid, 'the corrupted partial does not verify')
  );
  const withBad = [partials[0]!, corrupted, partials[2]!, fourth];
  const [robust, tRobust] = timed(() => combineVerified(input(withBad)));
  row(
    ' 8 combineVerified: 1, bad 2, 3, 4',
    `signers ${ids(robust.signers)}, invalid ${ids(robust.invalid)}, sig ${short(robust.signature)}`,
    tRobust,
    check(
      sameIds(robust.signers, [1, 3, 4]) && sameIds(robust.invalid, [2]) && equalBytes(robust.signature, expected),
      'robust path: names 2, combines 1,3,4 into the same signature'
    )
  );
  const robustValid = verify(groupPublicKey, root, robust.signature);
  row('   verify under the validator key', robustValid ? 'valid' : 'INVALID', undefined, check(robustValid, 'robust signature verifies'));

  // 9. The happy path checks only the t partials it combines: a bad fourth goes unnoticed.
  const badFourth = partialSign(shares[3]!, otherRoot);
  const [unchecked, tUnchecked] = timed(() => combineVerified(input([...partials, badFourth])));
  row(
    ' 9 combineVerified: 1, 2, 3, bad 4',
    `signers ${ids(unchecked.signers)}, invalid ${ids(unchecked.invalid)} (4 never checked)`,
    tUnchecked,
    check(
      sameIds(unchecked.signers, [1, 2, 3]) && unchecked.invalid.length === 0,
      'happy path does not check partials beyond the first t'
    )
  );

  // 10. Two of three partials are bad: no signature, and the culprits are named.
  const twoBad = [partialSign(shares[0]!, otherRoot), corrupted, partials[2]!];
  const [caught, tCaught] = timed(() => {
    try {
      combineVerified(input(twoBad));
      return undefined;
    } catch (e) {
      if (e instanceof DvtBlsError) return e;
      throw e;
    }
  });
  row(
    '10 combineVerified: bad 1, bad 2, 3',
    caught === undefined ? 'no error thrown' : `throws ${caught.code}, culprits ${ids(caught.culprits)}`,
    tCaught,
    check(
      caught?.code === 'TOO_FEW_VALID_PARTIALS' && sameIds(caught.culprits, [1, 2]),
      'two bad of three: TOO_FEW_VALID_PARTIALS naming 1 and 2'
    )
  );

  const total = performance.now() - totalStart;
  console.log('');
  if (failures.length === 0) {
    console.log(`all checks passed in ${total.toFixed(0)} ms (single runs; first calls include warm-up)`);
  } else {
    for (const failure of failures) console.log(`FAILED: ${failure}`);
    process.exitCode = 1;
  }
}

try {
  main();
} catch (e) {
  console.error('demo crashed:', e);
  process.exitCode = 1;
}
