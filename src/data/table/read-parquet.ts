// A Parquet file's rows as records, a row group at a time, by hyparquet (pure JavaScript, loaded on first use): typed
// columns keep their types, and a file that is not Parquet, or is cut short, is a CsvError naming it.
import { CsvError } from '../../errors.js';
import { typedRecord, type RecordValue } from './records.js';

/** The rows of one row group: `start` is its first row's position in the file. */
export interface ParquetRowGroup {
  records: Record<string, RecordValue>[];
  start: number;
  group: number;
}

/**
 * The file's rows as records, one row group at a time (so a stream holds one group, not the file): strings stay
 * text, numbers numbers (64-bit integers as their exact decimal text), booleans `true`/`false`, nulls missing,
 * dates and timestamps their ISO 8601 text in UTC; lists and structs stay objects, which a table refuses, naming them.
 * @example
 * for await (const { records } of parquetRowGroups('big.parquet')) console.log(records.length);
 */
export async function* parquetRowGroups(path: string): AsyncGenerator<ParquetRowGroup> {
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    const head = new Uint8Array(await file.slice(0, Math.min(4, file.byteLength)));
    if (String.fromCharCode(...head) !== 'PAR1') throw new Error('it does not start with PAR1');
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new CsvError(`${path}: cannot read the file: no such file`);
    throw new CsvError(`${path}: not a Parquet file, or cut short: ${(error as Error).message}`);
  }
  let start = 0;
  for (const [group, rowGroup] of metadata.row_groups.entries()) {
    const rows = Number(rowGroup.num_rows);
    let records: Record<string, unknown>[];
    try {
      records = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: start + rows, compressors });
    } catch (error) {
      throw new CsvError(`${path}: row group ${group + 1} cannot be read: ${(error as Error).message}`);
    }
    yield { records: records.map(typedRecord), start, group };
    start += rows;
  }
}
