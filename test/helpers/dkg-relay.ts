/**
 * An untrusted message relay for DKG ceremonies over HTTP on loopback (node:http), as a
 * coordinator would run one: it routes canonical-JSON messages (`encodeMessageJson`) from each
 * node to their recipients and closes each round when every node still connected has sent its
 * messages for it, or at a deadline. It reads only `recipient` to route (deals are sealed: it
 * cannot read them), and it is told nothing about the protocol.
 *
 * Endpoints (ids are participant ids, r the round = step index):
 * - `GET /presence/:id`: held open by the node for its whole life; when the connection drops (the
 *   process exits or is killed) the node is gone, and no round waits for it any more.
 * - `POST /round/:r/:id`: the node's messages for round r, a JSON array of message texts (empty
 *   when it has nothing to send: that still says "done with round r"). 409 once r is closed.
 * - `GET /round/:r/:id`: waits until round r closes, then answers a JSON array of the texts of
 *   round r addressed to the node (broadcasts from the others, private messages to it).
 *
 * Round 0 does not close before every node has connected once (or `startDeadlineMs` passed);
 * every round closes at the latest `roundDeadlineMs` after it opened (the phase deadline: a
 * message that misses it is lost, as the protocol expects).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RelayOptions {
  ids: readonly number[];
  /** Deadline of each round once open (ms). */
  roundDeadlineMs?: number;
  /** How long round 0 waits for every node to connect (ms). */
  startDeadlineMs?: number;
  /** Called when a node posts its messages for a round (before the round may close). */
  onPost?: (round: number, id: number) => void;
  /** Called when a node connects (`present`) or its presence connection drops. */
  onPresence?: (id: number, present: boolean) => void;
}

interface Round {
  openedAt: number;
  posted: Map<number, string[]>;
  closed: boolean;
  waiting: { id: number; res: ServerResponse }[];
  timer?: NodeJS.Timeout;
}

export interface Relay {
  url: string;
  /** Every message text relayed, with its round: what an eavesdropping relay learns. */
  log: { round: number; from: number; text: string }[];
  /** Rounds closed by the deadline rather than by every connected node having posted. */
  deadlineClosures: number[];
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const ids = new Set(options.ids);
  const roundDeadlineMs = options.roundDeadlineMs ?? 5_000;
  const startDeadlineMs = options.startDeadlineMs ?? 30_000;
  const startedAt = Date.now();
  const everConnected = new Set<number>();
  const present = new Set<number>();
  const rounds: Round[] = [];
  const log: Relay['log'] = [];
  const deadlineClosures: number[] = [];
  const openSockets = new Set<ServerResponse>();

  const roundAt = (r: number): Round => {
    while (rounds.length <= r) {
      const previous = rounds[rounds.length - 1];
      // A round opens when the previous one closed; later rounds are opened ahead, lazily.
      const round: Round = { openedAt: previous?.closed === false ? Number.POSITIVE_INFINITY : Date.now(), posted: new Map(), closed: false, waiting: [] };
      rounds.push(round);
      arm(rounds.length - 1);
    }
    return rounds[r] as Round;
  };

  function arm(r: number): void {
    const round = rounds[r] as Round;
    if (round.closed || !Number.isFinite(round.openedAt)) return;
    clearTimeout(round.timer);
    const startWait = r === 0 ? Math.max(0, startedAt + startDeadlineMs - Date.now()) : 0;
    const due = Math.max(round.openedAt + roundDeadlineMs - Date.now(), startWait);
    round.timer = setTimeout(() => close(r, true), due);
  }

  function maybeClose(r: number): void {
    const round = rounds[r];
    if (round === undefined || round.closed || !Number.isFinite(round.openedAt)) return;
    if (r === 0 && everConnected.size < ids.size && Date.now() < startedAt + startDeadlineMs) return;
    for (const id of ids) if (!round.posted.has(id) && present.has(id)) return;
    close(r, false);
  }

  function close(r: number, byDeadline: boolean): void {
    const round = rounds[r] as Round;
    if (round.closed) return;
    round.closed = true;
    clearTimeout(round.timer);
    if (byDeadline) deadlineClosures.push(r);
    for (const { id, res } of round.waiting) answer(res, 200, deliveries(r, id));
    round.waiting = [];
    const next = rounds[r + 1];
    if (next !== undefined) {
      next.openedAt = Date.now();
      arm(r + 1);
      maybeClose(r + 1);
    }
  }

  function deliveries(r: number, id: number): string[] {
    const out: string[] = [];
    for (const [from, texts] of (rounds[r] as Round).posted) {
      if (from === id) continue;
      for (const text of texts) {
        let recipient: unknown;
        try {
          recipient = (JSON.parse(text) as { recipient?: unknown }).recipient;
        } catch {
          continue; // not JSON: not routable
        }
        if (recipient === undefined || recipient === id) out.push(text);
      }
    }
    return out;
  }

  function answer(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 4_000_000) throw new Error('body too large');
    }
    return body;
  }

  const server: Server = createServer((req, res) => {
    const parts = (req.url ?? '').split('/').filter(Boolean);
    const id = Number(parts[parts.length - 1]);
    if (!ids.has(id)) return answer(res, 404, { error: 'unknown id' });
    if (req.method === 'GET' && parts[0] === 'presence' && parts.length === 2) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('present\n');
      openSockets.add(res);
      everConnected.add(id);
      present.add(id);
      options.onPresence?.(id, true);
      req.socket.on('close', () => {
        openSockets.delete(res);
        present.delete(id);
        options.onPresence?.(id, false);
        for (let r = 0; r < rounds.length; r++) maybeClose(r);
      });
      maybeClose(0);
      return;
    }
    const r = Number(parts[1]);
    if (parts[0] !== 'round' || parts.length !== 3 || !Number.isInteger(r) || r < 0 || r > 64) return answer(res, 404, { error: 'not found' });
    const round = roundAt(r);
    if (req.method === 'POST') {
      readBody(req)
        .then((body) => {
          if (round.closed) return answer(res, 409, { error: `round ${r} is closed` });
          const texts = JSON.parse(body) as unknown;
          if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) return answer(res, 400, { error: 'expected an array of strings' });
          if (round.posted.has(id)) return answer(res, 409, { error: `already posted round ${r}` });
          round.posted.set(id, texts as string[]);
          for (const text of texts as string[]) log.push({ round: r, from: id, text });
          options.onPost?.(r, id);
          answer(res, 200, { ok: true });
          maybeClose(r);
        })
        .catch((e: unknown) => answer(res, 400, { error: String(e) }));
      return;
    }
    if (req.method === 'GET') {
      if (round.closed) return answer(res, 200, deliveries(r, id));
      round.waiting.push({ id, res });
      return;
    }
    answer(res, 405, { error: 'method not allowed' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    deadlineClosures,
    close: async () => {
      for (const round of rounds) clearTimeout(round.timer);
      for (const res of openSockets) res.destroy();
      for (const round of rounds) for (const { res } of round.waiting) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
