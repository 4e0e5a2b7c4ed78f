// Output paths are checked before any work: a typo must not cost a training run, and no output may replace an input.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args.js';

/** Throws a UsageError for an output (`[flag, path]`, path possibly undefined) that cannot or must not be written. */
export function checkOutputs(outputs: [string, string | undefined][], inputs: string[]): void {
  const inputFiles = new Set(inputs.map(canonical));
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name to write`);
    if (!existsSync(dirname(resolve(path)))) throw new UsageError(`${flag} ${path}: the folder ${dirname(resolve(path))} does not exist`);
    const file = canonical(path);
    if (inputFiles.has(file)) throw new UsageError(`${flag} ${path} is one of the input files; softgrad will not overwrite it`);
    const other = seen.get(file);
    if (other !== undefined) throw new UsageError(`${flag} and ${other} name the same file ${path}`);
    seen.set(file, flag);
  }
}

/** The real path of a file that exists, or the absolute path of one that does not yet. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
