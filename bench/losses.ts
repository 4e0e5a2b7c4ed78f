// Fused softmaxCrossEntropy forward+backward against the same loss composed from core ops (exp, sum, log, sub, mul).
import { Tensor, exp, log, mul, randn, softmaxCrossEntropy, sub, sum } from '../src/index.js';
import { timeIt } from './timing.js';

const shapes: [number, number][] = [
  [128, 10],
  [1024, 1000],
];

/**
 * Mean cross-entropy as a chain of core ops: log p = (x - rowmax) - log(sum(exp(x - rowmax))), then
 * the target entries picked by multiplying with a one-hot matrix and summing. The row max enters as a
 * constant, since shifting a row does not change its gradient.
 */
function composedCrossEntropy(logits: Tensor, oneHot: Tensor): Tensor {
  const [n, c] = logits.shape;
  const rowMax = new Float32Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) rowMax[i] = Math.max(rowMax[i], logits.data[i * c + j]);
  const shifted = sub(logits, new Tensor(rowMax, [n, 1]));
  const logProbabilities = sub(shifted, log(sum(exp(shifted), { axis: 1, keepDims: true })));
  return mul(sum(mul(logProbabilities, oneHot)), -1 / n);
}

function formatSeconds(s: number): string {
  return s < 1e-3 ? `${(s * 1e6).toFixed(1)} us` : `${(s * 1e3).toFixed(2)} ms`;
}

/** Prints one row per shape: median time of the fused node and of the composition, and the speed ratio. */
export function run(): void {
  console.log('losses: softmaxCrossEntropy (mean) forward+backward, float32, median after warm-up');
  console.log(`${'shape'.padEnd(14)}${'fused'.padStart(12)}${'composed'.padStart(12)}${'ratio'.padStart(10)}   |loss difference|`);
  for (const [n, c] of shapes) {
    const logits = randn([n, c], 1, { requiresGrad: true });
    const targets = new Int32Array(n).map((_, i) => (i * 7919) % c);
    const oneHot = new Tensor(new Float32Array(n * c), [n, c]);
    targets.forEach((t, i) => (oneHot.data[i * c + t] = 1));
    const fused = (): number => {
      logits.grad = null;
      const loss = softmaxCrossEntropy(logits, targets);
      loss.backward();
      return loss.item();
    };
    const composed = (): number => {
      logits.grad = null;
      const loss = composedCrossEntropy(logits, oneHot);
      loss.backward();
      return loss.item();
    };
    const difference = Math.abs(fused() - composed());
    const inner = n * c > 1e5 ? 1 : 50;
    const tFused = timeIt(fused, { warmup: 5, repeats: 15, inner });
    const tComposed = timeIt(composed, { warmup: 5, repeats: 15, inner });
    console.log(
      `${`[${n},${c}]`.padEnd(14)}${formatSeconds(tFused.median).padStart(12)}${formatSeconds(tComposed.median).padStart(12)}` +
        `${`${(tComposed.median / tFused.median).toFixed(1)}x`.padStart(10)}   ${difference.toExponential(1)}`,
    );
  }
}
