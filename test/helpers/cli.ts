// Runs the command line in-process with captured output, or as a real child process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `softgrad ...args` in this process; stderr is not a terminal. */
export async function cli(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** `softgrad ...args` as a child process, as a user runs it. */
export function cliProcess(...args: string[]): CliResult {
  const r = spawnSync(tsx, [main, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
