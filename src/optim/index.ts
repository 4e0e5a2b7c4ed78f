export {
  Optimizer,
  type BaseHyperparameters,
  type Hyperparameter,
  type OptimizerParams,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type SavedParamGroup,
  type SavedParamState,
  type ZeroGradOptions,
} from './optimizer.js';
export { type SavedArray } from './state-dict.js';
export { SGD, type SGDOptions, type SGDHyperparameters } from './sgd.js';
export { Adam, AdamBase, type AdamOptions, type AdamHyperparameters } from './adam.js';
export { AdamW } from './adamw.js';
export { clipGradNorm, clipGradValue } from './clip-grad.js';
export { LRScheduler, type LRSchedulerStateDict } from './schedules/lr-scheduler.js';
export { StepLR, type StepLROptions } from './schedules/step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './schedules/exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './schedules/cosine-annealing-lr.js';
export { LinearLR, type LinearLROptions } from './schedules/linear-lr.js';
export { LambdaLR, type LrLambda } from './schedules/lambda-lr.js';
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauStateDict,
} from './schedules/reduce-lr-on-plateau.js';
