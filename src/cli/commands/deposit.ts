/**
 * `dvt-bls deposit`: deposit data signed by the cluster, as `deposit_data-*.json` for the
 * launchpad or the deposit contract: from t share keystores in one place, or from partial
 * signatures that the operators made on their own machines.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import * as path from 'node:path';
import { wipe } from '../../bytes';
import {
  GWEI_PER_ETH,
  depositDataFileName,
  depositDataToJson,
  depositMessageRoot,
  depositSigningRoot,
  executionWithdrawalCredentials,
  parseDepositDataFile,
  thresholdSignDeposit,
  type DepositData,
} from '../../eth/index';
import type { ParsedArgs } from '../args';
import { hex0x, hexOption, required, type Command, type CommandContext } from '../command';
import { CliError, UsageError } from '../errors';
import { PUBLIC_FILE_MODE } from '../output';
import { passwordOptions } from '../password';
import { NETWORK_OPTIONS, combineNamingFiles, loadCluster, loadPartial, loadShares, networkFromArgs } from '../shared';

/** EIP-55: mixed-case addresses carry a checksum; check it (all-lowercase ones carry none). */
function withdrawalAddress(ctx: CommandContext, text: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new UsageError('--withdrawal-address: expected 0x and 40 hex digits');
  const digits = text.slice(2);
  const lower = digits.toLowerCase();
  if (digits !== lower && digits !== digits.toUpperCase()) {
    const hash = keccak_256(new TextEncoder().encode(lower));
    for (let i = 0; i < 40; i++) {
      const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
      const c = digits[i] as string;
      if (/[a-f]/i.test(c) && (nibble >= 8) !== (c === c.toUpperCase())) {
        throw new UsageError('--withdrawal-address: the EIP-55 checksum (letter case) is wrong: a typo?');
      }
    }
  } else {
    ctx.warn('--withdrawal-address has no EIP-55 checksum (mixed case): check it twice, a typo loses the funds');
  }
  return Uint8Array.from(Buffer.from(lower, 'hex'));
}

/** Gwei of `--amount` in ETH (up to 9 decimals), default 32. */
function amountGwei(args: ParsedArgs): number {
  const text = args.strings.get('amount') ?? '32';
  const match = /^([0-9]{1,4})(?:\.([0-9]{1,9}))?$/.exec(text);
  if (match === null) throw new UsageError(`--amount: expected ETH such as 32 or 1.5, got "${text.slice(0, 20)}"`);
  return Number(match[1]) * GWEI_PER_ETH + Number((match[2] ?? '').padEnd(9, '0'));
}

function withdrawalCredentials(ctx: CommandContext, args: ParsedArgs): Uint8Array {
  const address = args.strings.get('withdrawal-address');
  const credentials = args.strings.get('withdrawal-credentials');
  if ((address === undefined) === (credentials === undefined)) throw new UsageError('give --withdrawal-address or --withdrawal-credentials (one of them)');
  if (credentials !== undefined) {
    if (args.flags.has('compounding')) throw new UsageError('--compounding goes with --withdrawal-address (credentials carry their own prefix)');
    return hexOption(credentials, 'withdrawal-credentials', 32);
  }
  return executionWithdrawalCredentials(withdrawalAddress(ctx, address as string), { compounding: args.flags.has('compounding') });
}

export const deposit: Command = {
  name: 'deposit',
  summary: 'Threshold-sign deposit data (deposit_data-*.json) for the cluster\'s validator',
  usage: [
    '--cluster FILE --network NAME --withdrawal-address ADDR [--compounding] [--amount ETH] --out DIR --keystore FILE...',
    '--cluster FILE --network NAME --withdrawal-address ADDR ... --signing-root-only',
    '--cluster FILE --network NAME --withdrawal-address ADDR ... --out DIR --partial FILE...',
  ].join('\n       dvt-bls deposit '),
  description:
    'Builds the DepositMessage of the cluster\'s validator key (withdrawal credentials 0x01, or 0x02 ' +
    'with --compounding; amount in ETH, default 32, up to 2048 for 0x02) and signs it for the ' +
    'network\'s deposit domain, with t share keystores (--keystore), or by combining partial ' +
    'signatures (--partial) that operators made with `dvt-bls sign --root <root>`, the root being ' +
    'what --signing-root-only prints. The result is checked as the launchpad checks it and written ' +
    'to DIR/deposit_data-<time>.json in the staking deposit CLI\'s format.',
  options: [
    { name: 'cluster', kind: 'string', value: 'FILE', help: 'The cluster file.', required: true },
    ...NETWORK_OPTIONS,
    { name: 'withdrawal-address', kind: 'string', value: 'ADDR', help: 'Execution address for 0x01 (or 0x02) withdrawal credentials.' },
    { name: 'compounding', kind: 'boolean', help: '0x02 (compounding, EIP-7251) credentials instead of 0x01.' },
    { name: 'withdrawal-credentials', kind: 'string', value: 'HEX', help: 'The 32-byte withdrawal credentials, as they are.' },
    { name: 'amount', kind: 'string', value: 'ETH', help: 'Deposit amount in ETH (default 32).' },
    { name: 'keystore', kind: 'list', value: 'FILE', help: 'Share keystores (at least the threshold) to sign with.' },
    { name: 'partial', kind: 'list', value: 'FILE', help: 'Partial signatures of the deposit\'s signing root, from `dvt-bls sign`.' },
    { name: 'signing-root-only', kind: 'boolean', help: 'Print the signing root for operators to sign, and stop.' },
    { name: 'out', kind: 'string', value: 'DIR', help: 'Directory for deposit_data-<time>.json.' },
    { name: 'force', kind: 'boolean', help: 'Replace the output file if it exists.' },
    ...passwordOptions({ read: true }),
  ],
  async run(ctx, args) {
    const cluster = await loadCluster(ctx, required(args, 'cluster'));
    const network = networkFromArgs(args);
    const message = { pubkey: cluster.groupPublicKey, withdrawalCredentials: withdrawalCredentials(ctx, args), amount: amountGwei(args) };
    const root = depositSigningRoot(message, network);
    const networkName = typeof network === 'string' ? network : network.name;
    const keystores = args.lists.get('keystore');
    const partials = args.lists.get('partial');
    const modes = [keystores !== undefined, partials !== undefined, args.flags.has('signing-root-only')].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('give one of --keystore, --partial, --signing-root-only');
    if (args.flags.has('signing-root-only')) {
      return {
        lines: [hex0x(root)],
        json: { signing_root: hex0x(root), deposit_message_root: hex0x(depositMessageRoot(message)), pubkey: hex0x(message.pubkey), network_name: networkName, amount: message.amount },
      };
    }
    const outDir = required(args, 'out');
    let signed: DepositData;
    let signers: number[];
    if (keystores !== undefined) {
      if (keystores.length < cluster.threshold) {
        throw new CliError('TOO_FEW_SHARES', `${keystores.length} share keystore(s) given, the threshold is ${cluster.threshold}`);
      }
      const shares = await loadShares(ctx, args, keystores, cluster);
      try {
        const result = thresholdSignDeposit(shares, message, cluster, { network, bls: ctx.bls });
        signed = result.deposit;
        signers = result.signers;
      } finally {
        for (const s of shares) wipe(s.secretKey);
      }
    } else {
      const files = partials as string[];
      const loaded = await Promise.all(files.map((f) => loadPartial(f, cluster)));
      loaded.forEach((l, i) => {
        if (Buffer.compare(Buffer.from(l.root), Buffer.from(root)) !== 0) {
          throw new CliError('INVALID_INPUT', `${files[i]}: signs ${hex0x(l.root)}, not this deposit's signing root ${hex0x(root)}`);
        }
      });
      const fileOf = new Map(loaded.map((l, i) => [l.partial.id, files[i] as string]));
      const result = combineNamingFiles(ctx.bls, cluster, root, loaded.map((l) => l.partial), fileOf);
      for (const id of result.invalid) ctx.warn(`Invalid partial from share ${id} (${fileOf.get(id)}): ignored`);
      signed = { ...message, signature: result.signature };
      signers = result.signers;
    }
    const entry = depositDataToJson(signed, { network });
    // The launchpad's checks, on what is about to be written: roots, fork version, signature.
    parseDepositDataFile([entry], { network, bls: ctx.bls });
    const file = path.join(outDir, depositDataFileName());
    ctx.output.stage(file, `${JSON.stringify([entry], null, 2)}\n`, PUBLIC_FILE_MODE);
    return {
      lines: [
        `Deposit of ${message.amount / GWEI_PER_ETH} ETH for ${hex0x(message.pubkey)} on ${networkName}, signed by shares ${signers.join(', ')}`,
        `deposit_data_root: 0x${entry.deposit_data_root}`,
        `Wrote ${file}`,
      ],
      json: { deposit: entry, signers, files: [file] },
    };
  },
};
