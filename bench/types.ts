/**
 * The shapes shared by the benchmark suite: libraries, sections, cases and results.
 *
 * A section is one file in `bench/sections/`, exporting a {@link Section}: a list of cases for a
 * run mode. A case is one job at one size ("aggregateSignatures of 512 serialized signatures"),
 * done by every library that can do it, each a {@link Variant}; the runner times the variants of a
 * case interleaved (so machine drift hits them alike) and reports medians and the ratio of each of
 * our backends to the best peer.
 * @module
 */

/** Every implementation the suite measures. Ours are the two backends of dvt-bls. */
export type LibraryId = 'dvt-bls/blst' | 'dvt-bls/noble' | 'blst' | 'noble' | 'herumi';

/** Display order and description of the libraries. */
export const LIBRARIES: readonly { id: LibraryId; label: string; ours: boolean; pkg: string }[] = [
  { id: 'dvt-bls/blst', label: 'dvt-bls (blst)', ours: true, pkg: 'dvt-bls' },
  { id: 'dvt-bls/noble', label: 'dvt-bls (noble)', ours: true, pkg: 'dvt-bls' },
  { id: 'blst', label: 'raw @chainsafe/blst', ours: false, pkg: '@chainsafe/blst' },
  { id: 'noble', label: 'raw @noble/curves', ours: false, pkg: '@noble/curves' },
  { id: 'herumi', label: 'herumi bls-eth-wasm', ours: false, pkg: 'bls-eth-wasm' },
];

export const OUR_LIBRARIES: readonly LibraryId[] = ['dvt-bls/blst', 'dvt-bls/noble'];

/** The peers that run wherever the noble backend runs (browsers included): the noble backend's yardstick. */
export const PORTABLE_PEERS: readonly LibraryId[] = ['noble', 'herumi'];

export function libraryLabel(id: LibraryId): string {
  return LIBRARIES.find((l) => l.id === id)?.label ?? id;
}

/** How much to run. */
export interface Mode {
  /** Fewer rounds, shorter samples, slow peers capped at smaller sizes (`--quick`). */
  quick: boolean;
  /** Tiny sizes, every variant once, for the CI smoke test. Implies nothing is timed seriously. */
  smoke: boolean;
  /** Worker threads for the throughput section (`--threads`, default: every core). */
  threads: number;
  /** The clock of the reported medians (`--clock`, default wall; see `Clock` in harness.ts). */
  clock?: 'wall' | 'cpu';
}

/**
 * - `ours`: a dvt-bls backend, compared with the best peer.
 * - `peer`: another library doing the same job; the best of them is the yardstick.
 * - `reference`: a related figure that does NOT do the same job (an unchecked decode, the native
 *   floor, a stricter duty): reported, never counted as the best peer.
 */
export type Role = 'ours' | 'peer' | 'reference';

export interface Variant {
  library: LibraryId;
  role: Role;
  /** Row label; defaults to the library's label. References always name themselves. */
  label?: string;
  /** One call of the job. Async variants (worker pools) return a promise. */
  run: () => unknown;
  async?: boolean;
  /** Footnote: how this library does the job when it has no exact equivalent. */
  note?: string;
  /** A reference whose output is not the case's result (the native floor): not checked. */
  skipCheck?: boolean;
  /** Throughput section: the threads doing the job (1 = the main thread alone). */
  threads?: number;
}

/** A library that cannot do a case, and why. */
export interface Skip {
  library: LibraryId;
  reason: string;
}

/** What a case's `build` returns, once its fixtures exist. */
export interface BuiltCase {
  variants: Variant[];
  skipped?: Skip[];
  /** Throws unless `output` is a correct result of the job (every variant is checked once). */
  check?: (output: unknown, variant: Variant) => void;
  /** Extra figures for the report (e.g. the whole ceremony's per-participant spread). */
  info?: Record<string, unknown>;
  /** Frees whatever the case holds (worker pools). */
  dispose?: () => void | Promise<void>;
}

export interface Case {
  /** Unique within the section, stable across runs: `aggregateSignatures/N=512`. */
  id: string;
  /** The operation, as the table's row group: `aggregateSignatures`. */
  operation: string;
  /** The size, as the table's column or row label: `N = 512`. */
  size: string;
  /** Parameters, machine-readable: `{ N: 512 }`. */
  params: Record<string, number | string | boolean>;
  /** Units of work done by one call, for the throughput column (`N` signatures, 1 duty). */
  perCall: number;
  /** The throughput unit: `signatures/s`. */
  unit: string;
  /** Builds fixtures and the variants (lazily: only when the case runs). */
  build: () => BuiltCase | Promise<BuiltCase>;
  /** Scales the sampling budget of this case (slow cases with many variants get less). */
  budgetScale?: number;
}

export interface Section {
  /** `--section` name and file name. */
  name: string;
  title: string;
  /** What the section measures and how, in Markdown (for docs/benchmarks.md). */
  description: string;
  /** Methodology notes in Markdown, one bullet each. */
  notes?: string[];
  cases: (mode: Mode) => Case[];
  /**
   * Why `peer` is ahead of our `backend` in a case (asked only when it is so in the run).
   */
  whyPeerAhead?: (result: CaseResult, backend: LibraryId, peer: LibraryId) => string | undefined;
}

/** One variant's measurement. */
export interface VariantResult {
  library: LibraryId;
  role: Role;
  label: string;
  note?: string;
  /** Median time per call, in microseconds, on the run's clock (`clock`). */
  medianUs: number;
  /** The medians on each clock: elapsed time, and the process's CPU time. */
  wallMedianUs: number;
  cpuMedianUs: number;
  /** The clock of `medianUs` (worker-pool variants: always wall). */
  clock: 'wall' | 'cpu';
  /** First and third quartiles of the samples, in microseconds, on the run's clock. */
  q1Us: number;
  q3Us: number;
  /** Interquartile range of the samples over the median, in percent (noise indicator). */
  spreadPct: number;
  samples: number;
  /** Units per second: perCall / median. */
  throughput: number;
  /** Throughput section: the threads doing the job (1 = the main thread alone). */
  threads?: number;
}

export interface CaseResult {
  id: string;
  operation: string;
  size: string;
  params: Record<string, number | string | boolean>;
  perCall: number;
  unit: string;
  variants: VariantResult[];
  skipped: Skip[];
  /** The fastest peer (role `peer`), if any ran. */
  bestPeer?: { library: LibraryId; label: string; medianUs: number };
  /** Per backend of ours: its median time / the best peer's (below 1: ours is faster). */
  ratios: Partial<Record<LibraryId, number>>;
  /**
   * The fastest portable peer (raw noble, herumi's WebAssembly: the peers that run wherever the
   * noble backend runs, browsers included), and the noble backend's ratio to it.
   */
  bestPortablePeer?: { library: LibraryId; label: string; medianUs: number };
  portableRatio?: number;
  info?: Record<string, unknown>;
  /** Variants that threw or produced a wrong output (also listed in `skipped`): a bug to fix. */
  failures?: { library: LibraryId; label: string; error: string }[];
}

export interface SectionResult {
  name: string;
  title: string;
  description: string;
  notes: string[];
  cases: CaseResult[];
  /**
   * The cases where a peer is ahead: of the native backend, the best peer; of the noble backend,
   * the best portable peer. With the reason, when the section gives one.
   */
  peerAhead: {
    caseId: string;
    operation: string;
    size: string;
    backend: LibraryId;
    ratio: number;
    /** Our median minus the peer's, in microseconds. */
    extraUs: number;
    peer: LibraryId;
    peerLabel: string;
    /** The interquartile ranges do not overlap (ours' first quartile above the peer's third). */
    significant: boolean;
    reason?: string;
  }[];
  wallSeconds: number;
}

export interface RunResult {
  schema: 1;
  date: string;
  mode: 'full' | 'quick' | 'smoke';
  /** The clock of the medians (worker-pool variants are always on the wall clock). */
  clock: 'wall' | 'cpu';
  command: string;
  wallSeconds: number;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    platform: string;
    release: string;
    loadAverageStart: number[];
    loadAverageEnd: number[];
  };
  node: string;
  versions: Record<string, string>;
  git?: { commit: string; dirty: boolean };
  sections: SectionResult[];
}
