import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../../src/shared/format';
import {
  chargingStateText,
  etaText,
  looksLikePixel,
  methodWithRate,
  modelView,
  progressView,
  resolutionView,
  runDurationMs,
  runEnergyJ,
} from '../../../../src/renderer/src/runs/run-view';
import { makeDetail, makeProgress, makeSummary } from '../fixtures/runs';

describe('durations and ETA', () => {
  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(8_320)).toBe('8.3 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });

  it('counts the ETA down from the time of the event', () => {
    expect(etaText(null, 0, 0)).toBeNull();
    expect(etaText(30_000, 1_000, 1_000)).toBe('about 30 s left');
    expect(etaText(30_000, 1_000, 11_000)).toBe('about 20 s left');
    expect(etaText(30_000, 1_000, 40_000)).toBe('almost done');
    // A clock slightly behind the lab's never adds time.
    expect(etaText(30_000, 5_000, 1_000)).toBe('about 30 s left');
  });
});

describe('progress view', () => {
  it('shows phase, counts, percentage and ETA while prompts run', () => {
    const v = progressView(makeProgress({ done: 1, total: 4, etaMs: 30_000, at: 0 }), 10_000);
    expect(v.phase).toBe('Running prompts');
    expect(v.counts).toBe('1 of 4 prompts');
    expect(v.percent).toBe(25);
    expect(v.eta).toBe('about 20 s left');
    expect(v.terminal).toBe(false);
    expect(v.tone).toBe('info');
  });

  it('is indeterminate before the first prompt, full when done, and has no ETA once over', () => {
    expect(progressView(makeProgress({ phase: 'loading', done: 0, etaMs: null }), 0).percent).toBeNull();
    expect(progressView(makeProgress({ phase: 'prompts', done: 0 }), 0).percent).toBe(0);
    const done = progressView(makeProgress({ phase: 'done', done: 4, total: 4, etaMs: 0 }), 0);
    expect(done.percent).toBe(100);
    expect(done.eta).toBeNull();
    expect(done.tone).toBe('ok');
    const failed = progressView(makeProgress({ phase: 'failed', done: 1, total: 4 }), 0);
    expect(failed.percent).toBe(25);
    expect(failed.tone).toBe('bad');
    expect(progressView(makeProgress({ total: 1, done: 0 }), 0).counts).toBe('0 of 1 prompt');
  });

  it('shows bytes while deploying', () => {
    const v = progressView(makeProgress({ phase: 'deploying', done: 0, bytesDone: 1024 * 1024, bytesTotal: 4 * 1024 * 1024 }), 0);
    expect(v.bytes).toBe('1.0 MB of 4.0 MB');
  });
});

describe('energy resolution', () => {
  it('says how many meter updates a prompt rests on and flags fewer than ten', () => {
    const coarse = resolutionView({ method: 'odpm', sampleHz: 5, sampleCount: 8, updates: 9, resolutionNote: null });
    expect(coarse).toEqual({ text: 'energy resolution: 9 ODPM reads', coarse: true, note: null });
    const fine = resolutionView({ method: 'fuel-gauge', sampleHz: 20, sampleCount: 200, updates: 40, resolutionNote: null });
    expect(fine?.text).toBe('energy resolution: 40 gauge updates');
    expect(fine?.coarse).toBe(false);
    // The lab's own note (partial coverage) also makes it coarse.
    expect(resolutionView({ method: 'fuel-gauge', sampleHz: 20, sampleCount: 200, updates: 40, resolutionNote: 'covers 80%' })?.coarse).toBe(true);
    expect(resolutionView({ method: 'charge-counter', sampleHz: null, sampleCount: 1, updates: 1, resolutionNote: null })?.text).toBe(
      'energy resolution: 1 charge-counter step',
    );
    expect(resolutionView(null)).toBeNull();
  });

  it('names methods with their rate', () => {
    expect(methodWithRate('odpm', 5)).toBe('ODPM power rails at 5 Hz');
    expect(methodWithRate('fuel-gauge', null)).toBe('fuel gauge');
    expect(methodWithRate(null, 5)).toBe('none (speed only)');
  });
});

describe('models, runs, conditions', () => {
  const model = {
    id: 'gemma-270m',
    name: 'Gemma 3 270M',
    sizeMb: 172,
    vision: false,
    simulated: true,
    cachedQuants: [] as string[],
    family: 'Gemma 3',
    capabilities: ['text'],
    source: 'catalogue' as const,
    huggingFace: { repo: 'Cactus-Compute/gemma-3-270m-it', file: 'weights/gemma3-270m-int8.zip' },
  };

  it('virtual phones need a simulated definition, real phones cached weights', () => {
    const v = modelView(model, true);
    expect(v).toMatchObject({ usable: true, size: '172 MB', cached: false });
    expect(v.weights).toBe('simulated definition · real weights not cached');
    const real = modelView(model, false);
    expect(real.usable).toBe(false);
    expect(real.note).toMatch(/Cactus-Compute\/gemma-3-270m-it/);
    const cached = modelView({ ...model, simulated: false, cachedQuants: ['int8'] }, false);
    expect(cached.usable).toBe(true);
    expect(cached.weights).toBe('real weights cached (int8)');
    expect(modelView({ ...model, simulated: false }, true).usable).toBe(false);
  });

  it('run duration and energy', () => {
    expect(runDurationMs(makeSummary({ createdAt: 1000, finishedAt: 9000 }), 0)).toBe(8000);
    expect(runDurationMs(makeSummary({ status: 'running', createdAt: 1000, finishedAt: null }), 4000)).toBe(3000);
    expect(runDurationMs(makeSummary({ status: 'failed', finishedAt: null }), 4000)).toBeNull();
    const m = makeDetail().models;
    expect(runEnergyJ({ models: m })).toBeNull();
    const models = [1.5, null, 2.25].map((energyJ, i) => ({
      id: i,
      runId: 'r',
      modelId: `m${i}`,
      status: 'done' as const,
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
    }));
    expect(runEnergyJ({ models })).toBe(3.75);
  });

  it('charging state and Pixel detection', () => {
    expect(chargingStateText('charging:usb')).toBe('charging (USB)');
    expect(chargingStateText('input-suspended')).toMatch(/suspended/);
    expect(chargingStateText(null)).toBe('—');
    expect(looksLikePixel({ brand: 'google', manufacturer: 'Google', model: 'Pixel 8' })).toBe(true);
    expect(looksLikePixel({ brand: 'samsung', manufacturer: 'samsung', model: 'SM-S918B' })).toBe(false);
    expect(looksLikePixel(null)).toBe(false);
  });
});
