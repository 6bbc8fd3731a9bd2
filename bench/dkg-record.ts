/**
 * Recording a whole DKG ceremony so that one participant can be replayed alone (see
 * sections/dkg.ts): every configuration is deterministic (seeded session, encryption keys and
 * per-participant randomness), so a participant rebuilt from {@link ceremonySetup} with its seed
 * and fed the recorded messages redoes exactly the recorded work.
 *
 * The recording is plain data (structured-cloneable), so the ceremonies can be recorded on the
 * worker pool, several at once.
 * @module
 */
import { generateEncryptionKeyPair, runCeremony, type DkgConfig, type DkgMessage, type DkgResult } from '../src/index';
import { seededRandomBytes } from '../test/helpers/rng';
import { hex } from './fixtures';
import { oursBlst } from './peers/ours';

export type Protocol = 'joint-feldman' | 'pedersen';

export interface CeremonyKey {
  protocol: Protocol;
  n: number;
  sealed: boolean;
}

export interface CeremonySetup {
  threshold: number;
  ids: number[];
  /** The configuration of participant `self`, drawing its randomness from `randomBytes`. */
  config(self: number, randomBytes: ReturnType<typeof seededRandomBytes>): DkgConfig & { protocol: Protocol };
  /** The seed of participant `self`'s randomness. */
  seed(self: number): string;
}

/** The deterministic configuration of a ceremony: t = ceil(2n/3), ids 1..n. */
export function ceremonySetup({ protocol, n, sealed }: CeremonyKey): CeremonySetup {
  const threshold = Math.ceil((2 * n) / 3);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const tag = `dvt-bls bench v1 dkg ${protocol} ${n} ${sealed ? 'sealed' : 'plain'}`;
  const session = seededRandomBytes(`${tag} session`)(32);
  const keys = ids.map((id) => generateEncryptionKeyPair(seededRandomBytes(`${tag} x25519 ${id}`)));
  const participants = ids.map((id, i) => ({ id, ...(sealed ? { encryptionKey: (keys[i] as { publicKey: Uint8Array }).publicKey } : {}) }));
  return {
    threshold,
    ids,
    config: (self, randomBytes) => ({
      protocol,
      self,
      participants,
      threshold,
      session,
      randomBytes,
      ...(sealed ? { encryptionSecretKey: (keys[self - 1] as { secretKey: Uint8Array }).secretKey } : {}),
    }),
    seed: (self) => `${tag} participant ${self}`,
  };
}

export interface Recording {
  key: CeremonyKey;
  /** The participant recorded for replay (the middle id) and the messages it got in each round. */
  k: number;
  inboxes: DkgMessage[][];
  expected: DkgResult;
  /** Each participant's compute in the ceremony (all its `advance` calls), in ms, ascending. */
  perParticipantMs: number[];
  /** The whole ceremony, delivery included, in ms. */
  wallMs: number;
}

/** Runs the whole ceremony on the native backend, timing every participant, recording the middle one. */
export function recordCeremony(key: CeremonyKey): Recording {
  const setup = ceremonySetup(key);
  const k = setup.ids[Math.floor(key.n / 2)] as number;
  const api = oursBlst().api;
  const spent = new Map<number, number>(setup.ids.map((id) => [id, 0]));
  const inboxes: DkgMessage[][] = [];
  const participants = setup.ids.map((id) => {
    const p = api.createDkgParticipant(setup.config(id, seededRandomBytes(setup.seed(id))));
    const inner = p.advance.bind(p);
    p.advance = (messages) => {
      if (id === k) inboxes.push([...messages]);
      const start = performance.now();
      try {
        return inner(messages);
      } finally {
        spent.set(id, (spent.get(id) as number) + performance.now() - start);
      }
    };
    return p;
  });
  const start = performance.now();
  const outcomes = runCeremony(participants);
  const wallMs = performance.now() - start;
  const results = [...outcomes.values()];
  const failed = results.find((r) => r instanceof Error);
  const what = `dkg ${key.protocol} n=${key.n}${key.sealed ? ' sealed' : ''}`;
  if (failed) throw new Error(`${what}: the recorded ceremony failed: ${(failed as Error).message}`);
  if (new Set(results.map((r) => hex((r as DkgResult).groupPublicKey))).size !== 1) throw new Error(`${what}: participants disagree on the group key`);
  return {
    key,
    k,
    inboxes,
    expected: outcomes.get(k) as DkgResult,
    perParticipantMs: [...spent.values()].sort((a, b) => a - b),
    wallMs,
  };
}
