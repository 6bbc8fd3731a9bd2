/**
 * Pieces several commands share: KDF options, loading the cluster file and share keystores, and the
 * partial-signature and signature file formats.
 * @module
 */
import * as path from 'node:path';
import type { DvtBls } from '../api/dvt-bls';
import type { CombineVerifiedResult, PartialSignature, SecretKeyShare } from '../api/types';
import { wipe } from '../bytes';
import { DvtBlsError } from '../errors';
import {
  GENESIS_FORK_VERSIONS,
  PBKDF2_DEFAULTS,
  SCRYPT_DEFAULTS,
  decryptShareKeystoreAsync,
  parseCluster,
  type Cluster,
  type CustomNetwork,
  type KdfOptions,
  type NetworkName,
} from '../eth/index';
import type { OptionSpec, ParsedArgs } from './args';
import { hex0x, hexOption, integerOption, readJson, readText, required, withProgress, type CommandContext } from './command';
import { CliError, UsageError } from './errors';
import { readPasswords } from './password';

/** Options choosing the KDF of keystores a command writes. */
export const KDF_OPTIONS: OptionSpec[] = [
  { name: 'kdf', kind: 'string', value: 'scrypt|pbkdf2', help: 'KDF of the new keystore(s) (default scrypt).' },
  { name: 'scrypt-n', kind: 'string', value: 'N', help: `scrypt cost, a power of two (default ${SCRYPT_DEFAULTS.n}); lower is weaker: tests only.` },
  { name: 'pbkdf2-c', kind: 'string', value: 'C', help: `PBKDF2 iterations (default ${PBKDF2_DEFAULTS.c}); lower is weaker: tests only.` },
];

/** The KDF choice of the command line, with a warning when it is weaker than the defaults. */
export function kdfFromArgs(ctx: CommandContext, args: ParsedArgs): KdfOptions {
  const kdf = args.strings.get('kdf') ?? 'scrypt';
  if (kdf === 'scrypt') {
    if (args.strings.has('pbkdf2-c')) throw new UsageError('--pbkdf2-c goes with --kdf pbkdf2');
    const n = integerOption(args, 'scrypt-n', 2, 2 ** 20, SCRYPT_DEFAULTS.n);
    if ((n & (n - 1)) !== 0) throw new UsageError(`--scrypt-n: expected a power of two, got ${n}`);
    if (n < SCRYPT_DEFAULTS.n) ctx.warn(`scrypt n = ${n} is below the EIP-2335 default ${SCRYPT_DEFAULTS.n}: the keystore is easier to brute-force`);
    return { function: 'scrypt', n };
  }
  if (kdf === 'pbkdf2') {
    if (args.strings.has('scrypt-n')) throw new UsageError('--scrypt-n goes with --kdf scrypt');
    const c = integerOption(args, 'pbkdf2-c', 1, 2 ** 31, PBKDF2_DEFAULTS.c);
    if (c < PBKDF2_DEFAULTS.c) ctx.warn(`PBKDF2 c = ${c} is below the EIP-2335 default ${PBKDF2_DEFAULTS.c}: the keystore is easier to brute-force`);
    return { function: 'pbkdf2', c };
  }
  throw new UsageError(`--kdf: expected scrypt or pbkdf2, got "${kdf.slice(0, 20)}"`);
}

/** A library error with the file it concerns in front of its message (code and culprits unchanged). */
function located(file: string, e: unknown): unknown {
  return e instanceof DvtBlsError ? new DvtBlsError(e.code, `${file}: ${e.message}`, e.culprits) : e;
}

/** Runs `run`, naming `file` in any library error it throws. */
export function inFile<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw located(file, e);
  }
}

/** Awaits `run`, naming `file` in any library error it rejects with. */
export async function inFileAsync<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw located(file, e);
  }
}

/** Loads and validates a cluster file (curve checks on the command's backend). */
export async function loadCluster(ctx: CommandContext, file: string): Promise<Cluster> {
  const text = await readText(file);
  return inFile(file, () => parseCluster(text, { bls: ctx.bls }));
}

/**
 * Decrypts share keystores of a cluster (passwords from the command line), one after the other
 * with progress. Refuses two keystores of the same share. The caller wipes the secrets.
 */
export async function loadShares(ctx: CommandContext, args: ParsedArgs, files: readonly string[], cluster: Cluster): Promise<SecretKeyShare[]> {
  // Text, not parsed JSON: the keystore parser then reports broken JSON as INVALID_KEYSTORE.
  const keystores = await Promise.all(files.map(readText));
  const passwords = await readPasswords(args, files.map((f) => path.basename(f)));
  const shares: SecretKeyShare[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const share = await withProgress(ctx, `Decrypting ${path.basename(file)} (${i + 1}/${files.length})`, (onProgress) =>
        inFileAsync(file, () => decryptShareKeystoreAsync(keystores[i], passwords[i] as string, cluster, { bls: ctx.bls, onProgress }))
      );
      if (shares.some((s) => s.id === share.id)) {
        wipe(share.secretKey);
        throw new CliError('INVALID_INPUT', `${file}: share ${share.id} was given twice`);
      }
      shares.push(share);
    }
    return shares;
  } catch (e) {
    for (const s of shares) wipe(s.secretKey);
    throw e;
  }
}

/** Format tag of partial signature files. */
export const PARTIAL_TYPE = 'dvt-bls/partial-signature';
/** Format tag of combined signature files. */
export const SIGNATURE_TYPE = 'dvt-bls/signature';

/** A partial signature file: which cluster, which share, which root. */
export interface PartialFile {
  version: 1;
  type: typeof PARTIAL_TYPE;
  cluster_hash: string;
  id: number;
  signing_root: string;
  signature: string;
}

/** The JSON of a partial signature file. */
export function partialToJson(cluster: Cluster, root: Uint8Array, partial: PartialSignature): PartialFile {
  return {
    version: 1,
    type: PARTIAL_TYPE,
    cluster_hash: hex0x(cluster.hash),
    id: partial.id,
    signing_root: hex0x(root),
    signature: hex0x(partial.signature),
  };
}

function hexField(record: Record<string, unknown>, field: string, length: number, file: string): Uint8Array {
  const value = record[field];
  if (typeof value !== 'string' || !new RegExp(`^(0x)?[0-9a-fA-F]{${2 * length}}$`).test(value)) {
    throw new CliError('INVALID_INPUT', `${file}: "${field}" must be ${length} bytes of hex`);
  }
  return Uint8Array.from(Buffer.from(value.replace(/^0x/, ''), 'hex'));
}

/**
 * Reads a partial signature file and checks that it belongs to `cluster` (`CLUSTER_MISMATCH`
 * otherwise). The signature bytes are not decoded here: a partial that does not decode is a bad
 * signer, which `combineVerified` names, not a bad file.
 */
export async function loadPartial(file: string, cluster: Cluster): Promise<{ root: Uint8Array; partial: PartialSignature }> {
  const value = await readJson(file);
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== PARTIAL_TYPE) {
    throw new CliError('INVALID_INPUT', `${file}: not a dvt-bls partial signature file (type "${PARTIAL_TYPE}")`);
  }
  const record = value as Record<string, unknown>;
  const clusterHash = hexField(record, 'cluster_hash', 32, file);
  if (Buffer.compare(Buffer.from(clusterHash), Buffer.from(cluster.hash)) !== 0) {
    throw new DvtBlsError('CLUSTER_MISMATCH', `${file}: signed for cluster ${hex0x(clusterHash).slice(0, 18)}..., not ${hex0x(cluster.hash).slice(0, 18)}...`);
  }
  const id = record.id;
  if (typeof id !== 'number' || !cluster.shareIds.includes(id)) {
    throw new DvtBlsError('CLUSTER_MISMATCH', `${file}: id ${String(id)} is not a share id of the cluster`);
  }
  return { root: hexField(record, 'signing_root', 32, file), partial: { id, signature: hexField(record, 'signature', 96, file) } };
}

/** Network options of `deposit` and `verify`. */
export const NETWORK_OPTIONS: OptionSpec[] = [
  { name: 'network', kind: 'string', value: 'NAME', help: `Network: ${Object.keys(GENESIS_FORK_VERSIONS).join(', ')}, or another name with --fork-version.` },
  { name: 'fork-version', kind: 'string', value: 'HEX', help: 'Genesis fork version (4 bytes) of a network that is not built in.' },
];

/** The network of the command line. */
export function networkFromArgs(args: ParsedArgs): NetworkName | CustomNetwork {
  const name = required(args, 'network');
  const forkHex = args.strings.get('fork-version');
  const builtIn = Object.prototype.hasOwnProperty.call(GENESIS_FORK_VERSIONS, name) ? (name as NetworkName) : undefined;
  if (forkHex === undefined) {
    if (builtIn === undefined) throw new UsageError(`--network: "${name.slice(0, 20)}" is not built in (${Object.keys(GENESIS_FORK_VERSIONS).join(', ')}); add --fork-version`);
    return builtIn;
  }
  const forkVersion = hexOption(forkHex, 'fork-version', 4);
  if (builtIn !== undefined && Buffer.from(forkVersion).toString('hex') !== GENESIS_FORK_VERSIONS[builtIn]) {
    throw new UsageError(`--fork-version: ${name} has ${GENESIS_FORK_VERSIONS[builtIn]}`);
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(name)) throw new UsageError('--network: expected a short lowercase name');
  return builtIn ?? { name, forkVersion };
}

/**
 * `combineVerified`, with the files of bad partials named in the error when fewer than t good ones
 * remain (or, with fewer partials than t, how many more are needed).
 */
export function combineNamingFiles(
  bls: DvtBls,
  cluster: Cluster,
  root: Uint8Array,
  partials: PartialSignature[],
  fileOf: ReadonlyMap<number, string>
): CombineVerifiedResult {
  try {
    return bls.combineVerified({
      message: root,
      partials,
      threshold: cluster.threshold,
      groupPublicKey: cluster.groupPublicKey,
      publicKeyShares: cluster.publicKeyShares,
    });
  } catch (e) {
    if (e instanceof DvtBlsError && e.code === 'TOO_FEW_VALID_PARTIALS') {
      const named = e.culprits.map((id) => `share ${id} (${fileOf.get(id) ?? '?'})`).join(', ');
      throw new DvtBlsError(e.code, `${e.message}; bad partials: ${named}`, e.culprits);
    }
    if (e instanceof DvtBlsError && e.code === 'TOO_FEW_PARTIALS') {
      throw new DvtBlsError(e.code, `${partials.length} partial signature(s) given, the cluster's threshold is ${cluster.threshold}`);
    }
    throw e;
  }
}
