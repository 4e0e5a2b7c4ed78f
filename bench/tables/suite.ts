// `npm run bench -- --tables`: reading, typing and encoding a 1,000,000-row table against readCsv on an all-numeric
// file of the same shape, each read in a fresh process, alternating; medians, rows/s, peak RSS and the ratio.
// Flags: --runs N (default 3)   --rows N (default 1,000,000)   --json   --formats (also readTable on the table as JSON,
// JSON Lines, Parquet and Arrow, beside its CSV)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTableCsv } from './data.js';
import { FORMATS, writeFormat, type Format } from './formats.js';

const one = fileURLToPath(new URL('./one.js', import.meta.url));
// The files depend only on the generator and the row count: written once, kept in the temporary directory.
const DATA_VERSION = 1;
// The typed path's seconds over the numeric one's, at most (issue 18).
const TARGET_RATIO = 2;

interface Read {
  seconds: number;
  rssMB: number;
  features: number;
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function dataFile(rows: number, numeric: boolean): Promise<string> {
  const dir = join(tmpdir(), 'softgrad-bench-tables');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `v${DATA_VERSION}-${rows}-${numeric ? 'numeric' : 'table'}.csv`);
  if (!existsSync(path)) {
    await writeTableCsv(`${path}.partial`, rows, numeric);
    renameSync(`${path}.partial`, path);
  }
  return path;
}

function readOnce(kind: 'table' | 'numeric' | 'records', path: string): Read {
  const out = spawnSync(process.execPath, [one, kind, path], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${kind} read failed: ${(out.stderr || `exit ${out.status}`).trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Read;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export async function run(...args: string[]): Promise<void> {
  const json = args.includes('--json');
  const runs = Math.max(1, Number(flagValue(args, '--runs') ?? 3));
  const rows = Math.max(1, Number(flagValue(args, '--rows') ?? 1_000_000));
  const log = (line: string): void => void process.stderr.write(line + '\n');
  log(`tables: writing (or reusing) the two ${rows.toLocaleString('en-US')}-row files in ${join(tmpdir(), 'softgrad-bench-tables')}`);
  const files = { numeric: await dataFile(rows, true), table: await dataFile(rows, false) };
  const reads: Record<'numeric' | 'table', Read[]> = { numeric: [], table: [] };
  for (let r = 1; r <= runs; r++) {
    for (const kind of ['numeric', 'table'] as const) {
      const read = readOnce(kind, files[kind]);
      reads[kind].push(read);
      log(`tables ${kind.padEnd(7)} run ${r}/${runs}: ${read.seconds.toFixed(2)} s, ${read.rssMB.toFixed(0)} MB`);
    }
  }
  const summary = (kind: 'numeric' | 'table') => {
    const seconds = reads[kind].map((r) => r.seconds);
    const s = median(seconds);
    return { seconds: s, min: Math.min(...seconds), max: Math.max(...seconds), rowsPerSecond: rows / s, peakRssMB: median(reads[kind].map((r) => r.rssMB)), features: reads[kind][0].features };
  };
  const result = { rows, runs, numeric: summary('numeric'), table: summary('table'), ratio: 0, target: TARGET_RATIO };
  result.ratio = result.table.seconds / result.numeric.seconds;
  const formats = args.includes('--formats') ? await readFormats(files.table, rows, runs, log) : undefined;
  if (json) {
    console.log(JSON.stringify({ tables: { ...result, formats } }));
    return;
  }
  console.log(`\ntables: ${rows.toLocaleString('en-US')} rows, 16 feature columns and a label; median of ${runs} fresh processes`);
  const head = `${'read'.padEnd(52)}${'seconds (min-max)'.padStart(20)}${'rows/s'.padStart(12)}${'peak RSS MB'.padStart(13)}${'features'.padStart(10)}`;
  console.log(head);
  console.log('-'.repeat(head.length));
  const line = (name: string, s: ReturnType<typeof summary>) =>
    console.log(`${name.padEnd(52)}${`${s.seconds.toFixed(2)} (${s.min.toFixed(2)}-${s.max.toFixed(2)})`.padStart(20)}${Math.round(s.rowsPerSecond).toLocaleString('en-US').padStart(12)}${s.peakRssMB.toFixed(0).padStart(13)}${String(s.features).padStart(10)}`);
  line('readCsv, 16 numeric columns', result.numeric);
  line('readTable + TableEncoder fit + transform, 10 numeric', result.table);
  console.log(`${'  (3% NA), 5 text (2-200 values), 1 date'.padEnd(52)}`);
  const ok = result.ratio <= TARGET_RATIO;
  console.log(`typed / numeric: ${result.ratio.toFixed(2)}x (target at most ${TARGET_RATIO}x): ${ok ? 'met' : 'NOT MET'}`);
  if (formats === undefined) return;
  console.log(`\nreadTable of the same table in each format (the read and the typing of cells; no encoding), median of ${runs}`);
  console.log(`${'format'.padEnd(10)}${'file MB'.padStart(10)}${'seconds (min-max)'.padStart(20)}${'rows/s'.padStart(12)}${'peak RSS MB'.padStart(13)}`);
  for (const f of formats) {
    console.log(`${f.format.padEnd(10)}${f.fileMB.toFixed(1).padStart(10)}${`${f.seconds.toFixed(2)} (${f.min.toFixed(2)}-${f.max.toFixed(2)})`.padStart(20)}${Math.round(rows / f.seconds).toLocaleString('en-US').padStart(12)}${f.peakRssMB.toFixed(0).padStart(13)}`);
  }
}

/** readTable of the table in each format, each format's file written once from the CSV, fresh processes alternating. */
async function readFormats(csv: string, rows: number, runs: number, log: (line: string) => void) {
  const paths = new Map<Format, string>([['csv', csv]]);
  for (const format of FORMATS) {
    if (format === 'csv') continue;
    const path = csv.replace(/\.csv$/, `.${format}`);
    if (!existsSync(path)) {
      log(`tables: writing ${path}`);
      await writeFormat(csv, format, `${path}.partial.${format}`);
      renameSync(`${path}.partial.${format}`, path);
    }
    paths.set(format, path);
  }
  const reads = new Map<Format, Read[]>(FORMATS.map((f) => [f, []]));
  for (let r = 1; r <= runs; r++) {
    for (const format of FORMATS) {
      const read = readOnce('records', paths.get(format)!);
      reads.get(format)!.push(read);
      log(`tables ${format.padEnd(8)} run ${r}/${runs}: ${read.seconds.toFixed(2)} s, ${read.rssMB.toFixed(0)} MB`);
    }
  }
  return FORMATS.map((format) => {
    const seconds = reads.get(format)!.map((r) => r.seconds);
    const s = median(seconds);
    return { format, fileMB: statSync(paths.get(format)!).size / 1e6, seconds: s, min: Math.min(...seconds), max: Math.max(...seconds), rowsPerSecond: rows / s, peakRssMB: median(reads.get(format)!.map((r) => r.rssMB)) };
  });
}
