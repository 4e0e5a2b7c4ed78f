// Writing a file so that a crash at any moment leaves either the old file or the new one, whole.
import { nodeCrypto, nodeFs, nodePath } from '../builtins.js';

/**
 * Writes `text` to a temporary file beside `path`, flushes it to disk, then renames it over `path` (an atomic
 * replacement on POSIX file systems). On any error the temporary file is removed and `path` is untouched.
 * @example
 * writeFileAtomic('predictions.csv', 'id,label\n1,setosa\n');
 */
export function writeFileAtomic(path: string, text: string): void {
  const { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } = nodeFs();
  const { basename, dirname, join } = nodePath();
  // The pid and a random part keep writers apart (worker threads share a pid); 'wx' refuses a name already taken.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
