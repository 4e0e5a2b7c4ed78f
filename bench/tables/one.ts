// One timed read in this process: `node one.js table|numeric|records path`, printing `{ seconds, rssMB, features }`:
// table reads, types and encodes; numeric is readCsv; records is readTable alone, of any format.
import { readCsv, readTable, TableEncoder } from '../../src/index.js';

const [kind, path] = process.argv.slice(2);
const t0 = performance.now();
let features: number;
if (kind === 'records') {
  features = (await readTable(path, { label: 'label' })).table.names.length;
} else if (kind === 'table') {
  const { table } = await readTable(path, { label: 'label' });
  features = new TableEncoder().fit(table).transform(table).x.shape[1];
} else {
  features = (await readCsv(path, { label: 'label' })).x.shape[1];
}
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ seconds, rssMB: process.resourceUsage().maxRSS / 1024, features }));
