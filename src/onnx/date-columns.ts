// A date column in ONNX: ISO 8601 text split into its numbers, and the year and cycles softgrad encodes, from them.
import type { ColumnEncoding } from '../data/table/column-encoding.js';
import type { OnnxGraph } from './onnx-graph.js';

// Days before each month in a common year, and Sakamoto's month offsets for the day of the week.
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const WEEKDAY_OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/**
 * The encoded columns of a date column (`[N, width]`, float64) from its text `x` (`[N, 1]` strings), as
 * `encodeColumn` writes them: the year standardised, then the sine and cosine of month, weekday, day of year (and
 * hour), then the missing indicator. A missing cell (any of `missing`) is the fill year, zero cycles and a 1.
 */
export function encodeDateColumn(g: OnnxGraph, e: ColumnEncoding & { kind: 'date' }, x: string, missing: ReadonlySet<string>): string {
  const int = (v: number) => g.constant('int64', [1], [v]);
  const double = (v: number) => g.constant('double', [1], [v]);
  const text = (v: string) => g.constant('string', [1], [v]);
  const cast = (value: string, to: number) => g.op1('Cast', [value], { to: { kind: 'int', value: to } });
  const toInt = (value: string) => cast(value, 7);
  const toDouble = (value: string) => cast(value, 11);

  const spellings = [...missing];
  const missingCode = g.op1(
    'LabelEncoder',
    [x],
    { keys_strings: { kind: 'strings', value: spellings }, values_int64s: { kind: 'ints', value: spellings.map(() => 1) }, default_int64: { kind: 'int', value: 0 } },
    'ai.onnx.ml',
  );
  const absent = g.op1('Equal', [missingCode, int(1)]);
  const date = g.op1('Where', [absent, text('2000-01-01'), x]);

  // Part `k` of the cells split at `delimiter` (at most `parts` parts), `[N, 1]`; a sentinel delimiter appended first
  // makes every cell split into exactly `parts` parts, so that part `k` exists for each row.
  const part = (cells: string, delimiter: string, parts: number, k: number) => {
    const padded = g.op1('StringConcat', [cells, text(delimiter)]);
    const [pieces] = g.op('StringSplit', [padded], { delimiter: { kind: 'string', value: delimiter }, maxsplit: { kind: 'int', value: parts - 1 } }, { outputs: 2 });
    return g.op1('Gather', [pieces, g.constant('int64', [], [k])], { axis: { kind: 'int', value: 2 } });
  };
  // "0" first: an empty part (no hour) reads as 0.
  const number = (cells: string) => toInt(g.op1('StringConcat', [text('0'), cells]));

  const year = number(part(date, '-', 3, 0));
  const month = number(part(date, '-', 3, 1));
  const rest = part(date, '-', 3, 2);
  const dayAndTime = part(rest, 'T', 2, 0);
  const day = number(part(dayAndTime, ' ', 2, 0));
  const time = g.op1('StringConcat', [part(rest, 'T', 2, 1), part(dayAndTime, ' ', 2, 1)]);
  const hour = number(part(time, ':', 2, 0));

  const monthIndex = g.op1('Sub', [month, int(1)]);
  const isMultiple = (n: number) => g.op1('Equal', [g.op1('Mod', [year, int(n)]), int(0)]);
  const leap = g.op1('Or', [g.op1('And', [isMultiple(4), g.op1('Not', [isMultiple(100)])]), isMultiple(400)]);
  const afterFebruary = g.op1('Greater', [month, int(2)]);
  const leapDay = toInt(g.op1('And', [leap, afterFebruary]));
  const daysBefore = g.op1('Gather', [g.constant('int64', [12], DAYS_BEFORE_MONTH), monthIndex]);
  const dayOfYear = g.op1('Add', [g.op1('Add', [daysBefore, day]), leapDay]);
  // Sakamoto: (y + y/4 - y/100 + y/400 + t[m-1] + d) mod 7, with y one less in January and February; 0 is Sunday.
  const y = g.op1('Sub', [year, toInt(g.op1('Less', [month, int(3)]))]);
  const quarter = (n: number) => g.op1('Div', [y, int(n)]);
  const weekdaySum = [quarter(4), quarter(100), quarter(400), g.op1('Gather', [g.constant('int64', [12], WEEKDAY_OFFSETS), monthIndex]), day].reduce(
    (sum, term, i) => g.op1(i === 1 ? 'Sub' : 'Add', [sum, term]),
    y,
  );
  const weekday = g.op1('Mod', [weekdaySum, int(7)]);

  const zero = double(0);
  const columns = [g.op1('Div', [g.op1('Sub', [g.op1('Where', [absent, double(e.fillYear), toDouble(year)]), double(e.mean)]), double(e.scale)])];
  const cycles: [string, number][] = [
    [g.op1('Sub', [month, int(1)]), 12],
    [weekday, 7],
    [g.op1('Sub', [dayOfYear, int(1)]), 366],
    ...(e.hasTime ? ([[hour, 24]] as [string, number][]) : []),
  ];
  for (const [value, period] of cycles) {
    // onnxruntime has Sin and Cos for float32 only: the angle is rounded to float32, as softgrad's output is.
    const angle = cast(g.op1('Mul', [toDouble(value), double((2 * Math.PI) / period)]), 1);
    for (const wave of ['Sin', 'Cos']) columns.push(g.op1('Where', [absent, zero, toDouble(g.op1(wave, [angle]))]));
  }
  if (e.missing) columns.push(toDouble(absent));
  return g.op1('Concat', columns, { axis: { kind: 'int', value: 1 } });
}
