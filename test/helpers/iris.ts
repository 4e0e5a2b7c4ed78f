// The bundled iris data with the fixed scikit-learn split of examples/data/iris_split.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsv, takeRows, type Dataset } from '../../src/index.js';

export const irisCsv = fileURLToPath(new URL('../../examples/data/iris.csv', import.meta.url));
const splitFile = fileURLToPath(new URL('../../examples/data/iris_split.json', import.meta.url));

export interface IrisSplit {
  train: Dataset;
  test: Dataset;
  trainIndices: number[];
  testIndices: number[];
}

export async function irisSplit(): Promise<IrisSplit> {
  const iris = await readCsv(irisCsv, { label: 'species' });
  const split = JSON.parse(readFileSync(splitFile, 'utf8'));
  return {
    train: takeRows(iris, split.train_indices),
    test: takeRows(iris, split.test_indices),
    trainIndices: split.train_indices,
    testIndices: split.test_indices,
  };
}
