/**
 * Sharing: `splitSecret` (t-of-n Shamir shares with Feldman commitments), `recoverSecret` from t
 * shares, and `verifyShare` (the Feldman check of one share).
 * @module
 */
import { cluster, expectBytes, expectTrue, randomSubsets, rotating } from '../fixtures';
import { loadLibraries } from '../libraries';
import { oursBlst } from '../peers/ours';
import type { ShareBytes } from '../peers/types';
import type { Case, Mode, Section } from '../types';
import { libraryVariants, portableGap, sizes } from './common';
import { THRESHOLDS } from './threshold';

function cases(mode: Mode): Case[] {
  const pairs = sizes<(readonly [number, number])[]>(mode, [...THRESHOLDS], [[3, 4], [11, 16], [22, 32]], [[2, 3]]);
  const out: Case[] = [];
  for (const [t, n] of pairs) {
    const size = `${t}-of-${n}`;
    const params = { t, n };
    out.push({
      id: `splitSecret/${size}`,
      operation: 'splitSecret',
      size,
      params,
      perCall: 1,
      unit: 'sharings/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        const ours = oursBlst().api;
        return {
          ...libraryVariants(libs, 'splitSecret', (lib) => {
            const f = lib.splitSecret;
            return f && (() => f(c.secretKey, t, c.ids));
          }),
          // A correct sharing: n shares, t commitments to the same secret, every share consistent.
          check(o) {
            const { shares, commitments } = o as { shares: ShareBytes[]; commitments: Uint8Array[] };
            if (shares.length !== n || commitments.length !== t) throw new Error('splitSecret: wrong counts');
            expectBytes(commitments[0], c.groupPublicKey, 'splitSecret commitments[0]');
            for (const s of shares) expectTrue(ours.verifyShare(s, commitments), `splitSecret share ${s.id}`);
          },
        };
      },
    });
    out.push({
      id: `recoverSecret/${size}`,
      operation: 'recoverSecret',
      size,
      params,
      perCall: 1,
      unit: 'recoveries/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        const picks = randomSubsets(n, t, 8).map((s) => s.map((i) => c.shares[i] as ShareBytes));
        return {
          ...libraryVariants(libs, 'recoverSecret', (lib) => {
            const f = lib.recoverSecret;
            if (!f) return undefined;
            const next = rotating(picks);
            return () => f(next());
          }),
          check: (o) => expectBytes(o, c.secretKey, 'recoverSecret'),
        };
      },
    });
    out.push({
      id: `verifyShare/${size}`,
      operation: 'verifyShare',
      size,
      params,
      perCall: 1,
      unit: 'checks/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        return {
          ...libraryVariants(libs, 'verifyShare', (lib) => {
            const f = lib.verifyShare;
            if (!f) return undefined;
            const next = rotating(c.shares);
            return () => f(next(), c.commitments);
          }),
          check: (o) => expectTrue(o, 'verifyShare'),
        };
      },
    });
  }
  return out;
}

export const sharing: Section = {
  name: 'sharing',
  title: 'Sharing',
  description:
    '`splitSecret` (a t-of-n Shamir sharing of a secret key with its t Feldman commitments, as bytes), `recoverSecret` ' +
    '(Lagrange interpolation of t shares, rotating through random t-subsets) and `verifyShare` (the Feldman check of one ' +
    'share against the t commitments, rotating through the shares).',
  notes: [
    '`recoverSecret` is scalar arithmetic only: both dvt-bls backends run the same code, so their figures differ by noise alone.',
    'raw @noble/curves has no sharing API: its figures are written with its field and point primitives (Horner, naive Lagrange, `multiply`). raw @chainsafe/blst has no scalar arithmetic to write them with.',
  ],
  cases,
  whyPeerAhead(result, backend, peer) {
    if (result.operation === 'recoverSecret') {
      const arithmetic =
        peer === 'herumi'
          ? 'herumi interpolates in WebAssembly (mcl\'s Montgomery arithmetic); dvt-bls in JavaScript BigInts (noble\'s `Field`, with one batched inversion)'
          : 'raw noble does the same BigInt arithmetic (noble\'s `Field`)';
      return `A scalar-only operation (tens to hundreds of microseconds; the same code on both backends): ${arithmetic}, and dvt-bls also checks every share (id, distinct ids, key range) and marks the output as a secret (it prints as <redacted>).`;
    }
    if (backend === 'dvt-bls/blst') {
      return 'dvt-bls on blst computes the commitments with native calls but evaluates them in JavaScript where herumi works in WebAssembly end to end.';
    }
    return portableGap(peer);
  },
};
