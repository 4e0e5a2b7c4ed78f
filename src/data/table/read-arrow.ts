// An Arrow IPC file (`.arrow`, `.feather` version 2) as records, by flechette (small, dependency-free, loaded on first
// use): typed columns keep their types; a file that is not Arrow, or is cut short, is a CsvError naming it.
import { nodeFsPromises } from '../../builtins.js';
import { CsvError } from '../../errors.js';
import { cannotRead } from '../file-text.js';
import { typedRecord, type RecordValue } from './records.js';

// Arrow IPC message types (the Message table's header_type).
const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;

/**
 * The rows of an Arrow IPC file a record batch at a time, reading the file in pieces: each batch is decoded with the
 * schema and the dictionaries before it, so memory holds one batch, never the file. Strings stay text, numbers
 * numbers, 64-bit integers their exact digits, booleans `true`/`false`, nulls missing, dates and timestamps their UTC
 * ISO 8601 text; lists and structs stay objects, which a table refuses, naming them.
 * @example
 * for await (const records of arrowBatches('big.arrow')) console.log(records.length);
 */
export async function* arrowBatches(path: string): AsyncGenerator<Record<string, RecordValue>[]> {
  const { tableFromIPC } = await import('@uwdata/flechette');
  const frames = new MessageFrames(path);
  let schema: Uint8Array | null = null;
  const dictionaries: Uint8Array[] = [];
  for await (const { frame, type } of frames.read()) {
    if (schema === null) {
      // Writers put the schema in the footer, and most also first in the file; apache-arrow's JavaScript writer only
      // in the footer, whence a message is made of it.
      schema = type === SCHEMA ? frame : await footerSchema(path);
      if (type === SCHEMA) continue;
    }
    if (type === DICTIONARY_BATCH) dictionaries.push(frame);
    if (type !== RECORD_BATCH) continue;
    let rows: object[];
    try {
      rows = tableFromIPC([schema, ...dictionaries, frame], { useDate: true, useBigInt: true }).toArray();
    } catch (error) {
      throw new CsvError(`${path}: record batch at byte ${frames.offset}: cannot be decoded: ${(error as Error).message}`);
    }
    yield rows.map((row) => typedRecord(row as Record<string, unknown>));
  }
  if (schema === null) throw new CsvError(`${path}: not an Arrow IPC file: no schema`);
}

/**
 * The messages of an Arrow IPC file, each as one self-contained frame (continuation marker, metadata length, the
 * flatbuffer Message, its body), read from the file in pieces; the length of a body is the Message's bodyLength.
 */
class MessageFrames {
  /** The byte of the file where the last frame began. */
  offset = 0;

  constructor(private readonly path: string) {}

  async *read(): AsyncGenerator<{ frame: Uint8Array; type: number }> {
    const { open } = nodeFsPromises();
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      throw cannotRead(this.path, error);
    }
    try {
      let position = 0;
      const bytesAt = async (length: number): Promise<Uint8Array> => {
        const out = new Uint8Array(length);
        const { bytesRead } = await handle.read(out, 0, length, position);
        if (bytesRead < length) throw new CsvError(`${this.path}: not an Arrow IPC file, or cut short: the message at byte ${position} ends early`);
        position += length;
        return out;
      };
      const magic = await bytesAt(8);
      if (String.fromCharCode(...magic.subarray(0, 6)) !== 'ARROW1') throw new CsvError(`${this.path}: not an Arrow IPC file: it does not start with ARROW1`);
      for (;;) {
        this.offset = position;
        const head = new DataView((await bytesAt(4)).buffer);
        // A continuation marker, then the metadata's length (files before Arrow 0.15 have the length alone).
        const continued = head.getInt32(0, true) === -1;
        const metadataLength = continued ? new DataView((await bytesAt(4)).buffer).getInt32(0, true) : head.getInt32(0, true);
        if (metadataLength === 0) return; // end of the stream: the footer follows
        if (metadataLength < 0 || metadataLength > 1 << 28) throw new CsvError(`${this.path}: not an Arrow IPC file: a message at byte ${this.offset} claims ${metadataLength} bytes of metadata`);
        const metadata = await bytesAt(metadataLength);
        const { type, bodyLength } = messageHeader(metadata, this.path, this.offset);
        const body = await bytesAt(bodyLength);
        const frame = new Uint8Array(8 + metadataLength + bodyLength);
        const view = new DataView(frame.buffer);
        view.setInt32(0, -1, true);
        view.setInt32(4, metadataLength, true);
        frame.set(metadata, 8);
        frame.set(body, 8 + metadataLength);
        yield { frame, type };
      }
    } finally {
      await handle.close();
    }
  }
}

/** The header type and body length of a flatbuffer Message (fields 1 and 3 of its root table). */
function messageHeader(metadata: Uint8Array, path: string, offset: number): { type: number; bodyLength: number } {
  const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  try {
    const table = view.getUint32(0, true);
    const vtable = table - view.getInt32(table, true);
    const vtableSize = view.getUint16(vtable, true);
    const field = (id: number): number => (4 + 2 * id < vtableSize ? view.getUint16(vtable + 4 + 2 * id, true) : 0);
    const type = field(1) === 0 ? 0 : view.getUint8(table + field(1));
    const bodyLength = field(3) === 0 ? 0 : Number(view.getBigInt64(table + field(3), true));
    if (!(bodyLength >= 0 && bodyLength <= 2 ** 40)) throw new RangeError(`body length ${bodyLength}`);
    return { type, bodyLength };
  } catch (error) {
    throw new CsvError(`${path}: not an Arrow IPC file: the message at byte ${offset} cannot be read (${(error as Error).message})`);
  }
}

/**
 * The schema in the file's footer (the Footer table's field 1), as a self-contained Schema message frame: a Message
 * table written here whose header field points into a copy of the footer, where flatbuffer offsets, all relative,
 * still hold.
 */
async function footerSchema(path: string): Promise<Uint8Array> {
  const bad = (why: string) => new CsvError(`${path}: not an Arrow IPC file, or cut short: ${why}`);
  const handle = await nodeFsPromises().open(path, 'r').catch((error: unknown) => {
    throw cannotRead(path, error);
  });
  let footer: Uint8Array;
  try {
    const { size } = await handle.stat();
    const bytesAt = async (position: number, length: number) => {
      const out = new Uint8Array(length);
      if (position < 0 || (await handle.read(out, 0, length, position)).bytesRead < length) throw bad(`its footer ends early`);
      return out;
    };
    const tail = await bytesAt(size - 10, 10);
    if (String.fromCharCode(...tail.subarray(4)) !== 'ARROW1') throw bad('it does not end with ARROW1');
    const footerLength = new DataView(tail.buffer).getInt32(0, true);
    if (!(footerLength > 0 && footerLength <= size - 18)) throw bad(`its footer claims ${footerLength} bytes`);
    footer = await bytesAt(size - 10 - footerLength, footerLength);
  } finally {
    await handle.close();
  }
  const f = new DataView(footer.buffer, footer.byteOffset, footer.byteLength);
  let version: number;
  let schemaTable: number;
  try {
    const table = f.getUint32(0, true);
    const vtable = table - f.getInt32(table, true);
    const vtableSize = f.getUint16(vtable, true);
    const field = (id: number): number => (4 + 2 * id < vtableSize ? f.getUint16(vtable + 4 + 2 * id, true) : 0);
    if (field(1) === 0) throw new RangeError('no schema');
    version = field(0) === 0 ? 0 : f.getInt16(table + field(0), true);
    schemaTable = table + field(1) + f.getUint32(table + field(1), true);
    if (schemaTable >= footer.length) throw new RangeError('schema offset');
  } catch (error) {
    throw bad(`its footer cannot be read (${(error as Error).message})`);
  }
  // The message: root offset, vtable (4 fields), table (vtable offset, version, header type, header, body length 0),
  // then the footer at byte 40.
  const at = 40;
  const metadata = new Uint8Array(at + footer.length + ((8 - (footer.length % 8)) % 8));
  const m = new DataView(metadata.buffer);
  m.setUint32(0, 16, true);
  [12, 24, 4, 6, 8, 16].forEach((v, i) => m.setUint16(4 + 2 * i, v, true));
  m.setInt32(16, 12, true);
  m.setInt16(20, version, true);
  m.setUint8(22, SCHEMA);
  m.setUint32(24, at + schemaTable - 24, true);
  metadata.set(footer, at);
  const frame = new Uint8Array(8 + metadata.length);
  const head = new DataView(frame.buffer);
  head.setInt32(0, -1, true);
  head.setInt32(4, metadata.length, true);
  frame.set(metadata, 8);
  return frame;
}
