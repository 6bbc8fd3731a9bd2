/**
 * Deposit data: the `DepositMessage` a validator key signs to join the beacon chain, the
 * `DepositData` the deposit contract receives, their SSZ roots, the deposit domain, and the
 * `deposit_data-*.json` files that the staking deposit CLI writes and the launchpad reads.
 *
 * Consensus specs (phase0): the deposit signature is over
 * `compute_signing_root(deposit_message, compute_domain(DOMAIN_DEPOSIT, fork_version, ZERO_ROOT))`,
 * with the network's genesis fork version and a zero genesis validators root, because deposits
 * must verify before (and independently of) any particular chain state.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { DvtBls } from '../api/dvt-bls';
import type { PartialSignature, SecretKeyShare } from '../api/types';
import { expectSecretKey } from '../api/validate';
import { toHex } from '../bytes';
import { DvtBlsError } from '../errors';
import type { Cluster } from './cluster';
import {
  apiOf,
  describe,
  equalBytes,
  expectBytesOf,
  expectRecord,
  expectString,
  parseHex,
  parseJsonInput,
} from './internal';
import { depositDataHashTreeRoot, depositMessageHashTreeRoot, forkDataHashTreeRoot, signingDataHashTreeRoot } from './ssz';

/**
 * Networks whose genesis fork version is built in.
 * @example
 * ```ts
 * import type { NetworkName } from 'dvt-bls/eth';
 * const network: NetworkName = 'hoodi';
 * ```
 */
export type NetworkName = 'mainnet' | 'holesky' | 'hoodi';

/**
 * Genesis fork versions (hex) of the built-in networks. Sources: mainnet and holesky from the
 * staking deposit CLI's `settings.py`; hoodi from the ethstaker deposit CLI's `settings.py` and the
 * eth-clients/hoodi metadata.
 * @example
 * ```ts
 * import { GENESIS_FORK_VERSIONS } from 'dvt-bls/eth';
 * GENESIS_FORK_VERSIONS.holesky; // '01017000'
 * ```
 */
export const GENESIS_FORK_VERSIONS: Readonly<Record<NetworkName, string>> = Object.freeze({
  /** Ethereum mainnet. */
  mainnet: '00000000',
  /** The holesky testnet. */
  holesky: '01017000',
  /** The hoodi testnet. */
  hoodi: '10000910',
});

/**
 * A network that is not built in: its name (written to `network_name`) and genesis fork version.
 * @example
 * ```ts
 * import type { CustomNetwork } from 'dvt-bls/eth';
 * const sepolia: CustomNetwork = { name: 'sepolia', forkVersion: Uint8Array.from([0x90, 0x00, 0x00, 0x69]) };
 * ```
 */
export interface CustomNetwork {
  /** Written to `network_name`. */
  name: string;
  /** The 4-byte genesis fork version. */
  forkVersion: Uint8Array;
}

/**
 * One gwei is 10^-9 ETH; deposit amounts are in gwei.
 * @example
 * ```ts
 * import { GWEI_PER_ETH } from 'dvt-bls/eth';
 * const amount = 32 * GWEI_PER_ETH;
 * ```
 */
export const GWEI_PER_ETH = 1_000_000_000;

/**
 * Deposit amount bounds in gwei: at least 1 ETH (the deposit contract's minimum); at most 32 ETH
 * for 0x00 and 0x01 withdrawal credentials and 2048 ETH for 0x02 (compounding, EIP-7251), as the
 * deposit CLIs and charon enforce.
 * @example
 * ```ts
 * import { DEPOSIT_AMOUNT_LIMITS } from 'dvt-bls/eth';
 * DEPOSIT_AMOUNT_LIMITS.maxCompounding; // 2048000000000
 * ```
 */
export const DEPOSIT_AMOUNT_LIMITS = Object.freeze({
  /** 1 ETH, for every credential type. */
  min: 1 * GWEI_PER_ETH,
  /** 32 ETH, for 0x00 and 0x01 credentials. */
  max: 32 * GWEI_PER_ETH,
  /** 2048 ETH, for 0x02 credentials. */
  maxCompounding: 2048 * GWEI_PER_ETH,
});

/**
 * What the validator key signs.
 * @example
 * ```ts
 * import { GWEI_PER_ETH, executionWithdrawalCredentials, type DepositMessage } from 'dvt-bls/eth';
 * const message: DepositMessage = {
 *   pubkey: groupPublicKey,
 *   withdrawalCredentials: executionWithdrawalCredentials('0x00000000219ab540356cBB839Cbe05303d7705Fa'),
 *   amount: 32 * GWEI_PER_ETH,
 * };
 * ```
 */
export interface DepositMessage {
  /** The validator public key, 48 bytes. */
  pubkey: Uint8Array;
  /** 32 bytes: 0x00 (BLS), 0x01 (execution address) or 0x02 (compounding) credentials. */
  withdrawalCredentials: Uint8Array;
  /** In gwei (see {@link DEPOSIT_AMOUNT_LIMITS}). */
  amount: number;
}

/**
 * A signed deposit: the message and the validator key's signature over its signing root.
 * @example
 * ```ts
 * import { signDeposit, type DepositData } from 'dvt-bls/eth';
 * const deposit: DepositData = signDeposit(secretKey, { withdrawalCredentials, amount }, { network: 'mainnet' });
 * ```
 */
export interface DepositData extends DepositMessage {
  /** 96-byte BLS signature. */
  signature: Uint8Array;
}

/**
 * One entry of a `deposit_data-*.json` file, as the staking deposit CLI writes it and the launchpad
 * reads it: hex without `0x`, the amount as a JSON number of gwei.
 * @example
 * ```ts
 * import { depositDataToJson, type DepositDataJson } from 'dvt-bls/eth';
 * const entry: DepositDataJson = depositDataToJson(deposit, { network: 'hoodi' });
 * ```
 */
export interface DepositDataJson {
  /** Validator public key, 48 bytes. */
  pubkey: string;
  /** 32 bytes. */
  withdrawal_credentials: string;
  /** Gwei, a JSON number (the launchpad requires a number). */
  amount: number;
  /** 96 bytes. */
  signature: string;
  /** hash_tree_root(DepositMessage), 32 bytes. */
  deposit_message_root: string;
  /** hash_tree_root(DepositData), 32 bytes: the deposit contract's `deposit_data_root`. */
  deposit_data_root: string;
  /** Genesis fork version, 4 bytes. */
  fork_version: string;
  /** Network name, such as `mainnet`. */
  network_name: string;
  /** Version of the staking deposit CLI format (see {@link depositDataToJson}). */
  deposit_cli_version: string;
}

/**
 * The network options of the deposit functions.
 * @example
 * ```ts
 * import type { DepositOptions } from 'dvt-bls/eth';
 * const options: DepositOptions = { network: 'holesky' };
 * ```
 */
export interface DepositOptions {
  /** A built-in network name, or a custom network. */
  network: NetworkName | CustomNetwork;
  /** API that does the curve work (default: the portable noble one). */
  bls?: DvtBls;
}

/**
 * The result of a threshold-signed deposit.
 * @example
 * ```ts
 * import { thresholdSignDeposit, type ThresholdDepositResult } from 'dvt-bls/eth';
 * const { deposit, signers, invalid }: ThresholdDepositResult = thresholdSignDeposit(shares, message, cluster, { network: 'mainnet' });
 * ```
 */
export interface ThresholdDepositResult {
  /** Deposit data signed by the group key: indistinguishable from one signed by the full key. */
  deposit: DepositData;
  /** Ids of the t partials combined, ascending. */
  signers: number[];
  /** Ids of partials found invalid, ascending (see `combineVerified`). */
  invalid: number[];
}

/** The version written to `deposit_cli_version` by default (see {@link depositDataToJson}). */
const DEFAULT_DEPOSIT_CLI_VERSION = '2.7.0';
/** DOMAIN_DEPOSIT of the consensus specs (phase0). */
const DOMAIN_DEPOSIT = Uint8Array.from([0x03, 0x00, 0x00, 0x00]);
const ZERO_ROOT = new Uint8Array(32);

const invalidDeposit = (message: string): DvtBlsError => new DvtBlsError('INVALID_DEPOSIT', message);

function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GENESIS_FORK_VERSIONS, value);
}

/** Name and fork version of a network option. */
function resolveNetwork(value: unknown, arg = 'options.network'): { name: string; forkVersion: Uint8Array } {
  if (isNetworkName(value)) return { name: value, forkVersion: parseHex(GENESIS_FORK_VERSIONS[value], arg, 'INVALID_DEPOSIT', 4) };
  if (typeof value === 'string') {
    throw invalidDeposit(`${arg}: unknown network "${value.slice(0, 20)}"; built in: ${Object.keys(GENESIS_FORK_VERSIONS).join(', ')}, or pass { name, forkVersion }`);
  }
  const custom = expectRecord(value, arg, 'INVALID_DEPOSIT');
  const name = expectString(custom.name, `${arg}.name`, 'INVALID_DEPOSIT');
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(name)) throw invalidDeposit(`${arg}.name: expected a short lowercase name such as "sepolia"`);
  const forkVersion = expectBytesOf(custom.forkVersion, 4, `${arg}.forkVersion`, 'INVALID_DEPOSIT');
  if (isNetworkName(name) && toHex(forkVersion) !== GENESIS_FORK_VERSIONS[name]) {
    throw invalidDeposit(`${arg}: "${name}" has genesis fork version ${GENESIS_FORK_VERSIONS[name]}, not ${toHex(forkVersion)}`);
  }
  return { name, forkVersion: forkVersion.slice() };
}

/**
 * The genesis fork version of a built-in network.
 * @param network - `'mainnet'`, `'holesky'` or `'hoodi'`.
 * @returns 4 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT` for an unknown name.
 * @example
 * ```ts
 * import { genesisForkVersion } from 'dvt-bls/eth';
 * genesisForkVersion('hoodi'); // Uint8Array [0x10, 0x00, 0x09, 0x10]
 * ```
 */
export function genesisForkVersion(network: NetworkName): Uint8Array {
  return resolveNetwork(network, 'network').forkVersion;
}

/**
 * `compute_domain(DOMAIN_DEPOSIT, fork_version, ZERO_ROOT)`: the domain type 0x03000000 followed by
 * the first 28 bytes of hash_tree_root(ForkData(fork_version, zero genesis validators root)).
 * @param forkVersion - 4-byte genesis fork version.
 * @returns The 32-byte domain.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT` when `forkVersion` is not 4 bytes.
 * @example
 * ```ts
 * import { computeDepositDomain, genesisForkVersion } from 'dvt-bls/eth';
 * const domain = computeDepositDomain(genesisForkVersion('mainnet'));
 * ```
 */
export function computeDepositDomain(forkVersion: Uint8Array): Uint8Array {
  const version = expectBytesOf(forkVersion, 4, 'forkVersion', 'INVALID_DEPOSIT');
  const domain = new Uint8Array(32);
  domain.set(DOMAIN_DEPOSIT);
  domain.set(forkDataHashTreeRoot(version, ZERO_ROOT).subarray(0, 28), 4);
  return domain;
}

/**
 * `compute_signing_root(object, domain)`: hash_tree_root(SigningData(object_root, domain)).
 * @param objectRoot - 32-byte hash tree root of the signed object.
 * @param domain - 32-byte domain.
 * @returns The 32-byte signing root, the message a BLS key signs.
 * @throws {@link DvtBlsError} `INVALID_ARGUMENT` for wrong lengths.
 * @example
 * ```ts
 * import { computeDepositDomain, computeSigningRoot, depositMessageRoot, genesisForkVersion } from 'dvt-bls/eth';
 * const root = computeSigningRoot(depositMessageRoot(message), computeDepositDomain(genesisForkVersion('mainnet')));
 * ```
 */
export function computeSigningRoot(objectRoot: Uint8Array, domain: Uint8Array): Uint8Array {
  return signingDataHashTreeRoot(
    expectBytesOf(objectRoot, 32, 'objectRoot', 'INVALID_ARGUMENT'),
    expectBytesOf(domain, 32, 'domain', 'INVALID_ARGUMENT')
  );
}

/** A checked deposit message: lengths, credential prefix, amount within the prefix's bounds. */
function checkedMessage(value: unknown, arg: string): DepositMessage {
  const m = expectRecord(value, arg, 'INVALID_DEPOSIT');
  const pubkey = expectBytesOf(m.pubkey, 48, `${arg}.pubkey`, 'INVALID_DEPOSIT');
  const withdrawalCredentials = expectBytesOf(m.withdrawalCredentials, 32, `${arg}.withdrawalCredentials`, 'INVALID_DEPOSIT');
  checkCredentials(withdrawalCredentials, `${arg}.withdrawalCredentials`);
  const amount = checkedAmount(m.amount, withdrawalCredentials, `${arg}.amount`);
  return { pubkey, withdrawalCredentials, amount };
}

function checkCredentials(credentials: Uint8Array, arg: string): void {
  const prefix = credentials[0];
  if (prefix === 0x00) return;
  if (prefix === 0x01 || prefix === 0x02) {
    if (credentials.subarray(1, 12).some((b) => b !== 0)) {
      throw invalidDeposit(`${arg}: 0x0${prefix} credentials must have 11 zero bytes before the 20-byte address`);
    }
    return;
  }
  throw invalidDeposit(`${arg}: unknown prefix 0x${toHex(credentials.subarray(0, 1))}; expected 0x00, 0x01 or 0x02`);
}

function checkedAmount(value: unknown, credentials: Uint8Array, arg: string): number {
  const max = credentials[0] === 0x02 ? DEPOSIT_AMOUNT_LIMITS.maxCompounding : DEPOSIT_AMOUNT_LIMITS.max;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < DEPOSIT_AMOUNT_LIMITS.min || value > max) {
    throw invalidDeposit(
      `${arg}: expected an integer number of gwei in [${DEPOSIT_AMOUNT_LIMITS.min}, ${max}] for 0x0${credentials[0] ?? 0} credentials, got ${
        typeof value === 'number' ? value : describe(value)
      }`
    );
  }
  return value;
}

/**
 * hash_tree_root(DepositMessage): the `deposit_message_root` of deposit data files.
 * @param message - Public key, withdrawal credentials, amount in gwei.
 * @returns 32 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { depositMessageRoot } from 'dvt-bls/eth';
 * const root = depositMessageRoot({ pubkey, withdrawalCredentials, amount: 32_000_000_000 });
 * ```
 */
export function depositMessageRoot(message: DepositMessage): Uint8Array {
  const m = checkedMessage(message, 'message');
  return depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount);
}

/**
 * hash_tree_root(DepositData): the `deposit_data_root` argument of the deposit contract's
 * `deposit` function, which the contract recomputes and compares.
 * @param deposit - Message and 96-byte signature.
 * @returns 32 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { depositDataRoot } from 'dvt-bls/eth';
 * const root = depositDataRoot(deposit);
 * ```
 */
export function depositDataRoot(deposit: DepositData): Uint8Array {
  const m = checkedMessage(deposit, 'deposit');
  const signature = expectBytesOf((deposit as { signature?: unknown }).signature, 96, 'deposit.signature', 'INVALID_DEPOSIT');
  return depositDataHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount, signature);
}

/**
 * The signing root of a deposit message on a network: what the validator key (or its shares)
 * signs.
 * @param message - Public key, withdrawal credentials, amount.
 * @param network - A built-in network name or a custom network.
 * @returns 32 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { depositSigningRoot } from 'dvt-bls/eth';
 * import { partialSign } from 'dvt-bls';
 * const partial = partialSign(myShare, depositSigningRoot(message, 'mainnet'));
 * ```
 */
export function depositSigningRoot(message: DepositMessage, network: NetworkName | CustomNetwork): Uint8Array {
  const m = checkedMessage(message, 'message');
  const { forkVersion } = resolveNetwork(network, 'network');
  return computeSigningRoot(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount), computeDepositDomain(forkVersion));
}

/**
 * 0x01 (or, with `compounding`, 0x02) withdrawal credentials: the prefix, 11 zero bytes, then the
 * 20-byte execution address.
 * @param address - 20 bytes, or 40 hex digits with or without `0x` (any case; the EIP-55 checksum
 *   is not checked here).
 * @param options - `compounding: true` for 0x02 credentials (EIP-7251).
 * @returns 32 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { executionWithdrawalCredentials } from 'dvt-bls/eth';
 * const credentials = executionWithdrawalCredentials('0x00000000219ab540356cBB839Cbe05303d7705Fa', { compounding: true });
 * ```
 */
export function executionWithdrawalCredentials(address: Uint8Array | string, options: { compounding?: boolean } = {}): Uint8Array {
  const bytes =
    typeof address === 'string'
      ? parseHex(address, 'address', 'INVALID_DEPOSIT', 20)
      : expectBytesOf(address, 20, 'address', 'INVALID_DEPOSIT');
  const out = new Uint8Array(32);
  out[0] = options.compounding === true ? 0x02 : 0x01;
  out.set(bytes, 12);
  return out;
}

/**
 * 0x00 (BLS) withdrawal credentials: 0x00 followed by sha256(withdrawal public key)[1:32].
 * @param withdrawalPublicKey - 48-byte public key of the withdrawal key (EIP-2334
 *   `m/12381/3600/i/0`).
 * @returns 32 bytes.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { blsWithdrawalCredentials } from 'dvt-bls/eth';
 * const credentials = blsWithdrawalCredentials(withdrawalPublicKey);
 * ```
 */
export function blsWithdrawalCredentials(withdrawalPublicKey: Uint8Array): Uint8Array {
  const out = sha256(expectBytesOf(withdrawalPublicKey, 48, 'withdrawalPublicKey', 'INVALID_DEPOSIT'));
  out[0] = 0x00;
  return out;
}

/** Options object and its network, checked. */
function checkedOptions(options: unknown): { network: { name: string; forkVersion: Uint8Array }; bls: DvtBls } {
  const o = expectRecord(options, 'options', 'INVALID_ARGUMENT');
  return { network: resolveNetwork(o.network), bls: apiOf(o.bls as DvtBls | undefined) };
}

/**
 * Signs deposit data with a full validator key (the public key is the key's own).
 * @param secretKey - 32-byte validator secret key.
 * @param message - Withdrawal credentials and amount in gwei.
 * @param options - `network`, and `bls` for the curve work.
 * @returns The signed deposit data.
 * @throws {@link DvtBlsError} `INVALID_SECRET_KEY`, `INVALID_DEPOSIT`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { GWEI_PER_ETH, executionWithdrawalCredentials, signDeposit } from 'dvt-bls/eth';
 * import { generateSecretKey } from 'dvt-bls';
 * const deposit = signDeposit(
 *   generateSecretKey(),
 *   { withdrawalCredentials: executionWithdrawalCredentials('0x00000000219ab540356cBB839Cbe05303d7705Fa'), amount: 32 * GWEI_PER_ETH },
 *   { network: 'hoodi' }
 * );
 * ```
 */
export function signDeposit(
  secretKey: Uint8Array,
  message: Omit<DepositMessage, 'pubkey'>,
  options: DepositOptions
): DepositData {
  const { network, bls } = checkedOptions(options);
  const sk = expectSecretKey(secretKey);
  const m = checkedMessage({ ...expectRecord(message, 'message', 'INVALID_DEPOSIT'), pubkey: bls.getPublicKey(sk) }, 'message');
  const root = computeSigningRoot(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount), computeDepositDomain(network.forkVersion));
  return { ...m, withdrawalCredentials: m.withdrawalCredentials.slice(), signature: bls.sign(sk, root) };
}

/**
 * Combines partial signatures of a deposit's signing root (made by the operators with
 * `partialSign(share, depositSigningRoot(message, network))`) into deposit data signed by the
 * cluster's group key, through `combineVerified`: the result verifies under the group key, and bad
 * partials are named in `invalid` (or, with fewer than t good ones, in the error's `culprits`).
 * @param partials - At least t partial signatures.
 * @param message - Withdrawal credentials and amount; the public key is the cluster's group key.
 * @param cluster - The cluster.
 * @param options - `network`, `bls`.
 * @returns The deposit data, the signers, the invalid partials.
 * @throws {@link DvtBlsError} `TOO_FEW_PARTIALS`, `TOO_FEW_VALID_PARTIALS` (with `culprits`),
 *   `UNKNOWN_ID`, `DUPLICATE_ID`, `INVALID_DEPOSIT`, `INCONSISTENT_KEYS`.
 * @example
 * ```ts
 * import { combineDepositSignatures, depositSigningRoot } from 'dvt-bls/eth';
 * import { partialSign } from 'dvt-bls';
 * const message = { pubkey: cluster.groupPublicKey, withdrawalCredentials, amount: 32_000_000_000 };
 * const root = depositSigningRoot(message, 'mainnet');
 * const partials = myShares.map((share) => partialSign(share, root)); // each operator, on its own machine
 * const { deposit } = combineDepositSignatures(partials, message, cluster, { network: 'mainnet' });
 * ```
 */
export function combineDepositSignatures(
  partials: readonly PartialSignature[],
  message: Omit<DepositMessage, 'pubkey'> & { pubkey?: Uint8Array },
  cluster: Cluster,
  options: DepositOptions
): ThresholdDepositResult {
  const { network, bls } = checkedOptions(options);
  const c = expectRecord(cluster, 'cluster', 'INVALID_ARGUMENT') as unknown as Cluster;
  const given = expectRecord(message, 'message', 'INVALID_DEPOSIT');
  if (given.pubkey !== undefined && !(given.pubkey instanceof Uint8Array && equalBytes(given.pubkey, c.groupPublicKey))) {
    throw new DvtBlsError('CLUSTER_MISMATCH', "message.pubkey: is not the cluster's group public key");
  }
  const m = checkedMessage({ ...given, pubkey: c.groupPublicKey }, 'message');
  const root = computeSigningRoot(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount), computeDepositDomain(network.forkVersion));
  const { signature, signers, invalid } = bls.combineVerified({
    message: root,
    partials,
    threshold: c.threshold,
    groupPublicKey: c.groupPublicKey,
    publicKeyShares: c.publicKeyShares,
  });
  return {
    deposit: { pubkey: m.pubkey.slice(), withdrawalCredentials: m.withdrawalCredentials.slice(), amount: m.amount, signature },
    signers,
    invalid,
  };
}

/**
 * Signs deposit data with t (or more) shares of the validator key, in one place (for a ceremony
 * where the shares meet, or a test): each share signs the signing root, then
 * {@link combineDepositSignatures}. For operators on separate machines, use `partialSign` and
 * {@link combineDepositSignatures} directly.
 * @param shares - At least t shares of the cluster's key.
 * @param message - Withdrawal credentials and amount.
 * @param cluster - The cluster.
 * @param options - `network`, `bls`.
 * @returns The deposit data, signers and invalid partials.
 * @throws {@link DvtBlsError} as {@link combineDepositSignatures}, and `INVALID_SECRET_KEY`,
 *   `INVALID_ID` for malformed shares.
 * @example
 * ```ts
 * import { createCluster, thresholdSignDeposit, verifyDeposit } from 'dvt-bls/eth';
 * import { generateSecretKey, splitSecret } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const { shares, commitments } = splitSecret(generateSecretKey(), { threshold: 2, ids });
 * const cluster = createCluster({ commitments, shareIds: ids });
 * const message = { withdrawalCredentials: new Uint8Array(32), amount: 32_000_000_000 };
 * const { deposit } = thresholdSignDeposit(shares.slice(0, 2), message, cluster, { network: 'holesky' });
 * verifyDeposit(deposit, { network: 'holesky' }); // true
 * ```
 */
export function thresholdSignDeposit(
  shares: readonly SecretKeyShare[],
  message: Omit<DepositMessage, 'pubkey'>,
  cluster: Cluster,
  options: DepositOptions
): ThresholdDepositResult {
  const { network, bls } = checkedOptions(options);
  const c = expectRecord(cluster, 'cluster', 'INVALID_ARGUMENT') as unknown as Cluster;
  const m = checkedMessage({ ...expectRecord(message, 'message', 'INVALID_DEPOSIT'), pubkey: c.groupPublicKey }, 'message');
  const root = computeSigningRoot(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount), computeDepositDomain(network.forkVersion));
  if (!Array.isArray(shares)) throw new DvtBlsError('INVALID_ARGUMENT', `shares: expected an array, got ${describe(shares)}`);
  const partials = shares.map((share) => bls.partialSign(share, root));
  return combineDepositSignatures(partials, m, c, { network: options.network, bls });
}

/**
 * Verifies deposit data as the beacon chain does: the signature over the signing root under the
 * deposit's own public key (a proof of possession), plus the amount and credential checks.
 * @param deposit - The deposit data.
 * @param options - `network`, `bls`.
 * @returns `true` only if valid; `false` for malformed input.
 * @example
 * ```ts
 * import { verifyDeposit } from 'dvt-bls/eth';
 * verifyDeposit(deposit, { network: 'mainnet' }); // true
 * ```
 */
export function verifyDeposit(deposit: DepositData, options: DepositOptions): boolean {
  try {
    const { network, bls } = checkedOptions(options);
    const m = checkedMessage(deposit, 'deposit');
    const signature = expectBytesOf((deposit as { signature?: unknown }).signature, 96, 'deposit.signature', 'INVALID_DEPOSIT');
    const root = computeSigningRoot(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount), computeDepositDomain(network.forkVersion));
    return bls.verify(m.pubkey, root, signature);
  } catch {
    return false;
  }
}

/**
 * One `deposit_data-*.json` entry for deposit data, with both roots, the fork version and network
 * name. `deposit_cli_version` is written because the launchpad refuses entries without it (or below
 * its minimum version); the default `'2.7.0'` is the staking deposit CLI release whose format this
 * follows, as charon does.
 * @param deposit - Signed deposit data.
 * @param options - `network`, and `depositCliVersion` to write another version.
 * @returns The entry; a file is a JSON array of entries.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`.
 * @example
 * ```ts
 * import { depositDataToJson } from 'dvt-bls/eth';
 * const text = JSON.stringify([depositDataToJson(deposit, { network: 'mainnet' })], null, 2);
 * ```
 */
export function depositDataToJson(deposit: DepositData, options: { network: NetworkName | CustomNetwork; depositCliVersion?: string }): DepositDataJson {
  const o = expectRecord(options, 'options', 'INVALID_ARGUMENT');
  const network = resolveNetwork(o.network);
  const version = o.depositCliVersion === undefined ? DEFAULT_DEPOSIT_CLI_VERSION : expectString(o.depositCliVersion, 'options.depositCliVersion', 'INVALID_ARGUMENT');
  const m = checkedMessage(deposit, 'deposit');
  const signature = expectBytesOf((deposit as { signature?: unknown }).signature, 96, 'deposit.signature', 'INVALID_DEPOSIT');
  return {
    pubkey: toHex(m.pubkey),
    withdrawal_credentials: toHex(m.withdrawalCredentials),
    amount: m.amount,
    signature: toHex(signature),
    deposit_message_root: toHex(depositMessageHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount)),
    deposit_data_root: toHex(depositDataHashTreeRoot(m.pubkey, m.withdrawalCredentials, m.amount, signature)),
    fork_version: toHex(network.forkVersion),
    network_name: network.name,
    deposit_cli_version: version,
  };
}

/**
 * A deposit read from a deposit data file, with what the file says about its network.
 * @example
 * ```ts
 * import { parseDepositDataFile, type ParsedDeposit } from 'dvt-bls/eth';
 * const [first]: ParsedDeposit[] = parseDepositDataFile(text);
 * ```
 */
export interface ParsedDeposit {
  /** The deposit data. */
  deposit: DepositData;
  /** `fork_version`, 4 bytes. */
  forkVersion: Uint8Array;
  /** `network_name` (or the older `eth2_network_name`), if the entry has one. */
  networkName: string | undefined;
}

/**
 * Reads and checks a `deposit_data-*.json` file (an array of entries, or a single entry): for each
 * entry, the field formats, the amount and credentials, both roots recomputed and compared, the
 * fork version against the network name when the name is built in (and against
 * `options.network` when given), and the signature under the entry's public key.
 * @param file - The file as JSON text or a parsed value.
 * @param options - `network` to require (optional), `bls`.
 * @returns One parsed deposit per entry.
 * @throws {@link DvtBlsError} `INVALID_DEPOSIT`, naming the entry and the field.
 * @example
 * ```ts
 * import { parseDepositDataFile } from 'dvt-bls/eth';
 * import { readFileSync } from 'node:fs';
 * const deposits = parseDepositDataFile(readFileSync('deposit_data-1700000000.json', 'utf8'), { network: 'mainnet' });
 * ```
 */
export function parseDepositDataFile(file: unknown, options: { network?: NetworkName | CustomNetwork; bls?: DvtBls } = {}): ParsedDeposit[] {
  const bls = apiOf(options.bls);
  const expected = options.network === undefined ? undefined : resolveNetwork(options.network);
  const value = parseJsonInput(file, 'depositData', 'INVALID_DEPOSIT');
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  if (entries.length === 0) throw invalidDeposit('depositData: the file has no entries');
  return entries.map((raw, i) => {
    const arg = Array.isArray(value) ? `depositData[${i}]` : 'depositData';
    const e = expectRecord(raw, arg, 'INVALID_DEPOSIT');
    const pubkey = parseHex(e.pubkey, `${arg}.pubkey`, 'INVALID_DEPOSIT', 48);
    const withdrawalCredentials = parseHex(e.withdrawal_credentials, `${arg}.withdrawal_credentials`, 'INVALID_DEPOSIT', 32);
    checkCredentials(withdrawalCredentials, `${arg}.withdrawal_credentials`);
    const amount = checkedAmount(e.amount, withdrawalCredentials, `${arg}.amount`);
    const signature = parseHex(e.signature, `${arg}.signature`, 'INVALID_DEPOSIT', 96);
    const forkVersion = parseHex(e.fork_version, `${arg}.fork_version`, 'INVALID_DEPOSIT', 4);
    const rawName = e.network_name ?? e.eth2_network_name;
    const networkName = rawName === undefined ? undefined : expectString(rawName, `${arg}.network_name`, 'INVALID_DEPOSIT');
    if (networkName !== undefined && isNetworkName(networkName) && toHex(forkVersion) !== GENESIS_FORK_VERSIONS[networkName]) {
      throw invalidDeposit(`${arg}.fork_version: ${toHex(forkVersion)} is not the fork version of ${networkName} (${GENESIS_FORK_VERSIONS[networkName]})`);
    }
    if (expected !== undefined && !equalBytes(forkVersion, expected.forkVersion)) {
      throw invalidDeposit(`${arg}.fork_version: ${toHex(forkVersion)}, but ${expected.name} (${toHex(expected.forkVersion)}) was expected`);
    }
    const messageRoot = depositMessageHashTreeRoot(pubkey, withdrawalCredentials, amount);
    if (e.deposit_message_root !== undefined && !equalBytes(parseHex(e.deposit_message_root, `${arg}.deposit_message_root`, 'INVALID_DEPOSIT', 32), messageRoot)) {
      throw invalidDeposit(`${arg}.deposit_message_root: does not match the deposit message`);
    }
    const dataRoot = depositDataHashTreeRoot(pubkey, withdrawalCredentials, amount, signature);
    if (e.deposit_data_root !== undefined && !equalBytes(parseHex(e.deposit_data_root, `${arg}.deposit_data_root`, 'INVALID_DEPOSIT', 32), dataRoot)) {
      throw invalidDeposit(`${arg}.deposit_data_root: does not match the deposit data`);
    }
    const root = computeSigningRoot(messageRoot, computeDepositDomain(forkVersion));
    if (!bls.verify(pubkey, root, signature)) {
      throw invalidDeposit(`${arg}.signature: does not verify under the pubkey for fork version ${toHex(forkVersion)}`);
    }
    return { deposit: { pubkey, withdrawalCredentials, amount, signature }, forkVersion, networkName };
  });
}

/**
 * The file name the staking deposit CLI gives deposit data: `deposit_data-<unix seconds>.json`.
 * @param now - The time to stamp (default: now).
 * @returns The file name.
 * @example
 * ```ts
 * import { depositDataFileName } from 'dvt-bls/eth';
 * depositDataFileName(new Date(1700000000000)); // 'deposit_data-1700000000.json'
 * ```
 */
export function depositDataFileName(now: Date = new Date()): string {
  return `deposit_data-${Math.floor(now.getTime() / 1000)}.json`;
}
