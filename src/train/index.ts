export { fit, type FitOptions, type History, type EpochLogs, type BatchLogs, type Callbacks, type EarlyStoppingOptions, type EpochScheduler } from './fit.js';
export { predict, predictProba, evaluate, evaluateLoss, evaluateStreamLoss, type Evaluation } from './evaluate.js';
export { Classifier, buildNetwork, MODEL_FORMAT, MODEL_VERSION, type ClassifierOptions, type ActivationName, type Rows } from './classifier.js';
export { type LossName, type LossFunction } from './objective.js';
export { writeFileAtomic } from './atomic-write.js';
