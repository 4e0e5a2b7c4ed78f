// Plain text for the terminal, and the metrics `--json` prints.
import type { Evaluation } from '../train/evaluate.js';

/** Characters in a line of the confusion matrix past which it is not printed (a terminal could not show it). */
const MATRIX_LINE_LIMIT = 200;

/** A confusion matrix with class names: rows are the true class, columns the predicted one; or why it is not shown. */
export function formatConfusionMatrix(matrix: number[][], classes: string[]): string {
  const names = classes.map((c) => (c.length > 12 ? c.slice(0, 11) + '…' : c));
  // Loops, not Math.max(...): a spread of 350 x 350 counts overflows the stack.
  let width = 4, rowHead = 'true \\ predicted'.length;
  for (const name of names) width = Math.max(width, name.length);
  for (const name of names) rowHead = Math.max(rowHead, name.length);
  for (const row of matrix) for (const v of row) width = Math.max(width, String(v).length);
  if (rowHead + names.length * (width + 2) > MATRIX_LINE_LIMIT) {
    return `confusion matrix: ${names.length} x ${names.length}, too wide to print here (--json gives it whole)\n`;
  }
  const lines = [`${'true \\ predicted'.padEnd(rowHead)}  ${names.map((n) => n.padStart(width)).join('  ')}`];
  matrix.forEach((row, i) => lines.push(`${names[i].padEnd(rowHead)}  ${row.map((v) => String(v).padStart(width)).join('  ')}`));
  return lines.join('\n') + '\n';
}

/** `0.9737 (37/38)`. */
export function formatAccuracy(accuracy: number, n: number): string {
  return `${accuracy.toFixed(4)} (${Math.round(accuracy * n)}/${n})`;
}

/** An evaluation on the terminal: `<head>loss ...  accuracy ...  macro F1 ...`, the confusion matrix, the classification report. */
export function formatEvaluation(head: string, e: Evaluation, classes: string[]): string[] {
  const metrics = `${head}loss ${e.loss.toFixed(4)}  accuracy ${formatAccuracy(e.accuracy, e.predictions.length)}  macro F1 ${e.macroF1.toFixed(4)}`;
  return [metrics, '', formatConfusionMatrix(e.confusionMatrix, classes), e.report];
}

export function evaluationJson(e: Evaluation): Pick<Evaluation, 'loss' | 'accuracy' | 'macroF1' | 'confusionMatrix'> {
  return { loss: e.loss, accuracy: e.accuracy, macroF1: e.macroF1, confusionMatrix: e.confusionMatrix };
}
