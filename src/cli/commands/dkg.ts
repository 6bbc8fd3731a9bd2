/**
 * `dvt-bls dkg`: a distributed key generation among n simulated operators in this process, writing
 * each one's share keystore and the cluster file (no validator key ever exists in one place, but
 * every share passes through this machine: for tests, demos and single-custodian setups).
 * @module
 */
import * as path from 'node:path';
import { wipe } from '../../bytes';
import type { DkgResult } from '../../dkg/participant';
import { DvtBlsError } from '../../errors';
import { clusterToJson, createCluster } from '../../eth/index';
import { hex0x, integerOption, required, type Command } from '../command';
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
import { UsageError } from '../errors';
import { PUBLIC_FILE_MODE } from '../output';
import { passwordOptions } from '../password';
import { KDF_OPTIONS, kdfFromArgs } from '../shared';

const PROTOCOLS = ['joint-feldman', 'pedersen'] as const;

export const dkg: Command = {
  name: 'dkg',
  summary: 'Run a local t-of-n key ceremony (DKG) among simulated operators',
  usage: '--threshold T (--operators N | --ids 1,2,3) --out DIR [--protocol pedersen|joint-feldman] [--random-passwords]',
  description:
    'Runs a distributed key generation among n operators simulated in this process: each one deals ' +
    'a random polynomial, deals travel sealed to their recipient with X25519 keys, complaints and ' +
    'justifications run as between machines. Pedersen (GJKR, the default) keeps any dealer from ' +
    'biasing the key; joint-feldman uses proofs of possession. Checks that every operator finished ' +
    'with the same group key and transcript hash, then writes share-<id>.json (an EIP-2335 keystore ' +
    'whose pubkey is the share\'s public key share) for each operator and cluster.json, exactly as ' +
    '`split` does. Share keystores get the new password, or with --random-passwords each its own ' +
    'random password in share-<id>.txt. Every share passes through this machine: for a ceremony ' +
    'where no machine sees every share, run the participants on the operators\' own machines.',
  options: [
    { name: 'threshold', kind: 'string', value: 'T', help: 'How many operators must sign.', required: true },
    { name: 'operators', kind: 'string', value: 'N', help: 'Number of operators: share ids 1..N.' },
    { name: 'ids', kind: 'string', value: 'LIST', help: 'Explicit share ids, comma-separated (instead of --operators).' },
    { name: 'protocol', kind: 'string', value: 'NAME', help: 'pedersen (default) or joint-feldman.' },
    { name: 'out', kind: 'string', value: 'DIR', help: 'Directory for share-<id>.json and cluster.json.', required: true },
    { name: 'random-passwords', kind: 'boolean', help: 'A random password per share, written to share-<id>.txt.' },
    { name: 'force', kind: 'boolean', help: 'Replace output files that exist.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ write: true }),
  ],
  async run(ctx, args) {
    const outDir = required(args, 'out');
    const ids = idsFromArgs(args, 'ids', 'operators');
    const threshold = integerOption(args, 'threshold', 1, ids.length);
    const protocol = args.strings.get('protocol') ?? 'pedersen';
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw new UsageError(`--protocol: expected ${PROTOCOLS.join(' or ')}, got "${protocol.slice(0, 20)}"`);
    }
    const kdf = kdfFromArgs(ctx, args);
    const random = randomPasswordsFlag(args);
    const targets = [...shareTargets(outDir, ids, random), path.join(outDir, 'cluster.json')];
    await ctx.output.refuseExisting(targets);
    // The password is in hand before the ceremony: a missing one fails at once.
    const passwords = await readNewPasswords(args, 'the share keystores');

    const identities = localIdentities(ids);
    let results: Map<number, DkgResult> | undefined;
    try {
      const participants = ids.map((self) =>
        ctx.bls.createDkgParticipant({
          protocol: protocol as (typeof PROTOCOLS)[number],
          self,
          participants: identities.peers,
          threshold,
          session: identities.session,
          encryptionSecretKey: identities.secretKeys.get(self),
        })
      );
      const title = `DKG (${protocol}, ${threshold}-of-${ids.length})`;
      results = runLocalCeremony<DkgResult>(ctx, title, participants, (r) => r.share.secretKey, protocol === 'pedersen' ? 8 : 5);
      checkAgreement(title, results, 'group public key', (r) => r.groupPublicKey);
      checkAgreement(title, results, 'transcript hash', (r) => r.transcriptHash);
      checkAgreement(title, results, 'qualified set', (r) => r.qualified.join(','));
      const reference = results.get(ids[0] as number) as DkgResult;
      const cluster = createCluster({ commitments: reference.commitments, shareIds: ids }, { bls: ctx.bls });
      for (const pk of reference.publicKeyShares) {
        const listed = cluster.publicKeyShares.find((s) => s.id === pk.id);
        if (listed === undefined || !sameBytes(listed.publicKey, pk.publicKey)) {
          throw new DvtBlsError('DKG_FAILED', `${title}: the public key share of operator ${pk.id} does not match the commitments`, [pk.id]);
        }
      }
      const shares = ids.map((id) => (results as Map<number, DkgResult>).get(id)!.share);
      const files = await stageShareKeystores(ctx, outDir, shares, cluster, kdf, passwords);
      const clusterFile = path.join(outDir, 'cluster.json');
      ctx.output.stage(clusterFile, `${JSON.stringify(clusterToJson(cluster), null, 2)}\n`, PUBLIC_FILE_MODE);
      files.push(clusterFile);
      const disqualified = reference.disqualified.map((d) => `${d.id} (${d.reason})`);
      return {
        lines: [
          `DKG (${protocol}) ${threshold}-of-${ids.length} among operators ${ids.join(', ')}`,
          `Validator public key: ${hex0x(cluster.groupPublicKey)}`,
          `Qualified dealers: ${reference.qualified.join(', ')}${disqualified.length > 0 ? `; disqualified: ${disqualified.join(', ')}` : ''}`,
          `Transcript hash: ${hex0x(reference.transcriptHash)}`,
          `Cluster hash: ${hex0x(cluster.hash)}`,
          ...files.map((f) => `Wrote ${f}`),
        ],
        json: {
          protocol,
          group_public_key: hex0x(cluster.groupPublicKey),
          cluster_hash: hex0x(cluster.hash),
          threshold,
          share_ids: ids,
          qualified: reference.qualified,
          disqualified: reference.disqualified,
          transcript_hash: hex0x(reference.transcriptHash),
          files,
        },
      };
    } finally {
      identities.wipe();
      if (results !== undefined) for (const r of results.values()) wipe(r.share.secretKey);
    }
  },
};
