// softgrad in a real browser: the bundle built for pages, driven in Debian's Chromium with playwright-core.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Classifier, parseTable, takeTableRows, tableFromRecords } from '../src/index.js';
import { findChromium } from '../scripts/report-chromium.js';
import { launchChromium, openPage, serveRepository } from '../scripts/browser-page.js';
import { servedModels, softgradPredictions, trainServed } from './helpers/served-models.js';

const data = (name: string) => readFileSync(fileURLToPath(new URL(`../examples/data/${name}`, import.meta.url)), 'utf8');
const penguinsCsv = data('penguins.csv');
const chromium = findChromium();
const dir = mkdtempSync(join(tmpdir(), 'softgrad-browser-'));

// Rows with an unseen island, missing cells and a date: what a page would be asked about.
const records = [
  { island: 'Dream', bill_length_mm: 46.5, bill_depth_mm: 17.9, flipper_length_mm: 192, body_mass_g: 3500, sex: 'female' },
  { island: 'Atlantis', bill_length_mm: 47.3, bill_depth_mm: 13.8, flipper_length_mm: 216, body_mass_g: null, sex: null },
  { island: 'Biscoe', bill_length_mm: null, bill_depth_mm: 15, flipper_length_mm: 220, body_mass_g: 5000, sex: 'male' },
];

/** A table with dates, so that training runs through sine and cosine too. */
function datedCsv(): string {
  const rows = Array.from({ length: 300 }, (_, i) => {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 2.9 * 86_400_000).toISOString();
    return `${i % 13 === 0 ? '' : day.slice(0, 16)},${(i * 7) % 11},${Number(day.slice(5, 7)) <= 6 ? 'h1' : 'h2'}`;
  });
  return `when,x,y\n${rows.join('\n')}\n`;
}

describe.skipIf(chromium === undefined)('in Chromium', () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    ({ server, url } = await serveRepository());
    browser = (await launchChromium())!;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** Runs `body` (the source of an async function body, with the bundle as `sg`) in a fresh page; returns its result. */
  async function inPage<T>(body: string): Promise<{ result: T; errors: string[] }> {
    const { page, errors } = await openPage(browser, `${url}/examples/data/penguins_split.json`);
    const result = (await page.evaluate(`(async () => { const sg = await import('${url}/dist/softgrad.browser.js'); ${body} })()`)) as T;
    await page.close();
    return { result, errors };
  }

  test('a model saved by Node predicts the same classes and probabilities in the page', async () => {
    const clf = new Classifier({ seed: 0, hidden: [16] });
    await clf.fit(parseTable(penguinsCsv, { label: 'species' }));
    const { result, errors } = await inPage<{ labels: string[]; probabilities: number[] }>(`
      const clf = sg.Classifier.fromJSON(${JSON.stringify(JSON.stringify(clf.toJSON()))});
      const records = ${JSON.stringify(records)};
      return { labels: clf.predictLabels(records), probabilities: Array.from(clf.predictProba(records).data) };
    `);
    expect(errors).toEqual([]);
    expect(result.labels).toEqual(clf.predictLabels(records));
    expect(result.probabilities).toEqual(Array.from(clf.predictProba(records).data));
  });

  test.each([
    ['penguins, an MLP with tanh, Adam', penguinsCsv, 'species', { seed: 3, hidden: [16], activation: 'tanh', epochs: 60 }],
    ['dates, sigmoid BCE, SGD with momentum', datedCsv(), 'y', { seed: 1, loss: 'bce', optimizer: 'sgd', lr: 0.05, epochs: 40 }],
  ] as const)('training in the page gives the model file Node gives, byte for byte: %s', async (_, csv, label, options) => {
    const clf = new Classifier(options);
    await clf.fit(parseTable(csv, { label }));
    const { result, errors } = await inPage<string>(`
      const clf = new sg.Classifier(${JSON.stringify(options)});
      await clf.fit(sg.parseTable(${JSON.stringify(csv)}, { label: ${JSON.stringify(label)} }));
      return JSON.stringify(clf.toJSON());
    `);
    expect(errors).toEqual([]);
    expect(result).toBe(JSON.stringify(clf.toJSON()));
  }, 60_000);

  // The models onnx-export.test.ts runs in onnxruntime, here in the page: softgrad predict's answers, to 1e-5.
  test.each(servedModels(dir).map((m) => [m.name, m] as const))('a model file of the command line answers in the page as softgrad predict does: %s', async (_, served) => {
    const model = await trainServed(served, dir);
    const expected = await softgradPredictions(model, served.predictOn);
    const { result, errors } = await inPage<{ labels: string[]; probabilities: number[] }>(`
      const clf = sg.Classifier.fromJSON(${JSON.stringify(readFileSync(model, 'utf8'))});
      const csv = ${JSON.stringify(readFileSync(served.predictOn, 'utf8'))};
      const rows = clf.encoder ? sg.parseTable(csv, { label: null }).table : sg.parseCsv(csv, { label: null, features: clf.featureNames });
      return { labels: clf.predictLabels(rows), probabilities: Array.from(clf.predictProba(rows).data) };
    `);
    expect(errors).toEqual([]);
    expect(result.labels).toEqual(expected.labels);
    result.probabilities.forEach((p, i) => expect(Math.abs(p - expected.probabilities[i])).toBeLessThan(1e-5));
  }, 30_000);

  test('what needs Node says so: readCsv in a page is a ValueError naming what to use instead', async () => {
    const { result } = await inPage<string>(`
      try { await sg.readCsv('penguins.csv'); return 'read'; } catch (error) { return error.name + ': ' + error.message; }
    `);
    expect(result).toMatch(/^ValueError: softgrad: this needs Node.js \(node:v8\), which a browser does not have; in a page, read data with parseCsv or parseTable/);
  });

  test('the example page trains with progress, renders the report and answers the form as Node would', async () => {
    const { page, errors } = await openPage(browser, `${url}/examples/browser/index.html`);
    await page.waitForFunction(() => !(document.getElementById('predict') as HTMLButtonElement).disabled, undefined, { timeout: 60_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^trained in [\d.]+ s: \d+ of 86 test rows right$/);
    expect(await page.locator('#progress').getAttribute('max')).toBe('200');
    const report = await page.locator('#report').getAttribute('srcdoc');
    expect(report).toContain('<h2>Columns</h2>');
    await page.selectOption('#island', 'Biscoe');
    await page.fill('#flipper_length_mm', '225');
    await page.fill('#body_mass_g', '5200');
    await page.click('#predict');
    const species = await page.locator('#species').textContent();
    // The same training in Node, on the same split, answers the same.
    const split = JSON.parse(data('penguins_split.json'));
    const penguins = parseTable(penguinsCsv, { label: 'species' });
    const clf = new Classifier({ seed: 0, epochs: 200 });
    await clf.fit(takeTableRows(penguins, split.train_indices));
    const record = { island: 'Biscoe', bill_length_mm: 46.5, bill_depth_mm: 17.9, flipper_length_mm: 225, body_mass_g: 5200, sex: 'female' };
    expect(species).toBe(clf.predictLabels(tableFromRecords([record]).table)[0]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
