// Training progress on stderr: a bar redrawn in place on a terminal, a few plain lines otherwise.
import type { Callbacks, EpochLogs } from '../train/fit.js';
import type { CliIO } from './io.js';

/** Callbacks that report progress for a run of at most `epochs` epochs. */
export function progressCallbacks(io: CliIO, epochs: number): Callbacks {
  const start = performance.now();
  let lastDraw = 0;
  const describe = (e: EpochLogs) => {
    const val = e.valLoss === undefined ? '' : `  val loss ${e.valLoss.toFixed(4)}  val acc ${(100 * e.valAccuracy!).toFixed(1)}%`;
    return `epoch ${String(e.epoch).padStart(String(epochs).length)}/${epochs}  loss ${e.loss.toFixed(4)}  acc ${(100 * e.accuracy).toFixed(1)}%${val}`;
  };
  if (io.isTTY) {
    return {
      onEpochEnd(e) {
        const now = performance.now();
        // Redraw at most 20 times a second: drawing must not cost more than training small models.
        if (now - lastDraw < 50 && e.epoch !== epochs) return;
        lastDraw = now;
        const eta = ((now - start) / 1000 / e.epoch) * (epochs - e.epoch);
        const width = 20;
        const filled = Math.round((width * e.epoch) / epochs);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        const line = `${bar} ${describe(e)}  eta ${eta.toFixed(1)}s`;
        io.stderr(`\r${line.slice(0, Math.max(20, (io.columns ?? 120) - 1))}\x1b[K`);
      },
    };
  }
  // Plain lines: the first epoch, then about every tenth of the budget.
  const every = Math.max(1, Math.round(epochs / 10));
  return {
    onEpochEnd(e) { if (e.epoch === 1 || e.epoch % every === 0) io.stderr(describe(e) + '\n'); },
  };
}

/** Ends a progress bar line, so what follows starts on a fresh line. */
export function endProgress(io: CliIO): void {
  if (io.isTTY) io.stderr('\r\x1b[K');
}
