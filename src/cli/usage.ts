// The help text.
export const USAGE = `softgrad: train and use small classifiers on CSV files

Usage:
  softgrad                                   train on the bundled iris example
  softgrad train <file.csv> [options]        train, evaluate on a test set, optionally save
  softgrad predict <model.json> <file.csv> [--proba] [--out preds.csv]
  softgrad evaluate <model.json> <file.csv>  metrics, confusion matrix, classification report

Train options:
  --label <column>       label column name (default: the last column)
  --test <test.csv>      evaluate on this file, or
  --test-size <0..1>     hold out this fraction of the file, stratified (default 0.25)
  --hidden <32,16>       hidden layer sizes (default: none, i.e. softmax/logistic regression)
  --loss ce|bce          softmax cross-entropy (default) or sigmoid BCE for two classes
  --optimizer sgd|adam|adamw  (default adam)
  --lr <number>          learning rate (default 0.03)
  --epochs <n>           most epochs (default 500; early stopping usually ends sooner)
  --batch-size <n>       (default 32)
  --weight-decay <n>     L2 penalty on the weights (default auto: 1/rows, as scikit-learn's C=1)
  --seed <n>             seeds weights, splits and batch order (default 0)
  --patience <n>         early-stopping patience in epochs on a 15% validation slice (default 30; 0 turns early stopping off)
  --save <model.json>    write the trained model
  --report <report.html> write an HTML report with curves and a confusion matrix
  --json                 print one JSON object with the results on stdout
  --quiet                no progress output
  --threads <n|auto>     threads for large matrix products (default: SOFTGRAD_THREADS, else auto = the cores, up to 4; same results for any n)
  --stream               train from the file in chunks, never loading it (for files larger than memory):
                         one pass checks it and measures the scaling, then each epoch streams through a
                         10000-row seeded shuffle buffer; early stopping holds out rows by a seeded hash.
                         Test with --test <test.csv>, or give no test to report training metrics only

Common: --help, --debug (stack traces on errors)
`;
