// Classification metrics with scikit-learn's semantics.
export { accuracy } from './accuracy.js';
export { confusionMatrix } from './confusion-matrix.js';
export {
  precisionRecallF1,
  type PrecisionRecallF1Options,
  type PrecisionRecallF1Result,
  type AveragedScores,
} from './precision-recall-f1.js';
export { logLoss, type LogLossOptions, type Probabilities } from './log-loss.js';
export { rocAuc } from './roc-auc.js';
export { classificationReport, type ClassificationReportOptions } from './classification-report.js';
