// A line chart as inline SVG: round ticks, grid, axis labels, a legend, one line per series.
import { escapeHtml } from './escape.js';
import { integerAxis, niceAxis, scale, tickDecimals, type Axis } from './scale.js';
import { downsample, finiteRuns, type Point } from './series.js';

export interface ChartSeries {
  name: string;
  points: readonly Point[];
  color: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  /** What the chart shows, for screen readers and as the SVG's tooltip: "Loss per epoch". */
  title: string;
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** The y axis for the finite data range [lo, hi]. Default: round ticks from 0 (or below, for negative data) to hi. */
  yAxis?: (lo: number, hi: number) => Axis;
  /** A y tick's label. Default: the value with as many decimals as the tick step needs. */
  formatYTick?: (value: number, axis: Axis) => string;
  /** A vertical dashed line, named in the legend: the best epoch. */
  marker?: { x: number; label: string };
}

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { top: 40, right: 18, bottom: 48, left: 62 };
const PLOT = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
// Lines keep at most about two points per horizontal pixel bucket; more is invisible and only weighs.
const BUCKETS = 400;
// Up to this many points a series also gets a dot per point, so a short run (or a single epoch) is visible.
const DOTS_UP_TO = 40;
const MARKER_COLOR = '#64748b';

const px = (value: number): string => value.toFixed(1);
const CENTER = { x: px((PLOT.left + PLOT.right) / 2), y: px((PLOT.top + PLOT.bottom) / 2) };
// The same dash pattern on a line and on its legend entry.
const dash = (dashed: boolean | undefined): string => (dashed ? ' stroke-dasharray="6 4"' : '');

/** An SVG line chart, sized by its container (the viewBox keeps the proportions); non-finite points leave a gap. */
export function lineChart(options: LineChartOptions): string {
  const runsBySeries = options.series.map((s) => finiteRuns(s.points).map((run) => downsample(run, BUCKETS)));
  const finite = runsBySeries.flat(2);
  const empty = finite.length === 0;
  const [xLo, xHi] = extent(finite.map((p) => p.x));
  const [yLo, yHi] = extent(finite.map((p) => p.y));
  const xAxis = empty ? integerAxis(0, 1) : integerAxis(xLo, xHi);
  const yAxis = empty ? niceAxis(0, 1) : (options.yAxis?.(yLo, yHi) ?? niceAxis(Math.min(0, yLo), yHi));
  const x = scale(xAxis, PLOT.left, PLOT.right);
  const y = scale(yAxis, PLOT.bottom, PLOT.top);
  const formatYTick = options.formatYTick ?? plainTick;

  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img">`,
    `<title>${escapeHtml(options.title)}</title>`,
  ];
  for (const tick of yAxis.ticks) {
    const ty = px(y(tick));
    parts.push(
      `<line class="grid" x1="${PLOT.left}" x2="${PLOT.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick" x="${PLOT.left - 8}" y="${ty}" dy="0.32em" text-anchor="end">${escapeHtml(formatYTick(tick, yAxis))}</text>`,
    );
  }
  for (const tick of xAxis.ticks) {
    const tx = px(x(tick));
    parts.push(
      `<line class="axis" x1="${tx}" x2="${tx}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 5}"/>`,
      `<text class="tick" x="${tx}" y="${PLOT.bottom + 18}" text-anchor="middle">${escapeHtml(plainTick(tick, xAxis))}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>`,
    `<line class="axis" x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>`,
    `<text class="axis-label" x="${CENTER.x}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(16 ${CENTER.y}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}</text>`,
  );

  const marker = options.marker;
  const showMarker = !empty && marker !== undefined && marker.x >= xAxis.lo && marker.x <= xAxis.hi;
  if (showMarker) {
    const mx = px(x(marker.x));
    parts.push(`<line class="marker" x1="${mx}" x2="${mx}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="${MARKER_COLOR}"/>`);
  }
  options.series.forEach((series, i) => {
    const runs = runsBySeries[i];
    const d = runs.map((run) => 'M' + run.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join('L')).join('');
    if (d !== '') parts.push(`<path class="series" d="${d}" stroke="${series.color}"${dash(series.dashed)}/>`);
    const count = runs.reduce((n, run) => n + run.length, 0);
    for (const run of runs) {
      if (count > DOTS_UP_TO && run.length > 1) continue;
      for (const p of run) parts.push(`<circle class="dot" cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3.5" fill="${series.color}"/>`);
    }
  });
  if (empty) parts.push(`<text class="empty" x="${CENTER.x}" y="${CENTER.y}" text-anchor="middle">no finite values to plot</text>`);

  const legend = options.series.map((s) => ({ label: s.name, color: s.color, dashed: s.dashed }));
  if (showMarker) legend.push({ label: marker.label, color: MARKER_COLOR, dashed: true });
  let lx = PLOT.left;
  for (const item of legend) {
    parts.push(
      `<line class="legend-line" x1="${lx}" x2="${lx + 22}" y1="18" y2="18" stroke="${item.color}"${dash(item.dashed)}/>`,
      `<text class="legend" x="${lx + 28}" y="18" dy="0.32em">${escapeHtml(item.label)}</text>`,
    );
    lx += 28 + item.label.length * 7 + 20;
  }
  parts.push('</svg>');
  return parts.join('');
}

// A loop, not Math.min(...values): a spread of a very long array overflows the stack.
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return [lo, hi];
}

function plainTick(value: number, axis: Axis): string {
  return Math.abs(value) >= 1e6 ? value.toExponential(1) : value.toFixed(tickDecimals(axis.step));
}
