// The importance section: permutation importance per column as horizontal bars, largest drop first, with ± std error bars.
import { barChart, type Bar } from './bar-chart.js';
import { escapeHtml } from './escape.js';
import { formatCount, plural } from './format.js';
import { panel, section } from './page.js';

/** Permutation importance per original column: mean and standard deviation of the score drop over repeats. */
export interface ReportImportance {
  metric: string;
  repeats: number;
  columns: readonly { name: string; mean: number; std: number }[];
}

// More rows than this make a chart nobody reads to the end; the rest are counted in a note.
export const IMPORTANCE_ROWS = 30;
const COLOR = '#2563eb';
const NEGATIVE_COLOR = '#e11d48';

export function importanceSection(importance: ReportImportance): string {
  const { metric, columns } = importance;
  const sorted = [...columns].sort((a, b) => rank(b.mean) - rank(a.mean));
  const shown = sorted.slice(0, IMPORTANCE_ROWS);
  const bars: Bar[] = shown.map((c) => ({
    label: c.name,
    value: c.mean,
    error: c.std,
    title: `${c.name}: ${metric} drops by ${formatDrop(c.mean)} ± ${formatDrop(c.std)}`,
  }));
  const hidden = sorted.length - shown.length;
  const notes = [
    `How much ${metric} drops when one column's values are shuffled: mean ± standard deviation over ${plural(importance.repeats, 'repeat')}. ` +
      'A drop near or below zero means the model does not rely on the column.',
  ];
  if (hidden > 0) notes.push(`The ${formatCount(shown.length)} columns with the largest drop are shown; ${formatCount(hidden)} more are not.`);
  const chart = barChart({
    title: `Permutation importance: drop in ${metric}`,
    bars,
    xLabel: `drop in ${metric}`,
    formatValue: (bar) => `${formatDrop(bar.value)} ± ${formatDrop(bar.error ?? NaN)}`,
    color: COLOR,
    negativeColor: NEGATIVE_COLOR,
  });
  return section('importance', 'Importance', `<p class="note">${escapeHtml(notes.join(' '))}</p>
<div class="panels">
${panel('Permutation importance', chart, { id: 'permutation-importance' })}
</div>`);
}

// NaN sorts last; equal drops keep the columns' order (sort is stable).
const rank = (value: number): number => (Number.isNaN(value) ? -Infinity : value);

/** A score drop: three decimals, or two significant digits when smaller than that shows. */
export function formatDrop(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value === 0 || Math.abs(value) >= 5e-4 ? value.toFixed(3) : value.toExponential(1);
}
