/**
 * The benchmark suite cannot rot: every case of every section (bench/sections/) is built and run
 * once on tiny sizes, each library's output checked (a wrong aggregate, a failed verification or a
 * replayed DKG participant that does not redo its work fails here), the worker pool included; then
 * the report (Markdown and SVG charts) is rendered from the results, without writing anything.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../bench/report';
import { runSection } from '../bench/runner';
import { SECTIONS } from '../bench/sections/index';
import type { Mode, RunResult, SectionResult } from '../bench/types';

const mode: Mode = { quick: false, smoke: true, threads: 2 };
const results: SectionResult[] = [];

describe('benchmark suite, smoke run (every case once, tiny sizes)', () => {
  it.each(SECTIONS.map((s) => [s.name, s] as const))('section %s: every case runs and every output checks', async (_, section) => {
    const result = await runSection(section, mode, () => {});
    results.push(result);
    expect(result.cases.length).toBe(section.cases(mode).length);
    for (const c of result.cases) {
      expect(c.failures ?? [], c.id).toEqual([]);
      expect(c.variants.length, c.id).toBeGreaterThan(0);
      expect(c.variants.some((v) => v.role === 'ours'), c.id).toBe(true);
      for (const v of c.variants) expect(Number.isFinite(v.medianUs) && v.medianUs > 0, `${c.id} ${v.label}`).toBe(true);
      // Every library is either measured or skipped with a reason.
      const libs = new Set([...c.variants.map((v) => v.library), ...c.skipped.map((s) => s.library)]);
      expect(libs.size, c.id).toBe(5);
      for (const s of c.skipped) expect(s.reason.length, `${c.id} ${s.library}`).toBeGreaterThan(0);
    }
  });

  it('renders the report and charts from the results', () => {
    expect(results.map((r) => r.name)).toEqual(SECTIONS.map((s) => s.name));
    const run: RunResult = {
      schema: 1,
      date: new Date().toISOString(),
      mode: 'smoke',
      clock: 'wall',
      command: 'vitest',
      wallSeconds: 1,
      machine: { cpu: 'test', cores: 2, memoryGiB: 1, platform: 'test', release: '0', loadAverageStart: [0, 0, 0], loadAverageEnd: [0, 0, 0] },
      node: process.version,
      versions: {},
      sections: results,
    };
    const files = renderReport(run);
    const markdown = files.get('docs/benchmarks.md') ?? '';
    for (const s of SECTIONS) expect(markdown).toContain(`## ${s.title}`);
    expect(markdown).toContain('## Headlines');
    for (const chart of ['bench/results/aggregation.svg', 'bench/results/duty-latency.svg', 'bench/results/dkg.svg']) {
      const svg = files.get(chart) ?? '';
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), chart).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), chart).toBe(true);
      expect(svg).not.toContain('NaN');
    }
  });
});
