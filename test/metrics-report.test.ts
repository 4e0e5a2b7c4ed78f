// classificationReport, character for character against reports published by scikit-learn: its docstring and
// the expected strings of sklearn/metrics/tests/test_classification.py.
import { describe, expect, test } from 'vitest';
import { classificationReport, type ClassificationReportOptions } from '../src/index.js';

/** Label arrays with the given confusion matrix (rows true, columns predicted). */
function fromConfusionMatrix(matrix: number[][]): { yTrue: number[]; yPred: number[] } {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  matrix.forEach((row, t) => row.forEach((count, p) => {
    for (let i = 0; i < count; i++) yTrue.push(t), yPred.push(p);
  }));
  return { yTrue, yPred };
}

/** A report's text: its lines, each ended by a newline, as sklearn returns it. */
const lines = (...rows: string[]): string => rows.map((row) => row + '\n').join('');

// sklearn's report tests use the predictions of `make_prediction` (an SVC on iris), whose confusion matrix
// test_confusion_matrix_multiclass prints. A report depends on the labels only through that matrix.
const iris = fromConfusionMatrix([[19, 4, 1], [4, 3, 24], [0, 2, 18]]);

interface ReportCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  options: ClassificationReportOptions;
  expected: string;
}

const publishedCases: ReportCase[] = [
  {
    // sklearn.metrics.classification_report docstring (>= 0.22), first example
    name: 'the classification_report docstring example',
    yTrue: [0, 1, 2, 2, 2],
    yPred: [0, 0, 2, 2, 1],
    options: { classNames: ['class 0', 'class 1', 'class 2'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '     class 0       0.50      1.00      0.67         1',
      '     class 1       0.00      0.00      0.00         1',
      '     class 2       1.00      0.67      0.80         3',
      '',
      '    accuracy                           0.60         5',
      '   macro avg       0.50      0.56      0.49         5',
      'weighted avg       0.70      0.60      0.61         5',
    ),
  },
  {
    // test_classification_report_multiclass
    name: 'test_classification_report_multiclass (iris class names)',
    ...iris,
    options: { classNames: ['setosa', 'versicolor', 'virginica'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '      setosa       0.83      0.79      0.81        24',
      '  versicolor       0.33      0.10      0.15        31',
      '   virginica       0.42      0.90      0.57        20',
      '',
      '    accuracy                           0.53        75',
      '   macro avg       0.53      0.60      0.51        75',
      'weighted avg       0.51      0.53      0.47        75',
    ),
  },
  {
    // test_classification_report_multiclass_with_digits
    name: 'test_classification_report_multiclass_with_digits (digits = 5)',
    ...iris,
    options: { classNames: ['setosa', 'versicolor', 'virginica'], digits: 5 },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '      setosa    0.82609   0.79167   0.80851        24',
      '  versicolor    0.33333   0.09677   0.15000        31',
      '   virginica    0.41860   0.90000   0.57143        20',
      '',
      '    accuracy                        0.53333        75',
      '   macro avg    0.52601   0.59615   0.50998        75',
      'weighted avg    0.51375   0.53333   0.47310        75',
    ),
  },
  {
    // test_classification_report_multiclass_with_label_detection: no names, so the class indices
    name: 'test_classification_report_multiclass_with_label_detection (no class names)',
    ...iris,
    options: {},
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           0       0.83      0.79      0.81        24',
      '           1       0.33      0.10      0.15        31',
      '           2       0.42      0.90      0.57        20',
      '',
      '    accuracy                           0.53        75',
      '   macro avg       0.53      0.60      0.51        75',
      'weighted avg       0.51      0.53      0.47        75',
    ),
  },
  {
    // test_classification_report_multiclass_with_string_label, target_names=['a', 'b', 'c']
    name: 'test_classification_report_multiclass_with_string_label (one-letter names)',
    ...iris,
    options: { classNames: ['a', 'b', 'c'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           a       0.83      0.79      0.81        24',
      '           b       0.33      0.10      0.15        31',
      '           c       0.42      0.90      0.57        20',
      '',
      '    accuracy                           0.53        75',
      '   macro avg       0.53      0.60      0.51        75',
      'weighted avg       0.51      0.53      0.47        75',
    ),
  },
  {
    // test_classification_report_multiclass_with_unicode_label: a name's width counts characters
    name: 'test_classification_report_multiclass_with_unicode_label',
    ...iris,
    options: { classNames: ['blue\xa2', 'green\xa2', 'red\xa2'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '       blue\xa2       0.83      0.79      0.81        24',
      '      green\xa2       0.33      0.10      0.15        31',
      '        red\xa2       0.42      0.90      0.57        20',
      '',
      '    accuracy                           0.53        75',
      '   macro avg       0.53      0.60      0.51        75',
      'weighted avg       0.51      0.53      0.47        75',
    ),
  },
  {
    // test_classification_report_multiclass_with_long_string_label: the first column widens to the name
    name: 'test_classification_report_multiclass_with_long_string_label',
    ...iris,
    options: { classNames: ['blue', 'green'.repeat(5), 'red'] },
    expected: lines(
      '                           precision    recall  f1-score   support',
      '',
      '                     blue       0.83      0.79      0.81        24',
      'greengreengreengreengreen       0.33      0.10      0.15        31',
      '                      red       0.42      0.90      0.57        20',
      '',
      '                 accuracy                           0.53        75',
      '                macro avg       0.53      0.60      0.51        75',
      '             weighted avg       0.51      0.53      0.47        75',
    ),
  },
  {
    // test_classification_report_multiclass_balanced
    name: 'test_classification_report_multiclass_balanced',
    yTrue: [0, 0, 0, 1, 1, 1, 2, 2, 2],
    yPred: [0, 1, 2, 0, 1, 2, 0, 1, 2],
    options: {},
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           0       0.33      0.33      0.33         3',
      '           1       0.33      0.33      0.33         3',
      '           2       0.33      0.33      0.33         3',
      '',
      '    accuracy                           0.33         9',
      '   macro avg       0.33      0.33      0.33         9',
      'weighted avg       0.33      0.33      0.33         9',
    ),
  },
];

// Hand-checked cases; the scores are small fractions, the layout is sklearn's format strings
// ("{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n", width = max(longest name, 12, digits)).
const handCases: ReportCase[] = [
  {
    // Recall 1/8 = 0.125 and accuracy 9/16 = 0.5625 are exact binary ties: Python's format rounds them to
    // even ('%.2f' % 0.125 == '0.12', '%.3f' % 0.5625 == '0.562') where Number.toFixed rounds up.
    name: 'ties round half to even, as Python formats them (digits = 2)',
    yTrue: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    yPred: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    options: {},
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           0       1.00      0.12      0.22         8',
      '           1       0.53      1.00      0.70         8',
      '',
      '    accuracy                           0.56        16',
      '   macro avg       0.77      0.56      0.46        16',
      'weighted avg       0.77      0.56      0.46        16',
    ),
  },
  {
    name: 'ties round half to even, as Python formats them (digits = 3)',
    yTrue: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    yPred: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    options: { digits: 3 },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           0      1.000     0.125     0.222         8',
      '           1      0.533     1.000     0.696         8',
      '',
      '    accuracy                          0.562        16',
      '   macro avg      0.767     0.562     0.459        16',
      'weighted avg      0.767     0.562     0.459        16',
    ),
  },
  {
    // Class c occurs in neither array. sklearn, given labels that are not all present (its docstring's
    // labels=[1, 2, 3] example), prints a "micro avg" row instead of "accuracy".
    name: 'a class absent from yTrue and yPred turns the accuracy row into micro avg',
    yTrue: [0, 0, 1],
    yPred: [0, 1, 1],
    options: { classNames: ['a', 'b', 'c'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           a       1.00      0.50      0.67         2',
      '           b       0.50      1.00      0.67         1',
      '           c       0.00      0.00      0.00         0',
      '',
      '   micro avg       0.67      0.67      0.67         3',
      '   macro avg       0.50      0.50      0.44         3',
      'weighted avg       0.83      0.67      0.67         3',
    ),
  },
  {
    // Classes 1 and 2 have no true samples: recall is NaN, printed 'nan' as Python does, and left out of
    // the averages (macro recall = class 0's 3/6).
    name: 'zeroDivision NaN prints nan and is left out of the averages',
    yTrue: [0, 0, 0, 0, 0, 0],
    yPred: [0, 2, 1, 0, 0, 1],
    options: { zeroDivision: NaN },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '           0       1.00      0.50      0.67         6',
      '           1       0.00       nan      0.00         0',
      '           2       0.00       nan      0.00         0',
      '',
      '    accuracy                           0.50         6',
      '   macro avg       0.33      0.50      0.22         6',
      'weighted avg       1.00      0.50      0.67         6',
    ),
  },
  {
    name: 'perfect predictions',
    yTrue: [1, 0, 1],
    yPred: [1, 0, 1],
    options: { classNames: ['no', 'yes'] },
    expected: lines(
      '              precision    recall  f1-score   support',
      '',
      '          no       1.00      1.00      1.00         1',
      '         yes       1.00      1.00      1.00         2',
      '',
      '    accuracy                           1.00         3',
      '   macro avg       1.00      1.00      1.00         3',
      'weighted avg       1.00      1.00      1.00         3',
    ),
  },
];

describe('classificationReport', () => {
  test.each(publishedCases.map((c) => [c.name, c] as const))('as sklearn prints it: %s', (_name, c) => {
    expect(classificationReport(c.yTrue, c.yPred, c.options)).toBe(c.expected);
  });

  test.each(handCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(classificationReport(c.yTrue, c.yPred, c.options)).toBe(c.expected);
  });

  test('numClasses without names lists every class, present or not', () => {
    const report = classificationReport([0, 1], [0, 1], { numClasses: 3 });
    expect(report).toContain('\n           2       0.00      0.00      0.00         0\n');
    expect(report).toContain('\n   micro avg       1.00      1.00      1.00         2\n');
  });
});
