// The bench table (data.ts) written once in each format softgrad reads, from its CSV: JSON, JSON Lines, Parquet
// (snappy, 100,000-row groups) and Arrow, each value typed as the CSV's column is (numbers, text, missing as null).
import { writeFileSync } from 'node:fs';
import { readTable } from '../../src/index.js';

export const FORMATS = ['csv', 'json', 'jsonl', 'parquet', 'arrow'] as const;
export type Format = (typeof FORMATS)[number];

/** Writes the table of `csvPath` (with its label) as `format` to `path`. */
export async function writeFormat(csvPath: string, format: Exclude<Format, 'csv'>, path: string): Promise<void> {
  const { table, y, classes, labelName } = await readTable(csvPath, { label: 'label' });
  const rows = y.length;
  // The bench table's numeric columns are x0 .. x9 (data.ts).
  const numeric = table.names.map((name) => /^x\d+$/.test(name));
  const value = (j: number, row: number): string | number | null => {
    const cell = table.columns[j].cell(row);
    return cell === 'NA' ? null : numeric[j] ? Number(cell) : cell;
  };
  const names = [...table.names, labelName];
  const valueOf = (j: number, row: number) => (j < table.names.length ? value(j, row) : classes[y[row]]);
  if (format === 'json' || format === 'jsonl') {
    const lines: string[] = [];
    for (let row = 0; row < rows; row++) lines.push(JSON.stringify(Object.fromEntries(names.map((name, j) => [name, valueOf(j, row)]))));
    writeFileSync(path, format === 'json' ? `[${lines.join(',\n')}]` : `${lines.join('\n')}\n`);
    return;
  }
  const columns = names.map((name, j) => ({ name, data: Array.from({ length: rows }, (_, row) => valueOf(j, row)), numeric: j < table.names.length && numeric[j] }));
  if (format === 'parquet') {
    const { parquetWriteFile } = await import('hyparquet-writer');
    parquetWriteFile({ filename: path, rowGroupSize: 100_000, columnData: columns.map((c) => ({ name: c.name, data: c.data, type: c.numeric ? ('DOUBLE' as const) : ('STRING' as const), nullable: true })) });
    return;
  }
  const { tableFromArrays, tableToIPC } = await import('@uwdata/flechette');
  writeFileSync(path, tableToIPC(tableFromArrays(Object.fromEntries(columns.map((c) => [c.name, c.data]))), { format: 'file' })!);
}
