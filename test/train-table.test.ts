// Classifier on a table of text cells: trained with its column handling, saved in a version 2 model file with it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { Classifier, CsvError, ModelFileError, RowError, parseCsv } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { parseTable, readTable } from '../src/data/table/read-table.js';
import { tableFromRecords } from '../src/data/table/records.js';
import type { LabelledTable, Table } from '../src/data/table/table.js';

const penguinsCsv = fileURLToPath(new URL('../examples/data/penguins.csv', import.meta.url));
const split = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/penguins_split.json', import.meta.url)), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'softgrad-table-'));

function take(data: LabelledTable, idx: number[]): LabelledTable {
  const { table } = data;
  return { ...data, table: { ...table, columns: table.columns.map((c) => c.take(idx)), lines: table.lines?.take(idx) }, y: Int32Array.from(idx, (i) => data.y[i]) };
}

let penguins: LabelledTable;
let clf: Classifier;
beforeAll(async () => {
  penguins = await readTable(penguinsCsv, { label: 'species' });
  clf = new Classifier({ seed: 0 });
  await clf.fit(take(penguins, split.train_indices));
});

describe('a classifier trained on a table', () => {
  test('scores the test rows as scikit-learn\'s pipeline does, within the issue\'s margin', () => {
    const right = Math.round(clf.evaluate(take(penguins, split.test_indices)).accuracy * split.n_test);
    expect(right).toBeGreaterThanOrEqual(split.reference_test_correct.logreg_C1 - 3);
    expect(clf.scaler).toBeNull();
    expect(clf.featureNames).toContain('island=Dream');
  });
  test('predicts rows with the columns reversed, an unseen island and new missing cells', () => {
    const { table } = parseTable('sex,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,island\nNA,NA,200,15,45,Atlantis\nfemale,3500,NA,18,NA,Dream\n', { label: null });
    expect(clf.predictLabels(table)).toHaveLength(2);
    expect(Array.from(clf.predictProba(table).data).every(Number.isFinite)).toBe(true);
  });
  test('a column the model needs is an error naming it; a model trained on numbers reads a table\'s columns by name', async () => {
    const { table } = parseTable('island,sex\nDream,male\n', { label: null });
    expect(() => clf.predict(table)).toThrow(/<string>: no column named "bill_length_mm", which the model needs/);
    const numbers = new Classifier({ epochs: 2 });
    await numbers.fit({ x: clf.encoder!.transform(penguins.table).x, y: penguins.y, classes: penguins.classes, featureNames: clf.featureNames, labelName: 'species' });
    expect(() => numbers.predict(table)).toThrow(/<string>: no column named ".*", which the model needs/);
    const iris = new Classifier({ epochs: 5 });
    await iris.fit(parseCsv('a,b,y\n1,2,p\n3,4,q\n1,3,p\n4,4,q\n'));
    expect(iris.predictLabels([{ b: 4, a: 3.5 }, { a: 1, b: 2, extra: 'x' }])).toHaveLength(2);
    expect(() => iris.predict([{ a: 'many', b: 2 }])).toThrow('records[0]["a"]: "many" is not a number (the model was trained on numbers)');
  });
});

describe('the version 2 model file', () => {
  let text: string;
  beforeAll(() => {
    clf.save(join(dir, 'penguins.json'));
    text = readFileSync(join(dir, 'penguins.json'), 'utf8');
  });
  test('carries the column plan: the loaded model predicts raw rows with the same bits', () => {
    expect(JSON.parse(text)).toMatchObject({ version: 2, scaler: null, columns: { missingValues: expect.any(Array) } });
    const loaded = Classifier.load(join(dir, 'penguins.json'));
    const rows = take(penguins, split.test_indices).table;
    expect(Array.from(loaded.predictProba(rows).data)).toEqual(Array.from(clf.predictProba(rows).data));
  });
  test('a model trained on numbers is still written as version 1', async () => {
    const numbers = new Classifier({ epochs: 1 });
    await numbers.fit({ x: clf.encoder!.transform(penguins.table).x, y: penguins.y, classes: penguins.classes, featureNames: clf.featureNames, labelName: 'species' });
    expect((numbers.toJSON() as { version: number }).version).toBe(1);
  });
  test('random damage to the column plan, checksum remade: a ModelFileError, or a model whose predictions are finite or a typed error', () => {
    const file = JSON.parse(text);
    const paths: string[][] = [];
    const walk = (value: unknown, path: string[]): void => {
      paths.push(path);
      if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(file.columns, ['columns']);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, replacement) => {
        const damaged = structuredClone(file);
        delete damaged.checksum;
        let node = damaged;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = replacement;
        damaged.checksum = 'sha256:' + createHash('sha256').update(JSON.stringify(damaged)).digest('hex');
        let loaded: Classifier;
        try {
          loaded = Classifier.fromJSON(damaged, 'damaged.json');
        } catch (error) {
          return error instanceof ModelFileError && /^damaged\.json: /.test((error as Error).message);
        }
        // A plan that loads encodes rows to finite numbers, or names the cell it cannot encode.
        try {
          return Array.from(loaded.predictProba(take(penguins, split.test_indices).table).data).every(Number.isFinite);
        } catch (error) {
          return error instanceof CsvError || error instanceof RowError;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('declared kinds through the classifier', () => {
  test('columns: { ignore } leaves a column out of the features', async () => {
    const model = new Classifier({ epochs: 2, columns: { ignore: ['island'] } });
    await model.fit(take(penguins, split.train_indices));
    expect(model.featureNames.some((n) => n.startsWith('island'))).toBe(false);
    writeFileSync(join(dir, 'ignored.json'), JSON.stringify(model.toJSON()));
    expect(Classifier.load(join(dir, 'ignored.json')).encoder!.columns[0]).toMatchObject({ name: 'island', kind: 'dropped' });
  });
});

test('Table type is what readTable gives', () => {
  const table: Table = penguins.table;
  expect(table.names).toEqual(['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
});

describe('records: rows as JavaScript objects', () => {
  const records = () =>
    Array.from({ length: penguins.y.length }, (_, i) => {
      const record: Record<string, string | number | null> = { species: penguins.classes[penguins.y[i]] };
      penguins.table.names.forEach((name, j) => {
        const cell = penguins.table.columns[j].cell(i);
        record[name] = cell === 'NA' ? null : Number.isNaN(Number(cell)) ? cell : Number(cell);
      });
      return record;
    });
  test('train and predict like the same table read from the file', async () => {
    const fromRecords = new Classifier({ seed: 0, epochs: 20 });
    const fromFile = new Classifier({ seed: 0, epochs: 20 });
    await fromRecords.fit(records(), { label: 'species' });
    await fromFile.fit(penguins);
    expect(fromRecords.featureNames).toEqual(fromFile.featureNames);
    const rows = records().slice(0, 5).map(({ species: _, ...rest }) => rest);
    expect(fromRecords.predictLabels(rows)).toEqual(fromFile.predictLabels(take(penguins, [0, 1, 2, 3, 4]).table));
  });
  test('errors name the record and key', async () => {
    await expect(new Classifier().fit(records())).rejects.toThrow(/records need the key of their label: fit\(records, \{ label \}\)/);
    const bad = records();
    (bad[3] as Record<string, unknown>).island = ['Dream'];
    await expect(new Classifier().fit(bad as never, { label: 'species' })).rejects.toThrow(/^records\[3\]\["island"\]: a list, not a value a column can hold$/);
    expect(() => clf.predict([{ ...records()[0], bill_length_mm: 'long' }])).toThrow(/^records\[0\]\["bill_length_mm"\]: "long" is not a number \(the column is numeric in the training rows; /);
    const unlabelled = records();
    delete (unlabelled[2] as Record<string, unknown>).species;
    await expect(new Classifier().fit(unlabelled, { label: 'species' })).rejects.toThrow(/^records\[2\]: no label "species"$/);
  });
});

describe('the command line with a model trained on a table', () => {
  test('predict: raw rows, columns reversed, an unseen island and missing cells, each counted', async () => {
    const path = join(dir, 'new-penguins.csv');
    writeFileSync(path, 'sex,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,island\nNA,NA,200,15,45,Atlantis\nfemale,3500,NA,18,NA,Dream\n');
    clf.save(join(dir, 'cli-model.json'));
    const r = await cli('predict', join(dir, 'cli-model.json'), path, '--proba');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expect(r.stdout).not.toMatch(/NaN/);
    expect(r.stderr).toBe('note: cells with a value never seen in training, encoded as all zeros: "island" 1\n');
  });
  test('evaluate: the test rows of the file, labels matched by name', async () => {
    const path = join(dir, 'penguins-test.csv');
    const lines = readFileSync(penguinsCsv, 'utf8').trim().split('\n');
    writeFileSync(path, [lines[0], ...split.test_indices.map((i: number) => lines[i + 1])].join('\n') + '\n');
    const r = await cli('evaluate', join(dir, 'cli-model.json'), path, '--json');
    expect(r.code).toBe(0);
    expect(Math.round(JSON.parse(r.stdout).accuracy * 86)).toBeGreaterThanOrEqual(split.reference_test_correct.logreg_C1 - 3);
  });
});

describe('softgrad train on a table', () => {
  test('penguins with no flags: the column summary, then training, a version 2 model', async () => {
    const saved = join(dir, 'cli-trained.json');
    const r = await cli('train', penguinsCsv, '--label', 'species', '--quiet', '--save', saved);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`columns of ${penguinsCsv}:\n  "island": 3 categories ("Biscoe", "Dream", "Torgersen")\n`);
    expect(r.stdout).toContain('"sex": 2 categories ("male", "female"), missing as its own; 9 missing');
    expect(r.stdout).toMatch(/^test {2}loss \d\.\d+ {2}accuracy/m);
    expect(JSON.parse(readFileSync(saved, 'utf8')).version).toBe(2);
  });
  test('--json has the columns; --ignore and --categorical are applied; --numeric on words names the line', async () => {
    const json = JSON.parse((await cli('train', penguinsCsv, '--label', 'species', '--json', '--ignore', 'island', '--categorical', 'flipper_length_mm')).stdout);
    expect(json.columns[0]).toEqual({ name: 'island', kind: 'dropped', why: 'ignored as asked' });
    expect(json.columns[3]).toMatchObject({ name: 'flipper_length_mm', kind: 'categorical', other: true });
    const r = await cli('train', penguinsCsv, '--label', 'species', '--numeric', 'sex');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^softgrad: .*penguins\.csv:\d+: column 7 \("sex"\): "(male|female)" is not a number \(the column was declared numeric\)\n$/);
  });
  test('--report has a Columns table; a report of numbers has none', async () => {
    const report = join(dir, 'penguins.html');
    expect((await cli('train', penguinsCsv, '--label', 'species', '--quiet', '--report', report)).code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>Columns</h2>');
    expect(html).toContain('<tr><th scope="row">island</th><td>categorical</td><td>3 categories (&quot;Biscoe&quot;, &quot;Dream&quot;, &quot;Torgersen&quot;)</td></tr>');
    const iris = join(dir, 'iris.html');
    expect((await cli('train', fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url)), '--quiet', '--report', iris)).code).toBe(0);
    expect(readFileSync(iris, 'utf8')).not.toContain('<h2>Columns</h2>');
  });
  test('--stream takes declared columns', async () => {
    const r = await cli('train', penguinsCsv, '--label', 'species', '--stream', '--ignore', 'island', '--categorical', 'flipper_length_mm', '--epochs', '3', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"island": dropped: ignored as asked');
    expect(r.stdout).toMatch(/"flipper_length_mm": \d+ categories/);
    expect(r.stdout).toContain('"bill_length_mm": number (a missing cell is the mean, 43.9219, with an indicator); 2 missing');
  });
});

describe('a hostile table on the command line', () => {
  test('ids, a constant, an all-missing column, 1,000 categories and dates: each read as it should be, one summary line each', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      return [`passenger ${i}`, 'same', 'NA', `shop ${i % 1000}`, `2023-${String(1 + (i % 12)).padStart(2, '0')}-${day}`, (i % 7) + 0.5, i % 3 === 0 ? 'yes' : 'no'].join(',');
    });
    const path = join(dir, 'hostile.csv');
    writeFileSync(path, `name,constant,empty,shop,when,x,label\n${rows.join('\n')}\n`);
    const r = await cli('train', path, '--quiet', '--epochs', '3');
    expect(r.code).toBe(0);
    const summary = r.stdout.slice(0, r.stdout.indexOf('trained on'));
    expect(summary).toContain('"name": dropped: 1500 distinct values in 1500 rows: an id or free text');
    expect(summary).toContain('"constant": dropped: every present cell is "same"');
    expect(summary).toContain('"empty": dropped: every cell is missing');
    expect(summary).toMatch(/"shop": 40 categories \(.*\), the rest as other/);
    expect(summary).toContain('"when": date (year, month, weekday, day of year)');
    expect(summary.trim().split('\n')).toHaveLength(7);
  });
});

describe('10,000 categories', () => {
  test('the 40 most frequent one-hot plus other; predict on unseen ones prints every row', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => `item ${(i * 7919) % 10000},${i % 5},${i % 2 ? 'a' : 'b'}`);
    const path = join(dir, 'items.csv');
    writeFileSync(path, `item,n,y\n${rows.join('\n')}\n`);
    const model = join(dir, 'items.json');
    const r = await cli('train', path, '--quiet', '--epochs', '2', '--save', model);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"item": 40 categories \(.*\), the rest as other/);
    const fresh = join(dir, 'items-new.csv');
    writeFileSync(fresh, 'n,item\n1,item 12345\n2,NA\n3,item 7\n');
    const p = await cli('predict', model, fresh);
    expect(p.code).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(4);
    expect(p.stderr).toContain('"item" 1');
  });
});

describe('review fixes', () => {
  test('--missing-values replaces the list, and an empty cell is missing whatever it says', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 5 === 1 ? '' : i % 5 === 2 ? '-' : i},${i % 2 ? 'x' : 'y'},${i % 2 ? 'A' : 'B'}`);
    const path = join(dir, 'missing-values.csv');
    writeFileSync(path, `a,b,y\n${rows.join('\n')}\n`);
    const r = await cli('train', path, '--missing-values', 'NA,-', '--quiet', '--epochs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"a": number (a missing cell is the median');
  });
  test('a word among numbers in the test rows fails before training, with the advice', async () => {
    const lines = readFileSync(fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url)), 'utf8').trim().split('\n');
    const train = join(dir, 'iris-train-words.csv');
    const test = join(dir, 'iris-test-words.csv');
    const [trainRows, testRows] = [lines.filter((_, i) => i > 0 && i % 5 !== 0), lines.filter((_, i) => i > 0 && i % 5 === 0)];
    trainRows[0] = trainRows[0].replace(/^[^,]+/, 'NA'); // a missing cell: the file is read as a table
    testRows[1] = testRows[1].replace(/^[^,]+/, 'abc');
    writeFileSync(train, [lines[0], ...trainRows].join('\n') + '\n');
    writeFileSync(test, [lines[0], ...testRows].join('\n') + '\n');
    const r = await cli('train', train, '--test', test, '--quiet');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('trained on');
    expect(r.stderr).toMatch(/iris-test-words\.csv:3: column 1 \("sepal_length"\): "abc" is not a number \(the column is numeric in the training rows; .*--missing-values/);
  });
  test('a column named as another\'s encoding is an error at fit, not a model that cannot be loaded', async () => {
    const table = parseTable('a,a (missing),y\n1,2,p\nNA,3,q\n4,5,p\n6,7,q\n');
    await expect(new Classifier({ epochs: 1 }).fit(table)).rejects.toThrow(/two encoded columns would be named "a \(missing\)"/);
  });
  test('records: Dates are their local day, inherited names are no values, a label spelled missing is refused', async () => {
    const when = new Date(2024, 0, 1);
    const { table } = tableFromRecords([{ when, x: 1 }, { x: 2, constructor: 'c' } as never]);
    expect(table.columns[0].cells()).toEqual(['2024-01-01', '']);
    expect(table.columns[2].cells()).toEqual(['', 'c']);
    expect(() => tableFromRecords([{ x: 1, y: 'NA' }], { label: 'y' })).toThrow(/^records\[0\]: no label "y" \("NA" is a missing value\)$/);
  });
  test('a numeric file trains to the same model file with and without the table code (no columns in its settings)', async () => {
    const saved = join(dir, 'iris-numbers.json');
    expect((await cli('train', fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url)), '--quiet', '--save', saved)).code).toBe(0);
    const file = JSON.parse(readFileSync(saved, 'utf8'));
    expect(file.version).toBe(1);
    expect(file.settings.columns).toBeUndefined();
  });
});
