// A Parquet file's rows as records, a few thousand at a time, by hyparquet (pure JavaScript, loaded on first use): typed
// columns keep their types, and a file that is not Parquet, or is cut short, is a CsvError naming it.
import type { FileHandle } from 'node:fs/promises';
import type { ColumnMetaData, FileMetaData } from 'hyparquet';
import { nodeFsPromises } from '../../builtins.js';
import { CsvError } from '../../errors.js';
import { cannotRead } from '../file-text.js';
import { quote } from '../number-cell.js';
import { ColumnPages, loadPageDecoder, type ColumnChunk, type PageValues } from './parquet-pages.js';
import { typedRecord, type RecordValue } from './records.js';

/** Consecutive rows of one row group: `start` is the first one's position in the file, `group` the group's (from 0). */
export interface ParquetRowGroup {
  records: Record<string, RecordValue>[];
  start: number;
  group: number;
}

// The most rows made into records at once.
const SLICE_ROWS = 4096;
// A row group of at most this many bytes is read from the file at once, rather than a column at a time.
const SMALL_GROUP_BYTES = 1 << 20;

/**
 * The file's rows as records, in order, a slice of a row group at a time: each column is read a page at a time, so
 * a stream holds a page of each column and a slice of records, whatever the size of the row groups. Strings stay
 * text, numbers numbers (64-bit integers as their exact decimal text), booleans `true`/`false`, nulls missing, dates
 * and timestamps their ISO 8601 text in UTC; lists and structs stay objects, which a table refuses, naming them (a
 * file with such a column is read a whole row group at a time).
 * @example
 * for await (const { records } of parquetRowGroups('big.parquet')) console.log(records.length);
 */
export async function* parquetRowGroups(path: string): AsyncGenerator<ParquetRowGroup> {
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetSchema }, { isFlatColumn }, { compressors }, decoder] = await Promise.all([
    import('hyparquet'),
    import('hyparquet/src/schema.js'),
    import('hyparquet-compressors'),
    loadPageDecoder(),
  ]);
  let metadata: FileMetaData;
  let fileBytes: number;
  try {
    const file = await asyncBufferFromFile(path);
    fileBytes = file.byteLength;
    const head = new Uint8Array(await file.slice(0, Math.min(4, file.byteLength)));
    if (String.fromCharCode(...head) !== 'PAR1') throw new Error('it does not start with PAR1');
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new CsvError(`${path}: cannot read the file: no such file`);
    throw new CsvError(`${path}: not a Parquet file, or cut short: ${(error as Error).message}`);
  }
  const schema = parquetSchema(metadata);
  if (!schema.children.every((column) => isFlatColumn([schema, column]))) {
    yield* wholeRowGroups(path, metadata);
    return;
  }
  let handle;
  try {
    handle = await nodeFsPromises().open(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    let start = 0;
    for (const [group, rowGroup] of metadata.row_groups.entries()) {
      const rows = Number(rowGroup.num_rows);
      const metas = schema.children.map((column) => {
        const meta = rowGroup.columns.find((chunk) => chunk.meta_data?.path_in_schema[0] === column.element.name)?.meta_data;
        if (meta === undefined) throw new CsvError(`${path}: row group ${group + 1} has no column ${quote(column.element.name)}`);
        return meta;
      });
      const read = await smallGroupBytes(handle, metas, fileBytes);
      const columns = schema.children.map((column, j) => {
        const chunk: ColumnChunk = { path, handle, schemaPath: [schema, column], meta: metas[j], group: group + 1, groupStart: start, rows, fileBytes, compressors, read };
        return { name: column.element.name, pages: new ColumnPages(chunk, decoder), values: { length: 0, at: () => undefined } as PageValues, at: 0 };
      });
      for (let done = 0; done < rows; ) {
        // Each column's next values: a page decoded when the last one is used up.
        for (const column of columns) {
          while (column.at === column.values.length) {
            const page = await column.pages.next();
            if (page === null) throw new CsvError(`${path}: row group ${group + 1}, column ${quote(column.name)}: the column ends after row ${start + done}`);
            [column.values, column.at] = [page, 0];
          }
        }
        const n = Math.min(rows - done, SLICE_ROWS, ...columns.map((column) => column.values.length - column.at));
        const records: Record<string, RecordValue>[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const row: Record<string, unknown> = {};
          for (const column of columns) row[column.name] = column.values.at(column.at + i);
          records[i] = typedRecord(row);
        }
        for (const column of columns) column.at += n;
        yield { records, start: start + done, group };
        done += n;
      }
      start += rows;
    }
  } finally {
    await handle.close();
  }
}

/** The bytes of a row group's columns, read at once where they are few and all in the file; otherwise each column reads its own. */
async function smallGroupBytes(handle: FileHandle, metas: ColumnMetaData[], fileBytes: number): Promise<{ bytes: Uint8Array; start: number } | undefined> {
  const starts = metas.map((meta) => Number(meta.dictionary_page_offset || meta.data_page_offset));
  const start = Math.min(...starts);
  const end = Math.max(...metas.map((meta, j) => starts[j] + Number(meta.total_compressed_size)));
  if (!(start >= 0 && end <= fileBytes && end - start <= SMALL_GROUP_BYTES)) return undefined;
  const bytes = new Uint8Array(end - start);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
  return bytesRead === bytes.length ? { bytes, start } : undefined;
}

/**
 * hyparquet's own reading of each row group, whole, for a file with a nested column (a list, a struct), whose
 * rows are assembled from several columns of levels.
 */
async function* wholeRowGroups(path: string, metadata: FileMetaData): AsyncGenerator<ParquetRowGroup> {
  const [{ asyncBufferFromFile, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  const file = await asyncBufferFromFile(path);
  let start = 0;
  for (const [group, rowGroup] of metadata.row_groups.entries()) {
    const rows = Number(rowGroup.num_rows);
    let records: Record<string, unknown>[];
    try {
      records = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: start + rows, compressors });
    } catch (error) {
      throw new CsvError(`${path}: row group ${group + 1} cannot be read: ${(error as Error).message}`);
    }
    for (let done = 0; done < rows; done += SLICE_ROWS) {
      yield { records: records.slice(done, done + SLICE_ROWS).map(typedRecord), start: start + done, group };
    }
    start += rows;
  }
}
