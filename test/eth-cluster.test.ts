/**
 * Cluster files and share keystores: round trips over random thresholds (fast-check), every way a
 * cluster file can be wrong (each refused with INVALID_CLUSTER naming the field), share keystores
 * that name their share, and keystores or shares of another cluster (CLUSTER_MISMATCH).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, type DvtBls } from '../src/index';
import {
  clusterShareIdOf,
  clusterToJson,
  createCluster,
  decryptShareKeystore,
  decryptShareKeystoreAsync,
  encryptShareKeystore,
  encryptShareKeystoreAsync,
  parseCluster,
  type ClusterFile,
  type KdfOptions,
} from '../src/eth/index';
import { backends } from './helpers/backends';
import { seededRandomBytes } from './helpers/rng';

const KDF: KdfOptions = { function: 'pbkdf2', c: 2 };
const PASSWORD = 'operator password';

function refusal(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw e;
  }
  throw new Error('expected a DvtBlsError');
}

function fixture(api: DvtBls, threshold = 3, ids = [1, 2, 3, 4], seed = 'cluster') {
  const randomBytes = seededRandomBytes(seed);
  const secretKey = api.generateSecretKey({ randomBytes });
  const { shares, commitments } = api.splitSecret(secretKey, { threshold, ids, randomBytes });
  return { secretKey, shares, commitments, cluster: createCluster({ commitments, shareIds: ids }, { bls: api }) };
}

describe.each(backends)('cluster files ($name)', ({ api }) => {
  const bls = api;

  it('round trip: createCluster → JSON text → parseCluster gives the same cluster', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.string(),
        (ids, t, seed) => {
          const threshold = Math.min(t, ids.length);
          const { cluster, secretKey } = fixture(bls, threshold, ids, seed);
          const parsed = parseCluster(JSON.stringify(clusterToJson(cluster)), { bls });
          expect(parsed).toEqual(cluster);
          expect(parsed.groupPublicKey).toEqual(bls.getPublicKey(secretKey));
          expect(parsed.shareIds).toEqual([...ids].sort((a, b) => a - b));
          expect(parsed.threshold).toBe(threshold);
        }
      ),
      { numRuns: 12 }
    );
  });

  it('public key shares are those of the shares, and t of them combine to the group key', () => {
    const { cluster, shares } = fixture(bls);
    for (const share of shares) {
      const publicKey = bls.getPublicKey(share.secretKey);
      expect(clusterShareIdOf(cluster, publicKey)).toBe(share.id);
    }
    expect(bls.combinePublicKeys(cluster.publicKeyShares.slice(1))).toEqual(cluster.groupPublicKey);
  });

  it('writes the documented JSON fields', () => {
    const file = clusterToJson(fixture(bls).cluster);
    expect(Object.keys(file)).toEqual(['version', 'group_public_key', 'threshold', 'share_ids', 'feldman_commitments', 'public_key_shares', 'cluster_hash']);
    expect(file.group_public_key).toMatch(/^0x[0-9a-f]{96}$/);
    expect(file.cluster_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(file.feldman_commitments).toHaveLength(3);
    expect(file.public_key_shares.map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses every inconsistency with INVALID_CLUSTER, naming the field', () => {
    const { cluster } = fixture(bls);
    const other = fixture(bls, 3, [1, 2, 3, 4], 'another cluster').cluster;
    const good = clusterToJson(cluster);
    const otherFile = clusterToJson(other);
    const g = (k: number): string => good.feldman_commitments[k] as string;
    const cases: [string, (f: ClusterFile & Record<string, unknown>) => void][] = [
      ['cluster.version', (f) => (f.version = 2)],
      ['cluster.threshold', (f) => (f.threshold = 5)],
      ['cluster.threshold', (f) => (f.threshold = 0)],
      ['cluster.feldman_commitments', (f) => (f.threshold = 2)],
      ['cluster.feldman_commitments', (f) => f.feldman_commitments.pop()],
      ['cluster.feldman_commitments[1]', (f) => (f.feldman_commitments[1] = 'zz')],
      ['cluster.group_public_key', (f) => (f.group_public_key = otherFile.group_public_key)],
      ['cluster.group_public_key', (f) => (f.feldman_commitments = [otherFile.feldman_commitments[0] as string, g(1), g(2)])],
      ['cluster.public_key_shares[2].public_key', (f) => ((f.public_key_shares[2] as { public_key: string }).public_key = (otherFile.public_key_shares[2] as { public_key: string }).public_key)],
      // Swapped a1 and a2: same value at x = 1, so id 2 is the first to disagree.
      ['cluster.public_key_shares[1].public_key', (f) => (f.feldman_commitments = [g(0), g(2), g(1)])],
      ['cluster.public_key_shares', (f) => f.public_key_shares.pop()],
      ['cluster.public_key_shares[1].id', (f) => ((f.public_key_shares[1] as { id: number }).id = 7)],
      ['cluster.share_ids', (f) => (f.share_ids = [1, 3, 2, 4])],
      ['cluster.share_ids', (f) => (f.share_ids = [1, 2, 2, 4])],
      ['cluster.share_ids[0]', (f) => (f.share_ids[0] = 0)],
      ['cluster.cluster_hash', (f) => (f.cluster_hash = otherFile.cluster_hash)],
      ['cluster: unexpected field "name"', (f) => (f.name = 'my cluster')],
      ['cluster.public_key_shares[0]: unexpected field', (f) => Object.assign(f.public_key_shares[0] as object, { extra: 1 })],
    ];
    for (const [field, tamper] of cases) {
      const f = JSON.parse(JSON.stringify(good)) as ClusterFile & Record<string, unknown>;
      tamper(f);
      const e = refusal(() => parseCluster(f, { bls }));
      expect(e.code, field).toBe('INVALID_CLUSTER');
      expect(e.message, field).toContain(field);
    }
    // A commitment that is not a point of G1 (0x11..: no valid flags) and one that is infinity.
    const notPoint = JSON.parse(JSON.stringify(good)) as ClusterFile;
    notPoint.feldman_commitments[2] = `0x${'11'.repeat(48)}`;
    expect(refusal(() => parseCluster(notPoint, { bls })).code).toBe('INVALID_CLUSTER');
    for (const bad of ['{', '[]', 'null', 7]) expect(refusal(() => parseCluster(bad, { bls })).code).toBe('INVALID_CLUSTER');
  });

  it('the hash covers the shares: an edited id order with a recomputed key share list is caught', () => {
    const file = clusterToJson(fixture(bls).cluster);
    // Swapping two key shares and their ids keeps every per-share check of a lax reader happy.
    const swapped = JSON.parse(JSON.stringify(file)) as ClusterFile;
    swapped.share_ids = [1, 2, 3, 5];
    swapped.public_key_shares[3] = { id: 5, public_key: `0x${Buffer.from(bls.getPublicKeyShare(fixture(bls).commitments, 5)).toString('hex')}` };
    expect(refusal(() => parseCluster(swapped, { bls })).message).toContain('cluster.cluster_hash');
  });

  it('createCluster refuses bad commitments and ids', () => {
    const { commitments } = fixture(bls);
    expect(refusal(() => createCluster({ commitments, shareIds: [1, 2] }, { bls })).code).toBe('INVALID_THRESHOLD');
    expect(refusal(() => createCluster({ commitments, shareIds: [1, 2, 2] }, { bls })).code).toBe('DUPLICATE_ID');
    expect(refusal(() => createCluster({ commitments, shareIds: [] }, { bls })).code).toBe('EMPTY_INPUT');
    expect(refusal(() => createCluster({ commitments, shareIds: [0, 1, 2] }, { bls })).code).toBe('INVALID_ID');
    expect(refusal(() => createCluster({ commitments: [], shareIds: [1] }, { bls })).code).toBe('EMPTY_INPUT');
    expect(refusal(() => createCluster({ commitments: [new Uint8Array(48)], shareIds: [1] }, { bls })).code).toBe('INVALID_COMMITMENTS');
  });
});

describe('share keystores', () => {
  const bls = backends[0]?.api as DvtBls;
  const { cluster, shares } = fixture(bls);
  const other = fixture(bls, 3, [1, 2, 3, 4], 'another cluster');

  it('a share keystore carries the public key share and names its share; it opens to the share', async () => {
    for (const share of shares) {
      const keystore = encryptShareKeystore(share, PASSWORD, cluster, { kdf: KDF });
      expect(keystore.pubkey).toBe(Buffer.from(bls.getPublicKey(share.secretKey)).toString('hex'));
      expect(keystore.path).toBe('');
      expect(keystore.description).toContain(`share ${share.id} (threshold 3 of 4)`);
      const opened = decryptShareKeystore(keystore, PASSWORD, cluster);
      expect(opened.id).toBe(share.id);
      expect(opened.secretKey).toEqual(share.secretKey);
    }
    const keystore = await encryptShareKeystoreAsync(shares[1]!, PASSWORD, cluster, { kdf: KDF });
    expect((await decryptShareKeystoreAsync(JSON.stringify(keystore), PASSWORD, cluster)).id).toBe(2);
  });

  it('refuses a share or keystore of another cluster with CLUSTER_MISMATCH, before the KDF', () => {
    expect(refusal(() => encryptShareKeystore(other.shares[0]!, PASSWORD, cluster, { kdf: KDF })).code).toBe('CLUSTER_MISMATCH');
    expect(refusal(() => encryptShareKeystore({ id: 2, secretKey: shares[0]!.secretKey }, PASSWORD, cluster, { kdf: KDF })).code).toBe('CLUSTER_MISMATCH');
    const foreign = encryptShareKeystore(other.shares[0]!, PASSWORD, other.cluster, { kdf: KDF });
    // A wrong password too: the cluster check comes first, so the error says what is really wrong.
    expect(refusal(() => decryptShareKeystore(foreign, 'wrong password', cluster)).code).toBe('CLUSTER_MISMATCH');
  });

  it('a share keystore must name its public key share', () => {
    const keystore = { ...encryptShareKeystore(shares[0]!, PASSWORD, cluster, { kdf: KDF }), pubkey: '' };
    expect(refusal(() => decryptShareKeystore(keystore, PASSWORD, cluster)).code).toBe('INVALID_KEYSTORE');
  });

  it('a keystore whose pubkey was switched to another share of the cluster is refused', () => {
    const keystore = { ...encryptShareKeystore(shares[0]!, PASSWORD, cluster, { kdf: KDF }) };
    keystore.pubkey = Buffer.from(cluster.publicKeyShares[1]!.publicKey).toString('hex');
    expect(refusal(() => decryptShareKeystore(keystore, PASSWORD, cluster)).code).toBe('INVALID_KEYSTORE');
  });
});
