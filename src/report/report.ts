// One self-contained HTML page about a training run: summary, curves, confusion matrix, per-class scores, calibration,
// ROC and precision-recall, importance, coefficients, columns, settings.
import type { EpochLogs } from '../train/fit.js';
import { binaryCurvesSection, type ReportCurves } from './binary-curves.js';
import { calibrationSection, type ReportCalibration } from './calibration.js';
import { classTable, type ClassScores } from './class-table.js';
import { coefficientsSection, type ReportCoefficients } from './coefficients.js';
import { confusionHeatmap } from './confusion-matrix.js';
import { escapeHtml } from './escape.js';
import { formatSetting, plural } from './format.js';
import { importanceSection, type ReportImportance } from './importance.js';
import { lineChart, type ChartSeries, type LineChartOptions } from './line-chart.js';
import { tickDecimals, unitAxis, type Axis } from './scale.js';
import { htmlPage, panel, section } from './page.js';
import { summaryCards } from './summary.js';

/** A setting of the run as shown in the report: `['optimizer', 'adam']`, `['lr', 0.01]`. */
export type ReportSetting = readonly [name: string, value: string | number | boolean];

/** A column of a table as the model reads it: `['island', 'categorical', '3 categories ("Biscoe", ...)']`. */
export type ReportColumn = readonly [name: string, kind: string, detail: string];

/** Test-set measurements: the fields of softgrad's `Evaluation`, so `evaluate(...)`'s result can be passed as is. */
export interface ReportTestMetrics extends ClassScores {
  loss: number;
  /** Rows: true class; columns: predicted class. */
  confusionMatrix: readonly (readonly number[])[];
}

/** Everything `renderReport` shows. Only `title`, `settings`, `history` and `classes` are required. */
export interface ReportInput {
  /** The page's heading and title, e.g. `'softgrad: iris.csv'`. */
  title: string;
  /** The run's settings in display order: file, label, hidden, optimizer, lr, epochs, batch size, seed... */
  settings: readonly ReportSetting[];
  /** One entry per epoch, as `fit` returns them in `history.epochs`; `val*` fields draw the validation curves. */
  history: readonly EpochLogs[];
  /** The epoch whose weights the model kept; drawn as a dashed line on the curves. */
  bestEpoch?: number;
  /** Why training ended: `fit`'s `'epochs' | 'earlyStopping' | 'callback'`, or any text. */
  stopReason?: string;
  /** Class names in class-index order. */
  classes: readonly string[];
  /** Metrics on the test set; without them the report shows training only. */
  test?: ReportTestMetrics;
  /** Loss and accuracy on the whole training set after training. */
  train?: { loss: number; accuracy: number };
  /** Wall-clock seconds the run took. */
  seconds?: number;
  /** For a model trained on a table: each column's kind and how it was encoded (or why it was dropped). */
  columns?: readonly ReportColumn[];
  /** When the report was made, as the caller wants it printed; passed in so the same run gives the same file. */
  generatedAt?: string;
  /** Test-set calibration: a reliability diagram. For two classes, of the positive class's probability; for more, top-label confidence. */
  calibration?: ReportCalibration;
  /** Two classes only: ROC and precision-recall curves of the positive class on the test set. */
  curves?: ReportCurves;
  /** Permutation importance per original column: mean and standard deviation of the score drop over repeats. */
  importance?: ReportImportance;
  /** A linear model's coefficients on the standardised scale: values[c][f] for class c and feature f. */
  coefficients?: ReportCoefficients;
}

const TRAIN_COLOR = '#2563eb';
const VALIDATION_COLOR = '#ea580c';
const LR_COLOR = '#7c3aed';
// From this many classes the confusion matrix gets the full width of the page.
const WIDE_MATRIX = 7;

/**
 * Renders a training run as one self-contained HTML document: no scripts, no network (inline CSS and SVG),
 * every user-supplied string escaped, and the same input always gives the same bytes.
 * @example
 * const history = await clf.fit(train);
 * const html = renderReport({
 *   title: 'softgrad: iris.csv',
 *   settings: [['file', 'iris.csv'], ['optimizer', 'adam'], ['lr', 0.01]],
 *   history: history.epochs, bestEpoch: history.bestEpoch, stopReason: history.stopReason,
 *   classes: clf.classes, test: clf.evaluate(test), generatedAt: new Date().toISOString(),
 * });
 * await writeFile('report.html', html);
 */
export function renderReport(input: ReportInput): string {
  const subtitle = [plural(input.classes.length, 'class', 'classes'), plural(input.history.length, 'epoch')];
  if (input.generatedAt !== undefined) subtitle.push(`generated ${input.generatedAt}`);
  const summary = `<section id="summary" aria-label="Summary">
${summaryCards(input)}
</section>`;
  return htmlPage({
    title: input.title,
    subtitle: subtitle.join(' · '),
    sections: [summary, curvesSection(input), testSection(input), ...modelSections(input), columnsSection(input.columns), settingsSection(input.settings)],
    generatedAt: input.generatedAt,
  });
}

function curvesSection(input: ReportInput): string {
  const { history } = input;
  const hasValidation = history.some((e) => e.valLoss !== undefined || e.valAccuracy !== undefined);
  const points = (y: (e: EpochLogs) => number | undefined) => history.map((e) => ({ x: e.epoch, y: y(e) ?? NaN }));
  const curves = (train: (e: EpochLogs) => number, val: (e: EpochLogs) => number | undefined): ChartSeries[] => {
    const series: ChartSeries[] = [{ name: 'train', color: TRAIN_COLOR, points: points(train) }];
    if (hasValidation) series.push({ name: 'validation', color: VALIDATION_COLOR, dashed: true, points: points(val) });
    return series;
  };
  const marker = input.bestEpoch !== undefined && input.bestEpoch > 0 ? { x: input.bestEpoch, label: `best epoch ${input.bestEpoch}` } : undefined;
  // Accuracy reads best on the whole 0–100% scale (ticks every 20%); only values outside it widen it.
  const charts = [
    epochChart('Loss', { series: curves((e) => e.loss, (e) => e.valLoss), marker }),
    epochChart('Accuracy', { series: curves((e) => e.accuracy, (e) => e.valAccuracy), yAxis: unitAxis, formatYTick: percentTick, marker }),
  ];
  if (new Set(history.map((e) => e.lr).filter(Number.isFinite)).size > 1) {
    const lr = { name: 'learning rate', color: LR_COLOR, points: points((e) => e.lr) };
    charts.push(epochChart('Learning rate', { series: [lr] }));
  }
  const note = hasValidation ? '' : '<p class="note">No validation data: training curves only.</p>\n';
  return section('curves', 'Training curves', `${note}<div class="panels">${charts.join('\n')}</div>`);
}

/** A panel with a chart of `quantity` per epoch. */
function epochChart(quantity: string, chart: Omit<LineChartOptions, 'title' | 'xLabel' | 'yLabel'>): string {
  return panel(quantity, lineChart({ title: `${quantity} per epoch`, xLabel: 'Epoch', yLabel: quantity, ...chart }));
}

function percentTick(value: number, axis: Axis): string {
  return `${(value * 100).toFixed(tickDecimals(axis.step * 100))}%`;
}

function testSection(input: ReportInput): string {
  const { test, classes } = input;
  if (!test) return section('test', 'Test set', '<p class="note">No test set was evaluated, so there is no confusion matrix or per-class table.</p>');
  const wide = Math.max(classes.length, test.confusionMatrix.length) >= WIDE_MATRIX;
  return section('test', 'Test set', `<div class="panels">
${panel('Confusion matrix', confusionHeatmap(classes, test.confusionMatrix), { id: 'confusion-matrix', wide })}
${panel('Per-class scores', classTable(classes, test), { id: 'per-class', wide })}
</div>`);
}

// What the model's probabilities and weights say, each only when given: a report without them is as it always was.
function modelSections(input: ReportInput): string[] {
  const sections: string[] = [];
  if (input.calibration !== undefined) sections.push(calibrationSection(input.calibration));
  if (input.curves !== undefined) sections.push(binaryCurvesSection(input.curves));
  if (input.importance !== undefined) sections.push(importanceSection(input.importance));
  if (input.coefficients !== undefined) sections.push(coefficientsSection(input.coefficients));
  return sections;
}

function columnsSection(columns: readonly ReportColumn[] | undefined): string {
  if (columns === undefined) return '';
  const rows = columns.map(([name, kind, detail]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(kind)}</td><td>${escapeHtml(detail)}</td></tr>`);
  return section('columns', 'Columns', `<div class="panel"><div class="table-wrap"><table class="scores">
<thead><tr><th scope="col">column</th><th scope="col">kind</th><th scope="col">read as</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></div>`);
}

/** The run's settings as a list of names and values, in their order. */
export function settingsSection(settings: readonly ReportSetting[]): string {
  const items = settings.map(([name, value]) =>
    `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(formatSetting(value))}</dd></div>`,
  );
  return section('settings', 'Settings', `<div class="panel"><dl class="settings">
${items.join('\n')}
</dl></div>`);
}
