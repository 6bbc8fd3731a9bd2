/**
 * Deterministic inputs for the benchmarks, as bytes: keys, signatures, signature sets, t-of-n
 * clusters and random signer subsets. Made with dvt-bls on the native backend (the fastest way to
 * make them) from a seeded generator, so every run measures the same bytes; every library then
 * starts from these bytes.
 * @module
 */
import { seededRandomBytes } from '../test/helpers/rng';
import { oursBlst } from './peers/ours';
import type { Cluster, SetBytes } from './peers/types';

/** One seeded stream per kind of fixture, so a fixture does not depend on which were made before. */
const stream = (name: string) => seededRandomBytes(`dvt-bls bench v1 ${name}`);
const keyRng = stream('keys');
const setRng = stream('sets');
const api = () => oursBlst().api;

/** The message every aggregation and threshold case signs (a 32-byte signing root). */
export const MESSAGE = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

const keys: { secretKey: Uint8Array; publicKey: Uint8Array; signature: Uint8Array }[] = [];

/** The first `count` key pairs, each with its signature of {@link MESSAGE}. */
export function keyPairs(count: number): typeof keys {
  while (keys.length < count) {
    const secretKey = api().generateSecretKey({ randomBytes: keyRng });
    keys.push({ secretKey, publicKey: api().getPublicKey(secretKey), signature: api().sign(secretKey, MESSAGE) });
  }
  return keys.slice(0, count);
}

const sets: SetBytes[] = [];

/** `count` independent signature sets: distinct keys, distinct 32-byte messages. */
export function signatureSets(count: number): SetBytes[] {
  while (sets.length < count) {
    const secretKey = api().generateSecretKey({ randomBytes: setRng });
    const message = setRng(32);
    sets.push({ publicKey: api().getPublicKey(secretKey), message, signature: api().sign(secretKey, message) });
  }
  return sets.slice(0, count);
}

const clusters = new Map<string, Cluster>();

/** A t-of-n cluster with ids 1..n. */
export function cluster(threshold: number, n: number): Cluster {
  const key = `${threshold}/${n}`;
  let c = clusters.get(key);
  if (c === undefined) {
    const rng = stream(`cluster ${key}`);
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const secretKey = api().generateSecretKey({ randomBytes: rng });
    const { shares, commitments } = api().splitSecret(secretKey, { threshold, ids, randomBytes: rng });
    const publicKeyShares = ids.map((id) => ({ id, publicKey: api().getPublicKeyShare(commitments, id) }));
    c = { threshold, ids, secretKey, shares, commitments, publicKeyShares, groupPublicKey: commitments[0] as Uint8Array };
    clusters.set(key, c);
  }
  return c;
}

/** Partial signatures of `message` by every share of a cluster, in id order. */
export function partialsOf(c: Cluster, message: Uint8Array = MESSAGE): { id: number; signature: Uint8Array }[] {
  return c.shares.map((s) => api().partialSign(s, message));
}

/** `count` distinct random t-subsets of indices [0, n), sorted (all of them when there are fewer). */
export function randomSubsets(n: number, t: number, count: number): number[][] {
  const rng = stream(`subsets ${n} ${t}`);
  const subsets: number[][] = [];
  const seen = new Set<string>();
  let total = 1;
  for (let i = 0; i < t; i++) total = (total * (n - i)) / (i + 1);
  const want = Math.min(count, Math.round(total));
  while (subsets.length < want) {
    const pool = Array.from({ length: n }, (_, i) => i);
    const bytes = rng(n);
    for (let i = n - 1; i > 0; i--) {
      const j = (bytes[i] as number) % (i + 1);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    const subset = pool.slice(0, t).sort((a, b) => a - b);
    if (!seen.has(subset.join())) {
      seen.add(subset.join());
      subsets.push(subset);
    }
  }
  return subsets;
}

/** A function returning the items of `list` in turn, one per call (rotating through subsets). */
export function rotating<T>(list: readonly T[]): () => T {
  let i = 0;
  return () => list[i++ % list.length] as T;
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Throws unless `output` is bytes equal to `expected`. */
export function expectBytes(output: unknown, expected: Uint8Array, what: string): void {
  if (!(output instanceof Uint8Array) || hex(output) !== hex(expected)) {
    throw new Error(`${what}: wrong output ${output instanceof Uint8Array ? hex(output).slice(0, 24) + '…' : String(output)}`);
  }
}

/** Throws unless `output` is `true`. */
export function expectTrue(output: unknown, what: string): void {
  if (output !== true) throw new Error(`${what}: expected true, got ${String(output)}`);
}
