// The module every float32 product, optimizer update, elementwise kernel, reduction, softmax row and bulk copy on a
// thread runs in: one memory, so that parameters, gradients, optimizer state and batches that live there are read in
// place.
export * from './gemm';
export * from './optimizers';
export * from './elementwise';
export * from './reductions';
export * from './softmax';
export * from './bulk';
