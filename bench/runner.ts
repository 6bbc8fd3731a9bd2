/**
 * Runs sections: builds each case, checks every variant's output once, measures the variants
 * interleaved (harness.ts), and computes the ratios of our backends to the best peer.
 * @module
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { formatUs, measure, type MeasureOptions } from './harness';
import { packageVersions } from './libraries';
import { fmtRate } from './report';
import { SECTIONS } from './sections/index';
import type { BuiltCase, CaseResult, LibraryId, Mode, RunResult, Section, SectionResult, VariantResult } from './types';
import { PORTABLE_PEERS, libraryLabel } from './types';

export interface RunOptions {
  mode: Mode;
  /** Section names to run (all when empty). */
  sections?: string[];
  /** Log progress (default true). */
  log?: (line: string) => void;
}

/** Sampling settings of each mode (see `measure` in harness.ts). */
export function measureOptions(mode: Mode): MeasureOptions {
  if (mode.smoke) return { rounds: 0, minRounds: 0, sampleMs: 0, budgetMs: 0, warmupMs: 0, slowMs: 0 };
  if (mode.quick) return { rounds: 3, minRounds: 2, sampleMs: 15, budgetMs: 150, warmupMs: 30, slowMs: 300 };
  return { rounds: 9, minRounds: 3, sampleMs: 50, budgetMs: 1200, warmupMs: 120, slowMs: 1500 };
}

function ratiosOf(variants: VariantResult[]): Pick<CaseResult, 'bestPeer' | 'ratios' | 'bestPortablePeer' | 'portableRatio'> {
  const fastest = (list: VariantResult[]) => (list.length === 0 ? undefined : list.reduce((a, b) => (b.medianUs < a.medianUs ? b : a)));
  const best = fastest(variants.filter((v) => v.role === 'peer'));
  const portable = fastest(variants.filter((v) => v.role === 'peer' && PORTABLE_PEERS.includes(v.library)));
  const out: ReturnType<typeof ratiosOf> = { ratios: {} };
  if (best) {
    out.bestPeer = { library: best.library, label: best.label, medianUs: best.medianUs };
    for (const v of variants) if (v.role === 'ours') out.ratios[v.library] = v.medianUs / best.medianUs;
  }
  const noble = variants.find((v) => v.role === 'ours' && v.library === 'dvt-bls/noble');
  if (portable) {
    out.bestPortablePeer = { library: portable.library, label: portable.label, medianUs: portable.medianUs };
    if (noble) out.portableRatio = noble.medianUs / portable.medianUs;
  }
  return out;
}

/** Runs one section: every case built, checked and measured (in smoke mode: each variant once). */
export async function runSection(section: Section, mode: Mode, log: (line: string) => void = console.log): Promise<SectionResult> {
  const started = performance.now();
  const options = measureOptions(mode);
  const results: CaseResult[] = [];
  log(`\n## ${section.title}`);
  for (const c of section.cases(mode)) {
    let built: BuiltCase;
    try {
      built = await c.build();
    } catch (e) {
      // A case whose fixtures cannot be built is a bug: reported, and the run goes on.
      const error = e instanceof Error ? e.message : String(e);
      console.error(`!! ${c.id}: could not be built: ${error}`);
      results.push({
        id: c.id,
        operation: c.operation,
        size: c.size,
        params: c.params,
        perCall: c.perCall,
        unit: c.unit,
        variants: [],
        skipped: [],
        ratios: {},
        failures: [{ library: 'dvt-bls/blst', label: 'building the case', error }],
      });
      continue;
    }
    try {
      const scale = c.budgetScale ?? 1;
      const measured = await measure(
        built.variants.map((v) => ({
          name: v.label ?? libraryLabel(v.library),
          run: v.run,
          async: v.async ?? false,
          ...(built.check && !v.skipCheck ? { check: (out: unknown) => built.check?.(out, v) } : {}),
        })),
        { ...options, budgetMs: options.budgetMs * scale, clock: mode.clock ?? 'wall' }
      );
      const failures: NonNullable<CaseResult['failures']> = [];
      const kept = built.variants.flatMap((v, i) => {
        const m = measured[i] as (typeof measured)[number];
        if (m.error === undefined) return [{ v, m }];
        failures.push({ library: v.library, label: v.label ?? libraryLabel(v.library), error: m.error });
        return [];
      });
      const variants: VariantResult[] = kept.map(({ v, m }) => {
        return {
          library: v.library,
          role: v.role,
          label: v.label ?? libraryLabel(v.library),
          ...(v.note === undefined ? {} : { note: v.note }),
          ...(v.threads === undefined ? {} : { threads: v.threads }),
          medianUs: m.medianUs,
          wallMedianUs: m.wallMedianUs,
          cpuMedianUs: m.cpuMedianUs,
          clock: m.clock,
          q1Us: m.q1Us,
          q3Us: m.q3Us,
          spreadPct: m.medianUs > 0 ? ((m.q3Us - m.q1Us) / m.medianUs) * 100 : 0,
          samples: m.samples,
          throughput: c.perCall / (m.medianUs / 1e6),
        };
      });
      const result: CaseResult = {
        id: c.id,
        operation: c.operation,
        size: c.size,
        params: c.params,
        perCall: c.perCall,
        unit: c.unit,
        variants,
        skipped: [...(built.skipped ?? []), ...failures.map((f) => ({ library: f.library, reason: `FAILED (${f.label}): ${f.error}` }))],
        ...ratiosOf(variants),
        ...(built.info === undefined ? {} : { info: built.info }),
        ...(failures.length > 0 ? { failures } : {}),
      };
      results.push(result);
      log(`- ${c.id}`);
      for (const v of variants) {
        const ratio = result.ratios[v.library];
        const portable = v.library === 'dvt-bls/noble' && result.portableRatio !== undefined ? `, ${result.portableRatio.toFixed(2)}x best portable peer` : '';
        const tag = v.role === 'ours' && ratio !== undefined ? `  ${ratio.toFixed(2)}x best peer${portable}` : v.role === 'reference' ? '  (reference)' : '';
        log(`    ${v.label.padEnd(34)} ${formatUs(v.medianUs).padStart(11)}  ${fmtRate(v.throughput)} ${c.unit}${tag}`);
      }
      for (const s of result.skipped) log(`    ${libraryLabel(s.library).padEnd(34)} skipped: ${s.reason}`);
      for (const f of failures) console.error(`!! ${c.id}: ${f.label} failed: ${f.error}`);
    } finally {
      await built.dispose?.();
    }
  }
  const peerAhead: SectionResult['peerAhead'] = [];
  for (const r of results) {
    const add = (backend: LibraryId, ratio: number | undefined, peer: CaseResult['bestPeer']) => {
      if (ratio === undefined || ratio <= 1 || peer === undefined) return;
      const ours = r.variants.find((v) => v.library === backend && v.role === 'ours') as VariantResult;
      const theirs = r.variants.find((v) => v.library === peer.library && v.role === 'peer') as VariantResult;
      const reason = section.whyPeerAhead?.(r, backend, peer.library);
      peerAhead.push({
        caseId: r.id,
        operation: r.operation,
        size: r.size,
        backend,
        ratio,
        extraUs: ours.medianUs - theirs.medianUs,
        peer: peer.library,
        peerLabel: peer.label,
        significant: ours.q1Us > theirs.q3Us,
        ...(reason ? { reason } : {}),
      });
    };
    add('dvt-bls/blst', r.ratios['dvt-bls/blst'], r.bestPeer);
    add('dvt-bls/noble', r.portableRatio, r.bestPortablePeer);
  }
  return {
    name: section.name,
    title: section.title,
    description: section.description,
    notes: section.notes ?? [],
    cases: results,
    peerAhead,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

function gitInfo(): RunResult['git'] {
  try {
    const commit = execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

/** Runs the selected sections and returns the whole result. */
export async function runBench(options: RunOptions): Promise<RunResult> {
  const log = options.log ?? console.log;
  const wanted = options.sections ?? [];
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}: expected ${SECTIONS.map((s) => s.name).join(', ')}`);
  const selected = SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
  const started = performance.now();
  const loadAverageStart = os.loadavg();
  const sections: SectionResult[] = [];
  for (const section of selected) sections.push(await runSection(section, options.mode, log));
  const cpus = os.cpus();
  const git = gitInfo();
  return {
    schema: 1,
    date: new Date().toISOString(),
    mode: options.mode.smoke ? 'smoke' : options.mode.quick ? 'quick' : 'full',
    clock: options.mode.clock ?? 'wall',
    command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
    wallSeconds: (performance.now() - started) / 1000,
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: os.availableParallelism?.() ?? cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
      release: os.release(),
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
    },
    node: process.version,
    versions: packageVersions(),
    ...(git ? { git } : {}),
    sections,
  };
}

