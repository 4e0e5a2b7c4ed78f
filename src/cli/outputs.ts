// Output paths are checked before any work: a typo must not cost a training run, and no output may replace an input.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args.js';

/** Throws a UsageError for an output (`[flag, path]`, path possibly undefined) that cannot or must not be written. */
export function checkOutputs(outputs: [string, string | undefined][], inputs: string[]): void {
  const inputFiles = new Set(inputs.map(canonical));
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name to write`);
    const folder = dirname(resolve(path));
    if (!existsSync(folder)) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`);
    // Only the folder: a file is replaced by renaming a new one over it (writeFileAtomic), which its own mode does not stop.
    try {
      accessSync(folder, constants.W_OK);
    } catch (error) {
      const why = (error as { code?: string }).code === 'EROFS' ? 'it is on a read-only file system' : 'permission denied';
      throw new UsageError(`${flag} ${path}: cannot write in the folder ${folder}: ${why}`);
    }
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
