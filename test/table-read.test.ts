// readTable: the CSV reader keeping feature cells as text; with TableEncoder, penguins as scikit-learn's pipeline.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Classifier, parseCsv, Tensor } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { parseTable, readTable } from '../src/data/table/read-table.js';
import { TableEncoder } from '../src/data/table/table-encoder.js';
import type { Table } from '../src/data/table/table.js';

const penguinsCsv = fileURLToPath(new URL('../examples/data/penguins.csv', import.meta.url));
const split = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/penguins_split.json', import.meta.url)), 'utf8'));

describe('readTable', () => {
  test('keeps cells as written, the label as classes, and each row its line', () => {
    const { table, y, classes, labelName } = parseTable('a,b,label\n1,x,p\n\nNA,"y, z",q\n');
    expect(table).toMatchObject({ names: ['a', 'b'], source: '<string>' });
    expect(table.columns.map((c) => c.cells())).toEqual([['1', 'NA'], ['x', 'y, z']]);
    expect([table.lines!.lineOf(0), table.lines!.lineOf(1)]).toEqual([2, 4]);
    expect([Array.from(y), classes, labelName]).toEqual([[0, 1], ['p', 'q'], 'label']);
  });
  test('the same errors as readCsv for the file: a ragged row, an empty label', () => {
    expect(() => parseTable('a,label\n1,x\n2\n')).toThrow(/^<string>:3: expected 2 fields \(as in the header\), found 1/);
    expect(() => parseTable('a,label\n1,x\n2, \n')).toThrow(/^<string>:3: column 2 \("label"\): empty label cell/);
  });
});

describe('penguins, with no declared kinds', () => {
  test('island and sex are categories, the measurements numbers with missing cells; test rows right as scikit-learn (85 of 86)', async () => {
    const { table, y, classes, labelName } = await readTable(penguinsCsv, { label: 'species' });
    const take = (idx: number[]): Table => ({ ...table, columns: table.columns.map((c) => c.take(idx)), lines: table.lines?.take(idx) });
    const encoder = new TableEncoder().fit(take(split.train_indices));
    expect(encoder.columns.map((c) => c.kind)).toEqual(['categorical', 'numeric', 'numeric', 'numeric', 'numeric', 'categorical']);
    const rows = (idx: number[]) => ({ x: encoder.transform(take(idx)).x as Tensor, y: Int32Array.from(idx, (i) => y[i]), classes, featureNames: encoder.featureNames, labelName });
    for (const hidden of [[], [32]]) {
      const clf = new Classifier({ seed: 0, hidden, standardize: false });
      await clf.fit(rows(split.train_indices));
      const right = Math.round(clf.evaluate(rows(split.test_indices)).accuracy * split.n_test);
      // The rule: at least scikit-learn's count less max(3 rows, 2% of the test rows).
      const reference = split.reference_test_correct[hidden.length ? 'mlp_32' : 'logreg_C1'];
      expect(right).toBeGreaterThanOrEqual(reference - Math.max(3, Math.ceil(0.02 * split.n_test)));
    }
  });
});

describe('a missing label', () => {
  test('is an error naming its line, in any of the missing spellings', () => {
    expect(() => parseTable('a,label\n1,x\n2,y\n3,NA\n4,x\n')).toThrow(/^<string>:4: column 2 \("label"\): the label is missing \("NA"\); give the row its class or drop it$/);
    expect(() => parseTable('a,label\n1,x\n2,?\n', { missingValues: ['?'] })).toThrow(/^<string>:3: column 2 \("label"\): the label is missing \("\?"\)/);
    expect(parseTable('a,label\n1,x\n2,NA\n', { missingValues: ['-'] }).classes).toEqual(['NA', 'x']);
  });
});

describe('a missing label in a file of numbers', () => {
  const text = 'a,b,y\n1,2,A\n2,3,B\n3,4,NA\n4,5,A\n';
  test('readCsv: a class, unless missingLabels names its spelling', () => {
    expect(parseCsv(text).classes).toEqual(['A', 'B', 'NA']);
    expect(() => parseCsv(text, { missingLabels: ['NA'] })).toThrow(/^<string>:4: column 3 \("y"\): the label is missing \("NA"\); give the row its class or drop it$/);
  });
  test('the command line: an error naming the line, in memory and streamed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'softgrad-labels-')), 'labels.csv');
    writeFileSync(path, text);
    for (const extra of [[], ['--stream']]) {
      const r = await cli('train', path, ...extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`softgrad: ${path}:4: column 3 ("y"): the label is missing ("NA"); give the row its class or drop it\n`);
    }
  });
});
