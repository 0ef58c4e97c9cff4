/** A campaign's report data with hostile strings in every text field the data brings in. */
import { latencyRows } from '../../../src/main/charts/latency-stats';
import type { ReportData } from '../../../src/main/report';
import {
  STRATEGY_COMPARISON_SIZE,
  buildLatencyDistributionOption,
  buildModelSizeDistributionOption,
  buildSavingsBreakdownOption,
  buildStrategyComparisonOption,
} from '../../../src/shared/charts';
import { MODELS, ROWS } from '../charts/fixtures';

export const HOSTILE_DEVICE = 'Pixel <img src=x onerror=alert(1)> "7" & co';
export const HOSTILE_PROMPT = 'What does </td><script>fetch("https://evil.example/")</script> print? A & B \'quoted\'';

export function reportData(over: Partial<ReportData> = {}): ReportData {
  const ctx = { simulated: 'all' as const, prompts: 100, group: HOSTILE_DEVICE };
  return {
    title: 'Aurora Lab benchmark',
    generatedAt: '2025-01-02T03:04:05.000Z',
    labVersion: '0.1.0',
    simulated: 'all',
    campaign: {
      id: 'cmpgn-0123456789',
      name: 'seed run <b>bold</b>',
      startedAt: '2025-01-02T02:00:00.000Z',
      dataset: { name: 'mmlu', prompts: 100, subjects: ['abstract_algebra', 'anatomy'], seed: 42 },
      repetitions: 1,
      devices: [{ serial: 'emulator-5554', name: HOSTILE_DEVICE, model: 'virtual pixel', simulated: true, energyMethod: 'ODPM power rails (simulated)' }],
      models: MODELS,
      conditions: [
        { label: 'Temperature at start', value: '31.2 °C' },
        { label: 'Screen', value: 'off' },
      ],
    },
    results: MODELS.map((m, i) => ({
      device: HOSTILE_DEVICE,
      model: m.id,
      sizeMb: m.sizeMb,
      simulated: true,
      accuracy: { value: 0.3 + i * 0.15, ci95: { lo: 0.21 + i * 0.15, hi: 0.4 + i * 0.15 }, correct: 30 + i * 15, n: 100 },
      latency: { meanMs: 250 * (i + 1), p50Ms: 240 * (i + 1), p95Ms: 400 * (i + 1), n: 100, method: 'total latency per prompt (runner clock)' },
      energy: i === 2 ? null : { meanJ: 0.4 * (i + 1), n: 100, method: 'ODPM power rails, gross' },
    })),
    comparison: {
      id: 'cmp-0123456789',
      group: HOSTILE_DEVICE,
      costMetric: 'size',
      prompts: 100,
      rows: ROWS.map((r, i) => ({ ...r, simulated: true, incomplete: i === 0 ? '3 prompts timed out' : null })),
      latencyMethod: 'total latency per prompt',
      energyMethod: 'ODPM power rails, gross',
      notes: ['router: scored out of fold (5-fold cross-fitting)'],
    },
    charts: [
      { id: 'sizes', title: 'Model-size distribution', option: buildModelSizeDistributionOption(ROWS, MODELS, ctx), simulated: true },
      { id: 'savings', title: 'Savings vs always-largest', option: buildSavingsBreakdownOption(ROWS, ctx, { latencyMethod: 'total latency per prompt', energyMethod: 'ODPM power rails, gross' }), simulated: true },
      { id: 'comparison', title: 'Strategy comparison', option: buildStrategyComparisonOption(ROWS, ctx), ...STRATEGY_COMPARISON_SIZE, simulated: true },
      {
        id: 'latency',
        title: 'Latency per model',
        option: buildLatencyDistributionOption(latencyRows(MODELS.map((m, i) => ({ id: m.id, sizeMb: m.sizeMb, latenciesMs: Array.from({ length: 20 }, (_, k) => 200 * (i + 1) + 13 * k) }))), ctx),
        simulated: true,
      },
    ],
    prompts: [
      { id: 'mmlu-anatomy-1', subject: 'anatomy', text: HOSTILE_PROMPT, picks: { 'router@0.50': 'qwen-600m', claude: 'qwen-1.7b', gemini: null } },
      { id: 'mmlu-anatomy-2', subject: 'anatomy', text: 'Plain question?\nWith a second line.', picks: { 'router@0.50': 'gemma-270m', claude: 'qwen-600m', gemini: null } },
    ],
    promptsNotShown: 98,
    notes: ['Figures marked simulated come from virtual phones.'],
    ...over,
  };
}
