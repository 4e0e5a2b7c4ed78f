// How numbers read in the report; a value that is not finite reads as a dash, never as "NaN%".

const DASH = '–';

/** `0.9737` → `97.4%`. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : DASH;
}

/** A score in [0, 1] with three decimals: `0.974`. */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : DASH;
}

/** A loss: four decimals in the usual range, scientific notation for very small or very large values. */
export function formatLoss(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  const size = Math.abs(value);
  return size !== 0 && (size < 1e-3 || size >= 1e5) ? value.toExponential(2) : value.toFixed(4);
}

/** A count: `1234` → `1,234` (fixed grouping, not the machine's locale, so the report is the same everywhere). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  const [whole, fraction] = String(Math.abs(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return (value < 0 ? '-' : '') + grouped + (fraction === undefined ? '' : '.' + fraction);
}

/** `1 epoch`, `2 epochs`, `1,500 epochs`; `many` for nouns that do not just take an s. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** `0.0042` → `4.2 ms`, `0.42` → `0.42 s`, `125` → `2 min 5 s`, `4000` → `1 h 6 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds < 0.01) return `${(seconds * 1000).toPrecision(2)} ms`;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** A setting's value as written: numbers in full (a learning rate of 0.001 must not read 0.00), booleans as yes/no. */
export function formatSetting(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}
