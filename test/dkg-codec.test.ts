/**
 * The DKG's edges: message codecs (round trips for every type, canonical JSON, strict refusals),
 * the phase machine (WRONG_PHASE for every step called out of order), configuration refusals,
 * sealed deals (they open for their recipient only, in their session only, from their sender only)
 * and redaction of secret state.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DkgConfig, DkgMessage, DkgMessageType, DvtBls } from '../src/index';
import {
  DKG_MESSAGE_VERSION,
  DvtBlsError,
  decodeMessageBinary,
  decodeMessageJson,
  encodeMessageBinary,
  encodeMessageJson,
  generateEncryptionKeyPair,
  isPrivateMessage,
} from '../src/index';
import { openDeal } from '../src/dkg/encryption';
import { backends } from './helpers/backends';
import { STEPS, makeCeremony, runNetwork, sealContextOf, type Ceremony, type DkgProtocol, type Participant } from './helpers/dkg-network';
import { hex, seededRandomBytes } from './helpers/rng';

const blst = (backends.find((b) => b.name === 'blst') as { api: DvtBls }).api;
const ALL_PROTOCOLS = ['joint-feldman', 'pedersen', 'reshare', 'refresh', 'repair'] as const;
const PROTOCOLS: DkgProtocol[] = ['joint-feldman', 'pedersen'];

/** The error code `run` throws (failing the test if it throws anything but a DvtBlsError, or nothing). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e.code;
    throw new Error(`expected a DvtBlsError, got ${String(e)}`);
  }
  throw new Error('expected a DvtBlsError, got no error');
}

/** The DvtBlsError `run` throws. */
function errorOf(run: () => unknown): DvtBlsError {
  try {
    run();
  } catch (e) {
    if (e instanceof DvtBlsError) return e;
    throw new Error(`expected a DvtBlsError, got ${String(e)}`);
  }
  throw new Error('expected a DvtBlsError, got no error');
}

// ---- Arbitrary messages ----------------------------------------------------------------------

const arbId = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const list = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(arb, { maxLength: 4 });
const complaint = fc.record({ dealer: arbId, share: bytes(32), blinding: bytes(32) }, { requiredKeys: ['dealer'] });
const revealed = fc.record({ id: arbId, share: bytes(32), blinding: bytes(32) }, { requiredKeys: ['id', 'share'] });

/** A random well-formed message of `type` (bytes are arbitrary: codecs check encodings, not curves). */
function arbMessage(type: DkgMessageType): fc.Arbitrary<DkgMessage> {
  const header = fc.record({ protocol: fc.constantFrom(...ALL_PROTOCOLS), session: bytes(32), sender: arbId });
  return header.chain(({ protocol, session, sender }) => {
    const h = { version: DKG_MESSAGE_VERSION, protocol, type, session, sender };
    const recipient = arbId.filter((r) => r !== sender);
    const payload: Record<DkgMessageType, fc.Arbitrary<object>> = {
      'deal-broadcast': fc.record({
        commitments: list(bytes(48)),
        ...(protocol === 'joint-feldman' ? { proof: fc.record({ commitment: bytes(48), response: bytes(32) }) } : {}),
      }),
      deal: fc.record({ recipient, share: bytes(32), blinding: bytes(32) }, { requiredKeys: ['recipient', 'share'] }),
      'encrypted-deal': fc.record({ recipient, ephemeralKey: bytes(32), ciphertext: fc.uint8Array({ maxLength: 1024 }) }),
      response: fc.record({ complaints: list(complaint) }),
      justification: fc.record({ shares: list(revealed) }),
      'feldman-reveal': fc.record({ commitments: list(bytes(48)) }),
      'reveal-complaint': fc.record({ complaints: list(complaint) }),
      reconstruction: fc.record({ shares: list(revealed) }),
      transcript: fc.record({ hash: bytes(32), digests: list(fc.record({ sender: arbId, digest: bytes(32) })) }),
    };
    return payload[type].map((p) => ({ ...h, ...p }) as DkgMessage);
  });
}

const TYPES: DkgMessageType[] = ['deal-broadcast', 'deal', 'encrypted-deal', 'response', 'justification', 'feldman-reveal', 'reveal-complaint', 'reconstruction', 'transcript'];
const arbAnyMessage = fc.constantFrom(...TYPES).chain(arbMessage);

describe('message codecs', () => {
  it.each(TYPES)('%s: JSON and binary round trips; JSON is canonical', (type) => {
    fc.assert(
      fc.property(arbMessage(type), (m) => {
        const text = encodeMessageJson(m);
        const fromJson = decodeMessageJson(text);
        expect(fromJson).toEqual(m);
        expect(encodeMessageJson(fromJson)).toBe(text); // canonical: encode(decode(x)) === x
        expect(decodeMessageJson(JSON.parse(text))).toEqual(m); // a parsed value works too
        const binary = encodeMessageBinary(m);
        const fromBinary = decodeMessageBinary(binary);
        expect(fromBinary).toEqual(m);
        expect(hex(encodeMessageBinary(fromBinary))).toBe(hex(binary));
        expect(encodeMessageJson(fromBinary)).toBe(text); // the two codecs carry the same message
        expect(isPrivateMessage(m)).toBe(type === 'deal' || type === 'encrypted-deal');
      }),
      { seed: 0xc0dec, numRuns: 60 }
    );
  });

  it('binary: every truncation, any trailing byte, and any flipped byte give MALFORMED_MESSAGE or another well-formed message', () => {
    fc.assert(
      fc.property(arbAnyMessage, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, at, xor) => {
        const b = encodeMessageBinary(m);
        for (let len = 0; len < b.length; len++) expect(codeOf(() => decodeMessageBinary(b.subarray(0, len)))).toBe('MALFORMED_MESSAGE');
        expect(codeOf(() => decodeMessageBinary(Uint8Array.of(...b, 0)))).toBe('MALFORMED_MESSAGE');
        const flipped = Uint8Array.from(b);
        flipped[at % b.length] = (flipped[at % b.length] as number) ^ xor;
        try {
          const other = decodeMessageBinary(flipped);
          expect(hex(encodeMessageBinary(other))).toBe(hex(flipped)); // decodes only to a message that encodes back
        } catch (e) {
          expect(e instanceof DvtBlsError && e.code).toBe('MALFORMED_MESSAGE');
        }
      }),
      { seed: 0xb1a5, numRuns: 150 }
    );
  });

  // Hand-made refusals, one per rule, on JSON text derived from well-formed messages.
  const session = '0x' + '11'.repeat(32);
  const scalarHex = '0x' + 'ab'.repeat(32);
  const pointHex = '0x' + '33'.repeat(48);
  const deal = { version: 1, protocol: 'pedersen', type: 'deal', session, sender: 1, recipient: 2, share: scalarHex, blinding: scalarHex };
  const response = { version: 1, protocol: 'joint-feldman', type: 'response', session, sender: 3, complaints: [{ dealer: 1, share: scalarHex }] };
  const jfDeal = { version: 1, protocol: 'joint-feldman', type: 'deal-broadcast', session, sender: 1, commitments: [pointHex], proof: { commitment: pointHex, response: scalarHex } };
  const transcript = { version: 1, protocol: 'pedersen', type: 'transcript', session, sender: 2, hash: scalarHex, digests: [{ sender: 1, digest: scalarHex }] };
  const without = <T extends object>(o: T, key: keyof T): object => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

  it('JSON: the well-formed bases decode (so each refusal below is for its one defect)', () => {
    for (const m of [deal, response, jfDeal, transcript]) expect(() => decodeMessageJson(JSON.stringify(m))).not.toThrow();
  });

  it.each([
    ['an unknown key', { ...deal, extra: 1 }],
    ['an unknown key in a complaint', { ...response, complaints: [{ dealer: 1, note: 'x' }] }],
    ['an unknown key in the proof', { ...jfDeal, proof: { ...jfDeal.proof, extra: scalarHex } }],
    ['an unknown key in a digest', { ...transcript, digests: [{ sender: 1, digest: scalarHex, at: 1 }] }],
    ['a missing key (share)', without(deal, 'share')],
    ['a missing key (session)', without(deal, 'session')],
    ['a missing key (complaints)', without(response, 'complaints')],
    ['a missing key in a complaint (dealer)', { ...response, complaints: [{ share: scalarHex }] }],
    ['uppercase hex', { ...deal, share: scalarHex.toUpperCase().replace('0X', '0x') }],
    ['hex without 0x', { ...deal, share: scalarHex.slice(2) }],
    ['odd-length hex', { ...deal, share: scalarHex + '0' }],
    ['a 31-byte session', { ...deal, session: '0x' + '11'.repeat(31) }],
    ['a 33-byte share', { ...deal, share: scalarHex + 'ab' }],
    ['a 47-byte commitment', { ...jfDeal, commitments: ['0x' + '33'.repeat(47)] }],
    ['bytes as an array', { ...deal, share: Array(32).fill(0) }],
    ['version 2', { ...deal, version: 2 }],
    ['version "1"', { ...deal, version: '1' }],
    ['an unknown protocol', { ...deal, protocol: 'frost' }],
    ['an unknown type', { ...deal, type: 'hello' }],
    ['a recipient on a broadcast', { ...response, recipient: 2 }],
    ['no recipient on a private message', without(deal, 'recipient')],
    ['recipient == sender', { ...deal, recipient: 1 }],
    ['a proof on a Pedersen deal broadcast', { ...jfDeal, protocol: 'pedersen' }],
    ['no proof on a Joint-Feldman deal broadcast', without(jfDeal, 'proof')],
    ['sender 0', { ...deal, sender: 0 }],
    ['sender 1.5', { ...deal, sender: 1.5 }],
    ['sender "1"', { ...deal, sender: '1' }],
    ['sender 2^53', { ...deal, sender: 2 ** 53 }],
    ['a list that is an object', { ...response, complaints: {} }],
    ['a ciphertext over 1024 bytes', { version: 1, protocol: 'pedersen', type: 'encrypted-deal', session, sender: 1, recipient: 2, ephemeralKey: scalarHex, ciphertext: '0x' + '00'.repeat(1025) }],
  ])('JSON refuses %s: MALFORMED_MESSAGE', (_, value) => {
    expect(codeOf(() => decodeMessageJson(JSON.stringify(value)))).toBe('MALFORMED_MESSAGE');
    expect(codeOf(() => decodeMessageJson(value))).toBe('MALFORMED_MESSAGE');
  });

  it.each([['not JSON', '{'], ['an array', '[]'], ['null', 'null'], ['a number', '1'], ['a string', '"deal"']])('JSON refuses %s', (_, text) => {
    expect(codeOf(() => decodeMessageJson(text))).toBe('MALFORMED_MESSAGE');
  });

  it('JSON accepts any key order and spacing, and re-encodes canonically', () => {
    const canonical = encodeMessageJson(decodeMessageJson(JSON.stringify(deal)));
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(deal).reverse()), null, 2);
    expect(encodeMessageJson(decodeMessageJson(reordered))).toBe(canonical);
  });

  it('binary refuses each malformed header and field: MALFORMED_MESSAGE', () => {
    const good = encodeMessageBinary(decodeMessageJson(JSON.stringify(deal)));
    const at = (i: number, v: number): Uint8Array => {
      const b = Uint8Array.from(good);
      b[i] = v;
      return b;
    };
    const idAt = (offset: number, id: bigint): Uint8Array => {
      const b = Uint8Array.from(good);
      new DataView(b.buffer).setBigUint64(offset, id);
      return b;
    };
    const cases: [string, Uint8Array][] = [
      ['version 0', at(0, 0)],
      ['version 2', at(0, 2)],
      ['protocol 0', at(1, 0)],
      ['protocol 6', at(1, 6)],
      ['type 0', at(2, 0)],
      ['type 10', at(2, 10)],
      ['sender 0', idAt(35, 0n)],
      ['sender 2^53', idAt(35, 2n ** 53n)],
      ['recipient == sender', idAt(43, 1n)],
      ['a presence byte of 2', at(3 + 32 + 16 + 32, 2)],
      ['trailing bytes', Uint8Array.of(...good, 0)],
      ['truncated', good.subarray(0, good.length - 1)],
      ['empty', new Uint8Array(0)],
    ];
    for (const [name, b] of cases) expect(codeOf(() => decodeMessageBinary(b)), name).toBe('MALFORMED_MESSAGE');
    expect(codeOf(() => decodeMessageBinary([1, 2, 3] as unknown as Uint8Array))).toBe('MALFORMED_MESSAGE');
    // Proof presence is checked per protocol: a Joint-Feldman deal broadcast retagged Pedersen.
    const jf = encodeMessageBinary(decodeMessageJson(jfDeal));
    expect(codeOf(() => decodeMessageBinary(Uint8Array.of(jf[0] as number, 2, ...jf.subarray(2))))).toBe('MALFORMED_MESSAGE');
  });

  it('the encoders refuse malformed objects with MALFORMED_MESSAGE (and never write bytes that do not decode)', () => {
    const m = decodeMessageJson(deal) as Extract<DkgMessage, { type: 'deal' }>;
    const r = decodeMessageJson(response);
    const bad: [string, unknown][] = [
      ['a missing share', { ...m, share: undefined }],
      ['a short share', { ...m, share: new Uint8Array(31) }],
      ['a share that is not bytes', { ...m, share: 'ab' }],
      ['an extra field', { ...m, note: 1 }],
      ['a recipient on a broadcast', { ...r, recipient: 2 }],
      ['a complaint without dealer', { ...r, complaints: [{}] }],
      ['recipient == sender', { ...m, recipient: 1 }],
      ['not an object', null],
    ];
    for (const [name, value] of bad) {
      expect(codeOf(() => encodeMessageJson(value as DkgMessage)), name).toBe('MALFORMED_MESSAGE');
      expect(codeOf(() => encodeMessageBinary(value as DkgMessage)), name).toBe('MALFORMED_MESSAGE');
    }
  });
});

// ---- Phases ------------------------------------------------------------------------------------

describe.each(PROTOCOLS)('%s: the phase machine', (protocol) => {
  const steps = STEPS[protocol];

  it('every step called out of order throws WRONG_PHASE and leaves the phase as it was; so does anything after the end', () => {
    const c = makeCeremony({ api: blst, protocol, n: 3, threshold: 2, seed: `phases/${protocol}` });
    const ps = [...c.participants.values()];
    const p1 = ps[0] as Participant;
    const call = (p: Participant, step: string): unknown => (p as unknown as Record<string, (m?: DkgMessage[]) => unknown>)[step]?.call(p, []);
    let inbox = new Map<number, DkgMessage[]>(ps.map((p) => [p.id, []]));
    for (const [i, due] of steps.entries()) {
      expect(p1.phase).toBe(due);
      for (const step of steps) {
        if (step === due) continue;
        expect(codeOf(() => call(p1, step)), `${step} in phase ${due}`).toBe('WRONG_PHASE');
        expect(p1.phase).toBe(due);
      }
      const sent: DkgMessage[] = [];
      for (const p of ps) sent.push(...p.advance(inbox.get(p.id) ?? []).messages);
      inbox = new Map(ps.map((p) => [p.id, sent.filter((m) => m.sender !== p.id && (!isPrivateMessage(m) || m.recipient === p.id))]));
      expect(p1.phase).toBe(steps[i + 1] ?? 'done');
    }
    for (const step of steps) expect(codeOf(() => call(p1, step)), `${step} after the end`).toBe('WRONG_PHASE');
    expect(codeOf(() => p1.advance([]))).toBe('WRONG_PHASE');
  });

  it('a failed ceremony stops the machine: every step then throws WRONG_PHASE', () => {
    // Everyone but 1 silent: 1 qualifies alone, below t = 2, and fails after comparing transcripts.
    const r = runNetwork({ api: blst, protocol, n: 3, threshold: 2, seed: `failed/${protocol}`, faults: [{ kind: 'drop', from: [2, 3] }] });
    const p1 = r.participants.get(1) as Participant;
    expect((r.outcomes.get(1) as DvtBlsError).code).toBe('DKG_FAILED');
    expect(p1.phase).toBe('done');
    for (const step of steps) expect(codeOf(() => (p1 as unknown as Record<string, (m: DkgMessage[]) => unknown>)[step]?.call(p1, []))).toBe('WRONG_PHASE');
  });

  it('steps refuse a non-array of messages (INVALID_ARGUMENT) before taking anything in', () => {
    const p = makeCeremony({ api: blst, protocol, n: 2, threshold: 1, seed: 'arg' }).participants.get(1) as Participant;
    p.advance([]);
    expect(codeOf(() => p.advance('messages' as unknown as DkgMessage[]))).toBe('INVALID_ARGUMENT');
  });
});

// ---- Configuration ---------------------------------------------------------------------------

describe('configuration refusals', () => {
  const session = new Uint8Array(32).fill(5);
  const peers = [{ id: 1 }, { id: 2 }, { id: 3 }];
  const good: DkgConfig = { protocol: 'pedersen', self: 1, participants: peers, threshold: 2, session };
  const keys = [1, 2, 3].map((id) => generateEncryptionKeyPair(seededRandomBytes(`cfg/${id}`)));
  const keyed = peers.map((p, i) => ({ ...p, encryptionKey: (keys[i] as { publicKey: Uint8Array }).publicKey }));

  it('the base configuration is accepted, with and without encryption keys', () => {
    for (const protocol of PROTOCOLS) {
      expect(() => blst.createDkgParticipant({ ...good, protocol })).not.toThrow();
      expect(() => blst.createDkgParticipant({ ...good, protocol, participants: keyed, encryptionSecretKey: keys[0]?.secretKey })).not.toThrow();
    }
  });

  it.each([
    ['id 0', { participants: [{ id: 0 }, ...peers] }, 'INVALID_ID'],
    ['id -1', { participants: [...peers, { id: -1 }] }, 'INVALID_ID'],
    ['id 1.5', { participants: [...peers, { id: 1.5 }] }, 'INVALID_ID'],
    ['id "4"', { participants: [...peers, { id: '4' }] }, 'INVALID_ID'],
    ['id 2^53', { participants: [...peers, { id: 2 ** 53 }] }, 'INVALID_ID'],
    ['a peer that is not an object', { participants: [...peers, 4] }, 'INVALID_ARGUMENT'],
    ['duplicate ids', { participants: [...peers, { id: 2 }] }, 'DUPLICATE_ID'],
    ['self not in the list', { self: 4 }, 'INVALID_ID'],
    ['no participants', { participants: [] }, 'EMPTY_INPUT'],
    ['participants not a list', { participants: 'all' }, 'EMPTY_INPUT'],
    ['threshold 0', { threshold: 0 }, 'INVALID_THRESHOLD'],
    ['threshold n + 1', { threshold: 4 }, 'INVALID_THRESHOLD'],
    ['threshold 1.5', { threshold: 1.5 }, 'INVALID_THRESHOLD'],
    ['threshold "2"', { threshold: '2' }, 'INVALID_THRESHOLD'],
    ['a 31-byte session', { session: new Uint8Array(31) }, 'INVALID_ARGUMENT'],
    ['a 33-byte session', { session: new Uint8Array(33) }, 'INVALID_ARGUMENT'],
    ['a session that is not bytes', { session: 'abc' }, 'INVALID_ARGUMENT'],
    ['randomBytes not a function', { randomBytes: 1 }, 'INVALID_ARGUMENT'],
    ['an unknown protocol', { protocol: 'frost' }, 'INVALID_ARGUMENT'],
    ['some peers with encryption keys, some without', { participants: [keyed[0], peers[1], peers[2]], encryptionSecretKey: keys[0]?.secretKey }, 'INVALID_ARGUMENT'],
    ['encryption keys but no secret key', { participants: keyed }, 'INVALID_ARGUMENT'],
    ['a secret key but no encryption keys', { encryptionSecretKey: keys[0]?.secretKey }, 'INVALID_ARGUMENT'],
    ['a 31-byte encryption key', { participants: [{ ...keyed[0], encryptionKey: new Uint8Array(31) }, keyed[1], keyed[2]], encryptionSecretKey: keys[0]?.secretKey }, 'INVALID_ARGUMENT'],
    ['a 31-byte encryption secret key', { participants: keyed, encryptionSecretKey: new Uint8Array(31) }, 'INVALID_ARGUMENT'],
    ["a secret key that is not this participant's (another's)", { participants: keyed, encryptionSecretKey: keys[1]?.secretKey }, 'INVALID_ARGUMENT'],
  ])('refuses %s', (_, change, code) => {
    for (const protocol of PROTOCOLS) {
      const config = { ...good, ...change } as unknown as DkgConfig;
      if (!('protocol' in change)) config.protocol = protocol;
      expect(codeOf(() => blst.createDkgParticipant(config))).toBe(code);
    }
  });

  it('refuses a configuration that is not an object', () => {
    expect(codeOf(() => blst.createDkgParticipant(null as unknown as DkgConfig))).toBe('INVALID_ARGUMENT');
  });
});

// ---- Sealed deals ----------------------------------------------------------------------------

describe.each(PROTOCOLS)('%s: sealed deals', (protocol) => {
  /** A sealed ceremony after the deal round: the participants and what they sent. */
  function dealt(seed: string): { c: Ceremony; sent: DkgMessage[] } {
    const c = makeCeremony({ api: blst, protocol, n: 4, threshold: 3, seed, encrypted: true });
    const sent = [...c.participants.values()].flatMap((p) => p.advance([]).messages);
    return { c, sent };
  }
  const sealedDeal = (sent: DkgMessage[], from: number, to: number): Extract<DkgMessage, { type: 'encrypted-deal' }> =>
    sent.find((m) => m.type === 'encrypted-deal' && m.sender === from && m.recipient === to) as Extract<DkgMessage, { type: 'encrypted-deal' }>;
  /** The complaints participant `id` makes in the response round given `messages`. */
  function complaintsOf(c: Ceremony, id: number, messages: DkgMessage[]): unknown[] {
    const out = (c.participants.get(id) as Participant).advance(messages).messages;
    return (out.find((m) => m.type === 'response') as Extract<DkgMessage, { type: 'response' }>).complaints;
  }
  const broadcasts = (sent: DkgMessage[], except: number): DkgMessage[] => sent.filter((m) => !isPrivateMessage(m) && m.sender !== except);
  const dealsTo = (sent: DkgMessage[], id: number): DkgMessage[] => sent.filter((m) => isPrivateMessage(m) && m.recipient === id);

  it('a sealed deal opens only for its recipient; the plaintext appears nowhere on the wire', () => {
    const { c, sent } = dealt('seal-open');
    const m = sealedDeal(sent, 1, 2);
    const plain = openDeal(m.ephemeralKey, m.ciphertext, (c.keys?.get(2) as { secretKey: Uint8Array }).secretKey, sealContextOf(c, 1, 2));
    expect(plain).toHaveLength(protocol === 'pedersen' ? 64 : 32);
    for (const other of [1, 3, 4]) {
      const e = errorOf(() => openDeal(m.ephemeralKey, m.ciphertext, (c.keys?.get(other) as { secretKey: Uint8Array }).secretKey, sealContextOf(c, 1, 2)));
      expect([e.code, e.culprits]).toEqual(['DECRYPTION_FAILED', [1]]);
    }
    const wire = sent.map(encodeMessageJson).join('');
    expect(wire).not.toContain(hex(plain.subarray(0, 32)));
    expect(sent.some((x) => x.type === 'deal')).toBe(false);
    // The honest path: all deals open, nobody complains.
    expect(complaintsOf(c, 2, [...broadcasts(sent, 2), ...dealsTo(sent, 2)])).toEqual([]);
  });

  it('re-addressed to another participant → it does not open for them → complaint', () => {
    const { c, sent } = dealt('seal-readdress');
    const stolen = { ...sealedDeal(sent, 1, 2), recipient: 3 };
    const to3 = dealsTo(sent, 3).filter((m) => m.sender !== 1);
    expect(complaintsOf(c, 3, [...broadcasts(sent, 3), ...to3, stolen])).toEqual([{ dealer: 1 }]);
    // With its own deal from 1 as well, the two differ: neither is trusted.
    const withOwn = dealt('seal-readdress');
    expect(complaintsOf(withOwn.c, 3, [...broadcasts(withOwn.sent, 3), ...dealsTo(withOwn.sent, 3), { ...sealedDeal(withOwn.sent, 1, 2), recipient: 3 }])).toEqual([{ dealer: 1 }]);
    expect((withOwn.c.participants.get(3) as Participant).rejected).toEqual([{ sender: 1, type: 'encrypted-deal', reason: 'conflicting private messages' }]);
  });

  it('replayed into another session (re-stamped with its id) → does not open → complaint; the original session is refused', () => {
    const a = dealt('seal-session-a');
    const b = dealt('seal-session-b');
    const fromA = sealedDeal(a.sent, 1, 2);
    // As sent: refused on intake as another session, so the deal is missing.
    const toB = dealsTo(b.sent, 2).filter((m) => m.sender !== 1);
    expect(complaintsOf(b.c, 2, [...broadcasts(b.sent, 2), ...toB, fromA])).toEqual([{ dealer: 1 }]);
    expect((b.c.participants.get(2) as Participant).rejected).toEqual([{ sender: 1, type: 'encrypted-deal', reason: 'another session' }]);
    // Re-stamped with session B's id: passes intake, does not open (the session is bound in).
    const c = dealt('seal-session-b');
    const restamped = { ...fromA, session: c.c.session };
    expect(complaintsOf(c.c, 2, [...broadcasts(c.sent, 2), ...dealsTo(c.sent, 2).filter((m) => m.sender !== 1), restamped])).toEqual([{ dealer: 1 }]);
    expect(codeOf(() => openDeal(fromA.ephemeralKey, fromA.ciphertext, (c.c.keys?.get(2) as { secretKey: Uint8Array }).secretKey, sealContextOf(c.c, 1, 2)))).toBe('DECRYPTION_FAILED');
  });

  it('tampered (ciphertext, tag or ephemeral key) → does not open → complaint without evidence', () => {
    for (const [field, index] of [['ciphertext', 0], ['ciphertext', -1], ['ephemeralKey', 5]] as const) {
      const { c, sent } = dealt(`seal-tamper-${field}-${index}`);
      const m = sealedDeal(sent, 4, 1);
      const changed = Uint8Array.from(m[field]);
      const i = (index + changed.length) % changed.length;
      changed[i] = (changed[i] as number) ^ 1;
      const others = dealsTo(sent, 1).filter((x) => x.sender !== 4);
      expect(complaintsOf(c, 1, [...broadcasts(sent, 1), ...others, { ...m, [field]: changed }])).toEqual([{ dealer: 4 }]);
    }
  });

  it('claimed from another sender → opened with that sender\'s key → does not open → complaint about the claimed sender', () => {
    const { c, sent } = dealt('seal-sender');
    const m = sealedDeal(sent, 1, 2);
    // 1's and 4's own deals to 2 are withheld; 1's deal arrives relabelled as 4's.
    const others = dealsTo(sent, 2).filter((x) => x.sender !== 1 && x.sender !== 4);
    expect(complaintsOf(c, 2, [...broadcasts(sent, 2), ...others, { ...m, sender: 4 }])).toEqual([{ dealer: 1 }, { dealer: 4 }]);
  });

  it('a deal in the clear where sealed deals are expected is not accepted → complaint', () => {
    const { c, sent } = dealt('seal-plain');
    const m = sealedDeal(sent, 3, 2);
    const plain = openDeal(m.ephemeralKey, m.ciphertext, (c.keys?.get(2) as { secretKey: Uint8Array }).secretKey, sealContextOf(c, 3, 2));
    const clear: DkgMessage = { version: 1, protocol, type: 'deal', session: c.session, sender: 3, recipient: 2, share: plain.slice(0, 32), ...(protocol === 'pedersen' ? { blinding: plain.slice(32) } : {}) };
    const others = dealsTo(sent, 2).filter((x) => x.sender !== 3);
    expect(complaintsOf(c, 2, [...broadcasts(sent, 2), ...others, clear])).toEqual([{ dealer: 3 }]);
  });

  it('sealing is bound to the protocol: a deal sealed for another protocol does not open', () => {
    const { c, sent } = dealt('seal-protocol');
    const m = sealedDeal(sent, 1, 2);
    const ctx = { ...sealContextOf(c, 1, 2), protocol: protocol === 'pedersen' ? ('joint-feldman' as const) : ('pedersen' as const) };
    const secret = (c.keys?.get(2) as { secretKey: Uint8Array }).secretKey;
    const e = errorOf(() => openDeal(m.ephemeralKey, m.ciphertext, secret, ctx));
    // DECRYPTION_FAILED names the sender and carries no key material.
    expect([e.code, e.culprits]).toEqual(['DECRYPTION_FAILED', [1]]);
    expect(e.message).not.toContain(hex(secret));
  });
});

// ---- Redaction -------------------------------------------------------------------------------

describe.each(PROTOCOLS)('%s: secret state prints redacted', (protocol) => {
  it('participants (in every phase) and results show no secret bytes; the share shows <redacted>', () => {
    const c = makeCeremony({ api: blst, protocol, n: 3, threshold: 2, seed: `redact/${protocol}` });
    const ps = [...c.participants.values()];
    const secrets = new Set<string>();
    const printed: string[] = [];
    const print = (x: unknown): void => {
      printed.push(JSON.stringify(x), inspect(x, { depth: 10 }), String(x), `${String(x)}`);
    };
    let inbox = new Map<number, DkgMessage[]>(ps.map((p) => [p.id, []]));
    const results = [];
    while (ps.some((p) => p.phase !== 'done')) {
      const sent: DkgMessage[] = [];
      for (const p of ps) {
        print(p);
        const { messages, result } = p.advance(inbox.get(p.id) ?? []);
        print(p);
        sent.push(...messages);
        if (result) results.push(result);
      }
      for (const m of sent) {
        if (m.type === 'deal') {
          secrets.add(hex(m.share));
          if (m.blinding) secrets.add(hex(m.blinding));
        }
      }
      inbox = new Map(ps.map((p) => [p.id, sent.filter((m) => m.sender !== p.id && (!isPrivateMessage(m) || m.recipient === p.id))]));
    }
    expect(results).toHaveLength(3);
    for (const r of results) {
      const sk = r.share.secretKey;
      secrets.add(hex(sk));
      secrets.add(BigInt(`0x${hex(sk)}`).toString());
      print(r);
      print(r.share);
      expect(JSON.stringify(r.share)).toBe(`{"id":${r.share.id},"secretKey":"<redacted>"}`);
      expect(String(sk)).toBe('<redacted>');
      expect(inspect(r)).toContain('<redacted>');
    }
    for (const p of ps) {
      expect(JSON.stringify(p)).toBe(`{"protocol":"${protocol}","id":${p.id},"phase":"done","secrets":"<redacted>"}`);
      expect(inspect(p)).toBe(`DkgParticipant { protocol: '${protocol}', id: ${p.id}, phase: 'done', secrets: <redacted> }`);
    }
    const all = printed.join('\n');
    for (const s of secrets) expect(all).not.toContain(s);
    expect(secrets.size).toBeGreaterThan(6);
  });

  it('an encryption key pair prints its secret key redacted', () => {
    const pair = generateEncryptionKeyPair(seededRandomBytes('pair'));
    const s = hex(pair.secretKey);
    for (const text of [JSON.stringify(pair), inspect(pair), String(pair.secretKey)]) {
      expect(text).not.toContain(s);
      expect(text).toContain('<redacted>');
    }
  });
});
