export { softmax, logSoftmax } from './softmax.js';
export { logSigmoid } from './log-sigmoid.js';
export {
  softmaxCrossEntropy,
  crossEntropy,
  type CrossEntropyOptions,
  type ClassIndices,
} from './softmax-cross-entropy.js';
export {
  sigmoidBinaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
} from './sigmoid-binary-cross-entropy.js';
export { mseLoss, type MseLossOptions } from './mse-loss.js';
export type { Reduction } from './loss-inputs.js';
