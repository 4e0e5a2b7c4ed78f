// Classification metrics with scikit-learn's semantics.
export { accuracy, type AccuracyOptions } from './accuracy.js';
export { balancedAccuracy, type BalancedAccuracyOptions } from './balanced-accuracy.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export {
  precisionRecallF1,
  type PrecisionRecallF1Options,
  type PrecisionRecallF1Result,
  type AveragedScores,
} from './precision-recall-f1.js';
export { fbetaScore, type FbetaScoreOptions, type FbetaAverage } from './fbeta-score.js';
export { matthewsCorrcoef, type MatthewsCorrcoefOptions } from './matthews-corrcoef.js';
export { cohenKappa, type CohenKappaOptions } from './cohen-kappa.js';
export { logLoss, type LogLossOptions, type Probabilities } from './log-loss.js';
export { brierScore, type BrierScoreOptions } from './brier-score.js';
export { rocAuc, type RocAucOptions } from './roc-auc.js';
export { rocCurve, type RocCurve, type RocCurveOptions } from './roc-curve.js';
export { precisionRecallCurve, type PrecisionRecallCurve, type PrecisionRecallCurveOptions } from './precision-recall-curve.js';
export { averagePrecision, type AveragePrecisionOptions } from './average-precision.js';
export { topKAccuracy, type TopKAccuracyOptions } from './top-k-accuracy.js';
export { calibrationCurve, type CalibrationCurve, type CalibrationCurveOptions } from './calibration-curve.js';
export {
  reliabilityBins,
  expectedCalibrationError,
  type ReliabilityBin,
  type ReliabilityOptions,
} from './reliability.js';
export { classificationReport, type ClassificationReportOptions } from './classification-report.js';
