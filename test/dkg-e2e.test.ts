/**
 * End to end: n = 5, t = 3 participants as separate OS processes (test/helpers/dkg-node.ts, run
 * with tsx's ESM loader), exchanging canonical-JSON messages through an untrusted HTTP relay on
 * 127.0.0.1 (test/helpers/dkg-relay.ts), deals sealed to X25519 keys. Rounds close when every
 * connected node has posted, or at the relay's deadline.
 *
 * - One node is killed (SIGKILL) right after it has sent its deals: the other four finish with
 *   identical results, the killed dealer stays qualified (its deals arrived), and three of the four
 *   survivors' partial signatures combine into a signature under the group key.
 * - Three of five are killed before dealing: the two left fail with DKG_FAILED naming them.
 *
 * Loopback only; every child is killed in afterAll; the file stays well under a minute.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DvtBls, EncryptionKeyPair } from '../src/index';
import { decodeMessageJson, generateEncryptionKeyPair, isPrivateMessage } from '../src/index';
import { backends } from './helpers/backends';
import type { NodeConfig, NodeOutcome } from './helpers/dkg-node';
import { startRelay, type Relay } from './helpers/dkg-relay';
import { fromHex, hex } from './helpers/rng';

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const NODE_SCRIPT = fileURLToPath(new URL('./helpers/dkg-node.ts', import.meta.url));
const blst = (backends.find((b) => b.name === 'blst') as { api: DvtBls }).api;
const IDS = [1, 2, 3, 4, 5];
const T = 3;
const MESSAGE = new TextEncoder().encode('dvt-bls e2e: sign me');

const children = new Set<ChildProcess>();
const relays = new Set<Relay>();

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const relay of relays) await relay.close();
});

interface Node {
  id: number;
  child: ChildProcess;
  /** Resolves with the node's last stdout line (parsed), or undefined if it died without one. */
  outcome: Promise<NodeOutcome | undefined>;
}

function spawnNode(config: NodeConfig): Node {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['NODE_OPTIONS', 'DVT_BLS_BACKEND'].includes(k)) env[k] = v;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, NODE_SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d));
  child.stderr?.on('data', (d: Buffer) => (stderr += d));
  child.stdin?.end(JSON.stringify(config));
  const outcome = new Promise<NodeOutcome | undefined>((resolve) => {
    child.on('exit', () => {
      children.delete(child);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (!last.startsWith('{')) {
        if (child.signalCode === null) console.error(`node ${config.self} exited without an outcome:\n${stderr}`);
        return resolve(undefined);
      }
      resolve(JSON.parse(last) as NodeOutcome);
    });
  });
  return { id: config.self, child, outcome };
}

/** Runs a ceremony of five processes through a fresh relay; `kill` decides whom to kill when. */
async function ceremony(
  protocol: 'joint-feldman' | 'pedersen',
  kill: { onPost?: (round: number, id: number) => number | undefined; onConnect?: (id: number) => boolean }
): Promise<{ relay: Relay; outcomes: Map<number, NodeOutcome | undefined>; killed: number[] }> {
  const keys = new Map<number, EncryptionKeyPair>(IDS.map((id) => [id, generateEncryptionKeyPair()]));
  const session = crypto.getRandomValues(new Uint8Array(32));
  const nodes = new Map<number, Node>();
  const killed: number[] = [];
  const killNode = (id: number): void => {
    const node = nodes.get(id);
    if (node && !killed.includes(id)) {
      killed.push(id);
      node.child.kill('SIGKILL');
    }
  };
  const relay = await startRelay({
    ids: IDS,
    roundDeadlineMs: 8_000,
    startDeadlineMs: 40_000,
    onPost: (round, id) => {
      const victim = kill.onPost?.(round, id);
      if (victim !== undefined) killNode(victim);
    },
    onPresence: (id, present) => {
      if (present && kill.onConnect?.(id)) killNode(id);
    },
  });
  relays.add(relay);
  for (const self of IDS) {
    nodes.set(
      self,
      spawnNode({
        relay: relay.url,
        protocol,
        self,
        threshold: T,
        session: hex(session),
        participants: IDS.map((id) => ({ id, encryptionKey: hex((keys.get(id) as EncryptionKeyPair).publicKey) })),
        encryptionSecretKey: hex((keys.get(self) as EncryptionKeyPair).secretKey),
        signMessage: hex(MESSAGE),
        roundTimeoutMs: 20_000,
      })
    );
  }
  const outcomes = new Map<number, NodeOutcome | undefined>();
  for (const [id, node] of nodes) outcomes.set(id, await node.outcome);
  await relay.close();
  relays.delete(relay);
  return { relay, outcomes, killed };
}

/**
 * The relay saw sealed deals only, inside tagged broadcasts: no deal in the clear, no message it
 * could alter or forge unnoticed.
 */
function expectRelayBlind(relay: Relay): void {
  const messages = relay.log.map((e) => decodeMessageJson(e.text));
  expect(messages.filter((m) => m.type === 'deal' || m.type === 'encrypted-deal')).toEqual([]);
  const deals = messages.filter((m) => m.type === 'deal-broadcast');
  expect(deals.length).toBeGreaterThan(0);
  for (const m of deals) expect(m.sealed?.length).toBe(IDS.length - 1);
  for (const m of messages) expect(isPrivateMessage(m) ? undefined : m.tags?.length).toBe(IDS.length - 1);
}

describe('DKG across OS processes through an HTTP relay (n = 5, t = 3, sealed deals)', () => {
  it.each(['joint-feldman', 'pedersen'] as const)(
    '%s: one node killed after sending its deals; the other four finish alike and three of them threshold-sign',
    async (protocol) => {
      const { relay, outcomes, killed } = await ceremony(protocol, { onPost: (round, id) => (round === 0 && id === 5 ? 5 : undefined) });
      expect(killed).toEqual([5]);
      expect(outcomes.get(5)).toBeUndefined(); // killed: no outcome
      const survivors = [1, 2, 3, 4].map((id) => outcomes.get(id));
      for (const o of survivors) {
        expect(o?.ok, JSON.stringify(o)).toBe(true);
      }
      const results = survivors as Extract<NodeOutcome, { ok: true }>[];
      // Identical results (all but the partial signature, which is each node's own).
      const common = (o: (typeof results)[number]): string => JSON.stringify({ ...o, id: 0, partial: 0, rejected: 0, rounds: 0 });
      expect(new Set(results.map(common)).size).toBe(1);
      const first = results[0] as (typeof results)[number];
      expect(first.backend).toBe('blst');
      // Its deals arrived and nobody complained: the killed dealer is still qualified.
      expect(first.qualified).toEqual(IDS);
      expect(first.disqualified).toEqual([]);
      // Pedersen: its Feldman reveal never came, so the survivors rebuilt the group commitments
      // from their summed blinding values, one broadcast each (its secret stays unknown).
      if (protocol === 'pedersen') {
        const reconstructions = relay.log.filter((e) => decodeMessageJson(e.text).type === 'reconstruction');
        expect(reconstructions.map((e) => e.from).sort()).toEqual([1, 2, 3, 4]);
      }
      // Its share is lost, but any 3 of the 4 survivors sign under the group key.
      const partials = results.map((o) => ({ id: o.partial.id, signature: fromHex(o.partial.signature) }));
      const groupKey = fromHex(first.groupPublicKey);
      for (const subset of [[0, 1, 2], [1, 2, 3], [0, 2, 3]]) {
        const signature = blst.combineSignatures(subset.map((i) => partials[i] as (typeof partials)[number]));
        expect(blst.verify(groupKey, MESSAGE, signature)).toBe(true);
      }
      for (const p of partials) {
        const pk = first.publicKeyShares.find((s) => s.id === p.id)?.publicKey as string;
        expect(blst.verifyPartial(fromHex(pk), MESSAGE, p)).toBe(true);
      }
      // Only the killed node was waited for at a deadline, and the relay never saw a deal in the clear.
      expect(relay.deadlineClosures).toEqual([]);
      expectRelayBlind(relay);
    },
    60_000
  );

  it('three of five killed before dealing: the two left fail with DKG_FAILED naming them', async () => {
    const { relay, outcomes, killed } = await ceremony('joint-feldman', { onConnect: (id) => id >= 3 });
    expect(killed.sort()).toEqual([3, 4, 5]);
    for (const id of [1, 2]) {
      const o = outcomes.get(id);
      expect(o?.ok, JSON.stringify(o)).toBe(false);
      const failure = o as Extract<NodeOutcome, { ok: false }>;
      expect(failure.code).toBe('DKG_FAILED');
      expect(failure.culprits).toEqual([3, 4, 5]);
      expect(failure.message).toMatch(/2 dealer\(s\) qualified, 3 needed/);
    }
    expect(relay.log.every((e) => e.from === 1 || e.from === 2)).toBe(true);
  }, 60_000);
});
