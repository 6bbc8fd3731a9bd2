/**
 * Robust recombination: combine optimistically, verify once, and only on failure find and name the
 * partial signatures that do not verify under their public key shares.
 * @module
 */
import type { Backend } from '../backend/types';
import { DvtBlsError } from '../errors';
import { interpolateG2 } from './combine';

/** A partial signature after boundary checks; `signature` is undefined when its bytes were malformed. */
export interface CheckedPartial<G2> {
  id: number;
  signature: G2 | undefined;
}

/** Inputs of {@link combineRobust}, as backend handles. */
export interface RobustCombineInput<G1, G2, Message> {
  message: Message;
  partials: readonly CheckedPartial<G2>[];
  threshold: number;
  groupPublicKey: G1;
  /** The public key share of an id known to have one; called only on the slow path. */
  publicKeyShareOf: (id: number) => G1;
}

/** What {@link combineRobust} found. */
export interface RobustCombineResult<G2> {
  signature: G2;
  signers: number[];
  invalid: number[];
}

function combineAndVerify<G1, G2, Message>(
  backend: Backend<G1, G2, Message>,
  input: RobustCombineInput<G1, G2, Message>,
  chosen: readonly { id: number; signature: G2 }[]
): G2 | undefined {
  const combined = interpolateG2(
    backend,
    chosen.map((p) => BigInt(p.id)),
    chosen.map((p) => p.signature)
  );
  return backend.verify(input.groupPublicKey, input.message, combined) ? combined : undefined;
}

const ascending = (ids: number[]): number[] => ids.sort((a, b) => a - b);

/**
 * The happy path is one interpolation and one verification over the first `threshold` well-formed
 * partials (in the order given). When that fails, every well-formed partial is verified under its
 * public key share; the first `threshold` valid ones are combined and the result verified again.
 * Throws `TOO_FEW_VALID_PARTIALS` (with the culprits) when fewer than `threshold` are valid, and
 * `INCONSISTENT_KEYS` when valid partials do not combine to a signature under the group key.
 */
export function combineRobust<G1, G2, Message>(
  backend: Backend<G1, G2, Message>,
  input: RobustCombineInput<G1, G2, Message>
): RobustCombineResult<G2> {
  const { partials, threshold } = input;
  const malformed = partials.filter((p) => p.signature === undefined).map((p) => p.id);
  const wellFormed = partials.filter((p): p is { id: number; signature: G2 } => p.signature !== undefined);

  if (wellFormed.length >= threshold) {
    const chosen = wellFormed.slice(0, threshold);
    const signature = combineAndVerify(backend, input, chosen);
    if (signature !== undefined) {
      return { signature, signers: ascending(chosen.map((p) => p.id)), invalid: ascending(malformed) };
    }
  }

  const valid: { id: number; signature: G2 }[] = [];
  const invalid = [...malformed];
  for (const p of wellFormed) {
    if (backend.verify(input.publicKeyShareOf(p.id), input.message, p.signature)) valid.push(p);
    else invalid.push(p.id);
  }
  ascending(invalid);
  if (valid.length < threshold) {
    throw new DvtBlsError(
      'TOO_FEW_VALID_PARTIALS',
      `partials: ${valid.length} valid of ${partials.length}, threshold is ${threshold}; invalid ids: ${invalid.join(', ')}`,
      invalid
    );
  }
  const chosen = valid.slice(0, threshold);
  const signature = combineAndVerify(backend, input, chosen);
  if (signature === undefined) {
    throw new DvtBlsError(
      'INCONSISTENT_KEYS',
      'publicKeyShares: partials valid under their public key shares do not combine to a signature under groupPublicKey'
    );
  }
  return { signature, signers: ascending(chosen.map((p) => p.id)), invalid };
}
