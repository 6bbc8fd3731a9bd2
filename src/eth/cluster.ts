/**
 * The cluster file: the public description of a threshold-shared validator key, which every
 * operator keeps beside its share keystore. It holds the group public key, the threshold, the share
 * ids, the Feldman commitments and the public key shares, and a hash over all of it. Loading one
 * re-derives everything derivable and refuses any disagreement, so that a file edited by hand, cut
 * short, or mixed with another cluster's is refused rather than used.
 *
 * The same file describes a key split by a dealer (`splitSecret`) and one made by a DKG (whose
 * commitments are the sum of the dealers').
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type { PublicKeyShare, SecretKeyShare } from '../api/types';
import { toHex, uint64BE } from '../bytes';
import { DvtBlsError } from '../errors';
import {
  decryptKeystore,
  decryptKeystoreAsync,
  encryptKeystore,
  encryptKeystoreAsync,
  parseKeystore,
  type DecryptKeystoreOptions,
  type EncryptKeystoreOptions,
  type Keystore,
} from './eip2335';
import {
  apiOf,
  concatBytes,
  describe,
  equalBytes,
  expectInteger,
  expectOnlyKeys,
  expectRecord,
  parseHex,
  parseJsonInput,
} from './internal';

/**
 * Version of the cluster file format written by this library; `parseCluster` refuses others.
 * @example
 * ```ts
 * import { CLUSTER_FILE_VERSION, clusterToJson } from 'dvt-bls/eth';
 * clusterToJson(cluster).version === CLUSTER_FILE_VERSION; // true
 * ```
 */
export const CLUSTER_FILE_VERSION = 1;

/** Domain separation of the cluster hash from every other SHA-256 use. */
const HASH_TAG = new TextEncoder().encode('dvt-bls/cluster/v1');

/**
 * A validated cluster, bytes in memory.
 * @example
 * ```ts
 * import { createCluster, type Cluster } from 'dvt-bls/eth';
 * import { generateSecretKey, splitSecret } from 'dvt-bls';
 * const { commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const cluster: Cluster = createCluster({ commitments, shareIds: [1, 2, 3] });
 * cluster.groupPublicKey; // commitments[0], the validator public key
 * ```
 */
export interface Cluster {
  /** Format version ({@link CLUSTER_FILE_VERSION}). */
  version: number;
  /** The validator public key (48 bytes), `commitments[0]`. */
  groupPublicKey: Uint8Array;
  /** t: how many shares sign or recover. */
  threshold: number;
  /** The ids of the n shares, ascending. */
  shareIds: number[];
  /** The t Feldman commitments (48 bytes each). */
  commitments: Uint8Array[];
  /** The public key share of each id, in the order of `shareIds`. */
  publicKeyShares: PublicKeyShare[];
  /** SHA-256 over all of the above (see `docs/eth.md` for the encoding). */
  hash: Uint8Array;
}

/**
 * A cluster file as JSON (`cluster.json`). Hex with `0x`; snake_case as Ethereum's own files.
 * @example
 * ```ts
 * import { clusterToJson, createCluster, type ClusterFile } from 'dvt-bls/eth';
 * import { generateSecretKey, splitSecret } from 'dvt-bls';
 * const { commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids: [1, 2, 3] });
 * const file: ClusterFile = clusterToJson(createCluster({ commitments, shareIds: [1, 2, 3] }));
 * ```
 */
export interface ClusterFile {
  /** Format version, 1. */
  version: number;
  /** The validator public key, 48 bytes. */
  group_public_key: string;
  /** t. */
  threshold: number;
  /** The n share ids, ascending. */
  share_ids: number[];
  /** The t Feldman commitments, 48 bytes each; the first is the group public key. */
  feldman_commitments: string[];
  /** One entry per share id, in the same order. */
  public_key_shares: {
    /** The share id. */
    id: number;
    /** Its public key share, 48 bytes. */
    public_key: string;
  }[];
  /** SHA-256 over the binary encoding of all of the above, 32 bytes. */
  cluster_hash: string;
}

/**
 * Inputs of {@link createCluster}.
 * @example
 * ```ts
 * import type { ClusterInput } from 'dvt-bls/eth';
 * const input: ClusterInput = { commitments: [], shareIds: [1, 2, 3, 4] }; // commitments from splitSecret or a DKG
 * ```
 */
export interface ClusterInput {
  /** The t Feldman commitments; the threshold is their number and `commitments[0]` the group key. */
  commitments: readonly Uint8Array[];
  /** The n share ids (any order; stored ascending). */
  shareIds: readonly number[];
}

/**
 * Options of the functions that do curve work here.
 * @example
 * ```ts
 * import type { ClusterOptions } from 'dvt-bls/eth';
 * import * as bls from 'dvt-bls'; // in Node: blst when it loads
 * const options: ClusterOptions = { bls };
 * ```
 */
export interface ClusterOptions {
  /** API that does the curve work (default: the portable noble one). */
  bls?: DvtBls;
}

const u32 = (n: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};

/**
 * The cluster hash: SHA-256 of a fixed binary encoding (not of the JSON, whose spacing and key
 * order tools change freely): tag, version, group key, t, n, the t commitments, then each
 * (id, public key share) in ascending id order. Integers big-endian: u32 for version, t, n; u64 for ids.
 */
function clusterHash(version: number, groupPublicKey: Uint8Array, commitments: readonly Uint8Array[], publicKeyShares: readonly PublicKeyShare[]): Uint8Array {
  return sha256(
    concatBytes(
      HASH_TAG,
      u32(version),
      groupPublicKey,
      u32(commitments.length),
      u32(publicKeyShares.length),
      ...commitments,
      ...publicKeyShares.flatMap((s) => [uint64BE(s.id), s.publicKey])
    )
  );
}

/**
 * Builds a cluster from Feldman commitments and share ids: the group key is `commitments[0]`, the
 * threshold the number of commitments, each public key share Σ_k commitments[k]·id^k.
 * @param input - Commitments (from `splitSecret` or a DKG) and the share ids.
 * @param options - `bls` for the curve work.
 * @returns The cluster, hash included.
 * @throws {@link DvtBlsError} `INVALID_COMMITMENTS`, `EMPTY_INPUT`, `INVALID_ID`, `DUPLICATE_ID`,
 *   `INVALID_THRESHOLD` (more commitments than shares), `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { createCluster } from 'dvt-bls/eth';
 * import { generateSecretKey, splitSecret } from 'dvt-bls';
 * const ids = [1, 2, 3, 4];
 * const { commitments } = splitSecret(generateSecretKey(), { threshold: 3, ids });
 * const cluster = createCluster({ commitments, shareIds: ids });
 * ```
 */
export function createCluster(input: ClusterInput, options: ClusterOptions = {}): Cluster {
  const bls = apiOf(options.bls);
  const args = expectRecord(input, 'input', 'INVALID_ARGUMENT');
  if (!Array.isArray(args.shareIds)) throw new DvtBlsError('INVALID_ARGUMENT', `input.shareIds: expected an array, got ${describe(args.shareIds)}`);
  if (!Array.isArray(args.commitments)) throw new DvtBlsError('INVALID_ARGUMENT', `input.commitments: expected an array, got ${describe(args.commitments)}`);
  const commitments = (args.commitments as unknown[]).map((c) => c as Uint8Array);
  if (args.shareIds.length === 0) throw new DvtBlsError('EMPTY_INPUT', 'input.shareIds: expected at least one id');
  // getPublicKeyShare checks each id and the commitments (encoding, subgroup, non-zero secret).
  const publicKeyShares = (args.shareIds as unknown[]).map((id) => ({ id: id as number, publicKey: bls.getPublicKeyShare(commitments, id as number) }));
  const ids = publicKeyShares.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw new DvtBlsError('DUPLICATE_ID', 'input.shareIds: an id appears more than once');
  if (commitments.length > ids.length) {
    throw new DvtBlsError('INVALID_THRESHOLD', `input.commitments: ${commitments.length} commitments (the threshold) for only ${ids.length} shares`);
  }
  publicKeyShares.sort((a, b) => a.id - b.id);
  const groupPublicKey = (commitments[0] as Uint8Array).slice();
  const copies = commitments.map((c) => c.slice());
  return {
    version: CLUSTER_FILE_VERSION,
    groupPublicKey,
    threshold: copies.length,
    shareIds: publicKeyShares.map((s) => s.id),
    commitments: copies,
    publicKeyShares,
    hash: clusterHash(CLUSTER_FILE_VERSION, groupPublicKey, copies, publicKeyShares),
  };
}

const hex0x = (bytes: Uint8Array): string => `0x${toHex(bytes)}`;

/**
 * The JSON form of a cluster, for writing `cluster.json`.
 * @param cluster - A cluster from {@link createCluster} or {@link parseCluster}.
 * @returns Plain JSON data.
 * @example
 * ```ts
 * import { clusterToJson } from 'dvt-bls/eth';
 * const text = JSON.stringify(clusterToJson(cluster), null, 2);
 * ```
 */
export function clusterToJson(cluster: Cluster): ClusterFile {
  return {
    version: cluster.version,
    group_public_key: hex0x(cluster.groupPublicKey),
    threshold: cluster.threshold,
    share_ids: [...cluster.shareIds],
    feldman_commitments: cluster.commitments.map(hex0x),
    public_key_shares: cluster.publicKeyShares.map((s) => ({ id: s.id, public_key: hex0x(s.publicKey) })),
    cluster_hash: hex0x(cluster.hash),
  };
}

const invalid = (message: string): DvtBlsError => new DvtBlsError('INVALID_CLUSTER', message);

/**
 * Loads and validates a cluster file: the format version; t in [1, n]; distinct ids >= 1; t valid
 * commitments (canonical, in the subgroup, `commitments[0]` not infinity); `group_public_key`
 * equal to `commitments[0]`; one public key share per id, each equal to the commitments evaluated
 * at the id; and `cluster_hash` equal to the hash recomputed over all of it.
 * @param file - `cluster.json` as text or as a parsed object.
 * @param options - `bls` for the curve work.
 * @returns The cluster.
 * @throws {@link DvtBlsError} `INVALID_CLUSTER`, naming the field that is wrong.
 * @example
 * ```ts
 * import { parseCluster } from 'dvt-bls/eth';
 * import { readFileSync } from 'node:fs';
 * const cluster = parseCluster(readFileSync('cluster.json', 'utf8'));
 * console.log(cluster.threshold, cluster.shareIds);
 * ```
 */
export function parseCluster(file: unknown, options: ClusterOptions = {}): Cluster {
  const bls = apiOf(options.bls);
  const root = expectRecord(parseJsonInput(file, 'cluster', 'INVALID_CLUSTER'), 'cluster', 'INVALID_CLUSTER');
  expectOnlyKeys(
    root,
    ['version', 'group_public_key', 'threshold', 'share_ids', 'feldman_commitments', 'public_key_shares', 'cluster_hash'],
    'cluster',
    'INVALID_CLUSTER'
  );
  if (root.version !== CLUSTER_FILE_VERSION) {
    throw invalid(`cluster.version: expected ${CLUSTER_FILE_VERSION}, got ${typeof root.version === 'number' ? root.version : describe(root.version)}`);
  }
  if (!Array.isArray(root.share_ids)) throw invalid(`cluster.share_ids: expected an array, got ${describe(root.share_ids)}`);
  const ids = (root.share_ids as unknown[]).map((id, i) => expectInteger(id, `cluster.share_ids[${i}]`, 'INVALID_CLUSTER', 1));
  if (ids.length === 0) throw invalid('cluster.share_ids: expected at least one id');
  ids.forEach((id, i) => {
    if (i > 0 && id <= (ids[i - 1] as number)) throw invalid('cluster.share_ids: expected distinct ids in ascending order');
  });
  const threshold = expectInteger(root.threshold, 'cluster.threshold', 'INVALID_CLUSTER', 1, ids.length);
  if (!Array.isArray(root.feldman_commitments)) {
    throw invalid(`cluster.feldman_commitments: expected an array, got ${describe(root.feldman_commitments)}`);
  }
  const commitments = (root.feldman_commitments as unknown[]).map((c, k) => parseHex(c, `cluster.feldman_commitments[${k}]`, 'INVALID_CLUSTER', 48));
  if (commitments.length !== threshold) {
    throw invalid(`cluster.feldman_commitments: expected ${threshold} (the threshold), got ${commitments.length}`);
  }
  const groupPublicKey = parseHex(root.group_public_key, 'cluster.group_public_key', 'INVALID_CLUSTER', 48);
  if (!equalBytes(groupPublicKey, commitments[0] as Uint8Array)) {
    throw invalid('cluster.group_public_key: does not equal feldman_commitments[0]');
  }
  if (!Array.isArray(root.public_key_shares)) throw invalid(`cluster.public_key_shares: expected an array, got ${describe(root.public_key_shares)}`);
  const listed = root.public_key_shares as unknown[];
  if (listed.length !== ids.length) throw invalid(`cluster.public_key_shares: expected ${ids.length} (one per id), got ${listed.length}`);
  const publicKeyShares = listed.map((entry, i) => {
    const e = expectRecord(entry, `cluster.public_key_shares[${i}]`, 'INVALID_CLUSTER');
    expectOnlyKeys(e, ['id', 'public_key'], `cluster.public_key_shares[${i}]`, 'INVALID_CLUSTER');
    const id = expectInteger(e.id, `cluster.public_key_shares[${i}].id`, 'INVALID_CLUSTER', 1);
    if (id !== ids[i]) throw invalid(`cluster.public_key_shares[${i}].id: expected ${ids[i]} (share_ids[${i}]), got ${id}`);
    return { id, publicKey: parseHex(e.public_key, `cluster.public_key_shares[${i}].public_key`, 'INVALID_CLUSTER', 48) };
  });
  // Curve checks: the commitments decode and commit to a non-zero secret, and each listed share
  // is the commitments evaluated at its id (so the shares, the commitments and the group key agree).
  publicKeyShares.forEach((share, i) => {
    let expected: Uint8Array;
    try {
      expected = bls.getPublicKeyShare(commitments, share.id);
    } catch (e) {
      throw invalid(`cluster.feldman_commitments: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!equalBytes(expected, share.publicKey)) {
      throw invalid(`cluster.public_key_shares[${i}].public_key: does not match the commitments at id ${share.id}`);
    }
  });
  const hash = parseHex(root.cluster_hash, 'cluster.cluster_hash', 'INVALID_CLUSTER', 32);
  if (!equalBytes(hash, clusterHash(CLUSTER_FILE_VERSION, groupPublicKey, commitments, publicKeyShares))) {
    throw invalid('cluster.cluster_hash: does not match the hash of the cluster (edited or corrupted file)');
  }
  return { version: CLUSTER_FILE_VERSION, groupPublicKey, threshold, shareIds: ids, commitments, publicKeyShares, hash };
}

/**
 * The share id whose public key share is `publicKey`.
 * @param cluster - The cluster.
 * @param publicKey - A public key share (48 bytes), such as a share keystore's `pubkey`.
 * @returns The id.
 * @throws {@link DvtBlsError} `CLUSTER_MISMATCH` when no share of the cluster has that key.
 * @example
 * ```ts
 * import { clusterShareIdOf } from 'dvt-bls/eth';
 * const id = clusterShareIdOf(cluster, publicKeyShare);
 * ```
 */
export function clusterShareIdOf(cluster: Cluster, publicKey: Uint8Array): number {
  const found = cluster.publicKeyShares.find((s) => equalBytes(s.publicKey, publicKey));
  if (found === undefined) {
    throw new DvtBlsError(
      'CLUSTER_MISMATCH',
      `publicKey: 0x${toHex(publicKey).slice(0, 16)}... is not a public key share of cluster 0x${toHex(cluster.hash).slice(0, 16)}...`
    );
  }
  return found.id;
}

/** The share's id, checked against the cluster, and the keystore options for it. */
function shareKeystoreOptions(share: SecretKeyShare, cluster: Cluster, options: EncryptKeystoreOptions, bls: DvtBls): EncryptKeystoreOptions {
  const s = expectRecord(share, 'share', 'INVALID_ARGUMENT');
  const publicKey = bls.getPublicKey(s.secretKey as Uint8Array);
  const id = clusterShareIdOf(cluster, publicKey);
  if (id !== s.id) {
    throw new DvtBlsError('CLUSTER_MISMATCH', `share.id: ${String(s.id)}, but its public key is that of share ${id} in the cluster`);
  }
  return {
    ...options,
    bls,
    description:
      options.description ??
      `dvt-bls share ${id} (threshold ${cluster.threshold} of ${cluster.shareIds.length}) of validator 0x${toHex(cluster.groupPublicKey)}`,
  };
}

/**
 * Encrypts one operator's share into an EIP-2335 keystore its validator client can load: the
 * keystore's `pubkey` is the share's public key share. The share must belong to the cluster.
 * @param share - The operator's share (`{ id, secretKey }`).
 * @param password - The keystore password.
 * @param cluster - The cluster the share belongs to.
 * @param options - As for `encryptKeystore`; the default `description` names the share.
 * @returns The keystore.
 * @throws {@link DvtBlsError} `CLUSTER_MISMATCH`, and those of `encryptKeystore`.
 * @example
 * ```ts
 * import { createCluster, encryptShareKeystore } from 'dvt-bls/eth';
 * import { generateSecretKey, splitSecret } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const cluster = createCluster({ commitments, shareIds: ids });
 * const keystores = shares.map((s) => encryptShareKeystore(s, 'operator password', cluster));
 * ```
 */
export function encryptShareKeystore(share: SecretKeyShare, password: string, cluster: Cluster, options: EncryptKeystoreOptions = {}): Keystore {
  const bls = apiOf(options.bls);
  return encryptKeystore(share.secretKey, password, shareKeystoreOptions(share, cluster, options, bls));
}

/**
 * {@link encryptShareKeystore} that yields to the event loop while the KDF runs.
 * @param share - The operator's share.
 * @param password - The keystore password.
 * @param cluster - The cluster the share belongs to.
 * @param options - As for `encryptKeystore`.
 * @returns The keystore.
 * @throws {@link DvtBlsError} as {@link encryptShareKeystore} (the promise rejects).
 * @example
 * ```ts
 * import { encryptShareKeystoreAsync } from 'dvt-bls/eth';
 * const keystore = await encryptShareKeystoreAsync(share, password, cluster);
 * ```
 */
export async function encryptShareKeystoreAsync(
  share: SecretKeyShare,
  password: string,
  cluster: Cluster,
  options: EncryptKeystoreOptions = {}
): Promise<Keystore> {
  const bls = apiOf(options.bls);
  return encryptKeystoreAsync(share.secretKey, password, shareKeystoreOptions(share, cluster, options, bls));
}

/** The id of a share keystore, from its `pubkey`, before any KDF work. */
function shareIdOfKeystore(keystore: unknown, cluster: Cluster): number {
  const pubkey = parseKeystore(keystore).pubkey;
  if (pubkey === '') throw new DvtBlsError('INVALID_KEYSTORE', 'keystore.pubkey: a share keystore must name its public key share');
  return clusterShareIdOf(cluster, parseHex(pubkey, 'keystore.pubkey', 'INVALID_KEYSTORE', 48));
}

/**
 * Decrypts a share keystore and names its share: the id is that of the cluster's public key share
 * equal to the keystore's `pubkey` (checked before the KDF runs, and against the decrypted secret
 * after).
 * @param keystore - The share keystore, as JSON text or a parsed object.
 * @param password - Its password.
 * @param cluster - The cluster it belongs to.
 * @param options - As for `decryptKeystore`.
 * @returns The share `{ id, secretKey }`, the secret key marked so that it prints as `<redacted>`.
 * @throws {@link DvtBlsError} `CLUSTER_MISMATCH`, and those of `decryptKeystore`.
 * @example
 * ```ts
 * import { decryptShareKeystore } from 'dvt-bls/eth';
 * const share = decryptShareKeystore(keystoreJson, password, cluster); // { id: 2, secretKey }
 * ```
 */
export function decryptShareKeystore(keystore: unknown, password: string, cluster: Cluster, options: DecryptKeystoreOptions = {}): SecretKeyShare {
  const id = shareIdOfKeystore(keystore, cluster);
  return { id, secretKey: decryptKeystore(keystore, password, options) };
}

/**
 * {@link decryptShareKeystore} that yields to the event loop while the KDF runs.
 * @param keystore - The share keystore.
 * @param password - Its password.
 * @param cluster - The cluster it belongs to.
 * @param options - As for `decryptKeystore`.
 * @returns The share.
 * @throws {@link DvtBlsError} as {@link decryptShareKeystore} (the promise rejects).
 * @example
 * ```ts
 * import { decryptShareKeystoreAsync } from 'dvt-bls/eth';
 * const share = await decryptShareKeystoreAsync(keystoreJson, password, cluster, { onProgress });
 * ```
 */
export async function decryptShareKeystoreAsync(
  keystore: unknown,
  password: string,
  cluster: Cluster,
  options: DecryptKeystoreOptions = {}
): Promise<SecretKeyShare> {
  const id = shareIdOfKeystore(keystore, cluster);
  return { id, secretKey: await decryptKeystoreAsync(keystore, password, options) };
}
