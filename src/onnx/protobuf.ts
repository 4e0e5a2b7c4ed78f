// The protocol buffers wire format, writing only: enough for an ONNX model, with no schema compiler or package.

const encoder = new TextEncoder();

/** One field of a message: its number and its value, in the wire type its kind gives. */
export type Field =
  | { field: number; kind: 'varint'; value: number | bigint }
  | { field: number; kind: 'bytes'; value: Uint8Array }
  | { field: number; kind: 'string'; value: string }
  | { field: number; kind: 'float'; value: number }
  | { field: number; kind: 'message'; value: Field[] }
  | { field: number; kind: 'packedFloats'; value: ArrayLike<number> }
  | { field: number; kind: 'packedVarints'; value: ArrayLike<number | bigint> };

/**
 * A message's bytes. Numbers are written as their field's kind says: a varint (int32, int64 and enums; negative
 * values as ten bytes, as protobuf writes int64), a length-delimited run (bytes, strings, messages, packed
 * repeats), or a 32-bit float.
 * @example
 * encodeMessage([{ field: 1, kind: 'varint', value: 9 }, { field: 2, kind: 'string', value: 'softgrad' }]);
 */
export function encodeMessage(fields: readonly Field[]): Uint8Array {
  const out = new ByteWriter();
  writeFields(out, fields);
  return out.bytes();
}

function writeFields(out: ByteWriter, fields: readonly Field[]): void {
  for (const f of fields) {
    switch (f.kind) {
      case 'varint':
        out.tag(f.field, 0);
        out.varint(f.value);
        break;
      case 'float':
        out.tag(f.field, 5);
        out.float32(f.value);
        break;
      case 'bytes':
        out.tag(f.field, 2);
        out.lengthDelimited(f.value);
        break;
      case 'string':
        out.tag(f.field, 2);
        out.lengthDelimited(encoder.encode(f.value));
        break;
      case 'message':
        out.tag(f.field, 2);
        out.lengthDelimited(encodeMessage(f.value));
        break;
      case 'packedFloats':
        out.tag(f.field, 2);
        out.lengthDelimited(littleEndian(Float32Array.from(f.value)));
        break;
      case 'packedVarints': {
        const inner = new ByteWriter();
        for (let i = 0; i < f.value.length; i++) inner.varint(f.value[i]);
        out.tag(f.field, 2);
        out.lengthDelimited(inner.bytes());
        break;
      }
    }
  }
}

/** A float32 array's bytes, little-endian as protobuf and ONNX's raw data want, on any host. */
export function littleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return bytes;
}

/** A growing byte buffer. */
class ByteWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  varint(value: number | bigint): void {
    // Negative int64 values are their two's complement, ten bytes long.
    let v = BigInt.asUintN(64, BigInt(value));
    this.room(10);
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.buffer[this.length++] = v > 0n ? low | 0x80 : low;
    } while (v > 0n);
  }

  float32(value: number): void {
    this.room(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
  }

  lengthDelimited(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private room(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(2 * this.buffer.length, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
