/**
 * Throughput mode: every core at work (worker threads, throughput.ts) on many independent batch
 * verifications and many independent duties, against the same jobs on the main thread alone.
 * @module
 */
import { MESSAGE, cluster, expectBytes, randomSubsets, signatureSets } from '../fixtures';
import { loadLibraries, type Libraries } from '../libraries';
import { oursBlst } from '../peers/ours';
import { WorkerPool } from '../throughput';
import { runTask, type Task } from '../throughput-tasks';
import type { Case, LibraryId, Mode, Section, Skip, Variant } from '../types';
import { libraryLabel } from '../types';
import { isOurs, sizes } from './common';

/** The speed-up the issue asks of the worker pool over one thread, for 64 sets and more. */
export const THROUGHPUT_TARGET = 1.7;

const NOBLE_SKIP: Skip = {
  library: 'dvt-bls/noble',
  reason: 'pure JavaScript takes seconds per job here; its single-thread rates are in the other sections, and CPU-bound jobs with no shared state scale alike',
};

/**
 * Cores the process actually got while a variant ran: process CPU time (every thread) over wall
 * time, summed over all its calls. On a machine shared with other work this is what bounds the
 * speed-up, so the report shows it beside the speed-up.
 */
type CoresUsed = Record<string, number>;

function tracked(run: () => unknown, label: string, cores: CoresUsed, totals: Map<string, { cpu: number; wall: number }>): () => Promise<unknown> {
  return async () => {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const out = await run();
    const cpu = process.cpuUsage(cpu0);
    const t = totals.get(label) ?? { cpu: 0, wall: 0 };
    t.cpu += (cpu.user + cpu.system) / 1000;
    t.wall += performance.now() - wall0;
    totals.set(label, t);
    cores[label] = t.cpu / t.wall;
    return out;
  };
}

/** The single-thread and pool variants of each library, for the same list of jobs. */
function pairVariants(
  libs: Libraries,
  libraries: LibraryId[],
  pool: WorkerPool,
  tasksOf: (lib: LibraryId) => Task[],
  threads: number,
  cores: CoresUsed
): Variant[] {
  const totals = new Map<string, { cpu: number; wall: number }>();
  return libraries.flatMap((library): Variant[] => {
    const tasks = tasksOf(library);
    const single = `${libraryLabel(library)}, 1 thread`;
    const many = `${libraryLabel(library)}, ${threads} workers`;
    return [
      {
        library,
        role: 'reference',
        label: single,
        threads: 1,
        async: true,
        run: tracked(() => tasks.map((t) => runTask(libs, t)), single, cores, totals),
      },
      {
        library,
        role: isOurs(library) ? 'ours' : 'peer',
        label: many,
        threads,
        async: true,
        run: tracked(() => pool.runAll(tasks), many, cores, totals),
      },
    ];
  });
}

const HERUMI_QUICK: Skip = { library: 'herumi', reason: 'left out of --quick runs (seconds per round of jobs; see the full run)' };

function cases(mode: Mode): Case[] {
  const threads = mode.threads;
  const jobs = 2 * threads;
  const out: Case[] = [];
  for (const s of sizes(mode, [64, 128], [64], [2])) {
    out.push({
      id: `verifyBatch/${jobs}x${s}`,
      operation: 'verifyBatch',
      size: `${jobs} jobs of ${s} sets`,
      params: { jobs, sets: s, threads },
      perCall: jobs * s,
      unit: 'sets/s',
      async build() {
        const libs = await loadLibraries();
        const all = signatureSets(jobs * s);
        const pool = await WorkerPool.start(threads);
        const libraries: LibraryId[] = mode.quick ? ['dvt-bls/blst', 'blst'] : ['dvt-bls/blst', 'blst', 'herumi'];
        const tasksOf = (library: LibraryId): Task[] =>
          Array.from({ length: jobs }, (_, j) => ({ kind: 'verifyBatch', library, sets: all.slice(j * s, (j + 1) * s) }));
        const coresUsed: CoresUsed = {};
        return {
          variants: pairVariants(libs, libraries, pool, tasksOf, threads, coresUsed),
          skipped: [NOBLE_SKIP, { library: 'noble', reason: 'no batch verification (see the verification section)' }, ...(mode.quick ? [HERUMI_QUICK] : [])],
          info: { coresUsed },
          check(o) {
            const verdicts = o as boolean[];
            if (verdicts.length !== jobs || !verdicts.every((v) => v === true)) throw new Error('throughput verifyBatch: a batch did not verify');
          },
          dispose: () => pool.close(),
        };
      },
    });
  }
  const duties = mode.smoke ? 2 : 8;
  for (const [t, n] of sizes<[number, number][]>(mode, [[3, 4], [11, 16]], [[3, 4]], [[2, 3]])) {
    out.push({
      id: `duties/${t}-of-${n}/${jobs}x${duties}`,
      operation: 'duties',
      size: `${jobs} jobs of ${duties} duties, ${t}-of-${n}`,
      params: { jobs, duties, t, n, threads },
      perCall: jobs * duties,
      unit: 'duties/s',
      async build() {
        const libs = await loadLibraries();
        const c = cluster(t, n);
        const subsets = randomSubsets(n, t, 8);
        // Distinct messages: every duty is a different slot's signing root.
        const messages = Array.from({ length: jobs * duties }, (_, i) => {
          const m = Uint8Array.from(MESSAGE);
          new DataView(m.buffer).setUint32(0, i);
          return m;
        });
        const expected = messages.map((m) => oursBlst().api.sign(c.secretKey, m));
        const pool = await WorkerPool.start(threads);
        const libraries: LibraryId[] = mode.quick ? ['dvt-bls/blst'] : ['dvt-bls/blst', 'herumi'];
        const tasksOf = (library: LibraryId): Task[] =>
          Array.from({ length: jobs }, (_, j) => ({
            kind: 'duties',
            library,
            clusterKey: `${t}/${n}`,
            cluster: c,
            subsets,
            messages: messages.slice(j * duties, (j + 1) * duties),
          }));
        const coresUsed: CoresUsed = {};
        return {
          variants: pairVariants(libs, libraries, pool, tasksOf, threads, coresUsed),
          skipped: [
            NOBLE_SKIP,
            { library: 'blst', reason: 'no recombination (see the threshold section)' },
            { library: 'noble', reason: 'no threshold API' },
            ...(mode.quick ? [HERUMI_QUICK] : []),
          ],
          info: { coresUsed },
          check(o) {
            const signatures = (o as Uint8Array[][]).flat();
            signatures.forEach((sig, i) => expectBytes(sig, expected[i] as Uint8Array, `throughput duty ${i}`));
          },
          dispose: () => pool.close(),
        };
      },
    });
  }
  return out;
}

export const throughput: Section = {
  name: 'throughput',
  title: 'Throughput mode (worker threads)',
  description:
    'Many independent jobs at once: batch verifications of 64 and 128 sets, and lists of duties (t partial signatures and ' +
    '`combineVerified` each, distinct messages), run on a pool of worker threads, one per core (`--threads`), against the ' +
    'same jobs on the main thread alone. Each worker loads the libraries once; jobs travel as bytes (structured clone) and a ' +
    `free worker takes the next one. Target (issue): at least ${THROUGHPUT_TARGET}x the single-thread throughput on a 2-core machine for 64 sets and more.`,
  notes: [
    'The worker figures are the comparison between libraries (the last column: ours against the best peer, both with every core); the one-thread figures are the baseline of each library\'s speed-up.',
    'The speed-up is bounded by the cores the operating system actually gives the process: on a machine shared with other work it falls short of the core count. The "cores used" columns (process CPU time over elapsed time, every thread counted) show it.',
    "blst runs the pairings of a batch verification on its own native thread pool (the Rust `threadpool` of the `blst` crate, one thread per core): one JS thread calling `verifyBatch` already keeps about 1.5 to 1.9 cores busy on an idle 2-core machine, leaving the worker pool only the decoding (done on the calling thread) to spread. herumi's WebAssembly and single signatures and verifications (duties) run on the calling thread alone: there the pool has the cores to itself.",
    'The CPU-time column (every thread of the process counted, the dispatching main thread included) shows what the pool costs in extra work: about 1.0 means none, so what the pool loses against the core count is the cores it did not get.',
  ],
  cases,
};
