/**
 * herumi's `bls-eth-wasm` (mcl compiled to WebAssembly: the herumi build JavaScript users get), in
 * Ethereum mode, as its users call it: `deserialize` (which checks the subgroup: herumi's
 * verify-order flag is on by default, and the suite's sanity check confirms it rejects a point
 * outside G1), the operation, `serialize`.
 *
 * herumi has threshold recombination (`Signature.recover`, `SecretKey.recover`), polynomial
 * sharing (`SecretKey.share`, `PublicKey.share`) and randomized batch verification
 * (`multiVerify`, 32-byte messages only), so every section has a real equivalent. It has no
 * aggregate call for public keys (`PublicKey.add` in a loop).
 * @module
 */
import {
  herumi,
  herumiId,
  herumiPublicKey,
  herumiSecretKey,
  herumiSignature,
  initHerumi,
  type HerumiPublicKey,
  type HerumiSecretKey,
  type HerumiSignature,
} from '../../test/helpers/herumi-wasm';
import type { BenchLibrary, PartialBytes } from './types';

/** Members bls-eth-wasm has that the typed test helper does not describe. */
interface HerumiExtras {
  multiVerify(publicKeys: HerumiPublicKey[], signatures: HerumiSignature[], messages: Uint8Array[]): boolean;
}

/** Signatures per `Signature.aggregate` call (its input goes on the WebAssembly stack). */
const AGGREGATE_CHUNK = 1024;

function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return herumiPublicKey(publicKey).verify(herumiSignature(signature), message);
  } catch {
    return false;
  }
}

function recover(partials: PartialBytes[]): HerumiSignature {
  const signature = new herumi.Signature();
  signature.recover(
    partials.map((p) => herumiSignature(p.signature)),
    partials.map((p) => herumiId(p.id))
  );
  return signature;
}

function randomSecretKey(): HerumiSecretKey {
  const sk = new herumi.SecretKey() as HerumiSecretKey & { setByCSPRNG(): void };
  sk.setByCSPRNG();
  return sk;
}

/** Loads the WebAssembly module (once per thread) and returns the adapter. */
export async function loadHerumi(): Promise<BenchLibrary & { verifyingEach(cluster: Parameters<NonNullable<BenchLibrary['combiner']>>[0]): ReturnType<NonNullable<BenchLibrary['combiner']>> }> {
  await initHerumi();
  const extras = herumi as unknown as HerumiExtras;
  return {
    id: 'herumi',
    notes: {
      aggregateSignatures: '`Signature.aggregate`, in chunks of 1,024 beyond that (its input goes on the WebAssembly stack, which overflows past about 3,600 signatures), the chunk sums added.',
      aggregatePublicKeys: 'no aggregate call for public keys: `PublicKey.add` in a loop.',
      verifyBatch: '`multiVerify` (randomized batch check; 32-byte messages only, as here).',
      combineSignatures: '`Signature.recover` on the deserialized partials.',
      combineVerified: '`Signature.recover`, then `verify` under the group key (loaded once).',
      duty: 't `sign` + `serialize` (the partials travel as bytes), `deserialize`, `recover`, one `verify`.',
      splitSecret: 'random `SecretKey` coefficients, `SecretKey.share` per id, `getPublicKey` per coefficient.',
      recoverSecret: '`SecretKey.recover`.',
      verifyShare: '`PublicKey.share(commitments, id)` against the share\'s `getPublicKey()`.',
    },
    missing: {},
    aggregateSignatures(signatures) {
      // `aggregate` copies its input onto the WebAssembly stack, which overflows past about 3,600
      // signatures ("stackAlloc: bad size"): larger lists go in chunks, whose sums are added.
      // (aggregate's JS wrapper may report false even when it aggregated: the result is checked.)
      let total: HerumiSignature | undefined;
      for (let i = 0; i < signatures.length; i += AGGREGATE_CHUNK) {
        const part = new herumi.Signature();
        part.aggregate(signatures.slice(i, i + AGGREGATE_CHUNK).map(herumiSignature));
        if (total === undefined) total = part;
        else (total as HerumiSignature & { add(rhs: HerumiSignature): void }).add(part);
      }
      return (total as HerumiSignature).serialize();
    },
    aggregatePublicKeys(publicKeys) {
      const aggregate = herumiPublicKey(publicKeys[0] as Uint8Array);
      for (let i = 1; i < publicKeys.length; i++) aggregate.add(herumiPublicKey(publicKeys[i] as Uint8Array));
      return aggregate.serialize();
    },
    verify,
    fastAggregateVerify(publicKeys, message, signature) {
      try {
        return herumiSignature(signature).fastAggregateVerify(publicKeys.map(herumiPublicKey), message);
      } catch {
        return false;
      }
    },
    verifyBatch(sets) {
      try {
        return extras.multiVerify(
          sets.map((s) => herumiPublicKey(s.publicKey)),
          sets.map((s) => herumiSignature(s.signature)),
          sets.map((s) => s.message)
        );
      } catch {
        return false;
      }
    },
    signer(share) {
      const secretKey = herumiSecretKey(share.secretKey);
      return (message) => secretKey.sign(message).serialize();
    },
    verifyPartial: (publicKeyShare, message, partial) => verify(publicKeyShare, message, partial.signature),
    combineSignatures: (partials) => recover(partials).serialize(),
    combiner(cluster) {
      const group = herumiPublicKey(cluster.groupPublicKey);
      return (message, partials) => {
        const signature = recover(partials);
        if (!group.verify(signature, message)) throw new Error('herumi: the recovered signature does not verify');
        return signature.serialize();
      };
    },
    /** The stricter aggregator (as SSV does): verify every partial, then recover and verify. */
    verifyingEach(cluster) {
      const group = herumiPublicKey(cluster.groupPublicKey);
      const shareKeys = new Map(cluster.publicKeyShares.map((s) => [s.id, herumiPublicKey(s.publicKey)]));
      return (message, partials) => {
        const signatures = partials.map((p) => herumiSignature(p.signature));
        signatures.forEach((s, i) => {
          if (!shareKeys.get((partials[i] as PartialBytes).id)?.verify(s, message)) throw new Error('herumi: a partial does not verify');
        });
        const signature = new herumi.Signature();
        signature.recover(
          signatures,
          partials.map((p) => herumiId(p.id))
        );
        if (!group.verify(signature, message)) throw new Error('herumi: the recovered signature does not verify');
        return signature.serialize();
      };
    },
    splitSecret(secretKey, threshold, ids) {
      const msk = [herumiSecretKey(secretKey)];
      for (let k = 1; k < threshold; k++) msk.push(randomSecretKey());
      const shares = ids.map((id) => {
        const share = new herumi.SecretKey();
        share.share(msk, herumiId(id));
        return { id, secretKey: share.serialize() };
      });
      return { shares, commitments: msk.map((k) => k.getPublicKey().serialize()) };
    },
    recoverSecret(shares) {
      const secretKey = new herumi.SecretKey();
      secretKey.recover(
        shares.map((s) => herumiSecretKey(s.secretKey)),
        shares.map((s) => herumiId(s.id))
      );
      return secretKey.serialize();
    },
    verifyShare(share, commitments) {
      try {
        const expected = new herumi.PublicKey();
        expected.share(commitments.map(herumiPublicKey), herumiId(share.id));
        return expected.isEqual(herumiSecretKey(share.secretKey).getPublicKey());
      } catch {
        return false;
      }
    },
  };
}
