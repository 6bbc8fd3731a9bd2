/**
 * dvt-bls: threshold BLS12-381 for Ethereum distributed validators.
 *
 * Plain BLS (`BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`), Shamir and Feldman sharing, partial
 * signing and robust recombination, on bytes. Share `id` i is the polynomial at x = i, as in herumi,
 * charon and SSV. The root entry runs on the portable noble backend.
 * @module
 */
export * from './noble';
