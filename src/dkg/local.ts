/**
 * A whole ceremony in one process: every participant driven in lockstep, broadcasts delivered to
 * all, private deals to their recipients. For demos, tests and the CLI's simulated ceremony; a real
 * ceremony runs each participant on its own machine, over a relay.
 * @module
 */
import type { DkgMessage } from './messages';
import { isPrivateMessage } from './messages';
import type { DkgParticipantBase, DkgResult } from './participant';

/**
 * Delivers what each participant sent to whom it is for, phase after phase, until all finish.
 * `deliver` may drop, alter or add messages per recipient (fault injection in tests).
 * @param participants - Every participant of one ceremony, in phase `'deal'`.
 * @param deliver - What recipient gets in the given round, from what was sent to it (default: all of it).
 * @returns Each participant's result or the error it ended with, by id.
 * @example
 * ```ts
 * import { createDkgParticipant, runCeremony } from 'dvt-bls';
 * const ids = [1, 2, 3];
 * const session = crypto.getRandomValues(new Uint8Array(32));
 * const participants = ids.map((self) =>
 *   createDkgParticipant({ protocol: 'joint-feldman', self, participants: ids.map((id) => ({ id })), threshold: 2, session })
 * );
 * // Participant 3 never hears from 1: 1's deal broadcast reached the others only, so every
 * // participant ends with TRANSCRIPT_MISMATCH naming 1.
 * const outcomes = runCeremony(participants, (recipient, messages) => (recipient === 3 ? messages.filter((m) => m.sender !== 1) : messages));
 * ```
 */
export function runCeremony<Result = DkgResult>(
  participants: readonly DkgParticipantBase<unknown, Result>[],
  deliver: (recipient: number, messages: DkgMessage[], round: number) => DkgMessage[] = (_, m) => m
): Map<number, Result | Error> {
  const outcomes = new Map<number, Result | Error>();
  let inbox = new Map<number, DkgMessage[]>(participants.map((p) => [p.id, []]));
  for (let round = 0; outcomes.size < participants.length; round++) {
    const sent: DkgMessage[] = [];
    for (const p of participants) {
      if (outcomes.has(p.id)) continue;
      try {
        const { messages, result } = p.advance(inbox.get(p.id) ?? []);
        sent.push(...messages);
        if (result !== undefined) outcomes.set(p.id, result);
      } catch (e) {
        outcomes.set(p.id, e as Error);
      }
    }
    inbox = new Map(
      participants.map((p) => [
        p.id,
        deliver(
          p.id,
          sent.filter((m) => m.sender !== p.id && (!isPrivateMessage(m) || m.recipient === p.id)),
          round
        ),
      ])
    );
  }
  return outcomes;
}
