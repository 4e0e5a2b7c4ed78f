// A horizontal bar chart as inline SVG: one named row per bar, from zero either way, with an optional error bar.
import { escapeHtml, truncate } from './escape.js';
import { chartFrame, extent, openChart, px, xTicks, type Frame } from './chart-frame.js';
import { niceAxis, plainTick, scale, type Axis } from './scale.js';

export interface Bar {
  label: string;
  value: number;
  /** Half the error bar's length (a standard deviation): drawn from value - error to value + error. */
  error?: number;
  /** The row's tooltip. */
  title?: string;
}

export interface BarChartOptions {
  /** What the chart shows, for screen readers and as the SVG's tooltip. */
  title: string;
  /** In display order, top to bottom. */
  bars: readonly Bar[];
  xLabel: string;
  /** The text right of a row: the value, and its error. */
  formatValue: (bar: Bar) => string;
  color: string;
  /** The colour of bars below zero. Default: `color`. */
  negativeColor?: string;
  /** Width in SVG units. Default: 1000, a full-width panel. */
  width?: number;
}

const ROW = 26;
const BAR = 14;
const TOP = 10;
const BOTTOM = 48;
// Row labels are cut here (whole in the tooltip); label and value columns are sized by estimating 7 units a character.
const LABEL_CHARS = 32;
const CHAR = 7;
const ERROR_COLOR = '#334155';

/** An SVG bar chart whose height grows with its rows; a bar with a non-finite value is left out, its value read as a dash. */
export function barChart(options: BarChartOptions): string {
  const { bars } = options;
  const labels = bars.map((bar) => truncate(bar.label, LABEL_CHARS));
  const values = bars.map((bar) => options.formatValue(bar));
  const labelWidth = clamp(Math.max(0, ...labels.map((l) => Array.from(l).length)) * CHAR + 16, 64, 260);
  const valueWidth = clamp(Math.max(0, ...values.map((v) => v.length)) * CHAR + 20, 64, 220);
  const width = options.width ?? 1000;
  const frame = chartFrame(width, TOP + Math.max(1, bars.length) * ROW + BOTTOM, { top: TOP, right: valueWidth, bottom: BOTTOM, left: labelWidth });
  const axis = valueAxis(bars);
  const x = scale(axis, frame.left, frame.right);
  const x0 = x(0);

  const parts = openChart(frame, options.title);
  for (const tick of axis.ticks) {
    const tx = px(x(tick));
    parts.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${frame.top}" y2="${frame.bottom}"/>`);
  }
  parts.push(
    ...xTicks(frame, axis.ticks.map((tick) => ({ at: x(tick), label: plainTick(tick, axis) }))),
    `<line class="axis" x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}"/>`,
    `<text class="axis-label" x="${px((frame.left + frame.right) / 2)}" y="${frame.height - 8}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
  );
  bars.forEach((bar, i) => parts.push(row(bar, labels[i], values[i], TOP + i * ROW + ROW / 2, frame, x, options)));
  if (bars.length === 0) parts.push(`<text class="empty" x="${px((frame.left + frame.right) / 2)}" y="${TOP + ROW / 2}" dy="0.32em" text-anchor="middle">nothing to show</text>`);
  // The zero line over the bars, so bars on both sides read from it.
  parts.push(`<line class="axis" x1="${px(x0)}" x2="${px(x0)}" y1="${frame.top}" y2="${frame.bottom}"/>`, '</svg>');
  return parts.join('');
}

function row(bar: Bar, label: string, value: string, cy: number, frame: Frame, x: (v: number) => number, options: BarChartOptions): string {
  const parts = [`<g>${bar.title === undefined ? '' : `<title>${escapeHtml(bar.title)}</title>`}`];
  parts.push(`<text class="legend" x="${frame.left - 10}" y="${px(cy)}" dy="0.32em" text-anchor="end">${escapeHtml(label)}</text>`);
  if (Number.isFinite(bar.value)) {
    const [from, to] = [x(0), x(bar.value)].sort((a, b) => a - b);
    const color = bar.value < 0 ? (options.negativeColor ?? options.color) : options.color;
    parts.push(`<rect x="${px(from)}" y="${px(cy - BAR / 2)}" width="${px(to - from)}" height="${BAR}" rx="2" fill="${color}"/>`);
    const error = bar.error ?? NaN;
    if (Number.isFinite(error) && error > 0) {
      const [lo, hi] = [px(x(bar.value - error)), px(x(bar.value + error))];
      const [top, bottom] = [px(cy - 5), px(cy + 5)];
      parts.push(`<path d="M${lo},${px(cy)}L${hi},${px(cy)}M${lo},${top}L${lo},${bottom}M${hi},${top}L${hi},${bottom}" fill="none" stroke="${ERROR_COLOR}" stroke-width="1.25"/>`);
    }
  }
  parts.push(`<text class="tick" x="${frame.width - 6}" y="${px(cy)}" dy="0.32em" text-anchor="end">${escapeHtml(value)}</text></g>`);
  return parts.join('');
}

// Always through zero, wide enough for every error bar; all zeros (or nothing finite) read on [0, 1].
function valueAxis(bars: readonly Bar[]): Axis {
  const ends = bars.flatMap((bar) => {
    const error = Number.isFinite(bar.error) && bar.error! > 0 ? bar.error! : 0;
    return [bar.value - error, bar.value + error];
  });
  const [lo, hi] = extent([0, ...ends.filter(Number.isFinite)]);
  return niceAxis(lo, hi > lo ? hi : lo + 1);
}

const clamp = (value: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, value));
