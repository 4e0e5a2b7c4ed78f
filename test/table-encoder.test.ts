// TableEncoder: each column's encoding fitted on training cells, then any table with those columns encoded alike.
import { describe, expect, test } from 'vitest';
import { CsvError } from '../src/errors.js';
import { TableEncoder } from '../src/data/table/table-encoder.js';
import type { Table } from '../src/data/table/table.js';
import { CellColumn } from '../src/data/table/cell-column.js';

const cellColumns = (columns: string[][]) => columns.map((cells) => CellColumn.from(cells));

const train: Table = {
  names: ['num', 'cat', 'answer', 'when', 'const'],
  columns: cellColumns([
    ['1', 'NA', '3', '5'],
    ['a', 'b', 'a', 'NA'],
    ['yes', 'no', 'no', 'yes'],
    ['2024-01-01', '2024-07-01', '2023-01-01', '2024-12-31'],
    ['k', 'k', 'k', 'k'],
  ]),
  source: 'train.csv',
};

describe('fit', () => {
  const encoder = new TableEncoder().fit(train);
  test('names the encoded columns, and says why a column was dropped', () => {
    expect(encoder.featureNames).toEqual([
      'num', 'num (missing)', 'cat=a', 'cat=b', 'cat (missing)', 'answer=yes',
      'when: year', 'when: month sin', 'when: month cos', 'when: weekday sin', 'when: weekday cos', 'when: day of year sin', 'when: day of year cos',
    ]);
    expect(encoder.columns[4]).toEqual({ name: 'const', kind: 'dropped', why: 'every present cell is "k"' });
  });
  test('numbers: the median fills, then value and indicator are standardised on the filled column', () => {
    const { x } = encoder.transform(train);
    const column = (j: number) => Array.from({ length: 4 }, (_, i) => x.data[i * 13 + j]);
    // filled 1, 3, 3, 5: mean 3, population std sqrt(2); indicator 0, 1, 0, 0: mean 0.25, std sqrt(0.1875).
    expect(column(0)).toEqual([-2, 0, 0, 2].map((v) => Math.fround(v / Math.sqrt(2))));
    expect(column(1)).toEqual([-0.25, 0.75, -0.25, -0.25].map((v) => Math.fround(v / Math.sqrt(0.1875))));
    expect([2, 3, 4].map(column)).toEqual([[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);
    expect(column(5)).toEqual([1, 0, 0, 1]);
  });
  test('dates: December sits next to January on the month circle', () => {
    const { x } = encoder.transform(train);
    const month = (i: number) => [x.data[i * 13 + 7], x.data[i * 13 + 8]];
    const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
    expect(distance(month(0), month(3))).toBeLessThan(0.6);
    expect(distance(month(0), month(1))).toBeCloseTo(2, 5);
  });
});

describe('transform', () => {
  const encoder = new TableEncoder().fit(train);
  test('columns in another order, extra columns, unseen categories and new missing cells: every row encoded', () => {
    const later: Table = {
      names: ['extra', 'when', 'const', 'answer', 'cat', 'num'],
      columns: cellColumns([['?', '?'], ['2025-03-01', ''], ['k', 'k'], ['maybe', 'no'], ['z', 'a'], ['', '4']]),
    };
    const { x, unseen } = encoder.transform(later);
    expect(x.shape).toEqual([2, 13]);
    expect(Array.from(x.data.slice(2, 6))).toEqual([0, 0, 0, 0]);
    expect(x.data[0]).toBe(0);
    expect(unseen).toEqual([{ column: 'cat', cells: 1 }, { column: 'answer', cells: 1 }]);
    expect(Array.from(x.data).every(Number.isFinite)).toBe(true);
  });
  test('a column the encoder needs is an error naming it; a bad cell names its place', () => {
    expect(() => encoder.transform({ names: ['num'], columns: cellColumns([['1']]) })).toThrow(/the table: no column named "cat", which the model needs/);
    const bad: Table = { ...train, columns: [CellColumn.from(['1', 'x', '2', '3']), ...train.columns.slice(1)] };
    expect(() => encoder.transform(bad)).toThrow(CsvError);
    expect(() => encoder.transform(bad)).toThrow(/^train\.csv: row 2: column "num": "x" is not a number \(the column is numeric in the training rows; /);
  });
});

describe('declared kinds', () => {
  test('--categorical, --numeric and --ignore override the inference', () => {
    const encoder = new TableEncoder({ categorical: ['num'], ignore: ['when'] }).fit(train);
    expect(encoder.featureNames.filter((n) => n.startsWith('num') || n.startsWith('when'))).toEqual(['num=1', 'num=3', 'num=5', 'num (missing)']);
    expect(() => new TableEncoder({ numeric: ['cat'] }).fit(train)).toThrow(/train\.csv: row 1: column "cat": "a" is not a number \(the column was declared numeric\)/);
    expect(() => new TableEncoder({ ignore: ['nope'] }).fit(train)).toThrow(/train\.csv: no column named "nope"/);
    expect(() => new TableEncoder({ numeric: ['a'], ignore: ['a'] })).toThrow(/column "a" is given more than one kind/);
  });
});
