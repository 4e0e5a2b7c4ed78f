// Reads a CSV into memory with readCsv and prints its shape: with stream-rss.mjs, the memory an in-memory read takes.
//   node --import ./scripts/stream-rss.mjs scripts/read-csv.mjs big.csv
import { readCsv } from '../dist/softgrad.js';

const data = await readCsv(process.argv[2]);
console.log(`${process.argv[2]}: [${data.x.shape}]`);
