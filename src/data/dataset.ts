// A labelled table of numbers: features as an [N, D] tensor, labels as class indices into `classes`.
import { ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import type { RowLines } from './row-lines.js';

/** Rows of numeric features with a class label each, as `readCsv` returns them (`y` empty for a file to predict on). */
export interface Dataset {
  /** Features, `[N, D]`, row-major: row `i` is `x.data[i * D .. (i + 1) * D)`; float32 unless read as float64. */
  readonly x: Tensor;
  /** The class index of each row (length N), or empty when the file has no label column. */
  readonly y: Int32Array;
  /** Class names; the index of a name is its class id. Sorted as scikit-learn's `LabelEncoder` sorts them. */
  readonly classes: string[];
  /** One name per feature column, in the order of `x`'s columns. */
  readonly featureNames: string[];
  /** The name of the label column. */
  readonly labelName: string;
  /** The file the rows were read from, or `<string>` for `parseCsv`. */
  readonly source?: string;
  /** Things about the file that are legal but probably a mistake (e.g. as many classes as rows). */
  readonly warnings?: string[];
  /** The line of the file each row starts on (datasets read from CSV), for messages about a row. */
  readonly lines?: RowLines;
}

/** The number of classes of a dataset (`classes.length`). */
export function numClasses(dataset: Dataset): number {
  return dataset.classes.length;
}

/** The number of rows of a dataset. */
export function numRows(dataset: Dataset): number {
  return dataset.x.shape[0];
}

/**
 * A new dataset with the rows at `indices`, in that order (an index may repeat). The rows are copied;
 * class list, names and source are shared. File warnings are not carried over.
 * @example
 * const { train_indices } = JSON.parse(readFileSync('iris_split.json', 'utf8'));
 * const train = takeRows(iris, train_indices);
 */
export function takeRows(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const n = numRows(dataset);
  const d = dataset.x.shape[1];
  const labelled = dataset.y.length > 0;
  const data = dataset.x.data;
  const x = allocate(dataset.x.dtype, indices.length * d);
  const y = new Int32Array(labelled ? indices.length : 0);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new ValueError(`takeRows: index ${row} (at position ${i}) is not a row of a dataset with ${n} rows`);
    }
    for (let j = 0, from = row * d, to = i * d; j < d; j++) x[to + j] = data[from + j];
    if (labelled) y[i] = dataset.y[row];
  }
  const { classes, featureNames, labelName, source, lines } = dataset;
  return { x: new Tensor(x, [indices.length, d]), y, classes, featureNames, labelName, source, lines: lines?.take(indices) };
}
