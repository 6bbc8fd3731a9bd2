/**
 * The `dvt-bls` command line, end to end through child processes, in temporary directories:
 * split a keystore, sign a root with t share keystores, combine, verify against the original key;
 * recover the key; threshold-signed deposit data (from keystores and from operators' partials)
 * that verifies and has the expected roots; and the failures (wrong password, corrupted keystore,
 * mismatched cluster file, too few partials, existing output, bad command lines), each with a clear
 * code, a non-zero exit and no files left behind. The atomic writer's rollback is tested in
 * process with a file system that fails on demand.
 *
 * The CLI runs as an esbuild bundle of src/cli/main.ts built once here (about 0.2 s per process,
 * against 0.7 s through tsx), placed under node_modules/.cache so that @chainsafe/blst resolves as
 * it does for the package. DVT_BLS_CLI_TEST_RUNNER=tsx runs the sources through tsx instead; one
 * test always does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TSX_RUNNER, buildCliBundle, filesUnder, runCli, type CliRun } from './helpers/cli';
import { OutputTransaction, nodeOutputFs, type OutputFs } from '../src/cli/output';
import {
  decryptKeystore,
  depositDataToJson,
  executionWithdrawalCredentials,
  parseCluster,
  parseDepositDataFile,
  signDeposit,
  decryptShareKeystore,
  type DepositDataJson,
} from '../src/eth/index';
import { backends } from './helpers/backends';
import { hex } from './helpers/rng';

const bls = backends.find((b) => b.name === 'blst')!.api;
const PASSWORD = 'operator password 1';
const NEW_PASSWORD = 'a new strong password';
const ADDRESS = '0x00000000219ab540356cBB839Cbe05303d7705Fa';
const ROOT = 'ab'.repeat(32);
const CHEAP = ['--scrypt-n', '16'];

let bundleDir = '';
let work = '';
let runner: string[] = [];

type Run = CliRun;

/** Runs the CLI with the passwords in the environment; stdin is not a terminal. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runCli(runner, work, args, { PW: PASSWORD, NEW_PW: NEW_PASSWORD, DVT_BLS_BACKEND: '', ...env });

const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
const at = (...parts: string[]): string => path.join(work, ...parts);

/** Expects a failed run: the exit code, the error code in --json output, and nothing new in `dirs`. */
async function expectFailure(args: string[], exit: number, code: string, dirs: string[]): Promise<Run> {
  const before = dirs.map(filesUnder);
  const run = await cli([...args, '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(exit);
  expect(run.json.ok).toBe(false);
  expect(run.json.error.code, run.json.error.message).toBe(code);
  dirs.forEach((dir, i) => expect(filesUnder(dir), `files in ${dir}`).toEqual(before[i]));
  return run;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'dvt-bls-cli-'));
  if (process.env.DVT_BLS_CLI_TEST_RUNNER === 'tsx') {
    runner = TSX_RUNNER;
    return;
  }
  ({ runner, dir: bundleDir } = await buildCliBundle('dvt-bls-cli-test-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('command line basics', () => {
  it('--help for the program and for each command, exit 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    const names = ['keygen', 'split', 'sign', 'combine', 'verify', 'deposit', 'recover'];
    for (const name of names) expect(top.stdout).toContain(`  ${name} `);
    expect(top.stdout).toMatch(/Exit codes: 0 success, 1 usage error, 2/);
    const helps = await Promise.all(names.map((name) => cli([name, '--help'])));
    helps.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: dvt-bls ${names[i]} `);
      expect(run.stdout).toContain('--json');
    });
  });

  it('the sources run directly through tsx too', async () => {
    const saved = runner;
    runner = TSX_RUNNER;
    try {
      const run = await cli(['verify', '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: dvt-bls verify');
    } finally {
      runner = saved;
    }
  });

  it('usage errors exit 1 with a code: unknown command or option, missing value, password on argv, no password source', async () => {
    expect((await expectFailure(['frobnicate'], 1, 'USAGE', [])).json.error.message).toContain('unknown command');
    expect((await expectFailure(['keygen', '--outt', 'x'], 1, 'USAGE', [])).json.error.message).toContain('unknown option --outt');
    await expectFailure(['keygen', '--out'], 1, 'USAGE', []);
    await expectFailure(['split', '--keystore', 'k.json', '--threshold', '0', '--operators', '3', '--out', 'o'], 1, 'USAGE', [work]);
    const argv = await expectFailure(['keygen', '--out', 'k.json', '--new-password', NEW_PASSWORD], 1, 'USAGE', [work]);
    expect(argv.json.error.message).toContain('--insecure-password-arg');
    await expectFailure(['keygen', '--out', 'k.json'], 1, 'NO_PASSWORD', [work]);
    await expectFailure(['keygen', '--out', 'k.json', '--new-password-env', 'UNSET_VARIABLE_X'], 1, 'NO_PASSWORD', [work]);
    const human = await cli(['keygen', '--out', 'k.json']);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^dvt-bls: NO_PASSWORD: .*stdin is not a terminal/m);
    expect(human.stdout).toBe('');
  });

  it('--password on argv works with --insecure-password-arg', async () => {
    const run = await cli(['keygen', '--out', 'argv.json', '--new-password', NEW_PASSWORD, '--insecure-password-arg', ...CHEAP, '--json']);
    expect(run.code).toBe(0);
    expect(hex(bls.getPublicKey(decryptKeystore(readJson(at('argv.json')), NEW_PASSWORD)))).toBe(run.json.public_key.slice(2));
  });
});

describe('password prompt on a terminal', () => {
  // util-linux `script` gives the CLI a pseudo-terminal; skipped where it is missing.
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasScript)('prompts twice with echo off, and the keystore opens with what was typed', async () => {
    const command = [process.execPath, ...runner, 'keygen', '--out', 'prompted.json', ...CHEAP].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    let answered = 0;
    const typed = 'typed at the prompt';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const prompts = (seen.match(/New password for [^\n]*: |Repeat it: /g) ?? []).length;
      while (answered < prompts) {
        answered++;
        child.stdin.write(`${typed}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, seen).toBe(0);
    expect(answered).toBe(2);
    // The pseudo-terminal shows everything the CLI printed; the password is not among it.
    expect(seen).not.toContain(typed);
    const keystore = readJson(at('prompted.json'));
    expect(decryptKeystore(keystore, typed)).toHaveLength(32);
  });
});

describe('split, sign, combine, verify, recover, deposit', () => {
  let validatorPublicKey = '';
  let secretKey: Uint8Array;

  it('keygen writes a keystore of a fresh key (owner-only file, on blst)', async () => {
    const run = await cli(['keygen', '--out', 'validator.json', '--new-password-env', 'PW', ...CHEAP, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ ok: true, command: 'keygen', backend: 'blst' });
    expect(run.stderr).toContain('warning: scrypt n = 16 is below');
    expect(statSync(at('validator.json')).mode & 0o777).toBe(0o600);
    secretKey = decryptKeystore(readJson(at('validator.json')), PASSWORD);
    validatorPublicKey = run.json.public_key;
    expect(`0x${hex(bls.getPublicKey(secretKey))}`).toBe(validatorPublicKey);
  });

  it('split: one share keystore per operator and the cluster file', async () => {
    const run = await cli([
      'split', '--keystore', 'validator.json', '--password-env', 'PW', '--threshold', '2', '--operators', '3',
      '--out', 'shares', '--new-password-env', 'PW', ...CHEAP, '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(filesUnder(at('shares'))).toEqual(['cluster.json', 'share-1.json', 'share-2.json', 'share-3.json']);
    const cluster = parseCluster(readFileSync(at('shares', 'cluster.json'), 'utf8'), { bls });
    expect(`0x${hex(cluster.groupPublicKey)}`).toBe(validatorPublicKey);
    expect(run.json.group_public_key).toBe(validatorPublicKey);
    expect(cluster.threshold).toBe(2);
    for (const id of [1, 2, 3]) {
      const file = at('shares', `share-${id}.json`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const keystore = readJson(file);
      expect(keystore.pubkey).toBe(hex(cluster.publicKeyShares[id - 1]!.publicKey));
      expect(decryptShareKeystore(keystore, PASSWORD, cluster).id).toBe(id);
    }
    const shares = [1, 3].map((id) => decryptShareKeystore(readJson(at('shares', `share-${id}.json`)), PASSWORD, cluster));
    expect(hex(bls.recoverSecret(shares))).toBe(hex(secretKey));
  });

  it('sign with t share keystores, combine, and the signature verifies under the original key', async () => {
    const [p1, p3] = await Promise.all(
      [1, 3].map((id) =>
        cli(['sign', '--cluster', 'shares/cluster.json', '--keystore', `shares/share-${id}.json`, '--password-env', 'PW', '--root', ROOT, '--out', `p${id}.json`, '--json'])
      )
    );
    expect(p1!.code, p1!.stderr).toBe(0);
    expect(p3!.code, p3!.stderr).toBe(0);
    expect(readJson(at('p1.json'))).toMatchObject({ type: 'dvt-bls/partial-signature', id: 1, signing_root: `0x${ROOT}` });
    const combined = await cli(['combine', '--cluster', 'shares/cluster.json', '--partial', 'p1.json', 'p3.json', '--out', 'signature.json', '--json']);
    expect(combined.code, combined.stderr).toBe(0);
    const signature = readJson(at('signature.json'));
    expect(signature.signers).toEqual([1, 3]);
    // BLS is deterministic: the threshold signature is the original key's signature.
    expect(signature.signature).toBe(`0x${hex(bls.sign(secretKey, Buffer.from(ROOT, 'hex')))}`);
    const verified = await cli(['verify', '--pubkey', validatorPublicKey, '--signature-file', 'signature.json', '--json']);
    expect(verified.code).toBe(0);
    expect(verified.json.valid).toBe(true);
    // The same signature over another root does not verify: exit 2.
    await expectFailure(['verify', '--pubkey', validatorPublicKey, '--signature', signature.signature, '--root', 'cd'.repeat(32)], 2, 'VERIFY_FAILED', []);
  });

  it('combine names a bad partial and still combines t good ones', async () => {
    const sign2 = await cli(['sign', '--cluster', 'shares/cluster.json', '--keystore', 'shares/share-2.json', '--password-env', 'PW', '--root', ROOT, '--json']);
    expect(sign2.code).toBe(0);
    const bad = { ...sign2.json.partial, signature: readJson(at('p1.json')).signature }; // share 1's signature, claimed by share 2
    writeFileSync(at('p2-bad.json'), JSON.stringify(bad));
    const run = await cli(['combine', '--cluster', 'shares/cluster.json', '--partial', 'p2-bad.json', 'p1.json', 'p3.json', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.signature.invalid).toEqual([2]);
    expect(run.json.invalid_files).toEqual(['p2-bad.json']);
    expect(run.stderr).toContain('Invalid partial from share 2 (p2-bad.json)');
    const tooFew = await expectFailure(['combine', '--cluster', 'shares/cluster.json', '--partial', 'p2-bad.json', 'p3.json', '--out', 'out/sig.json'], 2, 'TOO_FEW_VALID_PARTIALS', [work]);
    expect(tooFew.json.error.culprits).toEqual([2]);
    expect(tooFew.json.error.message).toContain('share 2 (p2-bad.json)');
  });

  it('too few partials: TOO_FEW_PARTIALS, exit 2, no output', async () => {
    const run = await expectFailure(['combine', '--cluster', 'shares/cluster.json', '--partial', 'p1.json', '--out', 'out/sig.json'], 2, 'TOO_FEW_PARTIALS', [work]);
    expect(run.json.error.message).toContain("the cluster's threshold is 2");
  });

  it('recover: t share keystores give back the original key', async () => {
    const run = await cli([
      'recover', '--cluster', 'shares/cluster.json', '--keystore', 'shares/share-2.json', 'shares/share-3.json',
      '--password-env', 'PW', '--new-password-env', 'NEW_PW', '--out', 'recovered/validator.json', ...CHEAP, '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.shares).toEqual([2, 3]);
    expect(hex(decryptKeystore(readJson(at('recovered', 'validator.json')), NEW_PASSWORD))).toBe(hex(secretKey));
    // The recovered key goes to the keystore only: not to the terminal, not in any form.
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(hex(secretKey));
      expect(text).not.toContain(Buffer.from(secretKey).toString('base64'));
    }
    await expectFailure(
      ['recover', '--cluster', 'shares/cluster.json', '--keystore', 'shares/share-1.json', '--password-env', 'PW', '--new-password-env', 'NEW_PW', '--out', 'r2/v.json'],
      2,
      'TOO_FEW_SHARES',
      [work]
    );
  });

  it('deposit from t share keystores: verifies, and has the roots and signature of the original key', async () => {
    const run = await cli([
      'deposit', '--cluster', 'shares/cluster.json', '--network', 'hoodi', '--withdrawal-address', ADDRESS, '--compounding', '--amount', '64',
      '--keystore', 'shares/share-1.json', 'shares/share-2.json', '--password-env', 'PW', '--out', 'deposit', '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const files = filesUnder(at('deposit'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^deposit_data-\d+\.json$/);
    const entries = readJson(at('deposit', files[0]!)) as DepositDataJson[];
    const expected = depositDataToJson(
      signDeposit(secretKey, { withdrawalCredentials: executionWithdrawalCredentials(ADDRESS, { compounding: true }), amount: 64e9 }, { network: 'hoodi', bls }),
      { network: 'hoodi' }
    );
    expect(entries).toEqual([expected]);
    expect(`0x${entries[0]!.pubkey}`).toBe(validatorPublicKey);
    expect(entries[0]).toMatchObject({ amount: 64e9, fork_version: '10000910', network_name: 'hoodi' });
    expect(parseDepositDataFile(entries, { network: 'hoodi', bls })).toHaveLength(1);
    const verified = await cli(['verify', '--deposit-data', `deposit/${files[0]}`, '--cluster', 'shares/cluster.json', '--network', 'hoodi', '--json']);
    expect(verified.code, verified.stdout).toBe(0);
    await expectFailure(['verify', '--deposit-data', `deposit/${files[0]}`, '--network', 'mainnet'], 2, 'INVALID_DEPOSIT', []);
  });

  it('deposit from operators\' partials: signing root, sign on each machine, combine into the same deposit data', async () => {
    const common = ['--cluster', 'shares/cluster.json', '--network', 'mainnet', '--withdrawal-address', ADDRESS, '--amount', '32'];
    const rootRun = await cli(['deposit', ...common, '--signing-root-only', '--json']);
    expect(rootRun.code, rootRun.stderr).toBe(0);
    const root = rootRun.json.signing_root as string;
    const signs = await Promise.all(
      [2, 3].map((id) => cli(['sign', '--cluster', 'shares/cluster.json', '--keystore', `shares/share-${id}.json`, '--password-env', 'PW', '--root', root, '--out', `dp${id}.json`]))
    );
    for (const s of signs) expect(s.code, s.stderr).toBe(0);
    const run = await cli(['deposit', ...common, '--partial', 'dp2.json', 'dp3.json', '--out', 'deposit-mainnet', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const expected = depositDataToJson(
      signDeposit(secretKey, { withdrawalCredentials: executionWithdrawalCredentials(ADDRESS), amount: 32e9 }, { network: 'mainnet', bls }),
      { network: 'mainnet' }
    );
    expect(run.json.deposit).toEqual(expected);
    expect(run.json.signers).toEqual([2, 3]);
    // Partials of a different root (the generic p1/p3 above) are refused, naming the file.
    const wrong = await expectFailure(['deposit', ...common, '--partial', 'p1.json', 'p3.json', '--out', 'deposit-wrong'], 2, 'INVALID_INPUT', [work]);
    expect(wrong.json.error.message).toContain('p1.json');
  });

  it('wrong password: WRONG_PASSWORD naming the keystore, exit 2, no files', async () => {
    const env = { PW: 'not the password' };
    for (const args of [
      ['sign', '--cluster', 'shares/cluster.json', '--keystore', 'shares/share-1.json', '--password-env', 'PW', '--root', ROOT, '--out', 'w/p.json'],
      ['recover', '--cluster', 'shares/cluster.json', '--keystore', 'shares/share-1.json', 'shares/share-2.json', '--password-env', 'PW', '--new-password-env', 'NEW_PW', '--out', 'w/v.json'],
      ['split', '--keystore', 'validator.json', '--password-env', 'PW', '--threshold', '2', '--operators', '3', '--out', 'w', '--new-password-env', 'NEW_PW'],
    ]) {
      const before = filesUnder(work);
      const run = await cli([...args, '--json'], env);
      expect(run.code).toBe(2);
      expect(run.json.error.code).toBe('WRONG_PASSWORD');
      expect(run.json.error.message).toMatch(/(share-1|validator)\.json: keystore: the checksum does not match/);
      expect(filesUnder(work)).toEqual(before);
    }
    // One good password file per keystore, the second one wrong: still nothing written.
    writeFileSync(at('good.txt'), `${PASSWORD}\n`);
    writeFileSync(at('bad.txt'), 'nope\n');
    const run = await expectFailure(
      ['deposit', '--cluster', 'shares/cluster.json', '--network', 'holesky', '--withdrawal-address', ADDRESS, '--keystore', 'shares/share-1.json', 'shares/share-2.json',
        '--password-file', 'good.txt', 'bad.txt', '--out', 'w'],
      2,
      'WRONG_PASSWORD',
      [work]
    );
    expect(run.json.error.message).toContain('share-2.json');
  });

  it('corrupted keystore: INVALID_KEYSTORE (WRONG_PASSWORD when the checksum itself is hit), exit 2, no files', async () => {
    const keystore = readJson(at('shares', 'share-1.json'));
    writeFileSync(at('truncated.json'), JSON.stringify({ ...keystore, crypto: { ...keystore.crypto, cipher: { ...keystore.crypto.cipher, message: keystore.crypto.cipher.message.slice(4) } } }));
    writeFileSync(at('broken.json'), JSON.stringify(keystore).slice(0, 100));
    writeFileSync(at('flipped.json'), JSON.stringify({ ...keystore, crypto: { ...keystore.crypto, checksum: { ...keystore.crypto.checksum, message: `00${keystore.crypto.checksum.message.slice(2)}` } } }));
    const sign = (file: string) => ['sign', '--cluster', 'shares/cluster.json', '--keystore', file, '--password-env', 'PW', '--root', ROOT, '--out', 'c/p.json'];
    expect((await expectFailure(sign('truncated.json'), 2, 'INVALID_KEYSTORE', [work])).json.error.message).toContain('truncated.json');
    expect((await expectFailure(sign('broken.json'), 2, 'INVALID_KEYSTORE', [work])).json.error.message).toContain('broken.json: keystore: not valid JSON');
    await expectFailure(sign('flipped.json'), 2, 'WRONG_PASSWORD', [work]);
    await expectFailure(sign('missing.json'), 2, 'IO_ERROR', [work]);
  });

  it('mismatched cluster file: another cluster is CLUSTER_MISMATCH, an edited one INVALID_CLUSTER; exit 2, no files', async () => {
    const again = await cli(['split', '--keystore', 'validator.json', '--password-env', 'PW', '--threshold', '2', '--operators', '3', '--out', 'shares-again', '--new-password-env', 'PW', ...CHEAP]);
    expect(again.code, again.stderr).toBe(0);
    // Same validator, another split: the share keystores of one do not belong to the other.
    const mismatch = await expectFailure(
      ['sign', '--cluster', 'shares-again/cluster.json', '--keystore', 'shares/share-1.json', '--password-env', 'PW', '--root', ROOT, '--out', 'm/p.json'],
      2,
      'CLUSTER_MISMATCH',
      [work]
    );
    expect(mismatch.json.error.message).toContain('share-1.json');
    await expectFailure(['combine', '--cluster', 'shares-again/cluster.json', '--partial', 'p1.json', 'p3.json', '--out', 'm/s.json'], 2, 'CLUSTER_MISMATCH', [work]);
    const edited = readJson(at('shares', 'cluster.json'));
    edited.threshold = 3;
    edited.feldman_commitments.push(edited.feldman_commitments[1]);
    writeFileSync(at('edited-cluster.json'), JSON.stringify(edited));
    const invalid = await expectFailure(['combine', '--cluster', 'edited-cluster.json', '--partial', 'p1.json', 'p3.json', '--out', 'm/s.json'], 2, 'INVALID_CLUSTER', [work]);
    expect(invalid.json.error.message).toContain('edited-cluster.json');
    await expectFailure(['verify', '--cluster', 'edited-cluster.json'], 2, 'INVALID_CLUSTER', []);
    expect((await cli(['verify', '--cluster', 'shares/cluster.json'])).code).toBe(0);
  });

  it('existing outputs are refused (OUTPUT_EXISTS) and left untouched; --force replaces them', async () => {
    const before = readFileSync(at('shares', 'cluster.json'), 'utf8');
    const args = ['split', '--keystore', 'validator.json', '--threshold', '2', '--operators', '3', '--out', 'shares', ...CHEAP];
    // Refused before the keystore is even read: a missing password would not be asked for.
    const exists = await expectFailure([...args, '--new-password-env', 'PW', '--password-env', 'UNSET_VARIABLE_X'], 2, 'OUTPUT_EXISTS', [work]);
    expect(exists.json.error.message).toContain('share-1.json exists (use --force to replace it)');
    expect(readFileSync(at('shares', 'cluster.json'), 'utf8')).toBe(before);
    const forced = await cli([...args, '--password-env', 'PW', '--force', '--random-passwords']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(at('shares', 'cluster.json'), 'utf8')).not.toBe(before);
    // --random-passwords: each share keystore opens with its own password file.
    const cluster = parseCluster(readFileSync(at('shares', 'cluster.json'), 'utf8'), { bls });
    for (const id of [1, 2, 3]) {
      const password = readFileSync(at('shares', `share-${id}.txt`), 'utf8');
      expect(statSync(at('shares', `share-${id}.txt`)).mode & 0o777).toBe(0o600);
      expect(decryptShareKeystore(readJson(at('shares', `share-${id}.json`)), password, cluster).id).toBe(id);
    }
    expect(filesUnder(at('shares')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('atomic output (in process)', () => {
  /** Node's file system, with one call made to fail on its n-th use. */
  function failing(call: keyof OutputFs, nth: number): OutputFs {
    let count = 0;
    return {
      ...nodeOutputFs,
      [call]: async (...args: unknown[]) => {
        count++;
        if (count === nth) throw Object.assign(new Error(`injected ${call} failure`), { code: 'EIO' });
        return (nodeOutputFs[call] as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    } as OutputFs;
  }

  it('a failure while placing the third file removes the first two, the temporaries and the new directories', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dvt-bls-atomic-'));
    try {
      const tx = new OutputTransaction(false, failing('link', 3));
      for (const name of ['a.json', 'b.json', 'c.json', 'd.json']) tx.stage(path.join(dir, 'new', 'deeper', name), `{"${name}":1}`);
      await expect(tx.commit()).rejects.toMatchObject({ code: 'IO_ERROR' });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure while writing temporaries leaves nothing; with --force, replaced files come back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dvt-bls-atomic-'));
    try {
      writeFileSync(path.join(dir, 'a.json'), 'original a');
      writeFileSync(path.join(dir, 'b.json'), 'original b');
      const writes = new OutputTransaction(true, failing('writeFile', 2));
      writes.stage(path.join(dir, 'a.json'), 'new a');
      writes.stage(path.join(dir, 'b.json'), 'new b');
      await expect(writes.commit()).rejects.toMatchObject({ code: 'IO_ERROR' });
      expect(filesUnder(dir)).toEqual(['a.json', 'b.json']);
      const places = new OutputTransaction(true, failing('link', 2));
      places.stage(path.join(dir, 'a.json'), 'new a');
      places.stage(path.join(dir, 'b.json'), 'new b');
      places.stage(path.join(dir, 'c.json'), 'new c');
      await expect(places.commit()).rejects.toMatchObject({ code: 'IO_ERROR' });
      expect(filesUnder(dir)).toEqual(['a.json', 'b.json']);
      expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('original a');
      expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe('original b');
      const ok = new OutputTransaction(true);
      ok.stage(path.join(dir, 'a.json'), 'new a');
      await ok.commit();
      expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('new a');
      expect(filesUnder(dir)).toEqual(['a.json', 'b.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
