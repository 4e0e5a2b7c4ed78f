export { fit, type FitOptions, type History, type EpochLogs, type BatchLogs, type Callbacks, type EarlyStoppingOptions, type EpochScheduler } from './fit.js';
export { predict, predictProba, evaluate, evaluateLoss, evaluateStreamLoss, type Evaluation, type InferenceOptions } from './evaluate.js';
export { Classifier, type ClassifierOptions, type FitRowsOptions, type Rows } from './classifier.js';
export { buildNetwork, type ActivationName } from './network.js';
export { MODEL_FORMAT, MODEL_VERSION } from './model-file.js';
export { type LossName, type LossFunction } from './objective.js';
export { writeFileAtomic } from './atomic-write.js';
export { crossValidate, type CrossValidateOptions, type CrossValidation, type LabelledData } from './cross-validate.js';
export { SCORE_NAMES, type Scores } from './fold-scores.js';
