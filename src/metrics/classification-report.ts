// A text table of per-class precision, recall, F1 and support, laid out exactly as sklearn's classification_report.
import { ValueError } from '../errors.js';
import { checkLabelPair } from './labels.js';
import { precisionRecallF1, type AveragedScores } from './precision-recall-f1.js';

/** Options of `classificationReport` (scikit-learn's `target_names`, `digits` and `zero_division`). */
export interface ClassificationReportOptions {
  /** A name per class, in class order; its length is the number of classes. Default: the class indices. */
  classNames?: readonly string[];
  /** The number of classes, when `classNames` is not given; default: one more than the largest index seen. */
  numClasses?: number;
  /** Digits after the decimal point of the scores. Default 2. */
  digits?: number;
  /** The value of a score whose denominator is zero: `0` (default), `1` or `NaN`, as in `precisionRecallF1`. */
  zeroDivision?: number;
}

const headings = ['precision', 'recall', 'f1-score', 'support'];
const columnWidth = 9;

/**
 * A text report of precision, recall, F1 and support per class, then the accuracy and the macro and
 * weighted averages, character for character as scikit-learn's `classification_report` (the returned
 * string ends with a newline). When some class appears in neither `yTrue` nor `yPred`, the accuracy row
 * becomes a `micro avg` row, as sklearn prints for `labels=range(numClasses)`.
 * @example
 * console.log(classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { classNames: ['class 0', 'class 1', 'class 2'] }));
 * //               precision    recall  f1-score   support
 * //
 * //      class 0       0.50      1.00      0.67         1
 * //      class 1       0.00      0.00      0.00         1
 * //      class 2       1.00      0.67      0.80         3
 * //
 * //     accuracy                           0.60         5
 * //    macro avg       0.50      0.56      0.49         5
 * // weighted avg       0.70      0.60      0.61         5
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ClassificationReportOptions = {},
): string {
  const { classNames, digits = 2, zeroDivision = 0 } = options;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new ValueError(`classificationReport: digits must be an integer in [0, 20], got ${digits}`);
  }
  if (classNames !== undefined && classNames.length === 0) throw new ValueError('classificationReport: classNames is empty');
  if (classNames !== undefined && options.numClasses !== undefined && options.numClasses !== classNames.length) {
    throw new ValueError(
      `classificationReport: numClasses = ${options.numClasses} does not match the ${classNames.length} classNames`,
    );
  }
  const numClasses = classNames === undefined
    ? checkLabelPair('classificationReport', yTrue, yPred, options.numClasses)
    : checkLabelPair('classificationReport', yTrue, yPred, classNames.length, `${classNames.length} classNames`);
  const names = classNames ?? Array.from({ length: numClasses }, (_, k) => String(k));
  const scores = precisionRecallF1(yTrue, yPred, { numClasses, zeroDivision });

  const width = names.reduce((w, name) => Math.max(w, textLength(name)), Math.max('weighted avg'.length, digits));
  const number = (value: number): string => padStart(formatFixed(value, digits), columnWidth);
  const line = (heading: string, cells: string[]): string =>
    padStart(heading, width) + ' ' + cells.map((cell) => ' ' + padStart(cell, columnWidth)).join('') + '\n';
  const total = String(yTrue.length);
  const averageLine = (heading: string, avg: AveragedScores): string =>
    line(heading, [avg.precision, avg.recall, avg.f1].map(number).concat(total));

  let report = line('', headings) + '\n';
  for (let k = 0; k < numClasses; k++) {
    report += line(names[k], [scores.precision[k], scores.recall[k], scores.f1[k]].map(number).concat(String(scores.support[k])));
  }
  report += '\n';
  report += everyClassOccurs(yTrue, yPred, numClasses)
    ? line('accuracy', ['', '', number(scores.accuracy), total])
    : averageLine('micro avg', scores.micro);
  return report + averageLine('macro avg', scores.macro) + averageLine('weighted avg', scores.weighted);
}

/** Whether each class 0..numClasses-1 is the true or the predicted class of some sample. */
function everyClassOccurs(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): boolean {
  const seen = new Uint8Array(numClasses);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i]] = seen[yPred[i]] = 1;
  return seen.every((s) => s === 1);
}

/**
 * `value` with `digits` decimals, as Python's `format(value, '.Nf')`: the exact binary value rounded to
 * nearest, ties to even. `toFixed` agrees except on exact ties, which it rounds up (0.125 gives "0.13",
 * Python "0.12"). A double is an exact tie at `digits` decimals iff `value * 2^(digits+1)` is an odd integer.
 */
function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  const roundedUp = value.toFixed(digits);
  const scaled = Math.abs(value) * 2 ** (digits + 1);
  if (!(Number.isInteger(scaled) && scaled % 2 === 1)) return roundedUp;
  // An exact tie has digits + 1 decimals, the last a 5: dropping it gives the other candidate.
  const roundedDown = value.toFixed(digits + 1).slice(0, -1).replace(/\.$/, '');
  return Number(roundedDown.at(-1)) % 2 === 0 ? roundedDown : roundedUp;
}

/** Length in code points, as Python's `len` counts a string. */
function textLength(text: string): number {
  return [...text].length;
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textLength(text))) + text;
}
