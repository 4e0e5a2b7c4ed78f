// parseCsv on arbitrary text: a well-formed dataset or a CsvError, never another error, never a hang.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvError, parseCsv, type CsvOptions, type Dataset } from '../src/index.js';

/** The property: either a dataset whose parts agree with each other, or a CsvError with a located message. */
function datasetOrCsvError(text: string, options: CsvOptions = {}): void {
  let data: Dataset;
  try {
    data = parseCsv(text, options);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    expect(error.message).toMatch(/^<string>:\d+(:|$)/);
    return;
  }
  const [n, d] = data.x.shape;
  expect(n).toBeGreaterThan(0);
  expect(d).toBe(data.featureNames.length);
  expect(data.x.data.every(Number.isFinite)).toBe(true);
  expect(data.y.length === n || (options.labelOptional === true && data.y.length === 0)).toBe(true);
  for (const label of data.y) expect(label >= 0 && label < data.classes.length).toBe(true);
  if (!options.labelOptional) expect(data.classes.length).toBeGreaterThanOrEqual(2);
}

const runs = { numRuns: 1500 };

// Pieces CSV files are made of, so that random text reaches the deeper checks, not only the first one.
const csvPieces = fc.constantFrom(
  ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', ' ', '1', '2.5', '-3e2', '0x1', '.', 'e', 'NaN', 'inf', 'Infinity',
  'a', 'b', 'label', '__proto__', 'constructor', '\uFEFF', '\u0000', ';', '\t', '\u{1F600}', '\uD800',
);

// Files of the right shape whose cells are mostly good, so that both outcomes happen often.
const goodNumber = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }).map(String), fc.integer().map(String));
const badCell = fc.constantFrom('', ' ', 'NaN', '-Infinity', '0x10', '1e39', 'x', '"q,r"', '"multi\nline"', '"open', '1,2');
const featureCell = fc.oneof({ arbitrary: goodNumber, weight: 30 }, { arbitrary: badCell, weight: 1 });
const labelCell = fc.oneof(
  { arbitrary: fc.constantFrom('x', 'y', 'z', '1', '10', '__proto__', '"a, b"', '"two\nlines"'), weight: 30 },
  { arbitrary: badCell, weight: 1 },
);
const shapedFile = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.array(featureCell, { minLength: d, maxLength: d }), labelCell), { maxLength: 10 }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.constantFrom('', '\n', '\n\n', '\r\n  \r\n'),
      fc.boolean(),
    )
    .map(([rows, newline, tail, bom]) => {
      const header = [...Array.from({ length: d }, (_, j) => `c${j}`), 'label'].join(',');
      const body = rows.map(([features, label]) => [...features, label].join(','));
      return (bom ? '\uFEFF' : '') + [header, ...body].join(newline) + tail;
    }),
);
const options: fc.Arbitrary<CsvOptions> = fc.record(
  {
    header: fc.boolean(),
    label: fc.oneof(fc.nat(5), fc.constantFrom('label', 'c0', '__proto__', '0')),
    labelOptional: fc.boolean(),
    classes: fc.constantFrom(['x', 'y', 'z'], ['1', '10', '__proto__', 'x']),
    dtype: fc.constantFrom('float32' as const, 'float64' as const),
  },
  { requiredKeys: [] },
);

describe('parseCsv returns a dataset or throws CsvError, nothing else', () => {
  test('on any Unicode text (lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => datasetOrCsvError(text)), runs);
  });

  test('on text built from CSV syntax', () => {
    fc.assert(fc.property(fc.string({ unit: csvPieces, maxLength: 80 }), (text) => datasetOrCsvError(text)), runs);
  });

  test('on CSV-shaped files with mostly good cells, with and without options; both outcomes occur', () => {
    const outcomes = { dataset: 0, error: 0 };
    const count = (text: string, opts?: CsvOptions): void => {
      datasetOrCsvError(text, opts);
      try {
        parseCsv(text, opts);
        outcomes.dataset++;
      } catch {
        outcomes.error++;
      }
    };
    fc.assert(fc.property(shapedFile, (text) => count(text)), runs);
    fc.assert(fc.property(shapedFile, options, (text, opts) => count(text, opts)), runs);
    expect(outcomes.dataset).toBeGreaterThan(runs.numRuns / 4);
    expect(outcomes.error).toBeGreaterThan(runs.numRuns / 4);
  });

  test('binary garbage (random bytes read as Latin-1) is always a CsvError, never a dataset', () => {
    const garbage = fc.uint8Array({ minLength: 32, maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
    fc.assert(
      fc.property(garbage, (text) => {
        expect(() => parseCsv(text)).toThrow(CsvError);
      }),
      runs,
    );
  });

  test('on a valid file with one random edit', () => {
    const valid = 'a,b,label\n1,2,x\n3,4,y\n5,6,"x"\n';
    const edit = fc.tuple(fc.nat(valid.length), fc.nat(3), fc.string({ unit: csvPieces, maxLength: 3 }));
    fc.assert(
      fc.property(edit, ([at, cut, insert]) => datasetOrCsvError(valid.slice(0, at) + insert + valid.slice(at + cut))),
      runs,
    );
  });
});
