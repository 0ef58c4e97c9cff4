/** Builders for run data in renderer tests. */
import type { CampaignSummary, Distribution, ModelFigures } from '../../../src/shared/api/campaigns';
import type { PowerTimeline, PromptResult, RunDetail, RunProgress, RunSummary } from '../../../src/shared/runs';

export function makeResult(over: Partial<PromptResult> = {}): PromptResult {
  return {
    id: 1,
    runId: 'run-00000001',
    runModelId: 1,
    modelId: 'gemma-270m',
    index: 0,
    promptId: 'line-1',
    prompt: 'What is 2+2?',
    ok: true,
    error: null,
    tStartMs: 10_000,
    tEndMs: 11_500,
    ttftMs: 185.713,
    prefillTps: 376.927,
    decodeTps: 73.944,
    totalMs: 1443.419,
    prefillTokens: 70,
    outputTokens: 94,
    peakRamMb: 70.39,
    energyJ: 2.903112710358858,
    netEnergyJ: 1.8092079262561112,
    avgPowerW: 2.0112444570708887,
    energyPerTokenJ: 0.01924689283251182,
    energy: { method: 'odpm', sampleHz: 5, sampleCount: 8, updates: 9, resolutionNote: 'spans 9 ODPM reads (< 10): coarse resolution' },
    tempStartC: 25.9,
    tempEndC: 26,
    thermalStatus: 0,
    throttled: false,
    response: 'Four.',
    extracted: null,
    correct: null,
    simulated: true,
    createdAt: 1_000,
    ...over,
  };
}

export function makeSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run-00000001',
    kind: 'quick',
    status: 'done',
    serial: '127.0.0.1:5555',
    deviceModel: 'Pixel 8 Pro',
    modelIds: ['gemma-270m'],
    energyMethod: 'odpm',
    simulated: true,
    createdAt: 1_000_000,
    finishedAt: 1_008_000,
    promptCount: 2,
    error: null,
    ...over,
  };
}

export function makeDetail(over: Partial<RunDetail> = {}): RunDetail {
  return {
    ...makeSummary(),
    fingerprint: 'google/husky/husky:15/AP4A/1:user/release-keys',
    androidRelease: '15',
    runnerVersion: '0.1.0',
    engineVersion: 'cactus-sim/1.0.0',
    sampleHz: 5,
    chargingState: 'discharging',
    screenState: null,
    batteryLevel: 82,
    tempStartC: 26.5,
    thermalStatusStart: 0,
    models: [],
    warnings: [],
    ...over,
  };
}

export function makeProgress(over: Partial<RunProgress> = {}): RunProgress {
  return {
    runId: 'run-00000001',
    serial: '127.0.0.1:5555',
    phase: 'prompts',
    done: 1,
    total: 4,
    etaMs: 30_000,
    message: 'Prompt 1 of 4 stored',
    modelId: 'gemma-270m',
    at: 100_000,
    ...over,
  };
}

export function makeTimeline(over: Partial<PowerTimeline> = {}): PowerTimeline {
  return {
    runId: 'run-00000001',
    method: 'odpm',
    points: [
      { t: 5500, watts: 0.7 },
      { t: 5700, watts: 2.2 },
      { t: 12_000, watts: 2.0 },
      { t: 13_600, watts: 1.1 },
    ],
    prompts: [
      { resultId: 1, index: 0, modelId: 'gemma-270m', tStartMs: 10_889.645, tEndMs: 12_333.086, ok: true },
      { resultId: 2, index: 1, modelId: 'gemma-270m', tStartMs: 12_334.635, tEndMs: 13_544.254, ok: false },
    ],
    baselines: [{ modelId: 'gemma-270m', watts: 0.7578, tFromMs: 6265.575, tToMs: 9265.575 }],
    thermal: [
      { t: 5511.48, status: 0, tempC: 26.5 },
      { t: 7531.48, status: 0, tempC: null },
      { t: 13_622.48, status: 0, tempC: 26.8 },
    ],
    ...over,
  };
}

export function makeCampaign(over: Partial<CampaignSummary> = {}): CampaignSummary {
  return {
    id: 'camp-0001',
    status: 'done',
    createdAt: 4000,
    finishedAt: 8000,
    durationMs: 3500,
    dataset: 'starter',
    setName: 'starter',
    n: 12,
    reps: 2,
    seed: 's1',
    serials: ['127.0.0.1:5555', 'S2'],
    deviceModels: ['Pixel 8 Pro', 'Galaxy S23'],
    modelIds: ['gemma-270m', 'lfm2-350m'],
    done: 96,
    total: 96,
    energyJ: 52,
    simulated: true,
    error: null,
    runIds: ['dev-run-1', 'dev-run-2'],
    ...over,
  };
}

export function makeDistribution(over: Partial<Distribution> = {}): Distribution {
  return { n: 10, min: 100, max: 500, mean: 250, p10: 120, p50: 240, p90: 450, p95: 480, p99: 495, bins: [], ...over };
}

export function makeFigures(over: Partial<ModelFigures> = {}): ModelFigures {
  return {
    modelId: 'gemma-270m',
    serial: null,
    results: 24,
    scored: 24,
    correct: 4,
    unparsable: 2,
    failed: 0,
    accuracy: 4 / 24,
    ci95: [0.0696, 0.3661],
    ttftMs: makeDistribution(),
    decodeTps: makeDistribution({ min: 0, max: 75, p10: 6.7, p50: 73.3, p90: 75.3 }),
    totalMs: makeDistribution(),
    energyJ: makeDistribution({ min: 0.1, max: 1.2, p10: 0.3, p50: 0.6, p90: 0.9 }),
    energyPerTokenJ: makeDistribution({ min: 0.01, max: 0.5, p10: 0.02, p50: 0.04, p90: 0.2 }),
    meanEnergyJ: 0.604,
    meanGrossEnergyJ: 1.119,
    energyPerOutputTokenJ: 0.0325,
    medianTotalMs: 645.2,
    ...over,
  };
}
