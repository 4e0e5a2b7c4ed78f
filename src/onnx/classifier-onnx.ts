// A trained Classifier as one ONNX model: its column handling, its network and its probabilities, no ZipMap.
import { ValueError } from '../errors.js';
import type { ColumnEncoding } from '../data/table/column-encoding.js';
import type { Classifier } from '../train/classifier.js';
import { OnnxGraph } from './onnx-graph.js';
import { encodeDateColumn } from './date-columns.js';

const N = 'N';
const LABEL = 'label';
const PROBABILITIES = 'probabilities';

/**
 * The ONNX model (protobuf bytes) of a trained classifier, from raw columns to classes, for onnxruntime or any ONNX
 * runtime at opset 20 with ai.onnx.ml. One input per column the model uses, named as the column, `[N, 1]`: float32
 * for numbers (NaN for a missing cell), strings for text, two-valued and date columns (the text as a CSV holds it,
 * without surrounding spaces; an empty string or any of the model's missing spellings for a missing cell). Outputs:
 * `label` (the class names, `[N]`) and `probabilities` (float32 `[N, C]`, classes in the model's order).
 * @example
 * const clf = Classifier.load('penguins.json');
 * writeFileSync('penguins.onnx', toOnnx(clf));
 */
export function toOnnx(clf: Classifier): Uint8Array {
  if (clf.model === null) throw new ValueError('toOnnx: the classifier is not trained; call fit first');
  const g = new OnnxGraph();
  for (const name of [LABEL, PROBABILITIES]) g.reserve(name);
  const columns = clf.encoder ? tableFeatures(g, clf.encoder.columns, clf.encoder.missingValues) : numberFeatures(g, clf);
  const features = columns.length === 1 ? columns[0] : g.op1('Concat', columns, { axis: { kind: 'int', value: 1 } });
  const logits = network(g, clf, g.op1('Cast', [features], { to: { kind: 'int', value: 1 } }));
  const probabilities = probabilitiesOf(g, clf.settings.loss, logits);
  const index = g.op1('ArgMax', [probabilities], { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 } });
  const classes = clf.classes;
  const label = g.op1(
    'LabelEncoder',
    [index],
    { keys_int64s: { kind: 'ints', value: classes.map((_, i) => i) }, values_strings: { kind: 'strings', value: classes }, default_string: { kind: 'string', value: '' } },
    'ai.onnx.ml',
  );
  g.output({ name: LABEL, type: 'string', shape: [N] }, label);
  g.output({ name: PROBABILITIES, type: 'float', shape: [N, classes.length] }, probabilities);
  return g.toModel('softgrad', '0.1.0');
}

/** Softmax over the classes, or for one sigmoid output (binary cross-entropy) the two columns `1 - p` and `p`. */
function probabilitiesOf(g: OnnxGraph, loss: string, logits: string): string {
  if (loss !== 'bce') return g.op1('Softmax', [logits], { axis: { kind: 'int', value: 1 } });
  const p = g.op1('Sigmoid', [logits]);
  return g.op1('Concat', [g.op1('Sub', [g.constant('float', [1], [1]), p]), p], { axis: { kind: 'int', value: 1 } });
}

/** A numeric model's inputs, one per feature, standardised as its scaler does (in float64); the features as doubles. */
function numberFeatures(g: OnnxGraph, clf: Classifier): string[] {
  return clf.featureNames.map((name, j) => {
    const x = g.op1('Cast', [g.input({ name: inputName(name), type: 'float', shape: [N, 1] })], { to: { kind: 'int', value: 11 } });
    if (clf.scaler === null) return x;
    const [mean, scale] = [g.constant('double', [1], [clf.scaler.mean[j]]), g.constant('double', [1], [clf.scaler.scale[j]])];
    return g.op1('Div', [g.op1('Sub', [x, mean]), scale]);
  });
}

/** A table model's inputs, one per column it uses, each encoded as its plan says; the encoded columns as doubles. */
function tableFeatures(g: OnnxGraph, encodings: readonly ColumnEncoding[], missing: ReadonlySet<string>): string[] {
  return encodings.flatMap((e): string[] => {
    switch (e.kind) {
      case 'dropped':
        return [];
      case 'numeric': {
        const x = g.op1('Cast', [g.input({ name: inputName(e.name), type: 'float', shape: [N, 1] })], { to: { kind: 'int', value: 11 } });
        const absent = g.op1('IsNaN', [x]);
        const filled = g.op1('Where', [absent, g.constant('double', [1], [e.fill]), x]);
        const standardised = (value: string, k: number) => g.op1('Div', [g.op1('Sub', [value, g.constant('double', [1], [e.mean[k]])]), g.constant('double', [1], [e.scale[k]])]);
        const out = [standardised(filled, 0)];
        if (e.indicator) out.push(standardised(g.op1('Cast', [absent], { to: { kind: 'int', value: 11 } }), 1));
        return out;
      }
      case 'binary': {
        const x = g.input({ name: inputName(e.name), type: 'string', shape: [N, 1] });
        return [g.op1('Cast', [g.op1('Equal', [x, g.constant('string', [1], [e.values[1]])])], { to: { kind: 'int', value: 11 } })];
      }
      case 'categorical':
        return [oneHot(g, e, missing)];
      case 'date':
        return [encodeDateColumn(g, e, g.input({ name: inputName(e.name), type: 'string', shape: [N, 1] }), missing)];
    }
  });
}

/**
 * One-hot columns as the model's plan has them: each category's, then missing's (if the training rows had missing
 * cells), then other's (if the column keeps only its most frequent values); an unseen value, or a missing cell where
 * there is no missing column, is all zeros.
 */
function oneHot(g: OnnxGraph, e: ColumnEncoding & { kind: 'categorical' }, missing: ReadonlySet<string>): string {
  const x = g.input({ name: inputName(e.name), type: 'string', shape: [N, 1] });
  const k = e.categories.length;
  const missingColumn = e.missing ? k : -1;
  const otherColumn = e.other ? k + (e.missing ? 1 : 0) : -1;
  const width = k + (e.missing ? 1 : 0) + (e.other ? 1 : 0);
  const spellings = [...missing].filter((s) => !e.categories.includes(s));
  const column = g.op1(
    'LabelEncoder',
    [x],
    {
      keys_strings: { kind: 'strings', value: [...e.categories, ...spellings] },
      values_int64s: { kind: 'ints', value: [...e.categories.map((_, i) => i), ...spellings.map(() => missingColumn)] },
      default_int64: { kind: 'int', value: otherColumn },
    },
    'ai.onnx.ml',
  );
  const positions = g.constant('int64', [1, width], Array.from({ length: width }, (_, i) => i));
  return g.op1('Cast', [g.op1('Equal', [column, positions])], { to: { kind: 'int', value: 11 } });
}

/** The network's layers: Gemm for each Linear (weight `[out, in]`, so transB), its activation between. */
function network(g: OnnxGraph, clf: Classifier, x: string): string {
  const layers = clf.model!.namedParameters();
  const linears = clf.settings.hidden.length + 1;
  let value = x;
  for (let i = 0; i < linears; i++) {
    const weight = layers.find(([name]) => name === `${2 * i}.weight`)![1];
    const bias = layers.find(([name]) => name === `${2 * i}.bias`)![1];
    value = g.op1('Gemm', [value, g.constant('float', weight.shape, weight.data), g.constant('float', bias.shape, bias.data)], { transB: { kind: 'int', value: 1 } });
    if (i + 1 < linears) value = activation(g, clf.settings.activation, value);
  }
  return value;
}

function activation(g: OnnxGraph, name: string, x: string): string {
  switch (name) {
    case 'relu':
      return g.op1('Relu', [x]);
    case 'tanh':
      return g.op1('Tanh', [x]);
    case 'sigmoid':
      return g.op1('Sigmoid', [x]);
    case 'leakyRelu':
      return g.op1('LeakyRelu', [x], { alpha: { kind: 'float', value: 0.01 } });
    default:
      throw new ValueError(`toOnnx: the activation ${JSON.stringify(name)} has no ONNX operator here`);
  }
}

/** A column's name as an input; the outputs' names are taken. */
function inputName(name: string): string {
  if (name === LABEL || name === PROBABILITIES) {
    throw new ValueError(`toOnnx: column ${JSON.stringify(name)} would have the name of an output of the model (label, probabilities); rename it before training`);
  }
  return name;
}
