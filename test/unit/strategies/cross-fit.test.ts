import { describe, expect, it } from 'vitest';
import { crossFit, crossFitRouter, inSample, kFoldSplit } from '../../../src/main/strategies/cross-fit';

describe('k-fold split', () => {
  it('is seeded, balanced and stratified by subject', () => {
    const subjects = Array.from({ length: 100 }, (_, i) => (i < 60 ? 'law' : i < 90 ? 'math' : 'art'));
    const a = kFoldSplit(100, 5, { seed: 3, strata: subjects });
    const b = kFoldSplit(100, 5, { seed: 3, strata: subjects });
    expect(Array.from(a.foldOf)).toEqual(Array.from(b.foldOf));
    expect(Array.from(kFoldSplit(100, 5, { seed: 4, strata: subjects }).foldOf)).not.toEqual(Array.from(a.foldOf));
    expect(a.folds.map((f) => f.length)).toEqual([20, 20, 20, 20, 20]);
    for (const subject of ['law', 'math', 'art']) {
      const perFold = a.folds.map((f) => Array.from(f).filter((i) => subjects[i] === subject).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    expect(a.stratified).toBe(true);
  });
});

describe('crossFit', () => {
  it('never routes a prompt with a model trained on it, and routes every prompt once', () => {
    const n = 103;
    const subjects = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]!);
    const seenTest = new Set<number>();
    const result = crossFit(
      n,
      5,
      (train, test, fold) => {
        const trainSet = new Set(train);
        expect(train.length + test.length).toBe(n);
        // The instrumented "profile": it remembers what it was fitted on and refuses to route those prompts.
        return Array.from(test, (p) => {
          if (trainSet.has(p)) throw new Error(`prompt ${p} routed by a profile trained on it (fold ${fold})`);
          expect(seenTest.has(p)).toBe(false);
          seenTest.add(p);
          return p % 3;
        });
      },
      { seed: 11, strata: subjects },
    );
    expect(seenTest.size).toBe(n);
    expect(result.evaluatedOnTraining).toBe(false);
    expect(Array.from(result.picks)).toEqual(Array.from({ length: n }, (_, p) => p % 3));
    expect(new Set(result.foldOf)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('rejects a callback returning the wrong number of picks', () => {
    expect(() => crossFit(10, 2, () => [0])).toThrow(/returned 1 picks/);
  });

  it('crossFitRouter sends each prompt to its own fold router, fitted without it', () => {
    const trainedOn: Set<number>[] = [];
    const router = crossFitRouter(50, 4, (train, fold) => {
      trainedOn[fold] = new Set(train);
      return (p) => {
        if (trainedOn[fold]!.has(p)) throw new Error(`prompt ${p} is in fold ${fold}'s training set`);
        return fold;
      };
    });
    for (let p = 0; p < 50; p++) expect(router.route(p, 0.5)).toBe(router.foldOf[p]);
  });

  it('inSample flags evaluation on training prompts', () => {
    const r = inSample(3, (p) => (p === 1 ? null : 0));
    expect(r.evaluatedOnTraining).toBe(true);
    expect(Array.from(r.picks)).toEqual([0, -1, 0]);
  });
});

describe('fromCrossFit', () => {
  it('carries the training-prompt flag into the evaluation notes', async () => {
    const { fromCrossFit } = await import('../../../src/main/strategies/cross-fit');
    const { evaluateAll } = await import('../../../src/main/strategies/evals/evaluation');
    const { sixByThree } = await import('../../fixtures/strategies/six-by-three');
    const m = sixByThree();
    const imported = fromCrossFit('imported-profile', inSample(6, () => 1));
    const oof = fromCrossFit('cross-fitted', crossFit(6, 3, (_tr, te) => Array.from(te, () => 0)));
    const t = evaluateAll(m, [imported, oof]);
    expect(t.notes.join('\n')).toMatch(/imported-profile was evaluated on its own training prompts/);
    expect(t.notes.join('\n')).not.toMatch(/cross-fitted was evaluated/);
  });
});
