// Per-class precision, recall, F1 and support, with scikit-learn's accuracy, macro and weighted rows.
import { escapeHtml } from './escape.js';
import { formatCount, formatScore } from './format.js';

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
  const n = classes.length;
  const supports = classes.map((_, k) => scores.support[k] ?? NaN);
  const total = supports.reduce((sum, s) => sum + (Number.isFinite(s) ? s : 0), 0);
  const column = (values: readonly number[]): number[] => classes.map((_, k) => values[k] ?? NaN);
  const [precision, recall, f1] = [column(scores.precision), column(scores.recall), column(scores.f1)];

  const rows = classes.map((name, k) =>
    `<tr><th scope="row">${escapeHtml(name)}</th><td>${formatScore(precision[k])}</td><td>${formatScore(recall[k])}</td>` +
    `<td>${scoreWithBar(f1[k])}</td><td>${formatCount(supports[k])}</td></tr>`,
  );
  const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / n;
  const weighted = (values: number[]): number => values.reduce((sum, v, k) => sum + v * supports[k], 0) / total;
  const summary = [
    `<tr class="first"><th scope="row">accuracy</th><td></td><td></td><td>${scoreWithBar(scores.accuracy)}</td><td>${formatCount(total)}</td></tr>`,
    `<tr><th scope="row">macro avg</th><td>${formatScore(mean(precision))}</td><td>${formatScore(mean(recall))}</td><td>${scoreWithBar(scores.macroF1)}</td><td>${formatCount(total)}</td></tr>`,
    `<tr><th scope="row">weighted avg</th><td>${formatScore(weighted(precision))}</td><td>${formatScore(weighted(recall))}</td><td>${scoreWithBar(weighted(f1))}</td><td>${formatCount(total)}</td></tr>`,
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

function scoreWithBar(value: number): string {
  const width = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) * 100 : 0;
  return `<span class="bar"><span style="width:${width.toFixed(1)}%"></span></span>${formatScore(value)}`;
}
