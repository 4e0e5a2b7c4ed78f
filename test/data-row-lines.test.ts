// RowLines: each row's line, kept compactly, and a stream's window of it.
import { describe, expect, test } from 'vitest';
import { RowLines } from '../src/data/row-lines.js';

describe('RowLines', () => {
  const lines = (pairs: [number, number][]) => {
    const out = new RowLines();
    for (const [row, line] of pairs) out.add(row, line);
    return out;
  };
  test('rows on consecutive lines, and rows after a blank or multi-line row', () => {
    const l = lines([[0, 2], [1, 3], [2, 5], [3, 6], [4, 9]]);
    expect([0, 1, 2, 3, 4].map((r) => l.lineOf(r))).toEqual([2, 3, 5, 6, 9]);
  });
  test('forget keeps the lines of the rows from there on, and adding goes on after it', () => {
    const l = lines([[0, 2], [1, 3], [2, 5], [3, 6], [4, 9]]);
    l.forget(3);
    expect([3, 4].map((r) => l.lineOf(r))).toEqual([6, 9]);
    l.add(5, 10);
    l.add(6, 12);
    expect([3, 4, 5, 6].map((r) => l.lineOf(r))).toEqual([6, 9, 10, 12]);
  });
});
