// Typed errors: every message names the operation (or file) and the values involved.

/** Thrown when tensor shapes do not fit an operation; the message names the op and both shapes. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Thrown for a value that is outside what an operation accepts (a class index, a probability, an option). */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Thrown when autograd is used in a way that cannot work (e.g. a second backward through a released graph). */
export class GradError extends Error {
  override name = 'GradError';
}

/**
 * Thrown for a row that cannot be scored: a value that overflows once standardised, or a model output that is not
 * finite. `row` is its 0-based index and `feature` the feature's (or null); the message names them, or the file's line.
 */
export class RowError extends ValueError {
  override name = 'RowError';
  constructor(
    readonly detail: string,
    readonly row: number,
    readonly feature: number | null = null,
    where = `row ${row + 1}${feature === null ? '' : `, feature ${feature + 1}`}`,
  ) {
    super(`${where}: ${detail}`);
  }

  /** The same error `rows` rows further on: a chunk's row as a row of the whole data. */
  shifted(rows: number): RowError {
    return new RowError(this.detail, this.row + rows, this.feature);
  }
}

/** Thrown for a CSV file that cannot become a dataset; the message names the file, line and column. */
export class CsvError extends Error {
  override name = 'CsvError';
}

/** Thrown for a model file that is damaged, of an unknown version, or inconsistent; nothing is loaded. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** Thrown when a file cannot be written (a full disk, no permission); the message names the file asked for. */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
}

/**
 * Thrown when training produces a non-finite loss or non-finite weights. The model keeps the last
 * finite weights; `epoch` and `batch` (both 1-based) say where it happened.
 */
export class DivergenceError extends Error {
  override name = 'DivergenceError';
  constructor(message: string, readonly epoch: number, readonly batch: number) {
    super(message);
  }
}
