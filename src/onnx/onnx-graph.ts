// An ONNX graph built node by node, and the model file (protobuf bytes) it makes: the parts of onnx.proto softgrad uses.
import { encodeMessage, littleEndian, type Field } from './protobuf.js';

/** ONNX's element types (TensorProto.DataType). */
export const ElementType = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElementTypeName = keyof typeof ElementType;

/** The default domain's opset and ai.onnx.ml's: StringSplit and string Equal need opset 20 (IR version 9). */
export const OPSET = 20;
export const ML_OPSET = 3;
const IR_VERSION = 9;

/** An attribute's value: its kind picks AttributeProto's field. */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] };

/** A graph input or output: a name, an element type and a shape (a string is a symbolic dimension, such as `N`). */
export interface ValueInfo {
  name: string;
  type: ElementTypeName;
  shape: readonly (number | string)[];
}

/**
 * The nodes, constants, inputs and outputs of one graph, added in topological order. Each `op` returns the names of
 * its outputs, made unique, so the building code reads as the computation it writes.
 * @example
 * const g = new OnnxGraph();
 * const x = g.input({ name: 'x', type: 'float', shape: ['N', 1] });
 * const y = g.op('Relu', [x])[0];
 * g.output({ name: 'y', type: 'float', shape: ['N', 1] }, y);
 * const bytes = g.toModel('softgrad', '0.1.0');
 */
export class OnnxGraph {
  private readonly nodes: Field[][] = [];
  private readonly initializers: Field[][] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly names = new Set<string>();
  private count = 0;

  /** Reserves `name` (a graph input's or output's): no internal value may take it. */
  reserve(name: string): void {
    this.names.add(name);
  }

  input(info: ValueInfo): string {
    this.inputs.push(info);
    this.names.add(info.name);
    return info.name;
  }

  /** Makes `value` the graph output `info` (through an Identity, so any value can be an output under any name). */
  output(info: ValueInfo, value: string): void {
    this.outputs.push(info);
    this.node('Identity', [value], [info.name], {});
  }

  /** A node of `type` on `inputs`; returns its `outputs` fresh names. */
  op(type: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, { outputs = 1, domain = '' } = {}): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(type));
    this.node(type, inputs, names, attributes, domain);
    return names;
  }

  /** A node with one output, whose name it returns. */
  op1(type: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, domain = ''): string {
    return this.op(type, inputs, attributes, { domain })[0];
  }

  /** A constant tensor (an initializer); returns its name. */
  constant(type: 'float' | 'double' | 'int64' | 'string', dims: readonly number[], values: ArrayLike<number> | readonly string[]): string {
    const name = this.fresh('const');
    const fields: Field[] = [
      ...dims.map((d): Field => ({ field: 1, kind: 'varint', value: d })),
      { field: 2, kind: 'varint', value: ElementType[type] },
      { field: 8, kind: 'string', value: name },
    ];
    if (type === 'string') {
      for (const s of values as readonly string[]) fields.push({ field: 6, kind: 'string', value: s });
    } else if (type === 'float') {
      fields.push({ field: 9, kind: 'bytes', value: littleEndian(Float32Array.from(values as ArrayLike<number>)) });
    } else if (type === 'double') {
      const data = Float64Array.from(values as ArrayLike<number>);
      const bytes = new Uint8Array(data.length * 8);
      const view = new DataView(bytes.buffer);
      data.forEach((v, i) => view.setFloat64(8 * i, v, true));
      fields.push({ field: 9, kind: 'bytes', value: bytes });
    } else {
      fields.push({ field: 7, kind: 'packedVarints', value: Array.from(values as ArrayLike<number>) });
    }
    this.initializers.push(fields);
    return name;
  }

  /** The model file: this graph, the opsets it imports, and who made it. */
  toModel(producer: string, version: string): Uint8Array {
    const graph: Field[] = [
      ...this.nodes.map((n): Field => ({ field: 1, kind: 'message', value: n })),
      { field: 2, kind: 'string', value: 'softgrad' },
      ...this.initializers.map((t): Field => ({ field: 5, kind: 'message', value: t })),
      ...this.inputs.map((v): Field => ({ field: 11, kind: 'message', value: valueInfo(v) })),
      ...this.outputs.map((v): Field => ({ field: 12, kind: 'message', value: valueInfo(v) })),
    ];
    const opset = (domain: string, version: number): Field => ({
      field: 8,
      kind: 'message',
      value: [{ field: 1, kind: 'string', value: domain }, { field: 2, kind: 'varint', value: version }],
    });
    return encodeMessage([
      { field: 1, kind: 'varint', value: IR_VERSION },
      opset('', OPSET),
      opset('ai.onnx.ml', ML_OPSET),
      { field: 2, kind: 'string', value: producer },
      { field: 3, kind: 'string', value: version },
      { field: 7, kind: 'message', value: graph },
    ]);
  }

  private node(type: string, inputs: readonly string[], outputs: readonly string[], attributes: Record<string, Attribute>, domain = ''): void {
    this.nodes.push([
      ...inputs.map((name): Field => ({ field: 1, kind: 'string', value: name })),
      ...outputs.map((name): Field => ({ field: 2, kind: 'string', value: name })),
      { field: 4, kind: 'string', value: type },
      ...(domain ? [{ field: 7, kind: 'string', value: domain } as Field] : []),
      ...Object.entries(attributes).map(([name, a]): Field => ({ field: 5, kind: 'message', value: attribute(name, a) })),
    ]);
  }

  private fresh(stem: string): string {
    let name: string;
    do name = `softgrad/${stem}_${this.count++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }
}

/** AttributeProto: the name, the type (AttributeType) and the field of that type. */
function attribute(name: string, a: Attribute): Field[] {
  const head: Field = { field: 1, kind: 'string', value: name };
  switch (a.kind) {
    case 'float':
      return [head, { field: 20, kind: 'varint', value: 1 }, { field: 2, kind: 'float', value: a.value }];
    case 'int':
      return [head, { field: 20, kind: 'varint', value: 2 }, { field: 3, kind: 'varint', value: a.value }];
    case 'string':
      return [head, { field: 20, kind: 'varint', value: 3 }, { field: 4, kind: 'string', value: a.value }];
    case 'floats':
      return [head, { field: 20, kind: 'varint', value: 6 }, { field: 7, kind: 'packedFloats', value: a.value }];
    case 'ints':
      return [head, { field: 20, kind: 'varint', value: 7 }, { field: 8, kind: 'packedVarints', value: a.value }];
    case 'strings':
      return [head, { field: 20, kind: 'varint', value: 8 }, ...a.value.map((s): Field => ({ field: 9, kind: 'string', value: s }))];
  }
}

/** ValueInfoProto with a tensor type: TypeProto.tensor_type { elem_type, shape { dim { dim_value | dim_param } } }. */
function valueInfo(v: ValueInfo): Field[] {
  const dims = v.shape.map((d): Field => ({ field: 1, kind: 'message', value: [typeof d === 'number' ? { field: 1, kind: 'varint', value: d } : { field: 2, kind: 'string', value: d }] }));
  const tensorType: Field[] = [{ field: 1, kind: 'varint', value: ElementType[v.type] }, { field: 2, kind: 'message', value: dims }];
  return [{ field: 1, kind: 'string', value: v.name }, { field: 2, kind: 'message', value: [{ field: 1, kind: 'message', value: tensorType }] }];
}
