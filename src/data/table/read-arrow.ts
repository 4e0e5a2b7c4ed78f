// An Arrow IPC file (`.arrow`, `.feather` version 2) as records, by flechette (small, dependency-free, loaded on first
// use): typed columns keep their types; a file that is not Arrow, or is cut short, is a CsvError naming it.
import { nodeFsPromises } from '../../builtins.js';
import { CsvError } from '../../errors.js';
import { cannotRead } from '../file-text.js';
import { typedRecord, type RecordValue } from './records.js';

/**
 * The rows of an Arrow IPC file as records: strings stay text, numbers numbers, 64-bit integers their exact digits,
 * booleans `true`/`false`, nulls missing, dates and timestamps their UTC ISO 8601 text; lists and structs stay
 * objects, which a table refuses, naming them. The file is read whole.
 * @example
 * const records = await arrowRecords('penguins.arrow');
 */
export async function arrowRecords(path: string): Promise<Record<string, RecordValue>[]> {
  const { tableFromIPC } = await import('@uwdata/flechette');
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsPromises().readFile(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (String.fromCharCode(...bytes.subarray(0, 6)) !== 'ARROW1') throw new CsvError(`${path}: not an Arrow IPC file: it does not start with ARROW1`);
  try {
    return tableFromIPC(bytes, { useDate: true, useBigInt: true }).toArray().map((row) => typedRecord(row as Record<string, unknown>));
  } catch (error) {
    throw new CsvError(`${path}: not an Arrow IPC file, or cut short: ${(error as Error).message}`);
  }
}
