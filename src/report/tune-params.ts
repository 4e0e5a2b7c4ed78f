// The searched settings of a tuning run as the tune page shows them: values as text, and the x axis each is plotted on.
import type { ScatterX } from './scatter-chart.js';

/** A searched setting's value: a number, a name, or layer sizes (`hidden`; [] for a linear model). */
export type TuneValue = number | string | readonly number[];

// Searched on a log scale by convention, so plotted on one whatever values were drawn.
const LOG_SETTINGS = new Set(['lr', 'weightDecay']);
// Whole numbers with this few distinct values (batch sizes, epochs) read best as evenly spaced categories.
const FEW = 8;
// Positive numbers spanning this factor or more get a log axis even without the convention.
const LOG_SPAN = 20;

/**
 * A value as a table cell or tick: three significant digits (`0.00316`, `3.16e-5` below a thousandth, as the log
 * axes' ticks), whole numbers in full, `64,32` for layer sizes and `none` for no hidden layer.
 */
export function valueText(value: TuneValue | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return value.length === 0 ? 'none' : value.join(',');
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(3));
  return Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
}

/** The value in full, where `valueText` rounds it. */
export function fullText(value: TuneValue | undefined): string {
  return value === undefined ? '–' : typeof value === 'object' ? valueText(value) : String(value);
}

export interface SettingAxis {
  x: ScatterX;
  /** Each trial's position on it: a number (linear, log) or a category's name. */
  positions: (number | string | undefined)[];
  /** The axis title: the setting's name, and how the axis runs where that is not plain. */
  label: string;
}

/**
 * How to plot the score against one setting: log for `lr` and `weightDecay` (and for positive numbers spanning a factor
 * of 20 or more), with zeros at their own "0" left of a break; categories for names, layer sizes and a few whole
 * numbers; linear otherwise.
 */
export function settingAxis(name: string, values: readonly (TuneValue | undefined)[]): SettingAxis {
  const given = values.filter((v): v is TuneValue => v !== undefined);
  const numbers = given.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  // A log setting may mix numbers with a name (weightDecay's `auto`), drawn left of the axis's break.
  const names = LOG_SETTINGS.has(name) ? given.filter((v): v is string => typeof v === 'string') : [];
  if (numbers.length + names.length === given.length && numbers.length > 0) {
    const positive = numbers.filter((v) => v > 0);
    const negative = numbers.some((v) => v < 0);
    const distinct = new Set(numbers).size;
    const span = positive.length > 0 ? Math.max(...positive) / Math.min(...positive) : 1;
    const log = !negative && positive.length > 0 && (LOG_SETTINGS.has(name) || (span >= LOG_SPAN && !(numbers.every(Number.isInteger) && distinct <= FEW)));
    if (log) {
      const zeros = positive.length < numbers.length;
      const apart = [...(zeros ? ['0'] : []), ...new Set(names)].join(', ');
      const positions = values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : undefined));
      return { x: { kind: 'log' }, positions, label: `${name} (log scale${apart ? `; ${apart} left of the break` : ''})` };
    }
    if (!(numbers.every(Number.isInteger) && distinct <= FEW) && distinct > 1) {
      return { x: { kind: 'linear' }, positions: values.map((v) => (typeof v === 'number' ? v : undefined)), label: name };
    }
  }
  const categories = [...new Map(given.map((v) => [valueText(v), v])).entries()].sort((a, b) => compareValues(a[1], b[1])).map(([text]) => text);
  return {
    x: { kind: 'categories', categories },
    positions: values.map((v) => (v === undefined ? undefined : valueText(v))),
    label: given.some((v) => typeof v === 'object') ? `${name} (layer sizes)` : name,
  };
}

// Numbers ascending, then layer sizes (fewer layers first, then size by size), then names in code-point order.
function compareValues(a: TuneValue, b: TuneValue): number {
  const kind = (v: TuneValue): number => (typeof v === 'number' ? 0 : typeof v === 'object' ? 1 : 2);
  if (kind(a) !== kind(b)) return kind(a) - kind(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b || 0;
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }
  const [s, t] = [String(a), String(b)];
  return s < t ? -1 : s > t ? 1 : 0;
}
