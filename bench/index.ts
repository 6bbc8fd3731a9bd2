/**
 * The benchmark suite: every section, our two backends side by side with raw @chainsafe/blst, raw
 * @noble/curves and herumi's bls-eth-wasm, interleaved, medians and ratios against the best peer.
 *
 *   npm run bench                       full run (under 15 minutes on the 2-core reference machine)
 *   npm run bench -- --quick            every section, fewer samples, slow peers capped (under 2 minutes)
 *   npm run bench -- --section dkg      one section (repeatable, or comma-separated)
 *   npm run bench -- --threads 4        worker threads for the throughput section (default: every core)
 *   npm run bench -- --clock cpu        medians of the process's CPU time instead of elapsed time: for a
 *                                       machine shared with other work (worker-pool rows stay on the wall clock)
 *   npm run bench -- --report-only      re-render docs/benchmarks.md from bench/results/latest.json
 *   npm run bench -- --smoke            every case once on tiny sizes, nothing written
 *
 * A run of every section writes bench/results/latest.json and regenerates docs/benchmarks.md with
 * its charts (bench/results/*.svg); a run of some sections writes bench/results/sections.json only,
 * so a partial run never passes for the whole report.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { writeReport } from './report';
import { runBench } from './runner';
import type { Mode, RunResult } from './types';

interface Args {
  mode: Mode;
  sections: string[];
  reportOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    mode: { quick: false, smoke: false, threads: os.availableParallelism?.() ?? os.cpus().length },
    sections: [],
    reportOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const [, inline] = a.split('=', 2);
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new Error(`${a}: expected a value`);
      return next;
    };
    if (a === '--quick') args.mode.quick = true;
    else if (a === '--smoke') args.mode.smoke = true;
    else if (a === '--report-only') args.reportOnly = true;
    else if (a.startsWith('--section')) args.sections.push(...value().split(',').filter(Boolean));
    else if (a.startsWith('--clock')) {
      const clock = value();
      if (clock !== 'wall' && clock !== 'cpu') throw new Error('--clock: expected wall or cpu');
      args.mode.clock = clock;
    } else if (a.startsWith('--threads')) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--threads: expected a positive integer');
      args.mode.threads = n;
    } else if (a === '--help' || a === '-h') {
      console.log(readFileSync(new URL(import.meta.url)).toString().split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const resultsDir = new URL('./results/', import.meta.url);
  const latest = new URL('latest.json', resultsDir);
  if (args.reportOnly) {
    const run = JSON.parse(readFileSync(latest, 'utf8')) as RunResult;
    writeReport(run);
    console.log('docs/benchmarks.md regenerated from bench/results/latest.json');
    return;
  }
  const { quick, smoke, threads, clock } = args.mode;
  console.log(
    `dvt-bls benchmarks: ${smoke ? 'smoke' : quick ? 'quick' : 'full'} run, ${clock ?? 'wall'} clock, ${threads} worker thread(s), node ${process.version}, ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`
  );
  const run = await runBench({ mode: args.mode, sections: args.sections });
  console.log(`\nwall time: ${run.wallSeconds.toFixed(1)} s`);
  const failures = run.sections.flatMap((s) => s.cases.flatMap((c) => (c.failures ?? []).map((f) => `${s.name}/${c.id}: ${f.label}: ${f.error}`)));
  if (failures.length > 0) {
    process.exitCode = 1;
    console.error(`\n${failures.length} variant(s) failed (reported as FAILED in the results):\n${failures.join('\n')}`);
  }
  if (smoke) return;
  mkdirSync(resultsDir, { recursive: true });
  if (args.sections.length > 0) {
    writeFileSync(new URL('sections.json', resultsDir), JSON.stringify(run, null, 2) + '\n');
    console.log('partial run: wrote bench/results/sections.json (latest.json and docs/benchmarks.md are left as they were)');
    return;
  }
  writeFileSync(latest, JSON.stringify(run, null, 2) + '\n');
  writeReport(run);
  console.log('wrote bench/results/latest.json, docs/benchmarks.md and bench/results/*.svg');
}

await main();
