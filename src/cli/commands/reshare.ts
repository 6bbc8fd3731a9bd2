/**
 * `dvt-bls reshare`: t_old share keystores of a cluster to a new operator set and threshold, the
 * validator key unchanged, in a local resharing ceremony.
 * @module
 */
import * as path from 'node:path';
import { wipe } from '../../bytes';
import type { LifecycleResult } from '../../dkg/lifecycle-common';
import { DvtBlsError } from '../../errors';
import { clusterToJson, createCluster } from '../../eth/index';
import { hex0x, integerOption, required, requiredList, type Command } from '../command';
import {
  checkAgreement,
  idsFromArgs,
  localIdentities,
  randomPasswordsFlag,
  readNewPasswords,
  runLocalCeremony,
  sameBytes,
  shareTargets,
  stageShareKeystores,
} from '../ceremony';
import { CliError } from '../errors';
import { PUBLIC_FILE_MODE } from '../output';
import { passwordOptions } from '../password';
import { KDF_OPTIONS, kdfFromArgs, loadCluster, loadShares } from '../shared';

const DELETE_REMINDER =
  'Delete the old share keystores now: until the old holders have deleted theirs, any threshold of them can still sign with the same key.';

export const reshare: Command = {
  name: 'reshare',
  summary: 'Reshare the key to a new operator set and threshold (same validator key)',
  usage: '--cluster FILE --share FILE... --new-threshold T (--new-operators N | --new-ids 1,2,3) --out DIR [--random-passwords]',
  description:
    'Decrypts at least t share keystores of the cluster (the old holders: the keystores given) and ' +
    'runs a resharing ceremony in this process: each old holder shares its share among the new ' +
    'holders, checked against the cluster\'s commitments, so that the new shares lie on a new ' +
    'polynomial of the new threshold with the same validator key. Checks that the key is ' +
    'unchanged, then writes share-<id>.json for each new holder and a new cluster.json into --out ' +
    '(use another directory than the current cluster\'s). Old and new shares do not combine. The ' +
    'old shares must then be deleted: until they are, any t of the old holders can still sign.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The current cluster file.', required: true },
    { name: 'share', kind: 'list', value: 'FILE', help: 'Current share keystores (at least the threshold).', required: true },
    { name: 'new-threshold', kind: 'string', value: 'T', help: 'How many of the new operators must sign.', required: true },
    { name: 'new-operators', kind: 'string', value: 'N', help: 'Number of new operators: share ids 1..N.' },
    { name: 'new-ids', kind: 'string', value: 'LIST', help: 'Explicit new share ids, comma-separated (instead of --new-operators).' },
    { name: 'out', kind: 'string', value: 'DIR', help: 'Directory for the new share-<id>.json and cluster.json.', required: true },
    { name: 'random-passwords', kind: 'boolean', help: 'A random password per new share, written to share-<id>.txt.' },
    { name: 'force', kind: 'boolean', help: 'Replace output files that exist.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ read: true, write: true }),
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const files = requiredList(args, 'share');
    const outDir = required(args, 'out');
    const newIds = idsFromArgs(args, 'new-ids', 'new-operators');
    const newThreshold = integerOption(args, 'new-threshold', 1, newIds.length);
    const kdf = kdfFromArgs(ctx, args);
    const random = randomPasswordsFlag(args);
    if (files.length < cluster.threshold) {
      throw new CliError('TOO_FEW_SHARES', `${files.length} share keystore(s) given, the cluster's threshold is ${cluster.threshold}: resharing needs at least ${cluster.threshold} current shares`);
    }
    await ctx.output.refuseExisting([...shareTargets(outDir, newIds, random), path.join(outDir, 'cluster.json')]);
    const passwords = await readNewPasswords(args, 'the new share keystores');
    const oldShares = await loadShares(ctx, args, files, cluster);
    const oldIds = oldShares.map((s) => s.id).sort((a, b) => a - b);
    const allIds = [...new Set([...oldIds, ...newIds])].sort((a, b) => a - b);
    const identities = localIdentities(allIds);
    let results: Map<number, LifecycleResult> | undefined;
    try {
      const participants = allIds.map((self) =>
        ctx.bls.createDkgParticipant({
          protocol: 'reshare',
          self,
          participants: identities.peers,
          session: identities.session,
          encryptionSecretKey: identities.secretKeys.get(self),
          oldIds,
          oldThreshold: cluster.threshold,
          oldCommitments: cluster.commitments,
          newIds,
          threshold: newThreshold,
          share: oldShares.find((s) => s.id === self),
        })
      );
      const title = `Resharing (${cluster.threshold}-of-${cluster.shareIds.length} to ${newThreshold}-of-${newIds.length})`;
      results = runLocalCeremony<LifecycleResult>(ctx, title, participants, (r) => r.share?.secretKey, 5);
      checkAgreement(title, results, 'group public key', (r) => r.groupPublicKey);
      checkAgreement(title, results, 'transcript hash', (r) => r.transcriptHash);
      const reference = results.get(newIds[0] as number) as LifecycleResult;
      if (!sameBytes(reference.groupPublicKey, cluster.groupPublicKey)) {
        throw new DvtBlsError('DKG_FAILED', `${title}: the new sharing's group key is not the cluster's validator key`);
      }
      const newCluster = createCluster({ commitments: reference.commitments, shareIds: newIds }, { bls: ctx.bls });
      const newShares = newIds.map((id) => {
        const share = (results as Map<number, LifecycleResult>).get(id)?.share;
        if (share === undefined) throw new Error(`internal: new holder ${id} got no share`);
        return share;
      });
      const written = await stageShareKeystores(ctx, outDir, newShares, newCluster, kdf, passwords);
      const clusterFile = path.join(outDir, 'cluster.json');
      ctx.output.stage(clusterFile, `${JSON.stringify(clusterToJson(newCluster), null, 2)}\n`, PUBLIC_FILE_MODE);
      written.push(clusterFile);
      ctx.warn(DELETE_REMINDER);
      return {
        lines: [
          `Reshared from shares ${oldIds.join(', ')} (${cluster.threshold}-of-${cluster.shareIds.length}) to ${newThreshold}-of-${newIds.length} (share ids ${newIds.join(', ')})`,
          `Validator public key (unchanged): ${hex0x(newCluster.groupPublicKey)}`,
          `Qualified old holders: ${reference.qualified.join(', ')}`,
          `Transcript hash: ${hex0x(reference.transcriptHash)}`,
          `New cluster hash: ${hex0x(newCluster.hash)}`,
          ...written.map((f) => `Wrote ${f}`),
          `Reminder: ${DELETE_REMINDER}`,
        ],
        json: {
          group_public_key: hex0x(newCluster.groupPublicKey),
          old_cluster_hash: hex0x(cluster.hash),
          cluster_hash: hex0x(newCluster.hash),
          old_shares: oldIds,
          threshold: newThreshold,
          share_ids: newIds,
          qualified: reference.qualified,
          transcript_hash: hex0x(reference.transcriptHash),
          files: written,
          reminder: DELETE_REMINDER,
        },
      };
    } finally {
      identities.wipe();
      for (const s of oldShares) wipe(s.secretKey);
      if (results !== undefined) for (const r of results.values()) if (r.share !== undefined) wipe(r.share.secretKey);
    }
  },
};
