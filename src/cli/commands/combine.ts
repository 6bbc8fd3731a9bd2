/**
 * `dvt-bls combine`: t partial signatures to the validator's signature, verified, naming bad
 * partials.
 * @module
 */
import { hex0x, hexOption, required, requiredList, type Command } from '../command';
import { CliError } from '../errors';
import { PUBLIC_FILE_MODE } from '../output';
import { SIGNATURE_TYPE, combineNamingFiles, loadCluster, loadPartial } from '../shared';

export const combine: Command = {
  name: 'combine',
  summary: 'Combine partial signatures into a verified signature, naming bad partials',
  usage: '--cluster FILE --partial FILE... [--root HEX] [--out FILE]',
  description:
    'Reads partial signature files (from `dvt-bls sign`) of one cluster and one signing root, ' +
    'combines t of them and verifies the result under the validator key. If a partial is bad, ' +
    'each one is checked against its share\'s public key, the bad ones are named, and t good ones ' +
    'are combined; with fewer than t good ones the command fails and names the bad ones. Without ' +
    '--out the signature file is printed on stdout.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The cluster file.', required: true },
    { name: 'partial', kind: 'list', value: 'FILE', help: 'Partial signature files.', required: true },
    { name: 'root', kind: 'string', value: 'HEX', help: 'The signing root expected (default: the one the partials name).' },
    { name: 'out', kind: 'string', value: 'FILE', help: 'Write the signature file here instead of stdout.' },
    { name: 'force', kind: 'boolean', help: 'Replace the output file if it exists.' },
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const files = requiredList(args, 'partial');
    const out = args.strings.get('out');
    const loaded = await Promise.all(files.map((f) => loadPartial(f, cluster)));
    const expected = args.strings.has('root') ? hexOption(required(args, 'root'), 'root', 32) : loaded[0]!.root;
    loaded.forEach(({ root }, i) => {
      if (Buffer.compare(Buffer.from(root), Buffer.from(expected)) !== 0) {
        throw new CliError('INVALID_INPUT', `${files[i]}: signs root ${hex0x(root)}, not ${hex0x(expected)}`);
      }
    });
    const fileOf = new Map(loaded.map(({ partial }, i) => [partial.id, files[i] as string]));
    const result = combineNamingFiles(ctx.bls, cluster, expected, loaded.map((l) => l.partial), fileOf);
    const json = {
      version: 1,
      type: SIGNATURE_TYPE,
      cluster_hash: hex0x(cluster.hash),
      public_key: hex0x(cluster.groupPublicKey),
      signing_root: hex0x(expected),
      signature: hex0x(result.signature),
      signers: result.signers,
      invalid: result.invalid,
    };
    if (out !== undefined) ctx.output.stage(out, `${JSON.stringify(json, null, 2)}\n`, PUBLIC_FILE_MODE);
    const warnings = result.invalid.map((id) => `Invalid partial from share ${id} (${fileOf.get(id)}): ignored`);
    for (const w of warnings) ctx.warn(w);
    return {
      lines: [
        ...(out === undefined ? [JSON.stringify(json, null, 2)] : [`Combined shares ${result.signers.join(', ')}; the signature verifies`, `Wrote ${out}`]),
      ],
      json: { signature: json, invalid_files: result.invalid.map((id) => fileOf.get(id)), files: out === undefined ? [] : [out] },
    };
  },
};
