// One self-contained HTML page about a hyper-parameter search: the best trial, the score against each searched setting,
// every trial ranked, the search's settings.
import { escapeHtml } from './escape.js';
import { formatDuration, formatLoss, formatScore, plural } from './format.js';
import { htmlPage, panel, section } from './page.js';
import { settingsSection, type ReportSetting } from './report.js';
import { niceAxis, type Axis } from './scale.js';
import { scatterChart } from './scatter-chart.js';
import { TUNE_STYLES } from './styles.js';
import { cardGrid, type Card } from './summary.js';
import { fullText, settingAxis, valueText, type TuneValue } from './tune-params.js';

/** One trial of a search: the settings it tried and its cross-validated scores. */
export interface TuneTrial {
  /** By name; `hidden` is an array of layer sizes ([] = linear). */
  params: Readonly<Record<string, TuneValue>>;
  /** Mean and standard deviation over the folds; keys: accuracy, balancedAccuracy, macroF1, logLoss. */
  cv: { mean: Readonly<Record<string, number>>; std: Readonly<Record<string, number>> };
}

/** Everything `renderTuneReport` shows. */
export interface TuneReportInput {
  title: string;
  /** The metric trials are ranked by, e.g. 'accuracy' (higher is better). */
  metric: string;
  /** Names of the searched settings, in display order, e.g. ['lr', 'weightDecay', 'hidden', 'batchSize', 'optimizer']. */
  params: readonly string[];
  trials: readonly TuneTrial[];
  /** Index into trials of the best one. */
  best: number;
  /** The refit best model's scores on the test set, if one was given. */
  test?: Readonly<Record<string, number>>;
  /** The search's settings in display order: search kind, trials, folds, seed, file... */
  settings: readonly ReportSetting[];
  /** Wall-clock seconds the search took. */
  seconds?: number;
  /** When the page was made, as the caller wants it printed; passed in so the same search gives the same file. */
  generatedAt?: string;
}

// The cross-validated scores in the order the table shows them; a key outside these follows them.
const METRICS = ['accuracy', 'balancedAccuracy', 'macroF1', 'logLoss'];
const METRIC_NAMES: Record<string, string> = { accuracy: 'accuracy', balancedAccuracy: 'balanced accuracy', macroF1: 'macro F1', logLoss: 'log loss' };
const TRIAL_COLOR = '#2563eb';
const BEST_COLOR = '#ea580c';

/**
 * Renders a hyper-parameter search as one self-contained HTML document, in the training report's style: no scripts,
 * no network, every user-supplied string escaped, and the same input always gives the same bytes.
 * @example
 * const html = renderTuneReport({
 *   title: 'softgrad tune: penguins.csv', metric: 'accuracy', params: ['lr', 'hidden'],
 *   trials: [{ params: { lr: 0.01, hidden: [] }, cv: { mean: { accuracy: 0.97 }, std: { accuracy: 0.01 } } }],
 *   best: 0, settings: [['search', 'random'], ['folds', 5]],
 * });
 * await writeFile('tune.html', html);
 */
export function renderTuneReport(input: TuneReportInput): string {
  const subtitle = [plural(input.trials.length, 'trial'), `ranked by cv ${metricName(input.metric)}`];
  if (input.generatedAt !== undefined) subtitle.push(`generated ${input.generatedAt}`);
  const summary = `<section id="summary" aria-label="Summary">
${cardGrid(tuneCards(input))}
</section>`;
  return htmlPage({
    title: input.title,
    subtitle: subtitle.join(' · '),
    sections: [summary, bySettingSection(input), trialsSection(input), settingsSection(input.settings)],
    generatedAt: input.generatedAt,
    extraStyles: TUNE_STYLES,
  });
}

const metricName = (key: string): string => METRIC_NAMES[key] ?? key;
const lowerIsBetter = (key: string): boolean => /loss|error/i.test(key);
const formatMetric = (key: string, value: number): string => (lowerIsBetter(key) ? formatLoss(value) : formatScore(value));
const score = (trial: TuneTrial | undefined, metric: string): number => trial?.cv.mean[metric] ?? NaN;
const spread = (trial: TuneTrial | undefined, metric: string): number => trial?.cv.std[metric] ?? NaN;

function tuneCards(input: TuneReportInput): Card[] {
  const { metric, trials } = input;
  const best = trials[input.best];
  const name = metricName(metric);
  const cards: Card[] = [{
    label: `Best cv ${name}`,
    value: formatMetric(metric, score(best, metric)),
    sub: best === undefined ? 'no best trial' : `± ${formatMetric(metric, spread(best, metric))} over the folds · trial ${input.best + 1}`,
    headline: true,
  }];
  if (input.test !== undefined) {
    const others = Object.keys(input.test).filter((key) => key !== metric).map((key) => `${metricName(key)} ${formatMetric(key, input.test![key])}`);
    cards.push({ label: `Test ${name}`, value: formatMetric(metric, input.test[metric] ?? NaN), sub: ['best settings refit', ...others].join(' · ') });
  }
  if (best !== undefined) {
    const settings = input.params.map((p) => `${p} ${valueText(best.params[p])}`).join(' · ');
    cards.push({ label: 'Best settings', value: `trial ${input.best + 1}`, sub: settings });
  }
  cards.push({ label: 'Trials', value: String(trials.length), sub: `${plural(input.params.length, 'setting')} searched` });
  if (input.seconds !== undefined) {
    const perTrial = trials.length > 0 && input.seconds > 0 ? `${formatDuration(input.seconds / trials.length)} per trial` : undefined;
    cards.push({ label: 'Time', value: formatDuration(input.seconds), sub: perTrial });
  }
  return cards;
}

/** Trial indices best first: by the metric's mean (NaN last), ties in trial order. */
function ranking(input: TuneReportInput): number[] {
  const sign = lowerIsBetter(input.metric) ? 1 : -1;
  const key = (i: number): number => {
    const value = score(input.trials[i], input.metric);
    return Number.isNaN(value) ? Infinity : sign * value;
  };
  return input.trials.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

function bySettingSection(input: TuneReportInput): string {
  const { metric, trials, params } = input;
  if (trials.length === 0) return section('by-setting', 'Score by setting', '<p class="note">No trials were run.</p>');
  if (params.length === 0) return section('by-setting', 'Score by setting', '<p class="note">No settings were searched.</p>');
  const rankOf = new Map(ranking(input).map((i, r) => [i, r + 1]));
  const name = metricName(metric);
  const axes = params.map((p) => settingAxis(p, trials.map((t) => t.params[p])));
  const charts = params.map((p, k) => {
    const { x, positions, label } = axes[k];
    const points = trials.map((trial, i) => ({
      x: positions[i] ?? NaN,
      y: score(trial, metric),
      highlight: i === input.best,
      title: `trial ${i + 1} (rank ${rankOf.get(i)}): ${params.map((q) => `${q} ${fullText(trial.params[q])}`).join(', ')}; ` +
        `cv ${name} ${formatMetric(metric, score(trial, metric))} ± ${formatMetric(metric, spread(trial, metric))}`,
    }));
    const chart = scatterChart({
      title: `cv ${name} against ${p}`,
      xLabel: label,
      yLabel: `cv ${name}`,
      x,
      points,
      color: TRIAL_COLOR,
      label: 'trial',
      highlight: { color: BEST_COLOR, label: 'best trial' },
      yAxis: lowerIsBetter(metric) ? undefined : scoreAxis,
    });
    return panel(p, chart);
  });
  const zeros = axes.some((a) => a.label.endsWith('0 left of the break)'));
  const intro = `Each dot is one trial's mean cv ${name} over the folds (its tooltip has its settings), the best in orange. ` +
    (zeros ? 'A log axis has no place for 0, so a setting of 0 is drawn at its own tick, left of a break in the axis.' : '');
  return section('by-setting', 'Score by setting', `<p class="note">${escapeHtml(intro.trimEnd())}</p>
<div class="panels">
${charts.join('\n')}
</div>`);
}

// Scores cluster (0.91 to 0.96, say): an axis from 0 would flatten them, so it hugs the data with a little room,
// but stops at 1 when they do (a score above 1 cannot be).
function scoreAxis(lo: number, hi: number): Axis {
  const pad = hi > lo ? (hi - lo) * 0.08 : 0.01;
  return niceAxis(lo - pad, hi <= 1 ? Math.min(1, hi + pad) : hi + pad);
}

function trialsSection(input: TuneReportInput): string {
  const { metric, trials, params } = input;
  const keys = [...METRICS.filter((m) => trials.some((t) => m in t.cv.mean)), ...new Set(trials.flatMap((t) => Object.keys(t.cv.mean)).filter((m) => !METRICS.includes(m)))];
  if (!keys.includes(metric)) keys.unshift(metric);
  const header = ['rank', 'trial', ...params, ...keys.map(metricName)]
    .map((h, c) => `<th scope="col"${c === 2 + params.length + keys.indexOf(metric) ? ' class="metric"' : ''}>${escapeHtml(h)}</th>`).join('');
  const rows = ranking(input).map((i, r) => {
    const trial = trials[i];
    const settings = params.map((p) => {
      const [text, full] = [valueText(trial.params[p]), fullText(trial.params[p])];
      return `<td${full === text ? '' : ` title="${escapeHtml(full)}"`}>${escapeHtml(text)}</td>`;
    });
    const scores = keys.map((m) =>
      `<td${m === metric ? ' class="metric"' : ''}>${escapeHtml(formatMetric(m, score(trial, m)))}<span class="std"> ± ${escapeHtml(formatMetric(m, spread(trial, m)))}</span></td>`);
    const best = i === input.best;
    return `<tr${best ? ' class="best"' : ''}><th scope="row">${r + 1}${best ? ' <span class="tag">best</span>' : ''}</th><td>${i + 1}</td>${settings.join('')}${scores.join('')}</tr>`;
  });
  const intro = `Every trial, best first by mean cv ${metricName(metric)}; each score is the cross-validated mean ± standard deviation over the folds.`;
  return section('trials', 'Trials', `<p class="note">${escapeHtml(intro)}</p>
<div class="panel"><div class="table-wrap"><table class="scores trials">
<thead><tr>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></div>`);
}
