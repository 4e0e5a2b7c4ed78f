// Writes a seeded synthetic table as Parquet, in row groups as large as pyarrow's, and the same rows as CSV, for the
// out-of-core tests and figures:
//   npx tsx scripts/make-big-parquet.ts /tmp/big.parquet 300 [rows per group] [/tmp/big.csv]
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { mulberry32 } from './stream-make-csv.js';

/** Options of `makeParquet`. */
export interface MakeParquetOptions {
  /** Size of the Parquet file: whole row groups are written until it reaches this many megabytes. */
  megabytes?: number;
  /** Or exactly this many rows, the last group the rest. */
  rows?: number;
  /** Rows of each row group: default 1,000,000, pyarrow's largest. */
  groupRows?: number;
  /** The same rows as CSV (the label last, a null as an empty cell), where given. */
  csv?: string;
  /** Default SNAPPY (hyparquet-writer's own); GZIP by node:zlib. */
  codec?: 'SNAPPY' | 'GZIP';
  /** Seeds the clusters and the rows. Default 0. */
  seed?: number;
}

const FEATURES = 8;
const CLASSES = 3;
const SHOPS = 20;
// Rows formatted per write of the CSV.
const BLOCK_ROWS = 10_000;

/**
 * Writes `path`: columns `x1..x8` (DOUBLE, Gaussian clusters one per class as `makeCsv` draws them; `x2`
 * null in 5% of rows, `x5` in 2%), `shop` (STRING, 20 values whose frequencies differ by class) and `label`
 * (STRING, `class_0`..`class_2`), every column nullable as pyarrow writes a DataFrame's. Random doubles, every digit kept, do
 * not compress, so the file grows by about 65 bytes a row: 300 MB is about 4.6 million rows. Pages are
 * hyparquet-writer's (1 MB, data page v2, a dictionary for the text). The same options always write the same bytes.
 * Returns the rows and row groups written (`megabytes` or `rows` must be given).
 * @example
 * makeParquet('/tmp/big.parquet', { megabytes: 300, csv: '/tmp/big.csv' });
 */
export function makeParquet(path: string, options: MakeParquetOptions): { rows: number; groups: number } {
  const { megabytes = Infinity, rows: wanted = Infinity, groupRows = 1_000_000, csv, codec = 'SNAPPY', seed = 0 } = options;
  let random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: CLASSES }, () => Array.from({ length: FEATURES }, () => 0.5 * normal()));
  random = mulberry32(0x5eed ^ seed);
  const names = [...Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`), 'shop', 'label'];
  const nullRate = (j: number): number => (j === 1 ? 0.05 : j === 4 ? 0.02 : 0);

  /** One row group's columns. */
  const group = (rows: number): ColumnSource[] => {
    const xs = Array.from({ length: FEATURES }, () => new Array<number | null>(rows));
    const [shop, label] = [new Array<string>(rows), new Array<string>(rows)];
    for (let i = 0; i < rows; i++) {
      const c = Math.floor(random() * CLASSES);
      for (let j = 0; j < FEATURES; j++) {
        const value = centres[c][j] + normal();
        xs[j][i] = random() < nullRate(j) ? null : value;
      }
      shop[i] = `shop_${(c * 5 + Math.floor(random() * 12)) % SHOPS}`;
      label[i] = `class_${c}`;
    }
    return [
      ...xs.map((data, j) => ({ name: names[j], data, type: 'DOUBLE' as const, nullable: true })),
      { name: 'shop', data: shop, type: 'STRING' as const, nullable: true },
      { name: 'label', data: label, type: 'STRING' as const, nullable: true },
    ];
  };

  const csvFd = csv === undefined ? null : openSync(csv, 'w');
  const writeCsv = (columns: ColumnSource[], rows: number): void => {
    if (csvFd === null) return;
    for (let start = 0; start < rows; start += BLOCK_ROWS) {
      let block = '';
      for (let i = start; i < Math.min(rows, start + BLOCK_ROWS); i++) block += columns.map((column) => column.data[i] ?? '').join(',') + '\n';
      writeSync(csvFd, block);
    }
  };
  const target = megabytes * 1e6;
  let [rows, groups] = [0, 0];
  try {
    if (csvFd !== null) writeSync(csvFd, names.join(',') + '\n');
    const compressors = { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) };
    const writer = fileWriter(path);
    let parquet: ParquetWriter | undefined;
    while (rows < wanted && writer.offset < target) {
      const n = Math.min(groupRows, wanted - rows);
      const columns = group(n);
      parquet ??= new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData: columns }), codec, compressors });
      parquet.write({ columnData: columns, rowGroupSize: n });
      writeCsv(columns, n);
      [rows, groups] = [rows + n, groups + 1];
    }
    parquet?.finish();
  } finally {
    if (csvFd !== null) closeSync(csvFd);
  }
  return { rows, groups };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, megabytes = '300', groupRows = '1000000', csv] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: npx tsx scripts/make-big-parquet.ts <out.parquet> [megabytes] [rows per group] [out.csv]\n');
    process.exit(2);
  }
  const started = performance.now();
  const { rows, groups } = makeParquet(path, { megabytes: Number(megabytes), groupRows: Number(groupRows), csv });
  const sizes = [path, csv].filter((file) => file !== undefined).map((file) => `${file}: ${statSync(file).size} bytes`);
  process.stdout.write(`${rows} rows in ${groups} row groups of ${groupRows}; ${sizes.join('; ')}; ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
