// Tuning: the seeded search space, the ranking, failed trials, and the same results on one thread and on workers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { bestTrial, Classifier, readCsv, trialSettings, tune, type Trial } from '../src/index.js';
import { cli } from './helpers/cli.js';

const iris = fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url));
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const quick = ['--trials', '4', '--folds', '3', '--epochs', '25', '--label', 'species'];

describe('trialSettings', () => {
  test('random: the defaults first, then seeded draws within the ranges and lists', () => {
    const trials = trialSettings({}, 50, 'random', 7);
    expect(trials[0]).toEqual({ lr: 0.03, weightDecay: 'auto', hidden: [], batchSize: 32, optimizer: 'adam' });
    expect(trialSettings({}, 50, 'random', 7)).toEqual(trials);
    expect(trialSettings({}, 50, 'random', 8)).not.toEqual(trials);
    for (const t of trials.slice(1)) {
      expect(t.lr).toBeGreaterThanOrEqual(1e-3);
      expect(t.lr).toBeLessThanOrEqual(0.3);
      expect(t.weightDecay).toBeGreaterThanOrEqual(1e-6);
      expect(t.weightDecay).toBeLessThanOrEqual(0.1);
      expect([16, 32, 64, 128]).toContain(t.batchSize);
    }
    // Log-uniform: about as many rates below 0.0173 (the range's geometric middle) as above.
    const low = trialSettings({}, 2001, 'random', 1).slice(1).filter((t) => t.lr < Math.sqrt(0.3e-3)).length;
    expect(low).toBeGreaterThan(900);
    expect(low).toBeLessThan(1100);
  });

  test('an override narrows the first trial too; a grid is every combination, or a seeded sample of them', () => {
    expect(trialSettings({ hidden: [[16], [64]], lr: [0.1, 0.5] }, 1, 'random', 0)[0]).toMatchObject({ hidden: [16], lr: 0.1 });
    const grid = trialSettings({ lr: [0.01, 0.1], weightDecay: [0, 'auto'], hidden: [[]], batchSize: [32], optimizer: ['adam', 'sgd'] }, 100, 'grid', 0);
    expect(grid).toHaveLength(8);
    expect(new Set(grid.map((t) => JSON.stringify(t))).size).toBe(8);
    const sample = trialSettings({ lr: [0.01, 0.1], weightDecay: [0, 'auto'], hidden: [[]], batchSize: [32], optimizer: ['adam', 'sgd'] }, 3, 'grid', 0);
    expect(sample).toHaveLength(3);
    for (const t of sample) expect(grid).toContainEqual(t);
    expect(() => trialSettings({ lr: { min: 0, max: 1 } }, 3, 'random', 0)).toThrow('the range of lr must have 0 < min <= max');
    expect(() => trialSettings({ optimizer: [] }, 3, 'random', 0)).toThrow('optimizer needs at least one value');
  });
});

describe('tune', () => {
  test('scores every trial on the same folds, refits the best on all rows; a diverging trial fails alone', async () => {
    const data = await readCsv(iris, { label: 'species' });
    const seen: number[] = [];
    const result = await tune(data, {
      trials: 3,
      folds: 3,
      threads: 1,
      base: { epochs: 20 },
      space: { lr: [1e6, 0.05], weightDecay: [0], optimizer: ['sgd'], hidden: [[]], batchSize: [16] },
      onTrial: (index) => seen.push(index),
      search: 'grid',
    });
    expect(seen).toEqual([0, 1]);
    expect(result.trials[0].cv).toBeNull();
    expect(result.trials[0].error).toMatch(/diverged/);
    expect(result.best).toBe(1);
    expect(result.model).toBeInstanceOf(Classifier);
    expect(result.model.settings.lr).toBe(0.05);
    expect(result.model.evaluate(data).accuracy).toBeGreaterThan(0.85);
  });

  test('the best is the highest mean accuracy, then the lowest log-loss, then the first', () => {
    const trial = (accuracy: number, logLoss: number): Trial => ({
      params: { lr: 0.1, weightDecay: 0, hidden: [], batchSize: 32, optimizer: 'adam' },
      cv: { mean: { accuracy, logLoss, balancedAccuracy: 0, macroF1: 0 }, std: { accuracy: 0, logLoss: 0, balancedAccuracy: 0, macroF1: 0 } },
    });
    expect(bestTrial([trial(0.9, 0.3), trial(0.95, 0.5), trial(0.95, 0.4), trial(0.95, 0.4)])).toBe(2);
    expect(bestTrial([{ ...trial(0, 0), cv: null, error: 'x' }])).toBe(-1);
  });
});

describe('softgrad tune', () => {
  test('on worker threads: the same --json, less its timing, and the same model file as on one thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-tune-threads-'));
    const runs = ['1', '2'].map((threads) => {
      // A rate of 1e5 diverges: the failed trials too must be the same, naming the same fold's error.
      const args = [main, 'tune', iris, ...quick, '--lr', '1e5,0.05', '--threads', threads, '--json', '--save', join(dir, `${threads}.json`)];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const { seconds, ...rest } = JSON.parse(r.stdout);
      expect(seconds).toBeGreaterThan(0);
      return rest;
    });
    expect(runs[1]).toEqual(runs[0]);
    // One worker refits the best settings: the model file is the one this thread's refit writes, byte for byte.
    expect(readFileSync(join(dir, '2.json'), 'utf8')).toBe(readFileSync(join(dir, '1.json'), 'utf8'));
    expect(runs[0].trials).toHaveLength(4);
    expect(runs[0].trials[0]).toMatchObject({ cv: null, error: expect.stringMatching(/diverged/) });
    const scored = runs[0].trials.find((t: { cv: unknown }) => t.cv !== null);
    expect(Object.keys(scored)).toEqual(['params', 'cv']);
    expect(Object.keys(scored.cv)).toEqual(['mean', 'std']);
    expect(runs[0].best.index).toBeGreaterThanOrEqual(0);
  });

  test('--test scores the refitted best, --save writes it, --report draws the trials; flags are checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-tune-'));
    const [model, report] = [join(dir, 'best.json'), join(dir, 'tune.html')];
    const test = fileURLToPath(new URL('../examples/data/iris-test.csv', import.meta.url));
    const r = await cli('tune', iris, ...quick, '--hidden', '0,8x4', '--lr', '0.01:0.1', '--weight-decay', '0,auto', '--test', test, '--save', model, '--report', report, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.test.accuracy).toBeGreaterThan(0.85);
    for (const t of out.trials) {
      expect([[], [8, 4]]).toContainEqual(t.params.hidden);
      expect([0, 'auto']).toContain(t.params.weightDecay);
    }
    expect(Classifier.load(model).settings.hidden).toEqual(out.best.params.hidden);
    expect(readFileSync(report, 'utf8')).toContain('<!doctype html>');
    const bad = await cli('tune', iris, '--hidden', '16,x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--hidden must be layer choices');
    expect((await cli('tune', iris, '--lr', '0.1:0.01')).stderr).toContain('--lr must be a range');
  });
});
