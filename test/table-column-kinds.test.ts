// Column kinds inferred from training cells: numbers, dates, two values, categories, ids, and the errors between.
import { describe, expect, test } from 'vitest';
import { CsvError } from '../src/errors.js';
import { CARDINALITY_THRESHOLD, inferColumnKind, type ColumnKindOptions } from '../src/data/table/column-kinds.js';
import { parseIsoDate } from '../src/data/table/iso-dates.js';
import { DEFAULT_MISSING_VALUES } from '../src/data/table/missing-cells.js';

const options: ColumnKindOptions = { missing: new Set(DEFAULT_MISSING_VALUES), where: (row) => `t.csv:${row + 2}: column 1 ("c")` };
const kindOf = (cells: string[], more: Partial<ColumnKindOptions> = {}) => inferColumnKind(cells, { ...options, ...more });
const errorOf = (cells: string[], more: Partial<ColumnKindOptions> = {}): Error => {
  try {
    kindOf(cells, more);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('numbers', () => {
  test('with every default spelling of missing', () => {
    expect(kindOf(['1.5', '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '?', ' 2 ', '"3"'.slice(1, 2)])).toEqual({ kind: 'numeric', missing: 10 });
  });
  test('a list of missing spellings replaces the default', () => {
    expect(kindOf(['1', '-999', '2'], { missing: new Set(['-999']) })).toEqual({ kind: 'numeric', missing: 1 });
    const numbers = Array.from({ length: 40 }, (_, i) => (i === 1 ? 'NA' : String(i)));
    expect(errorOf(numbers, { missing: new Set(['']) }).message).toMatch(/^t\.csv:3: column 1 \("c"\): "NA" is not a number/);
  });
  test('one number (however written) is a constant column, dropped; with missing cells, which are the information, kept', () => {
    expect(kindOf(['1', '1.0', '1e0'])).toEqual({ kind: 'dropped', missing: 0, why: 'every present cell is "1"' });
    expect(kindOf(['1', '1.0', '', '1e0'])).toEqual({ kind: 'numeric', missing: 1 });
  });
  test('every cell missing: dropped', () => {
    expect(kindOf(['', 'NA'])).toEqual({ kind: 'dropped', missing: 2, why: 'every cell is missing' });
  });
  test('numbers with a stray word are an error naming its row, saying how to declare the column', () => {
    const cells = Array.from({ length: 40 }, (_, i) => String(i));
    cells[17] = 'unknown';
    const error = errorOf(cells);
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe('t.csv:19: column 1 ("c"): "unknown" is not a number (39 of the column\'s 40 values are numbers; fix the cell, list its spelling in --missing-values, or declare the column with --categorical)');
  });
  test('numbers among many words of many spellings are text (tickets, some with a prefix); one spelling stays an error', () => {
    const tickets = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? `A/5 ${21171 + i}` : String(110000 + i * 37)));
    expect(kindOf(tickets)).toMatchObject({ kind: 'dropped', why: '100 distinct values in 100 rows: an id or free text' });
    const sizes = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? ['S', 'M', 'L'][i % 3] : String(36 + (i % 6))));
    expect(kindOf(sizes)).toMatchObject({ kind: 'categorical', categories: expect.arrayContaining(['S', 'M', 'L', '36']) });
    const ages = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? (i % 8 === 0 ? 'unknown' : 'n/k') : String(20 + (i % 50))));
    expect(errorOf(ages).message).toMatch(/^t\.csv:2: column 1 \("c"\): "unknown" is not a number \(75 of the column's 100 values are numbers/);
  });
  test.each([
    ['Infinity', /"Infinity" is not a finite number/],
    ['-inf', /"-inf" is not a finite number/],
    ['0x10', /"0x10" is not a decimal number/],
    ['1,234.5', /"1,234\.5" has a thousands separator/],
    ['1e999', /"1e999" is too large for a float64/],
  ])('%s among numbers is an error, not a category', (cell, message) => {
    expect(errorOf(['1', '2', cell, '4']).message).toMatch(message);
  });
  test('a column of amounts with thousands separators is numbers written wrongly, not text', () => {
    expect(errorOf(['1,200', '3,400,000', '5,600']).message).toMatch(/^t\.csv:2: column 1 \("c"\): "1,200" has a thousands separator/);
  });
  test('declared numeric: any word is an error; declared categorical: numbers are categories', () => {
    expect(errorOf(['1', 'a', 'b', 'c'], { declared: 'numeric' }).message).toMatch(/"a" is not a number \(the column was declared numeric\)/);
    expect(kindOf(['1', '2', '3', '1'], { declared: 'categorical' })).toEqual({ kind: 'categorical', missing: 0, categories: ['1', '2', '3'], other: false });
  });
});

describe('text', () => {
  test('two values and no missing cell: binary, 1 for the later in order', () => {
    expect(kindOf(['yes', 'no', 'yes'])).toEqual({ kind: 'binary', missing: 0, values: ['no', 'yes'] });
    expect(kindOf(['True', 'False'])).toEqual({ kind: 'binary', missing: 0, values: ['False', 'True'] });
  });
  test('two values with missing cells: categorical, missing as a category of its own when encoded', () => {
    expect(kindOf(['yes', 'NA', 'no', 'no'])).toEqual({ kind: 'categorical', missing: 1, categories: ['no', 'yes'], other: false });
  });
  test('up to the threshold: categories by frequency, then by text', () => {
    expect(kindOf(['Biscoe', 'Dream', 'Torgersen', 'Dream', 'Biscoe', 'Dream'])).toEqual({ kind: 'categorical', missing: 0, categories: ['Dream', 'Biscoe', 'Torgersen'], other: false });
  });
  test('mostly text with a few numbers is text', () => {
    expect(kindOf(['a', 'b', 'c', '1'])).toEqual({ kind: 'categorical', missing: 0, categories: ['1', 'a', 'b', 'c'], other: false });
  });
  test('one value: constant, dropped; a checkbox (one value or missing) is kept as a category and missing', () => {
    expect(kindOf(['x', 'x'])).toEqual({ kind: 'dropped', missing: 0, why: 'every present cell is "x"' });
    expect(kindOf(['Y', 'Y', ''])).toEqual({ kind: 'categorical', missing: 1, categories: ['Y'], other: false });
  });
  test('ids in a small table (10 rows or more, nearly all distinct) are dropped too', () => {
    expect(kindOf(Array.from({ length: 12 }, (_, i) => `name ${i}`))).toMatchObject({ kind: 'dropped', why: '12 distinct values in 12 rows: an id or free text' });
    expect(kindOf(['a', 'b', 'c'])).toMatchObject({ kind: 'categorical' });
  });
  test('unique per row: an id or free text, dropped', () => {
    const cells = Array.from({ length: 100 }, (_, i) => `passenger ${i}`);
    expect(kindOf(cells)).toEqual({ kind: 'dropped', missing: 0, why: '100 distinct values in 100 rows: an id or free text' });
  });
  test('many values, often repeated: the most frequent one-hot, plus other', () => {
    const cells = Array.from({ length: 1000 }, (_, i) => `city ${i % 100}`);
    const kind = kindOf(cells);
    expect(kind).toMatchObject({ kind: 'categorical', other: true });
    expect((kind as { categories: string[] }).categories).toHaveLength(CARDINALITY_THRESHOLD);
  });
});

describe('dates', () => {
  test('ISO 8601 dates and date-times', () => {
    expect(kindOf(['2024-01-31', '2023-12-01', ''])).toEqual({ kind: 'date', missing: 1, hasTime: false });
    expect(kindOf(['2024-01-31T10:00', '2023-12-01 23:59:59.5Z', '2023-06-01T00:00+02:00'])).toEqual({ kind: 'date', missing: 0, hasTime: true });
  });
  test('one bad date among ten is an error too, not a column of ten categories', () => {
    const cells = Array.from({ length: 10 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    cells[3] = '2024-01-32';
    expect(errorOf(cells).message).toMatch(/^t\.csv:5: column 1 \("c"\): "2024-01-32" is not an ISO 8601 date/);
  });
  test('one bad date among dates is an error naming its row', () => {
    const cells = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    cells[4] = '2024-02-30';
    expect(errorOf(cells).message).toMatch(/^t\.csv:6: column 1 \("c"\): "2024-02-30" is not an ISO 8601 date \(29 of the column's 30 values are dates/);
  });
  test('parts: month, weekday, day of year, hour; real days only; years before 100', () => {
    expect(parseIsoDate('2024-03-01T13:05')).toEqual({ year: 2024, month: 3, weekday: 5, dayOfYear: 61, hour: 13, hasTime: true });
    expect(parseIsoDate('2023-12-31')).toMatchObject({ dayOfYear: 365, weekday: 0, hasTime: false });
    expect(parseIsoDate('2024-02-29')).not.toBeNull();
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2024-13-01')).toBeNull();
    expect(parseIsoDate('0050-01-01')).toMatchObject({ year: 50, dayOfYear: 1 });
    expect(parseIsoDate('01/02/2024')).toBeNull();
  });
});
