/**
 * Which charts a comparison group or a run gives, as named ECharts options from the shared builders (the same
 * options the pages draw): a group's the seed's three (model-size distribution, savings breakdown, strategy
 * comparison), latency per model and the two Pareto fronts; a run's latency per model and its power over time (the
 * Run page's chart, titled for a file).
 * Rendering them (SVG, PNG, inline in the report) is src/main/charts' job.
 */
import type { ComparisonGroup } from '../../shared/api/compare';
import type { PowerTimeline, PromptResult } from '../../shared/runs';
import { buildPowerChartOption } from '../../shared/charts/power-chart';
import { CHART_SIZE, benchmarkChartSet, buildLatencyDistributionOption, buildParetoOption, curveRowNames, type NamedChart, type SimulatedLevel } from '../../shared/charts';
import { latencyRows } from '../charts/latency-stats';

export const LATENCY_METHOD = 'total latency per prompt, as the engine reported it';

/** Measured total latencies per model, from the prompt results (failed prompts and warm-ups are not in them). */
export function latenciesByModel(results: readonly PromptResult[], sizeOf: (id: string) => number | undefined, order?: readonly string[]) {
  const by = new Map<string, number[]>();
  for (const id of order ?? []) by.set(id, []);
  for (const r of results) {
    if (!r.ok || r.totalMs === null) continue;
    const list = by.get(r.modelId) ?? [];
    list.push(r.totalMs);
    by.set(r.modelId, list);
  }
  return latencyRows([...by].map(([id, latenciesMs]) => ({ id, ...(sizeOf(id) !== undefined ? { sizeMb: sizeOf(id) } : {}), latenciesMs })));
}

export interface GroupChartInput {
  group: ComparisonGroup;
  energyMethod: string | null;
  results: readonly PromptResult[];
  sizeOf: (id: string) => number | undefined;
}

export function groupCharts(input: GroupChartInput): NamedChart[] {
  const g = input.group;
  const ctx = { simulated: g.simulated, prompts: g.prompts, group: g.device };
  const set = benchmarkChartSet({
    rows: g.rows,
    models: g.models.map((m) => ({ id: m.id, sizeMb: m.sizeMb })),
    ctx,
    latencyMethod: LATENCY_METHOD,
    energyMethod: input.energyMethod,
    latencies: latenciesByModel(input.results, input.sizeOf, g.models.map((m) => m.id)),
  });
  const hide = curveRowNames(g.rows);
  const simulated = g.simulated !== 'none';
  set.push({ name: 'pareto-energy', title: 'Accuracy vs energy per prompt', option: buildParetoOption(g.pareto.energy, { simulated, group: g.device, hideStrategies: hide }), ...CHART_SIZE });
  set.push({ name: 'pareto-latency', title: 'Accuracy vs mean latency', option: buildParetoOption(g.pareto.latency, { simulated, group: g.device, hideStrategies: hide }), ...CHART_SIZE });
  return set;
}

export interface RunChartInput {
  runId: string;
  serial: string;
  simulated: boolean;
  results: readonly PromptResult[];
  sizeOf: (id: string) => number | undefined;
  models: readonly string[];
  /** The run's power timeline; no power chart without readings. */
  timeline: PowerTimeline | null;
}

export function runCharts(input: RunChartInput): NamedChart[] {
  const level: SimulatedLevel = input.simulated ? 'all' : 'none';
  const measured = input.results.filter((r) => r.ok).length;
  const ctx = { simulated: level, prompts: measured, group: `${input.serial} · run ${input.runId.slice(0, 8)}` };
  const charts: NamedChart[] = [{ name: 'latency-distribution', title: 'Latency per model', option: buildLatencyDistributionOption(latenciesByModel(input.results, input.sizeOf, input.models), ctx), ...CHART_SIZE }];
  const t = input.timeline;
  if (t && t.points.length > 1) charts.push({ name: 'power-timeline', title: 'Power over time', option: buildPowerChartOption(t, { file: ctx }), ...CHART_SIZE });
  return charts;
}
