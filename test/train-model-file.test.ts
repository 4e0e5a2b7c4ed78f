// Model files: exact round trip, and every kind of damage rejected with a ModelFileError before anything is loaded.
import { describe, test, expect, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Classifier, ModelFileError } from '../src/index.js';
import { irisSplit } from './helpers/iris.js';

let dir: string;
let valid: string;
let clf: Classifier;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-model-'));
  const { train } = await irisSplit();
  clf = new Classifier({ hidden: [5], epochs: 5 });
  await clf.fit(train);
  clf.save(join(dir, 'model.json'));
  valid = readFileSync(join(dir, 'model.json'), 'utf8');
});

function loadText(text: string): Classifier {
  const path = join(dir, 'case.json');
  writeFileSync(path, text);
  return Classifier.load(path);
}

function mutated(change: (file: any) => void): string {
  const file = JSON.parse(valid);
  change(file);
  return JSON.stringify(file);
}

describe('a saved model', () => {
  test('loads with the same weights, classes, features and scaler', () => {
    const loaded = Classifier.load(join(dir, 'model.json'));
    expect(loaded.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(loaded.featureNames).toEqual(clf.featureNames);
    const a = clf.model!.namedParameters();
    const b = loaded.model!.namedParameters();
    expect(b.map(([n]) => n)).toEqual(a.map(([n]) => n));
    a.forEach(([, t], i) => expect(Buffer.from(b[i][1].data.buffer).equals(Buffer.from(t.data.buffer))).toBe(true));
    expect(Array.from(loaded.scaler!.mean)).toEqual(Array.from(clf.scaler!.mean));
  });
  test('stores weights as base64 of the typed array, not decimal text', () => {
    const file = JSON.parse(valid);
    expect(file.format).toBe('softgrad-classifier');
    expect(file.version).toBe(1);
    expect(typeof file.parameters[0].data).toBe('string');
  });
  test('saving over a file replaces it whole and leaves no temporary file', () => {
    clf.save(join(dir, 'model.json'));
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(valid);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
  test('saving into a missing folder fails without writing anything', () => {
    expect(() => clf.save(join(dir, 'no-such-dir', 'm.json'))).toThrow(/no-such-dir\/m\.json: cannot write the file: its folder does not exist/);
  });
});

/** The file changed, then given the checksum of its new content, as a hostile writer would; `deep` replaces "@deep". */
function resigned(change: (file: any) => void, deep = ''): string {
  const { checksum: _, ...content } = JSON.parse(valid);
  change(content);
  const text = JSON.stringify(content).replace('"@deep"', deep);
  return `${text.slice(0, -1)},"checksum":"sha256:${createHash('sha256').update(text).digest('hex')}"}`;
}

const float64 = (values: number[]) => ({ dtype: 'float64', data: Buffer.from(new Float64Array(values).buffer).toString('base64') });

describe('a model file that cannot give finite predictions is refused at load, checksum valid or not', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a float64 weight of 1e300', () => resigned((f) => Object.assign(f.parameters[1], float64([1e300, 0, 0, 0, 0]))), /case\.json: parameter 0\.bias: element 0 is 1e\+300, beyond float32's range/],
    ['a float64 weight of 4e38', () => resigned((f) => Object.assign(f.parameters[1], float64([0, 0, 4e38, 0, 0]))), /parameter 0\.bias: element 2 is 4e\+38, beyond float32's range/],
    ['a subnormal scale', () => resigned((f) => (f.scaler.scale[1] = 5e-324)), /case\.json: scaler: scale\[1\] is 5e-324, outside float32's normal range/],
    ['a mean beyond float32', () => resigned((f) => (f.scaler.mean[0] = 1e300)), /case\.json: scaler: mean\[0\] is 1e\+300, beyond float32's range/],
    ['values nested 4,103 levels deep', () => resigned((f) => (f.settings.deep = '@deep'), '['.repeat(4103) + ']'.repeat(4103)), /case\.json: not a model file: values nested more than 32 levels deep/],
  ];
  test.each(cases)('%s', (_name, make, message) => {
    const text = make();
    expect(() => loadText(text)).toThrow(ModelFileError);
    expect(() => loadText(text)).toThrow(message);
  });
  test('the same file with its own values loads (the cases above are refused for their values alone)', () => {
    expect(loadText(resigned(() => {})).classes).toEqual(clf.classes);
    expect(loadText(resigned((f) => Object.assign(f.parameters[1], float64([0.5, 0, 3e38, 0, 0])))).classes).toEqual(clf.classes);
    expect(loadText(resigned((f) => (f.settings.deep = '@deep'), '['.repeat(28) + ']'.repeat(28))).classes).toEqual(clf.classes);
  });
});

describe('reading a model file stops early on an endless or oversized file', () => {
  test('/dev/zero: refused at its first byte', () => {
    expect(() => Classifier.load('/dev/zero')).toThrow(/\/dev\/zero: not a model file: it does not start with a JSON object/);
  });
  test('a byte-order mark is allowed; an empty file says so', () => {
    expect(loadText('\uFEFF' + valid).classes).toEqual(clf.classes);
    expect(() => loadText('')).toThrow(/case\.json: not a model file: the file is empty/);
  });
  test('a file longer than the longest model file is refused after that many bytes, not read whole', () => {
    const path = join(dir, 'huge.json');
    const fd = openSync(path, 'w');
    writeSync(fd, '{', 0);
    writeSync(fd, ' ', 600 * 2 ** 20); // sparse: 600 MiB of file, almost none of disk
    closeSync(fd);
    expect(() => Classifier.load(path)).toThrow(/huge\.json: not a model file: longer than the largest model file \(536870888 bytes\)/);
  });
});

describe('a damaged model file is a ModelFileError naming the file and the problem', () => {
  const cases: [string, () => string, RegExp][] = [
    ['truncated', () => valid.slice(0, valid.length / 2), /case\.json: not a model file: the text is not valid JSON/],
    ['not JSON', () => 'hello', /case\.json: not a model file: it does not start with a JSON object/],
    ['not an object', () => '[1,2]', /it does not start with a JSON object/],
    ['not JSON after a brace', () => '{hello', /not valid JSON/],
    ['another format', () => mutated((f) => (f.format = 'keras')), /not a softgrad model file/],
    ['an unknown format version', () => mutated((f) => (f.version = 99)), /model file version 99 is not supported \(this softgrad reads versions 1 to 2\)/],
    ['a weight array shorter than its shape', () => mutated((f) => (f.parameters[0].data = f.parameters[0].data.slice(0, 8))), /parameter 0\.weight: data has 6 bytes but shape \[5,4\] needs 20 float32 values \(80 bytes\)/],
    ['a shape that disagrees with the architecture', () => mutated((f) => (f.parameters[0].shape = [4, 5])), /parameter 0\.weight has shape \[4,5\], the architecture needs \[5,4\]/],
    ['a non-finite weight', () => mutated((f) => (f.parameters[1].data = Buffer.from(new Float32Array([NaN, 1, 2, 3, 4]).buffer).toString('base64'))), /parameter 0\.bias: element 0 is NaN/],
    ['a shape of 1e12', () => mutated((f) => (f.parameters[0].shape = [1e6, 1e6])), /has 1000000000000 elements, more than a model file may hold/],
    ['a parameter renamed', () => mutated((f) => (f.parameters[0].name = '__proto__')), /parameters\[0\] is "__proto__", expected "0\.weight"/],
    ['a missing parameter', () => mutated((f) => f.parameters.pop()), /3 parameter tensors, the architecture has 4/],
    ['base64 with foreign characters', () => mutated((f) => (f.parameters[1].data = '!!!!')), /data must be base64 text/],
    ['classes that do not fit the outputs', () => mutated((f) => f.classes.pop()), /2 classes do not fit 3 outputs/],
    ['an unknown activation', () => mutated((f) => (f.architecture.activation = 'eval')), /unknown activation "eval"/],
    ['a weight changed to another finite value', () => mutated((f) => (f.parameters[1].data = Buffer.from(new Float32Array([1, 2, 3, 4, 5]).buffer).toString('base64'))), /checksum mismatch: the file was changed or damaged after it was saved/],
    ['the class names swapped', () => mutated((f) => f.classes.reverse()), /checksum mismatch/],
    ['an architecture of 1e14 parameters (rejected before allocating)', () => mutated((f) => (f.architecture.hidden = [1e7, 1e7])), /the architecture has 100000\d+ parameters, more than a model file may hold/],
    ['a scaler of the wrong length', () => mutated((f) => f.scaler.mean.pop()), /scaler/],
    ['two classes of one name', () => mutated((f) => (f.classes[2] = f.classes[0])), /case\.json: classes: ".+" appears twice/],
    ['two features of one name', () => mutated((f) => (f.featureNames[3] = f.featureNames[1])), /case\.json: featureNames: ".+" appears twice/],
  ];
  test.each(cases)('%s', (_name, make, message) => {
    const text = make();
    expect(() => loadText(text)).toThrow(ModelFileError);
    expect(() => loadText(text)).toThrow(message);
  });
  test('a missing file', () => {
    expect(() => Classifier.load(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read the model file \(ENOENT\)/);
  });
});
