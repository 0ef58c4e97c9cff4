/**
 * Routing's seeded randomness is the lab kit's (src/shared/kit/prng.ts: mulberry32, deriveSeed, permutation);
 * re-exported here so the clustering modules keep their local import.
 */
export { deriveSeed, mulberry32, permutation, type Prng } from '../../shared/kit/prng';
