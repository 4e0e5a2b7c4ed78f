// A file's UTF-8 text, one piece at a time, with readCsv's errors for bytes that are not UTF-8.
import { createReadStream } from 'node:fs';
import { CsvError } from '../errors.js';
import { csvError } from './csv-schema.js';

// Bytes read per piece: large enough that parsing, not I/O calls, dominates; small next to any memory limit.
const PIECE_BYTES = 1 << 20;

/**
 * The text of the file at `path`, decoded piece by piece. A character cut by a piece's end is carried to the
 * next piece, so every piece is whole text. Bytes that are not UTF-8 give readCsv's message (file, line of
 * the byte counted in `\n` bytes as readCsv counts it, byte value and offset); an unreadable file gives
 * `file: cannot read the file: ...`.
 */
export async function* utf8Pieces(path: string, source: string): AsyncGenerator<string> {
  const decoder = new PieceDecoder(source);
  let stream;
  try {
    stream = createReadStream(path, { highWaterMark: PIECE_BYTES });
    for await (const bytes of stream as AsyncIterable<Buffer>) yield decoder.decode(bytes, false);
  } catch (error) {
    if (error instanceof CsvError) throw error;
    throw new CsvError(`${source}: cannot read the file: ${describeFsError(error)}`, { cause: error });
  } finally {
    stream?.destroy();
  }
  const rest = decoder.decode(new Uint8Array(0), true);
  if (rest !== '') yield rest;
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
    const bytes = this.carry.length === 0 ? piece : concat(this.carry, piece);
    const whole = final ? bytes.length : wholeCharacters(bytes);
    const text = bytes.subarray(0, whole);
    let decoded: string;
    try {
      decoded = this.decoder.decode(text);
    } catch {
      throw this.notUtf8(text, final);
    }
    this.carry = bytes.slice(whole);
    this.offset += whole;
    this.newlines += countNewlines(text, whole);
    return decoded;
  }

  /** readCsv's message for the first byte of `bytes` that is not UTF-8 (`bytes` starts on a character). */
  private notUtf8(bytes: Uint8Array, final: boolean): CsvError {
    const valid = (end: number): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    const line = (at: number): number => this.newlines + countNewlines(bytes, at) + 1;
    if (final && valid(bytes.length)) return csvError(this.source, line(bytes.length), 'the file ends in the middle of a UTF-8 character');
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
      this.source,
      line(at),
      `byte 0x${byte} at offset ${this.offset + at} is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV`,
    );
  }
}

/** The length of the longest prefix of `bytes` that does not end inside a multi-byte character. */
function wholeCharacters(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let p = n - 1; p >= Math.max(0, n - 3); p--) {
    const b = bytes[p];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return p + length > n ? p : n;
    }
  }
  return n;
}

/** Where the character that byte `at` breaks began: an unfinished multi-byte sequence, or `at` itself (as readCsv). */
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

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** readCsv's words for a file that cannot be opened. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
