// What a linear model's weights say: one number per class and feature.
import type { Classifier } from './classifier.js';

/** A linear model's weights per class and feature. */
export interface LinearCoefficients {
  /** The class of each row of `values`: every class, or the second alone for a one-logit (BCE) model. */
  classes: string[];
  /** The model's features: a table's one-hot features are named `column=value`. */
  features: string[];
  /** `values[c][f]`: the weight of feature f in class c's logit. */
  values: number[][];
}

/**
 * A linear model's coefficients on the scale the network reads, i.e. of standardised features (scikit-learn's
 * `coef_` of a pipeline with a scaler): the change of a class's logit per standard deviation of a feature (per unit
 * of a 0/1 feature). Null for a model with hidden layers, which has no one weight per feature.
 * @example
 * const coef = linearCoefficients(clf);
 * coef?.values[0][coef.features.indexOf('bill_length_mm')];
 */
export function linearCoefficients(clf: Classifier): LinearCoefficients | null {
  if (clf.model === null || clf.settings.hidden.length > 0) return null;
  const weight = clf.model.namedParameters().find(([name]) => name.endsWith('weight'))?.[1];
  if (weight === undefined) return null;
  const [outputs, inputs] = weight.shape;
  const values = Array.from({ length: outputs }, (_, c) => Array.from(weight.data.subarray(c * inputs, (c + 1) * inputs)));
  const classes = outputs === 1 ? [clf.classes[1]] : [...clf.classes];
  return { classes, features: [...clf.featureNames], values };
}
