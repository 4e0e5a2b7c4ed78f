// renderTuneReport: the page of a hyper-parameter search, its ranking, its charts, and awkward searches.
import { describe, expect, test } from 'vitest';
import { renderTuneReport, type TuneReportInput, type TuneTrial } from '../src/report/index.js';
import { logAxis, logTick } from '../src/report/scale.js';
import { settingAxis, valueText } from '../src/report/tune-params.js';
import { findChromium } from '../scripts/report-chromium.js';
import { expectCleanLayout } from './helpers/layout.js';
import { sampleTune } from '../scripts/report-fixtures.js';

function allOf(html: string, tag: string, cls?: string): string[] {
  const attrs = cls === undefined ? '[^>]*' : `[^>]*class="[^"]*\\b${cls}\\b[^"]*"[^>]*`;
  return [...html.matchAll(new RegExp(`<${tag}${attrs}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}
const text = (html: string): string => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
/** The chart in the panel headed `heading`. */
function chartOf(html: string, heading: string): string {
  const panel = [...html.matchAll(/<div class="panel"><h3>([^<]*)<\/h3>(<svg[\s\S]*?<\/svg>)<\/div>/g)].find((m) => m[1] === heading);
  if (panel === undefined) throw new Error(`no chart ${heading}`);
  return panel[2];
}
const xTickLabels = (svg: string): string[] => [...svg.matchAll(/<text class="tick" x="[\d.]+" y="270" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
const dots = (svg: string): { cx: number; fill: string; title: string }[] =>
  [...svg.matchAll(/<circle class="dot" cx="([\d.]+)"[^>]*fill="(#[0-9a-f]{6})"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({ cx: Number(m[1]), fill: m[2], title: m[3] }));
/** Each row of the trials table as its cell texts, rank first. */
const tableRows = (html: string): string[][] => allOf(allOf(html, 'tbody')[0], 'tr').map((row) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => text(m[1])));

const trial = (params: TuneTrial['params'], accuracy: number, logLoss = 1 - accuracy): TuneTrial => ({
  params,
  cv: { mean: { accuracy, balancedAccuracy: accuracy, macroF1: accuracy, logLoss }, std: { accuracy: 0.01, balancedAccuracy: 0.01, macroF1: 0.01, logLoss: 0.02 } },
});
const search = (trials: TuneTrial[], extra: Partial<TuneReportInput> = {}): TuneReportInput => ({
  title: 'tune', metric: 'accuracy', params: Object.keys(trials[0]?.params ?? {}), trials, best: 0, settings: [['folds', 5]], ...extra,
});

describe('renderTuneReport: the page', () => {
  const input = sampleTune();
  const html = renderTuneReport(input);

  test('a whole document in the report\'s style: cards, a chart per setting, the trials, the settings', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(allOf(html, 'h2').map(text)).toEqual(['Score by setting', 'Trials', 'Settings']);
    expect(allOf(html, 'h3').map(text)).toEqual(input.params);
    expect(html).toContain('<p>24 trials · ranked by cv accuracy · generated 2025-01-02 03:04 UTC</p>');
    expect(html).toContain('<footer>Made with softgrad · 2025-01-02 03:04 UTC</footer>');
  });

  test('the summary shows the best score ± std, the test score, the best settings, the trials and the time', () => {
    const best = input.trials[input.best];
    const summary = text(allOf(html, 'section')[0]);
    expect(summary).toContain(`Best cv accuracy ${best.cv.mean.accuracy.toFixed(3)} ± ${best.cv.std.accuracy.toFixed(3)} over the folds · trial ${input.best + 1}`);
    expect(summary).toContain('Test accuracy 0.977 best settings refit · balanced accuracy 0.971 · macro F1 0.973 · log loss 0.0842');
    expect(summary).toContain(`Best settings trial ${input.best + 1} lr ${valueText(best.params.lr)}`);
    expect(summary).toContain('Trials 24 5 settings searched');
    expect(summary).toContain('Time 48.3 s 2.01 s per trial');
  });

  test('it loads nothing, runs nothing, and the same input gives the same bytes', () => {
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z]/i);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img|image|use)\b|\son[a-z]+=|url\(/i);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(renderTuneReport(structuredClone(input))).toBe(html);
  });
});

describe('renderTuneReport: the trials table', () => {
  test('every trial, best first by the metric, with params and the four cv means ± std; the best row marked', () => {
    const trials = [trial({ lr: 0.01, hidden: [] }, 0.9), trial({ lr: 0.1, hidden: [64, 32] }, 0.95), trial({ lr: 0.001, hidden: [16] }, 0.8)];
    const html = renderTuneReport(search(trials, { best: 1 }));
    expect(allOf(allOf(html, 'thead')[0], 'th').map(text)).toEqual(['rank', 'trial', 'lr', 'hidden', 'accuracy', 'balanced accuracy', 'macro F1', 'log loss']);
    expect(tableRows(html)).toEqual([
      ['1 best', '2', '0.1', '64,32', '0.950 ± 0.010', '0.950 ± 0.010', '0.950 ± 0.010', '0.0500 ± 0.0200'],
      ['2', '1', '0.01', 'none', '0.900 ± 0.010', '0.900 ± 0.010', '0.900 ± 0.010', '0.1000 ± 0.0200'],
      ['3', '3', '0.001', '16', '0.800 ± 0.010', '0.800 ± 0.010', '0.800 ± 0.010', '0.2000 ± 0.0200'],
    ]);
    expect(allOf(html, 'tbody')[0]).toMatch(/^\s*<tr class="best">/);
  });

  test('ranked by log loss, lower comes first', () => {
    const trials = [trial({ lr: 0.01 }, 0.9, 0.3), trial({ lr: 0.1 }, 0.8, 0.2), trial({ lr: 1 }, 0.7, 0.4)];
    const html = renderTuneReport(search(trials, { metric: 'logLoss', best: 1 }));
    expect(tableRows(html).map((r) => r[1])).toEqual(['2', '1', '3']);
    expect(html).toContain('ranked by cv log loss');
  });

  test('a trial whose score is NaN comes last and reads as a dash', () => {
    const html = renderTuneReport(search([trial({ lr: 0.01 }, NaN), trial({ lr: 0.1 }, 0.5)], { best: 1 }));
    expect(tableRows(html).map((r) => [r[1], r[3]])).toEqual([['2', '0.500 ± 0.010'], ['1', '– ± 0.010']]);
    expect(html).not.toMatch(/NaN/);
  });

  test('rounded values keep the full value in a tooltip', () => {
    const html = renderTuneReport(search([trial({ lr: 0.0031622776601683794 }, 0.9)]));
    expect(html).toContain('<td title="0.0031622776601683794">0.00316</td>');
  });
});

describe('renderTuneReport: score against each setting', () => {
  const input = sampleTune();
  const html = renderTuneReport(input);
  const zeroDecay = input.trials.filter((t) => t.params.weightDecay === 0).length;

  test('lr is on a log axis in decades', () => {
    const svg = chartOf(html, 'lr');
    expect(xTickLabels(svg)).toEqual(['1e-4', '0.001', '0.01', '0.1']);
    expect(svg).toContain('>lr (log scale)</text>');
    expect(dots(svg)).toHaveLength(24);
  });

  test('weightDecay 0 sits at its own "0" tick left of a break in the log axis', () => {
    expect(zeroDecay).toBeGreaterThan(0);
    const svg = chartOf(html, 'weightDecay');
    expect(xTickLabels(svg)).toEqual(['0', '1e-6', '1e-5', '1e-4', '0.001', '0.01']);
    expect(svg).toContain('>weightDecay (log scale; 0 left of the break)</text>');
    expect(dots(svg).filter((d) => d.cx === 78)).toHaveLength(zeroDecay);
    expect(dots(svg).every((d) => d.cx === 78 || d.cx >= 114)).toBe(true); // the decades start after the break
    expect(html).toContain('a setting of 0 is drawn at its own tick, left of a break in the axis');
  });

  test("weightDecay's auto (the Classifier's default) and 0 each get a tick left of the break", () => {
    const withAuto = renderTuneReport(search([
      trial({ weightDecay: 'auto' }, 0.9),
      trial({ weightDecay: 0 }, 0.8),
      trial({ weightDecay: 1e-4 }, 0.85),
      trial({ weightDecay: 0.01 }, 0.7),
    ]));
    const svg = chartOf(withAuto, 'weightDecay');
    expect(xTickLabels(svg).slice(0, 3)).toEqual(['0', 'auto', '1e-4']);
    expect(svg).toContain('>weightDecay (log scale; 0, auto left of the break)</text>');
    const [zero, auto, ...decades] = dots(svg).map((d) => d.cx).sort((a, b) => a - b);
    expect(auto - zero).toBe(30);
    expect(decades.every((cx) => cx > auto + 30)).toBe(true);
  });

  test.each([
    { setting: 'hidden', ticks: ['none', '16', '32', '64,32'], label: 'hidden (layer sizes)' },
    { setting: 'batchSize', ticks: ['16', '32', '64', '128'], label: 'batchSize' },
    { setting: 'optimizer', ticks: ['adam', 'sgd'], label: 'optimizer' },
  ])('$setting is categorical: $ticks', ({ setting, ticks, label }) => {
    const svg = chartOf(html, setting);
    expect(xTickLabels(svg)).toEqual(ticks);
    expect(svg).toContain(`>${label}</text>`);
  });

  test('the best trial is marked in every chart, drawn last, and each dot names its trial', () => {
    for (const setting of input.params) {
      const all = dots(chartOf(html, setting));
      expect(all.filter((d) => d.fill === '#ea580c')).toHaveLength(1);
      expect(all[all.length - 1].fill).toBe('#ea580c');
      expect(all[all.length - 1].title).toMatch(new RegExp(`^trial ${input.best + 1} \\(rank 1\\): lr `));
      expect(chartOf(html, setting)).toContain('>best trial</text>');
    }
  });
});

describe('renderTuneReport: awkward searches', () => {
  test('a single trial with weightDecay 0 and no hidden layer', () => {
    const html = renderTuneReport(search([trial({ lr: 0.01, weightDecay: 0, hidden: [], batchSize: 32, optimizer: 'adam' }, 0.9)]));
    expect(xTickLabels(chartOf(html, 'weightDecay'))).toEqual(['0']);
    expect(xTickLabels(chartOf(html, 'hidden'))).toEqual(['none']);
    expect(xTickLabels(chartOf(html, 'lr'))).toContain('0.01');
    expect(tableRows(html)).toHaveLength(1);
    expect(chartOf(html, 'lr')).toContain('>best trial</text>');
    expect(chartOf(html, 'lr')).not.toContain('>trial</text>'); // no legend entry for dots that are not drawn
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  test('no trials at all', () => {
    const html = renderTuneReport({ title: 't', metric: 'accuracy', params: ['lr'], trials: [], best: 0, settings: [] });
    expect(text(html)).toContain('No trials were run.');
    expect(text(html)).toContain('Best cv accuracy – no best trial');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  test('a setting missing from some trials leaves those dots out', () => {
    const html = renderTuneReport(search([trial({ lr: 0.01, momentum: 0.9 }, 0.9), trial({ lr: 0.1 }, 0.8)], { params: ['lr', 'momentum'] }));
    expect(dots(chartOf(html, 'momentum'))).toHaveLength(1);
    expect(tableRows(html)[1][3]).toBe('–');
  });

  test('names and values from the user are escaped everywhere', () => {
    const hostile = '<script>alert("x")</script>';
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';
    const html = renderTuneReport({
      ...search([trial({ [hostile]: hostile }, 0.9)]),
      title: hostile, metric: hostile, settings: [[hostile, hostile]], generatedAt: hostile, test: { [hostile]: 0.5 },
    });
    expect(html).not.toMatch(/<script/i);
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(15);
  });
});

describe('tune helpers', () => {
  test.each([
    { value: [], expected: 'none' },
    { value: [64, 32], expected: '64,32' },
    { value: 0.0031622776601683794, expected: '0.00316' },
    { value: 3.7412e-6, expected: '3.74e-6' },
    { value: 0, expected: '0' },
    { value: 1024, expected: '1024' },
    { value: 'adamw', expected: 'adamw' },
    { value: undefined, expected: '–' },
  ])('the value $value reads $expected', ({ value, expected }) => {
    expect(valueText(value)).toBe(expected);
  });

  test.each([
    { name: 'lr', values: [0.01, 0.02], kind: 'log' },
    { name: 'weightDecay', values: [0, 1e-4], kind: 'log' },
    { name: 'weightDecay', values: [0, 0], kind: 'categories' },
    { name: 'batchSize', values: [16, 32, 64, 128, 256], kind: 'categories' },
    { name: 'batchSize', values: [8, 16, 24, 32, 40, 48, 56, 64, 512], kind: 'log' },
    { name: 'dropout', values: [0.1, 0.25, 0.5], kind: 'linear' },
    { name: 'hidden', values: [[], [16]], kind: 'categories' },
    { name: 'optimizer', values: ['sgd', 'adam'], kind: 'categories' },
    { name: 'shift', values: [-1e-3, 10], kind: 'linear' },
  ])('$name over $values is plotted on a $kind axis', ({ name, values, kind }) => {
    expect(settingAxis(name, values).x.kind).toBe(kind);
  });

  test.each([
    { lo: 0.001, hi: 0.1, ticks: ['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1'] },
    { lo: 1e-6, hi: 1e-2, ticks: ['1e-6', '1e-5', '1e-4', '0.001', '0.01'] },
    { lo: 0.01, hi: 0.01, ticks: ['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1'] },
    { lo: 1e-12, hi: 1e3, ticks: ['1e-12', '1e-10', '1e-8', '1e-6', '1e-4', '0.01', '1', '100'] },
  ])('a log axis over $lo..$hi has ticks $ticks', ({ lo, hi, ticks }) => {
    expect(logAxis(lo, hi).ticks.map(logTick)).toEqual(ticks);
  });
});

const chromium = findChromium();
if (chromium === undefined) console.warn('tune-report layout tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

describe.skipIf(chromium === undefined)('the tune page in headless Chromium', () => {
  test('no label leaves its chart or overlaps another; the trials table fits at desktop width; nothing scrolls sideways', async () => {
    await expectCleanLayout(renderTuneReport(sampleTune()));
  }, 30_000);
});
