// softgrad's public API.
export * from './tensor/index.js';
export * from './errors.js';
export * from './layers/index.js';
export * from './losses/index.js';
export * from './optim/index.js';
export * from './data/index.js';
export * from './train/index.js';
