// The data API: datasets, CSV reading, splits, folds, scaling, mini-batches, and streams larger than memory.
export { type Dataset, takeRows, numClasses, numRows } from './dataset.js';
export { type RowLines } from './row-lines.js';
export { parseCsv, readCsv, type CsvOptions } from './csv.js';
export { sortClasses, classIndex } from './label-encoder.js';
export { trainTestSplit, canStratify, type TrainTestSplitOptions, type TrainTestSplit } from './split.js';
export { kFold, type KFoldOptions, type Fold } from './k-fold.js';
export { StandardScaler, type StandardScalerJSON } from './standard-scaler.js';
export { batches, streamBatches, Batches, type BatchesOptions, type Batch, StreamBatches, type StreamBatchesOptions, type StreamBatch } from './batches.js';
export { type StreamingDataset, type StreamChunk, isStreamingDataset, mapFeatures } from './stream-dataset.js';
export { streamCsv, CsvStream, type StreamCsvOptions } from './stream-csv.js';
export { streamStatistics, scalerFromStatistics, RunningMoments, type FeatureStatistics } from './stream-statistics.js';
export { streamSplit, type StreamSplitOptions } from './stream-split.js';
