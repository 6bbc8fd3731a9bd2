/**
 * The few SSZ hash tree roots that deposits need (consensus specs, `ssz/simple-serialize.md`
 * "Merkleization"), written out for their fixed shapes instead of a general SSZ library:
 *
 * - `DepositMessage` (pubkey: Bytes48, withdrawal_credentials: Bytes32, amount: uint64)
 * - `DepositData` (the same plus signature: Bytes96)
 * - `ForkData` (current_version: Bytes4, genesis_validators_root: Root)
 * - `SigningData` (object_root: Root, domain: Domain)
 *
 * A container's root is the Merkle root of its fields' roots, padded with zero chunks to a power of
 * two; a byte vector longer than 32 bytes is split into 32-byte chunks (the last one zero-padded)
 * and merkleized the same way; a uint64 is its 8 little-endian bytes padded to a chunk.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';

const CHUNK = 32;
const ZERO_CHUNK = new Uint8Array(CHUNK);

/** sha256(a || b): one Merkle tree node. */
function node(a: Uint8Array, b: Uint8Array): Uint8Array {
  const buf = new Uint8Array(2 * CHUNK);
  buf.set(a);
  buf.set(b, CHUNK);
  return sha256(buf);
}

/** `bytes` (at most 32) right-padded with zeros to one chunk. */
function pad(bytes: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(CHUNK);
  chunk.set(bytes);
  return chunk;
}

/** Merkle root of chunks, padded with zero chunks to the next power of two (at least one leaf). */
function merkleize(chunks: readonly Uint8Array[]): Uint8Array {
  let width = 1;
  while (width < chunks.length) width *= 2;
  let layer = Array.from({ length: width }, (_, i) => chunks[i] ?? ZERO_CHUNK);
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(node(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
    layer = next;
  }
  return layer[0] as Uint8Array;
}

/** hash_tree_root of a fixed-length byte vector (`BytesN`): chunked, padded, merkleized. */
export function bytesVectorRoot(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= CHUNK) return pad(bytes);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(pad(bytes.subarray(i, i + CHUNK)));
  return merkleize(chunks);
}

/** hash_tree_root of a uint64: little-endian bytes in one chunk. */
export function uint64Root(value: number): Uint8Array {
  const chunk = new Uint8Array(CHUNK);
  new DataView(chunk.buffer).setBigUint64(0, BigInt(value), true);
  return chunk;
}

/** hash_tree_root(DepositMessage). Lengths are the caller's to check (48, 32). */
export function depositMessageHashTreeRoot(pubkey: Uint8Array, withdrawalCredentials: Uint8Array, amount: number): Uint8Array {
  return merkleize([bytesVectorRoot(pubkey), bytesVectorRoot(withdrawalCredentials), uint64Root(amount)]);
}

/** hash_tree_root(DepositData): the deposit contract recomputes this and compares it with its `deposit_data_root` argument. */
export function depositDataHashTreeRoot(
  pubkey: Uint8Array,
  withdrawalCredentials: Uint8Array,
  amount: number,
  signature: Uint8Array
): Uint8Array {
  return merkleize([
    bytesVectorRoot(pubkey),
    bytesVectorRoot(withdrawalCredentials),
    uint64Root(amount),
    bytesVectorRoot(signature),
  ]);
}

/** hash_tree_root(ForkData) (phase0 `compute_fork_data_root`). */
export function forkDataHashTreeRoot(currentVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  return merkleize([bytesVectorRoot(currentVersion), bytesVectorRoot(genesisValidatorsRoot)]);
}

/** hash_tree_root(SigningData) (phase0 `compute_signing_root`). */
export function signingDataHashTreeRoot(objectRoot: Uint8Array, domain: Uint8Array): Uint8Array {
  return merkleize([objectRoot, domain]);
}
