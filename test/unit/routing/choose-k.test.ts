import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { chooseK, splitRows } from '../../../src/main/routing/choose-k';
import { embedAll, fitLexicalEmbedder } from '../../../src/main/routing/embedder';
import { toSparseRows } from '../../../src/main/routing/kmeans';
import type { Correctness } from '../../../src/main/routing/estimate';
import { plantedMatrix } from './synthetic';

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
});
