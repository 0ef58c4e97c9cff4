import type { ComparisonGroup, ComparisonResult, ComparisonRow, ParetoChart } from '../../../src/shared/api/compare';

export function makeRow(over: Partial<ComparisonRow> = {}): ComparisonRow {
  return {
    name: 'router@0.50',
    strategy: 'router',
    kind: 'router',
    preference: 0.5,
    unavailable: null,
    prompts: 40,
    routed: 40,
    scored: 40,
    correct: 25,
    accuracy: 0.625,
    accuracyCi95: { lo: 0.468, hi: 0.758 },
    meanSizeMb: 280.4,
    meanLatencyMs: 812.6,
    p95LatencyMs: 1490,
    meanEnergyJ: 2.114,
    savingsVsLargest: { size: 0.2883, latency: 0.18, energy: -0.05 },
    share: { 'gemma-270m': 0.25, 'qwen-600m': 0.75, 'lfm2-350m': 0 },
    agreementWithOracle: 0.4,
    agreementWithClaude: null,
    deferralArea: 0.03412,
    qnc: 1.9876,
    evaluatedOnTraining: false,
    simulatedCells: 40,
    ...over,
  };
}

export function makePareto(over: Partial<ParetoChart> = {}): ParetoChart {
  return {
    cost: 'energy',
    unit: 'J',
    models: [
      { model: 'gemma-270m', cost: 2.04, accuracy: 0.25 },
      { model: 'qwen-600m', cost: 2.44, accuracy: 0.375 },
      { model: 'broken', cost: Number.NaN, accuracy: 0.5 },
    ],
    oracle: { cost: 2.11, accuracy: 0.625 },
    curves: [
      {
        name: 'router (out of fold)',
        evaluatedOnTraining: false,
        points: [
          { cost: 2.04, accuracy: 0.25, preference: 0 },
          { cost: 2.29, accuracy: 0.3, preference: 0.5 },
          { cost: 2.44, accuracy: 0.375, preference: 1 },
        ],
        hull: [],
      },
    ],
    strategies: [
      { name: 'always-largest', cost: 2.44, accuracy: 0.375 },
      { name: 'router@0.50', cost: 2.29, accuracy: 0.3 },
      { name: 'oracle(energy)', cost: 2.11, accuracy: 0.625 },
    ],
    ...over,
  };
}

export function makeGroup(over: Partial<ComparisonGroup> = {}): ComparisonGroup {
  return {
    key: '127.0.0.1:5555',
    device: '127.0.0.1:5555',
    deviceModel: 'Pixel 8 Pro',
    runIds: ['run-aaaaaaaa'],
    simulated: 'all',
    prompts: 40,
    models: [
      { id: 'gemma-270m', sizeMb: 172, accuracy: 0.25, meanLatencyMs: 758, meanEnergyJ: 2.04 },
      { id: 'qwen-600m', sizeMb: 394, accuracy: 0.375, meanLatencyMs: 992, meanEnergyJ: 2.44 },
    ],
    matrix: { cells: 80, measuredCells: 80, missingCells: 0, simulatedCells: 80, cellsWithLatency: 80, cellsWithEnergy: 80, repeatedCells: 0, splitVotes: 0 },
    rows: [
      makeRow(),
      makeRow({ name: 'oracle(energy)', strategy: 'oracle', kind: 'oracle', preference: null, deferralArea: null, qnc: null }),
      makeRow({ name: 'always-largest', strategy: 'largest', kind: 'baseline', preference: null, savingsVsLargest: { size: 0, latency: 0, energy: 0 }, deferralArea: null, qnc: null, share: { 'qwen-600m': 1 } }),
      makeRow({ name: 'claude', strategy: 'claude', kind: 'llm-router', preference: null, unavailable: 'no Claude key: set one in Settings or ANTHROPIC_API_KEY', accuracy: null, accuracyCi95: null, share: {} }),
    ],
    pareto: { energy: makePareto(), latency: makePareto({ cost: 'latency', unit: 'ms' }), size: makePareto({ cost: 'size', unit: 'MB' }) },
    pairs: [],
    breakdown: {
      cluster: null,
      subject: {
        by: 'subject',
        basis: 'MMLU subjects of the prompts',
        groups: [
          {
            key: 'astronomy',
            label: 'astronomy',
            prompts: 10,
            cells: {
              'router@0.50': { prompts: 10, scored: 10, accuracy: 0.6, meanLatencyMs: 800, meanEnergyJ: 2.1, meanSizeMb: 300 },
              'always-largest': { prompts: 10, scored: 10, accuracy: 0.7, meanLatencyMs: 990, meanEnergyJ: 2.4, meanSizeMb: 394 },
            },
          },
        ],
      },
    },
    outOfFold: { k: 5, seed: 42, stratified: true, folds: [], verified: true, fitMs: 57.2 },
    notes: [],
    ...over,
  };
}

export function makeResult(groups: ComparisonGroup[] = [makeGroup()]): ComparisonResult {
  return {
    id: 'cmp-3e257013-aaaa',
    createdAt: 1_764_000_000_000,
    durationMs: 75,
    costMetric: 'energy',
    request: { runIds: ['run-aaaaaaaa'], strategies: ['router', 'oracle', 'largest'], preferences: [0.5], folds: 5, k: 'auto', seed: 42, groupBy: 'device', energy: 'gross', profile: null },
    aggregation: 'median over repetitions',
    groups,
    notes: [],
  };
}
