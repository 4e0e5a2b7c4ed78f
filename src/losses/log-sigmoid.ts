// log(sigmoid(z)) as one stable op.
import type { Tensor } from '../tensor/tensor.js';
import { elementwise, stableSigmoid } from '../tensor/unary.js';
import { portableExp, portableLog1p } from '../tensor/portable-math.js';

/**
 * `log(1 / (1 + e^-z))` elementwise, as `min(z, 0) - log1p(e^-|z|)`: the exponent is never positive,
 * so nothing overflows, and log1p keeps the tiny values (about -e^-z) for large z that `log(1 + ...)`
 * would round to 0. `logSigmoid(z.neg())` is `log(1 - sigmoid(z))`. The gradient is `sigmoid(-z)`.
 * @example
 * const logP = logSigmoid(logits); // -1000 at z = -1000, not -Infinity
 */
export function logSigmoid(z: Tensor): Tensor {
  return elementwise(z, 'logSigmoid', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = Math.min(x[i], 0) - portableLog1p(portableExp(-Math.abs(x[i])));
  }, (g, dz, x) => {
    for (let i = 0; i < dz.length; i++) dz[i] += g[i] * stableSigmoid(-x[i]);
  });
}
