/** Routing strategies scored on measured per-prompt results: matrix, strategies, out-of-fold helper, metrics. */
export * from './matrix';
export * from './strategies';
export * from './cross-fit';
export * from './metrics';
