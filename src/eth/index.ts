/**
 * `dvt-bls/eth`: the Ethereum formats around a threshold-shared validator key.
 *
 * - EIP-2333 key derivation from a seed, with EIP-2334 paths.
 * - EIP-2335 keystores (scrypt or PBKDF2, AES-128-CTR), for full keys and for shares.
 * - The cluster file: group key, threshold, ids, Feldman commitments, public key shares, hash.
 * - Deposit data: SSZ roots, the deposit domain, signing with a key or with t shares, and the
 *   `deposit_data-*.json` files of the staking deposit CLI and the launchpad.
 *
 * Bytes in, bytes out, as in the core API; every refusal is a `DvtBlsError` with a stable code.
 * Functions that do curve work take `bls` in their options (any {@link DvtBls}, such as the Node
 * root `import * as bls from 'dvt-bls'`, which runs on blst when it loads) and default to the
 * portable noble backend. Nothing here imports a `node:` module: it runs in browsers.
 * @module
 */
export type { DvtBls } from '../api/dvt-bls';
export { DvtBlsError, type ErrorCode } from '../errors';
export {
  deriveChildSecretKey,
  deriveMasterSecretKey,
  deriveSecretKeyFromPath,
  parseDerivationPath,
  validatorSigningKeyPath,
  validatorWithdrawalKeyPath,
} from './eip2333';
export {
  PBKDF2_DEFAULTS,
  SCRYPT_DEFAULTS,
  decryptKeystore,
  decryptKeystoreAsync,
  encryptKeystore,
  encryptKeystoreAsync,
  keystorePasswordBytes,
  parseKeystore,
  type DecryptKeystoreOptions,
  type EncryptKeystoreOptions,
  type KdfOptions,
  type Keystore,
  type KeystoreKdfModule,
  type ProgressCallback,
} from './eip2335';
export {
  CLUSTER_FILE_VERSION,
  clusterShareIdOf,
  clusterToJson,
  createCluster,
  decryptShareKeystore,
  decryptShareKeystoreAsync,
  encryptShareKeystore,
  encryptShareKeystoreAsync,
  parseCluster,
  type Cluster,
  type ClusterFile,
  type ClusterInput,
  type ClusterOptions,
} from './cluster';
export {
  DEPOSIT_AMOUNT_LIMITS,
  GENESIS_FORK_VERSIONS,
  GWEI_PER_ETH,
  blsWithdrawalCredentials,
  combineDepositSignatures,
  computeDepositDomain,
  computeSigningRoot,
  depositDataFileName,
  depositDataRoot,
  depositDataToJson,
  depositMessageRoot,
  depositSigningRoot,
  executionWithdrawalCredentials,
  genesisForkVersion,
  parseDepositDataFile,
  signDeposit,
  thresholdSignDeposit,
  verifyDeposit,
  type CustomNetwork,
  type DepositData,
  type DepositDataJson,
  type DepositMessage,
  type DepositOptions,
  type NetworkName,
  type ParsedDeposit,
  type ThresholdDepositResult,
} from './deposit';
