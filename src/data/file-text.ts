// A file's UTF-8 text, one piece at a time, and the words for a file that cannot be read or is not UTF-8.
import { nodeFs } from '../builtins.js';
import { CsvError } from '../errors.js';
import { csvError } from './csv-schema.js';

// Bytes read per piece: large enough that parsing, not I/O calls, dominates; small next to any memory limit.
const PIECE_BYTES = 1 << 20;

/**
 * The text of the file at `path`, decoded piece by piece. A character cut by a piece's end is carried to the
 * next piece, so every piece is whole text. Bytes that are not UTF-8 give `file:line: byte 0x.. at offset ..`
 * (the line counted in `\n` bytes); an unreadable file gives `file: cannot read the file: ...`.
 */
export async function* utf8Pieces(path: string): AsyncGenerator<string> {
  const decoder = new PieceDecoder(path);
  let stream;
  try {
    stream = nodeFs().createReadStream(path, { highWaterMark: PIECE_BYTES });
    for await (const bytes of stream as AsyncIterable<Buffer>) yield decoder.decode(bytes, false);
  } catch (error) {
    if (error instanceof CsvError) throw error;
    throw cannotRead(path, error);
  } finally {
    stream?.destroy();
  }
  const rest = decoder.decode(new Uint8Array(0), true);
  if (rest !== '') yield rest;
}

/** `file: cannot read the file: no such file` (or `it is a directory`, `permission denied`, the system's words). */
export function cannotRead(source: string, error: unknown): CsvError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'it is a directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : error instanceof Error ? error.message
    : String(error);
  return new CsvError(`${source}: cannot read the file: ${why}`, { cause: error });
}

/** Decodes consecutive pieces of one file, remembering where in the file the next piece starts. */
class PieceDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** The first bytes of a character whose last bytes are in the next piece. */
  private carry = new Uint8Array(0);
  /** Bytes of the file before `carry`. */
  private offset = 0;
  /** `\n` bytes before `carry`. */
  private newlines = 0;

  constructor(private readonly source: string) {}

  decode(piece: Uint8Array, final: boolean): string {
    const bytes = this.carry.length === 0 ? piece : Buffer.concat([this.carry, piece]);
    const whole = final ? bytes.length : sequenceStart(bytes, bytes.length);
    const text = bytes.subarray(0, whole);
    let decoded: string;
    try {
      decoded = this.decoder.decode(text);
    } catch {
      throw notUtf8(text, this.source, final, this.offset, this.newlines);
    }
    this.carry = new Uint8Array(bytes.subarray(whole));
    this.offset += whole;
    this.newlines += countNewlines(text, whole);
    return decoded;
  }
}

/**
 * The error for the first byte of `bytes` that is not UTF-8, with its line (counted in `\n` bytes) and its offset
 * in the file. `bytes` starts on a character, `offset` bytes and `newlines` line feeds into the file; `final` when
 * it is the end of the file, where a character begun and not finished is the error.
 */
function notUtf8(bytes: Uint8Array, source: string, final: boolean, offset: number, newlines: number): CsvError {
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
  const advice = 'is this a binary or spreadsheet file? Save it as UTF-8 CSV';
  return csvError(source, line(at), `byte 0x${byte} at offset ${offset + at} is not UTF-8 text; ${advice}`);
}

/** The start of the multi-byte sequence that byte `at` (or the end) cuts, or `at` itself when it cuts none. */
function sequenceStart(bytes: Uint8Array, at: number): number {
  for (let p = at - 1; p >= Math.max(0, at - 3); p--) {
    const b = bytes[p];
    if (b < 0x80) break;
    if (b >= 0xc0) return p + (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > at ? p : at;
  }
  return at;
}

/** The `\n` bytes in `bytes[0 .. end)`. */
function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
