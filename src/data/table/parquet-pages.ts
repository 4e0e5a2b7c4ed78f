// One column chunk of a Parquet file, read from the file a piece at a time and decoded a page at a time by hyparquet's
// own page decoder, so that memory holds a page of each column, never a whole row group (pyarrow writes up to 1M rows).
import type { FileHandle } from 'node:fs/promises';
import type { ColumnMetaData, DecodedArray, SchemaTree } from 'hyparquet';
import { CsvError } from '../../errors.js';
import { quote } from '../number-cell.js';

/** hyparquet's page reading and value conversion, loaded once for a file. */
export type PageDecoder = typeof import('hyparquet/src/column.js') & typeof import('hyparquet/src/convert.js');
type ColumnDecoder = Parameters<PageDecoder['readPage']>[2];

/** Loads hyparquet's page decoder. */
export async function loadPageDecoder(): Promise<PageDecoder> {
  const [column, convert] = await Promise.all([import('hyparquet/src/column.js'), import('hyparquet/src/convert.js')]);
  return { ...column, ...convert };
}

/** A page's values, the `i`th by `at(i)`. */
export interface PageValues {
  length: number;
  at(i: number): unknown;
}

/** A column chunk: which column, where its bytes are, and the rows its row group holds. */
export interface ColumnChunk {
  /** The file, for messages. */
  path: string;
  handle: FileHandle;
  /** The column's place in the file's schema (the root, then the column). */
  schemaPath: SchemaTree[];
  meta: ColumnMetaData;
  /** Its row group, counted from 1, and the group's first row in the file (from 0), for messages. */
  group: number;
  groupStart: number;
  rows: number;
  /** The file's size in bytes. */
  fileBytes: number;
  compressors: ColumnDecoder['compressors'];
  /** Bytes of the file read before, from byte `start`: a small row group is read at once, not a column at a time. */
  read?: { bytes: Uint8Array; start: number };
}

// Bytes read past a page, so that the next page's header (tens of bytes, more with statistics) comes with it.
const HEADER_BYTES = 4096;
// The least read from the file at once: pages of a few KB (some writers' default) need not cost a read each.
const MIN_READ_BYTES = 1 << 18;

/**
 * The values of a column chunk, a data page at a time (nulls as null), through its dictionary page where it has one.
 * Each page's header is read first and its body then, so a page bigger than usual costs its own size, once.
 * A chunk that runs past the file, a page that cannot be decoded and a chunk with fewer or more values than its row group
 * has rows are CsvErrors naming the row group, the column, the page's first row and its byte.
 * @example
 * const pages = new ColumnPages(chunk, await loadPageDecoder());
 * for (let page = await pages.next(); page !== null; page = await pages.next()) console.log(page.length);
 */
export class ColumnPages {
  private readonly place: string;
  private readonly decoder: ColumnDecoder;
  private readonly bytes: ChunkBytes;
  private readonly end: number;
  private position: number;
  /** The values read so far. */
  private done = 0;
  private dictionary: DecodedArray | undefined;
  // A page's numbers and which of them are null, filled again for each page.
  private numbers = new Float64Array(0);
  private nulls = new Uint8Array(0);

  constructor(
    private readonly chunk: ColumnChunk,
    private readonly hyparquet: PageDecoder,
  ) {
    const { path, handle, schemaPath, meta, group, fileBytes, compressors, read } = chunk;
    const element = schemaPath[schemaPath.length - 1].element;
    this.place = `${path}: row group ${group}, column ${quote(element.name)}`;
    // hyparquet decodes by the chunk's type: one that is not the schema's would give the column other values.
    if (meta.type !== element.type) throw new CsvError(`${this.place}: its pages hold ${meta.type} values, the file's schema says ${element.type}`);
    this.decoder = { pathInSchema: meta.path_in_schema, type: meta.type, element, schemaPath, codec: meta.codec, compressors, parsers: hyparquet.DEFAULT_PARSERS };
    this.position = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.end = this.position + Number(meta.total_compressed_size);
    if (!(this.position >= 4 && this.end <= fileBytes)) {
      throw new CsvError(`${this.place}: not a Parquet file, or cut short: the column's bytes ${this.position} to ${this.end} are not in the file's ${fileBytes}`);
    }
    this.bytes = new ChunkBytes(handle, this.end, read);
  }

  /** The next data page's values (until the call after), or null once the row group's rows are read. */
  async next(): Promise<PageValues | null> {
    const { rows, groupStart } = this.chunk;
    while (this.done < rows) {
      if (this.position >= this.end) throw new CsvError(`${this.place}: the column ends after ${this.done} of the row group's ${rows} rows`);
      const at = `${this.place}: the page at byte ${this.position} (row ${groupStart + this.done + 1})`;
      try {
        const values = await this.page();
        if (values !== null) return values;
      } catch (error) {
        throw new CsvError(`${at} cannot be read: ${(error as Error).message}`, { cause: error });
      }
    }
    return null;
  }

  /**
   * Reads the page at `position`: a data page's values, or null for the dictionary page or an empty page. A function
   * of its own so that hyparquet's array of the values, three times the size of what is kept, is garbage on return.
   */
  private async page(): Promise<PageValues | null> {
    const { parquetHeader, readPage, convert } = this.hyparquet;
    const { end, position } = this;
    // A header's length is known once it is read: read a few KB, more if it runs past them.
    let header;
    let headerBytes = Math.min(HEADER_BYTES, end - position);
    const reader: { view: DataView; offset: number } = { view: new DataView(new ArrayBuffer(0)), offset: 0 };
    for (;;) {
      const piece = await this.bytes.read(position, headerBytes);
      [reader.view, reader.offset] = [new DataView(piece.buffer, piece.byteOffset, piece.byteLength), 0];
      try {
        header = parquetHeader(reader);
        break;
      } catch (error) {
        if (headerBytes === end - position) throw error;
        headerBytes = Math.min(4 * headerBytes, end - position);
      }
    }
    const pageBytes = header.compressed_page_size;
    const pageEnd = position + reader.offset + pageBytes;
    if (!(Number.isInteger(pageBytes) && pageBytes >= 0 && pageEnd <= end)) throw new Error(`its header claims ${pageBytes} bytes, past the column's end at byte ${end}`);
    const body = await this.bytes.read(position + reader.offset, pageBytes);
    this.position = pageEnd;
    // Pages of rows already read are never skipped (0), and each page's values are an array of their own (undefined).
    const { data } = readPage({ view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 }, header, this.decoder, this.dictionary, undefined, 0);
    if (header.type === 'DICTIONARY_PAGE') {
      if (data) this.dictionary = ownCopy(convert(data, this.decoder));
      return null;
    }
    if (!data || data.length === 0) return null;
    // Without its dictionary, a page of dictionary codes would decode as the codes themselves.
    const encoding = header.data_page_header?.encoding ?? header.data_page_header_v2?.encoding;
    if (this.dictionary === undefined && encoding?.endsWith('_DICTIONARY') && Array.prototype.some.call(data, (value) => value !== null)) {
      throw new Error(`its values are ${encoding} and no dictionary page came before it`);
    }
    const { rows } = this.chunk;
    if (this.done + data.length > rows) throw new Error(`it holds ${data.length} values, past the row group's ${rows} rows`);
    this.done += data.length;
    return this.compact(data);
  }

  /**
   * A page's values, numbers (an array of them, or of them and nulls, as hyparquet gives a nullable column) in this
   * column's Float64Array and mask of nulls: a third of the heap of hyparquet's array, and no new memory for each page.
   */
  private compact(data: DecodedArray): PageValues {
    const typed = ArrayBuffer.isView(data) && !(data instanceof BigInt64Array || data instanceof BigUint64Array);
    if (!typed && !(Array.isArray(data) && data.every((value) => value === null || typeof value === 'number'))) return valuesOf(ownCopy(data));
    const length = data.length;
    if (this.numbers.length < length) [this.numbers, this.nulls] = [new Float64Array(length), new Uint8Array(length)];
    const { numbers, nulls } = this;
    for (let i = 0; i < length; i++) {
      const value = data[i] as number | null;
      nulls[i] = value === null ? 1 : 0;
      numbers[i] = value ?? 0;
    }
    return { length, at: (i) => (nulls[i] === 1 ? null : numbers[i]) };
  }
}

// Apart from `compact`, whose closures would share one context, and so keep hyparquet's array.
function valuesOf(data: DecodedArray): PageValues {
  return { length: data.length, at: (i) => data[i] };
}

/** Values that hold no view of the bytes read, which the next page is read over: typed arrays are copied. */
function ownCopy(data: DecodedArray): DecodedArray {
  return ArrayBuffer.isView(data) ? data.slice() : data;
}

/**
 * The bytes of a column chunk, read from the file in pieces of at least MIN_READ_BYTES, never past its end, each over
 * the last (nothing decoded keeps a view of them), so that a stream allocates no new memory for each page it reads.
 */
class ChunkBytes {
  private piece: Uint8Array = new Uint8Array(0);
  private pieceStart = 0;
  private buffer = new Uint8Array(0);

  constructor(
    private readonly handle: FileHandle,
    private readonly end: number,
    read?: { bytes: Uint8Array; start: number },
  ) {
    if (read !== undefined) [this.piece, this.pieceStart] = [read.bytes, read.start];
  }

  /** Bytes `position` to `position + length` of the file, until the next call. */
  async read(position: number, length: number): Promise<Uint8Array> {
    const offset = position - this.pieceStart;
    if (offset >= 0 && offset + length <= this.piece.length) return this.piece.subarray(offset, offset + length);
    const size = Math.min(this.end - position, Math.max(length + HEADER_BYTES, MIN_READ_BYTES));
    if (this.buffer.length < size) this.buffer = new Uint8Array(size);
    const piece = this.buffer.subarray(0, size);
    const { bytesRead } = await this.handle.read(piece, 0, piece.length, position);
    if (bytesRead < piece.length) throw new Error(`the file ends at byte ${position + bytesRead}`);
    [this.piece, this.pieceStart] = [piece, position];
    return piece.subarray(0, length);
  }
}
