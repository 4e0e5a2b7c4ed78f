// Trains the bundled iris example, renders its report and screenshots it with headless Chromium into docs/report.png.
// Run: npx tsx scripts/report-screenshot.ts [--html report.html]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Classifier, readCsv, takeRows } from '../src/index.js';
import { renderReport, type ReportSetting } from '../src/report/index.js';
import { measure, screenshot } from './report-chromium.js';

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const WIDTH = 1200;

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

const htmlAt = process.argv.indexOf('--html');
if (htmlAt > 0) await writeFile(process.argv[htmlAt + 1], html);
const height = await measure<number>(html, { width: WIDTH, height: 900 }, 'Math.ceil(document.documentElement.scrollHeight)');
const png = await screenshot(html, { width: WIDTH, height });
await mkdir(root('docs'), { recursive: true });
await writeFile(root('docs/report.png'), png);
console.log(`docs/report.png: ${WIDTH}x${height}, ${png.length} bytes; test accuracy ${evaluation.accuracy.toFixed(4)}, ${history.epochs.length} epochs`);
