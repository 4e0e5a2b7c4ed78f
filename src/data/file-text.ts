// A CSV file's bytes as text: the words both readers use for a file that cannot be read or is not UTF-8.
import { CsvError } from '../errors.js';
import { csvError } from './csv-schema.js';

/** `file: cannot read the file: no such file` (or `it is a directory`, `permission denied`, the system's words). */
export function cannotRead(source: string, error: unknown): CsvError {
  return new CsvError(`${source}: cannot read the file: ${describeFsError(error)}`, { cause: error });
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** UTF-8 text, or a CsvError at the line of the first byte that is not UTF-8 (a binary or Latin-1 file). */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw notUtf8(bytes, source, true);
  }
}

/**
 * The error for the first byte of `bytes` that is not UTF-8, with its line (counted in `\n` bytes) and its offset
 * in the file. `bytes` starts on a character, `offset` bytes and `newlines` line feeds into the file; `final` when
 * it is the end of the file, where a character begun and not finished is the error.
 */
export function notUtf8(bytes: Uint8Array, source: string, final: boolean, offset = 0, newlines = 0): CsvError {
  const valid = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  const line = (at: number): number => newlines + countNewlines(bytes, at) + 1;
  if (final && valid(bytes.length)) return csvError(source, line(bytes.length), 'the file ends in the middle of a UTF-8 character');
  // Bisect for the shortest invalid prefix: its last byte is the first bad one.
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (valid(mid)) good = mid;
    else bad = mid;
  }
  const at = sequenceStart(bytes, bad - 1);
  const byte = bytes[at].toString(16).padStart(2, '0');
  return csvError(
    source,
    line(at),
    `byte 0x${byte} at offset ${offset + at} is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV`,
  );
}

/** Where the character that byte `at` breaks began: an unfinished multi-byte sequence, or `at` itself. */
function sequenceStart(bytes: Uint8Array, at: number): number {
  for (let p = at - 1; p >= Math.max(0, at - 3); p--) {
    const b = bytes[p];
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return p + length > at ? p : at;
    }
  }
  return at;
}

/** The `\n` bytes in `bytes[0 .. end)`. */
export function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
