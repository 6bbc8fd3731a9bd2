/**
 * The report of a run: docs/benchmarks.md (tables, headlines, where a peer is ahead and why) and
 * its SVG charts in bench/results/, all generated from the run's result (bench/results/latest.json),
 * readable on GitHub without running anything.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { barChart, lineChart, type BarGroup, type Series } from './charts';
import { DKG_TARGET_MS } from './sections/dkg';
import { SECTIONS } from './sections/index';
import { THROUGHPUT_TARGET } from './sections/throughput';
import type { CaseResult, LibraryId, RunResult, SectionResult, VariantResult } from './types';
import { LIBRARIES, libraryLabel } from './types';

const COLORS: Record<LibraryId, string> = {
  'dvt-bls/blst': '#1f6feb',
  'dvt-bls/noble': '#8957e5',
  blst: '#2da44e',
  noble: '#d4a72c',
  herumi: '#cf222e',
};

/** Where the charts go, relative to the repository root and to docs/. */
const CHART_DIR = 'bench/results';
const CHART_FROM_DOCS = '../bench/results';

// ---- Formatting --------------------------------------------------------------------------------

export function fmtTime(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)} s`;
  if (us >= 1e4) return `${(us / 1e3).toFixed(1)} ms`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(2)} ms`;
  return `${us.toFixed(0)} µs`;
}

export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(1)}k`;
  if (perSecond >= 100) return perSecond.toFixed(0);
  if (perSecond >= 10) return perSecond.toFixed(1);
  return perSecond.toFixed(2);
}

/** A time ratio (ours / peer) as words: "0.42 (2.4x faster)", "1.08 (8% slower)". */
export function fmtRatio(ratio: number): string {
  const words =
    ratio <= 1
      ? 1 / ratio >= 1.5
        ? `${(1 / ratio).toFixed(1)}x faster`
        : `${((1 / ratio - 1) * 100).toFixed(0)}% faster`
      : ratio >= 1.5
        ? `${ratio.toFixed(1)}x slower`
        : `${((ratio - 1) * 100).toFixed(0)}% slower`;
  return ratio > 1 ? `**${ratio.toFixed(2)}** (${words})` : `${ratio.toFixed(2)} (${words})`;
}

const cell = (v: VariantResult | undefined): string => (v === undefined ? '—' : `${fmtTime(v.medianUs)}<br><sub>${fmtRate(v.throughput)}/s</sub>`);

function variantOf(c: CaseResult, library: LibraryId, role?: VariantResult['role']): VariantResult | undefined {
  return c.variants.find((v) => v.library === library && (role === undefined ? v.role !== 'reference' : v.role === role));
}

function findCase(run: RunResult, section: string, id: string): CaseResult | undefined {
  return run.sections.find((s) => s.name === section)?.cases.find((c) => c.id === id);
}

// ---- Generic section table ---------------------------------------------------------------------

/** Libraries that appear (measured or skipped) in a section, in display order. */
function librariesIn(section: SectionResult): LibraryId[] {
  const seen = new Set<LibraryId>();
  for (const c of section.cases) {
    for (const v of c.variants) if (v.role !== 'reference') seen.add(v.library);
    for (const s of c.skipped) seen.add(s.library);
  }
  return LIBRARIES.map((l) => l.id).filter((id) => seen.has(id));
}

function footnotes(section: SectionResult): string[] {
  const lines: string[] = [];
  const notes = new Map<string, Set<string>>();
  const add = (key: string, op: string) => {
    if (!notes.has(key)) notes.set(key, new Set());
    notes.get(key)?.add(op);
  };
  for (const c of section.cases) for (const v of c.variants) if (v.note) add(`**${v.label}**: ${v.note}`, c.operation);
  if (notes.size > 0) lines.push('How each library does it:', '');
  for (const [text, ops] of notes) lines.push(`- ${[...ops].map((o) => `\`${o}\``).join(', ')}, ${text}`);
  const skips = new Map<string, string[]>();
  for (const c of section.cases) {
    for (const s of c.skipped) {
      const key = `**${libraryLabel(s.library)}**: ${s.reason}`;
      if (!skips.has(key)) skips.set(key, []);
      skips.get(key)?.push(`${c.operation} ${c.size}`);
    }
  }
  if (skips.size > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Not measured (—):', '');
    for (const [text, where] of skips) lines.push(`- ${text} (${compactList(where)}).`);
  }
  return lines;
}

function compactList(items: string[]): string {
  return items.length > 4 ? `${items.slice(0, 3).join('; ')}; and ${items.length - 3} more` : items.join('; ');
}

function genericTable(section: SectionResult): string[] {
  const libs = librariesIn(section);
  const head = ['operation', 'size', ...libs.map(libraryLabel), 'dvt-bls (blst) / best peer', 'dvt-bls (noble) / best portable peer'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const c of section.cases) {
    const row = [`\`${c.operation}\``, c.size, ...libs.map((l) => cell(variantOf(c, l)))];
    const r = c.ratios['dvt-bls/blst'];
    row.push(r === undefined ? '—' : `${fmtRatio(r)}<br><sub>vs ${c.bestPeer?.label}</sub>`);
    row.push(c.portableRatio === undefined ? '—' : `${fmtRatio(c.portableRatio)}<br><sub>vs ${c.bestPortablePeer?.label}</sub>`);
    lines.push(`| ${row.join(' | ')} |`);
  }
  const refs = section.cases.flatMap((c) => c.variants.filter((v) => v.role === 'reference').map((v) => ({ c, v })));
  if (refs.length > 0) {
    lines.push('', 'References (not the same job; never the yardstick):', '');
    lines.push('| operation | size | reference | median | rate | dvt-bls (blst) / reference |', '| --- | --- | --- | ---: | ---: | ---: |');
    for (const { c, v } of refs) {
      const ours = variantOf(c, 'dvt-bls/blst', 'ours');
      lines.push(`| \`${c.operation}\` | ${c.size} | ${v.label} | ${fmtTime(v.medianUs)} | ${fmtRate(v.throughput)} ${c.unit} | ${ours ? (ours.medianUs / v.medianUs).toFixed(2) : '—'} |`);
    }
  }
  return lines;
}

// ---- Special sections --------------------------------------------------------------------------

function dkgTable(section: SectionResult): string[] {
  const lines = [
    '| protocol | n | t | dvt-bls (blst), deals in the clear | dvt-bls (blst), sealed deals | encryption cost (blst) | dvt-bls (noble), clear | dvt-bls (noble), sealed | whole ceremony (blst, clear, wall clock): median participant [min–max] |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const byKey = new Map<string, { plain?: CaseResult; sealed?: CaseResult }>();
  for (const c of section.cases) {
    const key = `${c.operation}/${c.params.n}`;
    const entry = byKey.get(key) ?? {};
    if (c.params.sealed) entry.sealed = c;
    else entry.plain = c;
    byKey.set(key, entry);
  }
  for (const [key, { plain, sealed }] of byKey) {
    const [protocol, n] = key.split('/');
    const t = (plain ?? sealed)?.params.t;
    const ms = (c: CaseResult | undefined, lib: LibraryId) => {
      const v = c && variantOf(c, lib);
      return v === undefined ? undefined : v.medianUs / 1000;
    };
    const f = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
    const bp = ms(plain, 'dvt-bls/blst');
    const bs = ms(sealed, 'dvt-bls/blst');
    const info = plain?.info as { ceremonyMedianMs?: number; ceremonyMinMs?: number; ceremonyMaxMs?: number } | undefined;
    const target = Number(n) === 64 && bp !== undefined ? ` ${bp <= DKG_TARGET_MS ? '✅' : '❌'} (target ${DKG_TARGET_MS} ms)` : '';
    lines.push(
      `| ${protocol} | ${n} | ${t} | ${f(bp)}${target} | ${f(bs)} | ${bp !== undefined && bs !== undefined ? `+${(bs - bp).toFixed(1)} ms` : '—'} | ${f(ms(plain, 'dvt-bls/noble'))} | ${f(ms(sealed, 'dvt-bls/noble'))} | ${
        info?.ceremonyMedianMs !== undefined ? `${info.ceremonyMedianMs.toFixed(0)} ms [${info.ceremonyMinMs?.toFixed(0)}–${info.ceremonyMaxMs?.toFixed(0)}]` : '—'
      } |`
    );
  }
  return lines;
}

/** Speed-up of the pool over one thread for a library in a throughput case. */
function speedup(c: CaseResult, library: LibraryId): number | undefined {
  const single = c.variants.find((v) => v.library === library && v.threads === 1);
  const pool = c.variants.find((v) => v.library === library && (v.threads ?? 1) > 1);
  return single && pool ? single.medianUs / pool.medianUs : undefined;
}

function throughputTable(section: SectionResult): string[] {
  const lines = [
    '| jobs | library | one JS thread | cores used | all workers | cores used | speed-up | CPU time per round of jobs, workers ÷ one thread | vs best peer (workers) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of section.cases) {
    const cores = (c.info as { coresUsed?: Record<string, number> } | undefined)?.coresUsed ?? {};
    for (const l of LIBRARIES.map((x) => x.id)) {
      const single = c.variants.find((v) => v.library === l && v.threads === 1);
      const pool = c.variants.find((v) => v.library === l && (v.threads ?? 1) > 1);
      if (!single || !pool) continue;
      const s = speedup(c, l);
      const target = l === 'dvt-bls/blst' && s !== undefined ? ` ${s >= THROUGHPUT_TARGET ? '✅' : '❌'}` : '';
      const r = c.ratios[l];
      const used = (v: VariantResult) => (cores[v.label] === undefined ? '—' : (cores[v.label] as number).toFixed(2));
      lines.push(
        `| \`${c.operation}\`: ${c.size} | ${libraryLabel(l)} | ${fmtRate(single.throughput)} ${c.unit} | ${used(single)} | ${fmtRate(pool.throughput)} ${c.unit} | ${used(pool)} | ${
          s === undefined ? '—' : `${s.toFixed(2)}x${target}`
        } | ${single.cpuMedianUs > 0 ? (pool.cpuMedianUs / single.cpuMedianUs).toFixed(2) : '—'} | ${r === undefined ? '—' : fmtRatio(r)} |`
      );
    }
  }
  return lines;
}

// ---- Charts ------------------------------------------------------------------------------------

function aggregationChart(run: RunResult): string | undefined {
  const section = run.sections.find((s) => s.name === 'aggregation');
  if (!section) return undefined;
  const panel = (operation: string, title: string, unit: string) => {
    const cases = section.cases.filter((c) => c.operation === operation);
    const series: Series[] = LIBRARIES.map((l) => ({
      label: l.label,
      color: COLORS[l.id],
      points: cases.flatMap((c) => {
        const v = variantOf(c, l.id);
        return v ? [{ x: Number(c.params.N), y: v.throughput }] : [];
      }),
    }));
    series.push({
      label: 'raw blst, no subgroup check (reference)',
      color: '#8c959f',
      dashed: true,
      points: cases.flatMap((c) => {
        const v = c.variants.find((x) => x.role === 'reference');
        return v ? [{ x: Number(c.params.N), y: v.throughput }] : [];
      }),
    });
    return { title, xLabel: 'N (points per call, from bytes)', yLabel: unit, series: series.filter((s) => s.points.length > 0) };
  };
  return lineChart(
    'Aggregation throughput (higher is better)',
    [panel('aggregateSignatures', 'aggregateSignatures', 'signatures per second'), panel('aggregatePublicKeys', 'aggregatePublicKeys', 'public keys per second')],
    `${run.mode} run, ${run.date.slice(0, 10)}, ${run.machine.cpu} (${run.machine.cores} cores), Node ${run.node}`
  );
}

function dutyChart(run: RunResult): string | undefined {
  const section = run.sections.find((s) => s.name === 'threshold');
  const cases = section?.cases.filter((c) => c.operation === 'duty') ?? [];
  if (cases.length === 0) return undefined;
  const bars: { label: string; color: string; pick: (c: CaseResult) => VariantResult | undefined }[] = [
    ...LIBRARIES.filter((l) => l.id !== 'blst').map((l) => ({ label: l.label, color: COLORS[l.id], pick: (c: CaseResult) => variantOf(c, l.id) })),
    { label: 'herumi, verifying every partial', color: '#ff8182', pick: (c) => c.variants.find((v) => v.library === 'herumi' && v.role === 'reference') },
    { label: 'native floor (t raw blst signs + 1 verify)', color: COLORS.blst, pick: (c) => c.variants.find((v) => v.library === 'blst' && v.role === 'reference') },
  ];
  const groups: BarGroup[] = cases.map((c) => ({
    label: c.size,
    bars: bars.map((b) => ({ label: b.label, color: b.color, value: b.pick(c) && (b.pick(c) as VariantResult).medianUs / 1000 })),
  }));
  return barChart(
    'Duty latency: t partial signatures + verified recombination (lower is better)',
    'time per duty (log scale)',
    groups,
    `${run.mode} run, ${run.date.slice(0, 10)}, ${run.machine.cpu} (${run.machine.cores} cores), Node ${run.node}`
  );
}

function dkgChart(run: RunResult): string | undefined {
  const section = run.sections.find((s) => s.name === 'dkg');
  if (!section || section.cases.length === 0) return undefined;
  const series: Series[] = [];
  const protocols = [...new Set(section.cases.map((c) => c.operation))];
  for (const library of ['dvt-bls/blst', 'dvt-bls/noble'] as const) {
    for (const protocol of protocols) {
      for (const sealed of [false, true]) {
        const points = section.cases
          .filter((c) => c.operation === protocol && Boolean(c.params.sealed) === sealed)
          .flatMap((c) => {
            const v = variantOf(c, library);
            return v ? [{ x: Number(c.params.n), y: v.medianUs / 1000 }] : [];
          });
        if (points.length === 0) continue;
        const shade = protocol === 'pedersen' ? (library === 'dvt-bls/blst' ? '#0a3069' : '#512a97') : COLORS[library];
        series.push({ label: `${libraryLabel(library)}, ${protocol}${sealed ? ', sealed deals' : ''}`, color: shade, ...(sealed ? { dashed: true } : {}), points });
      }
    }
  }
  return lineChart(
    "DKG: one participant's compute (lower is better)",
    [{ title: `t = ceil(2n/3); target at n = 64 on blst, deals in the clear: ${DKG_TARGET_MS} ms`, xLabel: 'n (participants)', yLabel: 'milliseconds per participant', series }],
    `${run.mode} run, ${run.date.slice(0, 10)}, ${run.machine.cpu} (${run.machine.cores} cores), Node ${run.node}`,
    680
  );
}

// ---- Headlines ---------------------------------------------------------------------------------

/** The figures the issue asks the closing note to quote. */
export function headlines(run: RunResult): string[] {
  const out: string[] = [];
  const duty = findCase(run, 'threshold', 'duty/3-of-4');
  if (duty) {
    const ours = variantOf(duty, 'dvt-bls/blst');
    const herumi = variantOf(duty, 'herumi');
    const strict = duty.variants.find((v) => v.library === 'herumi' && v.role === 'reference');
    const floor = duty.variants.find((v) => v.library === 'blst' && v.role === 'reference');
    if (ours) {
      const parts = [`**Duty, 3-of-4, native backend**: ${fmtTime(ours.medianUs)} (${fmtRate(ours.throughput)} duties/s on one core)`];
      if (herumi) parts.push(`${(herumi.medianUs / ours.medianUs).toFixed(1)}x herumi's throughput doing the same job`);
      if (strict) parts.push(`${(strict.medianUs / ours.medianUs).toFixed(1)}x herumi verifying every partial`);
      if (floor) parts.push(`${(ours.medianUs / floor.medianUs).toFixed(2)}x the native floor's time (goal ≤ 1.5)`);
      out.push(parts.join('; ') + '.');
    }
  }
  const dutyRows = run.sections.find((s) => s.name === 'threshold')?.cases.filter((c) => c.operation === 'duty') ?? [];
  if (dutyRows.length > 1) {
    const items = dutyRows
      .map((c) => {
        const o = variantOf(c, 'dvt-bls/blst');
        const h = variantOf(c, 'herumi');
        const f = c.variants.find((v) => v.library === 'blst' && v.role === 'reference');
        return o && h && f ? `${c.size}: ${(h.medianUs / o.medianUs).toFixed(1)}x herumi, ${(o.medianUs / f.medianUs).toFixed(2)}x floor` : undefined;
      })
      .filter(Boolean);
    out.push(`Duty throughput against herumi and time against the native floor, native backend, by (t, n): ${items.join('; ')}.`);
  }
  for (const op of ['aggregateSignatures', 'aggregatePublicKeys']) {
    const cases = run.sections.find((s) => s.name === 'aggregation')?.cases.filter((c) => c.operation === op) ?? [];
    const items = cases
      .map((c) => {
        const o = variantOf(c, 'dvt-bls/blst');
        const b = variantOf(c, 'blst');
        return o && b ? `N = ${c.params.N}: ${(o.medianUs / b.medianUs).toFixed(2)}` : undefined;
      })
      .filter(Boolean);
    if (items.length > 0) out.push(`**\`${op}\` against raw blst** (time ratio, validated both sides): ${items.join(', ')}.`);
  }
  const portable = run.sections.flatMap((s) => s.cases).filter((c) => c.portableRatio !== undefined);
  if (portable.length > 0) {
    const ratios = portable.map((c) => c.portableRatio as number);
    const vsNoble = portable
      .map((c) => {
        const o = variantOf(c, 'dvt-bls/noble');
        const n = variantOf(c, 'noble');
        return o && n ? o.medianUs / n.medianUs : undefined;
      })
      .filter((x): x is number => x !== undefined);
    out.push(
      `**Portable backend** (dvt-bls on noble) against the best portable peer: ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x its time over ${portable.length} cases` +
        (vsNoble.length > 0 ? `; against raw noble doing the same job: ${Math.min(...vsNoble).toFixed(2)}x to ${Math.max(...vsNoble).toFixed(2)}x.` : '.')
    );
  }
  const tp = run.sections.find((s) => s.name === 'throughput');
  if (tp) {
    const items = tp.cases
      .map((c) => {
        const s = speedup(c, 'dvt-bls/blst');
        const cores = (c.info as { coresUsed?: Record<string, number> } | undefined)?.coresUsed ?? {};
        const one = c.variants.find((v) => v.library === 'dvt-bls/blst' && v.threads === 1);
        const all = c.variants.find((v) => v.library === 'dvt-bls/blst' && (v.threads ?? 1) > 1);
        const used =
          one && all && cores[one.label] !== undefined && cores[all.label] !== undefined
            ? ` (cores the process got: ${(cores[one.label] as number).toFixed(2)} → ${(cores[all.label] as number).toFixed(2)})`
            : '';
        return s === undefined ? undefined : `${c.operation} ${c.size}: ${s.toFixed(2)}x${used}`;
      })
      .filter(Boolean);
    if (items.length > 0) {
      out.push(
        `**Throughput mode** (${tp.cases[0]?.params.threads} workers against one thread, native backend; target ${THROUGHPUT_TARGET}x): ${items.join('; ')}. ` +
          `Load average during the run: ${run.machine.loadAverageStart.map((l) => l.toFixed(1)).join(' / ')} at the start, ${run.machine.loadAverageEnd.map((l) => l.toFixed(1)).join(' / ')} at the end, on ${run.machine.cores} cores.`
      );
    }
  }
  const dkgSection = run.sections.find((s) => s.name === 'dkg');
  if (dkgSection) {
    const items = dkgSection.cases
      .filter((c) => Number(c.params.n) === Math.max(...dkgSection.cases.map((x) => Number(x.params.n))) && !c.params.sealed)
      .map((c) => {
        const v = variantOf(c, 'dvt-bls/blst');
        return v ? `${c.operation} ${fmtTime(v.medianUs)}` : undefined;
      })
      .filter(Boolean);
    const n = Math.max(...dkgSection.cases.map((x) => Number(x.params.n)));
    if (items.length > 0) out.push(`**DKG, one participant, n = ${n}, native backend, deals in the clear**: ${items.join(', ')}${n === 64 ? ` (target ${DKG_TARGET_MS} ms)` : ''}.`);
  }
  return out;
}

// ---- Where a peer is ahead ---------------------------------------------------------------------

/**
 * The cases where a peer is ahead, grouped by section, operation, backend and peer, each with the
 * reason; those whose interquartile ranges overlap the peer's are listed apart, as ties.
 */
function peerAheadSection(run: RunResult): string[] {
  const lines: string[] = ['## Where a peer is ahead', ''];
  lines.push(
    'Every case where a peer is faster than a backend of ours (the native backend against the best peer, the noble backend ' +
      'against the best portable peer), grouped by operation, with the reason. A lead counts when the interquartile ranges of ' +
      'the two do not overlap; the others are ties, listed after the table.',
    ''
  );
  type Entry = SectionResult['peerAhead'][number] & { section: string };
  const all: Entry[] = run.sections.flatMap((s) => s.peerAhead.map((p) => ({ ...p, section: s.title })));
  // One row per section, backend, peer and reason: the cases it explains are listed together.
  const groups = new Map<string, Entry[]>();
  for (const e of all.filter((a) => a.significant)) {
    const key = `${e.section}|${e.backend}|${e.peer}|${e.reason ?? e.operation}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  if (groups.size === 0) lines.push('Nowhere in this run.');
  else {
    lines.push('| section | our backend | ahead of it | cases: time ratio (extra time per call) | why |', '| --- | --- | --- | --- | --- |');
    for (const entries of groups.values()) {
      const e = entries[0] as Entry;
      const cases = entries.map((x) => `\`${x.operation}\` ${x.size}: ${x.ratio.toFixed(2)} (+${fmtTime(x.extraUs)})`).join('<br>');
      lines.push(`| ${e.section} | ${libraryLabel(e.backend)} | ${e.peerLabel} | ${cases} | ${e.reason ?? '—'} |`);
    }
  }
  const ties = all.filter((a) => !a.significant);
  if (ties.length > 0) {
    lines.push(
      '',
      `Ties (a peer's median lower, but the interquartile ranges overlap): ${ties
        .map((t) => `\`${t.caseId}\` (${libraryLabel(t.backend)} ${t.ratio.toFixed(2)} against ${t.peerLabel})`)
        .join(', ')}.`
    );
  }
  return lines;
}

// ---- The document ------------------------------------------------------------------------------

export function renderMarkdown(run: RunResult, charts: { aggregation?: string; duty?: string; dkg?: string }): string {
  const m = run.machine;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push('<!-- Generated by `npm run bench` (bench/report.ts) from bench/results/latest.json. Do not edit by hand: rerun the suite. -->', '');
  lines.push(
    'Every figure below comes from ONE run of `npm run bench` on the machine described here: our two backends (`dvt-bls` on ' +
      'native blst, and on pure-JavaScript noble) side by side with raw `@chainsafe/blst`, raw `@noble/curves` and herumi\'s ' +
      '`bls-eth-wasm`, each case\'s libraries interleaved round by round so that machine drift hits all of them alike. Times are ' +
      `medians per call (${run.clock === 'cpu' ? 'of the process\'s CPU time: see the clock row' : 'elapsed time'}); rates are units per second on one core. Every library starts from the same bytes and does the same ` +
      'checks (each output is checked before timing). **Ratio** = our median time ÷ the best peer\'s: below 1, ours is faster. ' +
      'The native backend is held to the best peer of all; the noble backend, which exists for browsers and other runtimes ' +
      'without native code, to the best *portable* peer (raw noble or herumi\'s WebAssembly: the ones that run where it runs). ' +
      'Its ratio to the best peer of all is in `bench/results/latest.json`.',
    ''
  );
  lines.push('| run | |', '| --- | --- |');
  lines.push(`| date | ${run.date} |`);
  lines.push(`| mode | ${run.mode} (\`${run.command}\`), wall time ${(run.wallSeconds / 60).toFixed(1)} min |`);
  lines.push(`| machine | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform} ${m.release} |`);
  lines.push(
    `| load average (1/5/15 min) | ${m.loadAverageStart.map((l) => l.toFixed(2)).join(' / ')} at the start, ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' / ')} at the end |`
  );
  lines.push(
    `| clock | ${
      run.clock === 'cpu'
        ? "the process's CPU time (`--clock cpu`: the machine was shared, and elapsed time would count the time other processes held the cores); worker-pool rows on the wall clock; wall-clock medians of every row are in latest.json"
        : 'elapsed (wall-clock) time; CPU-time medians of every row are in latest.json'
    } |`
  );
  lines.push(`| Node.js | ${run.node} |`);
  lines.push(`| packages | ${Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')} |`);
  if (run.git) lines.push(`| commit | \`${run.git.commit.slice(0, 12)}\`${run.git.dirty ? ' (with uncommitted changes)' : ''} |`);
  lines.push('');
  if (m.loadAverageStart[0] !== undefined && m.loadAverageStart[0] > m.cores * 0.5) {
    lines.push(
      `> The machine was shared with other work during this run (load average above ${(m.cores * 0.5).toFixed(0)} on ${m.cores} cores): absolute figures are noisy and pessimistic; the ratios, taken from interleaved samples, much less so.`,
      ''
    );
  }
  const failures = run.sections.flatMap((s) => s.cases.flatMap((c) => (c.failures ?? []).map((f) => `\`${s.name}/${c.id}\`, ${f.label}: ${f.error}`)));
  if (failures.length > 0) {
    lines.push('## Failures', '', 'These variants threw or produced a wrong output in this run (a bug to fix; they are left out of the tables):', '');
    for (const f of failures) lines.push(`- ${f}`);
    lines.push('');
  }
  lines.push('## Headlines', '');
  for (const h of headlines(run)) lines.push(`- ${h}`);
  lines.push('');
  lines.push(...peerAheadSection(run), '');
  lines.push('## Contents', '');
  for (const s of run.sections) lines.push(`- [${s.title}](#${anchor(s.title)})`);
  lines.push('- [Method](#method)', '');

  for (const s of run.sections) {
    lines.push(`## ${s.title}`, '', s.description, '');
    if (s.name === 'aggregation' && charts.aggregation) lines.push(`![Aggregation throughput against N, per library](${CHART_FROM_DOCS}/${charts.aggregation})`, '');
    if (s.name === 'threshold' && charts.duty) lines.push(`![Duty latency per backend and peer, by (t, n)](${CHART_FROM_DOCS}/${charts.duty})`, '');
    if (s.name === 'dkg' && charts.dkg) lines.push(`![DKG compute per participant against n, per backend and protocol](${CHART_FROM_DOCS}/${charts.dkg})`, '');
    if (s.name === 'dkg') lines.push(...dkgTable(s));
    else if (s.name === 'throughput') lines.push(...throughputTable(s));
    else lines.push(...genericTable(s));
    lines.push('');
    if (s.notes.length > 0) {
      lines.push('Notes:', '');
      for (const n of s.notes) lines.push(`- ${n}`);
      lines.push('');
    }
    const f = footnotes(s);
    if (f.length > 0) lines.push(...f, '');
    lines.push(`<sub>Section wall time: ${s.wallSeconds.toFixed(0)} s.</sub>`, '');
  }
  lines.push('## Method', '');
  lines.push(
    '- **Harness** (`bench/harness.ts`, `measure`): each variant of a case is warmed up (its first output checked), its calls batched to a target sample length, then all variants are sampled in interleaved rounds; the figure is the median time per call. Slow variants (seconds per call) get fewer rounds, never fewer than two, so that the full run stays within its time budget; their sample counts are in `bench/results/latest.json` with the interquartile spread of every variant.',
    '- **Fairness**: all inputs are bytes made once from a seeded generator; every library decodes and validates them inside the timed call and serializes its output. Long-term keys (a signer\'s secret key, an aggregator\'s group key) are loaded once per library, as running services hold them. Where a library lacks an operation, its nearest equivalent is built from its own primitives and footnoted; where it has none, the cell is empty and the reason given.',
    '- **Ratios** compare each backend of ours with the fastest peer of the same case; references (unchecked decoding, the native floor, stricter aggregation) are shown but never used as the yardstick.',
    '- **Reproduce**: `npm run bench` (full), `npm run bench -- --quick` (every section, fewer samples), `npm run bench -- --section threshold` (one section, written to `bench/results/sections.json`). `test/bench-smoke.test.ts` runs every case once on tiny sizes in CI.',
    ''
  );
  return lines.join('\n');
}

function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/ /g, '-');
}

/**
 * The reasons of the "peer ahead" entries, asked again of the sections, so that a report rendered
 * from an earlier run's results (`--report-only`) carries the current explanations.
 */
function withCurrentReasons(run: RunResult): RunResult {
  return {
    ...run,
    sections: run.sections.map((s) => {
      const section = SECTIONS.find((x) => x.name === s.name);
      if (!section?.whyPeerAhead) return s;
      return {
        ...s,
        peerAhead: s.peerAhead.map((p) => {
          const c = s.cases.find((x) => x.id === p.caseId);
          const reason = c && section.whyPeerAhead?.(c, p.backend, p.peer);
          const { reason: _old, ...rest } = p;
          return reason ? { ...rest, reason } : rest;
        }),
      };
    }),
  };
}

/** The report of a run as files (paths relative to the repository root) and their contents. */
export function renderReport(original: RunResult): Map<string, string> {
  const run = withCurrentReasons(original);
  const files = new Map<string, string>();
  const charts: { aggregation?: string; duty?: string; dkg?: string } = {};
  const agg = aggregationChart(run);
  if (agg) {
    files.set(`${CHART_DIR}/aggregation.svg`, agg);
    charts.aggregation = 'aggregation.svg';
  }
  const duty = dutyChart(run);
  if (duty) {
    files.set(`${CHART_DIR}/duty-latency.svg`, duty);
    charts.duty = 'duty-latency.svg';
  }
  const dkg = dkgChart(run);
  if (dkg) {
    files.set(`${CHART_DIR}/dkg.svg`, dkg);
    charts.dkg = 'dkg.svg';
  }
  files.set('docs/benchmarks.md', renderMarkdown(run, charts));
  return files;
}

/** Writes docs/benchmarks.md and the charts of a run. */
export function writeReport(run: RunResult): void {
  const root = new URL('../', import.meta.url);
  for (const [path, content] of renderReport(run)) {
    const url = new URL(path, root);
    mkdirSync(new URL('./', url), { recursive: true });
    writeFileSync(url, content);
  }
}
