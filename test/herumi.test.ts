/**
 * Cross-implementation tests against herumi's `bls-eth-wasm` (the BLS library behind charon's and
 * SSV's threshold code): sharing, recovery, partial signing and recombination must agree byte for
 * byte, with share id i evaluated at x = i on both sides (herumi `Id.setInt(i)`).
 *
 * Everything random comes from `seededRandomBytes`, so a failure reproduces exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DvtBls, PartialSignature, SecretKeyShare, SplitResult } from '../src/index';
import { backends } from './helpers/backends';
import { hex, seededRandomBytes } from './helpers/rng';
import {
  herumi,
  herumiId,
  herumiPublicKey,
  herumiSecretKey,
  herumiSignature,
  initHerumi,
  type HerumiSecretKey,
} from './helpers/herumi-wasm';

beforeAll(initHerumi);

interface Config {
  t: number;
  ids: number[];
  label: string;
}

const config = (t: number, ids: number[], note = ''): Config => ({
  t,
  ids,
  label: `${t}-of-${ids.length}${note ? ` ${note}` : ''} (ids ${ids.join(', ')})`,
});

const CONFIGS: Config[] = [
  config(1, [1]),
  config(2, [1, 2, 3]),
  config(3, [1, 2, 3, 4]),
  config(7, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  config(3, [3, 17, 42, 1000, 65535], 'non-contiguous'),
  config(2, [1, 5]),
  // Beyond herumi's int32 setInt: herumi gets the same integer as a decimal string.
  config(2, [2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 40 + 7], 'ids beyond 2^31'),
];

/** A deterministic shuffle (Fisher-Yates driven by seeded bytes). */
function shuffled<T>(items: readonly T[], seed: string): T[] {
  const rnd = seededRandomBytes(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const bytes = rnd(4);
    const j = (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Up to three distinct t-subsets of the ids (given as index lists): first t, last t, shuffled t. */
function subsets(cfg: Config): number[][] {
  const indices = cfg.ids.map((_, i) => i);
  const candidates = [
    indices.slice(0, cfg.t),
    indices.slice(indices.length - cfg.t),
    shuffled(indices, `subset ${cfg.label}`).slice(0, cfg.t),
  ];
  const seen = new Set<string>();
  return candidates.filter((s) => {
    const key = [...s].sort((a, b) => a - b).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const pick = <T>(items: readonly T[], indices: readonly number[]): T[] => indices.map((i) => items[i]!);

/** herumi's master secret key vector msk (t random keys), its shares and master public keys. */
interface HerumiSharing {
  msk: HerumiSecretKey[];
  shares: HerumiSecretKey[];
  /** msk[k]·G1, which are Feldman commitments in our terms. */
  mpk: Uint8Array[];
}

function herumiSharing(api: DvtBls, cfg: Config, seed: string): HerumiSharing {
  const randomBytes = seededRandomBytes(seed);
  const msk = Array.from({ length: cfg.t }, () => herumiSecretKey(api.generateSecretKey({ randomBytes })));
  const shares = cfg.ids.map((id) => {
    const sk = new herumi.SecretKey();
    sk.share(msk, herumiId(id));
    return sk;
  });
  return { msk, shares, mpk: msk.map((k) => k.getPublicKey().serialize()) };
}

describe.each(backends)('herumi bls-eth-wasm cross-checks ($name backend)', ({ api }) => {
  describe('plain BLS (sanity: same ciphersuite, same encodings)', () => {
    const randomBytes = seededRandomBytes('herumi plain');
    const keys = Array.from({ length: 4 }, () => api.generateSecretKey({ randomBytes }));
    const messages = [new Uint8Array(0), new Uint8Array([0x61]), randomBytes(32), randomBytes(100)];

    it('herumi is initialized in Ethereum mode on the same curve order', () => {
      expect(herumi.ethMode).toBe(true);
      expect(BigInt(herumi.getCurveOrder())).toBe(
        0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n
      );
    });

    it('Ethereum mode DRAFT_07 is already the default: setting it explicitly changes no bytes', () => {
      const sk = herumiSecretKey(keys[0]!);
      const before = sk.sign(messages[2]!).serializeToHexStr();
      herumi.setETHmode(herumi.ETH_MODE_DRAFT_07);
      expect(sk.sign(messages[2]!).serializeToHexStr()).toBe(before);
      expect(before).toBe(hex(api.sign(keys[0]!, messages[2]!)));
    });

    it('secret keys serialize identically (32 bytes, big-endian)', () => {
      for (const sk of keys) expect(hex(herumiSecretKey(sk).serialize())).toBe(hex(sk));
    });

    it('getPublicKey, sign and verify agree byte for byte with herumi', () => {
      for (const sk of keys) {
        const hsk = herumiSecretKey(sk);
        const pk = api.getPublicKey(sk);
        expect(hex(pk)).toBe(hex(hsk.getPublicKey().serialize()));
        for (const message of messages) {
          const ours = api.sign(sk, message);
          const theirs = hsk.sign(message).serialize();
          expect(hex(ours)).toBe(hex(theirs));
          // Each side verifies the other's bytes, and both reject a different message.
          expect(api.verify(pk, message, theirs)).toBe(true);
          expect(hsk.getPublicKey().verify(herumiSignature(ours), message)).toBe(true);
          const other = Uint8Array.from([...message, 0]);
          expect(api.verify(pk, other, theirs)).toBe(false);
          expect(herumiPublicKey(pk).verify(herumiSignature(ours), other)).toBe(false);
        }
      }
    });

    it('aggregateSignatures and aggregatePublicKeys agree with herumi', () => {
      const message = messages[2]!;
      const sigs = keys.map((sk) => api.sign(sk, message));
      const ours = api.aggregateSignatures(sigs);
      const agg = new herumi.Signature();
      // (herumi's JS wrapper reports `false` from aggregate even when it aggregated: the C function
      // it wraps returns nothing. The bytes are what count.)
      agg.aggregate(sigs.map(herumiSignature));
      expect(hex(ours)).toBe(hex(agg.serialize()));

      const pks = keys.map((sk) => api.getPublicKey(sk));
      const sum = herumiPublicKey(pks[0]!);
      for (const pk of pks.slice(1)) sum.add(herumiPublicKey(pk));
      expect(hex(api.aggregatePublicKeys(pks))).toBe(hex(sum.serialize()));

      expect(api.fastAggregateVerify(pks, message, agg.serialize())).toBe(true);
      expect(herumiSignature(ours).fastAggregateVerify(pks.map(herumiPublicKey), message)).toBe(true);
      expect(api.verify(api.aggregatePublicKeys(pks), message, agg.serialize())).toBe(true);
    });

    it('aggregating distinct messages matches herumi too', () => {
      const sigs = keys.map((sk, i) => api.sign(sk, messages[i]!));
      const agg = new herumi.Signature();
      agg.aggregate(sigs.map(herumiSignature));
      expect(hex(api.aggregateSignatures(sigs))).toBe(hex(agg.serialize()));
      expect(api.aggregateVerify(keys.map(api.getPublicKey), messages, agg.serialize())).toBe(true);
    });
  });

  describe.each(CONFIGS)('threshold $label', (cfg) => {
    const seed = `herumi ${cfg.label}`;
    const message = seededRandomBytes(`${seed} message`)(32);
    const picks = subsets(cfg);

    // Our sharing of our secret, and herumi's sharing of its msk, both deterministic (made after
    // the top-level beforeAll has initialized herumi).
    const secret = api.generateSecretKey({ randomBytes: seededRandomBytes(`${seed} secret`) });
    let ourSplit: SplitResult;
    let theirs: HerumiSharing;
    beforeAll(() => {
      ourSplit = api.splitSecret(secret, {
        threshold: cfg.t,
        ids: cfg.ids,
        randomBytes: seededRandomBytes(`${seed} polynomial`),
      });
      theirs = herumiSharing(api, cfg, `${seed} msk`);
    });
    const theirShares = (): SecretKeyShare[] =>
      theirs.shares.map((sk, i) => ({ id: cfg.ids[i]!, secretKey: sk.serialize() }));

    it('(a) shares made by herumi SecretKey.share recover with recoverSecret to msk[0]', () => {
      const shares = theirShares();
      for (const indices of picks) {
        const recovered = api.recoverSecret(pick(shares, indices));
        expect(hex(recovered)).toBe(hex(theirs.msk[0]!.serialize()));
        // herumi agrees with itself on the same subset.
        const check = new herumi.SecretKey();
        check.recover(pick(theirs.shares, indices), pick(cfg.ids, indices).map(herumiId));
        expect(hex(check.serialize())).toBe(hex(recovered));
      }
      // herumi's msk public keys are Feldman commitments in our sense.
      for (const share of shares) expect(api.verifyShare(share, theirs.mpk)).toBe(true);
    });

    it('(b) our splitSecret shares recover with herumi SecretKey.recover to our secret', () => {
      expect(hex(ourSplit.commitments[0]!)).toBe(hex(herumiSecretKey(secret).getPublicKey().serialize()));
      for (const indices of picks) {
        const chosen = pick(ourSplit.shares, indices);
        const recovered = new herumi.SecretKey();
        recovered.recover(
          chosen.map((s) => herumiSecretKey(s.secretKey)),
          chosen.map((s) => herumiId(s.id))
        );
        expect(hex(recovered.serialize())).toBe(hex(secret));
      }
    });

    it('(c) partialSign is byte-identical to herumi signing with the share key', () => {
      for (const share of [...ourSplit.shares, ...theirShares()]) {
        const partial = api.partialSign(share, message);
        expect(partial.id).toBe(share.id);
        expect(hex(partial.signature)).toBe(hex(herumiSecretKey(share.secretKey).sign(message).serialize()));
      }
    });

    it('(d) combineSignatures equals herumi Signature.recover, in both directions', () => {
      // Our partials, combined by us and by herumi.
      const ourPartials: PartialSignature[] = ourSplit.shares.map((s) => api.partialSign(s, message));
      const groupSignature = api.sign(secret, message);
      // herumi's partials (its own sign with its own shares), combined by herumi and by us.
      const theirPartials: PartialSignature[] = theirs.shares.map((sk, i) => ({
        id: cfg.ids[i]!,
        signature: sk.sign(message).serialize(),
      }));
      const theirGroupSignature = theirs.msk[0]!.sign(message).serialize();

      for (const indices of picks) {
        const ours = pick(ourPartials, indices);
        const combinedByUs = api.combineSignatures(ours);
        const combinedByHerumi = new herumi.Signature();
        combinedByHerumi.recover(
          ours.map((p) => herumiSignature(p.signature)),
          ours.map((p) => herumiId(p.id))
        );
        expect(hex(combinedByUs)).toBe(hex(combinedByHerumi.serialize()));
        expect(hex(combinedByUs)).toBe(hex(groupSignature));

        const theirsPicked = pick(theirPartials, indices);
        const theirsByUs = api.combineSignatures(theirsPicked);
        const theirsByHerumi = new herumi.Signature();
        theirsByHerumi.recover(
          theirsPicked.map((p) => herumiSignature(p.signature)),
          theirsPicked.map((p) => herumiId(p.id))
        );
        expect(hex(theirsByUs)).toBe(hex(theirsByHerumi.serialize()));
        expect(hex(theirsByUs)).toBe(hex(theirGroupSignature));
        expect(api.verify(theirs.mpk[0]!, message, theirsByUs)).toBe(true);
      }
    });

    it('(e) combinePublicKeys equals herumi PublicKey.recover', () => {
      const ourKeyShares = ourSplit.shares.map((s) => ({ id: s.id, publicKey: api.getPublicKey(s.secretKey) }));
      const theirKeyShares = theirs.shares.map((sk, i) => ({
        id: cfg.ids[i]!,
        publicKey: sk.getPublicKey().serialize(),
      }));
      for (const [keyShares, groupKey] of [
        [ourKeyShares, ourSplit.commitments[0]!],
        [theirKeyShares, theirs.mpk[0]!],
      ] as const) {
        for (const indices of picks) {
          const chosen = pick(keyShares, indices);
          const combined = api.combinePublicKeys(chosen);
          const recovered = new herumi.PublicKey();
          recovered.recover(
            chosen.map((s) => herumiPublicKey(s.publicKey)),
            chosen.map((s) => herumiId(s.id))
          );
          expect(hex(combined)).toBe(hex(recovered.serialize()));
          expect(hex(combined)).toBe(hex(groupKey));
        }
      }
    });

    it("(f) getPublicKeyShare(commitments, id) equals herumi's share public key", () => {
      cfg.ids.forEach((id, i) => {
        // Our commitments against herumi's public key of our share.
        const ours = api.getPublicKeyShare(ourSplit.commitments, id);
        expect(hex(ours)).toBe(hex(herumiSecretKey(ourSplit.shares[i]!.secretKey).getPublicKey().serialize()));
        // herumi's msk public keys as commitments, against herumi's share key and PublicKey.share.
        const fromMpk = api.getPublicKeyShare(theirs.mpk, id);
        expect(hex(fromMpk)).toBe(hex(theirs.shares[i]!.getPublicKey().serialize()));
        const shared = new herumi.PublicKey();
        shared.share(theirs.mpk.map(herumiPublicKey), herumiId(id));
        expect(hex(fromMpk)).toBe(hex(shared.serialize()));
      });
    });
  });
});
