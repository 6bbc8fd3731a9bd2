/**
 * `dvt-bls sign`: one operator's partial signature of a signing root, with its share keystore.
 * @module
 */
import * as path from 'node:path';
import { wipe } from '../../bytes';
import { hex0x, hexOption, required, type Command } from '../command';
import { PUBLIC_FILE_MODE } from '../output';
import { passwordOptions } from '../password';
import { loadCluster, loadShares, partialToJson } from '../shared';

export const sign: Command = {
  name: 'sign',
  summary: 'Partially sign a 32-byte signing root with a share keystore',
  usage: '--cluster FILE --keystore FILE --root HEX [--out FILE]',
  description:
    'Decrypts the share keystore, finds its share id in the cluster file (by its public key), and ' +
    'signs the signing root. The partial signature file names the cluster, the id and the root; ' +
    'collect t of them and run `dvt-bls combine` (or `dvt-bls deposit --partial` for a deposit). ' +
    'Without --out the file is printed on stdout.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The cluster file.', required: true },
    { name: 'keystore', kind: 'string', value: 'FILE', help: 'This operator\'s share keystore.', required: true },
    { name: 'root', kind: 'string', value: 'HEX', help: 'The 32-byte signing root (such as from `deposit --signing-root-only`).', required: true },
    { name: 'out', kind: 'string', value: 'FILE', help: 'Write the partial signature here instead of stdout.' },
    { name: 'force', kind: 'boolean', help: 'Replace the output file if it exists.' },
    ...passwordOptions({ read: true }),
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const file = required(args, 'keystore');
    const root = hexOption(required(args, 'root'), 'root', 32);
    const out = args.strings.get('out');
    const [share] = await loadShares(ctx, args, [file], cluster);
    try {
      const partial = ctx.bls.partialSign(share!, root);
      const json = partialToJson(cluster, root, partial);
      if (out !== undefined) ctx.output.stage(out, `${JSON.stringify(json, null, 2)}\n`, PUBLIC_FILE_MODE);
      return {
        lines: out === undefined ? [JSON.stringify(json, null, 2)] : [`Share ${partial.id} signed ${hex0x(root)}`, `Wrote ${out}`],
        json: { partial: json, files: out === undefined ? [] : [out], keystore: path.basename(file) },
      };
    } finally {
      wipe(share!.secretKey);
    }
  },
};
