// readCsv / parseCsv: valid files load exactly, every bad file is a CsvError naming file, line and column.
import { badFiles } from './helpers/bad-inputs.js';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CsvError, parseCsv, readCsv, takeRows, ValueError, type CsvOptions } from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const irisPath = fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url));
const irisSplit = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/iris_split.json', import.meta.url)), 'utf8'));

/** The error `fn` throws (sync or async), failing the test if it returns. */
async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got a result');
}

describe('iris.csv', () => {
  test('loads as 150 x 4 float32 features and the classes setosa, versicolor, virginica', async () => {
    const iris = await readCsv(irisPath);
    expect(iris.x.shape).toEqual([150, 4]);
    expect(iris.x.dtype).toBe('float32');
    expect(iris.classes).toEqual(irisSplit.classes);
    expect(iris.featureNames).toEqual(irisSplit.feature_columns);
    expect(iris.labelName).toBe(irisSplit.label_column);
    expect(iris.source).toBe(irisPath);
    expect(iris.warnings).toEqual([]);
  });

  test('every feature is the float32 of the decimal in the file', async () => {
    const iris = await readCsv(irisPath);
    const rows = readFileSync(irisPath, 'utf8').trim().split('\n').slice(1);
    rows.forEach((row, i) => {
      const cells = row.split(',').slice(0, 4).map(Number);
      expect(Array.from(iris.x.data.subarray(i * 4, i * 4 + 4))).toEqual(cells.map(Math.fround));
    });
  });

  test('labels at the reference split indices are the reference class indices', async () => {
    const iris = await readCsv(irisPath, { label: 'species' });
    expect(Array.from(takeRows(iris, irisSplit.train_indices).y)).toEqual(irisSplit.train_labels);
    expect(Array.from(takeRows(iris, irisSplit.test_indices).y)).toEqual(irisSplit.test_labels);
  });

  test('dtype float64 keeps the decimals exactly', async () => {
    const iris = await readCsv(irisPath, { dtype: 'float64' });
    expect(iris.x.dtype).toBe('float64');
    expect(Array.from(iris.x.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
  });
});

describe('valid files', () => {
  test('a BOM, CRLF line endings and blank trailing lines are accepted', async () => {
    const data = await readCsv(fixture('good/bom-crlf.csv'));
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(data.labelName).toBe('label');
    expect(Array.from(data.x.data)).toEqual([1.5, 2, 3, -0.4].map(Math.fround));
    expect(data.classes).toEqual(['x', 'y']);
  });

  test('quoted fields with commas, CRLF newlines and doubled quotes parse', async () => {
    const data = await readCsv(fixture('good/quoted-crlf.csv'));
    expect(data.classes).toEqual(['multi\r\nline "quoted" label', 'setosa', 'setosa, wild']);
    expect(Array.from(data.y)).toEqual([2, 0, 1]);
    expect(Array.from(data.x.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test.each([
    ['blank lines between rows', 'a,b,c\n\n1,2,x\n   \n3,4,y\n'],
    ['spaces around numbers and labels', 'a, b, c\n 1 , 2 , x \n3,4, y\n'],
    ['a last line without a newline', 'a,b,c\n1,2,x\n3,4,y'],
    ['old Mac CR line endings', 'a,b,c\r1,2,x\r3,4,y\r'],
  ])('%s', (_name, text) => {
    const data = parseCsv(text);
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(Array.from(data.x.data)).toEqual([1, 2, 3, 4]);
    expect(data.classes).toEqual(['x', 'y']);
  });

  test.each([
    ['1.5', 1.5], ['-2', -2], ['+3', 3], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['-1.5E-2', -0.015], ['007', 7],
  ])('the number %s reads as %d', (cell, value) => {
    expect(parseCsv(`a,b\n${cell},x\n0,y\n`, { dtype: 'float64' }).x.data[0]).toBe(value);
  });

  test('label and features chosen by name or index, in the order asked', () => {
    const text = 'id,w,label,h\n1,10,a,100\n2,20,b,200\n';
    const byName = parseCsv(text, { label: 'label', features: ['h', 'w'] });
    expect(byName.featureNames).toEqual(['h', 'w']);
    expect(Array.from(byName.x.data)).toEqual([100, 10, 200, 20]);
    const byIndex = parseCsv(text, { label: 2, features: [3, 1] });
    expect(byIndex).toEqual(byName);
    expect(parseCsv(text, { label: 'label' }).featureNames).toEqual(['id', 'w', 'h']);
  });

  test('a numeric label column is a label, encoded in numeric order, never a feature', () => {
    const data = parseCsv('f,target\n0.1,10\n0.2,2\n0.3,1\n0.4,2\n');
    expect(data.featureNames).toEqual(['f']);
    expect(data.classes).toEqual(['1', '2', '10']);
    expect(Array.from(data.y)).toEqual([2, 1, 0, 1]);
  });

  test('without a header, columns are named by index and the last one is the label', () => {
    const data = parseCsv('1,2,x\n3,4,y\n', { header: false });
    expect(data.featureNames).toEqual(['0', '1']);
    expect(data.labelName).toBe('2');
    expect(data.x.shape).toEqual([2, 2]);
    expect(parseCsv('x,1,2\ny,3,4\n', { header: false, label: 0 }).featureNames).toEqual(['1', '2']);
  });

  test('another delimiter', () => {
    expect(parseCsv('a;b;c\n1,5;2;x\n3;4;y\n', { delimiter: ';', features: ['b'] }).x.data[0]).toBe(2);
    expect(parseCsv('a\tb\n1\tx\n2\ty\n', { delimiter: '\t' }).x.shape).toEqual([2, 1]);
  });

  test('a fixed class list sets the class ids, even for classes absent from the file', () => {
    const data = parseCsv('a,label\n1,versicolor\n2,setosa\n', { classes: ['virginica', 'setosa', 'versicolor'] });
    expect(data.classes).toEqual(['virginica', 'setosa', 'versicolor']);
    expect(Array.from(data.y)).toEqual([2, 1]);
  });

  test('labelOptional: a prediction file without the label column has empty y', () => {
    const model = { label: 'species', features: ['b', 'a'], classes: ['setosa', 'virginica'], labelOptional: true };
    const unlabelled = parseCsv('a,b\n1,2\n3,4\n', model);
    expect(unlabelled.y.length).toBe(0);
    expect(unlabelled.x.shape).toEqual([2, 2]);
    expect(Array.from(unlabelled.x.data)).toEqual([2, 1, 4, 3]);
    expect(unlabelled.classes).toEqual(['setosa', 'virginica']);
    const labelled = parseCsv('a,b,species\n1,2,virginica\n', model);
    expect(Array.from(labelled.y)).toEqual([1]);
  });

  test('labelOptional accepts a single class (a prediction file may hold one)', () => {
    expect(parseCsv('a,label\n1,x\n2,x\n', { labelOptional: true }).classes).toEqual(['x']);
  });

  test('columns and labels named __proto__, constructor, prototype are plain data; Object.prototype is untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const data = await readCsv(fixture('good/prototype-columns.csv'));
    expect(data.featureNames).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(data.classes).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Array.from(data.y)).toEqual([0, 1, 2, 0]);
    expect(Array.from(data.x.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const picked = parseCsv(readFileSync(fixture('good/prototype-columns.csv'), 'utf8'), {
      label: '__proto__',
      features: ['constructor', 'prototype'],
    });
    expect(picked.labelName).toBe('__proto__');
    expect(picked.classes).toEqual(['1', '4', '7', '10']);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).label).toBeUndefined();
  });
});

describe('labels', () => {
  test.each([
    ['numbers sort by value, not as text', ['10', '2', '1', '-3', '2.5'], ['-3', '1', '2', '2.5', '10']],
    ['numbers in exponent form are numbers', ['1e2', '20', '3'], ['3', '20', '1e2']],
    ['one text label makes the whole column text, sorted by code point', ['10', '2', 'b'], ['10', '2', 'b']],
    ['upper case sorts before lower case', ['b', 'B', 'a', 'A'], ['A', 'B', 'a', 'b']],
    ['a prefix sorts first', ['ab', 'a', 'abc'], ['a', 'ab', 'abc']],
    // Python: '\uff61' < '\U0001F600' (code points); UTF-16 code units would order them the other way.
    ['astral characters sort after the rest of the BMP, as in Python', ['\u{1F600}', '\uff61', 'z'], ['z', '\uff61', '\u{1F600}']],
    ['hex is not a number, so the column is text', ['0x10', '9'], ['0x10', '9']],
  ])('%s', (_name, labels, classes) => {
    const text = 'f,label\n' + labels.map((label, i) => `${i},${label}\n`).join('');
    const data = parseCsv(text);
    expect(data.classes).toEqual(classes);
    expect(Array.from(data.y)).toEqual(labels.map((label) => classes.indexOf(label)));
  });
});

describe('bad files: a CsvError naming the file, line and column', () => {
  test.each(badFiles)('%s', async (name, options, message) => {
    const path = fixture(name);
    const error = await thrown(() => readCsv(path, options));
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe(`${path.slice(0, -name.split('/')[1].length)}${message}`);
  });

  test('a missing file and a directory', async () => {
    expect((await thrown(() => readCsv(fixture('nope.csv')))).message).toBe(`${fixture('nope.csv')}: cannot read the file: no such file`);
    expect((await thrown(() => readCsv(fixture('bad')))).message).toBe(`${fixture('bad')}: cannot read the file: it is a directory`);
  });
});

// The same checks on strings: `<string>` names the file.
const badTexts: [string, string, CsvOptions, string][] = [
  ['a NUL byte (binary data)', 'a,b,label\n1,2,x\n3\u0000,4,y\n', {}, '<string>:3: NUL byte: this looks like a binary file, not CSV text'],
  ['a bad cell before a NUL byte: the first problem', 'a,b,label\nq,2,x\n3\u0000,4,y\n', {}, '<string>:2: column 1 ("a"): "q" is not a number'],
  ['infinity in any spelling', 'a,b\n1,x\ninf,y\n', {}, '<string>:3: column 1 ("a"): "inf" is not a finite number (NaN and Infinity are not accepted as data)'],
  ['a whitespace-only cell', 'a,b,c\n1,  ,x\n', {}, '<string>:2: column 2 ("b"): empty cell (missing values are not supported: fill them in or drop the row)'],
  ['hex numbers', 'a,b\n0x10,x\n', {}, '<string>:2: column 1 ("a"): "0x10" is not a number'],
  ['a decimal comma', 'a,b\n"1,5",x\n', {}, '<string>:2: column 1 ("a"): "1,5" is not a number'],
  ['beyond float64', 'a,b\n1e999,x\n', {}, '<string>:2: column 1 ("a"): "1e999" is too large for a float64'],
  ['beyond float32', 'a,b\n1e39,x\n2,y\n', {}, '<string>:2: column 1 ("a"): "1e39" is too large for float32'],
  ['an empty label', 'a,b\n1,x\n2,\n', {}, '<string>:3: column 2 ("b"): empty label cell'],
  ['a label outside the fixed classes', 'a,b\n1,x\n2,z\n', { classes: ['x', 'y'] }, '<string>:3: column 2 ("b"): label "z" is not one of the classes "x", "y"'],
  ['a ragged row after a multi-line quoted field', 'a,b\n"1\n\n",x\n2,y,3\n', {}, '<string>:5: expected 2 fields (as in the header), found 3: column 3 is not in the header'],
  ['a ragged row without a header', '1,2,x\n3,y\n', { header: false }, '<string>:2: expected 3 fields (as in line 1), found 2: column 3 is missing'],
  ['a bad cell without a header', '1,2,x\n3,q,y\n', { header: false }, '<string>:2: column 2: "q" is not a number'],
  ['an empty string without a header', '', { header: false }, '<string>:1: the file is empty: expected data rows'],
  ['a header after blank lines, and no rows', '\n\na,b\n\n', {}, '<string>:3: a header row but no data rows'],
  ['a malformed quote', 'a,b\n1,"x"y\n', {}, '<string>:2: column 2 ("b"): malformed quoted field (text after its closing quote)'],
  ['a label index out of range', 'a,b\n1,x\n', { label: 5 }, '<string>:1: no column 5 (0-based) for the label: the file has 2 columns'],
  ['a missing feature', 'a,b\n1,x\n', { features: ['c'] }, '<string>:1: no column named "c" for the features; the columns are "a", "b"'],
  ['the label as a feature', 'a,b\n1,x\n', { features: ['a', 'b'] }, '<string>:1: column 2 ("b") is the label column; it cannot also be a feature'],
  ['a feature twice', 'a,b,c\n1,2,x\n', { features: ['a', 0] }, '<string>:1: column 1 ("a") is listed twice in features'],
  ['a label-only file', 'label\nx\ny\n', {}, '<string>:1: only one column; a dataset needs feature columns and a label column'],
];

describe('bad text', () => {
  test.each(badTexts)('%s', (_name, text, options, message) => {
    const error = (() => {
      try {
        parseCsv(text, options);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe(message);
  });

  test('many rows after a multi-line field keep their line numbers', () => {
    const rows = ['a,b', '1,"one\nlabel"', ...Array.from({ length: 50 }, (_, i) => `${i},"x\r\ny"`), 'q,z'];
    expect(() => parseCsv(rows.join('\n'))).toThrow(/^<string>:(\d+): column 1 \("a"\): "q" is not a number$/);
    // Header 1, a 2-line row (2-3), 50 two-line rows (4-103): the bad row is on line 104.
    expect(() => parseCsv(rows.join('\n'))).toThrow('<string>:104:');
  });
});

describe('warnings (legal but suspicious label columns)', () => {
  test('as many distinct labels as rows', () => {
    const text = 'f,id\n' + Array.from({ length: 100 }, (_, i) => `${i},row${i}\n`).join('');
    expect(parseCsv(text).warnings).toEqual([
      '<string>: column 2 ("id"): 100 distinct labels in 100 rows; is this the label column? A classifier needs several rows of each class',
    ]);
  });

  test('a continuous-looking label', () => {
    expect(parseCsv('f,y\n1,0.5\n2,1.5\n3,0.5\n4,1.5\n').warnings).toEqual([
      '<string>: column 2 ("y"): the label "0.5" is not a whole number; a continuous target is read as 2 classes',
    ]);
  });

  test('two spellings of one number', () => {
    const data = parseCsv('f,y\n1,1\n2,1.0\n3,2\n4,2\n');
    expect(data.classes).toEqual(['1', '1.0', '2']);
    expect(data.warnings).toEqual(['<string>: column 2 ("y"): labels "1" and "1.0" are the same number but different classes']);
  });
});

describe('options are checked before the file', () => {
  test.each([
    [{ label: -1 }, 'readCsv: label must be a column name or a 0-based column index, got -1'],
    [{ label: 1.5 }, 'readCsv: label must be a column name or a 0-based column index, got 1.5'],
    [{ features: [] }, 'readCsv: features must be a non-empty list of column names or indices (or left out for every column but the label)'],
    [{ delimiter: '' }, 'readCsv: delimiter must be a non-empty string without quotes or line breaks, got ""'],
    [{ delimiter: '"' }, 'readCsv: delimiter must be a non-empty string without quotes or line breaks, got "\\""'],
    [{ dtype: 'int8' as never }, "readCsv: dtype must be 'float32' or 'float64', got \"int8\""],
    [{ classes: ['a'] }, 'readCsv: classes must be a list of at least two class names (strings)'],
    [{ classes: ['a', 'b', 'a'] }, 'readCsv: classes lists a name twice: "a", "b", "a"'],
  ] as [CsvOptions, string][])('%o', async (options, message) => {
    expect(() => parseCsv('a,b\n1,x\n2,y\n', options)).toThrow(new ValueError(message));
    const error = await thrown(() => readCsv(fixture('nope.csv'), options));
    expect(error).toBeInstanceOf(ValueError);
  });
});

test('a file written elsewhere is named by the path as given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'softgrad-csv-'));
  const path = join(dir, 'data.csv');
  writeFileSync(path, 'a,b\n1,x\n2,y\n3\n');
  expect((await thrown(() => readCsv(path))).message).toBe(`${path}:4: expected 2 fields (as in the header), found 1: column 2 ("b") is missing`);
});

describe('bytes that are not UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softgrad-utf8-'));
  test.each([
    ['a stray continuation byte after a valid character', [0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xc3, 0xa9, 0x0a, 0x32, 0x2c, 0x8b, 0x0a], ':3: byte 0x8b at offset 11 is not UTF-8 text'],
    ['an unfinished character before a newline', [0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe2, 0x82, 0x0a], ':2: byte 0xe2 at offset 6 is not UTF-8 text'],
    ['an invalid lead byte', [0x61, 0x2c, 0x62, 0x0a, 0xff, 0x2c, 0x78, 0x0a], ':2: byte 0xff at offset 4 is not UTF-8 text'],
  ])('%s', async (name, bytes, message) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}.csv`);
    writeFileSync(path, Uint8Array.from(bytes));
    const error = await thrown(() => readCsv(path));
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message.startsWith(`${path}${message};`)).toBe(true);
  });

  test('a file that stops in the middle of a character', async () => {
    const path = join(dir, 'truncated.csv');
    writeFileSync(path, Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe2, 0x82]));
    expect((await thrown(() => readCsv(path))).message).toBe(`${path}:2: the file ends in the middle of a UTF-8 character`);
  });
});

describe('the line each row starts on (dataset.lines), for messages about a row', () => {
  const text = 'a,b,label\n1,2,x\n\n3,4,y\n"5",6,"two\nlines"\n7,8,x\r\n\r\n9,10,y\n';
  test('follows blank lines, quoted line breaks and CRLF', () => {
    const data = parseCsv(text);
    expect([0, 1, 2, 3, 4].map((row) => data.lines!.lineOf(row))).toEqual([2, 4, 5, 7, 9]);
  });
  test('takeRows keeps each row its line', () => {
    const picked = takeRows(parseCsv(text), [4, 0, 3]);
    expect([0, 1, 2].map((row) => picked.lines!.lineOf(row))).toEqual([9, 2, 7]);
  });
  test('readCsv gives the same lines as parseCsv', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'softgrad-lines-')), 'lines.csv');
    writeFileSync(path, text);
    expect((await readCsv(path)).lines).toEqual(parseCsv(text).lines);
  });
});
