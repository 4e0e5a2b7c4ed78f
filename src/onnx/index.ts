export { toOnnx } from './classifier-onnx.js';
