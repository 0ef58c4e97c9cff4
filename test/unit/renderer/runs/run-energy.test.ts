import { describe, expect, it } from 'vitest';
import type { RunDetail, RunModelSummary } from '../../../../src/shared/runs';
import { loadRunEnergies, runsNeedingEnergy } from '../../../../src/renderer/src/runs/run-energy';
import { makeDetail, makeSummary } from '../fixtures/runs';

function model(energyJ: number | null): RunModelSummary {
  return {
    id: 1,
    runId: 'r',
    modelId: 'gemma-270m',
    status: 'done',
    error: null,
    loadMs: null,
    rssMb: null,
    idleBaselineW: null,
    calibrationId: null,
    energyJ,
    tFirstMs: null,
    tLastMs: null,
    fileHashes: {},
    warnings: [],
  };
}

describe('quick-run energy for the Runs list', () => {
  it('asks only for quick runs whose energy is unknown, and always for running ones', () => {
    const cache = new Map<string, number | null>([['done-aaaaaaaa', 1.5]]);
    const runs = [
      makeSummary({ id: 'done-aaaaaaaa', status: 'done' }),
      makeSummary({ id: 'new-aaaaaaaa', status: 'done' }),
      makeSummary({ id: 'live-aaaaaaaa', status: 'running' }),
      makeSummary({ id: 'camp-run-aaaa', kind: 'campaign', campaignId: 'camp-aaaaaaaa' }),
    ];
    expect(runsNeedingEnergy(runs, cache)).toEqual(['new-aaaaaaaa', 'live-aaaaaaaa']);
  });

  it('keeps finished runs for the session, not running ones, and leaves failed reads blank', async () => {
    const cache = new Map<string, number | null>();
    const details: Record<string, RunDetail> = {
      'a-aaaaaaaa': makeDetail({ id: 'a-aaaaaaaa', status: 'done', models: [model(1.25), model(0.5)] }),
      'b-aaaaaaaa': makeDetail({ id: 'b-aaaaaaaa', status: 'running', models: [model(0.25)] }),
      'c-aaaaaaaa': makeDetail({ id: 'c-aaaaaaaa', status: 'done', models: [model(null)] }),
    };
    let inFlight = 0;
    let most = 0;
    const get = async (id: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Yield, so the workers' calls overlap as network calls would.
      await Promise.resolve();
      inFlight--;
      const d = details[id];
      if (!d) throw new Error(`no run ${id}`);
      return d;
    };
    const out = await loadRunEnergies(['a-aaaaaaaa', 'b-aaaaaaaa', 'c-aaaaaaaa', 'gone-aaaaaaaa'], get, cache, 2);
    expect(out.get('a-aaaaaaaa')).toBe(1.75);
    expect(out.get('b-aaaaaaaa')).toBe(0.25);
    expect(out.get('c-aaaaaaaa')).toBeNull();
    expect(out.has('gone-aaaaaaaa')).toBe(false);
    expect([...cache.keys()].sort()).toEqual(['a-aaaaaaaa', 'c-aaaaaaaa']);
    expect(most).toBeLessThanOrEqual(2);
  });
});
