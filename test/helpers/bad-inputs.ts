// The catalogue of bad inputs under test/fixtures/bad/, with the exact messages the library gives;
// the CSV reader's tests and the command line's tests both check against it.
import type { CsvOptions } from '../../src/index.js';

// Each case: the file (a fixture, or text written to a temp file of that name), options, the exact message.
export const badFiles: [string, CsvOptions, string][] = [
  ['bad/empty.csv', {}, 'empty.csv:1: the file is empty: expected a header row and data rows'],
  ['bad/blank-lines-only.csv', {}, 'blank-lines-only.csv:1: the file is empty: expected a header row and data rows'],
  ['bad/header-only.csv', {}, 'header-only.csv:1: a header row but no data rows'],
  ['bad/non-numeric.csv', {}, 'non-numeric.csv:3: column 3 ("petal_length"): "abc" is not a number'],
  ['bad/nan.csv', {}, 'nan.csv:3: column 2 ("b"): "NaN" is not a finite number (NaN and Infinity are not accepted as data)'],
  ['bad/infinity.csv', {}, 'infinity.csv:3: column 1 ("a"): "-Infinity" is not a finite number (NaN and Infinity are not accepted as data)'],
  ['bad/empty-cell.csv', {}, 'empty-cell.csv:3: column 2 ("b"): empty cell (missing values are not supported: fill them in or drop the row)'],
  ['bad/ragged-long.csv', {}, 'ragged-long.csv:4: expected 3 fields (as in the header), found 4: column 4 is not in the header'],
  ['bad/ragged-short.csv', {}, 'ragged-short.csv:3: expected 3 fields (as in the header), found 2: column 3 ("label") is missing'],
  ['bad/duplicate-columns.csv', {}, 'duplicate-columns.csv:1: column 3 ("a") has the same name as column 1; column names must be unique'],
  [
    'bad/missing-label.csv',
    { label: 'species' },
    'missing-label.csv:1: no column named "species" for the label; the columns are "sepal_length", "sepal_width", "kind"',
  ],
  [
    'bad/single-class.csv',
    {},
    'single-class.csv:1: column 3 ("label"): every data row (lines 2-4) has the label "setosa"; a classifier needs at least two classes',
  ],
  [
    'bad/one-row.csv',
    {},
    'one-row.csv:1: column 3 ("label"): every data row (line 2) has the label "setosa"; a classifier needs at least two classes',
  ],
  ['bad/unclosed-quote.csv', {}, 'unclosed-quote.csv:3: column 3 ("label"): quoted field never closed'],
  // Line 3 starts a label spanning lines 3-5; the bad cell is on line 6.
  ['bad/cell-after-multiline-quote.csv', {}, 'cell-after-multiline-quote.csv:6: column 2 ("x2"): "oops" is not a number'],
  [
    'bad/semicolons.csv',
    {},
    'semicolons.csv:1: only one column (it contains ";": pass delimiter: ";"); a dataset needs feature columns and a label column',
  ],
  [
    'bad/latin1.csv',
    {},
    'latin1.csv:3: byte 0xe9 at offset 23 is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV',
  ],
  [
    'bad/iris.csv.gz',
    {},
    'iris.csv.gz:1: byte 0x8b at offset 1 is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV',
  ],
];


// Damaged model files (made from a valid one by a mutation each), and how loading them must fail.
export const badModelFiles: [string, string][] = [
  ['truncated.json', 'truncated.json: not a model file: the text is not valid JSON (truncated or damaged?)'],
  ['not-json.json', 'not-json.json: not a model file: it does not start with a JSON object'],
  ['version-99.json', 'version-99.json: model file version 99 is not supported (this softgrad reads versions 1 to 2)'],
  ['wrong-length.json', 'wrong-length.json: parameter 0.weight: data has 12 bytes but shape [3,4] needs 12 float32 values (48 bytes)'],
  ['non-finite.json', "non-finite.json: parameter 0.bias: element 1 is Infinity; a model's weights must be finite"],
  ['huge-shape.json', 'huge-shape.json: parameter 0.weight: shape [1000000,1000000] has 1000000000000 elements, more than a model file may hold (268435456)'],
  ['changed-weight.json', 'changed-weight.json: checksum mismatch: the file was changed or damaged after it was saved'],
];
