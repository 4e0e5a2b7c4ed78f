// Per-class precision, recall, F1 and support, with scikit-learn's accuracy, macro and weighted rows.
import { escapeHtml } from './escape.js';
import { formatCount, formatScore } from './format.js';
import { sumFinite } from './sum.js';

/** What the per-class table reads; the fields of softgrad's `Evaluation`. */
export interface ClassScores {
  accuracy: number;
  macroF1: number;
  precision: readonly number[];
  recall: readonly number[];
  f1: readonly number[];
  support: readonly number[];
}

/** An HTML table laid out as scikit-learn's `classification_report`, with a bar under each F1. */
export function classTable(classes: readonly string[], scores: ClassScores): string {
  const supports = classes.map((_, k) => scores.support[k] ?? NaN);
  const total = sumFinite(supports);
  const column = (values: readonly number[]): number[] => classes.map((_, k) => values[k] ?? NaN);
  const [precision, recall, f1] = [column(scores.precision), column(scores.recall), column(scores.f1)];

  const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / classes.length;
  const weighted = (values: number[]): number => values.reduce((sum, v, k) => sum + v * supports[k], 0) / total;

  const rows = classes.map((name, k) => row(name, [formatScore(precision[k]), formatScore(recall[k]), scoreWithBar(f1[k]), formatCount(supports[k])]));
  const summary = [
    row('accuracy', ['', '', scoreWithBar(scores.accuracy), formatCount(total)], 'first'),
    row('macro avg', [formatScore(mean(precision)), formatScore(mean(recall)), scoreWithBar(scores.macroF1), formatCount(total)]),
    row('weighted avg', [formatScore(weighted(precision)), formatScore(weighted(recall)), scoreWithBar(weighted(f1)), formatCount(total)]),
  ];
  return `<div class="table-wrap"><table class="scores">
<thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot>
${summary.join('\n')}
</tfoot></table></div>`;
}

function row(heading: string, cells: string[], className?: string): string {
  const attribute = className === undefined ? '' : ` class="${className}"`;
  return `<tr${attribute}><th scope="row">${escapeHtml(heading)}</th>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function scoreWithBar(value: number): string {
  const width = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) * 100 : 0;
  return `<span class="bar"><span style="width:${width.toFixed(1)}%"></span></span>${formatScore(value)}`;
}
