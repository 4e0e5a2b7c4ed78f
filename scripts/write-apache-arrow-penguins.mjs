// Writes examples/data/penguins.csv as an Arrow IPC file with apache-arrow's tableToIPC(table, 'file'), which puts
// the schema only in the footer (flechette and pyarrow also put it first): two record batches, `island`
// dictionary-encoded. Made test/fixtures/good/penguins-apache-arrow.arrow with apache-arrow 21.2.0, which is not a
// dependency of softgrad:
//   npm install --no-save apache-arrow@21.2.0 && node scripts/write-apache-arrow-penguins.mjs test/fixtures/good/penguins-apache-arrow.arrow
import { readFileSync, writeFileSync } from 'node:fs';
import { tableFromArrays, tableToIPC, Table, vectorFromArray, Utf8, Dictionary, Int32 } from 'apache-arrow';
const [header, ...lines] = readFileSync(new URL('../examples/data/penguins.csv', import.meta.url), 'utf8').trimEnd().split('\n');
const names = header.split(',').map((n) => JSON.parse(n));
const cell = (text) => (text === 'NA' ? null : text.startsWith('"') ? JSON.parse(text) : Number(text));
const rows = lines.map((line) => line.split(',').map(cell));
const columns = Object.fromEntries(names.map((name, j) => [name, rows.map((r) => r[j])]));
const arrays = Object.fromEntries(names.map((name) => {
  const values = columns[name];
  // Numbers as a vector of nullable doubles (a Float64Array has no nulls), text as Utf8.
  if (typeof values.find((v) => v !== null) === 'number') return [name, vectorFromArray(values)];
  return [name, vectorFromArray(values, name === 'island' ? new Dictionary(new Utf8(), new Int32()) : new Utf8())];
}));
const table = tableFromArrays(arrays);
const half = Math.ceil(table.numRows / 2);
const split = new Table([...table.slice(0, half).batches, ...table.slice(half).batches]);
writeFileSync(process.argv[2], tableToIPC(split, 'file'));
console.log(split.batches.length, 'batches', split.numRows, 'rows', split.schema.fields.map((f) => `${f.name}:${f.type}`).join(' '));
