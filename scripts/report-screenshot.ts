// Trains the bundled iris example, renders its report and screenshots it with headless Chromium into docs/report.png;
// or, given HTML files, screenshots each whole page into a PNG beside it (or into --out DIR).
// Run: npx tsx scripts/report-screenshot.ts [--html report.html]
//      npx tsx scripts/report-screenshot.ts page.html [more.html ...] [--out DIR] [--width 1200]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Classifier, readCsv, takeRows } from '../src/index.js';
import { renderReport, type ReportSetting } from '../src/report/index.js';
import { fullPageScreenshot } from './report-chromium.js';

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const { values: flags, positionals: pages } = parseArgs({
  allowPositionals: true,
  options: { html: { type: 'string' }, out: { type: 'string' }, width: { type: 'string', default: '1200' } },
});
const WIDTH = Number(flags.width);

if (pages.length > 0) {
  for (const page of pages) {
    const { png, height } = await fullPageScreenshot(await readFile(page, 'utf8'), WIDTH);
    const target = join(flags.out ?? dirname(page), basename(page).replace(/\.html?$/i, '') + '.png');
    if (flags.out !== undefined) await mkdir(flags.out, { recursive: true });
    await writeFile(target, png);
    console.log(`${target}: ${WIDTH}x${height}, ${png.length} bytes`);
  }
  process.exit(0);
}

const iris = await readCsv(root('examples/data/iris.csv'), { label: 'species' });
const split = JSON.parse(await readFile(root('examples/data/iris_split.json'), 'utf8'));
const train = takeRows(iris, split.train_indices);
const test = takeRows(iris, split.test_indices);

const started = performance.now();
const clf = new Classifier({ hidden: [] });
const history = await clf.fit(train);
const evaluation = clf.evaluate(test);
const seconds = (performance.now() - started) / 1000;
const trained = clf.evaluate(train);

const s = clf.settings;
const settings: ReportSetting[] = [
  ['file', 'examples/data/iris.csv'],
  ['label', 'species'],
  ['test rows', `${test.y.length} (iris_split.json)`],
  ['train rows', train.y.length],
  ['hidden', s.hidden.length === 0 ? 'none (softmax regression)' : s.hidden.join(',')],
  ['loss', s.loss],
  ['optimizer', s.optimizer],
  ['lr', s.lr],
  ['weight decay', s.weightDecay],
  ['epochs (max)', s.epochs],
  ['batch size', s.batchSize],
  ['validation split', s.validationSplit],
  ['patience', s.patience],
  ['standardize', s.standardize],
  ['seed', s.seed],
];
const html = renderReport({
  title: 'softgrad: iris.csv',
  settings,
  history: history.epochs,
  bestEpoch: history.bestEpoch,
  stopReason: history.stopReason,
  classes: clf.classes,
  test: evaluation,
  train: { loss: trained.loss, accuracy: trained.accuracy },
  seconds,
  generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
});

if (flags.html !== undefined) await writeFile(flags.html, html);
const { png, height } = await fullPageScreenshot(html, WIDTH);
await mkdir(root('docs'), { recursive: true });
await writeFile(root('docs/report.png'), png);
console.log(`docs/report.png: ${WIDTH}x${height}, ${png.length} bytes; test accuracy ${evaluation.accuracy.toFixed(4)}, ${history.epochs.length} epochs`);
