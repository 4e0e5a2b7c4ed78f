// The models a served model must answer for alike in softgrad, onnxruntime and a browser: each trained with the
// command line, and the rows to predict (an unseen island, missing cells, columns reversed; dates).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './cli.js';

export const exampleData = (name: string) => fileURLToPath(new URL(`../../examples/data/${name}`, import.meta.url));

export interface ServedModel {
  name: string;
  /** `softgrad train` arguments, less seed and output. */
  train: string[];
  /** The CSV to predict on. */
  predictOn: string;
}

/** The models, with their data files written into `dir`. */
export function servedModels(dir: string): ServedModel[] {
  const penguinsNew = join(dir, 'penguins-new.csv');
  writeFileSync(penguinsNew, [
    'sex,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,island,species',
    'female,3500,192,17.9,46.5,Dream,?',
    ',NA,216,13.8,47.3,Atlantis,?',
    'NA,4000,NA,18.1,NA,Biscoe,?',
    ...readFileSync(exampleData('penguins.csv'), 'utf8').trim().split('\n').slice(1, 60).map((line) => {
      const [species, island, a, b, c, d, sex] = line.split(',');
      return [sex, d, c, b, a, island, species].join(',');
    }),
  ].join('\n') + '\n');
  const dates = join(dir, 'dates.csv');
  writeFileSync(dates, ['when,amount,kind,y', ...Array.from({ length: 400 }, (_, i) => {
    const day = new Date(Date.UTC(2019, 0, 1) + i * 3.7 * 86_400_000).toISOString();
    const when = i % 17 === 0 ? 'NA' : [day.slice(0, 10), day.slice(0, 16), day.slice(0, 19).replace('T', ' ')][i % 3];
    return `${when},${(i * 7) % 13},${i % 2 ? 'yes' : 'no'},${Number(day.slice(5, 7)) <= 6 ? 'first half' : 'second half'}`;
  })].join('\n') + '\n');
  return [
    { name: 'iris', train: [exampleData('iris-train.csv'), '--label', 'species'], predictOn: exampleData('iris-test.csv') },
    { name: 'iris-mlp', train: [exampleData('iris-train.csv'), '--label', 'species', '--hidden', '16'], predictOn: exampleData('iris-test.csv') },
    { name: 'binary-bce', train: [exampleData('iris-versicolor-virginica.csv'), '--label', 'species', '--loss', 'bce'], predictOn: exampleData('iris-versicolor-virginica.csv') },
    { name: 'penguins', train: [exampleData('penguins.csv'), '--label', 'species'], predictOn: penguinsNew },
    { name: 'penguins-mlp', train: [exampleData('penguins.csv'), '--label', 'species', '--hidden', '32'], predictOn: penguinsNew },
    { name: 'dates', train: [dates, '--label', 'y'], predictOn: dates },
  ];
}

/** Trains `model` into `dir` with the command line; returns the model file's path. */
export async function trainServed(model: ServedModel, dir: string): Promise<string> {
  const path = join(dir, `${model.name}.json`);
  const r = await cli('train', ...model.train, '--seed', '0', '--quiet', '--save', path);
  if (r.code !== 0) throw new Error(r.stderr);
  return path;
}

/** `softgrad predict --proba` of a model file on `file`: each row's label and probabilities. */
export async function softgradPredictions(model: string, file: string): Promise<{ labels: string[]; probabilities: number[] }> {
  const r = await cli('predict', model, file, '--proba');
  if (r.code !== 0) throw new Error(r.stderr);
  const rows = r.stdout.trim().split('\n').slice(1).map((line) => line.split(','));
  return { labels: rows.map((cells) => cells[1]), probabilities: rows.flatMap((cells) => cells.slice(2).map(Number)) };
}
