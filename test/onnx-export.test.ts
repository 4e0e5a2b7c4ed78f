// ONNX export checked by the real runtime: onnxruntime-node on the exported file gives softgrad's own predictions.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { Classifier, ModelFileError, ValueError, parseTable, toOnnx } from '../src/index.js';
import { readTable } from '../src/data/table/read-table.js';
import { cli } from './helpers/cli.js';
import { exampleData, servedModels, softgradPredictions, trainServed, type ServedModel } from './helpers/served-models.js';

const data = exampleData;
const dir = mkdtempSync(join(tmpdir(), 'softgrad-onnx-'));

/** The file's cells as the exported model's inputs: float32 for numeric columns (NaN for a missing cell), else text. */
async function feedsFor(clf: Classifier, file: string): Promise<Record<string, ort.Tensor>> {
  const { table } = await readTable(file, { label: null });
  const numeric = new Set(clf.encoder ? clf.encoder.columns.filter((e) => e.kind === 'numeric').map((e) => e.name) : clf.featureNames);
  const used = clf.encoder ? clf.encoder.columns.filter((e) => e.kind !== 'dropped').map((e) => e.name) : clf.featureNames;
  const missing = clf.encoder?.missingValues ?? new Set<string>();
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of used) {
    const cells = table.columns[table.names.indexOf(name)].cells();
    const n = cells.length;
    feeds[name] = numeric.has(name)
      ? new ort.Tensor('float32', Float32Array.from(cells, (c) => (missing.has(c.trim()) ? NaN : Number(c))), [n, 1])
      : new ort.Tensor('string', cells.map((c) => c.trim()), [n, 1]);
  }
  return feeds;
}

/** Trains with the command line, exports with `softgrad export`, and compares onnxruntime with `softgrad predict`. */
async function roundTrip(served: ServedModel): Promise<{ bytes: number; maxDifference: number }> {
  const model = await trainServed(served, dir);
  const onnx = join(dir, `${served.name}.onnx`);
  const exported = await cli('export', model, onnx);
  expect(exported.code, exported.stderr).toBe(0);
  const session = await ort.InferenceSession.create(readFileSync(onnx));
  expect(session.outputNames).toEqual(['label', 'probabilities']);
  const out = await session.run(await feedsFor(Classifier.load(model), served.predictOn));
  const expected = await softgradPredictions(model, served.predictOn);
  expect(Array.from(out.label.data as string[])).toEqual(expected.labels);
  const got = out.probabilities.data as Float32Array;
  expect(got.length).toBe(expected.probabilities.length);
  let maxDifference = 0;
  got.forEach((p, i) => (maxDifference = Math.max(maxDifference, Math.abs(p - expected.probabilities[i]))));
  expect(maxDifference).toBeLessThan(1e-5);
  return { bytes: readFileSync(onnx).length, maxDifference };
}

describe('an exported model in onnxruntime predicts as softgrad does: labels exactly, probabilities to 1e-5', () => {
  test.each(servedModels(dir).map((m) => [m.name, m] as const))('%s', async (name, model) => {
    const { bytes, maxDifference } = await roundTrip(model);
    console.log(`onnx ${name}: ${bytes} bytes, largest probability difference ${maxDifference.toExponential(1)}`);
  }, 30_000);
});

describe('every activation, from the library', () => {
  test.each(['relu', 'tanh', 'sigmoid', 'leakyRelu'] as const)('%s', async (activation) => {
    const penguins = await readTable(data('penguins.csv'), { label: 'species' });
    const clf = new Classifier({ hidden: [8, 8], activation, epochs: 20, seed: 1 });
    await clf.fit(penguins);
    const session = await ort.InferenceSession.create(toOnnx(clf));
    const out = await session.run(await feedsFor(clf, data('penguins.csv')));
    const expected = clf.predictProba(penguins).data;
    const got = out.probabilities.data as Float32Array;
    expect(Math.max(...Array.from(got, (p, i) => Math.abs(p - expected[i])))).toBeLessThan(1e-5);
    expect(Array.from(out.label.data as string[])).toEqual(clf.predictLabels(penguins));
  });
});

describe('what export refuses', () => {
  test('a model not trained', () => {
    expect(() => toOnnx(new Classifier())).toThrow(ValueError);
  });
  test('a column named as an output', async () => {
    const clf = new Classifier({ epochs: 1 });
    await clf.fit(parseTable('label,x,y\na,1,p\nb,2,q\na,3,p\nb,4,q\n', { label: 'y' }));
    expect(() => toOnnx(clf)).toThrow('toOnnx: column "label" would have the name of an output of the model');
  });
  test('softgrad export: a model file that is not one, or an output over an input', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'id,x\n');
    expect((await cli('export', bad, join(dir, 'x.onnx'))).code).toBe(1);
    expect((await cli('export', bad, bad)).stderr).toMatch(/is one of the input files/);
  });
});

describe('a model without a file system', () => {
  test('Classifier.fromJSON takes toJSON() or its text, and predicts the same bits; damaged text is a ModelFileError', async () => {
    const penguins = await readTable(data('penguins.csv'), { label: 'species' });
    const clf = new Classifier({ epochs: 10, seed: 2 });
    await clf.fit(penguins);
    const text = JSON.stringify(clf.toJSON());
    for (const copy of [Classifier.fromJSON(text), Classifier.fromJSON(JSON.parse(text))]) {
      expect(copy.predictProba(penguins).data).toEqual(clf.predictProba(penguins).data);
    }
    expect(() => Classifier.fromJSON(text.slice(0, -5), 'model.json')).toThrow(ModelFileError);
    expect(() => Classifier.fromJSON(text.slice(0, -5), 'model.json')).toThrow('model.json: not a model file: the text is not valid JSON');
  });
});
