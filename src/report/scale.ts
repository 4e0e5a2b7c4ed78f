// Axis arithmetic for the charts: round tick steps and the linear map from data to pixels.

/** An axis: the data interval it spans and the tick values drawn on it. */
export interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
  /** Distance between ticks; tick labels show as many decimals as it needs. */
  step: number;
}

// A runaway tick count (a huge span with a tiny step after rounding) must not freeze the report.
const MAX_TICKS = 50;

/** The round step (1, 2 or 5 times a power of ten) that cuts `span` into the nearest to `count` pieces. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  // The cut points are the geometric means of neighbouring factors (as d3's ticks), so the count lands nearest.
  const factor = normalized < Math.SQRT2 ? 1 : normalized < Math.sqrt(10) ? 2 : normalized < Math.sqrt(50) ? 5 : 10;
  return factor * magnitude;
}

// k * step loses digits (3 * 0.1 = 0.30000000000000004); a label must not show them.
const clean = (value: number): number => Number.parseFloat(value.toPrecision(12));

/** An axis over [lo, hi] widened to the nearest ticks, so the data never touches a blank edge. */
export function niceAxis(lo: number, hi: number, count = 5): Axis {
  [lo, hi] = widenEmpty(lo, hi);
  const step = niceStep(hi - lo, count);
  // The slack absorbs division noise: 0.07 / 0.01 is 7.000000000000001, which must not add a tick at 0.08.
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const n = Math.min(last - first, MAX_TICKS);
  const ticks = Array.from({ length: n + 1 }, (_, i) => clean((first + i) * step));
  return { lo: ticks[0], hi: ticks[n], ticks, step };
}

/** [0, 1] in round steps, widened only for data outside it: probabilities, rates, precision. */
export function unitAxis(lo: number, hi: number): Axis {
  return niceAxis(Math.min(0, lo), Math.max(1, hi));
}

/** An axis over exactly [lo, hi] with whole-number ticks inside it: epochs. */
export function integerAxis(lo: number, hi: number, count = 6): Axis {
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = Math.max(1, niceStep(hi - lo, count));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi && ticks.length <= MAX_TICKS; k++) ticks.push(clean(k * step));
  return { lo, hi, ticks, step };
}

/**
 * A log-scale axis over positive [lo, hi], in decades: `lo`, `hi` and `ticks` are base-10 logarithms, so `scale` maps
 * `Math.log10(value)`. Whole decades at either end; ticks at each power of ten, with 2 and 5 between them when the axis
 * spans at most two decades, and every second (third...) power when it spans many. Label a tick with `logTick`.
 */
export function logAxis(lo: number, hi: number): Axis {
  let first = Math.floor(Math.log10(lo) + 1e-9);
  let last = Math.ceil(Math.log10(hi) - 1e-9) + 0; // + 0: no -0 from ceil(-0.5)
  if (!Number.isFinite(first) || !Number.isFinite(last)) [first, last] = [0, 1];
  if (first === last) [first, last] = [first - 1, last + 1];
  const decades = last - first;
  const ticks: number[] = [];
  if (decades <= 2) {
    for (let k = first; k <= last; k++) for (const m of k === last ? [1] : [1, 2, 5]) ticks.push(Math.log10(clean(m * 10 ** k)));
  } else {
    const stride = Math.ceil(decades / 8);
    for (let k = first; k <= last && ticks.length <= MAX_TICKS; k += stride) ticks.push(k);
  }
  return { lo: first, hi: last, ticks, step: 1 };
}

/** A tick of `logAxis` as the value it stands for: `0.01`, `0.002`, `100`; `1e-4`, `2e-5` below a thousandth. */
export function logTick(exponent: number): string {
  const value = clean(10 ** exponent);
  return value >= 1e-3 && value < 1e6 ? String(value) : value.toExponential();
}

/** Maps [axis.lo, axis.hi] linearly onto [from, to] pixels. */
export function scale(axis: Axis, from: number, to: number): (value: number) => number {
  const span = axis.hi - axis.lo;
  if (!(span > 0 && Number.isFinite(span))) return () => (from + to) / 2;
  const ratio = (to - from) / span;
  return (value) => from + (value - axis.lo) * ratio;
}

/** A tick's label: the value with as many decimals as the axis step needs; scientific from a million. */
export function plainTick(value: number, axis: Axis): string {
  return Math.abs(value) >= 1e6 ? value.toExponential(1) : value.toFixed(tickDecimals(axis.step));
}

/** The decimals a tick label needs to tell ticks `step` apart. */
export function tickDecimals(step: number): number {
  return Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9)));
}

function widenEmpty(lo: number, hi: number): [number, number] {
  if (hi > lo && Number.isFinite(hi - lo)) return [lo, hi];
  if (!Number.isFinite(hi - lo)) return [Math.max(lo, -Number.MAX_VALUE / 4), Math.min(hi, Number.MAX_VALUE / 4)];
  const pad = lo === 0 ? 1 : Math.abs(lo) / 2;
  return [lo - pad, hi + pad];
}
