// Tables from JSON (an array of records) and JSON Lines (a record per line): the same model as the CSV, and errors
// that name the file, the record and the key.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { CsvError } from '../src/index.js';
import { readTable } from '../src/data/table/read-table.js';
import { streamTable } from '../src/data/table/stream-table.js';
import { cli } from './helpers/cli.js';

const data = (name: string) => fileURLToPath(new URL(`../examples/data/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'softgrad-json-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// The penguins table as records: numbers as JSON numbers, NA as null, the label a key among the others.
let records: Record<string, string | number | null>[];
beforeAll(async () => {
  const { table, y, classes } = await readTable(data('penguins.csv'), { label: 'species' });
  records = Array.from({ length: y.length }, (_, row) => {
    const record: Record<string, string | number | null> = { species: classes[y[row]] };
    table.names.forEach((name, j) => {
      const cell = table.columns[j].cell(row);
      record[name] = cell === 'NA' ? null : Number.isNaN(Number(cell)) ? cell : Number(cell);
    });
    return record;
  });
});

describe('the penguins table as CSV, JSON and JSON Lines', () => {
  test('trains to the same model file, byte for byte, in memory and streamed', async () => {
    const json = write('penguins.json', JSON.stringify(records));
    const jsonl = write('penguins.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const files: string[] = [];
    for (const [file, stream] of [[data('penguins.csv'), false], [json, false], [jsonl, false], [data('penguins.csv'), true], [jsonl, true]] as const) {
      const model = join(dir, `model-${files.length}.json`);
      const r = await cli('train', file, '--label', 'species', '--seed', '0', '--quiet', '--save', model, ...(stream ? ['--stream'] : []));
      expect(r.code, r.stderr).toBe(0);
      files.push(readFileSync(model, 'utf8'));
    }
    expect(files[1]).toBe(files[0]);
    expect(files[2]).toBe(files[0]);
    expect(files[4]).toBe(files[3]);
  });
  test('predict and evaluate read records, for a table model and for one trained on numbers', async () => {
    const jsonl = write('new.jsonl', records.slice(0, 5).map((r) => JSON.stringify(r)).join('\n') + '\n');
    const model = join(dir, 'penguins-model.json');
    expect((await cli('train', data('penguins.csv'), '--label', 'species', '--quiet', '--epochs', '5', '--save', model)).code).toBe(0);
    const p = await cli('predict', model, jsonl);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(6);
    expect((await cli('evaluate', model, jsonl)).stdout).toContain(`${jsonl}: 5 rows`);
    const iris = join(dir, 'iris-model.json');
    expect((await cli('train', data('iris-train.csv'), '--label', 'species', '--quiet', '--epochs', '5', '--save', iris)).code).toBe(0);
    const flowers = write('flowers.json', JSON.stringify([{ petal_width: 0.2, petal_length: 1.4, sepal_width: 3.5, sepal_length: 5.1, species: 'setosa' }]));
    const q = await cli('predict', iris, flowers);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toMatch(/^row,predicted\n1,\w+\n$/);
  });
  test('the label is by default the last key of the first record, as a CSV\'s is its last column', async () => {
    const path = write('last.jsonl', '{"x": 1, "y": "a"}\n{"x": 2, "y": "b"}\n{"x": 3, "y": "a"}\n');
    const { classes, labelName } = await readTable(path);
    expect({ classes, labelName }).toEqual({ classes: ['a', 'b'], labelName: 'y' });
  });
});

describe('a bad file of records is an error naming the file, the record and the key', () => {
  test.each([
    ['nested.jsonl', '{"x": 1, "y": "a"}\n\n{"x": [1, 2], "y": "b"}\n', 'nested.jsonl:3: column "x": a list, not a value a column can hold'],
    ['object.json', '[{"x": 1, "y": "a"}, {"x": {"deep": 1}, "y": "b"}]', 'object.json: record 2: column "x": object, not a value a column can hold'],
    ['number.jsonl', '{"x": 1, "y": "a"}\n7\n', 'number.jsonl:2: not an object of named values'],
    ['broken.jsonl', '{"x": 1, "y": "a"}\n{"x": 2, "y": \n', 'broken.jsonl:2: not a JSON value'],
    ['lines.json', '{"x": 1, "y": "a"}\n{"x": 2, "y": "b"}\n', 'lines.json: not a JSON array of records (a .json file must hold one array; JSON Lines files end in .jsonl)'],
    ['empty.json', '[]', 'empty.json: no records: the array is empty'],
    ['nolabel.jsonl', '{"x": 1, "y": "a"}\n{"x": 2}\n', 'nolabel.jsonl:2: no label "y"'],
  ])('%s', async (name, text, message) => {
    const path = write(name, text);
    const read = readTable(path, { label: 'y' });
    await expect(read).rejects.toThrow(CsvError);
    await expect(readTable(path, { label: 'y' })).rejects.toThrow(`${dir}/${message}`);
  });
  test('streamed, the error names the line too; a JSON array is refused under --stream', async () => {
    const lines = Array.from({ length: 9000 }, (_, i) => JSON.stringify({ x: i === 7000 ? [1] : i, y: i % 2 ? 'a' : 'b' }));
    const path = write('deep.jsonl', lines.join('\n') + '\n');
    await expect(streamTable(path, { label: 'y' })).rejects.toThrow(`${path}:7001: column "x": a list, not a value a column can hold`);
    const json = write('array.json', JSON.stringify([{ x: 1, y: 'a' }]));
    const r = await cli('train', json, '--stream');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stream reads JSON Lines (.jsonl), a record per line');
  });
  test('a .tsv file is tab-separated', async () => {
    const path = write('t.tsv', 'a\tb\ty\n1\tx\tp\n2\tz\tq\n3\tx\tp\n');
    const { table } = await readTable(path, { label: 'y' });
    expect(table.names).toEqual(['a', 'b']);
  });
});

describe('Parquet', () => {
  /** The penguins records as a Parquet file of `rowGroupSize`-row groups, numbers as DOUBLE, text as STRING. */
  async function penguinsParquet(name: string, rowGroupSize: number): Promise<string> {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const names = Object.keys(records[0]);
    const columnData = names.map((column) => {
      const numeric = typeof records.find((r) => r[column] !== null)![column] === 'number';
      return { name: column, data: records.map((r) => r[column]), type: numeric ? ('DOUBLE' as const) : ('STRING' as const), nullable: true };
    });
    const filename = join(dir, name);
    parquetWriteFile({ filename, columnData, rowGroupSize });
    return filename;
  }

  test('the penguins table as Parquet trains to the CSV\'s model file, in memory and streamed, whatever its row groups', async () => {
    const files = new Map<string, string>();
    for (const [file, stream] of [[data('penguins.csv'), false], [data('penguins.csv'), true], [await penguinsParquet('p100.parquet', 100), false], [await penguinsParquet('p7.parquet', 7), true]] as const) {
      const model = join(dir, `parquet-model-${files.size}.json`);
      const r = await cli('train', file, '--label', 'species', '--seed', '0', '--quiet', '--save', model, ...(stream ? ['--stream'] : []));
      expect(r.code, r.stderr).toBe(0);
      files.set(`${file.endsWith('.csv') ? 'csv' : 'parquet'} ${stream}`, readFileSync(model, 'utf8'));
    }
    expect(files.get('parquet false')).toBe(files.get('csv false'));
    expect(files.get('parquet true')).toBe(files.get('csv true'));
  });

  test('a file that is not Parquet, one cut short, and a list column are errors naming the file', async () => {
    const notParquet = write('table.parquet', 'a,b,y\n1,2,p\n');
    await expect(readTable(notParquet, { label: 'y' })).rejects.toThrow(`${notParquet}: not a Parquet file, or cut short: it does not start with PAR1`);
    const whole = readFileSync(await penguinsParquet('whole.parquet', 100));
    const cut = write('cut.parquet', '');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    await expect(readTable(cut, { label: 'species' })).rejects.toThrow(`${cut}: not a Parquet file, or cut short`);
    const { parquetWriteFile } = await import('hyparquet-writer');
    const lists = join(dir, 'lists.parquet');
    parquetWriteFile({ filename: lists, columnData: [{ name: 'tags', data: [[1, 2], [3]] }, { name: 'y', data: ['a', 'b'], type: 'STRING' }] });
    await expect(readTable(lists, { label: 'y' })).rejects.toThrow(`${lists}: record 1: column "tags": a list, not a value a column can hold`);
  });
});

describe('Arrow IPC files', () => {
  test('the penguins table as Arrow trains to the CSV\'s model file, in memory and streamed a batch at a time; a file not Arrow or cut short is an error', async () => {
    const { tableFromArrays, tableToIPC } = await import('@uwdata/flechette');
    const arrays = Object.fromEntries(Object.keys(records[0]).map((name) => [name, records.map((r) => r[name])]));
    const arrow = join(dir, 'penguins.arrow');
    writeFileSync(arrow, tableToIPC(tableFromArrays(arrays), { format: 'file' })!);
    const batches = join(dir, 'penguins-batches.feather');
    writeFileSync(batches, tableToIPC(tableFromArrays(arrays, { maxBatchRows: 50 }), { format: 'file' })!);
    const models: string[] = [];
    for (const [file, stream] of [[data('penguins.csv'), false], [arrow, false], [data('penguins.csv'), true], [batches, true]] as const) {
      const model = join(dir, `arrow-model-${models.length}.json`);
      const r = await cli('train', file, '--label', 'species', '--seed', '0', '--quiet', '--save', model, ...(stream ? ['--stream'] : []));
      expect(r.code, r.stderr).toBe(0);
      models.push(readFileSync(model, 'utf8'));
    }
    expect(models[1]).toBe(models[0]);
    expect(models[3]).toBe(models[2]);
    const notArrow = write('table.feather', 'a,b,y\n1,2,p\n');
    await expect(readTable(notArrow, { label: 'y' })).rejects.toThrow(`${notArrow}: not an Arrow IPC file: it does not start with ARROW1`);
    const whole = readFileSync(arrow);
    const cut = write('cut.arrow', '');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    await expect(readTable(cut, { label: 'species' })).rejects.toThrow(`${cut}: not an Arrow IPC file, or cut short`);
    const cutBatches = write('cut-batches.arrow', '');
    const batchBytes = readFileSync(batches);
    writeFileSync(cutBatches, batchBytes.subarray(0, batchBytes.length >> 1));
    await expect(streamTable(cutBatches, { label: 'species' })).rejects.toThrow(/cut-batches\.arrow: not an Arrow IPC file, or cut short: the message at byte \d+ ends early/);
  });
});
