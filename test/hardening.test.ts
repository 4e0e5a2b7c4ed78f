// Hostile input end to end: the catalogue through the command line, fuzzed model files, and saves killed mid-write.
import { describe, test, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Classifier, DivergenceError, evaluateStreamLoss, fit, Linear, mapFeatures, ModelFileError, parseCsv, predict, predictProba, readCsv, RowError, SGD, StandardScaler, streamCsv, Tensor, tensor } from '../src/index.js';
import { irisTestCsv, irisTrainCsv } from '../src/cli/run.js';
import { badFiles, badModelFiles } from './helpers/bad-inputs.js';
import { cli } from './helpers/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const oneOrTwoLines = (text: string) => text.trim().split('\n').length <= 2;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-hard-'));
});

// A cell that is not a number makes the command read the file as a table (typed columns, NA and NaN as missing):
// these files stay the library's catalogue for readCsv, and the command's answer to them is tested below.
const readAsTables = new Set(['bad/non-numeric.csv', 'bad/nan.csv', 'bad/infinity.csv', 'bad/empty-cell.csv', 'bad/cell-after-multiline-quote.csv']);

describe('every bad CSV of the catalogue, on the command line: exit 1 and the library message, in one or two lines', () => {
  test.each(badFiles.filter(([name, options]) => !readAsTables.has(name) && Object.keys(options).every((k) => k === 'label')))('%s', async (name, options, message) => {
    const args = ['train', fixture(name), ...(options.label !== undefined ? ['--label', String(options.label)] : [])];
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`softgrad: ${fixture(name).slice(0, -basename(name).length)}${message}\n`);
    expect(oneOrTwoLines(r.stderr)).toBe(true);
    expect(r.stdout).toBe('');
  });
});

describe('a word among numbers, on the command line: exit 1 naming its line, whichever side of the split it falls', () => {
  test('iris with "abc" as a petal length', async () => {
    const lines = readFileSync(irisTrainCsv, 'utf8').trim().split('\n');
    lines[9] = lines[9].replace(/^([^,]+,[^,]+),[^,]+,/, '$1,abc,');
    const path = join(dir, 'iris-word.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const r = await cli('train', path, '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^softgrad: ${path}:10: column 3 \\("petal_length"\\): "abc" is not a number \\(.*\\)\n$`));
  });
});

describe('valid but unusual CSV files train on the command line', () => {
  test.each(['good/bom-crlf.csv', 'good/quoted-crlf.csv', 'good/prototype-columns.csv'])('%s', async (name) => {
    // These files are tiny: train and test on the same rows.
    const r = await cli('train', fixture(name), '--test', fixture(name), '--epochs', '5', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).classes.length).toBeGreaterThanOrEqual(2);
    expect(Object.prototype).not.toHaveProperty('label');
  });
  test('as many label values as rows: a warning, then training goes on', async () => {
    const r = await cli('train', fixture('bad/many-labels.csv'), '--epochs', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*many-labels\.csv: column 3 \("label"\): 100 distinct labels in 100 rows/m);
  });
});

describe('a column name with a line break or an escape sequence is quoted in every message: one line, no ESC byte', () => {
  const header = '"a\nb",\x1b[31mred,label\n';
  // A word among numbers makes the command line read a table: the column declared numeric keeps it an error there.
  const cases: [string, string, string, string[]][] = [
    ['a bad cell under the name with a line break', `${header}x,1,p\n1,2,q\n`, ':3: column 1 ("a\\nb"): "x" is not a number', ['--numeric', 'a\nb']],
    ['a bad cell under the name with an escape sequence', `${header}1,x,p\n1,2,q\n`, ':3: column 2 ("\\u001b[31mred"): "x" is not a number', ['--numeric', '\x1b[31mred']],
    ['a name given twice', '"a\nb","a\nb",label\n1,2,p\n', ':1: column 2 ("a\\nb") has the same name as column 1', []],
    ['a single class', `${header}1,2,p\n`, ':1: column 3 ("label"): every data row (line 3) has the label "p"', []],
  ];
  test.each(cases)('%s: readCsv, streamCsv and the command line', async (name, text, message, declared) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}.csv`);
    writeFileSync(path, text);
    for (const read of [readCsv, streamCsv]) await expect(read(path)).rejects.toThrow(`${path}${message}`);
    const r = await cli('train', path, '--stream', ...declared);
    expect(r.stderr.startsWith(`softgrad: ${path}${message}`)).toBe(true);
    expect(r.stderr.trimEnd()).not.toMatch(/[\n\x1b]/);
  });
  test('a model given rows of the wrong width names its features quoted', async () => {
    const clf = new Classifier({ epochs: 1 });
    await clf.fit(parseCsv(`${header}1,2,p\n3,4,q\n`));
    expect(() => clf.predict(tensor([[1, 2, 3]]))).toThrow('expected rows of 2 features ("a\\nb", "\\u001b[31mred"), got shape [1,3]');
  });
});

describe('every damaged model file of the catalogue', () => {
  test.each(badModelFiles)('%s: a ModelFileError from the library, exit 1 from the command line', async (name, message) => {
    const path = fixture(`bad/models/${name}`);
    const where = path.slice(0, -name.length);
    expect(() => Classifier.load(path)).toThrow(ModelFileError);
    expect(() => Classifier.load(path)).toThrow(`${where}${message}`);
    for (const command of ['predict', 'evaluate']) {
      const r = await cli(command, path, irisTestCsv);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`softgrad: ${where}${message}\n`);
    }
  });
  test('the valid model they were made from loads', () => {
    expect(Classifier.load(fixture('bad/models/valid.json')).classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});

describe('the model loader under random damage: an equal model or a ModelFileError, nothing else', () => {
  const valid = () => readFileSync(fixture('bad/models/valid.json'), 'utf8');
  const reference = () => Classifier.load(fixture('bad/models/valid.json'));
  const fingerprint = (c: Classifier) =>
    JSON.stringify([c.classes, c.featureNames, c.labelName, c.scaler?.toJSON(), c.model!.namedParameters().map(([n, t]) => [n, t.shape, Array.from(t.data)])]);

  function check(text: string): boolean {
    let loaded: Classifier;
    try {
      loaded = Classifier.fromJSON(JSON.parse(text), 'fuzz');
    } catch (error) {
      if (error instanceof SyntaxError) return true; // what Classifier.load reports as "not valid JSON"
      if (error instanceof ModelFileError) return true;
      throw error;
    }
    expect(fingerprint(loaded)).toBe(fingerprint(reference()));
    return true;
  }

  test('changed, inserted and deleted characters', () => {
    const text = valid();
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.integer({ min: 0, max: 2 }), fc.string({ minLength: 1, maxLength: 3 }), (at, kind, s) => {
        const mutated = kind === 0 ? text.slice(0, at) + s + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + s + text.slice(at) : text.slice(0, at) + text.slice(at + s.length);
        return check(mutated);
      }),
      { numRuns: 1500 },
    );
  });

  test('any JSON value put in place of any field', () => {
    const base = JSON.parse(valid());
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue(), (path, value) => {
        const file = structuredClone(base);
        let node = file;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = value;
        return check(JSON.stringify(file));
      }),
      { numRuns: 1500 },
    );
  });

  test('truncation at every length is a ModelFileError', () => {
    const text = valid();
    for (let n = 0; n < text.length; n += 7) {
      const path = join(dir, 'cut.json');
      writeFileSync(path, text.slice(0, n));
      expect(() => Classifier.load(path)).toThrow(ModelFileError);
    }
  });
});

describe('crash safety', () => {
  let paths: string[];
  let versions: string[];
  const script = fileURLToPath(new URL('./scripts/save-loop.ts', import.meta.url));

  beforeAll(async () => {
    // Two different models, large enough (about 1.4 MB each) that a write takes a while.
    const train = await readCsv(irisTrainCsv, { label: 'species' });
    paths = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const [i, seed] of [1, 2].entries()) {
      const clf = new Classifier({ hidden: [512, 512], epochs: 1, seed });
      await clf.fit(train);
      clf.save(paths[i]);
    }
    versions = paths.map((p) => readFileSync(p, 'utf8'));
  });

  /** Kills a writer at `rounds` moments; returns, per round, whether the file was one whole version. */
  async function killRounds(mode: 'atomic' | 'plain', rounds: number, stopAtTorn = false): Promise<boolean[]> {
    const target = join(dir, `${mode}.json`);
    copyFileSync(paths[0], target);
    const whole: boolean[] = [];
    for (let round = 0; round < rounds; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, mode, ...paths, target], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 3 + ((round * 37) % 50)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      whole.push(versions.includes(readFileSync(target, 'utf8')));
      if (stopAtTorn && !whole[round]) break;
    }
    return whole;
  }

  test('a process killed (SIGKILL) at random moments while saving over a model always leaves one whole model', async () => {
    const whole = await killRounds('atomic', 10);
    expect(whole).toEqual(whole.map(() => true));
    expect(Classifier.load(join(dir, 'atomic.json')).classes).toHaveLength(3);
  }, 60_000);

  test('control: a plain overwrite killed the same way does leave a torn file, so the test above can fail', async () => {
    const whole = await killRounds('plain', 20, true);
    expect(whole).toContain(false);
  }, 60_000);
});

describe('endless and oversized input stops at a limit with a typed error, within seconds', () => {
  const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  /** `softgrad ...args` in a child process with a small heap, its standard input fed by `feed` (a shell command). */
  function softgrad(feed: string, args: string, heapMb = 4096) {
    const r = spawnSync('bash', ['-c', `${feed} | "${process.execPath}" --max-old-space-size=${heapMb} "${main}" ${args}`], { encoding: 'utf8', timeout: 30_000 });
    return { code: r.status, stderr: r.stderr };
  }

  let model: string;
  beforeAll(async () => {
    model = join(dir, 'endless-model.json');
    const clf = new Classifier({ epochs: 1 });
    await clf.fit(await readCsv(irisTrainCsv));
    clf.save(model);
  });

  test.each(['train /dev/zero', 'predict /dev/zero iris-test.csv', 'predict model.json /dev/zero'])('softgrad %s', (args) => {
    const r = softgrad('true', args.replace('iris-test.csv', irisTestCsv).replace('model.json', model));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^softgrad: \/dev\/zero(:1)?: (NUL byte: this looks like a binary file|not a model file: it does not start with a JSON object)/);
  });

  test('a model file from a pipe that never ends: refused at the longest model file, in bounded memory', () => {
    const r = softgrad("(echo '{'; cat /dev/zero)", `predict /dev/stdin ${irisTestCsv}`, 1024);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('softgrad: /dev/stdin: not a model file: longer than the largest model file (536870888 bytes)\n');
  });

  test('softgrad train on endless rows: the rows that fit the heap, then an error pointing to --stream', () => {
    const row = Array(200).fill(1).join(',');
    const header = Array.from({ length: 200 }, (_, j) => `f${j}`).join(',');
    const r = softgrad(`(echo ${header},label; yes ${row},x)`, 'train /dev/stdin', 16);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^softgrad: \/dev\/stdin:\d+: holding the rows read so far would take more than 0\.\d GiB, the most a dataset in memory may take \(Node's heap limit\); stream the file instead \(streamCsv, softgrad train --stream\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('readCsv on /dev/zero: the NUL byte is reported at once, not after holding a row of 256 Mi characters', async () => {
    await expect(readCsv('/dev/zero')).rejects.toThrow(/^\/dev\/zero:1: NUL byte: this looks like a binary file, not CSV text$/);
  });
});

describe('no NaN with exit 0: a row that cannot be scored is a RowError naming its line and column', () => {
  let overflow: string;
  let model: string;
  const message = /^softgrad: .*iris-overflow\.csv:7: column "sepal_width": 3e\+38 is beyond float32's range once standardised \(training mean \d\.\d+, scale 0\.\d+\); the row cannot be scored\n$/;
  beforeAll(async () => {
    // A valid float32 five rows down (line 7: a blank line before it), far outside the training rows.
    const [header, ...rows] = readFileSync(irisTestCsv, 'utf8').trim().split('\n');
    rows[4] = rows[4].replace(/^([^,]+),[^,]+,/, '$1,3e38,');
    overflow = join(dir, 'iris-overflow.csv');
    writeFileSync(overflow, [header, rows[0], '', ...rows.slice(1)].join('\n') + '\n');
    model = join(dir, 'overflow-model.json');
    expect((await cli('train', irisTrainCsv, '--save', model, '--quiet')).code).toBe(0);
  });

  test.each([
    ['predict --proba', () => ['predict', model, overflow, '--proba']],
    ['evaluate', () => ['evaluate', model, overflow]],
    ['train --test', () => ['train', irisTrainCsv, '--test', overflow, '--quiet']],
  ])('softgrad %s', async (_name, args) => {
    const r = await cli(...args());
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/NaN/);
    expect(r.stderr).toMatch(message);
  });

  test('train --test with a row that cannot be scored still saves the model and prints the training results', async () => {
    const [saved, report] = [join(dir, 'scored-model.json'), join(dir, 'scored-report.html')];
    const r = await cli('train', irisTrainCsv, '--test', overflow, '--save', saved, '--report', report, '--quiet');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^train loss \d\.\d+ {2}accuracy/m);
    expect(r.stdout).toContain(`test set ${overflow} not scored: see the error below`);
    expect(r.stdout).toContain(`model saved to ${saved}`);
    expect(r.stdout).not.toContain('report written');
    expect(r.stderr).toMatch(message);
    expect(Classifier.load(saved).classes).toHaveLength(3);
    expect(existsSync(report)).toBe(false);
  });

  test('a stream names the row of the whole stream, not of its chunk', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `${i % 7},${i % 3},${i % 2 ? 'a' : 'b'}`);
    rows[5000] = '3e38,1,a';
    const path = join(dir, 'stream-overflow.csv');
    writeFileSync(path, `x1,x2,label\n${rows.join('\n')}\n`);
    const stream = await streamCsv(path);
    const scaler = new StandardScaler().fit(tensor([[0, 0], [0.001, 2]]));
    const model = new Linear(2, 2);
    const error = await evaluateStreamLoss(model, mapFeatures(stream, (x) => scaler.transform(x))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowError);
    expect((error as RowError).message).toMatch(/^row 5001, feature 1: 3e\+38 is beyond float32's range once standardised/);
  });

  test('outputs that stop being finite on a validation row end fit with a DivergenceError, not a RowError', async () => {
    const model = new Linear(2, 2);
    model.weight.data.fill(10);
    const train = { x: tensor([[0, 1], [1, 0]]), y: Int32Array.from([0, 1]), classes: ['a', 'b'], featureNames: ['p', 'q'], labelName: 'c' };
    const validationData = { ...train, x: tensor([[0, 1], [3e38, 3e38]]) };
    const error = await fit(model, train, { optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2, validationData }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as Error).message).toMatch(/^training diverged at epoch 1: the model's outputs on validation row 2 are not finite/);
  });

  test('the library names the row and feature of a tensor, and the line of a dataset', async () => {
    const clf = Classifier.load(model);
    const rows = [[5, 3, 1.5, 0.2], [5, -3e38, 1.5, 0.2]];
    expect(() => clf.predictProba(rows)).toThrow(RowError);
    expect(() => clf.predict(rows)).toThrow(/^row 2, feature 2: -3e\+38 is beyond float32's range once standardised/);
    expect(() => clf.evaluate(parseCsv(readFileSync(overflow, 'utf8')))).toThrow(/^<string>:7: column "sepal_width"/);
  });

  test('finite inputs whose outputs overflow: a RowError naming the row, never NaN probabilities', () => {
    const model = new Linear(2, 3);
    model.weight.data.fill(1e30);
    const x = new Tensor(Float32Array.from([1, 1, 2, 2, 1e10, 1e10]), [3, 2]);
    expect(() => predictProba(model, x)).toThrow(/^row 3: the model's outputs are not finite \(Infinity\)/);
    expect(() => predict(model, x)).toThrow(RowError);
  });
});
