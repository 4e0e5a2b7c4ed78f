// A file's UTF-8 text, one piece at a time; bytes that are not UTF-8 get readCsv's error (file-text.ts).
import { nodeFs } from '../builtins.js';
import { CsvError } from '../errors.js';
import { cannotRead, countNewlines, notUtf8 } from './file-text.js';

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
    stream = nodeFs().createReadStream(path, { highWaterMark: PIECE_BYTES });
    for await (const bytes of stream as AsyncIterable<Buffer>) yield decoder.decode(bytes, false);
  } catch (error) {
    if (error instanceof CsvError) throw error;
    throw cannotRead(source, error);
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
      throw notUtf8(text, this.source, final, this.offset, this.newlines);
    }
    this.carry = bytes.slice(whole);
    this.offset += whole;
    this.newlines += countNewlines(text, whole);
    return decoded;
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
