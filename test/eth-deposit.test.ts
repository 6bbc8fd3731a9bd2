/**
 * Deposit data against others' data: the staking deposit CLI's SSZ values, deposit data files it
 * produced (mainnet, holesky, 1 and 31 ETH), and two implementations' fixtures with their keys
 * (eth-staking-smith from a mnemonic; charon's 0x02 compounding and 0x01 files), whose signatures
 * must come out byte for byte. Then threshold signing (byte-identical to the full key), hoodi,
 * and every refusal. Provenance: test/vectors/deposit/PROVENANCE.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DvtBlsError, type DvtBls } from '../src/index';
import {
  DEPOSIT_AMOUNT_LIMITS,
  GENESIS_FORK_VERSIONS,
  GWEI_PER_ETH,
  blsWithdrawalCredentials,
  combineDepositSignatures,
  computeDepositDomain,
  computeSigningRoot,
  createCluster,
  depositDataFileName,
  depositDataRoot,
  depositDataToJson,
  depositMessageRoot,
  depositSigningRoot,
  deriveSecretKeyFromPath,
  executionWithdrawalCredentials,
  genesisForkVersion,
  parseDepositDataFile,
  signDeposit,
  thresholdSignDeposit,
  validatorSigningKeyPath,
  validatorWithdrawalKeyPath,
  verifyDeposit,
  type DepositDataJson,
  type NetworkName,
} from '../src/eth/index';
// The raw SSZ layer, for the one vector whose amount (100 gwei) the public functions refuse.
import { depositMessageHashTreeRoot } from '../src/eth/ssz';
import { backends } from './helpers/backends';
import { fromHex, hex, seededRandomBytes } from './helpers/rng';

const vector = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./vectors/deposit/${name}`, import.meta.url), 'utf8')) as T;
const GOERLI = { name: 'goerli', forkVersion: fromHex('00001020') };
const PRATER = { name: 'prater', forkVersion: fromHex('00001020') };
const bls = backends.find((b) => b.name === 'blst')?.api as DvtBls;

function refusal(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw e;
  }
  throw new Error('expected a DvtBlsError');
}

describe('staking deposit CLI SSZ values (tests/test_utils/test_ssz.py)', () => {
  const ssz = vector<{
    compute_deposit_domain: { fork_version: string; domain: string }[];
    compute_deposit_fork_data_root: { current_version: string; fork_data_root: string }[];
    compute_signing_root: { deposit_message: { pubkey: string; withdrawal_credentials: string; amount: number }; domain: string; signing_root: string }[];
    invalid_fork_version_lengths: number[];
    invalid_domain_lengths: number[];
  }>('staking-deposit-cli-ssz.json');

  it('compute_deposit_domain, and its fork data root', () => {
    for (const c of ssz.compute_deposit_domain) expect(hex(computeDepositDomain(fromHex(c.fork_version)))).toBe(c.domain);
    for (const c of ssz.compute_deposit_fork_data_root) {
      // The domain is the type followed by the first 28 bytes of the fork data root.
      expect(hex(computeDepositDomain(fromHex(c.current_version))).slice(8)).toBe(c.fork_data_root.slice(0, 56));
    }
    for (const length of ssz.invalid_fork_version_lengths) {
      expect(refusal(() => computeDepositDomain(new Uint8Array(length).fill(0x12))).code).toBe('INVALID_DEPOSIT');
    }
  });

  it('compute_signing_root of a DepositMessage (amount 100 gwei: below the deposit minimum, so through the raw root)', () => {
    for (const c of ssz.compute_signing_root) {
      // depositMessageRoot refuses 100 gwei (below 1 ETH), so the message root is computed from the
      // SSZ layer directly; the signing root goes through the public computeSigningRoot.
      const root = depositMessageHashTreeRoot(fromHex(c.deposit_message.pubkey), fromHex(c.deposit_message.withdrawal_credentials), c.deposit_message.amount);
      expect(hex(computeSigningRoot(root, fromHex(c.domain)))).toBe(c.signing_root);
      for (const length of ssz.invalid_domain_lengths) {
        expect(refusal(() => computeSigningRoot(root, new Uint8Array(length))).code).toBe('INVALID_ARGUMENT');
      }
    }
  });
});

describe('fork versions', () => {
  const { fork_versions } = vector<{ fork_versions: Record<NetworkName, string> }>('fork-versions.json');

  it('mainnet, holesky and hoodi are those of the deposit CLIs', () => {
    expect(GENESIS_FORK_VERSIONS).toEqual(fork_versions);
    for (const [name, version] of Object.entries(fork_versions)) expect(hex(genesisForkVersion(name as NetworkName))).toBe(version);
  });

  it('the deposit domain matches an independent computation with node:crypto, for each network', () => {
    for (const version of Object.values(fork_versions)) {
      const forkDataRoot = createHash('sha256').update(Buffer.concat([fromHex(version), Buffer.alloc(28), Buffer.alloc(32)])).digest();
      expect(hex(computeDepositDomain(fromHex(version)))).toBe(`03000000${forkDataRoot.subarray(0, 28).toString('hex')}`);
    }
  });
});

describe('deposit data produced by the staking deposit CLI', () => {
  const files: [string, NetworkName][] = [
    ['etherfi-holesky-1eth.json', 'holesky'],
    ['etherfi-holesky-31eth.json', 'holesky'],
    ['stakewise-mainnet.json', 'mainnet'],
  ];

  it.each(files)('%s: roots, fork version and signature check, and the entry is reproduced field for field', (file, network) => {
    const entries = vector<DepositDataJson[]>(file);
    const parsed = parseDepositDataFile(JSON.stringify(entries), { network, bls });
    expect(parsed).toHaveLength(1);
    const { deposit } = parsed[0]!;
    const entry = entries[0]!;
    expect(hex(depositMessageRoot(deposit))).toBe(entry.deposit_message_root);
    expect(hex(depositDataRoot(deposit))).toBe(entry.deposit_data_root);
    expect(verifyDeposit(deposit, { network, bls })).toBe(true);
    // Our writer produces the same entry, in the same key order.
    expect(JSON.stringify(depositDataToJson(deposit, { network, depositCliVersion: entry.deposit_cli_version }))).toBe(JSON.stringify(entry));
    // The signature is bound to its network.
    for (const other of Object.keys(GENESIS_FORK_VERSIONS) as NetworkName[]) {
      if (other !== network) expect(verifyDeposit(deposit, { network: other, bls })).toBe(false);
    }
  });

  it('amounts other than 32 ETH: the 1 ETH and 31 ETH deposits of one key have different roots and both verify', () => {
    const one = parseDepositDataFile(vector('etherfi-holesky-1eth.json'), { bls })[0]!.deposit;
    const thirtyOne = parseDepositDataFile(vector('etherfi-holesky-31eth.json'), { bls })[0]!.deposit;
    expect(one.amount).toBe(1 * GWEI_PER_ETH);
    expect(thirtyOne.amount).toBe(31 * GWEI_PER_ETH);
    expect(one.pubkey).toEqual(thirtyOne.pubkey);
    expect(hex(depositMessageRoot(one))).not.toBe(hex(depositMessageRoot(thirtyOne)));
  });
});

describe('eth-staking-smith: mnemonic → EIP-2333 key → deposit data, byte for byte', () => {
  const v = vector<{
    mnemonic: string;
    mnemonic_password: string;
    validator_index: number;
    signing_key: string;
    deposit_data_0x01: DepositDataJson[];
    deposit_data_0x00: DepositDataJson[];
  }>('eth-staking-smith-mainnet.json');
  // BIP-39: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + password, 2048) (no wordlist check needed here).
  const seed = pbkdf2(sha512, v.mnemonic.normalize('NFKD'), `mnemonic${v.mnemonic_password}`, { c: 2048, dkLen: 64 });
  const signingKey = deriveSecretKeyFromPath(seed, validatorSigningKeyPath(v.validator_index));

  it('derives the signing key at m/12381/3600/0/0/0', () => {
    expect(hex(signingKey)).toBe(v.signing_key);
  });

  it.each(backends)('signs the 0x01 deposit to the same bytes ($name)', ({ api }) => {
    const expected = v.deposit_data_0x01[0]!;
    const deposit = signDeposit(
      signingKey,
      { withdrawalCredentials: executionWithdrawalCredentials('0x0000000000000000000000000000000000000001'), amount: expected.amount },
      { network: 'mainnet', bls: api }
    );
    expect(depositDataToJson(deposit, { network: 'mainnet' })).toEqual(expected);
  });

  it('0x00 credentials from the withdrawal key at m/12381/3600/0/0, and that deposit to the same bytes', () => {
    const expected = v.deposit_data_0x00[0]!;
    const withdrawalKey = deriveSecretKeyFromPath(seed, validatorWithdrawalKeyPath(v.validator_index));
    const credentials = blsWithdrawalCredentials(bls.getPublicKey(withdrawalKey));
    expect(hex(credentials)).toBe(expected.withdrawal_credentials);
    const deposit = signDeposit(signingKey, { withdrawalCredentials: credentials, amount: expected.amount }, { network: 'mainnet', bls });
    expect(depositDataToJson(deposit, { network: 'mainnet' })).toEqual(expected);
  });
});

describe('charon fixtures with their keys', () => {
  const keys = vector<{ validators: { secret_key: string; withdrawal_address: string }[]; amount: number }>('charon-TestMarshalDepositData.keys.json');

  it('0x02 compounding (golden file): every entry reproduced byte for byte', () => {
    const golden = vector<DepositDataJson[]>('charon-TestMarshalDepositData.golden.json');
    const made = keys.validators.map(({ secret_key, withdrawal_address }) =>
      depositDataToJson(
        signDeposit(fromHex(secret_key), { withdrawalCredentials: executionWithdrawalCredentials(withdrawal_address, { compounding: true }), amount: keys.amount }, { network: GOERLI, bls }),
        { network: GOERLI }
      )
    );
    // charon sorts its file by public key.
    made.sort((a, b) => a.pubkey.localeCompare(b.pubkey));
    expect(made).toEqual(golden);
    expect(golden.every((e) => e.withdrawal_credentials.startsWith('02'))).toBe(true);
    expect(parseDepositDataFile(golden, { network: GOERLI, bls })).toHaveLength(4);
  });

  it('0x01 (prater file): every signature reproduced byte for byte', () => {
    const file = vector<DepositDataJson[]>('charon-prater-deposit-data.json');
    const parsed = parseDepositDataFile(file, { network: PRATER, bls });
    for (const { deposit } of parsed) {
      const key = keys.validators.map((k) => fromHex(k.secret_key)).find((sk) => hex(bls.getPublicKey(sk)) === hex(deposit.pubkey));
      expect(key).toBeDefined();
      const again = signDeposit(key!, { withdrawalCredentials: deposit.withdrawalCredentials, amount: deposit.amount }, { network: PRATER, bls });
      expect(hex(again.signature)).toBe(hex(deposit.signature));
    }
  });
});

describe.each(backends)('threshold-signed deposits ($name)', ({ api }) => {
  const randomBytes = seededRandomBytes('deposit');
  const secretKey = api.generateSecretKey({ randomBytes });
  const ids = [1, 2, 3, 4];
  const { shares, commitments } = api.splitSecret(secretKey, { threshold: 3, ids, randomBytes });
  const cluster = createCluster({ commitments, shareIds: ids }, { bls: api });
  const message = { withdrawalCredentials: executionWithdrawalCredentials('0x00000000219ab540356cBB839Cbe05303d7705Fa', { compounding: true }), amount: 2048 * GWEI_PER_ETH };

  it.each(['mainnet', 'holesky', 'hoodi'] as const)('any t shares sign exactly what the full key signs (%s)', (network) => {
    const full = signDeposit(secretKey, message, { network, bls: api });
    for (const subset of [shares.slice(0, 3), shares.slice(1), [shares[0]!, shares[2]!, shares[3]!]]) {
      const { deposit, signers, invalid } = thresholdSignDeposit(subset, message, cluster, { network, bls: api });
      expect(hex(deposit.signature)).toBe(hex(full.signature));
      expect(deposit.pubkey).toEqual(cluster.groupPublicKey);
      expect(signers).toHaveLength(3);
      expect(invalid).toEqual([]);
    }
    expect(verifyDeposit(full, { network, bls: api })).toBe(true);
    const entry = depositDataToJson(full, { network });
    expect(entry.fork_version).toBe(GENESIS_FORK_VERSIONS[network]);
    expect(parseDepositDataFile([entry], { network, bls: api })[0]!.networkName).toBe(network);
  });

  it('partials from operators: a bad one is named and left out; too few good ones is TOO_FEW_VALID_PARTIALS', () => {
    const root = depositSigningRoot({ ...message, pubkey: cluster.groupPublicKey }, 'hoodi');
    const partials = shares.map((s) => api.partialSign(s, root));
    const forged = { id: 2, signature: api.partialSign(shares[1]!, new Uint8Array(32)).signature };
    const { deposit, invalid, signers } = combineDepositSignatures([partials[0]!, forged, partials[2]!, partials[3]!], message, cluster, { network: 'hoodi', bls: api });
    expect(invalid).toEqual([2]);
    expect(signers).toEqual([1, 3, 4]);
    expect(verifyDeposit(deposit, { network: 'hoodi', bls: api })).toBe(true);
    const e = refusal(() => combineDepositSignatures([partials[0]!, forged, partials[2]!], message, cluster, { network: 'hoodi', bls: api }));
    expect(e.code).toBe('TOO_FEW_VALID_PARTIALS');
    expect(e.culprits).toEqual([2]);
    expect(refusal(() => combineDepositSignatures(partials.slice(0, 2), message, cluster, { network: 'hoodi', bls: api })).code).toBe('TOO_FEW_PARTIALS');
    // Partials of the holesky root do not make a hoodi deposit.
    const holesky = depositSigningRoot({ ...message, pubkey: cluster.groupPublicKey }, 'holesky');
    expect(refusal(() => combineDepositSignatures(shares.map((s) => api.partialSign(s, holesky)), message, cluster, { network: 'hoodi', bls: api })).code).toBe(
      'TOO_FEW_VALID_PARTIALS'
    );
    expect(refusal(() => combineDepositSignatures(partials, { ...message, pubkey: new Uint8Array(48) }, cluster, { network: 'hoodi', bls: api })).code).toBe(
      'CLUSTER_MISMATCH'
    );
  });
});

describe('withdrawal credentials and amounts', () => {
  const sk = fromHex('3f3e0a69a6a66aeaec606a2ccb47c703afb2e8ae64f70a1650c03343b06e8f0c');
  const address = '0x00000000219ab540356cBB839Cbe05303d7705Fa';

  it('0x01 and 0x02 credentials: prefix, 11 zero bytes, address', () => {
    expect(hex(executionWithdrawalCredentials(address))).toBe(`01${'00'.repeat(11)}00000000219ab540356cbb839cbe05303d7705fa`);
    expect(hex(executionWithdrawalCredentials(fromHex(address), { compounding: true }))).toBe(`02${'00'.repeat(11)}00000000219ab540356cbb839cbe05303d7705fa`);
    expect(refusal(() => executionWithdrawalCredentials('0x1234')).code).toBe('INVALID_DEPOSIT');
  });

  it('amount bounds depend on the credentials: [1, 32] ETH for 0x00/0x01, [1, 2048] ETH for 0x02', () => {
    const wc01 = executionWithdrawalCredentials(address);
    const wc02 = executionWithdrawalCredentials(address, { compounding: true });
    const sign = (withdrawalCredentials: Uint8Array, amount: number) => () => signDeposit(sk, { withdrawalCredentials, amount }, { network: 'mainnet', bls });
    expect(() => sign(wc01, DEPOSIT_AMOUNT_LIMITS.max)()).not.toThrow();
    expect(() => sign(wc01, DEPOSIT_AMOUNT_LIMITS.min)()).not.toThrow();
    expect(() => sign(wc02, DEPOSIT_AMOUNT_LIMITS.maxCompounding)()).not.toThrow();
    for (const [wc, amount] of [
      [wc01, DEPOSIT_AMOUNT_LIMITS.max + 1],
      [wc01, DEPOSIT_AMOUNT_LIMITS.min - 1],
      [wc02, DEPOSIT_AMOUNT_LIMITS.maxCompounding + 1],
      [wc01, 1.5 * GWEI_PER_ETH + 0.5],
      [wc01, Number.NaN],
    ] as const) {
      expect(refusal(sign(wc, amount)).code).toBe('INVALID_DEPOSIT');
    }
  });

  it('refuses unknown prefixes, non-zero padding, wrong lengths, unknown networks', () => {
    const sign = (withdrawalCredentials: Uint8Array, network: NetworkName = 'mainnet') => () =>
      signDeposit(sk, { withdrawalCredentials, amount: 32 * GWEI_PER_ETH }, { network, bls });
    const wc = executionWithdrawalCredentials(address);
    const prefix3 = wc.slice();
    prefix3[0] = 0x03;
    const padded = wc.slice();
    padded[5] = 1;
    for (const bad of [prefix3, padded, wc.subarray(0, 31)]) expect(refusal(sign(bad)).code).toBe('INVALID_DEPOSIT');
    expect(refusal(sign(wc, 'sepolia' as NetworkName)).code).toBe('INVALID_DEPOSIT');
    expect(refusal(() => signDeposit(sk, { withdrawalCredentials: wc, amount: 1e9 }, { network: { name: 'mainnet', forkVersion: fromHex('90000069') }, bls })).code).toBe(
      'INVALID_DEPOSIT'
    );
    expect(refusal(() => signDeposit(new Uint8Array(32), { withdrawalCredentials: wc, amount: 1e9 }, { network: 'mainnet', bls })).code).toBe('INVALID_SECRET_KEY');
  });
});

describe('reading deposit data files', () => {
  const entries = vector<DepositDataJson[]>('stakewise-mainnet.json');

  it('refuses each tampered field with INVALID_DEPOSIT naming it', () => {
    const other = vector<DepositDataJson[]>('etherfi-holesky-1eth.json')[0]!;
    const cases: [string, (e: Record<string, unknown>) => void][] = [
      ['deposit_message_root', (e) => (e.amount = 31000000000)],
      ['deposit_data_root', (e) => (e.deposit_data_root = other.deposit_data_root)],
      ['deposit_message_root', (e) => (e.deposit_message_root = other.deposit_message_root)],
      ['fork_version', (e) => (e.fork_version = '01017000')],
      ['fork_version', (e) => Object.assign(e, { network_name: 'hoodi' })],
      ['signature', (e) => Object.assign(e, { signature: other.signature, deposit_data_root: undefined })],
      ['pubkey', (e) => (e.pubkey = 'abc')],
      ['amount', (e) => (e.amount = '32000000000')],
      ['withdrawal_credentials', (e) => (e.withdrawal_credentials = `03${(e.withdrawal_credentials as string).slice(2)}`)],
    ];
    for (const [field, tamper] of cases) {
      const e = JSON.parse(JSON.stringify(entries[0])) as Record<string, unknown>;
      tamper(e);
      const error = refusal(() => parseDepositDataFile([e], { network: 'mainnet', bls }));
      expect(error.code, field).toBe('INVALID_DEPOSIT');
      expect(error.message, field).toContain(`depositData[0].${field}`);
    }
    expect(refusal(() => parseDepositDataFile(entries, { network: 'holesky', bls })).message).toContain('holesky');
    for (const bad of ['[', '[]', 'null', 7]) expect(refusal(() => parseDepositDataFile(bad, { bls })).code).toBe('INVALID_DEPOSIT');
  });

  it('file names follow the staking deposit CLI', () => {
    expect(depositDataFileName(new Date(1_700_000_000_123))).toBe('deposit_data-1700000000.json');
  });

  it('property: any valid deposit survives JSON and back, and verifies only on its network', () => {
    const keys = [1n, 2n, 3n].map((k) => fromHex(k.toString(16).padStart(64, '0')));
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 32 }),
        fc.constantFrom<NetworkName>('mainnet', 'holesky', 'hoodi'),
        (sk, address, compounding, eth, network) => {
          const deposit = signDeposit(sk, { withdrawalCredentials: executionWithdrawalCredentials(address, { compounding }), amount: eth * GWEI_PER_ETH }, { network, bls });
          const [back] = parseDepositDataFile(JSON.stringify([depositDataToJson(deposit, { network })]), { network, bls });
          expect(back!.deposit).toEqual(deposit);
          const elsewhere = (['mainnet', 'holesky', 'hoodi'] as const).filter((n) => n !== network);
          for (const n of elsewhere) expect(verifyDeposit(deposit, { network: n, bls })).toBe(false);
        }
      ),
      { numRuns: 15 }
    );
  });
});
