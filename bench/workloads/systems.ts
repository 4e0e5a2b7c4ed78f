// The systems the workloads are timed on. Runners are imported lazily, so a process loads only its own system.
import type { Runner } from './run-output.js';

export interface System {
  key: string;
  /** As the table shows it. */
  label: string;
  group: 'softgrad' | 'tfjs' | 'plain-js';
  load(): Promise<Runner>;
}

export const systems: System[] = [
  { key: 'softgrad-fit', label: 'softgrad fit', group: 'softgrad', load: async () => (await import('./softgrad.js')).softgradFit },
  { key: 'softgrad-loop', label: 'softgrad loop', group: 'softgrad', load: async () => (await import('./softgrad.js')).softgradLoop },
  { key: 'tfjs-cpu-fit', label: 'tfjs cpu model.fit', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsFit.bind(null, 'cpu') },
  { key: 'tfjs-cpu-tidy', label: 'tfjs cpu tidy step', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsTidy.bind(null, 'cpu') },
  { key: 'tfjs-wasm-fit', label: 'tfjs wasm model.fit', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsFit.bind(null, 'wasm') },
  { key: 'tfjs-wasm-tidy', label: 'tfjs wasm tidy step', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsTidy.bind(null, 'wasm') },
  { key: 'plain-js', label: 'plain JS, fused', group: 'plain-js', load: async () => (await import('./plain-js.js')).plainJs },
];

/** The reference every ratio is taken against. */
export const reference = 'softgrad-fit';
