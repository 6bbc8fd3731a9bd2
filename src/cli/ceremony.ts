/**
 * What the ceremony commands (`dkg`, `reshare`, `repair`) share: share ids from the command line,
 * the participants' X25519 keys and session, a local ceremony with a progress line per phase and
 * every participant's outcome checked, and the new share keystores with their passwords.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { SecretKeyShare } from '../api/types';
import { wipe } from '../bytes';
import { generateEncryptionKeyPair } from '../dkg/encryption';
import { runCeremony } from '../dkg/local';
import type { DkgPeer } from '../dkg/participant';
import type { DkgMessage } from '../dkg/messages';
import { DvtBlsError } from '../errors';
import { encryptShareKeystoreAsync, type Cluster, type KdfOptions } from '../eth/index';
import type { ParsedArgs } from './args';
import { integerOption, withProgress, type CommandContext, type Progress } from './command';
import { UsageError } from './errors';
import { SECRET_FILE_MODE } from './output';
import { readNewPassword } from './password';

/** Share ids from `--<idsOption> 1,2,5` or `--<countOption> n` (ids 1..n), ascending. */
export function idsFromArgs(args: ParsedArgs, idsOption: string, countOption: string): number[] {
  const list = args.strings.get(idsOption);
  if (list !== undefined) {
    if (args.strings.has(countOption)) throw new UsageError(`give --${idsOption} or --${countOption}, not both`);
    const ids = list.split(',').map((part) => {
      if (!/^[1-9][0-9]{0,8}$/.test(part.trim())) throw new UsageError(`--${idsOption}: "${part.slice(0, 12)}" is not an id (an integer >= 1)`);
      return Number(part.trim());
    });
    if (new Set(ids).size !== ids.length) throw new UsageError(`--${idsOption}: an id appears twice`);
    return ids.sort((a, b) => a - b);
  }
  if (!args.strings.has(countOption)) throw new UsageError(`--${countOption} or --${idsOption} is required (see --help)`);
  const n = integerOption(args, countOption, 1, 1000);
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** How the new keystores get their passwords: one shared password, or a random one each. */
export interface NewPasswords {
  /** The shared password; undefined with `--random-passwords`. */
  shared: string | undefined;
  random: boolean;
}

/** Checks the new-password options; call before `readNewPasswords` and before any slow work. */
export function randomPasswordsFlag(args: ParsedArgs): boolean {
  const random = args.flags.has('random-passwords');
  if (random && ['new-password-file', 'new-password-env', 'new-password'].some((o) => args.strings.has(o))) {
    throw new UsageError('--random-passwords and a --new-password option exclude each other');
  }
  return random;
}

/** The password(s) of the new share keystores (prompting if need be), as `split` reads them. */
export async function readNewPasswords(args: ParsedArgs, what: string): Promise<NewPasswords> {
  const random = randomPasswordsFlag(args);
  return { random, shared: random ? undefined : await readNewPassword(args, what) };
}

/** The files a set of new share keystores is written to (with their password files). */
export function shareTargets(outDir: string, ids: readonly number[], random: boolean): string[] {
  return ids.flatMap((id) => [`share-${id}.json`, ...(random ? [`share-${id}.txt`] : [])]).map((f) => path.join(outDir, f));
}

/**
 * Encrypts each share into `share-<id>.json` (and its random password into `share-<id>.txt`),
 * staged on the output transaction, with a progress line per keystore. Returns the files.
 */
export async function stageShareKeystores(
  ctx: CommandContext,
  outDir: string,
  shares: readonly SecretKeyShare[],
  cluster: Cluster,
  kdf: KdfOptions,
  passwords: NewPasswords
): Promise<string[]> {
  const files: string[] = [];
  for (const [i, share] of shares.entries()) {
    // Cheap insurance: each share opens against the commitments it is published with.
    if (!ctx.bls.verifyShare(share, cluster.commitments)) throw new Error(`internal: share ${share.id} does not match the commitments`);
    const password = passwords.shared ?? randomBytes(24).toString('base64url');
    const keystore = await withProgress(ctx, `Encrypting share ${share.id} (${i + 1}/${shares.length})`, (onProgress) =>
      encryptShareKeystoreAsync(share, password, cluster, { kdf, onProgress, bls: ctx.bls })
    );
    const file = path.join(outDir, `share-${share.id}.json`);
    ctx.output.stage(file, `${JSON.stringify(keystore, null, 2)}\n`, SECRET_FILE_MODE);
    files.push(file);
    if (passwords.random) {
      const passwordFile = path.join(outDir, `share-${share.id}.txt`);
      ctx.output.stage(passwordFile, password, SECRET_FILE_MODE);
      files.push(passwordFile);
    }
  }
  return files;
}

/** The simulated operators' identities: a fresh session and an X25519 key pair each. */
export interface LocalIdentities {
  session: Uint8Array;
  /** Every participant with its encryption key (so deals travel sealed, as in a real ceremony). */
  peers: DkgPeer[];
  /** The X25519 secret key of each participant, by id. */
  secretKeys: Map<number, Uint8Array>;
  /** Wipes the secret keys. */
  wipe(): void;
}

/** A fresh random session id and an X25519 key pair for each of `ids`. */
export function localIdentities(ids: readonly number[]): LocalIdentities {
  const pairs = ids.map((id) => ({ id, ...generateEncryptionKeyPair() }));
  const secretKeys = new Map(pairs.map((p) => [p.id, p.secretKey]));
  return {
    session: Uint8Array.from(randomBytes(32)),
    peers: pairs.map((p) => ({ id: p.id, encryptionKey: p.publicKey })),
    secretKeys,
    wipe: () => secretKeys.forEach((k) => wipe(k)),
  };
}

/** What `runCeremony` needs of a participant (its public phase, to label the progress line). */
type Participant<Result> = Parameters<typeof runCeremony<Result>>[0][number];

/**
 * Runs a whole ceremony in this process with a progress line per phase (`expectedPhases` of the
 * protocol, for the bar only), and returns every
 * participant's result. If any participant ended with an error, fails naming each one and why
 * (the library's code when all failed alike, `DKG_FAILED` otherwise), wiping the secrets of the
 * participants that did finish.
 */
export function runLocalCeremony<Result>(
  ctx: CommandContext,
  title: string,
  participants: readonly Participant<Result>[],
  secretsOf: (result: Result) => Uint8Array | undefined,
  expectedPhases: number
): Map<number, Result> {
  const first = participants[0];
  if (first === undefined) throw new Error('internal: a ceremony without participants');
  let progress: Progress | undefined;
  let phases = 1;
  const startPhase = (): void => {
    progress?.done();
    // The phase the participants are in now (all move in lockstep), e.g. "respond".
    progress = ctx.progress(`${title}: phase ${phases}/${Math.max(phases, expectedPhases)} (${first.phase})`);
    progress.update(Math.min(0.99, (phases - 1) / expectedPhases));
  };
  let outcomes: Map<number, Result | Error>;
  try {
    startPhase();
    outcomes = runCeremony<Result>(participants, (recipient: number, messages: DkgMessage[]) => {
      if (recipient === first.id && first.phase !== 'done') {
        phases++;
        startPhase();
      }
      return messages;
    });
  } finally {
    progress?.done();
  }
  const failed = [...outcomes].filter((entry): entry is [number, Error] => entry[1] instanceof Error);
  if (failed.length > 0) {
    for (const [, outcome] of outcomes) {
      if (!(outcome instanceof Error)) {
        const secret = secretsOf(outcome);
        if (secret !== undefined) wipe(secret);
      }
    }
    const codes = new Set(failed.map(([, e]) => (e instanceof DvtBlsError ? e.code : 'UNEXPECTED')));
    const [onlyCode] = [...codes];
    const code = codes.size === 1 && failed.length === outcomes.size && onlyCode !== 'UNEXPECTED' ? (onlyCode as DvtBlsError['code']) : 'DKG_FAILED';
    const culprits = [...new Set(failed.flatMap(([, e]) => (e instanceof DvtBlsError ? [...e.culprits] : [])))].sort((a, b) => a - b);
    const detail = failed.map(([id, e]) => `operator ${id}: ${e.message}`).join('; ');
    throw new DvtBlsError(code, `${title} failed for operator(s) ${failed.map(([id]) => id).join(', ')}: ${detail}`, culprits);
  }
  return outcomes as Map<number, Result>;
}

/** Equal bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/**
 * Checks that every result agrees with the first on `field` (group key, transcript hash, ...);
 * otherwise fails naming the operators that differ.
 */
export function checkAgreement<Result>(title: string, results: ReadonlyMap<number, Result>, what: string, field: (r: Result) => Uint8Array | string): void {
  const entries = [...results];
  const [firstEntry] = entries;
  if (firstEntry === undefined) return;
  const key = (r: Result): string => {
    const v = field(r);
    return typeof v === 'string' ? v : Buffer.from(v).toString('hex');
  };
  const reference = key(firstEntry[1]);
  const differ = entries.filter(([, r]) => key(r) !== reference).map(([id]) => id);
  if (differ.length > 0) {
    throw new DvtBlsError('TRANSCRIPT_MISMATCH', `${title}: operator(s) ${differ.join(', ')} finished with a different ${what} than operator ${firstEntry[0]}`, differ);
  }
}
