/**
 * A small benchmark harness: cases that are compared run interleaved (round-robin, one sample of
 * each per round) so machine drift hits all of them alike; each sample is a batch of calls sized
 * to last about `sampleMs`; the result is the median time per call over all rounds.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface BenchCase {
  name: string;
  /** One call of the operation measured; its result is kept alive so it cannot be optimised away. */
  run: () => unknown;
}

export interface BenchResult {
  name: string;
  /** Median time per call, in microseconds. */
  medianUs: number;
  samples: number;
}

export interface CompareOptions {
  /** Rounds of interleaved samples (default 15). */
  rounds?: number;
  /** Target duration of one sample, in ms (default 60). */
  sampleMs?: number;
}

let sink: unknown;

function timeBatch(run: () => unknown, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink = run();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs the cases interleaved and returns their medians, in the order given. */
export function compare(cases: BenchCase[], options: CompareOptions = {}): BenchResult[] {
  const rounds = options.rounds ?? 15;
  const sampleMs = options.sampleMs ?? 60;
  // Warm up (JIT, lazy tables) and size each batch from one timed call.
  const batch = cases.map((c) => {
    timeBatch(c.run, 3);
    const one = Math.max(timeBatch(c.run, 1), 0.001);
    return Math.max(1, Math.round(sampleMs / one));
  });
  const perCall: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      const calls = batch[i] as number;
      (perCall[i] as number[]).push((timeBatch(c.run, calls) * 1000) / calls);
    });
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return cases.map((c, i) => ({ name: c.name, medianUs: median(perCall[i] as number[]), samples: rounds }));
}

/** Formats microseconds for a table. */
export function formatUs(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

/** A case for {@link measure}: sync, or async (then every call is awaited). */
export interface MeasuredCase {
  name: string;
  run: () => unknown;
  async?: boolean;
  /** Called with the first call's output (outside the timing): throws if the output is wrong. */
  check?: (output: unknown) => void;
}

/**
 * What a sample's duration is measured with:
 * - `wall`: elapsed time (what a user waits for on an idle machine);
 * - `cpu`: the process's CPU time (user + system, every thread), which does not count the time
 *   other processes held the cores: the figure to use on a shared machine. Async cases (worker
 *   pools, where elapsed time is the point) are always measured on the wall clock.
 */
export type Clock = 'wall' | 'cpu';

export interface MeasureOptions {
  /** At most this many interleaved rounds (one sample of each case per round). */
  rounds: number;
  /** At least this many samples per case, however slow (a case slower than `slowMs` gets 2). */
  minRounds: number;
  /** Target duration of one sample, in ms: fast calls are batched up to it. */
  sampleMs: number;
  /** Sampling time per case, in ms: slow cases get fewer rounds (never fewer than `minRounds`). */
  budgetMs: number;
  /** Warm-up time per case, in ms (at least one call). */
  warmupMs: number;
  /**
   * A call slower than this (ms) gets 2 samples, the first being its first call (by then the
   * library is warm from the smaller sizes; a call of seconds dwarfs what JIT warm-up costs), to
   * bound the run time.
   */
  slowMs: number;
  /** The clock of `medianUs` (default `wall`); both clocks are always reported. */
  clock?: Clock;
}

export interface Measurement {
  name: string;
  /** Median time per call on the chosen clock, in microseconds. */
  medianUs: number;
  /** First and third quartiles of the per-call sample times on the chosen clock, in microseconds. */
  q1Us: number;
  q3Us: number;
  /** Medians on each clock. */
  wallMedianUs: number;
  cpuMedianUs: number;
  /** The clock `medianUs` is on (async cases: always wall). */
  clock: Clock;
  samples: number;
  /** Set when the case threw (or its check did): the case is then left out of the rounds. */
  error?: string;
}

/**
 * A full garbage collection before each sample (outside the timing), when it can be had: garbage
 * left by one library (noble's BigInt points) would otherwise be collected inside the next
 * library's sample. `--expose-gc` is switched on at run time for this.
 */
const collectGarbage: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/** Elapsed and CPU milliseconds of a batch of calls. */
interface Timing {
  wall: number;
  cpu: number;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

function timeSync(run: () => unknown, calls: number): Timing {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink = run();
  const wall = performance.now() - start;
  return { wall, cpu: cpuMs(cpu0) };
}

async function timeAsync(run: () => unknown, calls: number): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink = await run();
  const wall = performance.now() - start;
  return { wall, cpu: cpuMs(cpu0) };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * Like {@link compare}, for cases of very different speeds (a native call of microseconds beside a
 * pure-JavaScript one of seconds): each case is warmed up, its batch sized to `sampleMs`, and its
 * number of rounds cut to its time budget; the rounds stay interleaved (round r samples every case
 * that still has a round r, starting one case further on each round), so drift hits every case
 * alike, and a full garbage collection precedes every sample.
 */
export async function measure(cases: MeasuredCase[], options: MeasureOptions): Promise<Measurement[]> {
  const clockOf = (c: MeasuredCase): Clock => (c.async ? 'wall' : (options.clock ?? 'wall'));
  const time = async (c: MeasuredCase, calls: number): Promise<Timing> => (c.async ? timeAsync(c.run, calls) : timeSync(c.run, calls));
  const pick = (c: MeasuredCase, t: Timing): number => (clockOf(c) === 'cpu' ? t.cpu : t.wall);
  const plan: { batch: number; rounds: number; first: Timing; slow: boolean; error?: string }[] = [];
  const failed = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  for (const c of cases) {
    // Warm up: the first call pays for JIT and lazy tables (its output is checked); later calls
    // estimate the call time. A case that throws is reported as failed, not measured.
    let first: Timing;
    let estimate: number;
    try {
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const output = c.async ? await c.run() : c.run();
      first = { wall: performance.now() - start, cpu: cpuMs(cpu0) };
      c.check?.(output);
      estimate = first.wall;
      if (first.wall < options.slowMs) {
        const single: number[] = [];
        let spent = first.wall;
        while (spent < options.warmupMs && single.length < 200) {
          const t = (await time(c, 1)).wall;
          single.push(t);
          spent += t;
        }
        if (single.length > 0) estimate = median(single);
      }
    } catch (e) {
      plan.push({ batch: 1, rounds: 0, first: { wall: 0, cpu: 0 }, slow: false, error: failed(e) });
      continue;
    }
    estimate = Math.max(estimate, 0.0005);
    const batch = Math.max(1, Math.round(options.sampleMs / estimate));
    const sampleTime = batch * estimate;
    const affordable = Math.floor(options.budgetMs / sampleTime);
    const slow = first.wall >= options.slowMs && options.minRounds > 0;
    const floor = slow ? Math.min(2, options.minRounds) : options.minRounds;
    const rounds = Math.min(options.rounds, Math.max(floor, affordable));
    plan.push({ batch, rounds: slow ? rounds - 1 : rounds, first, slow });
  }
  // A slow case's first call is its first sample.
  const samples: Timing[][] = plan.map((p) => (p.slow ? [{ wall: p.first.wall * 1000, cpu: p.first.cpu * 1000 }] : []));
  const maxRounds = Math.max(0, ...plan.map((p) => p.rounds));
  for (let r = 0; r < maxRounds; r++) {
    // Each round starts one case further on, so that no case always follows the same other one.
    for (let j = 0; j < cases.length; j++) {
      const i = (j + r) % cases.length;
      const p = plan[i] as (typeof plan)[number];
      if (r >= p.rounds) continue;
      collectGarbage?.();
      try {
        const t = await time(cases[i] as MeasuredCase, p.batch);
        (samples[i] as Timing[]).push({ wall: (t.wall * 1000) / p.batch, cpu: (t.cpu * 1000) / p.batch });
      } catch (e) {
        p.rounds = r;
        p.error = failed(e);
      }
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return cases.map((c, i) => {
    const p = plan[i] as (typeof plan)[number];
    // With no rounds (a smoke run), the checked first call is the only figure.
    const taken = (samples[i] as Timing[]).length > 0 ? (samples[i] as Timing[]) : [{ wall: p.first.wall * 1000, cpu: p.first.cpu * 1000 }];
    const sorted = taken.map((t) => pick(c, t)).sort((a, b) => a - b);
    return {
      name: c.name,
      medianUs: median(sorted),
      q1Us: quantile(sorted, 0.25),
      q3Us: quantile(sorted, 0.75),
      wallMedianUs: median(taken.map((t) => t.wall)),
      cpuMedianUs: median(taken.map((t) => t.cpu)),
      clock: clockOf(c),
      samples: (samples[i] as Timing[]).length,
      ...(p.error === undefined ? {} : { error: p.error }),
    };
  });
}
