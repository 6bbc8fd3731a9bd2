/**
 * `dvt-bls verify`: a signature under a public key or a cluster's group key; a deposit data file;
 * or a cluster file alone.
 * @module
 */
import { toHex } from '../../bytes';
import { DvtBlsError } from '../../errors';
import { parseDepositDataFile } from '../../eth/index';
import type { ParsedArgs } from '../args';
import { hex0x, hexOption, readJson, readText, required, type Command, type CommandContext, type CommandResult } from '../command';
import { CliError, UsageError } from '../errors';
import { NETWORK_OPTIONS, SIGNATURE_TYPE, inFile, loadCluster, networkFromArgs } from '../shared';

async function verifyDepositFile(ctx: CommandContext, args: ParsedArgs, file: string): Promise<CommandResult> {
  const network = args.strings.has('network') || args.strings.has('fork-version') ? networkFromArgs(args) : undefined;
  const clusterFile = args.strings.get('cluster');
  const cluster = clusterFile === undefined ? undefined : await loadCluster(ctx, clusterFile);
  const text = await readText(file);
  const deposits = inFile(file, () => parseDepositDataFile(text, { bls: ctx.bls, ...(network ? { network } : {}) }));
  if (cluster !== undefined) {
    deposits.forEach(({ deposit }, i) => {
      if (Buffer.compare(Buffer.from(deposit.pubkey), Buffer.from(cluster.groupPublicKey)) !== 0) {
        throw new DvtBlsError('CLUSTER_MISMATCH', `${file}: entry ${i} is for 0x${toHex(deposit.pubkey).slice(0, 16)}..., not the cluster's validator`);
      }
    });
  }
  return {
    lines: [`${file}: ${deposits.length} deposit(s), roots and signatures valid`],
    json: {
      valid: true,
      deposits: deposits.map(({ deposit, forkVersion, networkName }) => ({
        pubkey: hex0x(deposit.pubkey),
        amount: deposit.amount,
        fork_version: hex0x(forkVersion),
        network_name: networkName ?? null,
      })),
    },
  };
}

export const verify: Command = {
  name: 'verify',
  summary: 'Verify a signature, a deposit data file, or a cluster file',
  usage: [
    '--pubkey HEX | --cluster FILE   (--signature-file FILE | --signature HEX --root HEX)',
    '--deposit-data FILE [--network NAME] [--cluster FILE]',
    '--cluster FILE',
  ].join('\n       dvt-bls verify '),
  description:
    'With a signature: checks it over the signing root under --pubkey, or under the cluster\'s group ' +
    'key (exit 0 if valid, 2 if not). With --deposit-data: checks every entry of a deposit_data-*.json ' +
    'file (roots, fork version, amount, credentials, signature), and with --cluster that it is for ' +
    'the cluster\'s validator. With only --cluster: checks the cluster file (commitments, key shares, ' +
    'group key, hash).',
  options: [
    { name: 'pubkey', kind: 'string', value: 'HEX', help: 'The 48-byte public key expected to have signed.' },
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'A cluster file (its group key is the public key).' },
    { name: 'signature-file', kind: 'string', value: 'FILE', help: 'A signature file from `dvt-bls combine`.' },
    { name: 'signature', kind: 'string', value: 'HEX', help: 'A 96-byte signature.' },
    { name: 'root', kind: 'string', value: 'HEX', help: 'The 32-byte signing root (default: the signature file\'s).' },
    { name: 'deposit-data', kind: 'string', value: 'FILE', help: 'A deposit_data-*.json file to check.' },
    ...NETWORK_OPTIONS,
  ],
  async run(ctx, args) {
    const depositFile = args.strings.get('deposit-data');
    if (depositFile !== undefined) return verifyDepositFile(ctx, args, depositFile);
    const signatureFile = args.strings.get('signature-file');
    const signatureHex = args.strings.get('signature');
    const clusterFile = args.strings.get('cluster');
    const pubkeyHex = args.strings.get('pubkey');
    if (signatureFile === undefined && signatureHex === undefined) {
      if (clusterFile === undefined || pubkeyHex !== undefined || args.strings.has('root')) {
        throw new UsageError('give a signature (--signature-file or --signature), --deposit-data, or a --cluster file alone (see --help)');
      }
      const cluster = await loadCluster(ctx, clusterFile);
      return {
        lines: [`${clusterFile}: valid ${cluster.threshold}-of-${cluster.shareIds.length} cluster of ${hex0x(cluster.groupPublicKey)}`],
        json: { valid: true, group_public_key: hex0x(cluster.groupPublicKey), threshold: cluster.threshold, share_ids: cluster.shareIds, cluster_hash: hex0x(cluster.hash) },
      };
    }
    if (signatureFile !== undefined && signatureHex !== undefined) throw new UsageError('give --signature-file or --signature, not both');
    if ((clusterFile === undefined) === (pubkeyHex === undefined)) throw new UsageError('give the signer: --pubkey or --cluster (one of them)');
    let signature: Uint8Array;
    let root: Uint8Array | undefined = args.strings.has('root') ? hexOption(required(args, 'root'), 'root', 32) : undefined;
    if (signatureFile !== undefined) {
      const value = await readJson(signatureFile);
      const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      if (record.type !== SIGNATURE_TYPE || typeof record.signature !== 'string' || typeof record.signing_root !== 'string') {
        throw new CliError('INVALID_INPUT', `${signatureFile}: not a dvt-bls signature file (type "${SIGNATURE_TYPE}")`);
      }
      signature = hexOption(record.signature, 'signature-file: signature', 96);
      root ??= hexOption(record.signing_root, 'signature-file: signing_root', 32);
    } else {
      signature = hexOption(signatureHex as string, 'signature', 96);
      if (root === undefined) throw new UsageError('--root is required with --signature');
    }
    const publicKey = clusterFile !== undefined ? (await loadCluster(ctx, clusterFile)).groupPublicKey : hexOption(pubkeyHex as string, 'pubkey', 48);
    if (!ctx.bls.verify(publicKey, root, signature)) {
      throw new CliError('VERIFY_FAILED', `the signature does not verify under ${hex0x(publicKey)} for root ${hex0x(root)}`);
    }
    return { lines: [`Valid signature by ${hex0x(publicKey)} over ${hex0x(root)}`], json: { valid: true, public_key: hex0x(publicKey), signing_root: hex0x(root) } };
  },
};
