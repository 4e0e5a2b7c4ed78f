// `softgrad export`: a saved model as an ONNX file, for onnxruntime or any ONNX runtime.
import { toOnnx } from '../onnx/classifier-onnx.js';
import { writeFileAtomic } from '../train/atomic-write.js';
import { Classifier } from '../train/classifier.js';
import { command } from './command.js';
import type { CliIO } from './io.js';
import { checkOutputs } from './outputs.js';

export const exportCommand = command({
  positionals: ['<model.json>', '<model.onnx>'],
  summary: 'the model and its column handling as an ONNX file',
  flags: {},
  run: exportOnnx,
});

async function exportOnnx([modelPath, onnxPath]: string[], _flags: object, io: CliIO): Promise<void> {
  checkOutputs([['the ONNX file', onnxPath]], [modelPath]);
  const bytes = toOnnx(Classifier.load(modelPath));
  writeFileAtomic(onnxPath, bytes);
  io.stdout(`${onnxPath}: ${bytes.length} bytes; inputs are the model's columns, outputs label and probabilities\n`);
}
