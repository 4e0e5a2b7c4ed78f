// streamTable: a table file trained from without holding it, its column plan counted on a first pass.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { Classifier, CsvError } from '../src/index.js';
import { readTable } from '../src/data/table/read-table.js';
import { streamTable, type TableStream } from '../src/data/table/stream-table.js';
import { TableEncoder } from '../src/data/table/table-encoder.js';
import type { LabelledTable } from '../src/data/table/table.js';
import { cli } from './helpers/cli.js';

const penguinsCsv = fileURLToPath(new URL('../examples/data/penguins.csv', import.meta.url));
const split = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/penguins_split.json', import.meta.url)), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'softgrad-table-stream-'));

let stream: TableStream;
let penguins: LabelledTable;
beforeAll(async () => {
  stream = await streamTable(penguinsCsv, { label: 'species' });
  penguins = await readTable(penguinsCsv, { label: 'species' });
});

describe('the plan of a streamed table', () => {
  test('has the kinds, categories and classes of the same rows in memory', () => {
    const inMemory = new TableEncoder().fit(penguins.table);
    expect(stream.encoder.columns.map((c) => c.kind)).toEqual(inMemory.columns.map((c) => c.kind));
    expect(stream.encoder.featureNames).toEqual(inMemory.featureNames);
    expect(stream.classes).toEqual(penguins.classes);
    expect(stream.rows).toBe(344);
    expect(stream.missingCells.get('sex')).toBe(11);
  });
  test('fills a missing number with the mean of the present ones, scaled as StandardScaler on the filled column', () => {
    const column = penguins.table.columns[1];
    const present = column.cells().filter((c) => c !== 'NA').map(Number);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    const variance = present.reduce((a, v) => a + (v - mean) ** 2, 0) / column.length;
    const plan = stream.encoder.columns[1];
    expect(plan).toMatchObject({ name: 'bill_length_mm', kind: 'numeric', fillBy: 'mean', indicator: true });
    if (plan.kind !== 'numeric') throw new Error('not numeric');
    expect(plan.fill).toBeCloseTo(mean, 12);
    expect(plan.mean[0]).toBeCloseTo(mean, 12);
    expect(plan.scale[0]).toBeCloseTo(Math.sqrt(variance), 10);
    expect(plan.mean[1]).toBeCloseTo(2 / 344, 15);
  });
  test('its chunks are the rows encoded by that plan, in order, whatever the chunk size', async () => {
    const whole = stream.encoder.transform(penguins.table).x.data;
    for (const size of [1, 7, 4096]) {
      const parts: number[] = [];
      const labels: number[] = [];
      for await (const chunk of stream.chunks(size)) {
        parts.push(...chunk.x.data);
        labels.push(...chunk.y);
      }
      expect(Float32Array.from(parts)).toEqual(whole);
      expect(Int32Array.from(labels)).toEqual(penguins.y);
    }
  });
});

describe('training from a streamed table', () => {
  test('reaches the in-memory accuracy on the test rows, and the model file keeps the plan', async () => {
    const clf = new Classifier({ seed: 0 });
    await clf.fit(stream);
    expect(clf.encoder).toBe(stream.encoder);
    const saved = join(dir, 'streamed.json');
    clf.save(saved);
    const loaded = Classifier.load(saved);
    expect(loaded.encoder!.columns).toEqual(stream.encoder.columns);
    const test = { ...penguins, table: { ...penguins.table, columns: penguins.table.columns.map((c) => c.take(split.test_indices)), lines: undefined }, y: Int32Array.from(split.test_indices, (i: number) => penguins.y[i]) };
    // Trained on every row, so the test rows are seen: this checks the encoding and training run, not generalisation.
    expect(loaded.evaluate(test).accuracy).toBeGreaterThanOrEqual(0.97);
    expect(Array.from(loaded.predict(test.table))).toEqual(Array.from(clf.predict(test.table)));
  });
  test('the same seed gives the same model file, twice', async () => {
    const files = await Promise.all([0, 1].map(async () => {
      const clf = new Classifier({ seed: 3, epochs: 5 });
      await clf.fit(await streamTable(penguinsCsv, { label: 'species' }));
      return JSON.stringify(clf.toJSON());
    }));
    expect(files[0]).toBe(files[1]);
  });
});

describe('errors of a streamed table name the line', () => {
  const rows = (n: number, cell: (i: number) => string) => Array.from({ length: n }, (_, i) => `${cell(i)},${i % 3},${i % 2 ? 'a' : 'b'}`);
  test('a word among numbers after the first chunk', async () => {
    const path = join(dir, 'stray.csv');
    writeFileSync(path, `x,z,y\n${rows(10000, (i) => (i === 9000 ? 'oops' : String(i / 10))).join('\n')}\n`);
    await expect(streamTable(path, { label: 'y' })).rejects.toThrow(`${path}:9002: column 1 ("x"): "oops" is not a number`);
  });
  test('one bad date among dates', async () => {
    const path = join(dir, 'dates.csv');
    writeFileSync(path, `x,z,y\n${rows(6000, (i) => (i === 5000 ? '2023-02-30' : `2023-01-${String(1 + (i % 28)).padStart(2, '0')}`)).join('\n')}\n`);
    await expect(streamTable(path, { label: 'y' })).rejects.toThrow(`${path}:5002: column 1 ("x"): "2023-02-30" is not an ISO 8601 date`);
  });
  test('a missing label', async () => {
    const path = join(dir, 'label.csv');
    writeFileSync(path, `x,z,y\n1,2,a\n3,4,b\n5,6,NA\n`);
    await expect(streamTable(path, { label: 'y' })).rejects.toThrow(CsvError);
    await expect(streamTable(path, { label: 'y' })).rejects.toThrow(`${path}:4:`);
  });
  test('an id column of more distinct values than are kept is dropped; the file changing between passes is an error', async () => {
    const path = join(dir, 'ids.csv');
    writeFileSync(path, `id,z,y\n${rows(70000, (i) => `user-${i}`).join('\n')}\n`);
    const ids = await streamTable(path, { label: 'y' });
    expect(ids.encoder.columns[0]).toMatchObject({ name: 'id', kind: 'dropped' });
    writeFileSync(path, `id,z,y\n${rows(10, (i) => `user-${i}`).join('\n')}\n`);
    const pass = async () => {
      for await (const chunk of ids.chunks()) void chunk;
    };
    await expect(pass()).rejects.toThrow(/the file changed after streamTable read it/);
  });
});

describe('softgrad train --stream on a table', () => {
  test('prints the column summary, trains, and predict reads the saved model', async () => {
    const model = join(dir, 'cli.json');
    const r = await cli('train', penguinsCsv, '--label', 'species', '--stream', '--seed', '0', '--epochs', '20', '--quiet', '--save', model);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"sex": 2 categories ("male", "female"), missing as its own; 11 missing');
    expect(r.stdout).toContain('streamed (14 features');
    const p = await cli('predict', model, penguinsCsv);
    expect(p.code).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(345);
  });
});
