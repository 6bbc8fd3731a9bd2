/**
 * Sealing private deals so a ceremony can run over an untrusted relay.
 *
 * Each participant has a long-term X25519 key pair. A deal from S to R is sealed with
 *   key = HKDF-SHA256(ikm = X25519(e, R) ‖ X25519(s_S, R), salt = session,
 *                     info = label ‖ protocol ‖ S ‖ R ‖ E ‖ pub_S ‖ pub_R)
 * where e is a fresh ephemeral secret (E its public key) and s_S the sender's static secret, and
 * ChaCha20-Poly1305 under that key (zero nonce: the key is used once) with the message header as
 * associated data. The ephemeral term keeps deals confidential if the sender's static key leaks
 * later; the static-static term authenticates the sender (only S or R can compute it); the salt
 * and info bind the ciphertext to this session, these two ids and this protocol.
 * @module
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { drawRandomBytes, redactSecret, uint64BE, wipe, type RandomBytes } from '../bytes';
import { DvtBlsError } from '../errors';
import type { DkgProtocol } from './messages';

const LABEL = new TextEncoder().encode('dvt-bls/dkg/deal/v1');

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

/** Seals `plaintext` from the sender (static secret `senderSecretKey`) to the recipient. */
export function sealDeal(
  plaintext: Uint8Array,
  senderSecretKey: Uint8Array,
  ctx: SealContext,
  randomBytes: RandomBytes
): { ephemeralKey: Uint8Array; ciphertext: Uint8Array } {
  const ephemeralSecret = drawRandomBytes(randomBytes, 32);
  const ephemeralKey = x25519.getPublicKey(ephemeralSecret);
  const ephemeralShared = x25519.getSharedSecret(ephemeralSecret, ctx.recipientPublicKey);
  const staticShared = x25519.getSharedSecret(senderSecretKey, ctx.recipientPublicKey);
  const key = dealKey(ctx, ephemeralShared, staticShared, ephemeralKey);
  const ciphertext = chacha20poly1305(key, new Uint8Array(12), ctx.header).encrypt(plaintext);
  [ephemeralSecret, ephemeralShared, staticShared, key].forEach(wipe);
  return { ephemeralKey, ciphertext };
}

/** Opens a sealed deal with the recipient's static secret; `DECRYPTION_FAILED` if it does not. */
export function openDeal(
  ephemeralKey: Uint8Array,
  ciphertext: Uint8Array,
  recipientSecretKey: Uint8Array,
  ctx: SealContext
): Uint8Array {
  let ephemeralShared: Uint8Array | undefined;
  let staticShared: Uint8Array | undefined;
  let key: Uint8Array | undefined;
  try {
    ephemeralShared = x25519.getSharedSecret(recipientSecretKey, ephemeralKey);
    staticShared = x25519.getSharedSecret(recipientSecretKey, ctx.senderPublicKey);
    key = dealKey(ctx, ephemeralShared, staticShared, ephemeralKey);
    return chacha20poly1305(key, new Uint8Array(12), ctx.header).decrypt(ciphertext);
  } catch {
    throw new DvtBlsError('DECRYPTION_FAILED', `deal from ${ctx.senderId}: does not open (wrong key, tampered, or another session)`, [ctx.senderId]);
  } finally {
    [ephemeralShared, staticShared, key].forEach((b) => b && wipe(b));
  }
}
