// `npm run bench -- --workloads`: W1-W4 on every system, each run in a fresh process; a table, or JSON with --json.
// Flags: --only W1,W3   --systems softgrad,plain-js (keys or their prefixes)   --runs N (default 3)
//        --full (also 3 runs of tfjs cpu on W3, about a minute each; by default it runs once)   --json
//        --torch (also PyTorch on one thread, where /usr/bin/python3 has torch)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTorch, runTorch, torchRatios } from './pytorch.js';
import { RESULT_PREFIX, type RunResult } from './run-output.js';
import { addRatios, checkMemory, checkTargets, emptyRow, summarise, type Row } from './summary.js';
import { systems, type System } from './systems.js';
import { describeWorkloads, formatMemory, formatTable, formatTargets, formatTorchRatios } from './table.js';
import { workloads, type WorkloadName } from './workloads.js';

/** Runs that take about a minute each: once by default, `runs` times with --full. */
const slow: Partial<Record<WorkloadName, string[]>> = { W3: ['tfjs-cpu-fit', 'tfjs-cpu-tidy'] };

const runOne = fileURLToPath(new URL('./run-one.js', import.meta.url));
const writeTorchData = fileURLToPath(new URL('./write-torch-data.js', import.meta.url));

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** One timed run of a Node system in a fresh process; a string says why it failed. */
function runNode(name: WorkloadName, system: System): RunResult | string {
  const env = { ...process.env, ...system.env };
  const out = spawnSync(process.execPath, [runOne, name, system.key], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const line = out.stdout?.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (out.status !== 0 || !line) return (out.stderr || out.error?.message || `exit ${out.status}`).trim().split('\n').slice(-3).join(' | ');
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as RunResult;
}

export async function run(...args: string[]): Promise<void> {
  const json = args.includes('--json');
  const full = args.includes('--full');
  const runs = Math.max(1, Number(flagValue(args, '--runs') ?? 3));
  const only = flagValue(args, '--only')?.split(',');
  const names = (Object.keys(workloads) as WorkloadName[]).filter((w) => !only || only.includes(w));
  const wanted = flagValue(args, '--systems')?.split(',');
  const log = (line: string): void => void process.stderr.write(line + '\n');
  const torch = args.includes('--torch') ? checkTorch() : { ok: false };
  if (torch.note) log(torch.note);
  // The data files PyTorch reads, written before a workload's first run; --torch adds PyTorch whatever --systems says.
  const torchDir = torch.ok ? mkdtempSync(join(tmpdir(), 'softgrad-torch-')) : null;
  const chosen = systems.filter((s) => (s.group === 'pytorch' ? torchDir !== null : !wanted || wanted.some((p) => s.key.startsWith(p))));
  const { kernelBackend } = await import('softgrad');
  const backend = kernelBackend();
  const kernels = backend === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript (SOFTGRAD_KERNELS=js or no wasm SIMD)';
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}`;
  log(`workloads ${names.join(' ')} on ${chosen.map((s) => s.key).join(' ')}; ${runs} runs each, fresh process per run (${machine})`);

  const rows: Row[] = [];
  for (const name of names) {
    const results = new Map<string, RunResult[]>(chosen.map((s) => [s.key, []]));
    const failures = new Map<string, string>();
    const runsOf = (key: string): number => (!full && slow[name]?.includes(key) ? 1 : runs);
    if (torchDir) spawnSync(process.execPath, [writeTorchData, torchDir, name], { stdio: 'inherit' });
    for (let r = 1; r <= runs; r++) {
      for (const system of chosen) {
        if (r > runsOf(system.key) || failures.has(system.key)) continue;
        const result = system.group === 'pytorch' ? runTorch(name, torchDir!) : runNode(name, system);
        if (typeof result === 'string') {
          failures.set(system.key, `failed: ${result}`);
          log(`${name} ${system.key}: FAILED: ${result}`);
          continue;
        }
        results.get(system.key)!.push(result);
        log(`${name} ${system.key.padEnd(14)} run ${r}/${runsOf(system.key)}: ${result.seconds.toFixed(3)} s`);
      }
    }
    for (const system of chosen) {
      const done = results.get(system.key)!;
      const note = failures.get(system.key) ?? (runsOf(system.key) < runs ? '--full for more' : undefined);
      if (done.length > 0) rows.push(summarise(name, system.key, done, note));
      else rows.push(emptyRow(name, system.key, note ?? 'not run'));
    }
  }
  if (torchDir) rmSync(torchDir, { recursive: true, force: true });
  addRatios(rows);
  const targets = checkTargets(rows, backend);
  const memory = checkMemory(rows);
  const pytorch = torchDir ? torchRatios(rows) : undefined;

  if (json) {
    console.log(JSON.stringify({ machine, kernels, runsPerSystem: runs, flops: FLOPS_DEFINITION, accuracy: ACCURACY_DEFINITION, workloads: names.map((n) => workloads[n]), rows, targets, memory, pytorch }, null, 2));
    return;
  }
  console.log(`\nWorkloads (${machine}; softgrad kernels: ${kernels}; softgrad single-threaded except 'auto threads'; tfjs wasm single-threaded in Node)`);
  for (const line of describeWorkloads(names)) console.log('  ' + line);
  console.log('');
  for (const line of formatTable(rows)) console.log(line);
  console.log(`\nseconds: training only, median (min-max) of ${runs} runs, each in a fresh process. ${FLOPS_DEFINITION}`);
  console.log(`${ACCURACY_DEFINITION} peak RSS: process.resourceUsage().maxRSS after training. x softgrad: seconds / softgrad fit's.`);
  console.log('\nTargets: softgrad time / plain-JS time within the limit, and faster than every tfjs path');
  for (const line of formatTargets(targets)) console.log('  ' + line);
  for (const line of formatMemory(memory)) console.log('  ' + line);
  if (!pytorch) return;
  console.log('\nAgainst PyTorch: softgrad / PyTorch on one thread (median seconds over median seconds; below 1: softgrad is faster)');
  for (const line of formatTorchRatios(pytorch)) console.log('  ' + line);
}

const FLOPS_DEFINITION =
  'GFLOP/s: 2 per multiply-add of the forward product, the weight gradient, and the input gradient of every layer but the first, per sample (biases, activations, loss and optimizer not counted).';
const ACCURACY_DEFINITION = 'accuracy: on the training data, after training, with the trained weights.';
