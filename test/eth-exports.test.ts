/**
 * The `dvt-bls/eth` entry: its exact export list (an addition or removal is a deliberate API
 * change), and that it stays browser-safe: no `node:` import anywhere in src/eth, and an esbuild
 * bundle for the browser platform resolves with no Node built-in.
 */
import { describe, expect, it } from 'vitest';
import * as eth from '../src/eth/index';
import { browserBundleInputs, codeWithoutComments, sourceDir } from './helpers/browser-safe';

const ETH_DIR = sourceDir('eth');

describe('dvt-bls/eth', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(eth).sort()).toEqual(
      [
        'CLUSTER_FILE_VERSION',
        'DEPOSIT_AMOUNT_LIMITS',
        'DvtBlsError',
        'GENESIS_FORK_VERSIONS',
        'GWEI_PER_ETH',
        'PBKDF2_DEFAULTS',
        'SCRYPT_DEFAULTS',
        'blsWithdrawalCredentials',
        'clusterShareIdOf',
        'clusterToJson',
        'combineDepositSignatures',
        'computeDepositDomain',
        'computeSigningRoot',
        'createCluster',
        'decryptKeystore',
        'decryptKeystoreAsync',
        'decryptShareKeystore',
        'decryptShareKeystoreAsync',
        'depositDataFileName',
        'depositDataRoot',
        'depositDataToJson',
        'depositMessageRoot',
        'depositSigningRoot',
        'deriveChildSecretKey',
        'deriveMasterSecretKey',
        'deriveSecretKeyFromPath',
        'encryptKeystore',
        'encryptKeystoreAsync',
        'encryptShareKeystore',
        'encryptShareKeystoreAsync',
        'executionWithdrawalCredentials',
        'genesisForkVersion',
        'keystorePasswordBytes',
        'parseCluster',
        'parseDepositDataFile',
        'parseDerivationPath',
        'parseKeystore',
        'signDeposit',
        'thresholdSignDeposit',
        'validatorSigningKeyPath',
        'validatorWithdrawalKeyPath',
        'verifyDeposit',
      ].sort()
    );
  });

  it('constants are frozen', () => {
    expect(Object.isFrozen(eth.GENESIS_FORK_VERSIONS)).toBe(true);
    expect(Object.isFrozen(eth.DEPOSIT_AMOUNT_LIMITS)).toBe(true);
  });

  it('imports no node: module (outside of doc comments, whose examples may)', () => {
    for (const { file, code: text } of codeWithoutComments(ETH_DIR)) {
      expect(text, file).not.toMatch(/from\s+['"]node:|require\(\s*['"]node:/);
      expect(text, file).not.toMatch(/\bBuffer\./);
    }
  });

  it('bundles for the browser platform with nothing external', async () => {
    const inputs = await browserBundleInputs(ETH_DIR);
    expect(inputs.some((i) => i.includes('src/eth/eip2335.ts'))).toBe(true);
    // Nothing Node-only reached the bundle (the blst loader and its node:module import).
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('load-blst') || i.includes('@chainsafe'))).toEqual([]);
  });
});
