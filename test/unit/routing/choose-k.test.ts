import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { chooseK, chooseKTwoThreads, searchK, SEARCH_DEFAULTS, splitKs, splitRows } from '../../../src/main/routing/choose-k';
import type { KSearchHelper, Split } from '../../../src/main/routing/choose-k';
import type { TrainingMatrix } from '../../../src/main/routing/build-profile';
import type { SparseRows } from '../../../src/main/routing/kmeans';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { embedAll, fitLexicalEmbedder } from '../../../src/main/routing/embedder';
import { kmeans, selectRows, toSparseRows } from '../../../src/main/routing/kmeans';
import { LexicalFeatures } from '../../../src/main/routing/lexical-features';
import type { Correctness } from '../../../src/main/routing/estimate';
import { plantedMatrix } from './synthetic';

/** A planted matrix's split, lexical rows (IDF from the training prompts) and correctness, as chooseK takes them. */
function searchInputs(matrix: TrainingMatrix, validationFraction: number): { split: Split; x: SparseRows; corr: Correctness } {
  const texts = matrix.prompts.map((p) => p.text);
  const split = splitRows(texts.length, validationFraction, 42);
  const features = new LexicalFeatures(texts);
  const x = features.rows(Uint32Array.from(texts, (_, i) => i), features.specFor(split.train).idf);
  const m = matrix.models.length;
  const values = new Int8Array(texts.length * m);
  matrix.correctness.forEach((row, i) => row.forEach((y, j) => (values[i * m + j] = y ?? -1)));
  return { split, x, corr: { nPrompts: texts.length, nModels: m, values } };
}

describe('choosing K by validation log-loss', () => {
  // 5 topics, each with its own pattern of which of 6 models answer (0.95 vs 0.05).
  const patterns = [
    [1, 1, 0, 0, 1, 0],
    [0, 1, 1, 0, 0, 1],
    [1, 0, 1, 1, 0, 0],
    [0, 0, 0, 1, 1, 1],
    [1, 1, 1, 1, 1, 0],
  ];
  const { matrix } = plantedMatrix({ topics: 5, perTopic: 60, models: 6, seed: 11, errorPattern: (t, m) => (patterns[t]![m] ? 0.95 : 0.05) });

  it('splits deterministically', () => {
    const a = splitRows(100, 0.2, 3);
    expect(a.validation.length).toBe(20);
    expect(Array.from(splitRows(100, 0.2, 3).validation)).toEqual(Array.from(a.validation));
    expect(Array.from(splitRows(100, 0.2, 4).validation)).not.toEqual(Array.from(a.validation));
    expect(new Set([...a.train, ...a.validation]).size).toBe(100);
  });

  it('picks the planted K', async () => {
    const texts = matrix.prompts.map((p) => p.text);
    const split = splitRows(texts.length, 0.25, 42);
    const { embedder } = fitLexicalEmbedder(Array.from(split.train, (i) => texts[i]!), { dim: 1024 });
    const x = toSparseRows(await embedAll(embedder, texts), texts.length, 1024);
    const values = new Int8Array(texts.length * 6);
    matrix.correctness.forEach((row, i) => row.forEach((y, j) => (values[i * 6 + j] = y ?? -1)));
    const corr: Correctness = { nPrompts: texts.length, nModels: 6, values };
    const report = chooseK(x, corr, split, { kMin: 1, kMax: 9, seed: 42 });
    expect(report.chosenK).toBe(5);
    const byK = new Map(report.entries.map((e) => [e.k, e.logLoss]));
    expect(byK.get(5)!).toBeLessThan(byK.get(1)!);
    expect(byK.get(5)!).toBeLessThan(byK.get(3)!);
    expect(report.entries.every((e) => e.k === 1 ? e.silhouette === null : e.silhouette !== null)).toBe(true);
    // Fixed K is supported too.
    expect(chooseK(x, corr, split, { k: 3 }).chosenK).toBe(3);
  });

  it('buildProfile with a K range lands on the planted K', async () => {
    const { profile } = await buildProfile(matrix, { k: { min: 2, max: 8 }, seed: 42, now: new Date(0) });
    expect(profile.clusters.k).toBe(5);
    expect(profile.evaluation!.k_selection.mode).toBe('validation-log-loss');
    expect(profile.evaluation!.validation_log_loss).toBeLessThan(0.3);
  });

  it('the search fits each K with its budget, and the final fit starts from the chosen K\'s search fit', async () => {
    const { split, x, corr } = searchInputs(matrix, 0.2);
    const report = chooseK(x, corr, split, { kMin: 2, kMax: 8, seed: 42, minClusterSize: 5 });
    const trainRows = selectRows(x, split.train);
    const fromSearch = kmeans(trainRows, report.fit.k, { initCentroids: report.fit.centroids, minClusterSize: 5 });
    const restarts = kmeans(trainRows, report.chosenK, { seed: 42, nInit: 4, minClusterSize: 5 });
    const centroidsOf = (p: { clusters: { centroids: number[][] } }) => Float32Array.from(p.clusters.centroids.flat());
    const a = await buildProfile(matrix, { k: { min: 2, max: 8 }, seed: 42, now: new Date(0), lexical: {} });
    expect(a.profile.provenance.options.final_start).toBe('search');
    expect(a.profile.provenance.options.search_max_iter).toBe(10);
    expect(centroidsOf(a.profile)).toEqual(fromSearch.centroids);
    const b = await buildProfile(matrix, { k: { min: 2, max: 8 }, seed: 42, now: new Date(0), finalStart: 'restarts' });
    expect(b.profile.provenance.options.final_start).toBe('restarts');
    expect(centroidsOf(b.profile)).toEqual(restarts.centroids);
  });

  it('caps the centroid updates of every search fit (SEARCH_DEFAULTS, or searchMaxIter)', () => {
    // Structureless vectors: Lloyd needs many updates to settle, so a cap is what stops it.
    const rng = mulberry32(5);
    const n = 400;
    const dim = 32;
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += (data[i * dim + j] = rng.next() - 0.5) ** 2;
      for (let j = 0; j < dim; j++) data[i * dim + j] = data[i * dim + j]! / Math.sqrt(sq);
    }
    const x = toSparseRows(data, n, dim);
    const corr: Correctness = { nPrompts: n, nModels: 2, values: Int8Array.from({ length: 2 * n }, () => (rng.next() < 0.5 ? 1 : 0)) };
    const split = splitRows(n, 0.2, 1);
    const uncapped = chooseK(x, corr, split, { k: 6, seed: 3, searchMaxIter: 100 });
    expect(uncapped.fit.iterations).toBeGreaterThan(SEARCH_DEFAULTS.maxIter);
    expect(chooseK(x, corr, split, { k: 6, seed: 3 }).fit.iterations).toBe(SEARCH_DEFAULTS.maxIter);
    expect(chooseK(x, corr, split, { k: 6, seed: 3, searchMaxIter: 3 }).fit.iterations).toBe(3);
  });
});

describe('the K search split between two threads', () => {
  const { matrix } = plantedMatrix({ topics: 4, perTopic: 50, models: 4, seed: 3 });
  const { split, x, corr } = searchInputs(matrix, 0.25);
  /** A second thread in this one: the input crosses as a structured clone, as it does to a worker. */
  const inThread = (asked: number[][]): KSearchHelper => ({
    search: (input, ks, onK) => {
      asked.push(ks);
      const copy = structuredClone(input);
      return Promise.resolve(ks.map((k) => (onK(k), searchK(copy, k))));
    },
    close: () => undefined,
  });

  it('splits the Ks by cost: every K once, the heavier side within one K of the other', () => {
    for (const [lo, hi] of [[2, 20], [1, 9], [3, 4], [5, 5]] as const) {
      const ks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
      const { here, there } = splitKs(ks);
      expect([...here, ...there].sort((a, b) => a - b)).toEqual(ks);
      const cost = (s: number[]) => s.reduce((t, k) => t + k + 5, 0);
      expect(Math.abs(cost(here) - cost(there))).toBeLessThanOrEqual(hi + 5);
    }
    expect(splitKs([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]).there.length).toBeGreaterThan(7);
  });

  it('gives the same entries, chosen K and fit as one thread, bit for bit', async () => {
    const opts = { kMin: 1, kMax: 9, seed: 42 };
    const one = chooseK(x, corr, split, opts);
    const asked: number[][] = [];
    const done: Array<[number, number]> = [];
    const two = await chooseKTwoThreads(x, corr, split, { ...opts, onK: (d, _t, k) => done.push([d, k]) }, inThread(asked));
    expect(two.entries).toEqual(one.entries);
    expect(two.chosenK).toBe(one.chosenK);
    expect(Array.from(two.fit.centroids)).toEqual(Array.from(one.fit.centroids));
    expect(Array.from(two.fit.labels)).toEqual(Array.from(one.fit.labels));
    expect(asked).toEqual([splitKs([1, 2, 3, 4, 5, 6, 7, 8, 9]).there]);
    expect(done.map(([d]) => d)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(done.map(([, k]) => k).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses a second thread that answers for other Ks', async () => {
    const wrong: KSearchHelper = { search: (input, ks) => Promise.resolve(ks.map((k) => searchK(input, k + 1))), close: () => undefined };
    await expect(chooseKTwoThreads(x, corr, split, { kMin: 2, kMax: 7, seed: 42 }, wrong)).rejects.toThrow(/second thread answered for K = .*, not /);
  });
});
