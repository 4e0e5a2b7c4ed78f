// Labels read against one list of classes, as indices into a model's list: the same class names, maybe another order.
import { ValueError } from '../errors.js';
import { classIndex } from '../data/label-encoder.js';
import { quote } from '../data/number-cell.js';

/**
 * The labels `y` (indices into `data.classes`) as indices into `classes`, matched by name; a class of the data that
 * `classes` lacks is a ValueError from `caller` naming it and the data's source.
 */
export function relabel(data: { y: Int32Array; classes: readonly string[]; source?: string }, classes: readonly string[], caller: string): Int32Array {
  const index = classIndex(classes);
  const mapping = data.classes.map((c) => {
    const i = index.get(c);
    if (i === undefined) throw new ValueError(`${caller}: class ${quote(c)} of ${data.source ?? 'the data'} is not one of the model's classes (${classes.map(quote).join(', ')})`);
    return i;
  });
  return Int32Array.from(data.y, (c) => mapping[c]);
}
