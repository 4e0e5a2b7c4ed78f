// The reading benchmark's two files, seeded: 1,000,000 rows of a real-looking table (10 numeric columns with some
// `NA`, 5 text columns from 2 to 200 values, 1 date column, a text label) and an all-numeric file of the same shape.
import { createWriteStream } from 'node:fs';
import seedrandom from 'seedrandom';

export const NUMERIC_COLUMNS = 10;
export const TEXT_COLUMNS = [2, 5, 12, 40, 200];

/** Writes the table (`numeric: false`) or its all-numeric twin, 16 feature columns and a label, to `path`. */
export async function writeTableCsv(path: string, rows: number, numeric: boolean): Promise<void> {
  const random = seedrandom(`tables-${numeric}`);
  const out = createWriteStream(path);
  const header = [
    ...Array.from({ length: NUMERIC_COLUMNS }, (_, j) => `x${j}`),
    ...TEXT_COLUMNS.map((_, j) => `c${j}`),
    'date',
    'label',
  ];
  let text = `${header.join(',')}\n`;
  const day = 86_400_000;
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < NUMERIC_COLUMNS; j++) {
      const value = (random() * 200 - 100).toFixed(j % 3 === 0 ? 1 : 3);
      cells.push(!numeric && random() < 0.03 ? 'NA' : value);
    }
    for (const count of TEXT_COLUMNS) {
      const k = Math.floor(random() ** 2 * count);
      cells.push(numeric ? String(k) : `v${k}`);
    }
    const date = new Date(start + Math.floor(random() * 3650) * day).toISOString().slice(0, 10);
    cells.push(numeric ? String(Math.floor(random() * 3650)) : date);
    cells.push(`class${Math.floor(random() * 3)}`);
    text += `${cells.join(',')}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  out.write(text);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
