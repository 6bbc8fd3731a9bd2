/**
 * `dvt-bls repair`: t helper share keystores rebuild an operator's lost share, in a local repair
 * ceremony; the rebuilt share is checked against the cluster's public key share for its id.
 * @module
 */
import { wipe } from '../../bytes';
import type { RepairResult } from '../../dkg/repair';
import { DvtBlsError } from '../../errors';
import { clusterShareIdOf, parseKeystore } from '../../eth/index';
import { hex0x, hexOption, readText, required, requiredList, type Command } from '../command';
import { localIdentities, randomPasswordsFlag, readNewPasswords, runLocalCeremony, sameBytes, shareTargets, stageShareKeystores } from '../ceremony';
import { CliError, UsageError } from '../errors';
import { passwordOptions } from '../password';
import { KDF_OPTIONS, inFile, kdfFromArgs, loadCluster, loadShares } from '../shared';

export const repair: Command = {
  name: 'repair',
  summary: "Rebuild a lost share from t helpers' share keystores",
  usage: '--cluster FILE --share FILE... --id ID --out DIR [--random-passwords]',
  description:
    'Decrypts exactly t share keystores of the cluster (the helpers) and runs a repair ceremony in ' +
    'this process: each helper contributes random pieces of its Lagrange-weighted share, checked ' +
    'against public commitments, and the pieces add up to the lost share of --id. The rebuilt ' +
    'share is checked against the cluster\'s public key share for that id, then written to ' +
    'share-<id>.json in --out (the cluster file is unchanged). The share to rebuild must be one of ' +
    'the cluster and not one of the helpers.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The cluster file.', required: true },
    { name: 'share', kind: 'list', value: 'FILE', help: 'The helpers\' share keystores (exactly the threshold).', required: true },
    { name: 'id', kind: 'string', value: 'ID', help: 'The share id to rebuild.', required: true },
    { name: 'out', kind: 'string', value: 'DIR', help: 'Directory for share-<id>.json.', required: true },
    { name: 'random-passwords', kind: 'boolean', help: 'A random password for the rebuilt share, written to share-<id>.txt.' },
    { name: 'force', kind: 'boolean', help: 'Replace output files that exist.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ read: true, write: true }),
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const files = requiredList(args, 'share');
    const outDir = required(args, 'out');
    const idText = required(args, 'id');
    if (!/^[1-9][0-9]{0,8}$/.test(idText)) throw new UsageError(`--id: expected a share id (an integer >= 1), got "${idText.slice(0, 20)}"`);
    const id = Number(idText);
    if (!cluster.shareIds.includes(id)) {
      throw new CliError('INVALID_INPUT', `--id ${id} is not a share id of the cluster (ids ${cluster.shareIds.join(', ')})`);
    }
    const kdf = kdfFromArgs(ctx, args);
    const random = randomPasswordsFlag(args);
    if (files.length < cluster.threshold) {
      throw new CliError('TOO_FEW_SHARES', `${files.length} share keystore(s) given, the threshold is ${cluster.threshold}: a repair needs exactly ${cluster.threshold} helpers`);
    }
    if (files.length > cluster.threshold) {
      throw new UsageError(`${files.length} share keystores given: a repair takes exactly the threshold, ${cluster.threshold}`);
    }
    // The helpers' ids, from the keystores' public keys, before any KDF work.
    for (const file of files) {
      const text = await readText(file);
      const helper = inFile(file, () => {
        const pubkey = parseKeystore(text).pubkey;
        return pubkey === '' ? undefined : clusterShareIdOf(cluster, hexOption(pubkey, 'pubkey', 48));
      });
      if (helper === id) throw new CliError('INVALID_INPUT', `${file}: holds share ${id}, the one to rebuild; the helpers must be other shares`);
    }
    await ctx.output.refuseExisting(shareTargets(outDir, [id], random));
    const passwords = await readNewPasswords(args, `share ${id}`);
    const helpers = await loadShares(ctx, args, files, cluster);
    const helperIds = helpers.map((s) => s.id).sort((a, b) => a - b);
    const identities = localIdentities([...helperIds, id].sort((a, b) => a - b));
    let results: Map<number, RepairResult> | undefined;
    try {
      if (helperIds.includes(id)) throw new CliError('INVALID_INPUT', `share ${id} is one of the helpers; the helpers must be other shares`);
      const participants = identities.peers.map(({ id: self }) =>
        ctx.bls.createDkgParticipant({
          protocol: 'repair',
          self,
          participants: identities.peers,
          session: identities.session,
          encryptionSecretKey: identities.secretKeys.get(self),
          helpers: helperIds,
          recipient: id,
          commitments: cluster.commitments,
          share: helpers.find((s) => s.id === self),
        })
      );
      const title = `Repair of share ${id} (helpers ${helperIds.join(', ')})`;
      results = runLocalCeremony<RepairResult>(ctx, title, participants, (r) => r.share?.secretKey, 5);
      const share = results.get(id)?.share;
      const expected = cluster.publicKeyShares.find((s) => s.id === id)?.publicKey;
      if (share === undefined || expected === undefined) throw new Error(`internal: the repair of share ${id} returned no share`);
      if (share.id !== id || !sameBytes(ctx.bls.getPublicKey(share.secretKey), expected) || !ctx.bls.verifyShare(share, cluster.commitments)) {
        throw new DvtBlsError('DKG_FAILED', `${title}: the rebuilt share does not match the cluster's public key share for id ${id}`, helperIds);
      }
      const written = await stageShareKeystores(ctx, outDir, [share], cluster, kdf, passwords);
      return {
        lines: [
          `Rebuilt share ${id} from helpers ${helperIds.join(', ')}; it matches the cluster's public key share`,
          `Public key share: ${hex0x(expected)}`,
          `Cluster hash: ${hex0x(cluster.hash)}`,
          ...written.map((f) => `Wrote ${f}`),
        ],
        json: {
          id,
          public_key_share: hex0x(expected),
          cluster_hash: hex0x(cluster.hash),
          helpers: helperIds,
          files: written,
        },
      };
    } finally {
      identities.wipe();
      for (const s of helpers) wipe(s.secretKey);
      if (results !== undefined) for (const r of results.values()) if (r.share !== undefined) wipe(r.share.secretKey);
    }
  },
};
