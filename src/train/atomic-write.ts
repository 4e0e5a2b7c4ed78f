// Writing a file so that a crash at any moment leaves either the old file or the new one, whole.
import { nodeCrypto, nodeFs, nodePath } from '../builtins.js';
import { FileWriteError } from '../errors.js';

/**
 * Writes `text` (or its pieces, one after another, or bytes) to a temporary file beside `path`, flushes it to disk, then renames
 * it over `path` (an atomic replacement on POSIX file systems). On any error the temporary file is removed, `path` is
 * untouched, and a FileWriteError names `path` and the cause (a full disk, a missing folder, no permission).
 * @example
 * writeFileAtomic('predictions.csv', 'id,label\n1,setosa\n');
 */
export function writeFileAtomic(path: string, text: string | Uint8Array | Iterable<string>): void {
  const { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } = nodeFs();
  const { basename, dirname, join } = nodePath();
  // The pid and a random part keep writers apart (worker threads share a pid); 'wx' refuses a name already taken.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', 0o644);
    for (const piece of typeof text === 'string' || text instanceof Uint8Array ? [text] : text) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      // A write may take fewer bytes than asked (a disk filling up): the next one takes the rest, or fails.
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    const reason = reasons.get((error as { code?: string }).code ?? '') ?? (error instanceof Error ? error.message : String(error));
    throw new FileWriteError(`${path}: cannot write the file: ${reason}; any file there before is unchanged`, { cause: error });
  }
}

const full = 'the disk is full', denied = 'permission denied';
const reasons = new Map([['ENOSPC', full], ['EDQUOT', full], ['ENOENT', 'its folder does not exist'], ['EACCES', denied], ['EPERM', denied], ['EROFS', denied], ['EISDIR', 'it is a folder']]);
