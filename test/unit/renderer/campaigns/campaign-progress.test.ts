import { describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../../../src/shared/api/campaigns';
import { campaignProgressView, newerProgress } from '../../../../src/renderer/src/campaigns/campaign-progress';
import { canResume } from '../../../../src/renderer/src/campaigns/campaign-status';

function makeCampaignProgress(over: Partial<CampaignProgress> = {}): CampaignProgress {
  return {
    campaignId: 'camp-0001',
    status: 'running',
    done: 12,
    total: 48,
    etaMs: 60_000,
    message: 'Measuring',
    at: 1_000,
    devices: [
      {
        serial: '127.0.0.1:5555',
        runId: 'run-1',
        state: 'measuring',
        phase: 'prompts',
        modelId: 'lfm2-350m',
        done: 6,
        total: 24,
        etaMs: 30_000,
        message: 'lfm2-350m: 6/24',
        powerW: 1.3236,
        tokensPerSec: 58.593,
        tempC: 27.1,
        batteryPct: 81,
      },
      {
        serial: 'S2',
        runId: 'run-2',
        state: 'waiting-device',
        phase: null,
        modelId: null,
        done: 6,
        total: 24,
        etaMs: null,
        message: 'S2 is offline; waiting',
        powerW: null,
        tokensPerSec: null,
        tempC: null,
        batteryPct: null,
      },
    ],
    ...over,
  };
}

describe('campaign progress', () => {
  it('shows overall counts, ETA and per-device live figures', () => {
    const v = campaignProgressView(makeCampaignProgress(), 11_000);
    expect(v).toMatchObject({ status: 'running', percent: 25, counts: '12 of 48 prompt results', eta: 'about 50 s left', finished: false, tone: 'info' });
    expect(v.devices[0]).toMatchObject({
      state: 'measuring',
      model: 'lfm2-350m',
      counts: '6 / 24',
      percent: 25,
      eta: 'about 20 s left',
      power: '1.32 W',
      tokens: '58.6 tok/s',
      temp: '27.1 °C',
      battery: '81%',
    });
    expect(v.devices[1]).toMatchObject({ state: 'paused: device offline', tone: 'warn', model: '—', power: '—', eta: null, battery: '—' });
    const done = campaignProgressView(makeCampaignProgress({ status: 'done', done: 48 }), 0);
    expect(done).toMatchObject({ finished: true, eta: null, percent: 100, tone: 'ok' });
  });

  it('keeps the newest snapshot of a campaign', () => {
    const a = makeCampaignProgress({ at: 5 });
    expect(newerProgress(a, makeCampaignProgress({ at: 3 }))).toBe(a);
    const b = makeCampaignProgress({ at: 9 });
    expect(newerProgress(a, b)).toBe(b);
    expect(newerProgress(null, a)).toBe(a);
  });

  it('offers resume only for stopped runs no other lab owns', () => {
    expect(canResume('interrupted', false)).toBe(true);
    expect(canResume('cancelled', false)).toBe(true);
    expect(canResume('partial', false)).toBe(true);
    expect(canResume('done', false)).toBe(false);
    expect(canResume('running', false)).toBe(false);
    expect(canResume('interrupted', true)).toBe(false);
  });
});
