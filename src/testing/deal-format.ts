/**
 * Everything the ceremony kit (./ceremonies.ts) assumes about how private deals and broadcasts
 * travel, in one place, so that a change of the wire format is adapted here and nowhere else.
 *
 * What the kit models: ceremonies WITHOUT encryption keys (the `sealed` option refuses `true`).
 * - a deal from dealer d to participant r is a private message of its own, addressed to r and sent
 *   in the deal round (and, in a repair, each helper's sum to the recipient in the `send` round):
 *   `deal` in the clear (with encryption keys, only repair's last round is a private
 *   `encrypted-deal`);
 * - so a network fault can hit one recipient's deal alone (drop, delay, corrupt), and a deal that
 *   does not arrive, decode or open makes its recipient complain, which the dealer answers in public;
 * - a dealer deviates by changing a deal's content (a wrong share), which the kit can do only in the
 *   clear: a sealed deal would have to be sealed again with the dealer's key;
 * - broadcasts carry no authentication tag, so a deviating sender's altered broadcast is sent as
 *   altered.
 *
 * With encryption keys (docs/dkg.md, "Trust model") deals travel sealed inside the deal broadcast
 * and every broadcast carries authentication tags; to draw such ceremonies: `DEAL_TYPES`/`dealType` change (no private deal message in a sealed ceremony),
 * a per-recipient deal fault becomes damage to that recipient's entry inside the (one) deal
 * broadcast, `withWrongShare` may be able to work on sealed deals if the kit is given the dealers'
 * sealing keys, and `sentBy` must re-authenticate what a deviating sender alters.
 * @module
 */
import type { DkgMessage, DkgMessageType } from '../common';
import { R, bytes32 } from './internal';

/** The message types that carry one recipient's deal. */
export const DEAL_TYPES: readonly DkgMessageType[] = ['deal', 'encrypted-deal'];

/** The type of the deal messages of a ceremony, sealed or in the clear. */
export function dealType(sealed: boolean): DkgMessageType {
  return sealed ? 'encrypted-deal' : 'deal';
}

/** True for a message carrying one recipient's deal. */
export function isDeal(message: DkgMessage): boolean {
  return DEAL_TYPES.includes(message.type);
}

/**
 * Whether the kit can make deviations that change what a deal contains (a wrong share, a wrong
 * repair sum): only with deals in the clear.
 */
export function canAlterDeals(sealed: boolean): boolean {
  return !sealed;
}

/** The deal with its share s replaced by s + 1 mod r (deals in the clear; others unchanged). */
export function withWrongShare(message: DkgMessage): DkgMessage {
  if (message.type !== 'deal') return message;
  let s = 0n;
  for (const b of message.share) s = (s << 8n) | BigInt(b);
  return { ...message, share: bytes32((s + 1n) % R) };
}

/**
 * A message as its sender puts it on the wire after the kit altered it on the sender's behalf
 * (a deviation). Without authentication tags, the message itself.
 */
export function sentBy<M extends DkgMessage>(message: M): M {
  return message;
}
