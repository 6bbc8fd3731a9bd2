/**
 * `dvt-bls split`: an existing validator keystore in, one share keystore per operator and the
 * cluster file out (as charon's `--split-existing-keys` and ssv-keys do).
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { wipe } from '../../bytes';
import { clusterToJson, createCluster, decryptKeystoreAsync, encryptShareKeystoreAsync } from '../../eth/index';
import type { ParsedArgs } from '../args';
import { hex0x, integerOption, readText, required, withProgress, type Command } from '../command';
import { UsageError } from '../errors';
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE } from '../output';
import { passwordOptions, readNewPassword, readPasswords } from '../password';
import { KDF_OPTIONS, inFileAsync, kdfFromArgs } from '../shared';

/** Share ids from `--ids 1,2,5` or `--operators n` (ids 1..n). */
function shareIds(args: ParsedArgs): number[] {
  const list = args.strings.get('ids');
  if (list !== undefined) {
    if (args.strings.has('operators')) throw new UsageError('give --ids or --operators, not both');
    const ids = list.split(',').map((part) => {
      if (!/^[1-9][0-9]{0,8}$/.test(part.trim())) throw new UsageError(`--ids: "${part.slice(0, 12)}" is not an id (an integer >= 1)`);
      return Number(part.trim());
    });
    if (new Set(ids).size !== ids.length) throw new UsageError('--ids: an id appears twice');
    return ids.sort((a, b) => a - b);
  }
  const n = integerOption(args, 'operators', 1, 1000);
  return Array.from({ length: n }, (_, i) => i + 1);
}

export const split: Command = {
  name: 'split',
  summary: 'Split a validator keystore into t-of-n share keystores and a cluster file',
  usage: '--keystore FILE --threshold T (--operators N | --ids 1,2,3) --out DIR [--random-passwords]',
  description:
    'Decrypts the keystore, splits its key t-of-n with Feldman commitments (share id i is the ' +
    'polynomial at x = i, as herumi, charon and SSV), and writes share-<id>.json (an EIP-2335 ' +
    'keystore whose pubkey is the share\'s public key share) for each operator and cluster.json. ' +
    'Share keystores get the new password, or with --random-passwords each its own random password ' +
    'in share-<id>.txt (the layout validator clients accept). Hand each operator its share and the ' +
    'cluster file; then delete the original keystore, or keep it offline.',
  options: [
    { name: 'keystore', kind: 'string', value: 'FILE', help: 'The validator keystore to split.', required: true },
    { name: 'threshold', kind: 'string', value: 'T', help: 'How many operators must sign (and can recover the key).', required: true },
    { name: 'operators', kind: 'string', value: 'N', help: 'Number of operators: share ids 1..N.' },
    { name: 'ids', kind: 'string', value: 'LIST', help: 'Explicit share ids, comma-separated (instead of --operators).' },
    { name: 'out', kind: 'string', value: 'DIR', help: 'Directory for share-<id>.json and cluster.json.', required: true },
    { name: 'random-passwords', kind: 'boolean', help: 'A random password per share, written to share-<id>.txt.' },
    { name: 'force', kind: 'boolean', help: 'Replace output files that exist.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ read: true, write: true }),
  ],
  async run(ctx, args) {
    const keystoreFile = required(args, 'keystore');
    const outDir = required(args, 'out');
    const ids = shareIds(args);
    const threshold = integerOption(args, 'threshold', 1, ids.length);
    const kdf = kdfFromArgs(ctx, args);
    const random = args.flags.has('random-passwords');
    if (random && ['new-password-file', 'new-password-env', 'new-password'].some((o) => args.strings.has(o))) {
      throw new UsageError('--random-passwords and a --new-password option exclude each other');
    }
    const targets = ids.flatMap((id) => [`share-${id}.json`, ...(random ? [`share-${id}.txt`] : [])]).concat('cluster.json');
    await ctx.output.refuseExisting(targets.map((f) => path.join(outDir, f)));
    const keystore = await readText(keystoreFile);
    const [password] = await readPasswords(args, [path.basename(keystoreFile)]);
    // Every password is in hand before the first KDF runs: a missing one fails in a second, not a minute.
    const sharedPassword = random ? undefined : await readNewPassword(args, 'the share keystores');
    const secretKey = await withProgress(ctx, `Decrypting ${path.basename(keystoreFile)}`, (onProgress) =>
      inFileAsync(keystoreFile, () => decryptKeystoreAsync(keystore, password as string, { bls: ctx.bls, onProgress }))
    );
    const { shares, commitments } = ctx.bls.splitSecret(secretKey, { threshold, ids });
    try {
      const cluster = createCluster({ commitments, shareIds: ids }, { bls: ctx.bls });
      const files: string[] = [];
      for (const [i, share] of shares.entries()) {
        // Cheap insurance: each share opens against the commitments it is published with.
        if (!ctx.bls.verifyShare(share, commitments)) throw new Error(`internal: share ${share.id} does not match the commitments`);
        const sharePassword = sharedPassword ?? randomBytes(24).toString('base64url');
        const shareKeystore = await withProgress(ctx, `Encrypting share ${share.id} (${i + 1}/${shares.length})`, (onProgress) =>
          encryptShareKeystoreAsync(share, sharePassword, cluster, { kdf, onProgress, bls: ctx.bls })
        );
        const file = path.join(outDir, `share-${share.id}.json`);
        ctx.output.stage(file, `${JSON.stringify(shareKeystore, null, 2)}\n`, SECRET_FILE_MODE);
        files.push(file);
        if (random) {
          const passwordFile = path.join(outDir, `share-${share.id}.txt`);
          ctx.output.stage(passwordFile, sharePassword, SECRET_FILE_MODE);
          files.push(passwordFile);
        }
      }
      const clusterFile = path.join(outDir, 'cluster.json');
      ctx.output.stage(clusterFile, `${JSON.stringify(clusterToJson(cluster), null, 2)}\n`, PUBLIC_FILE_MODE);
      files.push(clusterFile);
      return {
        lines: [
          `Split ${keystoreFile} ${threshold}-of-${ids.length} (share ids ${ids.join(', ')})`,
          `Validator public key: ${hex0x(cluster.groupPublicKey)}`,
          `Cluster hash: ${hex0x(cluster.hash)}`,
          ...files.map((f) => `Wrote ${f}`),
        ],
        json: {
          group_public_key: hex0x(cluster.groupPublicKey),
          cluster_hash: hex0x(cluster.hash),
          threshold,
          share_ids: ids,
          files,
        },
      };
    } finally {
      wipe(secretKey);
      for (const s of shares) wipe(s.secretKey);
    }
  },
};
