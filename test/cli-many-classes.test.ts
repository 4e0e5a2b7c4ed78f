// Many classes on the command line: no crash after the work is done, a matrix only where it fits, outputs streamed.
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/run.js';
import { cli } from './helpers/cli.js';

const classes = 400;
let dir: string, csv: string, model: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-classes-'));
  csv = join(dir, 'many.csv');
  model = join(dir, 'many.json');
  const rows = ['a,b,label'];
  for (let i = 0; i < 2 * classes; i++) rows.push(`${(i % classes) / 10},${Math.sin(i)},class${i % classes}`);
  writeFileSync(csv, rows.join('\n') + '\n');
  const r = await cli('train', csv, '--epochs', '1', '--test', csv, '--save', model);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`${classes} classes`, () => {
  test('train and evaluate finish, and say the confusion matrix is too wide to print', async () => {
    const trained = await cli('train', csv, '--epochs', '1', '--test', csv);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain(`confusion matrix: ${classes} x ${classes}, too wide to print here (--json gives it whole)`);
    const evaluated = await cli('evaluate', model, csv);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('too wide to print here');
    const json = await cli('evaluate', model, csv, '--json');
    expect(JSON.parse(json.stdout).confusionMatrix).toHaveLength(classes);
  });

  test('predict --proba writes its rows in pieces, the same text on stdout and in --out', async () => {
    const pieces: string[] = [];
    const code = await run(['predict', model, csv, '--proba'], { stdout: (t) => void pieces.push(t), stderr: () => {}, isTTY: false });
    expect(code).toBe(0);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(80_000);
    const out = join(dir, 'preds.csv');
    expect((await cli('predict', model, csv, '--proba', '--out', out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(pieces.join('')).toBe(text);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2 * classes + 1);
    expect(lines[0].split(',')).toHaveLength(classes + 2);
    expect(lines[1].split(',').slice(2).reduce((sum, p) => sum + Number(p), 0)).toBeCloseTo(1, 5);
  });
});
