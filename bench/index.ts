// `npm run bench`: each benchmark in a fresh Node process, so one cannot warm up or deoptimise another.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const suites: [string, string[]][] = [
  ['matmul', ['float32']],
  ['matmul', ['float64']],
  ['losses', []],
  ['tables/suite', []],
];

const self = fileURLToPath(import.meta.url);
const [, , suite, ...args] = process.argv;
if (suite && !suite.startsWith('--')) {
  const mod = await import(`./${suite}.js`);
  await mod.run(...args);
} else {
  const flags = process.argv.slice(2);
  // The W1-W4 training table (bench/workloads/suite.ts) runs last; its own flags, or `--workloads`, run only it.
  const workloadTable: [string, string[]] = ['workloads/suite', flags];
  const workloadsOnly = ['--workloads', '--json', '--only', '--systems', '--runs', '--full', '--torch'].some((f) => flags.includes(f));
  if (!flags.includes('--json')) console.log(`softgrad benchmarks (node ${process.version}, single thread)`);
  // `--kernels`: only the GEMM kernels, wasm against TypeScript. `--threads`: only 1 thread against 2. `--tables`:
  // only reading a table against reading numbers (its own --runs, --rows, --json).
  const selected: [string, string[]][] = flags.includes('--kernels')
    ? [['kernels', []]]
    : flags.includes('--tables')
      ? [['tables/suite', flags.filter((f) => f !== '--tables')]]
      : flags.includes('--threads')
        ? [['threads', []]]
        : workloadsOnly
          ? [workloadTable]
          : [...suites, workloadTable];
  for (const [name, args] of selected) {
    const r = spawnSync(process.execPath, [self, name, ...args], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
}
