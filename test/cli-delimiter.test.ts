// --delimiter: a file separated by semicolons, tabs or pipes reads in every command as its comma twin does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'softgrad-delimiter-'));
const penguins = readFileSync(fileURLToPath(new URL('../examples/data/penguins.csv', import.meta.url)), 'utf8');
const iris = readFileSync(fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url)), 'utf8');
// None of these files' cells holds a comma, so swapping the separator is safe.
const withDelimiter = (name: string, text: string, delimiter: string) => {
  const path = join(dir, name);
  writeFileSync(path, text.replaceAll(',', delimiter));
  return path;
};

describe('--delimiter', () => {
  test.each([
    ['a table, with semicolons', 'penguins.csv', penguins, ';', ';'],
    ['numbers, with tabs in a .txt file', 'iris.txt', iris, '\t', 'tab'],
  ])('%s: train, evaluate, predict, cv and tune read it as the comma file', async (_, name, text, separator, flag) => {
    const comma = withDelimiter(`comma-${name.replace(/\.txt$/, '.csv')}`, text, ',');
    const other = withDelimiter(name, text, separator);
    const common = ['--label', 'species', '--epochs', '20', '--quiet'];
    const models = [join(dir, `${name}-comma.json`), join(dir, `${name}-other.json`)];
    expect((await cli('train', comma, ...common, '--save', models[0])).code).toBe(0);
    const trained = await cli('train', other, ...common, '--delimiter', flag, '--save', models[1]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(readFileSync(models[1], 'utf8')).toBe(readFileSync(models[0], 'utf8'));
    const evaluated = await cli('evaluate', models[0], other, '--delimiter', flag, '--json');
    expect(evaluated.stdout).toBe((await cli('evaluate', models[0], comma, '--json')).stdout);
    const predicted = await cli('predict', models[0], other, '--delimiter', flag, '--proba');
    expect(predicted.stdout).toBe((await cli('predict', models[0], comma, '--proba')).stdout);
    const cv = (file: string, ...more: string[]) => cli('cv', file, '--label', 'species', '--epochs', '10', '--folds', '3', '--json', ...more);
    const [cvComma, cvOther] = [await cv(comma), await cv(other, '--delimiter', flag)];
    expect({ ...JSON.parse(cvOther.stdout), seconds: 0 }).toEqual({ ...JSON.parse(cvComma.stdout), seconds: 0 });
    const tune = (file: string, ...more: string[]) => cli('tune', file, '--label', 'species', '--epochs', '10', '--folds', '2', '--trials', '2', '--threads', '1', '--json', ...more);
    const [tuneComma, tuneOther] = [await tune(comma), await tune(other, '--delimiter', flag)];
    expect({ ...JSON.parse(tuneOther.stdout), seconds: 0 }).toEqual({ ...JSON.parse(tuneComma.stdout), seconds: 0 });
  });

  test('a .tsv file needs none; without the flag a semicolon file says which to pass; a bad one is a usage error', async () => {
    const tsv = withDelimiter('iris.tsv', iris, '\t');
    expect((await cli('train', tsv, '--label', 'species', '--epochs', '5', '--quiet')).code).toBe(0);
    const semi = withDelimiter('semi.csv', iris, ';');
    expect((await cli('train', semi, '--label', 'species', '--epochs', '5')).stderr).toContain('pass delimiter: ";"');
    const bad = await cli('train', semi, '--delimiter', '::');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--delimiter must be one character (not a quote or a line break), or 'tab'");
  });
});
