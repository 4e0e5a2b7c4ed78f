// One timed run of one (workload, system), in a process of its own: `node run-one.js W2 softgrad-fit`.
// Prints one line `RESULT {json}`; anything else a library prints is ignored by the suite.
import { trainingAccuracy } from './accuracy.js';
import { makeData } from './data.js';
import { RESULT_PREFIX, type RunResult } from './run-output.js';
import { systems } from './systems.js';
import { workloads, type WorkloadName } from './workloads.js';

const [, , workloadName, systemKey] = process.argv;
const workload = workloads[workloadName as WorkloadName];
const system = systems.find((s) => s.key === systemKey);
if (!workload || !system) {
  console.error(`usage: run-one.js W1|W2|W3|W4 ${systems.map((s) => s.key).join('|')}`);
  process.exit(2);
}
const runner = await system.load();
const data = makeData(workload);
const { seconds, layers } = await runner(workload, data);
const peakRss = process.resourceUsage().maxRSS * 1024;
const accuracy = await trainingAccuracy(layers, data);
const result: RunResult = { seconds, peakRss, accuracy };
console.log(RESULT_PREFIX + JSON.stringify(result));
// tfjs may keep timers alive; the run is over.
process.exit(0);
