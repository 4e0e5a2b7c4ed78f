// streamCsv: the same rows, classes, warnings and error messages as readCsv, from a file read in pieces.
import { describe, test, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Classifier,
  CsvError,
  parseCsv,
  readCsv,
  RunningMoments,
  scalerFromStatistics,
  StandardScaler,
  mapFeatures,
  streamSplit,
  streamBatches,
  streamCsv,
  streamStatistics,
  ValueError,
  type CsvOptions,
  type Dataset,
  type StreamingDataset,
} from '../src/index.js';
import { CsvReader } from '../src/data/csv-reader.js';
import { MAX_ROW_CHARS } from '../src/data/stream-csv.js';
import { badFiles } from './helpers/bad-inputs.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const irisCsv = fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-stream-csv-'));
});

function write(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Every row of a stream, gathered into one dataset (only for small test files). */
async function gather(stream: StreamingDataset, chunkRows?: number): Promise<{ x: number[]; y: number[]; starts: number[]; sizes: number[] }> {
  const x: number[] = [];
  const y: number[] = [];
  const starts: number[] = [];
  const sizes: number[] = [];
  for await (const chunk of stream.chunks(chunkRows)) {
    x.push(...chunk.x.data);
    y.push(...chunk.y);
    starts.push(chunk.start);
    sizes.push(chunk.x.shape[0]);
  }
  return { x, y, starts, sizes };
}

/** The error `promise` rejects with, failing the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got a result');
}

/** streamCsv gives readCsv's dataset: same features (bit for bit), labels, classes, names, warnings. */
async function expectSameAsReadCsv(path: string, options: CsvOptions = {}, chunkRows?: number): Promise<Dataset> {
  const memory = await readCsv(path, options);
  const stream = await streamCsv(path, options);
  expect(stream.rows).toBe(memory.x.shape[0]);
  expect(stream.classes).toEqual(memory.classes);
  expect(stream.featureNames).toEqual(memory.featureNames);
  expect(stream.labelName).toBe(memory.labelName);
  expect(stream.warnings).toEqual(memory.warnings);
  const rows = await gather(stream, chunkRows);
  expect(new Float64Array(rows.x)).toEqual(new Float64Array(memory.x.data));
  expect(rows.y).toEqual(Array.from(memory.y));
  return memory;
}

describe('every file of the bad-input catalogue fails with the catalogue message, as readCsv does', () => {
  test.each(badFiles)('%s', async (name, options, message) => {
    const path = fixture(name);
    const error = await rejection(streamCsv(path, options));
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe(`${path.slice(0, -basename(name).length)}${message}`);
  });
});

describe('valid files give the rows readCsv gives', () => {
  test.each([
    ['iris', irisCsv, {}],
    ['iris, float64, label by name', irisCsv, { dtype: 'float64', label: 'species' }],
    ['iris, two features chosen by name and index', irisCsv, { features: ['petal_width', 0] }],
    ['BOM and CRLF', fixture('good/bom-crlf.csv'), {}],
    ['quoted fields with commas and CRLF newlines', fixture('good/quoted-crlf.csv'), {}],
    ['columns named __proto__, constructor, prototype', fixture('good/prototype-columns.csv'), {}],
    ['as many labels as rows (a warning)', fixture('bad/many-labels.csv'), {}],
    ['iris, no label (label: null), two features', irisCsv, { label: null, features: ['sepal_length', 'petal_width'] }],
    ['iris, labelOptional and the label there', irisCsv, { label: 'species', labelOptional: true }],
    ['iris, labelOptional and the label missing', irisCsv, { label: 'kind', labelOptional: true, features: [0, 1] }],
  ] as [string, string, CsvOptions][])('%s', async (_name, path, options) => {
    await expectSameAsReadCsv(path, options);
  });

  test.each([
    ['semicolons, no header', '', '1;2;a\n3;4;b\n', { delimiter: ';', header: false }],
    ['old Mac CR line endings', 'a,b,c\r', '1,2,x\r3,4,y\r', {}],
    ['blank lines between rows', 'a,b,c\n\n', '1,2,x\n   \n3,4,y\n', {}],
    ['numeric labels sort as numbers', 'a,b,c\n', '1,2,10\n3,4,2\n5,6,-1.5\n', {}],
  ] as [string, string, string, CsvOptions][])('%s', async (name, head, body, options) => {
    await expectSameAsReadCsv(write(`${name}.csv`, head + body), options);
  });

  test('a fixed class list: class ids follow it, and a label outside it is the readCsv error', async () => {
    const path = write('fixed.csv', 'a,b,label\n1,2,y\n3,4,x\n5,6,z\n');
    await expectSameAsReadCsv(path, { classes: ['z', 'y', 'x'] });
    const memory = await rejection(readCsv(path, { classes: ['x', 'y'] }));
    const stream = await rejection(streamCsv(path, { classes: ['x', 'y'] }));
    expect(stream.message).toBe(memory.message);
    expect(stream.message).toBe(`${path}:4: column 3 ("label"): label "z" is not one of the classes "x", "y"`);
  });

  test('options are checked before the file is opened', async () => {
    await expect(streamCsv('no-such.csv', { delimiter: '"' })).rejects.toThrow(new ValueError('streamCsv: delimiter must be a non-empty string without quotes or line breaks, got "\\""'));
    await expect(streamCsv('no-such.csv', { classes: ['a'] })).rejects.toThrow(ValueError);
  });

  test('a stream without labels can be read, not trained on', async () => {
    const unlabelled = await streamCsv(irisCsv, { label: null, features: [0, 1] });
    expect(unlabelled.classes).toEqual([]);
    // What reads a stream counts its rows by x, not by the empty y.
    expect((await streamStatistics(mapFeatures(unlabelled, (x) => x))).mean).toEqual(unlabelled.statistics.mean);
    const { train, test } = streamSplit(unlabelled, { testSize: 0.2, seed: 0 });
    const [a, b] = [await gather(train), await gather(test)];
    expect([a.y, b.y, a.x.length + b.x.length]).toEqual([[], [], 2 * 150]);
    await expect(new Classifier({ epochs: 1 }).fit(unlabelled)).rejects.toThrow(new ValueError('Classifier.fit: the training data has no labels'));
    await expect(streamBatches(unlabelled, { batchSize: 4 })[Symbol.asyncIterator]().next()).rejects.toThrow(new ValueError(`streamBatches: the stream (${irisCsv}) has no labels`));
  });

  test.each([
    ['a missing file', join('does', 'not', 'exist.csv'), 'cannot read the file: no such file'],
    ['a directory', '.', 'cannot read the file: it is a directory'],
  ])('%s is a CsvError naming it', async (_name, path, what) => {
    await expect(streamCsv(path)).rejects.toThrow(new CsvError(`${path}: ${what}`));
  });
});

/**
 * A file of several MiB, so rows, quoted fields, CRLF pairs and multi-byte characters fall across the 1 MiB
 * pieces the stream reads: labels alternate between a plain name, a quoted label with a comma and a CRLF inside,
 * and a label with accented and astral (4-byte UTF-8) characters.
 */
function awkwardCsv(rows: number): string {
  const labels = ['plain', '"two\r\nlines, quoted ""label"""', 'é𝄞ü'];
  const lines = ['\ufeffx1,x2,x3,label'];
  for (let i = 0; i < rows; i++) lines.push(`${(i * 0.37) % 101},${-i / 7},${i % 13}e-3,${labels[i % 3]}`);
  return lines.join('\r\n') + '\r\n';
}

describe('rows that cross the pieces the file is read in', () => {
  let path: string;
  beforeAll(() => {
    path = write('awkward.csv', awkwardCsv(120_000));
  });

  test('a 5 MB file with CRLF, a BOM, multi-line quoted labels and 4-byte characters reads as readCsv reads it', async () => {
    const memory = await expectSameAsReadCsv(path, {}, 1000);
    expect(memory.classes).toEqual(['plain', 'two\r\nlines, quoted "label"', 'é𝄞ü']);
  }, 60_000);

  test('chunks hold chunkRows rows each (the last fewer), numbered consecutively', async () => {
    const stream = await streamCsv(path);
    const { starts, sizes } = await gather(stream, 7000);
    expect(sizes.slice(0, -1).every((n) => n === 7000)).toBe(true);
    expect(sizes.at(-1)).toBe(120_000 - 7000 * 17);
    expect(starts).toEqual(sizes.map((_, i) => i * 7000));
  }, 60_000);
});

describe('a bad row deep in a big file is reported at its line, with readCsv message', () => {
  // 200,000 rows of about 25 bytes: the bad cell is about 3.75 MB into the file, in the 4th piece.
  const rows = 200_000;
  const badRow = 150_000;
  const head = 'x1,x2,x3,label\n';
  const row = (i: number): string => `${i % 97}.25,${i % 89}.5,${(i * 7) % 83}.125,${i % 2 ? 'odd' : 'even'}\n`;
  /** Rows before the bad one, the bad text, the rest; the bad row is on line `badRow + 2`. */
  function fileWith(name: string, bad: string | Uint8Array): string {
    const path = write(name, head);
    let text = '';
    for (let i = 0; i < badRow; i++) text += row(i);
    appendFileSync(path, text);
    appendFileSync(path, bad);
    text = '';
    for (let i = badRow + 1; i < rows; i++) text += row(i);
    appendFileSync(path, text);
    return path;
  }
  const line = badRow + 2;

  test.each([
    ['a cell that is not a number', '1.5,2.5,abc,odd\n', 'column 3 ("x3"): "abc" is not a number'],
    ['an empty cell', '1.5,,3,odd\n', 'column 2 ("x2"): empty cell (missing values are not supported: fill them in or drop the row)'],
    ['a ragged row', '1.5,2.5,odd\n', 'expected 4 fields (as in the header), found 3: column 4 ("label") is missing'],
    ['NaN', '1.5,NaN,3,odd\n', 'column 2 ("x2"): "NaN" is not a finite number (NaN and Infinity are not accepted as data)'],
    ['a float32 overflow', '1e39,2.5,3,odd\n', 'column 1 ("x1"): "1e39" is too large for float32'],
    ['a NUL byte', '1.5,2.5\u0000,3,odd\n', 'NUL byte: this looks like a binary file, not CSV text'],
    ['a quote that never closes', '1.5,2.5,3,"odd\n', 'column 4 ("label"): quoted field never closed'],
  ])('%s', async (name, bad, what) => {
    const path = fileWith(`${name}.csv`, bad);
    const memory = await rejection(readCsv(path));
    const stream = await rejection(streamCsv(path));
    expect(stream).toBeInstanceOf(CsvError);
    expect(stream.message).toBe(`${path}:${line}: ${what}`);
    expect(stream.message).toBe(memory.message);
  }, 60_000);

  test('a byte that is not UTF-8: its line and offset in the whole file', async () => {
    const before = head.length + Array.from({ length: badRow }, (_, i) => row(i).length).reduce((a, b) => a + b, 0);
    const path = fileWith('latin1-deep.csv', Uint8Array.from([...Buffer.from('1.5,2.5,3,caf'), 0xe9, 0x0a]));
    const memory = await rejection(readCsv(path));
    const stream = await rejection(streamCsv(path));
    expect(stream.message).toBe(`${path}:${line}: byte 0xe9 at offset ${before + 13} is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV`);
    expect(stream.message).toBe(memory.message);
  }, 60_000);

  test('a file that ends inside a multi-byte character', async () => {
    const path = write('cut.csv', Uint8Array.from([...Buffer.from('a,b,label\n1,2,x\n3,4,'), 0xf0, 0x9d]));
    const stream = await rejection(streamCsv(path));
    expect(stream.message).toBe(`${path}:3: the file ends in the middle of a UTF-8 character`);
    expect(stream.message).toBe((await rejection(readCsv(path))).message);
  });

  test.each([
    ['never closes', '"z' + 'z'.repeat(9 << 20) + '\n'],
    ['closes after 9 MiB (readCsv reads it)', '"z' + 'z'.repeat(9 << 20) + '"\n'],
  ])('a quoted field that %s stops the stream after 8 MiB instead of holding the rest of the file', async (name, field) => {
    const path = write(`open-quote ${name}.csv`, 'a,b,label\n1,2,x\n3,4,y\n5,6,' + field);
    const stream = await rejection(streamCsv(path));
    expect(stream.message).toBe(`${path}:4: column 3 ("label"): quoted field not closed within ${MAX_ROW_CHARS} characters (the longest row streamCsv reads)`);
  }, 60_000);

  test('readCsv, which holds the rows anyway, reads a row the stream refuses', async () => {
    const path = write('long-field.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,"z' + 'z'.repeat(9 << 20) + '"\n');
    const data = await readCsv(path);
    expect(data.classes).toEqual(['x', 'y', 'z'.repeat((9 << 20) + 1)]);
    expect(Array.from(data.y)).toEqual([0, 1, 2]);
  }, 60_000);

  test('of two problems in different pieces of the file, both report the first: a bad cell before a NUL byte', async () => {
    const path = write('bad-then-nul.csv', head + row(0) + '1.5,abc,3,odd\n' + Array.from({ length: badRow }, (_, i) => row(i)).join('') + '1,2\u0000,3,odd\n');
    const memory = await rejection(readCsv(path));
    const stream = await rejection(streamCsv(path));
    expect(stream.message).toBe(`${path}:3: column 2 ("x2"): "abc" is not a number`);
    expect(memory.message).toBe(stream.message);
  }, 60_000);

  test('a row of 9 MiB without a quote or a line break stops the stream the same way', async () => {
    const path = write('long-row.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,' + 'z'.repeat(9 << 20));
    const stream = await rejection(streamCsv(path));
    expect(stream.message).toBe(`${path}:4: the row does not end within ${MAX_ROW_CHARS} characters (the longest row streamCsv reads)`);
  }, 60_000);
});

describe('a file that changes between passes', () => {
  test('is an error on the next pass, not different data', async () => {
    const path = write('changing.csv', 'a,b,label\n1,2,x\n3,4,y\n');
    const stream = await streamCsv(path);
    appendFileSync(path, '5,6,x\n');
    await expect(gather(stream)).rejects.toThrow(new CsvError(`${path}: the file changed after streamCsv read it; call streamCsv again`));
  });
});

describe('statistics measured while checking the file (Welford) equal StandardScaler on the same rows', () => {
  // Two-pass float64 mean and population variance, the definition StandardScaler and numpy use.
  function twoPass(x: ArrayLike<number>, n: number, d: number): { mean: number[]; variance: number[] } {
    const mean = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * d + j];
      return s / n;
    });
    const variance = mean.map((m, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * d + j] - m) ** 2;
      return s / n;
    });
    return { mean, variance };
  }
  const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number) =>
    Array.from(actual).forEach((a, j) => expect(Math.abs(a - expected[j])).toBeLessThanOrEqual(rtol * Math.abs(expected[j]) + 1e-300));

  test.each([
    ['iris, float32', irisCsv, { dtype: 'float32' }],
    ['iris, float64', irisCsv, { dtype: 'float64' }],
    ['the 5 MB awkward file', 'awkward', {}],
  ] as [string, string, CsvOptions][])('%s', async (_name, which, options) => {
    const path = which === 'awkward' ? write('stats.csv', awkwardCsv(120_000)) : which;
    const memory = await readCsv(path, options);
    const stream = await streamCsv(path, options);
    const [n, d] = memory.x.shape;
    const reference = twoPass(memory.x.data, n, d);
    const stats = await streamStatistics(stream);
    expect(stats.rows).toBe(n);
    close(stats.mean, reference.mean, 1e-12);
    close(stats.variance, reference.variance, 1e-12);
    const scaler = new StandardScaler().fit(memory.x);
    const streamed = scalerFromStatistics(stats);
    close(streamed.mean, scaler.mean, 1e-12);
    close(streamed.scale, scaler.scale, 1e-12);
    const counts = memory.classes.map((_, c) => memory.y.filter((y) => y === c).length);
    expect(stats.classCounts).toEqual(counts);
  }, 60_000);

  test('a constant feature gets scale 1, as StandardScaler gives it', async () => {
    const path = write('constant.csv', 'a,b,label\n' + Array.from({ length: 1000 }, (_, i) => `0.1,${i},${i % 2}`).join('\n'));
    const stats = await streamStatistics(await streamCsv(path));
    expect(stats.variance[0]).toBe(0);
    expect(Array.from(scalerFromStatistics(stats).scale)).toEqual([1, Array.from(new StandardScaler().fit((await readCsv(path)).x).scale)[1]]);
  });

  test('a stream without statistics is measured in one pass of chunks', async () => {
    const stream = await streamCsv(irisCsv);
    let passes = 0;
    const bare: StreamingDataset = {
      ...stream,
      classes: stream.classes,
      featureNames: stream.featureNames,
      labelName: stream.labelName,
      rows: stream.rows,
      statistics: undefined,
      chunks: (rows?: number) => {
        passes++;
        return stream.chunks(rows);
      },
    };
    const stats = await streamStatistics(bare);
    expect(passes).toBe(1);
    expect(stats).toEqual(stream.statistics);
  });

  test('RunningMoments refuses to report on no rows', () => {
    expect(() => new RunningMoments(2, 2).result()).toThrow(new ValueError('streamStatistics: no rows to measure'));
  });
});

describe('text pushed in pieces reads as the whole text does (parseCsv), wherever the pieces end', () => {
  // The reader parses nothing before 1 MiB of text has come (papaparse guesses the line ending from it): a first
  // row of just under 1 MiB (its label quoted) brings the generated rows into pieces of a few characters.
  const pad = 'p'.repeat((1 << 20) - 40);
  const newline = fc.constantFrom('\n', '\r\n', '\r');
  const cell = fc.oneof(
    { weight: 60, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }).map(String), fc.integer().map(String)) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x', 'NaN', '1e39', '"1,5"', '"open', '1\u00002', '1,2') },
  );
  const label = fc.oneof(
    { weight: 60, arbitrary: fc.constantFrom('x', 'y', '10', '2', '"a, b"', '"two\r\nlines"', '"cr\rlf"', '"q""uote"', '\u{1F600}', 'x\ufeffy', ' ') },
    { weight: 1, arbitrary: fc.constantFrom('', '"x"y', '"open', 'z\u0000') },
  );
  // Parts, not the text, so that a counterexample prints without the padding. Rows mostly end as the file's
  // first lines do; another line ending now and then runs rows together, as it would in a real file.
  const csvParts = newline.chain((first) =>
    fc.record({
      bom: fc.boolean(),
      first: fc.constant(first),
      rows: fc.array(
        fc.tuple(cell, cell, label, fc.oneof({ weight: 20, arbitrary: fc.constant(first) }, { weight: 1, arbitrary: newline })),
        { maxLength: 30 },
      ).map((rows) => rows.map(([a, b, l, nl]) => `${a},${b},${l}${nl}`)),
      tail: fc.constantFrom('', '\n', '\r\n  \r\n'),
    }),
  );
  const textOf = ({ bom, first, rows, tail }: { bom: boolean; first: string; rows: string[]; tail: string }): string =>
    (bom ? '\ufeff' : '') + `a,b,label${first}0,0,"${pad}"${first}` + rows.join('') + tail;
  const options = fc.constantFrom<CsvOptions>({}, { dtype: 'float64' }, { labelOptional: true }, { label: 'label', features: ['b'] });

  /** The rows, classes and warnings of a read, or its error message. */
  function outcome(read: () => { x: ArrayLike<number>; y: ArrayLike<number>; classes: string[]; warnings?: string[] }) {
    try {
      const { x, y, classes, warnings } = read();
      return { x: Array.from(x), y: Array.from(y), classes, warnings };
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      return { error: error.message };
    }
  }

  /** The reader fed `text` cut at `first`, then into pieces of the given lengths in turn; the chunks joined. */
  function inPieces(text: string, first: number, lengths: number[], options: CsvOptions, chunkRows: number) {
    const reader = new CsvReader('<string>', options, { chunkRows });
    const chunks = reader.push(text.slice(0, first));
    for (let at = first, i = 0; at < text.length; at += lengths[i++ % lengths.length]) chunks.push(...reader.push(text.slice(at, at + lengths[i % lengths.length])));
    chunks.push(...reader.finish());
    const { schema, classes, recode, warnings } = reader.summary();
    expect(chunks.map((chunk) => chunk.start)).toEqual(chunks.map((_, i) => chunks.slice(0, i).reduce((n, c) => n + c.rows, 0)));
    const codes = schema.labelColumn < 0 ? [] : chunks.flatMap((chunk) => Array.from(chunk.y));
    return { x: chunks.flatMap((chunk) => Array.from(chunk.x)), y: codes.map((code) => (recode === null ? code : recode[code])), classes, warnings };
  }

  test('the same rows, classes and warnings, or the same error; both outcomes occur', () => {
    const lengths = fc.array(fc.nat(12), { minLength: 1, maxLength: 8 }).filter((all) => all.some((n) => n > 0));
    const outcomes = { dataset: 0, error: 0 };
    const runs = 150;
    fc.assert(
      fc.property(csvParts, fc.nat(120), lengths, options, fc.integer({ min: 1, max: 4 }), (parts, back, pieceLengths, opts, chunkRows) => {
        const text = textOf(parts);
        const whole = outcome(() => {
          const data = parseCsv(text, opts);
          return { x: data.x.data, y: data.y, classes: data.classes, warnings: data.warnings };
        });
        expect(outcome(() => inPieces(text, (1 << 20) - back, pieceLengths, opts, chunkRows))).toEqual(whole);
        outcomes['error' in whole ? 'error' : 'dataset']++;
      }),
      { numRuns: runs },
    );
    expect(outcomes.dataset).toBeGreaterThan(runs / 4);
    expect(outcomes.error).toBeGreaterThan(runs / 4);
  }, 120_000);
});
