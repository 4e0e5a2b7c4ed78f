// renderReport as a string: escaping, self-containment, sections, determinism, awkward runs.
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { renderReport, type ReportInput } from '../src/report/index.js';
import { contrastRatio, mix, readableText } from '../src/report/color.js';
import { formatDuration, formatLoss, formatPercent } from '../src/report/format.js';
import { integerAxis, niceAxis } from '../src/report/scale.js';
import { downsample, finiteRuns, type Point } from '../src/report/series.js';
import { sampleHistory, sampleRun, scoresOf } from '../scripts/report-fixtures.js';

/** The inner HTML of every element `<tag ... class="cls"...>...</tag>` (no nesting of the same tag inside). */
function allOf(html: string, tag: string, cls?: string): string[] {
  const attrs = cls === undefined ? '[^>]*' : `[^>]*class="[^"]*\\b${cls}\\b[^"]*"[^>]*`;
  return [...html.matchAll(new RegExp(`<${tag}${attrs}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

const charts = (html: string): string[] => allOf(html, 'svg', 'chart');
const seriesPaths = (svg: string): string[] => [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((m) => m[1]);
const pointsOf = (d: string): number => d.split(/[ML]/).filter(Boolean).length;
/** What a reader sees: the text without the stylesheet, with a space wherever a tag was. */
const text = (html: string): string => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
/** The cell texts of the table row whose header cell reads `name`. */
function rowCells(html: string, name: string): string[] {
  const row = allOf(html, 'tr').find((r) => new RegExp(`<th[^>]*>${name}</th>`).test(r));
  if (row === undefined) throw new Error(`no row ${name}`);
  return allOf(row, 'td').map(text);
}

describe('renderReport: user data is escaped', () => {
  const hostile = [
    { name: 'a script tag', value: '<script>alert(1)</script>', raw: /<script/i, escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { name: 'a closing tag that would end an attribute and open an element', value: '"><img src=x onerror=alert(1)>', raw: /<img|" ?onerror|"><img/, escaped: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
    { name: 'a single-quoted attribute breakout', value: "x' onmouseover='alert(1)", raw: /' onmouseover='/, escaped: 'x&#39; onmouseover=&#39;alert(1)' },
    { name: 'an SVG element', value: '<svg onload=alert(1)>', raw: /<svg onload/, escaped: '&lt;svg onload=alert(1)&gt;' },
    { name: 'an entity that must stay text', value: 'AT&amp;T &lt;', raw: /AT&amp;T &lt;(?!;)/, escaped: 'AT&amp;amp;T &amp;lt;' },
  ];
  test.each(hostile)('$name in a class name, the title, a setting and the stop reason renders as text', ({ value, raw, escaped }) => {
    const input: ReportInput = {
      ...sampleRun({ classes: ['ok', value, 'fine'] }),
      title: value,
      settings: [[value, value], ['file', `${value}.csv`]],
      stopReason: value,
      generatedAt: value,
    };
    const html = renderReport(input);
    expect(html).not.toMatch(raw);
    // title, h1, subtitle, footer, matrix row/column/tooltips, per-class row, setting name and value, stop reason
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(10);
  });

  test('the only tags in the page are the report\'s own', () => {
    const html = renderReport({ ...sampleRun({ classes: ['<b>', '<i>', '<u>'] }), title: '<h6>' });
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
    for (const tag of ['b', 'i', 'u', 'h6']) expect(tags.has(tag), tag).toBe(false);
  });
});

describe('renderReport: one self-contained file', () => {
  const runs: { name: string; input: ReportInput }[] = [
    { name: 'a run with validation and a test set', input: sampleRun() },
    { name: 'a run without validation', input: sampleRun({ validation: false }) },
    { name: 'a run without a test set', input: { ...sampleRun(), test: undefined } },
  ];
  test.each(runs)('$name loads nothing from anywhere and runs no script', ({ input }) => {
    const html = renderReport(input);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\/\/[a-z]/i);
    expect(html).not.toMatch(/\s(src|href|srcset|xlink:href)=/i);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img|image|use)\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  test('it is a whole HTML document with a charset, a viewport and inline CSS', () => {
    const html = renderReport(sampleRun());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  test('the same input gives the same bytes, whatever the clock says', () => {
    const input = sampleRun();
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
      const first = renderReport(input);
      vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
      expect(renderReport(input)).toBe(first);
      expect(renderReport(structuredClone(input))).toBe(first);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('renderReport: sections', () => {
  test('a full run has the summary, both curves, the confusion matrix, the per-class table and the settings', () => {
    const html = renderReport(sampleRun());
    for (const id of ['summary', 'curves', 'test', 'confusion-matrix', 'per-class', 'settings']) expect(html).toContain(`id="${id}"`);
    expect(allOf(html, 'h2').map(text)).toEqual(['Training curves', 'Test set', 'Settings']);
    expect(charts(html).map((svg) => /<title>(.*?)<\/title>/.exec(svg)![1])).toEqual(['Loss per epoch', 'Accuracy per epoch']);
  });

  test('the summary shows test accuracy with the count right, macro F1, loss, epochs, stop reason and time', () => {
    const input = sampleRun();
    const summary = text(allOf(renderReport(input), 'section').find((s) => s.includes('class="cards"'))!);
    expect(summary).toContain('Test accuracy 97.2% 35 of 36 correct');
    expect(summary).toContain(`Macro F1 ${input.test!.macroF1.toFixed(3)}`);
    expect(summary).toContain('Test loss 0.0825 train 0.0930');
    expect(summary).toContain('Train accuracy 95.5%');
    expect(summary).toContain('Epochs 120 stopped early · best epoch 90');
    expect(summary).toContain('Time 420 ms 3.5 ms per epoch');
  });

  test('settings appear in the given order with their values as written', () => {
    const html = renderReport({ ...sampleRun(), settings: [['lr', 0.001], ['hidden', '32,16'], ['standardize', false], ['file', 'data/my file.csv']] });
    const settings = allOf(html, 'dl', 'settings')[0];
    expect(allOf(settings, 'dt')).toEqual(['lr', 'hidden', 'standardize', 'file']);
    expect(allOf(settings, 'dd')).toEqual(['0.001', '32,16', 'no', 'data/my file.csv']);
  });

  test('a run without a test set says so and draws no confusion matrix', () => {
    const html = renderReport({ ...sampleRun(), test: undefined });
    expect(html).toContain('No test set was evaluated');
    expect(html).not.toContain('id="confusion-matrix"');
    expect(text(html)).toContain('Train accuracy 95.5% no test set evaluated');
  });

  test('a learning rate that changes gets its own chart', () => {
    const history = sampleHistory(60).map((e) => ({ ...e, lr: e.epoch <= 30 ? 0.01 : 0.001 }));
    const html = renderReport({ ...sampleRun(), history });
    expect(charts(html).map((svg) => /<title>(.*?)<\/title>/.exec(svg)![1])).toEqual(['Loss per epoch', 'Accuracy per epoch', 'Learning rate per epoch']);
  });
});

describe('renderReport: the confusion matrix', () => {
  // rows: true class, columns: predicted (scikit-learn's layout)
  const matrix = [[5, 1, 0], [2, 7, 1], [0, 0, 9]];
  const html = renderReport(sampleRun({ confusionMatrix: matrix }));
  const table = allOf(html, 'table', 'matrix')[0];

  test('rows are true classes and columns predicted classes, with the count in each cell', () => {
    expect(allOf(table, 'tr').slice(2).map((row) => allOf(row, 'td').map(text))).toEqual(matrix.map((row) => row.map(String)));
    expect(allOf(allOf(table, 'thead')[0], 'span')).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(table).toContain('title="true versicolor, predicted setosa: 2 (20.0% of versicolor)"');
  });

  test('correct cells shade blue and errors red, darker for a larger share of the true class; zeros stay plain', () => {
    const styles = allOf(table, 'tr').slice(2).map((row) => [...row.matchAll(/<td([^>]*)>/g)].map((m) => m[1]));
    expect(styles[2][2]).toContain('background:#1e3a8a'); // 9 of 9: the darkest blue
    expect(styles[0][2]).toContain('class="zero"');
    const red = /background:#([0-9a-f]{6})/.exec(styles[1][0])![1];
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(red.slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(g);
    expect(r).toBeGreaterThan(b);
  });

  test('20 classes with long names: compact cells, vertical headings, names cut in the headings but whole in the tooltips and the table', () => {
    const long = 'a class name that goes on for much longer than any heading could show';
    const classes = Array.from({ length: 20 }, (_, k) => (k === 7 ? long : `class ${k}`));
    const big = renderReport(sampleRun({ classes }));
    const bigTable = allOf(big, 'table', 'matrix')[0];
    expect(big).toContain('<table class="matrix vertical dense">');
    expect(allOf(bigTable, 'td')).toHaveLength(400);
    expect(bigTable).toContain('<span>a class name that goes…</span>');
    expect(bigTable).toContain(`title="${long}"`);
    expect(allOf(allOf(big, 'table', 'scores')[0], 'th').map(text)).toContain(long);
  });

  test('cutting a name never splits a character made of two UTF-16 units', () => {
    const name = '😀'.repeat(30);
    const html = renderReport(sampleRun({ classes: [name, 'b', 'c'] }));
    expect(html).toContain(`<span>${'😀'.repeat(23)}…</span>`);
    expect(html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
  });
});

describe('renderReport: the per-class table', () => {
  // scikit-learn's classification_report docstring: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1] prints
  // per class (0.50 1.00 0.67 1), (0.00 0.00 0.00 1), (1.00 0.67 0.80 3), accuracy 0.60, macro avg 0.50 0.56 0.49,
  // weighted avg 0.70 0.60 0.61 (support 5).
  const scores = { ...scoresOf([[1, 0, 0], [1, 0, 0], [0, 1, 2]]), macroF1: (2 / 3 + 0 + 0.8) / 3 };
  const html = renderReport({ ...sampleRun(), classes: ['class 0', 'class 1', 'class 2'], test: scores });
  const table = allOf(html, 'table', 'scores')[0];
  const twoDigits = (cells: string[]): string[] => cells.map((c) => (c === '' ? '' : c.includes('.') ? Number(c).toFixed(2) : c));

  test.each([
    { row: 'class 0', expected: ['0.50', '1.00', '0.67', '1'] },
    { row: 'class 1', expected: ['0.00', '0.00', '0.00', '1'] },
    { row: 'class 2', expected: ['1.00', '0.67', '0.80', '3'] },
    { row: 'accuracy', expected: ['', '', '0.60', '5'] },
    { row: 'macro avg', expected: ['0.50', '0.56', '0.49', '5'] },
    { row: 'weighted avg', expected: ['0.70', '0.60', '0.61', '5'] },
  ])('the $row row matches scikit-learn\'s classification_report', ({ row, expected }) => {
    expect(twoDigits(rowCells(table, row))).toEqual(expected);
  });
});

describe('renderReport: awkward runs do not break it', () => {
  const withoutValidation = renderReport(sampleRun({ validation: false }));
  test('without validation data only the train curves are drawn, and the page says so', () => {
    for (const svg of charts(withoutValidation)) {
      expect(seriesPaths(svg)).toHaveLength(1);
      expect(svg).not.toContain('>validation<');
    }
    expect(withoutValidation).toContain('No validation data: training curves only.');
  });

  test('a single epoch is drawn as a dot on an axis around it', () => {
    const html = renderReport(sampleRun({ epochs: 1 }));
    for (const svg of charts(html)) {
      expect(svg.match(/<circle class="dot"/g)).toHaveLength(2); // train and validation
      expect(svg).toContain('>1</text>');
    }
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  test('5000 epochs become a few hundred points per line, keeping the first and the last', () => {
    const html = renderReport(sampleRun({ epochs: 5000 }));
    for (const svg of charts(html)) {
      for (const d of seriesPaths(svg)) expect(pointsOf(d)).toBeLessThanOrEqual(802);
      expect(svg).not.toContain('<circle');
      expect(svg).toContain('>5000</text>');
    }
    expect(html.length).toBeLessThan(120_000);
  });

  test('NaN and infinite losses are skipped, leaving gaps, and never reach the page', () => {
    const history = sampleHistory(50).map((e) =>
      e.epoch === 10 ? { ...e, loss: NaN } : e.epoch === 20 ? { ...e, loss: Infinity, valLoss: -Infinity } : e);
    const html = renderReport({ ...sampleRun(), history });
    const [train, validation] = seriesPaths(charts(html)[0]);
    expect(train.match(/M/g)).toHaveLength(3);
    expect(validation.match(/M/g)).toHaveLength(2);
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  test.each([
    { name: 'no epochs at all', history: [] },
    { name: 'only non-finite values', history: sampleHistory(5).map((e) => ({ ...e, loss: NaN, accuracy: NaN, valLoss: Infinity, valAccuracy: NaN })) },
  ])('$name: the charts say there is nothing to plot', ({ history }) => {
    const html = renderReport({ ...sampleRun(), history, bestEpoch: undefined });
    expect(charts(html)).toHaveLength(2);
    for (const svg of charts(html)) expect(svg).toContain('no finite values to plot');
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  test('non-finite test metrics read as a dash', () => {
    const test = { ...sampleRun().test!, accuracy: NaN, loss: Infinity, macroF1: NaN };
    const summary = text(renderReport({ ...sampleRun(), test }));
    expect(summary).toContain('Test accuracy – ');
    expect(summary).toContain('Macro F1 – ');
    expect(summary).toContain('Test loss – ');
  });

  test('accuracy outside [0, 1] widens the axis instead of leaving the chart', () => {
    const history = sampleHistory(10).map((e) => (e.epoch === 3 ? { ...e, accuracy: 1.3 } : e));
    const svg = charts(renderReport({ ...sampleRun(), history }))[1];
    expect(svg).toContain('>140%</text>');
    const ys = [...svg.matchAll(/[ML][\d.]+,([\d.-]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(40);
  });

  test('a huge first loss keeps every point inside the plot', () => {
    const history = sampleHistory(10).map((e) => (e.epoch === 1 ? { ...e, loss: 3e12 } : e));
    const svg = charts(renderReport({ ...sampleRun(), history }))[0];
    const ys = [...svg.matchAll(/[ML][\d.]+,([\d.-]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...ys)).toBeLessThanOrEqual(252);
    expect(svg).toContain('>3.0e+12</text>');
  });
});

describe('report helpers', () => {
  test.each([
    { lo: 0, hi: 1.17, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2] },
    { lo: 0, hi: 0.3, ticks: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3] },
    { lo: 0, hi: 0.07, ticks: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07] },
    { lo: 0.1, hi: 0.7, ticks: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] },
    { lo: -3, hi: 7, ticks: [-4, -2, 0, 2, 4, 6, 8] },
    { lo: 2, hi: 2, ticks: [1, 1.5, 2, 2.5, 3] },
  ])('niceAxis($lo, $hi) has round ticks $ticks', ({ lo, hi, ticks }) => {
    expect(niceAxis(lo, hi).ticks).toEqual(ticks);
  });

  test.each([
    { lo: 1, hi: 1, ticks: [1] },
    { lo: 1, hi: 7, ticks: [1, 2, 3, 4, 5, 6, 7] },
    { lo: 1, hi: 500, ticks: [100, 200, 300, 400, 500] },
    { lo: 1, hi: 1234, ticks: [200, 400, 600, 800, 1000, 1200] },
  ])('epochs $lo..$hi get whole-number ticks $ticks', ({ lo, hi, ticks }) => {
    expect(integerAxis(lo, hi).ticks).toEqual(ticks);
  });

  test('the accuracy axis runs 0, 0.2, ..., 1 without rounding noise', () => {
    expect(niceAxis(0, 1)).toEqual({ lo: 0, hi: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
  });

  test.each([
    { seconds: 0.0042, expected: '4.2 ms' },
    { seconds: 0.42, expected: '420 ms' },
    { seconds: 3.14159, expected: '3.14 s' },
    { seconds: 42.42, expected: '42.4 s' },
    { seconds: 125, expected: '2 min 5 s' },
    { seconds: 4000, expected: '1 h 6 min' },
    { seconds: NaN, expected: '–' },
  ])('a duration of $seconds s reads $expected', ({ seconds, expected }) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  test.each([
    { value: 0.08249, expected: '0.0825' },
    { value: 1.5e-5, expected: '1.50e-5' },
    { value: 0, expected: '0.0000' },
    { value: Infinity, expected: '–' },
  ])('a loss of $value reads $expected', ({ value, expected }) => {
    expect(formatLoss(value)).toBe(expected);
  });

  test('the subtitle counts classes and epochs in words that agree with the number', () => {
    expect(renderReport(sampleRun({ epochs: 1 }))).toContain('<p>3 classes · 1 epoch · generated');
    expect(renderReport({ ...sampleRun({ epochs: 1500 }), classes: ['only'] })).toContain('<p>1 class · 1,500 epochs · generated');
  });

  test('percentages round to one decimal', () => {
    expect([0.97368, 1, 0, NaN].map((v) => formatPercent(v))).toEqual(['97.4%', '100.0%', '0.0%', '–']);
  });

  test('finite runs split at every non-finite point', () => {
    const points = [1, NaN, 2, 3, Infinity, -Infinity, 4].map((y, x) => ({ x, y }));
    expect(finiteRuns(points).map((run) => run.map((p) => p.y))).toEqual([[1], [2, 3], [4]]);
  });

  test('downsampling keeps the order, both ends, every extreme and at most two points per bucket', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
      fc.integer({ min: 1, max: 300 }),
      (ys, buckets) => {
        const run: Point[] = ys.map((y, x) => ({ x, y }));
        const kept = downsample(run, buckets);
        const xs = kept.map((p) => p.x);
        expect(xs).toEqual([...xs].sort((a, b) => a - b));
        expect(new Set(xs).size).toBe(xs.length);
        expect(xs[0]).toBe(0);
        expect(xs[xs.length - 1]).toBe(run.length - 1);
        expect(kept.length).toBeLessThanOrEqual(2 * buckets + 2);
        expect(kept.some((p) => p.y === Math.min(...ys))).toBe(true);
        expect(kept.some((p) => p.y === Math.max(...ys))).toBe(true);
      },
    ), { numRuns: 300 });
  });

  // WCAG 2 reference values: black on white is 21:1; #767676 on white is the lightest grey that passes AA (4.54:1).
  test.each([
    { a: '#000000', b: '#ffffff', ratio: 21 },
    { a: '#ffffff', b: '#ffffff', ratio: 1 },
    { a: '#767676', b: '#ffffff', ratio: 4.54 },
  ])('contrast of $a on $b is $ratio', ({ a, b, ratio }) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
  });

  test('the text on every shade of the heat map reaches WCAG AA contrast (4.5:1)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(['#eff6ff', '#1e3a8a'], ['#fff1f2', '#9f1239']), (t, [from, to]) => {
      const background = mix(from, to, t);
      expect(contrastRatio(background, readableText(background))).toBeGreaterThanOrEqual(4.5);
    }), { numRuns: 5000, examples: [[0.6356382978723405, ['#eff6ff', '#1e3a8a']]] });
  });
});
