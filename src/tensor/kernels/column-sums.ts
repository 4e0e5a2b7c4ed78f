// The column sums of a matrix added into a vector: the bias gradient of a linear layer.
import type { FloatArray } from '../dtype.js';
import { staged, stagedBytes, stagingFor, unstage } from './staging.js';

/**
 * Adds the column sums of `g` (`rows x cols`) into `db`, each summed in float64 from row 0 on, so a float32 `db`
 * rounds once; float32 arrays on the WebAssembly kernel (assembly/reductions.ts), with the same bits.
 */
export function addColumnSums(g: FloatArray, db: FloatArray, rows: number, cols: number): void {
  if (!(g instanceof Float32Array && db instanceof Float32Array && addColumnSumsWasm(g, db, rows, cols))) addColumnSumsTs(g, db, rows, cols);
}

/** @internal `addColumnSums` as a TypeScript loop, for float64 and short arrays: the WebAssembly kernel's bits. */
export function addColumnSumsTs(g: FloatArray, db: FloatArray, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let k = j; k < rows * cols; k += cols) sum += g[k];
    db[j] += sum;
  }
}

function addColumnSumsWasm(g: Float32Array, db: Float32Array, rows: number, cols: number): boolean {
  if (g.length !== rows * cols || db.length !== cols) return false;
  const gBytes = stagedBytes(g.length);
  const instance = stagingFor(g.length, gBytes + stagedBytes(cols));
  if (instance === null) return false;
  const gAt = staged(instance, g, instance.arraysEnd, true);
  const dbAt = staged(instance, db, instance.arraysEnd + gBytes, true);
  instance.exports.addColumnSums(rows, cols, gAt, dbAt);
  unstage(instance, db, dbAt);
  return true;
}
