// The model file: a classifier's architecture, names, scaler and exact weights as JSON, with a checksum of it all.
import { nodeBuffer, nodeFs } from '../builtins.js';
import { StandardScaler } from '../data/standard-scaler.js';
import { TableEncoder } from '../data/table/table-encoder.js';
import { ModelFileError } from '../errors.js';
import type { Module } from '../layers/module.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic-write.js';
import { ACTIVATIONS, buildNetwork, MAX_PARAMETERS, networkShapes, parameterCount, type ActivationName } from './network.js';
import { outputsFor, type LossName } from './objective.js';
import { sha256Hex } from './sha256.js';
import { decodeTensor, encodeTensor } from './tensor-codec.js';

/** The format name and version written into every model file. */
export const MODEL_FORMAT = 'softgrad-classifier';
export const MODEL_VERSION = 2;

const PIECE_BYTES = 1 << 20;
// A model file nests four levels; deeper values (in settings, or anywhere) only serve to exhaust the stack.
const MAX_DEPTH = 32;
const FLOAT32_MIN_NORMAL = 2 ** -126;

/** What a model file holds, decoded: the trained network and what is needed to use it. */
export interface SavedModel {
  hidden: number[];
  activation: ActivationName;
  loss: LossName;
  labelName: string;
  classes: string[];
  featureNames: string[];
  scaler: StandardScaler | null;
  /** The column handling of a model trained on a table (version 2 files); null for one trained on numbers. */
  encoder: TableEncoder | null;
  /** The network, in eval mode when read from a file. */
  network: Module;
  /** The training settings but the architecture's three, read back as found: the estimator picks what it accepts. */
  settings: object;
}

/**
 * The model file's content (see `Classifier.toJSON`), ending in the SHA-256 checksum of the rest. A model trained on
 * numbers is written as version 1, which earlier softgrad reads too; one trained on a table as version 2, with its
 * column plan.
 */
export function modelFileOf(model: SavedModel): object {
  const { hidden, activation, loss, labelName, classes, featureNames, encoder } = model;
  const content = {
    format: MODEL_FORMAT,
    version: encoder ? 2 : 1,
    architecture: { inputs: featureNames.length, hidden, activation, outputs: outputsFor(loss, classes.length), loss },
    labelName,
    classes,
    featureNames,
    scaler: model.scaler ? model.scaler.toJSON() : null,
    ...(encoder ? { columns: encoder.toJSON() } : {}),
    parameters: model.network.namedParameters().map(([name, t]) => ({ name, ...encodeTensor(t) })),
    settings: { ...model.settings, hidden: undefined, activation: undefined, loss: undefined },
  };
  return { ...content, checksum: checksumOf(content) };
}

/** Writes a model file's content; a crash mid-write leaves any previous file at `path` whole. */
export function writeModelFile(path: string, file: object): void {
  writeFileAtomic(path, JSON.stringify(file) + '\n');
}

/** Reads and validates a model file; a damaged or foreign file is a ModelFileError naming it. */
export function readModelFile(path: string): SavedModel {
  return parseModelFile(parseModelText(modelFileText(path), path), path);
}

/** A model file's text parsed as JSON; text that is not is a ModelFileError naming `source`. */
export function parseModelText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ModelFileError(`${source}: not a model file: the text is not valid JSON (truncated or damaged?)`);
  }
}

/**
 * The text of the file at `path`, read in pieces so that an endless or huge file (`/dev/zero`, a disk image) stops
 * at the first byte that cannot start a model file, or at the longest text a model file can be, not at memory's end.
 */
function modelFileText(path: string): string {
  const { closeSync, openSync, readSync } = nodeFs();
  // The file is parsed as one string: a longer one could not be parsed whatever it held.
  const maxBytes = nodeBuffer().constants.MAX_STRING_LENGTH;
  const piece = Buffer.allocUnsafe(PIECE_BYTES);
  // Copies of what was read, not views of `piece`: a pipe gives a few KB per read.
  const pieces: Buffer[] = [];
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    for (let total = 0, read; (read = readSync(fd, piece, 0, PIECE_BYTES, null)) > 0; ) {
      total += read;
      if (total > maxBytes) throw new ModelFileError(`${path}: not a model file: longer than the largest model file (${maxBytes} bytes)`);
      pieces.push(Buffer.from(piece.subarray(0, read)));
      if (pieces.length === 1 && !/^(\uFEFF)?\s*(\{|$)/.test(pieces[0].toString('utf8', 0, 64))) {
        throw new ModelFileError(`${path}: not a model file: it does not start with a JSON object`);
      }
    }
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (pieces.length === 0) throw new ModelFileError(`${path}: not a model file: the file is empty`);
  return Buffer.concat(pieces).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The model `json` (a model file's parsed text) holds, validated field by field; `source` names the file in
 * errors. Nothing in the file is executed, and everything is checked against the shapes the architecture implies
 * before any network is built, so a damaged or hostile file cannot make this allocate more than its bytes justify.
 */
export function parseModelFile(json: unknown, source: string): SavedModel {
  checkDepth(json, source);
  const file = asRecord(json, `${source}: not a model file: expected a JSON object`);
  if (file.format !== MODEL_FORMAT) throw new ModelFileError(`${source}: not a softgrad model file (format is ${JSON.stringify(file.format)?.slice(0, 40)})`);
  if (file.version !== 1 && file.version !== MODEL_VERSION) {
    throw new ModelFileError(`${source}: model file version ${JSON.stringify(file.version)?.slice(0, 20)} is not supported (this softgrad reads versions 1 to ${MODEL_VERSION})`);
  }
  const { inputs, hidden, activation, outputs, loss } = architectureOf(file.architecture, source);
  const classes = stringList(file.classes, `${source}: classes`);
  const featureNames = stringList(file.featureNames, `${source}: featureNames`);
  if (featureNames.length !== inputs) throw new ModelFileError(`${source}: ${featureNames.length} feature names for ${inputs} inputs`);
  if (classes.length < 2 || outputsFor(loss, classes.length) !== outputs) {
    throw new ModelFileError(`${source}: ${classes.length} classes do not fit ${outputs} outputs with loss '${loss}'`);
  }
  const scaler = file.scaler === null ? null : scalerOf(file.scaler, inputs, source);
  const encoder = file.version === 2 ? encoderOf(file.columns, featureNames, source) : null;
  const values = parametersOf(file.parameters, networkShapes(inputs, hidden, outputs), source);
  const { checksum, ...content } = file;
  if (checksum !== checksumOf(content)) {
    throw new ModelFileError(`${source}: checksum mismatch: the file was changed or damaged after it was saved`);
  }
  const network = buildNetwork(inputs, hidden, outputs, activation, 0);
  network.namedParameters().forEach(([name, param], i) => {
    param.data.set(values[i].data);
    // float64 weights may not survive the network's float32: such a network predicts NaN for every row.
    const lost = param.data.findIndex((v) => !Number.isFinite(v));
    if (lost >= 0) throw new ModelFileError(`${source}: parameter ${name}: element ${lost} is ${values[i].data[lost]}, beyond float32's range`);
  });
  network.eval();
  const labelName = typeof file.labelName === 'string' ? file.labelName : '';
  const settings = typeof file.settings === 'object' && file.settings !== null ? file.settings : {};
  return { hidden, activation, loss, labelName, classes, featureNames, scaler, encoder, network, settings };
}

function architectureOf(value: unknown, source: string) {
  const arch = asRecord(value, `${source}: architecture is missing`);
  const inputs = wholeNumber(arch.inputs, `${source}: architecture.inputs`);
  const outputs = wholeNumber(arch.outputs, `${source}: architecture.outputs`);
  if (!Array.isArray(arch.hidden) || arch.hidden.length > 64) throw new ModelFileError(`${source}: architecture.hidden must be a list of layer sizes`);
  const hidden = arch.hidden.map((h, i) => wholeNumber(h, `${source}: architecture.hidden[${i}]`));
  const activation = arch.activation as ActivationName;
  if (!ACTIVATIONS.includes(activation)) throw new ModelFileError(`${source}: unknown activation ${JSON.stringify(arch.activation)}`);
  const loss = arch.loss as LossName;
  if (loss !== 'ce' && loss !== 'bce') throw new ModelFileError(`${source}: unknown loss ${JSON.stringify(arch.loss)}`);
  return { inputs, hidden, activation, outputs, loss };
}

function scalerOf(value: unknown, inputs: number, source: string): StandardScaler {
  let scaler: StandardScaler;
  try {
    scaler = StandardScaler.fromJSON(value);
  } catch (error) {
    throw new ModelFileError(`${source}: scaler: ${(error as Error).message}`);
  }
  if (scaler.mean.length !== inputs) throw new ModelFileError(`${source}: the scaler has ${scaler.mean.length} features, the model ${inputs}`);
  // Features are float32: a mean beyond its range, or a scale below its smallest normal number, makes every scaled
  // value infinite.
  for (let j = 0; j < inputs; j++) {
    const [mean, scale] = [scaler.mean[j], scaler.scale[j]];
    if (!Number.isFinite(Math.fround(mean))) throw new ModelFileError(`${source}: scaler: mean[${j}] is ${mean}, beyond float32's range`);
    if (!Number.isFinite(Math.fround(scale)) || scale < FLOAT32_MIN_NORMAL) {
      throw new ModelFileError(`${source}: scaler: scale[${j}] is ${scale}, outside float32's normal range (${FLOAT32_MIN_NORMAL} to 3.4e38)`);
    }
  }
  return scaler;
}

/** A version 2 file's column plan, which must make exactly the file's features. */
function encoderOf(value: unknown, featureNames: string[], source: string): TableEncoder {
  let encoder: TableEncoder;
  try {
    encoder = TableEncoder.fromJSON(value);
  } catch (error) {
    throw new ModelFileError(`${source}: columns: ${(error as Error).message}`);
  }
  const made = encoder.featureNames;
  if (made.length !== featureNames.length || made.some((name, i) => name !== featureNames[i])) {
    throw new ModelFileError(`${source}: the column plan makes ${made.length} features that are not the file's ${featureNames.length}`);
  }
  return encoder;
}

/** The parameter tensors, each checked against the name and shape the architecture gives it. */
function parametersOf(value: unknown, expected: [string, number[]][], source: string): Tensor[] {
  if (!Array.isArray(value)) throw new ModelFileError(`${source}: parameters must be a list`);
  if (parameterCount(expected) > MAX_PARAMETERS) {
    throw new ModelFileError(`${source}: the architecture has ${parameterCount(expected)} parameters, more than a model file may hold (${MAX_PARAMETERS})`);
  }
  if (value.length !== expected.length) throw new ModelFileError(`${source}: ${value.length} parameter tensors, the architecture has ${expected.length}`);
  return expected.map(([name, shape], i) => {
    const entry = asRecord(value[i], `${source}: parameters[${i}] must be an object`);
    if (entry.name !== name) throw new ModelFileError(`${source}: parameters[${i}] is ${JSON.stringify(entry.name)}, expected "${name}"`);
    const t = decodeTensor(entry, `${source}: parameter ${name}`);
    if (!sameShape(t.shape, shape)) {
      throw new ModelFileError(`${source}: parameter ${name} has shape ${formatShape(t.shape)}, the architecture needs ${formatShape(shape)}`);
    }
    return t;
  });
}

/** SHA-256 of the canonical JSON text of a model file's content (everything but the checksum). */
function checksumOf(content: object): string {
  return 'sha256:' + sha256Hex(JSON.stringify(content));
}

/** Throws unless `value` nests at most MAX_DEPTH arrays and objects deep; walks on a stack of its own, not the call stack. */
function checkDepth(value: unknown, source: string): void {
  const stack: [object, number][] = typeof value === 'object' && value !== null ? [[value, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new ModelFileError(`${source}: not a model file: values nested more than ${MAX_DEPTH} levels deep`);
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

function asRecord(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ModelFileError(message);
  return value as Record<string, unknown>;
}

function wholeNumber(value: unknown, where: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 1e7) throw new ModelFileError(`${where} must be a whole number from 1 to 1e7, got ${JSON.stringify(value)?.slice(0, 40)}`);
  return value as number;
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ModelFileError(`${where} must be a list of strings`);
  // Two columns or classes of one name would be fed, or reported, as one.
  const seen = new Set<string>();
  for (const name of value as string[]) if (seen.size === seen.add(name).size) throw new ModelFileError(`${where}: ${JSON.stringify(name)} appears twice`);
  return value as string[];
}
