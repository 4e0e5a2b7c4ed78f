// The `softgrad` command line: training, prediction, evaluation, JSON output and its error handling.
import { describe, test, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliProcess } from './helpers/cli.js';
import { irisTestCsv, irisTrainCsv } from '../src/cli/run.js';
import { getNumThreads } from '../src/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-cli-'));
});

describe('softgrad with no command', () => {
  test('trains on the bundled iris example and prints a test accuracy of at least 37/38', async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    const match = /test {2}loss [\d.]+ {2}accuracy [\d.]+ \((\d+)\/38\)/.exec(r.stdout);
    expect(match, r.stdout).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(37);
    expect(r.stdout).toContain('macro avg');
    expect(r.stderr).toMatch(/^epoch +1\/500/m);
  });
});

describe('progress', () => {
  test('on a terminal, a bar redrawn in place with epoch, loss, accuracy and ETA', async () => {
    const { run } = await import('../src/cli/run.js');
    let stderr = '';
    let stdout = '';
    const code = await run(['train', irisTrainCsv, '--test', irisTestCsv, '--epochs', '40', '--patience', '0'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      isTTY: true,
      columns: 160,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\r[█░]{20} epoch +\d+\/40 {2}loss [\d.]+ {2}acc [\d.]+% {2}eta [\d.]+s\x1b\[K/);
    expect(stderr).toMatch(/\r█{20} epoch 40\/40/); // the last epoch is always drawn, with a full bar
    expect(stderr.endsWith('\r\x1b[K')).toBe(true); // the bar is cleared before the results
    expect(stdout).toContain('accuracy');
  });
});

describe('help', () => {
  test('every command and every flag, with its value, explanation and default, in lines of at most 100 characters', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const section of ['Usage:', 'Train options:', 'Predict options:', 'Evaluate options:', 'Cv options:', 'Tune options:', 'Common options:']) expect(r.stdout).toMatch(new RegExp(`^${section}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}softgrad predict <model\.json> <file\.csv> +the predicted class of every row, as CSV$/m);
    expect(r.stdout).toMatch(/^ {2}--epochs <n> {11}most epochs; early stopping usually ends sooner \(default: 500\)$/m);
    expect(r.stdout).toMatch(/^ {2}--optimizer sgd\|adam\|adamw\n {25}the optimizer \(default: adam\)$/m); // a long name: its help below
    expect(r.stdout).toMatch(/^ {2}--out <preds\.csv> {6}write the predictions to this file instead of stdout$/m);
    expect(r.stdout).toMatch(/^ {2}--help, -h {13}this help$/m);
    expect(r.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
    expect((await cli('train', '--help')).stdout).toBe(r.stdout);
  });

  test('every flag the help lists for train is one train accepts', async () => {
    const help = (await cli('--help')).stdout;
    const train = help.slice(help.indexOf('Train options:'), help.indexOf('Predict options:'));
    const names = [...train.matchAll(/^ {2}--([\w-]+)/gm)].map((m) => m[1]);
    expect(names).toHaveLength(25);
    for (const name of names) {
      const r = await cli('train', join(dir, 'missing.csv'), `--${name}`, '--quiet');
      expect(r.stderr, name).not.toMatch(/unknown option/);
    }
  });
});

describe('softgrad train', () => {
  test('--json prints exactly one JSON object with the agreed fields', async () => {
    const r = await cli('train', irisTrainCsv, '--label', 'species', '--test', irisTestCsv, '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Object.keys(out.train)).toEqual(['loss', 'accuracy']);
    expect(Object.keys(out.test)).toEqual(['loss', 'accuracy', 'macroF1', 'confusionMatrix']);
    expect(out.test.accuracy).toBeGreaterThanOrEqual(37 / 38);
    expect(out.epochs).toBeGreaterThan(0);
    expect(out.seconds).toBeGreaterThan(0);
  });

  test('works on any clean numeric CSV with an integer label column, with --test-size', async () => {
    const file = join(dir, 'numbers.csv');
    const rows = ['a,b,c,kind'];
    for (let i = 0; i < 120; i++) {
      const kind = i % 3 === 0 ? 10 : i % 3 === 1 ? 2 : 7;
      rows.push(`${((i * 37) % 11) / 3 + kind},${((i * 13) % 7) - kind / 2},${i % 5},${kind}`);
    }
    writeFileSync(file, rows.join('\n') + '\n');
    const r = await cli('train', file, '--label', 'kind', '--test-size', '0.25', '--json', '--hidden', '8', '--seed', '1');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.classes).toEqual(['2', '7', '10']); // numeric labels sort numerically
    expect(out.test.confusionMatrix.flat().reduce((s: number, v: number) => s + v, 0)).toBe(30);
  });

  test('--threads sets the threads for training only, with the same results for 1 and 2', async () => {
    const threadsBefore = getNumThreads();
    const runs = [];
    for (const threads of ['1', '2']) {
      const r = await cli('train', irisTrainCsv, '--test', irisTestCsv, '--hidden', '16', '--epochs', '20', '--json', '--threads', threads);
      expect(r.code, r.stderr).toBe(0);
      const { seconds: _seconds, ...result } = JSON.parse(r.stdout);
      runs.push(result);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(getNumThreads()).toBe(threadsBefore);
  });

  test('--save then predict and evaluate a file with the saved model', async () => {
    const model = join(dir, 'iris.json');
    const t = await cli('train', irisTrainCsv, '--test', irisTestCsv, '--save', model, '--quiet');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toBe('');
    expect(existsSync(model)).toBe(true);

    const p = await cli('predict', model, irisTestCsv, '--proba');
    expect(p.code, p.stderr).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines[0]).toBe('row,predicted,p_setosa,p_versicolor,p_virginica');
    expect(lines).toHaveLength(39);
    expect(lines[1]).toMatch(/^1,setosa,/);

    const out = join(dir, 'preds.csv');
    const unlabelled = join(dir, 'unlabelled.csv');
    writeFileSync(unlabelled, readFileSync(irisTestCsv, 'utf8').split('\n').map((l) => l.split(',').slice(0, 4).join(',')).join('\n'));
    const q = await cli('predict', model, unlabelled, '--out', out);
    expect(q.code, q.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe('1,setosa');

    const e = await cli('evaluate', model, irisTestCsv);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/accuracy 0\.97\d+ \(37\/38\)|accuracy 1\.0000 \(38\/38\)/);
    expect(e.stdout).toContain('true \\ predicted');
  });
});

describe('errors are one or two lines on stderr with exit code 1 (2 for usage), never a stack trace', () => {
  const usage: [string, string[], RegExp][] = [
    ['an unknown flag', ['train', 'x.csv', '--frobnicate'], /unknown option '--frobnicate'/],
    ['--epochs -1', ['train', 'x.csv', '--epochs', '-1'], /--epochs must be a whole number from 1 to 10000000, got '-1'/],
    ['--lr 0', ['train', 'x.csv', '--lr', '0'], /--lr must be a number > 0, got '0'/],
    ['--batch-size 0', ['train', 'x.csv', '--batch-size', '0'], /--batch-size must be a whole number >= 1, got '0'/],
    ['an unknown command', ['fit', 'x.csv'], /unknown command 'fit'/],
    ['a missing file argument', ['train'], /'softgrad train' takes <file.csv>; got nothing/],
    ['--optimizer rmsprop', ['train', 'x.csv', '--optimizer', 'rmsprop'], /--optimizer must be one of sgd, adam, adamw/],
    ['--threads 0', ['train', 'x.csv', '--threads', '0'], /--threads must be 'auto' or a whole number from 1 to 1024, got '0'/],
    ['--hidden 32,x', ['train', 'x.csv', '--hidden', '32,x'], /--hidden must be 'none' or sizes such as 32,16, each a whole number from 1 to 1000000, got '32,x'/],
    ['--weight-decay -1', ['train', 'x.csv', '--weight-decay', '-1'], /--weight-decay must be 'auto' or a number >= 0, got '-1'/],
    ['--test-size 1', ['train', 'x.csv', '--test-size', '1'], /--test-size must be a fraction between 0 and 1, got '1'/],
    ['--test and --test-size', ['train', 'x.csv', '--test', 'y.csv', '--test-size', '0.2'], /give --test or --test-size, not both/],
    ['a value missing', ['train', 'x.csv', '--lr'], /option '--lr <value>' needs a value/],
  ];
  test.each(usage)('%s: exit 2', async (_name, args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stdout).toBe('');
  });

  test('a missing file: exit 1, the path named', async () => {
    const r = await cli('train', join(dir, 'missing.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.csv: cannot read the file/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  test('a folder instead of a file: exit 1', async () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder, { recursive: true });
    const r = await cli('train', folder);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/folder\.csv: cannot read the file/);
  });

  test('an output that would replace an input is refused before training, and the input is untouched', async () => {
    const input = join(dir, 'keep.csv');
    writeFileSync(input, readFileSync(irisTrainCsv));
    const r = await cli('train', input, '--save', input);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--save .*keep\.csv is one of the input files; softgrad will not overwrite it/);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(irisTrainCsv, 'utf8'));
    const same = await cli('train', input, '--save', join(dir, 'x.out'), '--report', join(dir, 'x.out'));
    expect(same.stderr).toMatch(/--report and --save name the same file/);
    const model = join(dir, 'guard.json');
    expect((await cli('train', irisTrainCsv, '--save', model, '--quiet', '--epochs', '2')).code).toBe(0);
    const p = await cli('predict', model, irisTestCsv, '--out', irisTestCsv);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--out .* is one of the input files/);
  });

  test('an output in a folder that does not exist is refused before training', async () => {
    const r = await cli('train', irisTrainCsv, '--save', join(dir, 'no-such-folder', 'm.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--save .*m\.json: the folder .*no-such-folder does not exist/);
  });

  test('hidden layers too large: one line, exit 1, no RangeError', async () => {
    const r = await cli('train', irisTrainCsv, '--hidden', '1000000,1000000', '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^softgrad: Classifier: hidden layers \[1000000, 1000000\] on 4 features make \d+ parameters/);
  });

  test('predict ignores whatever the label column of its input holds', async () => {
    const model = join(dir, 'ignore-label.json');
    expect((await cli('train', irisTrainCsv, '--save', model, '--quiet', '--epochs', '5')).code).toBe(0);
    const input = join(dir, 'placeholders.csv');
    writeFileSync(input, 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,?\n6.7,3.0,5.2,2.3,\n');
    const r = await cli('predict', model, input);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  test('a diverging run exits 1, names epoch and batch, and writes no model', async () => {
    const model = join(dir, 'diverged.json');
    const r = await cli('train', irisTrainCsv, '--test', irisTestCsv, '--lr', '1e4', '--save', model, '--quiet');
    if (r.code === 0) return expect.fail(`did not diverge: ${r.stdout}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training diverged at epoch \d+, batch \d+/);
    expect(existsSync(model)).toBe(false);
  });

  test('as a real process: exit codes and no stack trace', () => {
    const bad = cliProcess('train', join(dir, 'nope.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const usageError = cliProcess('train', 'x.csv', '--epochs', 'many');
    expect(usageError.code).toBe(2);
    const debug = cliProcess('train', join(dir, 'nope.csv'), '--debug');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
