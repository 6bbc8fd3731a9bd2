/**
 * The DKG's edges: message codecs (round trips for every type, canonical JSON, strict refusals),
 * the phase machine (WRONG_PHASE for every step called out of order), configuration refusals,
 * sealed deals (they open for their recipient only, in their session only, from their sender only)
 * and redaction of secret state.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DkgConfig, DkgMessage, DkgMessageType, DvtBls, SealedDeal } from '../src/index';
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
import { openDeal, pairSecret } from '../src/dkg/encryption';
import { backends } from './helpers/backends';
import { STEPS, makeCeremony, openSealed, retagged, runNetwork, sealContextOf, type Ceremony, type DkgProtocol, type Participant } from './helpers/dkg-network';
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
const proof = fc.record({ commitment: bytes(48), response: bytes(32) });
/** Distinct ids other than `sender`, ascending (lists keyed by participant). */
const otherIds = (sender: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(arbId, { maxLength: 4 }).map((ids) => ids.filter((id) => id !== sender).sort((a, b) => a - b));
/** For each id, a record from `entry` keyed by it under `key`. */
const keyedBy = <T extends object>(sender: number, key: string, entry: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  otherIds(sender).chain((ids) => fc.tuple(...ids.map((id) => entry.map((e) => ({ [key]: id, ...e }) as T))));

/** A random well-formed message of `type` (bytes are arbitrary: codecs check encodings, not curves). */
function arbMessage(type: DkgMessageType): fc.Arbitrary<DkgMessage> {
  const header = fc.record({ protocol: fc.constantFrom(...ALL_PROTOCOLS), session: bytes(32), sender: arbId });
  return header.chain(({ protocol, session, sender }) => {
    const h = { version: DKG_MESSAGE_VERSION, protocol, type, session, sender };
    const recipient = arbId.filter((r) => r !== sender);
    const sealed = keyedBy(sender, 'recipient', fc.record({ ephemeralKey: bytes(32), ciphertext: fc.uint8Array({ maxLength: 1024 }) }));
    const payload: Record<DkgMessageType, fc.Arbitrary<object>> = {
      'deal-broadcast': fc.record(
        { commitments: list(bytes(96)), sealed, ...(protocol === 'joint-feldman' ? { proof } : {}) },
        { requiredKeys: protocol === 'joint-feldman' ? ['commitments', 'proof'] : ['commitments'] }
      ),
      deal: fc.record({ recipient, share: bytes(32), blinding: bytes(32) }, { requiredKeys: ['recipient', 'share'] }),
      'encrypted-deal': fc.record({ recipient, ephemeralKey: bytes(32), ciphertext: fc.uint8Array({ maxLength: 1024 }) }),
      response: fc.record({ complaints: list(complaint) }),
      justification: fc.record({ shares: list(revealed) }),
      'feldman-reveal': fc.record({ commitments: list(bytes(96)) }),
      'reveal-complaint': fc.record({ complaints: list(complaint) }),
      reconstruction: fc.record({ blinding: bytes(32), proof }),
      transcript: fc.record({ hash: bytes(32), digests: list(fc.record({ sender: arbId, digest: bytes(32) })), publicKeyShare: bytes(96) }, { requiredKeys: ['hash', 'digests'] }),
    };
    // Broadcasts may carry authentication tags (ceremonies with encryption keys).
    const tags = fc.option(keyedBy(sender, 'recipient', fc.record({ tag: bytes(16) })), { nil: undefined });
    return fc
      .tuple(payload[type], tags)
      .map(([p, t]) => ({ ...h, ...p, ...(t === undefined || ['deal', 'encrypted-deal'].includes(type) ? {} : { tags: t }) }) as DkgMessage);
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
  const commitmentHex = '0x' + '33'.repeat(96);
  const deal = { version: 1, protocol: 'pedersen', type: 'deal', session, sender: 1, recipient: 2, share: scalarHex, blinding: scalarHex };
  const response = { version: 1, protocol: 'joint-feldman', type: 'response', session, sender: 3, complaints: [{ dealer: 1, share: scalarHex }] };
  const jfDeal = { version: 1, protocol: 'joint-feldman', type: 'deal-broadcast', session, sender: 1, commitments: [commitmentHex], proof: { commitment: pointHex, response: scalarHex } };
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
    ['a 95-byte commitment', { ...jfDeal, commitments: ['0x' + '33'.repeat(95)] }],
    ['a 48-byte (compressed) commitment: commitments travel uncompressed', { ...jfDeal, commitments: [pointHex] }],
    ['a 96-byte proof commitment: proof commitments travel compressed', { ...jfDeal, proof: { ...jfDeal.proof, commitment: commitmentHex } }],
    ['a 48-byte (compressed) public key share in a transcript: it travels uncompressed', { ...transcript, publicKeyShare: pointHex }],
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
    ['tags on a private message', { ...deal, tags: [{ recipient: 3, tag: '0x' + '00'.repeat(16) }] }],
    ['a 15-byte tag', { ...response, tags: [{ recipient: 1, tag: '0x' + '00'.repeat(15) }] }],
    ['a tag for the sender itself', { ...response, tags: [{ recipient: 3, tag: '0x' + '00'.repeat(16) }] }],
    ['tags out of order', { ...response, tags: [2, 1].map((recipient) => ({ recipient, tag: '0x' + '00'.repeat(16) })) }],
    ['two tags for one recipient', { ...response, tags: [2, 2].map((recipient) => ({ recipient, tag: '0x' + '00'.repeat(16) })) }],
    ['a sealed deal for the dealer itself', { ...jfDeal, sealed: [{ recipient: 1, ephemeralKey: scalarHex, ciphertext: '0x00' }] }],
    ['sealed deals out of order', { ...jfDeal, sealed: [3, 2].map((recipient) => ({ recipient, ephemeralKey: scalarHex, ciphertext: '0x00' })) }],
    ['a reconstruction without its proof', { version: 1, protocol: 'pedersen', type: 'reconstruction', session, sender: 1, blinding: scalarHex }],
    [
      'a reconstruction in the per-dealer form',
      { version: 1, protocol: 'pedersen', type: 'reconstruction', session, sender: 1, blindings: [{ dealer: 2, blinding: scalarHex, proof: jfDeal.proof }] },
    ],
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

describe.each(PROTOCOLS)('%s: sealed deals and authenticated broadcasts', (protocol) => {
  /** A sealed ceremony after the deal round: the participants and what they sent. */
  function dealt(seed: string): { c: Ceremony; sent: DkgMessage[] } {
    const c = makeCeremony({ api: blst, protocol, n: 4, threshold: 3, seed, encrypted: true });
    const sent = [...c.participants.values()].flatMap((p) => p.advance([]).messages);
    return { c, sent };
  }
  type DealBroadcast = Extract<DkgMessage, { type: 'deal-broadcast' }>;
  const dealOf = (sent: DkgMessage[], from: number): DealBroadcast => sent.find((m) => m.type === 'deal-broadcast' && m.sender === from) as DealBroadcast;
  const entry = (m: DealBroadcast, to: number): SealedDeal => m.sealed?.find((d) => d.recipient === to) as SealedDeal;
  /** The complaints participant `id` makes in the response round given `messages`. */
  function complaintsOf(c: Ceremony, id: number, messages: DkgMessage[]): unknown[] {
    const out = (c.participants.get(id) as Participant).advance(messages).messages;
    return (out.find((m) => m.type === 'response') as Extract<DkgMessage, { type: 'response' }>).complaints;
  }
  /** What `to` receives of `sent`, leaving out what `from` sent. */
  const others = (sent: DkgMessage[], to: number, from?: number): DkgMessage[] =>
    sent.filter((m) => m.sender !== to && m.sender !== from && (!isPrivateMessage(m) || m.recipient === to));
  const rejectedBy = (c: Ceremony, id: number): unknown[] => (c.participants.get(id) as Participant).rejected;
  /** `m` with its sealed entry for `to` replaced (the dealer tags it again: a dealer's own doing). */
  const withEntry = (c: Ceremony, m: DealBroadcast, to: number, replace: Partial<SealedDeal>): DealBroadcast =>
    retagged(c, { ...m, sealed: m.sealed?.map((d) => (d.recipient === to ? { ...d, ...replace, recipient: to } : d)) });

  it('deals travel sealed inside the tagged deal broadcast; each opens only for its recipient; no plaintext on the wire', () => {
    const { c, sent } = dealt('seal-open');
    expect(sent.map((m) => m.type)).toEqual(Array(4).fill('deal-broadcast'));
    const m = dealOf(sent, 1);
    expect(m.sealed?.map((d) => d.recipient)).toEqual([2, 3, 4]);
    expect(m.tags?.map((t) => [t.recipient, t.tag.length])).toEqual([[2, 16], [3, 16], [4, 16]]);
    const plain = openSealed(c, 1, 2, entry(m, 2));
    expect(plain).toHaveLength(protocol === 'pedersen' ? 64 : 32);
    for (const other of [1, 3, 4]) {
      const e = errorOf(() => openSealed(c, 1, other, entry(m, 2)));
      expect([e.code, e.culprits]).toEqual(['DECRYPTION_FAILED', [1]]);
    }
    expect(sent.map(encodeMessageJson).join('')).not.toContain(hex(plain.subarray(0, 32)));
    // The honest path: every tag checks, every deal opens, nobody complains, nothing is dropped.
    expect(complaintsOf(c, 2, others(sent, 2))).toEqual([]);
    expect(rejectedBy(c, 2)).toEqual([]);
  });

  it('a broadcast altered in transit (a sealed deal, a commitment) or stripped of its tags is dropped unread: the dealer is silent in that view, and nobody complains', () => {
    const { c, sent } = dealt('seal-transit');
    const m = dealOf(sent, 4);
    const flipped = Uint8Array.from(entry(m, 1).ciphertext);
    flipped[0] = (flipped[0] as number) ^ 1;
    const variants: DkgMessage[] = [
      { ...m, sealed: m.sealed?.map((d) => (d.recipient === 1 ? { ...d, ciphertext: flipped } : d)) },
      { ...m, commitments: [...m.commitments].reverse() },
      { ...m, tags: undefined },
      { ...m, tags: m.tags?.filter((t) => t.recipient !== 1) },
    ];
    for (const variant of variants) {
      const fresh = dealt('seal-transit');
      expect(complaintsOf(fresh.c, 1, [...others(fresh.sent, 1, 4), variant])).toEqual([]);
      expect(rejectedBy(fresh.c, 1)).toEqual([{ sender: 4, type: 'deal-broadcast', reason: 'no valid authentication tag for this participant' }]);
    }
  });

  it("a tag for another recipient, or another session's broadcast re-stamped with this session, does not authenticate", () => {
    const a = dealt('seal-session-a');
    const b = dealt('seal-session-b');
    const fromA = dealOf(a.sent, 1);
    expect(complaintsOf(b.c, 2, [...others(b.sent, 2, 1), { ...fromA, session: b.c.session }])).toEqual([]);
    expect(rejectedBy(b.c, 2)).toEqual([{ sender: 1, type: 'deal-broadcast', reason: 'no valid authentication tag for this participant' }]);
    const c = dealt('seal-swap');
    const m = dealOf(c.sent, 1);
    const tagOf3 = m.tags?.find((t) => t.recipient === 3)?.tag as Uint8Array;
    const swapped = { ...m, tags: m.tags?.map((t) => (t.recipient === 2 ? { ...t, tag: tagOf3 } : t)) };
    complaintsOf(c.c, 2, [...others(c.sent, 2, 1), swapped]);
    expect(rejectedBy(c.c, 2)).toHaveLength(1);
  });

  it('a forged complaint (a response nobody tagged) makes no dealer publish anything', () => {
    const { c, sent } = dealt('seal-forged-complaint');
    const responses = [...c.participants.values()].flatMap((p) => p.advance(others(sent, p.id)).messages);
    const from3 = responses.find((m) => m.sender === 3) as Extract<DkgMessage, { type: 'response' }>;
    expect(from3.complaints).toEqual([]);
    // The relay rewrites 3's response to accuse dealer 1 (keeping 3's tags, or dropping them).
    for (const forged of [{ ...from3, complaints: [{ dealer: 1 }] }, { ...from3, complaints: [{ dealer: 1 }], tags: undefined }]) {
      const fresh = dealt('seal-forged-complaint');
      for (const p of fresh.c.participants.values()) p.advance(others(fresh.sent, p.id));
      const dealer = fresh.c.participants.get(1) as Participant;
      const inbox = [...responses.filter((m) => m.sender !== 1 && m.sender !== 3), forged];
      expect(dealer.advance(inbox).messages).toEqual([]); // no justification: no share published
      expect(dealer.rejected.map((r) => (r as { sender: number }).sender)).toEqual([3]);
    }
    // The same complaint, tagged by 3 itself, is answered: the justification reveals 3's share.
    const real = dealt('seal-forged-complaint');
    for (const p of real.c.participants.values()) p.advance(others(real.sent, p.id));
    const accusation = retagged(real.c, { ...from3, complaints: [{ dealer: 1 }] });
    const answer = (real.c.participants.get(1) as Participant).advance([...responses.filter((m) => m.sender !== 1 && m.sender !== 3), accusation]).messages;
    expect(answer.map((m) => m.type)).toEqual(['justification']);
  });

  it('a sealed deal the dealer addresses wrongly (re-addressed, another sender\'s, missing, in the clear) does not open → complaint about the dealer', () => {
    const cases: [string, (c: Ceremony, m: DealBroadcast, sent: DkgMessage[]) => DkgMessage[]][] = [
      ['re-addressed', (c, m) => [withEntry(c, m, 3, entry(m, 2))]],
      ["another dealer's deal copied in", (c, m, sent) => [withEntry(c, m, 3, entry(dealOf(sent, 2), 3))]],
      ['missing', (c, m) => [retagged(c, { ...m, sealed: m.sealed?.filter((d) => d.recipient !== 3) })]],
      [
        'in the clear instead',
        (c, m) => {
          const plain = openSealed(c, 1, 3, entry(m, 3));
          const clear: DkgMessage = { version: 1, protocol, type: 'deal', session: c.session, sender: 1, recipient: 3, share: plain.slice(0, 32), ...(protocol === 'pedersen' ? { blinding: plain.slice(32) } : {}) };
          return [retagged(c, { ...m, sealed: m.sealed?.filter((d) => d.recipient !== 3) }), clear];
        },
      ],
    ];
    for (const [name, make] of cases) {
      const { c, sent } = dealt(`seal-wrong-${name}`);
      expect(complaintsOf(c, 3, [...others(sent, 3, 1), ...make(c, dealOf(sent, 1), sent)]), name).toEqual([{ dealer: 1 }]);
    }
  });

  it('a ceremony without encryption keys refuses tagged broadcasts', () => {
    const c = makeCeremony({ api: blst, protocol, n: 3, threshold: 2, seed: 'clear-tags' });
    const sent = [...c.participants.values()].flatMap((p) => p.advance([]).messages);
    const m = dealOf(sent, 1);
    (c.participants.get(2) as Participant).advance([...others(sent, 2, 1), { ...m, tags: [{ recipient: 2, tag: new Uint8Array(16) }] }]);
    expect(rejectedBy(c, 2)).toEqual([{ sender: 1, type: 'deal-broadcast', reason: 'authentication tags in a ceremony without encryption keys' }]);
  });

  it('sealing is bound to the protocol: a deal sealed for another protocol does not open', () => {
    const { c, sent } = dealt('seal-protocol');
    const m = entry(dealOf(sent, 1), 2);
    const ctx = { ...sealContextOf(c, 1, 2), protocol: protocol === 'pedersen' ? ('joint-feldman' as const) : ('pedersen' as const) };
    const secret = (c.keys?.get(2) as { secretKey: Uint8Array }).secretKey;
    const e = errorOf(() => openDeal(m.ephemeralKey, m.ciphertext, secret, pairSecret(secret, (c.keys?.get(1) as { publicKey: Uint8Array }).publicKey), ctx));
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
