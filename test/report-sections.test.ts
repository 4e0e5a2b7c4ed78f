// renderReport's optional sections: calibration, ROC and precision-recall, importance, coefficients.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { renderReport, type ReportInput } from '../src/report/index.js';
import { precisionSteps } from '../src/report/binary-curves.js';
import { contrastRatio } from '../src/report/color.js';
import { findChromium } from '../scripts/report-chromium.js';
import { expectCleanLayout } from './helpers/layout.js';
import { sampleCalibration, sampleCoefficients, sampleCurves, sampleFullRun, sampleHistory, sampleImportance, sampleRun } from '../scripts/report-fixtures.js';

/** The inner HTML of every element `<tag ... class="cls"...>...</tag>` (no nesting of the same tag inside). */
function allOf(html: string, tag: string, cls?: string): string[] {
  const attrs = cls === undefined ? '[^>]*' : `[^>]*class="[^"]*\\b${cls}\\b[^"]*"[^>]*`;
  return [...html.matchAll(new RegExp(`<${tag}${attrs}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}
/** What a reader sees: the text without the stylesheet, with a space wherever a tag was. */
const text = (html: string): string => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
const headings = (html: string): string[] => allOf(html, 'h2').map(text);
/** The section with this id, whole. */
function sectionOf(html: string, id: string): string {
  const match = new RegExp(`<section id="${id}">[\\s\\S]*?</section>`).exec(html);
  if (match === null) throw new Error(`no section ${id}`);
  return match[0];
}
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const twoClasses = (): ReportInput => ({ ...sampleRun({ classes: ['Adelie', 'Chinstrap'], confusionMatrix: [[30, 3], [4, 19]] }), calibration: sampleCalibration(), curves: sampleCurves() });
const everything = (): ReportInput => ({ ...twoClasses(), importance: sampleImportance(), coefficients: sampleCoefficients(), columns: [['island', 'categorical', '3 categories']] });

describe('without the new fields the report is what it was', () => {
  // SHA-256 of the pages as renderReport wrote them before these sections existed (commit 64fe733). A deliberate change
  // to the report's look changes them too: check the new page by eye, then put its hashes here.
  const before = [
    { name: 'a full run', input: sampleRun(), sha: '12e4d8411a112635aca20b634d1b831295881b056ac7d74e24e0adef6756a72d' },
    { name: 'a run without validation', input: sampleRun({ validation: false }), sha: '6c5e1ce7d1ac7fb7750b91734dfc6b41e29c994ce529f046b9745074e7fb23e9' },
    { name: 'a run without a test set', input: { ...sampleRun(), test: undefined }, sha: 'fb1ef27b103d8a65e014f9dbcc479ade239b884bb56ad8646d236b9a9375f0ad' },
    { name: '20 classes over 1500 epochs', input: sampleRun({ classes: Array.from({ length: 20 }, (_, k) => `class ${k}`), epochs: 1500 }), sha: 'a0d2ba42daf13674ac6ae8ac04542249318f7b472a6b82fc83d56388341b8b01' },
    {
      name: 'a changing learning rate and a columns table',
      input: { ...sampleRun(), history: sampleHistory(60).map((e) => ({ ...e, lr: e.epoch <= 30 ? 0.01 : 0.001 })), columns: [['a', 'numeric', 'x'] as const] },
      sha: 'de193d6f0a666ef213c673f72de758cd3a95b66d04c32865509121a5782bce50',
    },
  ];
  test.each(before)('$name: the same bytes as before', ({ input, sha }) => {
    expect(sha256(renderReport(input))).toBe(sha);
  });

  test('fields given as undefined are the same as fields left out', () => {
    const input = sampleRun();
    expect(renderReport({ ...input, calibration: undefined, curves: undefined, importance: undefined, coefficients: undefined })).toBe(renderReport(input));
  });
});

describe('each section appears only when its input is given, in its place', () => {
  test.each([
    { given: 'nothing new', input: sampleRun(), expected: ['Training curves', 'Test set', 'Settings'] },
    { given: 'calibration', input: { ...sampleRun(), calibration: sampleCalibration() }, expected: ['Training curves', 'Test set', 'Calibration', 'Settings'] },
    { given: 'curves', input: { ...sampleRun(), curves: sampleCurves() }, expected: ['Training curves', 'Test set', 'ROC and precision-recall', 'Settings'] },
    { given: 'importance', input: { ...sampleRun(), importance: sampleImportance() }, expected: ['Training curves', 'Test set', 'Importance', 'Settings'] },
    { given: 'coefficients', input: { ...sampleRun(), coefficients: sampleCoefficients() }, expected: ['Training curves', 'Test set', 'Coefficients', 'Settings'] },
    {
      given: 'everything, with columns',
      input: everything(),
      expected: ['Training curves', 'Test set', 'Calibration', 'ROC and precision-recall', 'Importance', 'Coefficients', 'Columns', 'Settings'],
    },
    { given: 'calibration without a test set', input: { ...sampleRun(), test: undefined, calibration: sampleCalibration() }, expected: ['Training curves', 'Test set', 'Calibration', 'Settings'] },
  ])('$given', ({ input, expected }) => {
    expect(headings(renderReport(input))).toEqual(expected);
  });

  test('the page with every section is one self-contained file, the same bytes every time', () => {
    const html = renderReport(everything());
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z]/i);
    expect(html).not.toMatch(/\s(src|href|srcset|xlink:href)=/i);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img|image|use)\b/i);
    expect(html).not.toMatch(/@import|url\(|\son[a-z]+=/i);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(renderReport(structuredClone(everything()))).toBe(html);
  });
});

describe('names in the new sections are escaped', () => {
  const hostile = '<script>alert("x")</script>';
  const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';
  const html = renderReport({
    ...sampleRun({ classes: [hostile, 'b'], confusionMatrix: [[3, 1], [1, 3]] }),
    calibration: { ...sampleCalibration(), of: `probability of "${hostile}"` },
    curves: sampleCurves(hostile),
    importance: { ...sampleImportance(), metric: hostile, columns: [{ name: hostile, mean: 0.1, std: 0.01 }] },
    coefficients: { classes: [hostile], features: [hostile, `island=${hostile}`], values: [[1, -1]] },
  });

  test('a column, feature, class or metric named <script> is text, everywhere it appears', () => {
    expect(html).not.toMatch(/<script/i);
    for (const id of ['calibration', 'roc-pr', 'importance', 'coefficients']) expect(sectionOf(html, id), id).toContain(escaped);
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(15);
  });
});

describe('calibration', () => {
  const calibration = {
    bins: [{ meanPredicted: 0.25, fractionPositive: 0.5, count: 10 }, { meanPredicted: 0.75, fractionPositive: 0.9, count: 40 }],
    brier: 0.0812,
    ece: 0.175,
    of: 'top-label confidence',
  };
  const section = sectionOf(renderReport({ ...sampleRun(), calibration }), 'calibration');
  const svg = allOf(section, 'svg', 'chart')[0];

  test('the Brier score and the ECE are stated, with what the diagram is of', () => {
    expect(text(section)).toContain('Reliability of the top-label confidence on the test set');
    expect(text(section)).toContain('Brier score 0.081 · expected calibration error (ECE) 0.175');
  });

  test('the bins are joined in order on [0, 1] axes, with the dashed diagonal', () => {
    // The plot spans x 62..542 and y 372..40 of a 560 x 420 chart: (0.25, 0.5) lands at (182, 206), (0.75, 0.9) at (422, 73.2).
    expect(svg).toContain('<path class="series" d="M182.0,206.0L422.0,73.2"');
    expect(svg).toMatch(/<path class="guide" d="M62\.0,372\.0L542\.0,40\.0"[^>]*stroke-dasharray/);
    expect(svg).toContain('>perfectly calibrated</text>');
  });

  test('each bin\'s dot tells its rows, and the fuller bin has the larger dot', () => {
    const dots = [...svg.matchAll(/<circle class="dot"[^>]* r="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({ r: Number(m[1]), title: m[2] }));
    expect(dots.map((d) => d.title)).toEqual(['mean predicted 0.250, observed 0.500, 10 rows', 'mean predicted 0.750, observed 0.900, 40 rows']);
    expect(dots[1].r).toBeGreaterThan(dots[0].r);
  });

  test('the bin table lists each bin with its gap, signed', () => {
    const rows = allOf(allOf(section, 'tbody')[0], 'tr').map((row) => text(row).split(' '));
    expect(rows).toEqual([['0.250', '0.500', '+0.250', '10'], ['0.750', '0.900', '+0.150', '40']]);
  });

  test.each([
    { name: 'no bins', bins: [] },
    { name: 'a bin with NaN values and no rows', bins: [{ meanPredicted: NaN, fractionPositive: NaN, count: 0 }, { meanPredicted: 0.5, fractionPositive: 0.4, count: 3 }] },
  ])('$name: drawn without NaN reaching the page', ({ bins }) => {
    const html = renderReport({ ...sampleRun(), calibration: { bins, brier: NaN, ece: NaN, of: 'top-label confidence' } });
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(text(sectionOf(html, 'calibration'))).toContain('Brier score – · expected calibration error (ECE) –');
  });
});

describe('ROC and precision-recall', () => {
  const curves = sampleCurves('Chinstrap');
  const section = sectionOf(renderReport({ ...sampleRun(), curves }), 'roc-pr');
  const [roc, pr] = allOf(section, 'svg', 'chart');

  test('side by side, with AUC and AP in the headings and legends, and the chance lines', () => {
    expect(allOf(section, 'h3').map(text)).toEqual([`ROC curve · AUC ${curves.roc.auc.toFixed(3)}`, `Precision-recall · AP ${curves.pr.averagePrecision.toFixed(3)}`]);
    expect(roc).toContain(`>ROC (AUC ${curves.roc.auc.toFixed(3)})</text>`);
    expect(roc).toMatch(/<path class="guide" d="M62\.0,372\.0L542\.0,40\.0"/);
    expect(pr).toContain(`>prevalence ${curves.pr.prevalence.toFixed(3)}</text>`);
    const baseline = (372 - curves.pr.prevalence * 332).toFixed(1);
    expect(pr).toContain(`<path class="guide" d="M62.0,${baseline}L542.0,${baseline}"`);
    expect(text(section)).toContain('Positive class “Chinstrap”, on the test set.');
  });

  test('the precision-recall curve is stepped so that the area under it is the average precision', () => {
    // scikit-learn's precision_recall_curve docstring: y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] give precision
    // [0.5, 0.667, 0.5, 1, 1] and recall [1, 1, 0.5, 0.5, 0]; average_precision_score of the same is 0.8333.
    const precision = [0.5, 2 / 3, 0.5, 1, 1];
    const recall = [1, 1, 0.5, 0.5, 0];
    const points = recall.map((x, i) => ({ x, y: precision[i] }));
    const area = (steps: { x: number; y: number }[]): number =>
      steps.slice(1).reduce((sum, p, i) => sum + (Math.abs(steps[i].x - p.x) * (steps[i].y + p.y)) / 2, 0);
    expect(area(precisionSteps(points))).toBeCloseTo(0.8333, 4);
    expect(area(precisionSteps([...points].reverse()))).toBeCloseTo(0.8333, 4);
    for (const steps of [precisionSteps(points), precisionSteps([...points].reverse())]) {
      for (let i = 1; i < steps.length; i++) expect(steps[i].x === steps[i - 1].x || steps[i].y === steps[i - 1].y).toBe(true);
    }
  });

  test('empty or mismatched curves say there is nothing to plot, and NaN never reaches the page', () => {
    const html = renderReport({
      ...sampleRun(),
      curves: { positive: 'yes', roc: { fpr: [], tpr: [0.5], auc: NaN }, pr: { recall: [], precision: [], averagePrecision: NaN, prevalence: NaN } },
    });
    const charts = allOf(sectionOf(html, 'roc-pr'), 'svg', 'chart');
    for (const svg of charts) expect(svg).toContain('no finite values to plot');
    expect(html).not.toMatch(/NaN|Infinity/);
  });
});

describe('importance', () => {
  const rowLabels = (html: string): string[] => [...sectionOf(html, 'importance').matchAll(/<text class="legend"[^>]*text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);

  test('columns are sorted by mean drop, largest first, NaN last, each with its value ± std', () => {
    const importance = { metric: 'accuracy', repeats: 5, columns: [
      { name: 'b', mean: 0.02, std: 0.01 }, { name: 'nan', mean: NaN, std: NaN }, { name: 'a', mean: 0.3, std: 0.05 }, { name: 'neg', mean: -0.01, std: 0.004 },
    ] };
    const html = renderReport({ ...sampleRun(), importance });
    expect(rowLabels(html)).toEqual(['a', 'b', 'neg', 'nan']);
    const values = [...sectionOf(html, 'importance').matchAll(/<text class="tick" x="994"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(values).toEqual(['0.300 ± 0.050', '0.020 ± 0.010', '-0.010 ± 0.004', '– ± –']);
    expect(text(sectionOf(html, 'importance'))).toContain('values are shuffled: mean ± standard deviation over 5 repeats.');
    expect(html).not.toMatch(/NaN/);
  });

  test('a negative drop is a bar left of the zero line, in its own colour; error bars span ± std', () => {
    const importance = { metric: 'accuracy', repeats: 3, columns: [{ name: 'up', mean: 0.2, std: 0.05 }, { name: 'down', mean: -0.1, std: 0 }] };
    const svg = allOf(sectionOf(renderReport({ ...sampleRun(), importance }), 'importance'), 'svg', 'chart')[0];
    const zero = Number(/<line class="axis" x1="([\d.]+)" x2="\1" y1="10"/.exec(svg)![1]);
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => ({ x: Number(m[1]), width: Number(m[2]), fill: m[3] }));
    expect(rects[0].x).toBeCloseTo(zero, 0);
    expect(rects[1].x + rects[1].width).toBeCloseTo(zero, 0);
    expect(rects[0].fill).not.toBe(rects[1].fill);
    expect(rects[1].width * 2).toBeCloseTo(rects[0].width, 0);
    expect(svg.match(/stroke="#334155"/g)).toHaveLength(1); // no error bar for a std of 0
  });

  test('an importance of 0 everywhere draws an axis from 0 and no bars, without NaN', () => {
    const importance = { metric: 'accuracy', repeats: 10, columns: ['x', 'y', 'z'].map((name) => ({ name, mean: 0, std: 0 })) };
    const html = renderReport({ ...sampleRun(), importance });
    const svg = allOf(sectionOf(html, 'importance'), 'svg', 'chart')[0];
    expect(svg).toContain('>0.0</text>');
    expect(svg).toContain('>0.000 ± 0.000</text>');
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  test('no columns at all says there is nothing to show', () => {
    expect(sectionOf(renderReport({ ...sampleRun(), importance: { metric: 'accuracy', repeats: 1, columns: [] } }), 'importance')).toContain('nothing to show');
  });

  test('more than 30 columns: the 30 largest drops are drawn and the rest counted', () => {
    const columns = Array.from({ length: 42 }, (_, k) => ({ name: `c${k}`, mean: k / 100, std: 0.001 }));
    const html = renderReport({ ...sampleRun(), importance: { metric: 'accuracy', repeats: 2, columns } });
    expect(rowLabels(html)).toHaveLength(30);
    expect(rowLabels(html)[0]).toBe('c41');
    expect(text(sectionOf(html, 'importance'))).toContain('The 30 columns with the largest drop are shown; 12 more are not.');
  });
});

describe('coefficients', () => {
  const rows = (html: string): { feature: string; cells: string[]; styles: string[] }[] =>
    allOf(allOf(sectionOf(html, 'coefficients'), 'tbody')[0], 'tr').map((row) => ({
      feature: text(allOf(row, 'th')[0]),
      cells: allOf(row, 'td').map(text),
      styles: [...row.matchAll(/<td( style="[^"]*")?>/g)].map((m) => m[1] ?? ''),
    }));

  test('features are rows, classes columns, sorted by the largest absolute weight in any class', () => {
    const html = renderReport({ ...sampleRun(), coefficients: sampleCoefficients() });
    const table = rows(html);
    expect(table.slice(0, 4).map((r) => r.feature)).toEqual(['bill_length_mm', 'bill_depth_mm', 'island=Dream', 'island=Biscoe']);
    expect(table[0].cells).toEqual(['-3.120', '2.710', '0.410']);
    expect(allOf(allOf(sectionOf(html, 'coefficients'), 'thead')[0], 'th').map(text)).toEqual(['feature', 'Adelie', 'Chinstrap', 'Gentoo']);
  });

  test('positive weights shade blue and negative red, the largest darkest, with readable text', () => {
    const table = rows(renderReport({ ...sampleRun(), coefficients: sampleCoefficients() }));
    const [negative, positive] = [table[0].styles[0], table[0].styles[1]];
    expect(negative).toContain('background:#9f1239'); // -3.12, the largest: the darkest red
    const rgb = (style: string): number[] => { const hex = /background:#([0-9a-f]{6})/.exec(style)![1]; return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)); };
    expect(rgb(positive)[2]).toBeGreaterThan(rgb(positive)[0]);
    for (const style of table.flatMap((r) => r.styles).filter(Boolean)) {
      const [, background, color] = /background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})/.exec(style)!;
      expect(contrastRatio(background, color)).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('a one-logit binary model with one feature is a one-cell table', () => {
    const html = renderReport({ ...sampleRun(), coefficients: { classes: ['yes'], features: ['x'], values: [[0.5]] } });
    expect(rows(html)).toEqual([{ feature: 'x', cells: ['0.500'], styles: [' style="background:#1e3a8a;color:#ffffff"'] }]);
  });

  test('more than 25 features: the 25 with the largest weights, and a note of how many are hidden', () => {
    const features = Array.from({ length: 40 }, (_, f) => `f${f}`);
    const html = renderReport({ ...sampleRun(), coefficients: { classes: ['a', 'b'], features, values: [features.map((_, f) => f / 10), features.map((_, f) => -f / 20)] } });
    expect(rows(html)).toHaveLength(25);
    expect(rows(html)[0].feature).toBe('f39');
    expect(text(sectionOf(html, 'coefficients'))).toContain('The 25 features with the largest weights are shown; 15 more are not.');
  });

  test('NaN and zero weights read plainly; no features says so', () => {
    const html = renderReport({ ...sampleRun(), coefficients: { classes: ['a', 'b'], features: ['x', 'y'], values: [[NaN, 0], [1]] } });
    expect(rows(html).map((r) => [r.feature, ...r.cells])).toEqual([['x', '–', '1.000'], ['y', '0.000', '–']]);
    expect(html).not.toMatch(/NaN/);
    expect(text(sectionOf(renderReport({ ...sampleRun(), coefficients: { classes: ['a'], features: [], values: [] } }), 'coefficients'))).toContain('no coefficients to show');
  });
});

const chromium = findChromium();
if (chromium === undefined) console.warn('report-sections layout tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

describe.skipIf(chromium === undefined)('the new sections in headless Chromium', () => {
  test.each([
    { name: 'two classes with every section', html: () => renderReport(everything()) },
    { name: 'three classes with importance and coefficients', html: () => renderReport(sampleFullRun()) },
  ])('$name: no label leaves its chart or overlaps another, nothing scrolls sideways', async ({ html }) => {
    await expectCleanLayout(html());
  }, 30_000);
});
