/**
 * dvt-bls: threshold BLS12-381 for Ethereum distributed validators.
 *
 * Plain BLS (`BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`), Shamir and Feldman sharing, partial
 * signing and robust recombination, on bytes. Share `id` i is the polynomial at x = i, as in herumi,
 * charon and SSV.
 *
 * This is the root entry for browsers and other non-Node runtimes: the portable noble backend,
 * with nothing native. In Node the root resolves to the same API on the native blst backend when
 * it loads (see `backend` and `backendFallbackReason`).
 * @module dvt-bls
 */
export * from './noble';

/**
 * Why the portable backend runs instead of the native one; in this build (browsers and other
 * non-Node runtimes) the native backend is never loaded.
 * @example
 * ```ts
 * import { backend, backendFallbackReason } from 'dvt-bls';
 * console.log(backend, backendFallbackReason);
 * ```
 */
export const backendFallbackReason: string | undefined = 'not a Node.js build: the native backend is only loaded in Node';
