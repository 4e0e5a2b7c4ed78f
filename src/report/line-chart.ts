// A line chart as inline SVG: round ticks, grid, axis labels, a legend, one line per series.
import { axes, chartFrame, dash, emptyNote, extent, legend, openChart, px, xTicks, yGrid, type LegendItem } from './chart-frame.js';
import { integerAxis, niceAxis, plainTick, scale, type Axis } from './scale.js';
import { downsample, finiteRuns, type Point } from './series.js';

export interface ChartSeries {
  name: string;
  points: readonly Point[];
  color: string;
  dashed?: boolean;
}

/** A dashed reference line drawn under the series and named in the legend after them: a chance diagonal, a baseline. */
export interface ChartGuide {
  label: string;
  points: readonly Point[];
}

export interface LineChartOptions {
  /** What the chart shows, for screen readers and as the SVG's tooltip: "Loss per epoch". */
  title: string;
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** The x axis for the finite data range [lo, hi]. Default: whole-number ticks over exactly [lo, hi] (epochs). */
  xAxis?: (lo: number, hi: number) => Axis;
  /** An x tick's label. Default: the value with as many decimals as the tick step needs. */
  formatXTick?: (value: number, axis: Axis) => string;
  /** The y axis for the finite data range [lo, hi]. Default: round ticks from 0 (or below, for negative data) to hi. */
  yAxis?: (lo: number, hi: number) => Axis;
  /** A y tick's label. Default: the value with as many decimals as the tick step needs. */
  formatYTick?: (value: number, axis: Axis) => string;
  /** A vertical dashed line, named in the legend: the best epoch. */
  marker?: { x: number; label: string };
  guides?: readonly ChartGuide[];
  /** The chart's size in SVG units. Default: 560 x 300, a half-width panel. */
  size?: { width: number; height: number };
}

const MARGIN = { top: 40, right: 18, bottom: 48, left: 62 };
// Lines keep at most about two points per horizontal pixel bucket; more is invisible and only weighs.
const BUCKETS = 400;
// Up to this many points a series also gets a dot per point, so a short run (or a single epoch) is visible.
const DOTS_UP_TO = 40;
const MARKER_COLOR = '#64748b';
const GUIDE_COLOR = '#94a3b8';

/** An SVG line chart, sized by its container (the viewBox keeps the proportions); non-finite points leave a gap. */
export function lineChart(options: LineChartOptions): string {
  const frame = chartFrame(options.size?.width ?? 560, options.size?.height ?? 300, MARGIN);
  const runsBySeries = options.series.map((s) => finiteRuns(s.points).map((run) => downsample(run, BUCKETS)));
  const finite = runsBySeries.flat(2);
  const empty = finite.length === 0;
  const [xLo, xHi] = extent(finite.map((p) => p.x));
  const [yLo, yHi] = extent(finite.map((p) => p.y));
  const xAxis = empty ? integerAxis(0, 1) : (options.xAxis ?? integerAxis)(xLo, xHi);
  const yAxis = empty ? niceAxis(0, 1) : (options.yAxis?.(yLo, yHi) ?? niceAxis(Math.min(0, yLo), yHi));
  const x = scale(xAxis, frame.left, frame.right);
  const y = scale(yAxis, frame.bottom, frame.top);
  const formatXTick = options.formatXTick ?? plainTick;
  const formatYTick = options.formatYTick ?? plainTick;
  const path = (run: readonly Point[]): string => 'M' + run.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join('L');

  const parts: string[] = [
    ...openChart(frame, options.title),
    ...yGrid(frame, yAxis.ticks.map((tick) => ({ at: y(tick), label: formatYTick(tick, yAxis) }))),
    ...xTicks(frame, xAxis.ticks.map((tick) => ({ at: x(tick), label: formatXTick(tick, xAxis) }))),
    ...axes(frame, options.xLabel, options.yLabel),
  ];

  const marker = options.marker;
  const showMarker = !empty && marker !== undefined && marker.x >= xAxis.lo && marker.x <= xAxis.hi;
  if (showMarker) {
    const mx = px(x(marker.x));
    parts.push(`<line class="marker" x1="${mx}" x2="${mx}" y1="${frame.top}" y2="${frame.bottom}" stroke="${MARKER_COLOR}"/>`);
  }
  const guides = (options.guides ?? []).map((guide) => ({ ...guide, runs: finiteRuns(guide.points) }));
  for (const guide of guides) {
    const d = guide.runs.map(path).join('');
    if (d !== '') parts.push(`<path class="guide" d="${d}" fill="none" stroke="${GUIDE_COLOR}" stroke-width="1.5"${dash(true)}/>`);
  }
  options.series.forEach((series, i) => {
    const runs = runsBySeries[i];
    const d = runs.map(path).join('');
    if (d !== '') parts.push(`<path class="series" d="${d}" stroke="${series.color}"${dash(series.dashed)}/>`);
    const count = runs.reduce((n, run) => n + run.length, 0);
    for (const run of runs) {
      if (count > DOTS_UP_TO && run.length > 1) continue;
      for (const p of run) parts.push(`<circle class="dot" cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3.5" fill="${series.color}"/>`);
    }
  });
  if (empty) parts.push(emptyNote(frame));

  const items: LegendItem[] = options.series.map((s) => ({ label: s.name, color: s.color, dashed: s.dashed }));
  for (const guide of guides) items.push({ label: guide.label, color: GUIDE_COLOR, dashed: true });
  if (showMarker) items.push({ label: marker.label, color: MARKER_COLOR, dashed: true });
  parts.push(...legend(frame, items), '</svg>');
  return parts.join('');
}
