/**
 * A small benchmark harness: cases that are compared run interleaved (round-robin, one sample of
 * each per round) so machine drift hits all of them alike; each sample is a batch of calls sized
 * to last about `sampleMs`; the result is the median time per call over all rounds.
 */

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
