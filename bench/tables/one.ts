// One timed read in this process: `node one.js table|numeric path`, printing `{ seconds, rssMB, features }`.
import { readCsv, readTable, TableEncoder } from '../../src/index.js';

const [kind, path] = process.argv.slice(2);
const t0 = performance.now();
let features: number;
const phases: number[] = [];
if (kind === 'table') {
  const { table } = await readTable(path, { label: 'label' });
  phases.push(performance.now() - t0);
  const encoder = new TableEncoder().fit(table);
  phases.push(performance.now() - t0);
  const { x } = encoder.transform(table);
  phases.push(performance.now() - t0);
  features = x.shape[1];
} else {
  features = (await readCsv(path, { label: 'label' })).x.shape[1];
}
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ seconds, rssMB: process.resourceUsage().maxRSS / 1024, features, phases }));
