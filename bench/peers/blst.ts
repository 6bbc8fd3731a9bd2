/**
 * Raw `@chainsafe/blst` 2.x (supranational blst through napi-rs), as its users call it: decoding
 * with validation on (`pkValidate` / `sigValidate`, so it checks what dvt-bls checks), then the
 * native operation, then serialization.
 *
 * blst-ts exposes no scalar multiplication of arbitrary points and no scalar field arithmetic, so
 * recombination, sharing and Feldman checks cannot be written with it alone: those operations are
 * missing here (dvt-bls builds them from blst's aggregation calls; see docs/blst-backend.md). Its
 * duty figure is the "native floor" reference: t signatures and one verification, no recombination.
 * @module
 */
import * as blst from '@chainsafe/blst';
import type { BenchLibrary } from './types';

const NO_SCALAR_MUL =
  'blst-ts exposes no scalar multiplication of arbitrary points and no scalar field arithmetic: no recombination or sharing can be written with it alone';

const pk = (bytes: Uint8Array): blst.PublicKey => blst.PublicKey.fromBytes(bytes, true);
const sig = (bytes: Uint8Array): blst.Signature => blst.Signature.fromBytes(bytes, true);

function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return blst.verify(message, pk(publicKey), sig(signature));
  } catch {
    return false;
  }
}

export const rawBlst: BenchLibrary = {
  id: 'blst',
  notes: {
    aggregateSignatures: '`aggregateSerializedSignatures(sigs, true)`: decode, group check and sum in one native call.',
    aggregatePublicKeys: '`aggregateSerializedPublicKeys(pks, true)`: decode, KeyValidate and sum in one native call.',
    fastAggregateVerify: 'keys decoded with `PublicKey.fromBytes(pk, true)`, then `fastAggregateVerify`.',
    verifyBatch: 'points decoded with validation, then `verifyMultipleAggregateSignatures` (blst draws its own 64-bit weights).',
  },
  missing: {
    combineSignatures: NO_SCALAR_MUL,
    combineVerified: NO_SCALAR_MUL,
    duty: NO_SCALAR_MUL,
    splitSecret: NO_SCALAR_MUL,
    recoverSecret: NO_SCALAR_MUL,
    verifyShare: NO_SCALAR_MUL,
  },
  aggregateSignatures: (signatures) => blst.aggregateSerializedSignatures(signatures, true).toBytes(),
  aggregatePublicKeys: (publicKeys) => blst.aggregateSerializedPublicKeys(publicKeys, true).toBytes(),
  verify,
  fastAggregateVerify(publicKeys, message, signature) {
    try {
      return blst.fastAggregateVerify(message, publicKeys.map(pk), sig(signature));
    } catch {
      return false;
    }
  },
  verifyBatch(sets) {
    try {
      return blst.verifyMultipleAggregateSignatures(sets.map((s) => ({ msg: s.message, pk: pk(s.publicKey), sig: sig(s.signature) })));
    } catch {
      return false;
    }
  },
  signer(share) {
    const secretKey = blst.SecretKey.fromBytes(share.secretKey);
    return (message) => secretKey.sign(message).toBytes();
  },
  verifyPartial: (publicKeyShare, message, partial) => verify(publicKeyShare, message, partial.signature),
};

/** Aggregation WITHOUT the subgroup checks (a reference: not safe on untrusted bytes). */
export const uncheckedBlst = {
  aggregateSignatures: (signatures: Uint8Array[]): Uint8Array => blst.aggregateSerializedSignatures(signatures, false).toBytes(),
  aggregatePublicKeys: (publicKeys: Uint8Array[]): Uint8Array => blst.aggregateSerializedPublicKeys(publicKeys, false).toBytes(),
};

/**
 * The native floor of a duty: t raw signatures and ONE raw verification under the group key, no
 * recombination (no library can do less for a threshold signature). A lower bound, not the same job.
 */
export function nativeFloor(shares: { secretKey: Uint8Array }[], groupPublicKey: Uint8Array): (message: Uint8Array) => boolean {
  const keys = shares.map((s) => blst.SecretKey.fromBytes(s.secretKey));
  const group = pk(groupPublicKey);
  return (message) => {
    const signatures = keys.map((k) => k.sign(message));
    // A partial does not verify under the group key: the pairing check costs the same either way.
    return blst.verify(message, group, signatures[0] as blst.Signature);
  };
}
