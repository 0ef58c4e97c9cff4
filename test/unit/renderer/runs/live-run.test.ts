import { describe, expect, it } from 'vitest';
import { EMPTY_LIVE, liveAdopt, liveOnProgress, liveOnResult, liveWithStored } from '../../../../src/renderer/src/runs/live-run';
import { makeProgress, makeResult } from '../fixtures/runs';

const SERIAL = '127.0.0.1:5555';

describe('following a run live', () => {
  it('buffers events that arrive before the run id, then keeps only that run', () => {
    let s = EMPTY_LIVE;
    s = liveOnProgress(s, makeProgress({ runId: 'run-aaaaaaaa', phase: 'deploying', at: 1 }), SERIAL);
    s = liveOnProgress(s, makeProgress({ runId: 'run-bbbbbbbb', phase: 'done', at: 2 }), SERIAL);
    s = liveOnProgress(s, makeProgress({ runId: 'run-aaaaaaaa', serial: 'other', at: 3 }), SERIAL);
    s = liveOnResult(s, makeResult({ runId: 'run-aaaaaaaa', id: 7 }));
    s = liveOnResult(s, makeResult({ runId: 'run-bbbbbbbb', id: 8 }));
    expect(s.progress).toBeNull();
    s = liveAdopt(s, 'run-aaaaaaaa');
    expect(s.runId).toBe('run-aaaaaaaa');
    expect(s.progress?.phase).toBe('deploying');
    expect(s.results.map((r) => r.id)).toEqual([7]);
    expect(s.early).toEqual({ progress: [], results: [] });
  });

  it('ignores other runs and older progress once the id is known', () => {
    let s = liveAdopt(EMPTY_LIVE, 'run-aaaaaaaa');
    s = liveOnProgress(s, makeProgress({ runId: 'run-aaaaaaaa', phase: 'prompts', at: 10 }), SERIAL);
    s = liveOnProgress(s, makeProgress({ runId: 'run-aaaaaaaa', phase: 'loading', at: 5 }), SERIAL);
    s = liveOnProgress(s, makeProgress({ runId: 'run-bbbbbbbb', phase: 'failed', at: 20 }), SERIAL);
    expect(s.progress?.phase).toBe('prompts');
    s = liveOnResult(s, makeResult({ runId: 'run-aaaaaaaa', id: 2, index: 1 }));
    s = liveOnResult(s, makeResult({ runId: 'run-bbbbbbbb', id: 3 }));
    s = liveOnResult(s, makeResult({ runId: 'run-aaaaaaaa', id: 1, index: 0 }));
    expect(s.results.map((r) => r.id)).toEqual([1, 2]);
  });

  it('merges stored results without duplicating live ones', () => {
    let s = liveAdopt(EMPTY_LIVE, 'run-aaaaaaaa');
    s = liveOnResult(s, makeResult({ runId: 'run-aaaaaaaa', id: 2, index: 1, response: 'live' }));
    s = liveWithStored(s, [makeResult({ runId: 'run-aaaaaaaa', id: 1 }), makeResult({ runId: 'run-aaaaaaaa', id: 2, index: 1, response: 'stored' })]);
    expect(s.results.map((r) => [r.id, r.response])).toEqual([
      [1, 'Four.'],
      [2, 'live'],
    ]);
    expect(liveWithStored(EMPTY_LIVE, [makeResult()])).toBe(EMPTY_LIVE);
  });
});
