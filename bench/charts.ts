/**
 * Charts as hand-written SVG (no chart dependency): a log-log line chart (rate against size, one
 * line per library) and a grouped bar chart on a log axis (latency per group, one bar per
 * library). Plain SVG 1.1 with a white background and a sans-serif font, so GitHub renders it as an
 * image in Markdown.
 * @module
 */

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface BarGroup {
  label: string;
  bars: { label: string; color: string; value: number | undefined }[];
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n2 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Powers of ten covering [lo, hi], for a log axis. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

export function formatQuantity(v: number): string {
  if (v >= 1e9) return `${n2(v / 1e9)}G`;
  if (v >= 1e6) return `${n2(v / 1e6)}M`;
  if (v >= 1e3) return `${n2(v / 1e3)}k`;
  if (v >= 1) return n2(v);
  return v.toPrecision(2);
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${n2(ms / 1000)} s`;
  if (ms >= 1) return `${n2(ms)} ms`;
  return `${n2(ms * 1000)} µs`;
}

/**
 * One panel of a log-log line chart, drawn at (x0, y0) with the given size; returns SVG elements.
 */
function linePanel(
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
  x0: number,
  y0: number,
  w: number,
  h: number
): string {
  const pad = { left: 62, right: 12, top: 28, bottom: 42 };
  const all = series.flatMap((s) => s.points).filter((p) => p.y > 0);
  if (all.length === 0) return '';
  const xs = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const yTicks = decades(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)));
  const [yLo, yHi] = [yTicks[0] as number, yTicks[yTicks.length - 1] as number];
  const [xLo, xHi] = [xs[0] as number, xs[xs.length - 1] as number];
  const px = (x: number) => x0 + pad.left + ((Math.log(x) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo) || 1)) * (w - pad.left - pad.right);
  const py = (y: number) => y0 + h - pad.bottom - ((Math.log(y) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo) || 1)) * (h - pad.top - pad.bottom);
  const parts: string[] = [];
  parts.push(`<text x="${n2(x0 + w / 2)}" y="${n2(y0 + 16)}" text-anchor="middle" font-size="13" font-weight="bold" ${FONT}>${esc(title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${n2(x0 + pad.left)}" x2="${n2(x0 + w - pad.right)}" y1="${n2(py(t))}" y2="${n2(py(t))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${n2(x0 + pad.left - 6)}" y="${n2(py(t) + 4)}" text-anchor="end" font-size="11" fill="#444" ${FONT}>${formatQuantity(t)}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${n2(px(x))}" x2="${n2(px(x))}" y1="${n2(y0 + pad.top)}" y2="${n2(y0 + h - pad.bottom)}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${n2(px(x))}" y="${n2(y0 + h - pad.bottom + 15)}" text-anchor="middle" font-size="11" fill="#444" ${FONT}>${x}</text>`);
  }
  parts.push(`<rect x="${n2(x0 + pad.left)}" y="${n2(y0 + pad.top)}" width="${n2(w - pad.left - pad.right)}" height="${n2(h - pad.top - pad.bottom)}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${n2(x0 + pad.left + (w - pad.left - pad.right) / 2)}" y="${n2(y0 + h - 8)}" text-anchor="middle" font-size="11" ${FONT}>${esc(xLabel)}</text>`);
  parts.push(
    `<text transform="translate(${n2(x0 + 14)} ${n2(y0 + pad.top + (h - pad.top - pad.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="11" ${FONT}>${esc(yLabel)}</text>`
  );
  for (const s of series) {
    const pts = s.points.filter((p) => p.y > 0).sort((a, b) => a.x - b.x);
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${n2(px(p.x))},${n2(py(p.y))}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,4"' : ''}/>`);
    for (const p of pts) parts.push(`<circle cx="${n2(px(p.x))}" cy="${n2(py(p.y))}" r="3" fill="${s.color}"/>`);
  }
  return parts.join('\n');
}

function legend(items: { label: string; color: string; dashed?: boolean }[], x: number, y: number, width: number): { svg: string; height: number } {
  const parts: string[] = [];
  let cx = x;
  let cy = y;
  for (const it of items) {
    const w = 34 + it.label.length * 6.4;
    if (cx + w > x + width) {
      cx = x;
      cy += 18;
    }
    parts.push(`<line x1="${n2(cx)}" x2="${n2(cx + 22)}" y1="${n2(cy)}" y2="${n2(cy)}" stroke="${it.color}" stroke-width="${it.dashed ? 2 : 6}"${it.dashed ? ' stroke-dasharray="5,4"' : ''}/>`);
    parts.push(`<text x="${n2(cx + 27)}" y="${n2(cy + 4)}" font-size="11" ${FONT}>${esc(it.label)}</text>`);
    cx += w;
  }
  return { svg: parts.join('\n'), height: cy - y + 18 };
}

function document(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n2(height)}" viewBox="0 0 ${width} ${n2(height)}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

/** Side-by-side log-log panels sharing one legend. */
export function lineChart(
  title: string,
  panels: { title: string; xLabel: string; yLabel: string; series: Series[] }[],
  footnote?: string,
  panelW = 440
): string {
  const panelH = 320;
  const width = panelW * panels.length + 20;
  const body: string[] = [];
  body.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold" ${FONT}>${esc(title)}</text>`);
  panels.forEach((p, i) => body.push(linePanel(p.title, p.xLabel, p.yLabel, p.series, 10 + i * panelW, 30, panelW, panelH)));
  const seen = new Map<string, { label: string; color: string; dashed?: boolean }>();
  for (const p of panels) for (const s of p.series) if (!seen.has(s.label)) seen.set(s.label, { label: s.label, color: s.color, ...(s.dashed ? { dashed: true } : {}) });
  const leg = legend([...seen.values()], 20, 30 + panelH + 14, width - 40);
  body.push(leg.svg);
  let height = 30 + panelH + 14 + leg.height + 4;
  if (footnote) {
    body.push(`<text x="20" y="${n2(height + 6)}" font-size="10" fill="#555" ${FONT}>${esc(footnote)}</text>`);
    height += 18;
  }
  return document(width, height, title, body.join('\n'));
}

/** Grouped bars on a log axis (values in ms), one group per label, one bar per series. */
export function barChart(title: string, yLabel: string, groups: BarGroup[], footnote?: string): string {
  const barW = 16;
  const gap = 26;
  const pad = { left: 70, right: 16, top: 40, bottom: 46 };
  const perGroup = Math.max(1, ...groups.map((g) => g.bars.length));
  const plotW = groups.length * (perGroup * barW + gap);
  const width = Math.max(560, pad.left + plotW + pad.right);
  const plotH = 300;
  const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v): v is number => v !== undefined && v > 0);
  if (values.length === 0) return document(width, 60, title, `<text x="20" y="30" ${FONT}>no data</text>`);
  const ticks = decades(Math.min(...values), Math.max(...values));
  const [lo, hi] = [ticks[0] as number, ticks[ticks.length - 1] as number];
  const py = (v: number) => pad.top + plotH - ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo) || 1)) * plotH;
  const body: string[] = [];
  body.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold" ${FONT}>${esc(title)}</text>`);
  for (const t of ticks) {
    body.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${n2(py(t))}" y2="${n2(py(t))}" stroke="#e5e5e5"/>`);
    body.push(`<text x="${pad.left - 6}" y="${n2(py(t) + 4)}" text-anchor="end" font-size="11" fill="#444" ${FONT}>${formatMs(t)}</text>`);
  }
  body.push(`<text transform="translate(16 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11" ${FONT}>${esc(yLabel)}</text>`);
  const offset = pad.left + (width - pad.left - pad.right - plotW) / 2;
  groups.forEach((g, gi) => {
    const gx = offset + gi * (perGroup * barW + gap) + gap / 2;
    g.bars.forEach((b, bi) => {
      if (b.value === undefined || b.value <= 0) return;
      const x = gx + bi * barW;
      const y = py(b.value);
      body.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${barW - 2}" height="${n2(pad.top + plotH - y)}" fill="${b.color}"><title>${esc(`${g.label}, ${b.label}: ${formatMs(b.value)}`)}</title></rect>`);
    });
    body.push(`<text x="${n2(gx + (perGroup * barW) / 2)}" y="${pad.top + plotH + 16}" text-anchor="middle" font-size="11" ${FONT}>${esc(g.label)}</text>`);
  });
  body.push(`<rect x="${pad.left}" y="${pad.top}" width="${width - pad.left - pad.right}" height="${plotH}" fill="none" stroke="#999"/>`);
  const seen = new Map<string, string>();
  for (const g of groups) for (const b of g.bars) if (!seen.has(b.label)) seen.set(b.label, b.color);
  const leg = legend([...seen].map(([label, color]) => ({ label, color })), 20, pad.top + plotH + 34, width - 40);
  body.push(leg.svg);
  let height = pad.top + plotH + 34 + leg.height + 4;
  if (footnote) {
    body.push(`<text x="20" y="${n2(height + 6)}" font-size="10" fill="#555" ${FONT}>${esc(footnote)}</text>`);
    height += 18;
  }
  return document(width, height, title, body.join('\n'));
}
