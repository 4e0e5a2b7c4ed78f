// Cross-validation: `softgrad cv` against scikit-learn's cross_val_score of the same pipeline, folds fitted
// without leakage, the JSON's shape, and sample weights in fit.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Classifier, crossValidate, kFold, readCsv, readTable, SCORE_NAMES, takeRows, takeTableRows, trainTestIndices, type Dataset } from '../src/index.js';
import { cli } from './helpers/cli.js';

const golden = JSON.parse(readFileSync(new URL('./golden/sklearn_cv.json', import.meta.url), 'utf8'));
const data = (name: string) => fileURLToPath(new URL(`../examples/data/${name}.csv`, import.meta.url));

describe('softgrad cv', () => {
  test.each(['iris', 'penguins'])('%s: mean accuracy within 2 points of scikit-learn over 5 stratified shuffled folds', async (name) => {
    const r = await cli('cv', data(name), '--label', 'species', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.folds).toHaveLength(5);
    for (const fold of out.folds) expect(Object.keys(fold)).toEqual([...SCORE_NAMES]);
    expect(Object.keys(out.mean)).toEqual([...SCORE_NAMES]);
    expect(Object.keys(out.std)).toEqual([...SCORE_NAMES]);
    const reference = golden.datasets[name].mean;
    expect(Math.abs(out.mean.accuracy - reference.accuracy)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(out.mean.balancedAccuracy - reference.balancedAccuracy)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(out.mean.macroF1 - reference.macroF1)).toBeLessThanOrEqual(0.02);
    // The mean and std are numpy's (population) of the folds.
    const accuracies = out.folds.map((f: { accuracy: number }) => f.accuracy);
    const mean = accuracies.reduce((s: number, v: number) => s + v, 0) / 5;
    expect(out.mean.accuracy).toBeCloseTo(mean, 12);
    expect(out.std.accuracy).toBeCloseTo(Math.sqrt(accuracies.reduce((s: number, v: number) => s + (v - mean) ** 2, 0) / 5), 12);
  });

  test('reads every source the same: penguins as JSON Lines cross-validates as the CSV does', async () => {
    const [header, ...lines] = readFileSync(data('penguins'), 'utf8').trimEnd().split('\n');
    const names = header.split(',').map((n) => JSON.parse(n));
    const cell = (text: string) => (text === 'NA' ? null : text.startsWith('"') ? JSON.parse(text) : Number(text));
    const records = lines.map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((text, j) => [names[j], cell(text)]))));
    const jsonl = join(mkdtempSync(join(tmpdir(), 'softgrad-cv-')), 'penguins.jsonl');
    writeFileSync(jsonl, records.join('\n') + '\n');
    const [csv, lined] = await Promise.all([cli('cv', data('penguins'), '--label', 'species', '--json', '--epochs', '30'), cli('cv', jsonl, '--label', 'species', '--json', '--epochs', '30')]);
    expect(lined.code, lined.stderr).toBe(0);
    const scores = (stdout: string) => ({ ...JSON.parse(stdout), seconds: 0 });
    expect(scores(lined.stdout)).toEqual(scores(csv.stdout));
  });

  test('prints a table of folds with mean ± std; a bad --folds is a usage error', async () => {
    const r = await cli('cv', data('iris'), '--label', 'species', '--folds', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^3-fold cross-validation of .*iris\.csv \(150 rows, 3 classes; stratified, seed 0\)/);
    expect(r.stdout).toMatch(/^mean +0\.9\d{3} ± 0\.\d{4}/m);
    const bad = await cli('cv', data('iris'), '--folds', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--folds must be a whole number from 2 to 1000');
  });
});

describe('crossValidate', () => {
  test('each fold is fitted on its training rows only, the column handling included', async () => {
    const penguins = await readTable(data('penguins'), { label: 'species' });
    const options = { epochs: 30, seed: 3 };
    const cv = await crossValidate(options, penguins, { folds: 4, seed: 1 });
    const folds = kFold({ rows: penguins.y.length, y: penguins.y, classes: penguins.classes }, { k: 4, seed: 1 });
    for (const [i, fold] of folds.entries()) {
      const clf = new Classifier(options);
      await clf.fit(takeTableRows(penguins, fold.train));
      const test = takeTableRows(penguins, fold.test);
      expect(cv.folds[i].accuracy).toBe(clf.evaluate(test).accuracy);
      // The fold's scaling is its own training rows', not the whole table's.
      const column = clf.encoder!.columns.find((c) => c.name === 'body_mass_g');
      if (column?.kind !== 'numeric') throw new Error('body_mass_g is not numeric');
      const cells = penguins.table.columns[penguins.table.names.indexOf('body_mass_g')];
      const masses = Array.from(fold.train, (row) => (Number.isFinite(cells.valueAt(row)) ? cells.valueAt(row) : column.fill));
      expect(column.mean[0]).toBeCloseTo(masses.reduce((s, v) => s + v, 0) / masses.length, 6);
    }
  });

  test('records with their label key give what the same table gives', async () => {
    const iris = await readCsv(data('iris'), { label: 'species' });
    const records = Array.from({ length: iris.y.length }, (_, i) => ({
      ...Object.fromEntries(iris.featureNames.map((name, j) => [name, iris.x.data[i * 4 + j]])),
      species: iris.classes[iris.y[i]],
    }));
    const fromRecords = await crossValidate({ epochs: 20 }, records, { label: 'species', folds: 3 });
    expect(fromRecords.folds).toHaveLength(3);
    expect(fromRecords.mean.accuracy).toBeGreaterThan(0.8);
    await expect(crossValidate({}, records)).rejects.toThrow('records need the key of their label');
  });
});

describe('sample weights', () => {
  // Full-batch gradient steps: a row of weight 2 is the same row twice, so the weighted mean loss and its
  // gradient are those of the data with that row repeated.
  test('an integer weight counts a row that many times', async () => {
    const iris = await readCsv(data('iris'), { label: 'species' });
    const weights = Array.from(iris.y, (_, i) => 1 + (i % 3));
    const repeated = takeRows(iris, weights.flatMap((w, i) => Array<number>(w).fill(i)));
    const settings = { epochs: 40, validationSplit: 0, optimizer: 'sgd' as const, lr: 0.1, momentum: 0, weightDecay: 0 };
    const weighted = new Classifier({ ...settings, batchSize: iris.y.length, standardize: false });
    await weighted.fit(iris, { sampleWeight: weights });
    const copies = new Classifier({ ...settings, batchSize: repeated.y.length, standardize: false });
    await copies.fit(repeated);
    const a = weighted.model!.parameters().flatMap((p) => Array.from(p.data));
    const b = copies.model!.parameters().flatMap((p) => Array.from(p.data));
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 4));
  });

  test('weight 0 leaves a row out; a wrong count or a negative weight is a ValueError', async () => {
    const iris: Dataset = await readCsv(data('iris'), { label: 'species' });
    const keep = Array.from(iris.y, (_, i) => i).filter((i) => i % 4 !== 0);
    const settings = { epochs: 15, validationSplit: 0, batchSize: 150, standardize: false, weightDecay: 0 };
    const zeroed = new Classifier(settings);
    await zeroed.fit(iris, { sampleWeight: Array.from(iris.y, (_, i) => (i % 4 === 0 ? 0 : 1)) });
    const dropped = new Classifier({ ...settings, batchSize: keep.length });
    await dropped.fit(takeRows(iris, keep));
    const a = zeroed.model!.parameters().flatMap((p) => Array.from(p.data));
    const b = dropped.model!.parameters().flatMap((p) => Array.from(p.data));
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 4));
    await expect(new Classifier().fit(iris, { sampleWeight: [1, 2] })).rejects.toThrow('sampleWeight has 2 weights for 150 rows');
    await expect(new Classifier({ validationSplit: 0 }).fit(iris, { sampleWeight: Array.from(iris.y, (_, i) => (i === 7 ? -1 : 1)) })).rejects.toThrow('sampleWeight[7] = -1');
  });

  test("--class-weight balanced trains the model Classifier({ classWeight: 'balanced' }) trains", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-weights-'));
    const model = join(dir, 'balanced.json');
    const r = await cli('train', data('penguins'), '--label', 'species', '--epochs', '20', '--class-weight', 'balanced', '--save', model, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const table = await readTable(data('penguins'), { label: 'species' });
    const { trainIndices } = trainTestIndices({ rows: table.y.length, y: table.y, classes: table.classes }, { testSize: 0.25, seed: 0 });
    const clf = new Classifier({ epochs: 20, classWeight: 'balanced' });
    await clf.fit(takeTableRows(table, trainIndices));
    expect(Classifier.load(model).model!.parameters()[0].data).toEqual(clf.model!.parameters()[0].data);
    expect((await cli('train', data('penguins'), '--class-weight', 'even')).stderr).toContain('--class-weight must be one of balanced');
  });
});
