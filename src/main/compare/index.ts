/** Strategy comparison on measured runs: matrices from runs, out-of-fold router, imported profiles, the service. */
export * from './matrix-from-runs';
export * from './lexical-cache';
export * from './oof-router';
export * from './imported-profile';
export * from './report';
export * from './compare-service';
