/**
 * One DKG participant as its own OS process, talking to the relay of dkg-relay.ts over HTTP on
 * loopback: `node --import tsx test/helpers/dkg-node.ts`, with its configuration as JSON on
 * stdin (never on the command line: it holds the X25519 secret key).
 *
 * It holds a presence connection open for its whole life, then for each round: runs the step due
 * (`advance`) on what the relay delivered, posts what it sends (canonical JSON texts), and waits
 * for the round to close. Received texts are decoded strictly; what does not decode is dropped.
 * It ends by printing ONE line of JSON to stdout: its result (public parts only) and a partial
 * signature of `signMessage` with its new share, or its error (code, culprits, message). The secret
 * share never leaves the process.
 */
import { request } from 'node:http';
import { createDkgParticipant, decodeMessageJson, encodeMessageJson, partialSign, DvtBlsError, backend } from '../../src/node';
import type { DkgMessage, DkgResult } from '../../src/node';

export interface NodeConfig {
  relay: string;
  protocol: 'joint-feldman' | 'pedersen';
  self: number;
  threshold: number;
  /** Hex session id. */
  session: string;
  /** Every participant with its X25519 public key (hex). */
  participants: { id: number; encryptionKey: string }[];
  /** This node's X25519 secret key (hex). */
  encryptionSecretKey: string;
  /** Hex message to partially sign with the new share. */
  signMessage: string;
  /** Give up waiting for a round after this long (ms). */
  roundTimeoutMs: number;
}

/** What the node prints last. */
export type NodeOutcome =
  | {
      id: number;
      ok: true;
      backend: string;
      groupPublicKey: string;
      qualified: number[];
      disqualified: { id: number; reason: string }[];
      commitments: string[];
      publicKeyShares: { id: number; publicKey: string }[];
      transcriptHash: string;
      partial: { id: number; signature: string };
      rejected: { sender: number; type: string; reason: string }[];
      rounds: number;
    }
  | { id: number; ok: false; code: string; culprits: number[]; message: string; rounds: number };

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/** Opens the presence connection; resolves once the relay has acknowledged it. */
function holdPresence(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.once('data', () => resolve());
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

async function post(url: string, texts: string[]): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(texts), headers: { 'content-type': 'application/json' } });
  // 409: the round closed before we posted (we were too slow): our messages are lost, as the
  // protocol expects of a message that misses its phase deadline.
  if (!res.ok && res.status !== 409) throw new Error(`relay: POST ${url}: ${res.status} ${await res.text()}`);
}

async function waitRound(url: string, timeoutMs: number): Promise<string[]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch((e: unknown) => {
    throw new Error(`relay: ${url} did not close within ${timeoutMs} ms (${String(e)})`);
  });
  if (!res.ok) throw new Error(`relay: GET ${url}: ${res.status}`);
  return (await res.json()) as string[];
}

async function main(): Promise<void> {
  const config = JSON.parse(await readStdin()) as NodeConfig;
  const id = config.self;
  await holdPresence(`${config.relay}/presence/${id}`);
  const participant = createDkgParticipant({
    protocol: config.protocol,
    self: id,
    threshold: config.threshold,
    session: fromHex(config.session),
    participants: config.participants.map((p) => ({ id: p.id, encryptionKey: fromHex(p.encryptionKey) })),
    encryptionSecretKey: fromHex(config.encryptionSecretKey),
  });
  let inbox: DkgMessage[] = [];
  let outcome: NodeOutcome | undefined;
  for (let round = 0; outcome === undefined; round++) {
    let sent: DkgMessage[] = [];
    try {
      const step = participant.advance(inbox);
      sent = step.messages;
      if (step.result !== undefined) outcome = success(step.result, round);
    } catch (e) {
      if (!(e instanceof DvtBlsError)) throw e;
      outcome = { id, ok: false, code: e.code, culprits: [...e.culprits], message: e.message, rounds: round };
    }
    if (outcome !== undefined) break;
    await post(`${config.relay}/round/${round}/${id}`, sent.map(encodeMessageJson));
    const texts = await waitRound(`${config.relay}/round/${round}/${id}`, config.roundTimeoutMs);
    inbox = [];
    for (const text of texts) {
      try {
        inbox.push(decodeMessageJson(text));
      } catch {
        // Not a well-formed message: dropped (the participant would refuse it anyway).
      }
    }
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);

  function success(result: DkgResult, rounds: number): NodeOutcome {
    const partial = partialSign(result.share, fromHex(config.signMessage));
    return {
      id,
      ok: true,
      backend,
      groupPublicKey: toHex(result.groupPublicKey),
      qualified: result.qualified,
      disqualified: result.disqualified,
      commitments: result.commitments.map(toHex),
      publicKeyShares: result.publicKeyShares.map((p) => ({ id: p.id, publicKey: toHex(p.publicKey) })),
      transcriptHash: toHex(result.transcriptHash),
      partial: { id: partial.id, signature: toHex(partial.signature) },
      rejected: participant.rejected.map((r) => ({ ...r })),
      rounds,
    };
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stdout.write(`${JSON.stringify({ id: -1, ok: false, code: 'NODE_ERROR', culprits: [], message, rounds: -1 })}\n`);
    process.exit(1);
  }
);
