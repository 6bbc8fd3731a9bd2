/**
 * What lets a ceremony run over an untrusted relay: sealed deals and authenticated broadcasts,
 * both from each participant's long-term X25519 key pair.
 *
 * Every pair of participants S, R shares the static secret X25519(s_S, pub_R) (only they can
 * compute it); each participant computes it once per peer (`pairSecret`).
 *
 * A deal from S to R is sealed with
 *   key = HKDF-SHA256(ikm = X25519(e, R) ‖ X25519(s_S, R), salt = session,
 *                     info = label ‖ protocol ‖ S ‖ R ‖ E ‖ pub_S ‖ pub_R)
 * where e is a fresh ephemeral secret (E its public key), and ChaCha20-Poly1305 under that key
 * (zero nonce: the key is used once) with the carrying message's header as associated data. The
 * ephemeral term keeps deals confidential if the sender's static key leaks later; the static term
 * authenticates the sender; the salt and info bind the ciphertext to this session, these two ids
 * and this protocol.
 *
 * A broadcast from S carries one tag per recipient R: the first 16 bytes of
 *   HMAC-SHA256(K_SR, label ‖ S ‖ R ‖ SHA-256(broadcast without its tags)),
 *   K_SR = HKDF-SHA256(ikm = X25519(s_S, R), salt = session, info = label ‖ protocol ‖ lo ‖ hi ‖ pub_lo ‖ pub_hi)
 * (lo < hi the two ids). The relay can then drop a broadcast, but it cannot forge or alter one: in
 * particular it cannot forge the complaints that make a dealer publish a share.
 * @module
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { drawRandomBytes, redactSecret, uint64BE, wipe, type RandomBytes } from '../bytes';
import { DvtBlsError } from '../errors';
import type { DkgProtocol } from './messages';

const LABEL = new TextEncoder().encode('dvt-bls/dkg/deal/v1');
const MAC_KEY_LABEL = new TextEncoder().encode('dvt-bls/dkg/broadcast-key/v1');
const TAG_LABEL = new TextEncoder().encode('dvt-bls/dkg/broadcast-tag/v1');

/**
 * A participant's long-term X25519 key pair for receiving (and authenticating) deals.
 * @example
 * ```ts
 * import { generateEncryptionKeyPair, type DkgPeer, type EncryptionKeyPair } from 'dvt-bls';
 * const pair: EncryptionKeyPair = generateEncryptionKeyPair();
 * const peer: DkgPeer = { id: 1, encryptionKey: pair.publicKey };
 * ```
 */
export interface EncryptionKeyPair {
  /** 32-byte X25519 secret key (prints as `<redacted>`). */
  secretKey: Uint8Array;
  /** 32-byte X25519 public key: publish it with the participant's id. */
  publicKey: Uint8Array;
}

/**
 * A fresh X25519 key pair for deal encryption.
 * @param randomBytes - Injected randomness (default: the platform CSPRNG).
 * @returns The key pair.
 * @example
 * ```ts
 * import { generateEncryptionKeyPair } from 'dvt-bls';
 * const { secretKey, publicKey } = generateEncryptionKeyPair();
 * // Publish publicKey with the participant's id (DkgPeer.encryptionKey); keep secretKey
 * // (DkgConfig.encryptionSecretKey). It prints redacted:
 * JSON.stringify({ secretKey }); // '{"secretKey":"<redacted>"}'
 * ```
 */
export function generateEncryptionKeyPair(randomBytes?: RandomBytes): EncryptionKeyPair {
  const secretKey = randomBytes ? drawRandomBytes(randomBytes, 32).slice() : x25519.utils.randomSecretKey();
  return { secretKey: redactSecret(secretKey), publicKey: x25519.getPublicKey(secretKey) };
}

/** X25519(own secret, peer's public key): the secret two participants share (keep it private). */
export function pairSecret(ownSecretKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  return x25519.getSharedSecret(ownSecretKey, peerPublicKey);
}

/** The broadcast MAC key two participants share (the same on both sides). */
export function broadcastKey(
  secret: Uint8Array,
  protocol: DkgProtocol,
  session: Uint8Array,
  a: { id: number; publicKey: Uint8Array },
  b: { id: number; publicKey: Uint8Array }
): Uint8Array {
  const [lo, hi] = a.id < b.id ? [a, b] : [b, a];
  const info = concatBytes(MAC_KEY_LABEL, new TextEncoder().encode(protocol), uint64BE(lo.id), uint64BE(hi.id), lo.publicKey, hi.publicKey);
  return hkdf(sha256, secret, session, info, 32);
}

/** The 16-byte tag of a broadcast (its digest without tags) from `sender` for `recipient`. */
export function broadcastTag(key: Uint8Array, sender: number, recipient: number, digest: Uint8Array): Uint8Array {
  return hmac(sha256, key, concatBytes(TAG_LABEL, uint64BE(sender), uint64BE(recipient), digest)).slice(0, 16);
}

/** Who seals to whom, in which session. */
export interface SealContext {
  protocol: DkgProtocol;
  session: Uint8Array;
  senderId: number;
  senderPublicKey: Uint8Array;
  recipientId: number;
  recipientPublicKey: Uint8Array;
  /** The message header bytes, authenticated as associated data. */
  header: Uint8Array;
}

function dealKey(ctx: SealContext, ephemeralShared: Uint8Array, staticShared: Uint8Array, ephemeralPublic: Uint8Array): Uint8Array {
  const ikm = concatBytes(ephemeralShared, staticShared);
  const info = concatBytes(
    LABEL,
    new TextEncoder().encode(ctx.protocol),
    uint64BE(ctx.senderId),
    uint64BE(ctx.recipientId),
    ephemeralPublic,
    ctx.senderPublicKey,
    ctx.recipientPublicKey
  );
  const key = hkdf(sha256, ikm, ctx.session, info, 32);
  wipe(ikm);
  return key;
}

/**
 * Seals `plaintext` from the sender to the recipient; `staticShared` is their {@link pairSecret}.
 */
export function sealDeal(
  plaintext: Uint8Array,
  staticShared: Uint8Array,
  ctx: SealContext,
  randomBytes: RandomBytes
): { ephemeralKey: Uint8Array; ciphertext: Uint8Array } {
  const ephemeralSecret = drawRandomBytes(randomBytes, 32);
  const ephemeralKey = x25519.getPublicKey(ephemeralSecret);
  const ephemeralShared = x25519.getSharedSecret(ephemeralSecret, ctx.recipientPublicKey);
  const key = dealKey(ctx, ephemeralShared, staticShared, ephemeralKey);
  const ciphertext = chacha20poly1305(key, new Uint8Array(12), ctx.header).encrypt(plaintext);
  [ephemeralSecret, ephemeralShared, key].forEach(wipe);
  return { ephemeralKey, ciphertext };
}

/**
 * Opens a sealed deal with the recipient's static secret and the pair's {@link pairSecret};
 * `DECRYPTION_FAILED` if it does not open.
 */
export function openDeal(
  ephemeralKey: Uint8Array,
  ciphertext: Uint8Array,
  recipientSecretKey: Uint8Array,
  staticShared: Uint8Array,
  ctx: SealContext
): Uint8Array {
  let ephemeralShared: Uint8Array | undefined;
  let key: Uint8Array | undefined;
  try {
    ephemeralShared = x25519.getSharedSecret(recipientSecretKey, ephemeralKey);
    key = dealKey(ctx, ephemeralShared, staticShared, ephemeralKey);
    return chacha20poly1305(key, new Uint8Array(12), ctx.header).decrypt(ciphertext);
  } catch {
    throw new DvtBlsError('DECRYPTION_FAILED', `deal from ${ctx.senderId}: does not open (wrong key, tampered, or another session)`, [ctx.senderId]);
  } finally {
    [ephemeralShared, key].forEach((b) => b && wipe(b));
  }
}
