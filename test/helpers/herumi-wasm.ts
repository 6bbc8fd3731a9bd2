/**
 * Typed access to herumi's `bls-eth-wasm` for cross-implementation tests.
 *
 * The package is CommonJS and fills its exports object only after `init()` (its `index.d.ts` also
 * omits `Id` and `setETHmode`), so it is loaded with `require` and described by the minimal
 * interface below rather than through its own typings.
 */
import { createRequire } from 'node:module';

export interface HerumiObject {
  serialize(): Uint8Array;
  deserialize(bytes: Uint8Array): void;
  serializeToHexStr(): string;
  isEqual(rhs: this): boolean;
}

export interface HerumiId extends HerumiObject {
  setInt(x: number): void;
  setStr(s: string, base?: 10 | 16): void;
  getStr(base?: 10 | 16): string;
}

export interface HerumiSecretKey extends HerumiObject {
  share(msk: HerumiSecretKey[], id: HerumiId): void;
  recover(secVec: HerumiSecretKey[], idVec: HerumiId[]): void;
  getPublicKey(): HerumiPublicKey;
  sign(message: Uint8Array): HerumiSignature;
}

export interface HerumiPublicKey extends HerumiObject {
  add(rhs: HerumiPublicKey): void;
  share(mpk: HerumiPublicKey[], id: HerumiId): void;
  recover(pubVec: HerumiPublicKey[], idVec: HerumiId[]): void;
  verify(signature: HerumiSignature, message: Uint8Array): boolean;
}

export interface HerumiSignature extends HerumiObject {
  recover(sigVec: HerumiSignature[], idVec: HerumiId[]): void;
  aggregate(sigVec: HerumiSignature[]): boolean;
  fastAggregateVerify(pubVec: HerumiPublicKey[], message: Uint8Array): boolean;
}

export interface Herumi {
  BLS12_381: number;
  ETH_MODE_DRAFT_07: number;
  ethMode: boolean;
  init(curve: number): Promise<void>;
  setETHmode(mode: number): void;
  getCurveOrder(): string;
  Id: new () => HerumiId;
  SecretKey: new () => HerumiSecretKey;
  PublicKey: new () => HerumiPublicKey;
  Signature: new () => HerumiSignature;
}

export const herumi = createRequire(import.meta.url)('bls-eth-wasm') as Herumi;

let ready: Promise<void> | undefined;

/**
 * Initializes herumi for BLS12-381 once per process. `init` already selects the Ethereum mode
 * (`setETHmode(ETH_MODE_DRAFT_07)`: hash-to-curve per the IRTF draft 07 / RFC 9380 with the POP
 * tag, compressed big-endian serialization); the sanity tests check that against our bytes.
 */
export function initHerumi(): Promise<void> {
  ready ??= herumi.init(herumi.BLS12_381);
  return ready;
}

/** herumi's Id for share id `id`: `Id.setInt(id)` (an int32) when it fits, else the decimal string. */
export function herumiId(id: number): HerumiId {
  const out = new herumi.Id();
  if (id <= 0x7fffffff) out.setInt(id);
  else out.setStr(String(id), 10);
  return out;
}

export function herumiSecretKey(bytes: Uint8Array): HerumiSecretKey {
  const sk = new herumi.SecretKey();
  sk.deserialize(bytes);
  return sk;
}

export function herumiPublicKey(bytes: Uint8Array): HerumiPublicKey {
  const pk = new herumi.PublicKey();
  pk.deserialize(bytes);
  return pk;
}

export function herumiSignature(bytes: Uint8Array): HerumiSignature {
  const sig = new herumi.Signature();
  sig.deserialize(bytes);
  return sig;
}
