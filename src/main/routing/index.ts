/** Routing: embedders, clustering, K selection, profile building, formats and decisions. */
export * from './embedder';
export * from './errors';
export * from './estimate';
export * from './kmeans';
export { silhouette } from './silhouette';
export * from './choose-k';
export * from './profile-v2';
export * from './seed-v1';
export * from './build-profile';
export * from './route';
export * from './inspect';
export { mulberry32, deriveSeed, permutation } from './prng';
export type { Prng } from './prng';
export { fnv1a32, fnv1a32Bytes } from './hash';
export { canonicalJson, documentChecksum, parseJsonDocument, DEFAULT_MAX_PROFILE_BYTES } from './json';
