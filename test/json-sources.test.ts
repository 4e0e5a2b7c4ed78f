// Tables from JSON (an array of records) and JSON Lines (a record per line): the same model as the CSV, and errors
// that name the file, the record and the key.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { CsvError } from '../src/index.js';
import { readTable } from '../src/data/table/read-table.js';
import { streamTable } from '../src/data/table/stream-table.js';
import { parquetRowGroups } from '../src/data/table/read-parquet.js';
import { typedRecord } from '../src/data/table/records.js';
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
  // hyparquet-writer compresses SNAPPY itself; GZIP by node:zlib.
  const compressors = { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) };
  /**
   * The penguins records as a Parquet file of `rowGroupSize`-row groups, numbers as DOUBLE, text as STRING, in
   * hyparquet-writer's pages (data page v2, 1 MB unless `pageSize` says, SNAPPY unless `codec` says).
   */
  async function penguinsParquet(name: string, rowGroupSize: number, options: { codec?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED'; pageSize?: number } = {}): Promise<string> {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const names = Object.keys(records[0]);
    const columnData = names.map((column) => {
      const numeric = typeof records.find((r) => r[column] !== null)![column] === 'number';
      return { name: column, data: records.map((r) => r[column]), type: numeric ? ('DOUBLE' as const) : ('STRING' as const), nullable: true };
    });
    const filename = join(dir, name);
    parquetWriteFile({ filename, columnData, rowGroupSize, compressors, ...options });
    return filename;
  }
  // Written by DuckDB (COPY (SELECT * FROM read_csv('penguins.csv', nullstr='NA')) TO ... (FORMAT parquet, COMPRESSION
  // zstd)): data page v1, as pyarrow and Spark write too, dictionary pages, ZSTD, nulls, the integers as INT64.
  const duckdb = fileURLToPath(new URL('fixtures/good/penguins-duckdb.parquet', import.meta.url));
  const rowsOf = async (path: string) => {
    const rows = [];
    for await (const { records } of parquetRowGroups(path)) rows.push(...records);
    return rows;
  };

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

  test('read a page at a time, the rows are the ones hyparquet reads a row group at a time, whatever the codec, pages and types', async () => {
    const [{ parquetWriteFile }, { asyncBufferFromFile, parquetReadObjects }, hyparquetCompressors] = await Promise.all([import('hyparquet-writer'), import('hyparquet'), import('hyparquet-compressors')]);
    const n = 2500;
    const column = <T,>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    const columnData = [
      { name: 'flag', data: column((i) => (i % 7 === 0 ? null : i % 3 === 0)), type: 'BOOLEAN' as const, nullable: true },
      { name: 'count', data: column((i) => (i % 11 === 0 ? null : i * 7 - 5000)), type: 'INT32' as const, nullable: true },
      { name: 'big', data: column((i) => BigInt(i) * 1_000_000_007n), type: 'INT64' as const, nullable: false },
      { name: 'ratio', data: column((i) => i / 7), type: 'DOUBLE' as const, nullable: false },
      { name: 'word', data: column((i) => (i % 5 === 0 ? null : `word ${i % 13}`)), type: 'STRING' as const, nullable: true },
      { name: 'seen', data: column((i) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000)), type: 'TIMESTAMP' as const, nullable: true },
    ];
    const files = [duckdb];
    for (const [codec, pageSize] of [['SNAPPY', 1 << 20], ['GZIP', 512], ['UNCOMPRESSED', 100]] as const) {
      const filename = join(dir, `types-${codec}.parquet`);
      parquetWriteFile({ filename, columnData, rowGroupSize: 1000, pageSize, codec, compressors });
      files.push(filename);
    }
    for (const file of files) {
      const whole = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors: hyparquetCompressors.compressors });
      expect(await rowsOf(file)).toEqual(whole.map(typedRecord));
    }
  });

  test('Parquet as DuckDB writes it, and in GZIP or uncompressed pages of a few rows, trains to the CSV\'s model file', async () => {
    const models = new Map<string, string>();
    const runs = [
      ['csv', data('penguins.csv'), false],
      ['csv', data('penguins.csv'), true],
      ['duckdb', duckdb, false],
      ['duckdb', duckdb, true],
      ['gzip', await penguinsParquet('gzip.parquet', 1000, { codec: 'GZIP', pageSize: 256 }), false],
      ['uncompressed', await penguinsParquet('plain.parquet', 60, { codec: 'UNCOMPRESSED', pageSize: 128 }), true],
    ] as const;
    for (const [name, file, stream] of runs) {
      const model = join(dir, `pages-model-${name}-${stream}.json`);
      const r = await cli('train', file, '--label', 'species', '--seed', '0', '--quiet', '--epochs', '20', '--save', model, ...(stream ? ['--stream'] : []));
      expect(r.code, r.stderr).toBe(0);
      models.set(`${name} ${stream}`, readFileSync(model, 'utf8'));
    }
    expect(models.get('duckdb false')).toBe(models.get('csv false'));
    expect(models.get('gzip false')).toBe(models.get('csv false'));
    expect(models.get('duckdb true')).toBe(models.get('csv true'));
    expect(models.get('uncompressed true')).toBe(models.get('csv true'));
  });

  test('a hostile file is an error naming the row group, the column and the row: cut short with its footer kept, a wrong end, a type that changes, a broken page', async () => {
    const whole = readFileSync(await penguinsParquet('whole-2.parquet', 100));
    // The footer (its metadata, their length and PAR1) after the first half of the file: a later column's bytes are
    // past the end, or the footer's own.
    const footer = whole.readUInt32LE(whole.length - 8) + 8;
    const cut = join(dir, 'cut-middle.parquet');
    writeFileSync(cut, Buffer.concat([whole.subarray(0, whole.length >> 1), whole.subarray(whole.length - footer)]));
    const where = `^${cut}: row group \\d, column "\\w+": `;
    const why = `(the page at byte \\d+ \\(row \\d+\\) cannot be read: .+|not a Parquet file, or cut short: the column's bytes \\d+ to \\d+ are not in the file's \\d+)$`;
    await expect(readTable(cut, { label: 'species' })).rejects.toThrow(new RegExp(where + why));
    const wrongEnd = join(dir, 'wrong-end.parquet');
    writeFileSync(wrongEnd, Buffer.concat([whole.subarray(0, whole.length - 4), Buffer.from('PARX')]));
    await expect(readTable(wrongEnd, { label: 'species' })).rejects.toThrow(`${wrongEnd}: not a Parquet file, or cut short: parquet file invalid (footer != PAR1)`);

    // A file whose second row group holds x as INT32 while the schema, in the footer, says DOUBLE.
    const { ByteWriter, ParquetWriter, schemaFromColumnData } = await import('hyparquet-writer');
    const doubles = [{ name: 'x', data: [1.5, 2.5], type: 'DOUBLE' as const, nullable: true }, { name: 'y', data: ['a', 'b'], type: 'STRING' as const, nullable: true }];
    const integers = [{ name: 'x', data: [1, 2], type: 'INT32' as const, nullable: true }, doubles[1]];
    const writer = new ByteWriter();
    const parquet = new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData: doubles }) });
    parquet.write({ columnData: doubles });
    parquet.schema = schemaFromColumnData({ columnData: integers });
    parquet.write({ columnData: integers });
    parquet.schema = schemaFromColumnData({ columnData: doubles });
    parquet.finish();
    const changing = join(dir, 'changing.parquet');
    writeFileSync(changing, new Uint8Array(writer.getBuffer()));
    await expect(readTable(changing, { label: 'y' })).rejects.toThrow(`${changing}: row group 2, column "x": its pages hold INT32 values, the file's schema says DOUBLE`);

    // The pages of bill_length_mm in the second row group (rows 101 to 200) overwritten: its first header is garbage.
    const { parquetMetadata } = await import('hyparquet');
    const meta = parquetMetadata(whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.length)).row_groups[1].columns.find((c) => c.meta_data!.path_in_schema[0] === 'bill_length_mm')!.meta_data!;
    const broken = Buffer.from(whole);
    const page = Number(meta.dictionary_page_offset || meta.data_page_offset);
    broken.fill(0xff, page, page + Number(meta.total_compressed_size));
    const brokenPath = join(dir, 'broken.parquet');
    writeFileSync(brokenPath, broken);
    const message = `${brokenPath}: row group 2, column "bill_length_mm": the page at byte ${page} (row 101) cannot be read: thrift unhandled type: 15`;
    await expect(readTable(brokenPath, { label: 'species' })).rejects.toThrow(message);
    await expect(streamTable(brokenPath, { label: 'species' })).rejects.toThrow(message);
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
  test('a record batch of 300,000 rows and a Parquet row group of as many read whole in memory', async () => {
    const n = 300_000;
    const x = Float64Array.from({ length: n }, (_, i) => i % 97);
    const y = Array.from({ length: n }, (_, i) => (i % 2 ? 'odd' : 'even'));
    const { tableFromArrays, tableToIPC } = await import('@uwdata/flechette');
    const arrow = join(dir, 'one-batch.arrow');
    writeFileSync(arrow, tableToIPC(tableFromArrays({ x, y }, { maxBatchRows: n }), { format: 'file' })!);
    const { parquetWriteFile } = await import('hyparquet-writer');
    const parquet = join(dir, 'one-group.parquet');
    parquetWriteFile({ filename: parquet, columnData: [{ name: 'x', data: x, type: 'DOUBLE' }, { name: 'y', data: y, type: 'STRING' }], rowGroupSize: n });
    for (const file of [arrow, parquet]) {
      const { table } = await readTable(file, { label: 'y' });
      expect(table.columns[0].length).toBe(n);
      expect(table.columns[0].valueAt(n - 1)).toBe((n - 1) % 97);
    }
  });

  test("an Arrow file as apache-arrow's JavaScript writer makes it (the schema only in the footer, a dictionary column) trains to the CSV's model", async () => {
    // scripts/write-apache-arrow-penguins.mjs made it: two record batches, island dictionary-encoded.
    const apache = fileURLToPath(new URL('fixtures/good/penguins-apache-arrow.arrow', import.meta.url));
    const models: string[] = [];
    for (const [file, stream] of [[data('penguins.csv'), false], [apache, false], [data('penguins.csv'), true], [apache, true]] as const) {
      const model = join(dir, `apache-arrow-model-${models.length}.json`);
      const r = await cli('train', file, '--label', 'species', '--seed', '0', '--quiet', '--save', model, ...(stream ? ['--stream'] : []));
      expect(r.code, r.stderr).toBe(0);
      models.push(readFileSync(model, 'utf8'));
    }
    expect(models[1]).toBe(models[0]);
    expect(models[3]).toBe(models[2]);
    // Its footer cut off, such a file cannot be read: an error, never an empty table.
    const whole = readFileSync(apache);
    const cut = write('apache-cut.arrow', '');
    writeFileSync(cut, whole.subarray(0, whole.length - 12));
    await expect(readTable(cut, { label: 'species' })).rejects.toThrow(`${cut}: not an Arrow IPC file, or cut short: it does not end with ARROW1`);
  });

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
