// What every SVG chart in the report shares: the element and its title, gridlines and tick labels, axes and their
// titles, and the legend along the top.
import { escapeHtml } from './escape.js';

/** A chart's size and, inside it, the plot area, in SVG user units (the viewBox; the page scales it). */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A tick: its position in pixels along its axis and its label. */
export interface Tick {
  at: number;
  label: string;
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** A short line (a series) or a dot (points). Default: line. */
  shape?: 'line' | 'dot';
}

/** The frame of a `width` x `height` chart with the plot inset by `margin`. */
export function chartFrame(width: number, height: number, margin: { top: number; right: number; bottom: number; left: number }): Frame {
  return { width, height, left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
}

export const px = (value: number): string => value.toFixed(1);

/** The same dash pattern on a line and on its legend entry. */
export const dash = (dashed: boolean | undefined): string => (dashed ? ' stroke-dasharray="6 4"' : '');

export const center = (frame: Frame): { x: string; y: string } => ({ x: px((frame.left + frame.right) / 2), y: px((frame.top + frame.bottom) / 2) });

/** The opening of the chart's `<svg>` with its title, for screen readers and as its tooltip. */
export function openChart(frame: Frame, title: string): string[] {
  return [`<svg class="chart" viewBox="0 0 ${frame.width} ${frame.height}" role="img">`, `<title>${escapeHtml(title)}</title>`];
}

/** A horizontal gridline across the plot and a label left of it, per tick of the y axis. */
export function yGrid(frame: Frame, ticks: readonly Tick[]): string[] {
  return ticks.flatMap((tick) => {
    const ty = px(tick.at);
    return [
      `<line class="grid" x1="${frame.left}" x2="${frame.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick" x="${frame.left - 8}" y="${ty}" dy="0.32em" text-anchor="end">${escapeHtml(tick.label)}</text>`,
    ];
  });
}

/** A short mark below the plot and a label under it, per tick of the x axis. */
export function xTicks(frame: Frame, ticks: readonly Tick[]): string[] {
  return ticks.flatMap((tick) => {
    const tx = px(tick.at);
    return [
      `<line class="axis" x1="${tx}" x2="${tx}" y1="${frame.bottom}" y2="${frame.bottom + 5}"/>`,
      `<text class="tick" x="${tx}" y="${frame.bottom + 18}" text-anchor="middle">${escapeHtml(tick.label)}</text>`,
    ];
  });
}

/** The x and y axis lines and their titles: under the plot, and turned up along its left. */
export function axes(frame: Frame, xLabel: string, yLabel: string): string[] {
  const middle = center(frame);
  return [
    `<line class="axis" x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}"/>`,
    `<line class="axis" x1="${frame.left}" x2="${frame.left}" y1="${frame.top}" y2="${frame.bottom}"/>`,
    `<text class="axis-label" x="${middle.x}" y="${frame.height - 8}" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
    `<text class="axis-label" transform="translate(16 ${middle.y}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`,
  ];
}

/** The legend in a row above the plot, from its left edge; each label's width is estimated at 7 units a character. */
export function legend(frame: Frame, items: readonly LegendItem[]): string[] {
  const parts: string[] = [];
  let lx = frame.left;
  for (const item of items) {
    if (item.shape === 'dot') {
      parts.push(
        `<circle cx="${lx + 5}" cy="18" r="4.5" fill="${item.color}"/>`,
        `<text class="legend" x="${lx + 15}" y="18" dy="0.32em">${escapeHtml(item.label)}</text>`,
      );
      lx += 15 + item.label.length * 7 + 20;
      continue;
    }
    parts.push(
      `<line class="legend-line" x1="${lx}" x2="${lx + 22}" y1="18" y2="18" stroke="${item.color}"${dash(item.dashed)}/>`,
      `<text class="legend" x="${lx + 28}" y="18" dy="0.32em">${escapeHtml(item.label)}</text>`,
    );
    lx += 28 + item.label.length * 7 + 20;
  }
  return parts;
}

/** The words across the middle of a plot that has nothing to draw. */
export function emptyNote(frame: Frame, words = 'no finite values to plot'): string {
  const middle = center(frame);
  return `<text class="empty" x="${middle.x}" y="${middle.y}" text-anchor="middle">${escapeHtml(words)}</text>`;
}

/** [lowest, highest] of `values`; [Infinity, -Infinity] for none. A loop, not Math.min(...values): a spread of a very long array overflows the stack. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return [lo, hi];
}
