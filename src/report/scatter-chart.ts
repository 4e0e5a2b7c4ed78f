// A scatter chart as inline SVG: one dot per point over a linear, log or categorical x axis, each with a tooltip.
import { escapeHtml, truncate } from './escape.js';
import { axes, chartFrame, dash, emptyNote, extent, legend, openChart, px, xTicks, yGrid, type Frame, type LegendItem, type Tick } from './chart-frame.js';
import type { ChartGuide } from './line-chart.js';
import { logAxis, logTick, niceAxis, plainTick, scale, type Axis } from './scale.js';

/** How the x axis is laid out. */
export type ScatterX =
  /** Round ticks over the data, or the axis `axis` gives for the data's range. */
  | { kind: 'linear'; axis?: (lo: number, hi: number) => Axis }
  /** Powers of ten; a log axis has no place for 0 or a name (`auto`): each gets its own tick left of a break in the axis. */
  | { kind: 'log' }
  /** Evenly spaced categories in this order; the dots of a category spread sideways so that equal scores stay apart. */
  | { kind: 'categories'; categories: readonly string[] };

export interface ScatterPoint {
  /** A number on a linear or log axis, a category's name on a categorical one. */
  x: number | string;
  y: number;
  /** The dot's tooltip. */
  title?: string;
  /** Radius in SVG units. Default: 4.5. */
  r?: number;
  /** Drawn over the others in the highlight colour: the best trial. */
  highlight?: boolean;
}

export interface ScatterChartOptions {
  /** What the chart shows, for screen readers and as the SVG's tooltip. */
  title: string;
  xLabel: string;
  yLabel: string;
  x: ScatterX;
  points: readonly ScatterPoint[];
  /** The points' colour and their name in the legend. */
  color: string;
  label: string;
  /** The colour and legend entry of highlighted points. */
  highlight?: { color: string; label: string };
  /** The y axis for the finite data range [lo, hi]. Default: round ticks a little beyond the data. */
  yAxis?: (lo: number, hi: number) => Axis;
  formatYTick?: (value: number, axis: Axis) => string;
  /** Join the points in their order with a line (a reliability curve). */
  connect?: boolean;
  /** Dashed reference lines in data coordinates, for a numeric x axis. */
  guides?: readonly ChartGuide[];
  /** The chart's size in SVG units. Default: 560 x 300, a half-width panel. */
  size?: { width: number; height: number };
}

const MARGIN = { top: 40, right: 18, bottom: 48, left: 62 };
const GUIDE_COLOR = '#94a3b8';
const RADIUS = 4.5;
// On a log axis with zeros: the zero tick this far into the plot, the break after it, the decades from here on.
const ZERO_AT = 16;
const BREAK_AT = 34;
const LOG_FROM = 52;
// The width of each further tick left of the break.
const SLOT_WIDTH = 30;

interface XLayout {
  /** The pixel position of `x`; undefined where the axis has no place for it. */
  at(x: number | string): number | undefined;
  ticks: Tick[];
  /** Drawn after the axes: a break mark. */
  extras: string[];
}

/** An SVG scatter chart, sized by its container; points with a non-finite or unplaceable coordinate are left out. */
export function scatterChart(options: ScatterChartOptions): string {
  const frame = chartFrame(options.size?.width ?? 560, options.size?.height ?? 300, MARGIN);
  const layout = xLayout(options.x, options.points, frame);
  const placed = options.points
    .map((point, i) => ({ point, cx: layout.at(point.x) ?? NaN, i }))
    .filter(({ point, cx }) => Number.isFinite(cx) && Number.isFinite(point.y));
  const empty = placed.length === 0;
  const [yLo, yHi] = extent(placed.map(({ point }) => point.y));
  const yAxis = empty ? niceAxis(0, 1) : (options.yAxis?.(yLo, yHi) ?? paddedAxis(yLo, yHi));
  const y = scale(yAxis, frame.bottom, frame.top);
  const formatYTick = options.formatYTick ?? plainTick;
  const offsets = options.x.kind === 'categories' ? spread(placed.map(({ point }) => String(point.x)), frame, options.x.categories.length) : [];

  const parts: string[] = [
    ...openChart(frame, options.title),
    ...yGrid(frame, yAxis.ticks.map((tick) => ({ at: y(tick), label: formatYTick(tick, yAxis) }))),
    ...xTicks(frame, layout.ticks),
    ...axes(frame, options.xLabel, options.yLabel),
    ...layout.extras,
  ];
  const guides = options.guides ?? [];
  for (const guide of guides) {
    const xy = guide.points.map((p) => [layout.at(p.x), y(p.y)]).filter(([gx, gy]) => Number.isFinite(gx) && Number.isFinite(gy));
    if (xy.length > 1) parts.push(`<path class="guide" d="M${xy.map(([gx, gy]) => `${px(gx!)},${px(gy!)}`).join('L')}" fill="none" stroke="${GUIDE_COLOR}" stroke-width="1.5"${dash(true)}/>`);
  }
  const cxOf = (k: number): number => placed[k].cx + (offsets[k] ?? 0);
  if (options.connect && placed.length > 1) {
    parts.push(`<path class="series" d="M${placed.map(({ point }, k) => `${px(cxOf(k))},${px(y(point.y))}`).join('L')}" stroke="${options.color}"/>`);
  }
  // The highlighted points last, so no other dot hides them.
  const order = placed.map((_, k) => k).sort((a, b) => Number(placed[a].point.highlight ?? false) - Number(placed[b].point.highlight ?? false) || a - b);
  for (const k of order) {
    const { point } = placed[k];
    const highlighted = point.highlight === true && options.highlight !== undefined;
    const color = highlighted ? options.highlight!.color : options.color;
    const r = (point.r ?? RADIUS) + (highlighted ? 1.5 : 0);
    const tip = point.title === undefined ? '' : `<title>${escapeHtml(point.title)}</title>`;
    parts.push(`<circle class="dot" cx="${px(cxOf(k))}" cy="${px(y(point.y))}" r="${px(r)}" fill="${color}" fill-opacity="${highlighted ? 1 : 0.75}" stroke="#ffffff" stroke-width="1">${tip}</circle>`);
  }
  if (empty) parts.push(emptyNote(frame));

  // A legend entry only for what is drawn: a single trial, the best, gets no "trial" entry.
  const anyHighlighted = options.highlight !== undefined && placed.some(({ point }) => point.highlight);
  const items: LegendItem[] = [];
  if (empty || !anyHighlighted || placed.some(({ point }) => !point.highlight)) items.push({ label: options.label, color: options.color, shape: options.connect ? 'line' : 'dot' });
  if (anyHighlighted) items.push({ ...options.highlight!, shape: 'dot' });
  for (const guide of guides) items.push({ label: guide.label, color: GUIDE_COLOR, dashed: true });
  parts.push(...legend(frame, items), '</svg>');
  return parts.join('');
}

// Scores cluster (0.91 to 0.96, say): an axis from 0 would flatten them, so it hugs the data with a little room.
function paddedAxis(lo: number, hi: number): Axis {
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(lo) * 0.02 || 0.01;
  return niceAxis(lo - pad, hi + pad);
}

function xLayout(x: ScatterX, points: readonly ScatterPoint[], frame: Frame): XLayout {
  const numbers = points.map((p) => p.x).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (x.kind === 'categories') {
    const band = (frame.right - frame.left) / Math.max(1, x.categories.length);
    const index = new Map(x.categories.map((c, i) => [c, i]));
    const centre = (i: number): number => frame.left + band * (i + 0.5);
    const chars = Math.max(3, Math.floor(band / 7.5));
    return {
      at: (v) => {
        const i = index.get(String(v));
        return i === undefined ? undefined : centre(i);
      },
      ticks: x.categories.map((c, i) => ({ at: centre(i), label: truncate(c, chars) })),
      extras: [],
    };
  }
  if (x.kind === 'linear') {
    const [lo, hi] = numbers.length === 0 ? [0, 1] : extent(numbers);
    const axis = x.axis?.(lo, hi) ?? niceAxis(lo, hi);
    const position = scale(axis, frame.left, frame.right);
    return {
      at: (v) => (typeof v === 'number' ? position(v) : undefined),
      ticks: axis.ticks.map((tick) => ({ at: position(tick), label: plainTick(tick, axis) })),
      extras: [],
    };
  }
  const positive = numbers.filter((v) => v > 0);
  // Left of a break: 0, which a log axis has no place for, and any named value (a setting's `auto`), each its own tick.
  const named = [...new Set(points.map((p) => p.x).filter((v): v is string => typeof v === 'string'))].sort();
  const slots = [...(numbers.some((v) => v === 0) ? ['0'] : []), ...named];
  const slotAt = (i: number) => frame.left + ZERO_AT + i * SLOT_WIDTH;
  const [lo, hi] = positive.length === 0 ? [1, 10] : extent(positive);
  const axis = logAxis(lo, hi);
  const shift = slots.length === 0 ? 0 : LOG_FROM + (slots.length - 1) * SLOT_WIDTH;
  const position = scale(axis, frame.left + shift, frame.right);
  const ticks = axis.ticks.map((tick) => ({ at: position(tick), label: logTick(tick) }));
  const extras: string[] = [];
  if (slots.length > 0) {
    ticks.unshift(...slots.map((label, i) => ({ at: slotAt(i), label })));
    // Two slanted strokes across a gap in the axis line: the usual sign that the scale does not run on through here.
    const bx = frame.left + BREAK_AT + (slots.length - 1) * SLOT_WIDTH;
    extras.push(
      `<line x1="${px(bx - 5)}" x2="${px(bx + 5)}" y1="${frame.bottom}" y2="${frame.bottom}" stroke="#ffffff" stroke-width="3"/>`,
      `<path class="axis" fill="none" d="M${px(bx - 7)},${frame.bottom + 5}L${px(bx - 3)},${frame.bottom - 5}M${px(bx + 3)},${frame.bottom + 5}L${px(bx + 7)},${frame.bottom - 5}"/>`,
    );
  }
  return {
    at: (v) => {
      if (typeof v === 'string' || v === 0) return slots.includes(String(v)) ? slotAt(slots.indexOf(String(v))) : undefined;
      return v > 0 ? position(Math.log10(v)) : undefined;
    },
    ticks,
    extras,
  };
}

/** Sideways offsets that spread each category's dots evenly (in their order) over at most half its band. */
function spread(categories: readonly string[], frame: Frame, count: number): number[] {
  const band = (frame.right - frame.left) / Math.max(1, count);
  const members = new Map<string, number[]>();
  categories.forEach((c, k) => {
    const ks = members.get(c);
    if (ks === undefined) members.set(c, [k]);
    else ks.push(k);
  });
  const offsets = new Array<number>(categories.length).fill(0);
  for (const ks of members.values()) {
    const width = Math.min(band * 0.5, (ks.length - 1) * 7);
    ks.forEach((k, j) => (offsets[k] = ks.length === 1 ? 0 : (j / (ks.length - 1) - 0.5) * width));
  }
  return offsets;
}
