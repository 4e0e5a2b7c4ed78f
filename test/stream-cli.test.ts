// `softgrad train --stream`: output with and without a test file, its refusals, errors from deep in the file,
// and byte-identical model files from two processes.
import { describe, test, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Classifier, readCsv } from '../src/index.js';
import { makeCsv } from '../scripts/stream-make-csv.js';
import { cli, cliProcess } from './helpers/cli.js';

let dir: string;
let train: string;
let test_: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-stream-cli-'));
  train = join(dir, 'train.csv');
  test_ = join(dir, 'test.csv');
  makeCsv(train, { megabytes: 0.5, seed: 1 });
  makeCsv(test_, { megabytes: 0.1, seed: 1, sample: 1 });
});

describe('softgrad train --stream', () => {
  test('with --test: the streamed training summary, then the test metrics, confusion matrix and report', async () => {
    const r = await cli('train', train, '--stream', '--test', test_, '--epochs', '3');
    expect(r.code, r.stderr).toBe(0);
    const rows = (await readCsv(train)).y.length;
    const testRows = (await readCsv(test_)).y.length;
    expect(r.stdout).toMatch(new RegExp(`^trained on ${rows} rows of .*train\\.csv, streamed \\(10 features, classes class_0, class_1, class_2\\)\\n`));
    expect(r.stdout).toMatch(new RegExp(`^train loss [\\d.]+  accuracy [\\d.]+ \\(\\d+/${rows}\\)$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^test  loss [\\d.]+  accuracy [\\d.]+ \\(\\d+/${testRows}\\)  macro F1 [\\d.]+$`, 'm'));
    expect(r.stdout).toContain('true \\ predicted');
    expect(r.stdout).toContain('macro avg');
    expect(r.stderr).toMatch(/^epoch 1\/3 {2}loss [\d.]+ {2}acc [\d.]+% {2}val loss/m);
  }, 60_000);

  test('without a test file: training metrics from a streaming pass, and a note that there is no test set', async () => {
    const r = await cli('train', train, '--stream', '--epochs', '2', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^train loss [\d.]+ {2}accuracy /m);
    expect(r.stdout).not.toMatch(/^test /m);
    expect(r.stdout).toContain('no test set (give --test <test.csv> to evaluate on one)');
    expect(r.stderr).toBe('');
  }, 60_000);

  test('--json: one object; test is null without --test', async () => {
    const r = await cli('train', train, '--stream', '--epochs', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.classes).toEqual(['class_0', 'class_1', 'class_2']);
    expect(Object.keys(out.train)).toEqual(['loss', 'accuracy']);
    expect(out.test).toBeNull();
    expect(out.epochs).toBe(2);
    // The clusters overlap: a linear model gets about 80% right (scripts/stream-make-csv.ts).
    expect(out.train.accuracy).toBeGreaterThan(0.7);
  }, 60_000);

  test('--save writes a model that softgrad evaluate reads; --report writes the page', async () => {
    const model = join(dir, 'model.json');
    const report = join(dir, 'report.html');
    const r = await cli('train', train, '--stream', '--epochs', '2', '--quiet', '--save', model, '--report', report);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`model saved to ${model}`);
    expect(Classifier.load(model).classes).toEqual(['class_0', 'class_1', 'class_2']);
    const evaluated = await cli('evaluate', model, test_, '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout).accuracy).toBeGreaterThan(0.7);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('train.csv (streamed)');
    expect(html).toContain('none (training metrics only)');
  }, 60_000);

  test('--test-size is refused with --stream (exit 2), before anything is read', async () => {
    const r = await cli('train', join(dir, 'missing.csv'), '--stream', '--test-size', '0.2');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "softgrad: --test-size cannot be used with --stream (a stratified hold-out needs the file in memory); give --test <test.csv>, or no test for training metrics only\nRun 'softgrad --help' for usage.\n",
    );
  });

  test('the help text lists --stream', async () => {
    const r = await cli('train', '--help');
    expect(r.stdout).toMatch(/^ {2}--stream {15}train from the file in chunks, never loading it/m);
  });
});

describe('errors from deep in a streamed file: exit 1, the file, line and column, one line, no stack', () => {
  test.each([
    [
      'a cell that is not a number',
      (row: string) => row.replace(/^[^,]+,[^,]+,[^,]+/, (cells) => cells.replace(/[^,]+$/, 'abc')),
      // A word among numbers: the file is read as a table, whose judgement of the column names the line.
      'column 3 ("x3"): "abc" is not a number (6059 of the column\'s 6060 values are numbers; fix the cell, list its spelling in --missing-values, or declare the column with --categorical)',
    ],
    ['a missing cell', (row: string) => row.replace(/,[^,]+$/, ''), 'expected 11 fields (as in the header), found 10: column 11 ("label") is missing'],
  ])('%s', async (name, spoil, what) => {
    const lines = readFileSync(train, 'utf8').split('\n');
    const line = 4321;
    lines[line - 1] = spoil(lines[line - 1]);
    const path = join(dir, `${name}.csv`);
    writeFileSync(path, lines.join('\n'));
    const model = join(dir, `${name}.json`);
    const r = await cli('train', path, '--stream', '--save', model);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`softgrad: ${path}:${line}: ${what}\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(model)).toBe(false);
  });

  test('a missing file', async () => {
    const path = join(dir, 'nope.csv');
    const r = await cli('train', path, '--stream');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`softgrad: ${path}: cannot read the file: no such file\n`);
  });
});

describe('determinism', () => {
  test('two processes, same seed, same streamed file: byte-identical model files', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    for (const out of [a, b]) {
      const r = cliProcess('train', train, '--stream', '--epochs', '3', '--hidden', '8', '--seed', '4', '--quiet', '--save', out);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  }, 60_000);
});
