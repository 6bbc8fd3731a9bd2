/**
 * The ceremony commands of the `dvt-bls` command line, end to end through child processes, in a
 * temporary directory: `dkg` 3-of-4, then sign/combine/verify with its keystores under the
 * cluster's key; `reshare` to a new 3-of-5 set under the same key (old and new partials do not
 * mix); `repair` of a share with 3 helpers (same public key, signs); and the failures (wrong
 * password, too few keystores to reshare, a repair id that is a helper), each with a clear code, a
 * non-zero exit and no files written.
 *
 * The CLI runs as an esbuild bundle of src/cli/main.ts built once here (test/helpers/cli.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, filesUnder, runCli, type CliRun } from './helpers/cli';
import { parseCluster } from '../src/eth/index';
import { backends } from './helpers/backends';

const bls = backends.find((b) => b.name === 'blst')!.api;
const PASSWORD = 'operator password 1';
const NEW_PASSWORD = 'a new strong password';
const ROOT = 'cd'.repeat(32);
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

/** Expects a failed run: the exit code, the error code in --json output, and nothing new under the work directory. */
async function expectFailure(args: string[], exit: number, code: string): Promise<Run> {
  const before = filesUnder(work);
  const run = await cli([...args, '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(exit);
  expect(run.json.ok).toBe(false);
  expect(run.json.error.code, run.json.error.message).toBe(code);
  expect(filesUnder(work)).toEqual(before);
  return run;
}

/** Expects a successful --json run. */
async function ok(args: string[]): Promise<Run> {
  const run = await cli([...args, '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.json.ok).toBe(true);
  return run;
}

/** Signs ROOT with each keystore, combines under `cluster`, verifies under `pubkey`; returns the partial files. */
async function signCombineVerify(cluster: string, keystores: string[], pubkey: string, tag: string): Promise<string[]> {
  const partials = await Promise.all(
    keystores.map(async (keystore, i) => {
      const out = `partial-${tag}-${i}.json`;
      await ok(['sign', '--cluster', cluster, '--keystore', keystore, '--password-env', 'PW', '--root', ROOT, '--out', out]);
      return out;
    })
  );
  const sig = `signature-${tag}.json`;
  const combined = await ok(['combine', '--cluster', cluster, '--partial', ...partials, '--out', sig]);
  expect(combined.json.signature.public_key).toBe(pubkey);
  const verified = await ok(['verify', '--pubkey', pubkey, '--signature-file', sig]);
  expect(verified.code).toBe(0);
  return partials;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'dvt-bls-cli-ceremonies-'));
  ({ runner, dir: bundleDir } = await buildCliBundle('dvt-bls-cli-ceremonies-test-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('dkg, reshare, repair', () => {
  let groupKey = '';
  let oldPartials: string[] = [];

  it('--help of each command, and they are listed', async () => {
    const top = await cli(['--help']);
    for (const name of ['dkg', 'reshare', 'repair']) {
      expect(top.stdout).toContain(`  ${name} `);
      const help = await cli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: dvt-bls ${name} `);
      expect(help.stdout).toContain('--out DIR');
      expect(help.stdout).toContain('--new-password-file');
    }
  });

  it('dkg: a 3-of-4 pedersen ceremony writes four keystores and the cluster file; three of them sign', async () => {
    const run = await ok(['dkg', '--threshold', '3', '--operators', '4', '--out', 'dkg', '--new-password-env', 'PW', ...CHEAP]);
    expect(run.json.protocol).toBe('pedersen');
    expect(run.json.qualified).toEqual([1, 2, 3, 4]);
    expect(run.json.transcript_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(run.json.files).toHaveLength(5);
    expect(filesUnder(at('dkg'))).toEqual(['cluster.json', 'share-1.json', 'share-2.json', 'share-3.json', 'share-4.json']);
    const cluster = parseCluster(readFileSync(at('dkg', 'cluster.json'), 'utf8'), { bls });
    expect(cluster.threshold).toBe(3);
    expect(cluster.shareIds).toEqual([1, 2, 3, 4]);
    groupKey = run.json.group_public_key;
    expect(`0x${Buffer.from(cluster.groupPublicKey).toString('hex')}`).toBe(groupKey);
    for (const id of [1, 2, 3, 4]) {
      const pk = cluster.publicKeyShares.find((s) => s.id === id)!.publicKey;
      expect(readJson(at('dkg', `share-${id}.json`)).pubkey).toBe(Buffer.from(pk).toString('hex'));
    }
    oldPartials = await signCombineVerify('dkg/cluster.json', ['dkg/share-1.json', 'dkg/share-3.json', 'dkg/share-4.json'], groupKey, 'dkg');
  });

  it('dkg: joint-feldman with explicit ids and random passwords; text output', async () => {
    const run = await cli(['dkg', '--protocol', 'joint-feldman', '--threshold', '2', '--ids', '2,5,9', '--out', 'jf', '--random-passwords', ...CHEAP, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Validator public key: 0x');
    expect(run.stdout).toContain('Transcript hash: 0x');
    expect(run.stdout).toContain('Qualified dealers: 2, 5, 9');
    expect(filesUnder(at('jf'))).toEqual(['cluster.json', 'share-2.json', 'share-2.txt', 'share-5.json', 'share-5.txt', 'share-9.json', 'share-9.txt']);
  });

  it('dkg: bad command lines and existing outputs are refused, nothing written', async () => {
    await expectFailure(['dkg', '--threshold', '5', '--operators', '4', '--out', 'x', '--new-password-env', 'PW'], 1, 'USAGE');
    await expectFailure(['dkg', '--threshold', '2', '--operators', '3', '--protocol', 'frost', '--out', 'x', '--new-password-env', 'PW'], 1, 'USAGE');
    await expectFailure(['dkg', '--threshold', '2', '--operators', '3', '--out', 'x'], 1, 'NO_PASSWORD');
    await expectFailure(['dkg', '--threshold', '3', '--operators', '4', '--out', 'dkg', '--new-password-env', 'PW', ...CHEAP], 2, 'OUTPUT_EXISTS');
  });

  it('reshare: 3-of-4 to 3-of-5 under the same key; new keystores sign; old and new partials do not mix', async () => {
    const run = await ok([
      'reshare', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-2.json', '--share', 'dkg/share-4.json',
      '--password-env', 'PW', '--new-threshold', '3', '--new-operators', '5', '--out', 'reshared', '--new-password-env', 'NEW_PW', ...CHEAP,
    ]);
    expect(run.json.group_public_key).toBe(groupKey);
    expect(run.json.old_shares).toEqual([1, 2, 4]);
    expect(run.json.share_ids).toEqual([1, 2, 3, 4, 5]);
    expect(run.stderr).toContain('Delete the old share keystores');
    expect(filesUnder(at('reshared'))).toEqual(['cluster.json', 'share-1.json', 'share-2.json', 'share-3.json', 'share-4.json', 'share-5.json']);
    const cluster = parseCluster(readFileSync(at('reshared', 'cluster.json'), 'utf8'), { bls });
    expect(cluster.threshold).toBe(3);
    expect(readJson(at('reshared', 'share-1.json')).pubkey).not.toBe(readJson(at('dkg', 'share-1.json')).pubkey);
    // The new keystores have the new password.
    const signed = await Promise.all(
      ['reshared/share-2.json', 'reshared/share-3.json', 'reshared/share-5.json'].map(async (keystore, i) => {
        const out = `partial-new-${i}.json`;
        await ok(['sign', '--cluster', 'reshared/cluster.json', '--keystore', keystore, '--password-env', 'NEW_PW', '--root', ROOT, '--out', out]);
        return out;
      })
    );
    await ok(['combine', '--cluster', 'reshared/cluster.json', '--partial', ...signed, '--out', 'signature-new.json']);
    await ok(['verify', '--pubkey', groupKey, '--signature-file', 'signature-new.json']);
    // Mixing: an old partial with two new ones, against either cluster file.
    await expectFailure(['combine', '--cluster', 'reshared/cluster.json', '--partial', oldPartials[0]!, signed[1]!, signed[2]!], 2, 'CLUSTER_MISMATCH');
    await expectFailure(['combine', '--cluster', 'dkg/cluster.json', '--partial', oldPartials[0]!, oldPartials[1]!, signed[2]!], 2, 'CLUSTER_MISMATCH');
  });

  it('repair: share 2 rebuilt by helpers 1, 3, 4 has the lost pubkey and signs', async () => {
    const run = await ok([
      'repair', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-3.json', 'dkg/share-4.json',
      '--password-env', 'PW', '--id', '2', '--out', 'repaired', '--new-password-env', 'PW', ...CHEAP,
    ]);
    expect(run.json.helpers).toEqual([1, 3, 4]);
    expect(filesUnder(at('repaired'))).toEqual(['share-2.json']);
    expect(readJson(at('repaired', 'share-2.json')).pubkey).toBe(readJson(at('dkg', 'share-2.json')).pubkey);
    await signCombineVerify('dkg/cluster.json', ['repaired/share-2.json', 'dkg/share-3.json', 'dkg/share-4.json'], groupKey, 'repaired');
  });

  it('failures: a clear code, a non-zero exit, no files', async () => {
    const reshareArgs = ['--new-threshold', '3', '--new-operators', '5', '--out', 'fail', '--new-password-env', 'PW', ...CHEAP];
    // Wrong password.
    const wrong = await expectFailure(
      ['reshare', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-2.json', 'dkg/share-3.json', '--password-env', 'NEW_PW', ...reshareArgs],
      2,
      'WRONG_PASSWORD'
    );
    expect(wrong.json.error.message).toContain('share-1.json');
    await expectFailure(
      ['repair', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-3.json', 'dkg/share-4.json', '--password-env', 'NEW_PW', '--id', '2', '--out', 'fail', '--new-password-env', 'PW', ...CHEAP],
      2,
      'WRONG_PASSWORD'
    );
    // Fewer keystores than the cluster's threshold.
    const few = await expectFailure(['reshare', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-2.json', '--password-env', 'PW', ...reshareArgs], 2, 'TOO_FEW_SHARES');
    expect(few.json.error.message).toContain('threshold is 3');
    // A repair id that is one of the helpers; one not in the cluster.
    const helper = await expectFailure(
      ['repair', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-3.json', 'dkg/share-4.json', '--password-env', 'PW', '--id', '3', '--out', 'fail', '--new-password-env', 'PW', ...CHEAP],
      2,
      'INVALID_INPUT'
    );
    expect(helper.json.error.message).toContain('helpers');
    await expectFailure(
      ['repair', '--cluster', 'dkg/cluster.json', '--share', 'dkg/share-1.json', 'dkg/share-3.json', 'dkg/share-4.json', '--password-env', 'PW', '--id', '7', '--out', 'fail', '--new-password-env', 'PW'],
      2,
      'INVALID_INPUT'
    );
    // Keystores of another cluster.
    await expectFailure(
      ['reshare', '--cluster', 'dkg/cluster.json', '--share', 'reshared/share-1.json', 'reshared/share-2.json', 'reshared/share-3.json', '--password-env', 'NEW_PW', ...reshareArgs],
      2,
      'CLUSTER_MISMATCH'
    );
  });
});
