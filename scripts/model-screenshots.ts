// Runs the built command line on bundled data and screenshots report sections into docs/ for the README:
//   docs/report-curves.png  calibration, ROC and precision-recall of a two-class run (scikit-learn's breast cancer data)
//   docs/importance.png     that run's permutation importance
//   docs/tune.png           `softgrad tune` on the penguins split: the score against each setting
// Run after `npm run build`: npx tsx scripts/model-screenshots.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser-page.js';

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'softgrad-shots-'));
const softgrad = (...args: string[]) => execFileSync(process.execPath, [root('dist/cli/main.js'), ...args, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });

// The penguins split of examples/data/penguins_split.json as two files.
const split = JSON.parse(readFileSync(root('examples/data/penguins_split.json'), 'utf8'));
const lines = readFileSync(root('examples/data/penguins.csv'), 'utf8').trimEnd().split('\n');
const part = (rows: number[]) => [lines[0], ...rows.map((i) => lines[i + 1])].join('\n') + '\n';
writeFileSync(join(dir, 'penguins-train.csv'), part(split.train_indices));
writeFileSync(join(dir, 'penguins-test.csv'), part(split.test_indices));

const data = root('test/fixtures/datasets');
softgrad('train', `${data}/breast_cancer-train.csv`, '--test', `${data}/breast_cancer-test.csv`, '--importance', '--report', join(dir, 'binary.html'));
softgrad('tune', join(dir, 'penguins-train.csv'), '--label', 'species', '--test', join(dir, 'penguins-test.csv'), '--trials', '20', '--report', join(dir, 'tune.html'));

const shots: [html: string, sections: string[], png: string][] = [
  ['binary.html', ['calibration', 'roc-pr'], 'docs/report-curves.png'],
  ['binary.html', ['importance'], 'docs/importance.png'],
  ['tune.html', ['summary', 'by-setting'], 'docs/tune.png'],
];
const browser = await launchChromium();
if (browser === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  for (const [html, sections, png] of shots) {
    await page.setContent(readFileSync(join(dir, html), 'utf8'));
    // The sections shown, one under the other: the page with every other section hidden.
    await page.evaluate((keep) => {
      for (const s of document.querySelectorAll('section[id], header, footer')) (s as HTMLElement).style.display = keep.includes(s.id) ? '' : 'none';
    }, sections);
    await page.locator('main').screenshot({ path: root(png) });
    console.log(png);
  }
} finally {
  await browser.close();
}
