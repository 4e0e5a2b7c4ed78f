// Labelled rows as plain arrays a worker thread can be sent (structured clone), and back.
import type { Dataset } from '../data/dataset.js';
import { CellColumn } from '../data/table/cell-column.js';
import { isLabelledTable, type LabelledTable } from '../data/table/table.js';
import { Tensor } from '../tensor/tensor.js';

/** A dataset's numbers, or a table's cells as text, with the labels. */
export type PortableData =
  | { kind: 'dataset'; x: Float32Array | Float64Array; shape: [number, number]; y: Int32Array; classes: string[]; featureNames: string[]; labelName: string; source?: string }
  | { kind: 'table'; names: string[]; cells: string[][]; y: Int32Array; classes: string[]; labelName: string; source?: string; records?: boolean };

/** The rows as plain arrays: a table's cells as written, so a table made again from them reads the same. */
export function toPortable(data: Dataset | LabelledTable): PortableData {
  const { y, classes, labelName } = data;
  if (!isLabelledTable(data)) {
    const [n, d] = data.x.shape;
    return { kind: 'dataset', x: data.x.data as Float32Array | Float64Array, shape: [n, d], y, classes, featureNames: data.featureNames, labelName, source: data.source };
  }
  const { names, columns, source, records } = data.table;
  return { kind: 'table', names: [...names], cells: columns.map((c) => c.cells()), y, classes, labelName, source, records };
}

/** The dataset or table `toPortable` described. */
export function fromPortable(data: PortableData): Dataset | LabelledTable {
  const { y, classes, labelName, source } = data;
  if (data.kind === 'dataset') return { x: new Tensor(data.x, data.shape), y, classes, featureNames: data.featureNames, labelName, source };
  const table = { names: data.names, columns: data.cells.map((cells) => CellColumn.from(cells)), source, records: data.records };
  return { table, y, classes, labelName, warnings: [] };
}
