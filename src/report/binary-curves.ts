// ROC and precision-recall curves of a two-class model's positive class on the test set, side by side.
import { escapeHtml } from './escape.js';
import { formatScore } from './format.js';
import { lineChart, type LineChartOptions } from './line-chart.js';
import { panel, section } from './page.js';
import { unitAxis } from './scale.js';
import type { Point } from './series.js';

/** Two classes only: ROC and precision-recall curves of the positive class on the test set. */
export interface ReportCurves {
  /** The positive class name. */
  positive: string;
  roc: { fpr: readonly number[]; tpr: readonly number[]; auc: number };
  pr: { recall: readonly number[]; precision: readonly number[]; averagePrecision: number; prevalence: number };
}

const COLOR = '#2563eb';

export function binaryCurvesSection(curves: ReportCurves): string {
  const { roc, pr, positive } = curves;
  const intro = `<p class="note">Positive class “${escapeHtml(positive)}”, on the test set. ` +
    `ROC AUC <strong>${formatScore(roc.auc)}</strong> (chance: 0.5) · average precision <strong>${formatScore(pr.averagePrecision)}</strong> (chance: the prevalence, ${formatScore(pr.prevalence)}).</p>`;
  return section('roc-pr', 'ROC and precision-recall', `${intro}
<div class="panels">
${panel(`ROC curve · AUC ${formatScore(roc.auc)}`, rocChart(curves), { id: 'roc' })}
${panel(`Precision-recall · AP ${formatScore(pr.averagePrecision)}`, prChart(curves), { id: 'precision-recall' })}
</div>`);
}

const unitChart: Pick<LineChartOptions, 'xAxis' | 'yAxis' | 'size'> = { xAxis: unitAxis, yAxis: unitAxis, size: { width: 560, height: 420 } };

function rocChart({ roc, positive }: ReportCurves): string {
  const points = pairs(roc.fpr, roc.tpr);
  return lineChart({
    title: `ROC curve of "${positive}"`,
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    series: [{ name: `ROC (AUC ${formatScore(roc.auc)})`, color: COLOR, points }],
    guides: [{ label: 'chance', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }],
    ...unitChart,
  });
}

function prChart({ pr, positive }: ReportCurves): string {
  const points = precisionSteps(pairs(pr.recall, pr.precision));
  const baseline = Number.isFinite(pr.prevalence) ? [{ label: `prevalence ${formatScore(pr.prevalence)}`, points: [{ x: 0, y: pr.prevalence }, { x: 1, y: pr.prevalence }] }] : [];
  return lineChart({
    title: `Precision-recall curve of "${positive}"`,
    xLabel: 'recall',
    yLabel: 'precision',
    series: [{ name: `PR (AP ${formatScore(pr.averagePrecision)})`, color: COLOR, points }],
    guides: baseline,
    ...unitChart,
  });
}

function pairs(xs: readonly number[], ys: readonly number[]): Point[] {
  return Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => ({ x: xs[i], y: ys[i] }));
}

/**
 * The curve as steps, as scikit-learn's PrecisionRecallDisplay draws it: each point's precision holds from its recall
 * down to the next lower recall, so the area under the steps is the average precision (a straight line between
 * points would overstate it). Recall may run either way.
 */
export function precisionSteps(points: readonly Point[]): Point[] {
  const steps: Point[] = points.slice(0, 1);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    steps.push(b.x < a.x ? { x: b.x, y: a.y } : { x: a.x, y: b.y }, b);
  }
  return steps;
}
