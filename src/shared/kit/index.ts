/** The lab's kit: pure helpers written once for the core and the renderer (no Node or DOM imports). */
export * from './prng';
export * from './stats';
export * from './csv';
export * from './backoff';
export * from './suggest';
export * from './embedding-text';
export * from './html';
export * from './zip';
