import { describe, expect, it } from 'vitest';
import { holdAfterProgress } from '../../../src/main/compute/test-hold';

function recorder(env: NodeJS.ProcessEnv): { hold: (p: unknown) => void; waits: () => number } {
  let n = 0;
  const hold = holdAfterProgress(env, () => void n++);
  return { hold, waits: () => n };
}

describe('AURORA_LAB_TEST_HOLD_PHASE', () => {
  it('holds nothing when unset or empty', () => {
    for (const env of [{}, { AURORA_LAB_TEST_HOLD_PHASE: '' }, { AURORA_LAB_TEST_HOLD_PHASE: ' , ' }]) {
      const r = recorder(env);
      r.hold({ phase: 'choosing-k', message: 'x', done: null, total: null });
      r.hold({ progress: { phase: 'fitting' } });
      expect(r.waits()).toBe(0);
    }
  });

  it("holds at a build's phase and at a comparison's (wrapped in progress), not at others", () => {
    const r = recorder({ AURORA_LAB_TEST_HOLD_PHASE: 'choosing-k, fitting' });
    r.hold({ phase: 'embedding' });
    r.hold({ k: 4 });
    r.hold(null);
    r.hold({ progress: { phase: 'llm' } });
    expect(r.waits()).toBe(0);
    r.hold({ phase: 'choosing-k', done: null });
    expect(r.waits()).toBe(1);
    r.hold({ progress: { phase: 'fitting', done: 0 } });
    expect(r.waits()).toBe(2);
  });
});
