/**
 * `dvt-bls recover`: t share keystores back to the full validator key, for disaster recovery.
 * @module
 */
import { wipe } from '../../bytes';
import { DvtBlsError } from '../../errors';
import { encryptKeystoreAsync } from '../../eth/index';
import { hex0x, required, requiredList, withProgress, type Command } from '../command';
import { CliError } from '../errors';
import { SECRET_FILE_MODE } from '../output';
import { passwordOptions, readNewPassword } from '../password';
import { KDF_OPTIONS, kdfFromArgs, loadCluster, loadShares } from '../shared';

export const recover: Command = {
  name: 'recover',
  summary: 'Recover the validator key from t share keystores (disaster recovery)',
  usage: '--cluster FILE --keystore FILE... --out FILE',
  description:
    'Decrypts at least t share keystores of the cluster, interpolates the validator key, checks ' +
    'that its public key is the cluster\'s group key, and writes it to a new EIP-2335 keystore. ' +
    'The recovered key can sign alone: run this only on a machine you trust, and only when the ' +
    'cluster cannot sign any more.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The cluster file.', required: true },
    { name: 'keystore', kind: 'list', value: 'FILE', help: 'Share keystores (at least the threshold).', required: true },
    { name: 'out', kind: 'string', value: 'FILE', help: 'Keystore file to write.', required: true },
    { name: 'force', kind: 'boolean', help: 'Replace the output file if it exists.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ read: true, write: true }),
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const files = requiredList(args, 'keystore');
    const out = required(args, 'out');
    const kdf = kdfFromArgs(ctx, args);
    if (files.length < cluster.threshold) {
      throw new CliError('TOO_FEW_SHARES', `${files.length} share keystore(s) given, the threshold is ${cluster.threshold}`);
    }
    const password = await readNewPassword(args, out);
    const shares = await loadShares(ctx, args, files, cluster);
    let secretKey: Uint8Array | undefined;
    try {
      secretKey = ctx.bls.recoverSecret(shares);
      if (Buffer.compare(Buffer.from(ctx.bls.getPublicKey(secretKey)), Buffer.from(cluster.groupPublicKey)) !== 0) {
        // Shares that each match the cluster always interpolate to its key; this guards the code.
        throw new DvtBlsError('INCONSISTENT_KEYS', "the recovered key is not the cluster's group key");
      }
      const key = secretKey;
      const keystore = await withProgress(ctx, 'Encrypting', (onProgress) =>
        encryptKeystoreAsync(key, password, {
          kdf,
          onProgress,
          bls: ctx.bls,
          description: `recovered by dvt-bls from shares ${shares.map((s) => s.id).join(', ')} of cluster ${hex0x(cluster.hash)}`,
        })
      );
      ctx.output.stage(out, `${JSON.stringify(keystore, null, 2)}\n`, SECRET_FILE_MODE);
      return {
        lines: [`Recovered the validator key from shares ${shares.map((s) => s.id).join(', ')}`, `Validator public key: ${hex0x(cluster.groupPublicKey)}`, `Wrote ${out}`],
        json: { public_key: hex0x(cluster.groupPublicKey), shares: shares.map((s) => s.id), files: [out] },
      };
    } finally {
      if (secretKey !== undefined) wipe(secretKey);
      for (const s of shares) wipe(s.secretKey);
    }
  },
};
