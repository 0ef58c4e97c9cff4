import { describe, expect, it } from 'vitest';
import { outOfFoldRouter } from '../../../src/main/strategies/oof-router';
import type { FoldInfo } from '../../../src/main/strategies/oof-router';
import { createMatrix, setCell } from '../../../src/main/strategies/matrix';
import { mulberry32 } from '../../../src/shared/kit/prng';

// 60 prompts in three lexical topics; the small model is right on topic "capital", the mid one on "prime" too,
// the large one everywhere but a few.
function topicMatrix() {
  const topics = ['capital city country europe', 'prime number theorem proof', 'protein cell biology enzyme'];
  const rand = mulberry32(7).next;
  const prompts = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, text: `${topics[i % 3]} question ${i}`, subject: ['geo', 'math', 'bio'][i % 3]! }));
  const m = createMatrix({ device: 'd', prompts, models: [{ id: 's', size_mb: 100 }, { id: 'm', size_mb: 400 }, { id: 'l', size_mb: 1400 }] });
  prompts.forEach((_, p) => {
    const t = p % 3;
    setCell(m, p, 0, { correct: t === 0 && rand() < 0.9, latency_ms: 100, energy_j: 0.1 });
    setCell(m, p, 1, { correct: t <= 1 && rand() < 0.9, latency_ms: 300, energy_j: 0.3 });
    setCell(m, p, 2, { correct: rand() < 0.95, latency_ms: 1000, energy_j: 1 });
  });
  return m;
}

describe('out-of-fold router (buildProfile per fold)', () => {
  it('routes every prompt exactly once, with a profile that never saw it; the router learns the topics', async () => {
    const m = topicMatrix();
    const folds: FoldInfo[] = [];
    const r = await outOfFoldRouter(m, { folds: 4, k: 3, seed: 3, costMetric: 'energy', preferences: [0, 0.5, 1], runIds: ['run-x'], nInit: 1, onFold: (f) => folds.push(f) });
    expect(folds).toHaveLength(4);
    // Instrumentation: per prompt, the fold that routed it, and that fold's profile's prompts.
    const routedBy = new Map<string, number>();
    for (const f of folds) {
      for (const id of f.routedPromptIds) {
        expect(routedBy.has(id)).toBe(false);
        routedBy.set(id, f.fold);
        expect(f.profilePromptIds).not.toContain(id);
      }
      // The profile's own record of what it was built from agrees (train + validation ids), and covers the rest.
      expect(f.profile.provenance.n_prompts).toBe(60 - f.routedPromptIds.length);
      expect(new Set([...f.profilePromptIds, ...f.routedPromptIds]).size).toBe(60);
      expect(f.profile.provenance.run_ids).toEqual(['run-x']);
      expect(f.profile.routing.cost_metric).toEqual({ kind: 'energy', device: 'd' });
    }
    expect(routedBy.size).toBe(60);
    m.prompts.forEach((p, i) => expect(r.foldOf[i]).toBe(routedBy.get(p.id)));
    expect(r.audit.verified).toBe(true);
    expect(r.audit.folds.every((f) => f.overlap === 0)).toBe(true);
    // preference 0.5: capital prompts (the small model is right) go to the small model; preference 1 (pure error):
    // the large one wins nearly everywhere.
    const q = r.picks[1]!;
    const capital = m.prompts.map((_, i) => i).filter((i) => i % 3 === 0);
    expect(capital.filter((i) => q[i] === 0).length).toBeGreaterThan(capital.length * 0.8);
    // preference 0 (lambda 2): math prompts (mid right, small wrong) are worth the mid model, the rest stay small.
    expect(Array.from(r.picks[0]!).filter((x, i) => x === (i % 3 === 1 ? 1 : 0)).length).toBeGreaterThan(50);
    expect(Array.from(r.picks[2]!).filter((x) => x === 2).length).toBeGreaterThan(50);
  });

  it('auto K (validation log-loss) per fold', async () => {
    const r = await outOfFoldRouter(topicMatrix(), { folds: 2, k: 'auto', seed: 1, costMetric: 'size', preferences: [0.5], runIds: [], nInit: 1 });
    expect(r.kPerFold).toHaveLength(2);
    expect(r.audit.verified).toBe(true);
  });
});
