/**
 * What the shared report shows (src/main/report), gathered from a campaign's stored detail and, when given, a
 * comparison of it: conditions, per-model results, the comparison table, the charts, a sample of prompts with each
 * strategy's pick. Pure: the service reads the inputs.
 */
import type { CampaignDetail, CampaignInfo } from '../../shared/api/campaigns';
import type { ComparisonGroup, ComparisonResult } from '../../shared/api/compare';
import type { NamedChart, SimulatedLevel } from '../../shared/charts';
import type { PromptResult } from '../../shared/runs';
import type { ReportData, ReportModelResult, ReportPrompt } from '../report';
import { LATENCY_METHOD } from './charts';
import { ENERGY_METHOD_TEXT } from './results';

export const REPORT_PROMPTS_LISTED = 200;

export interface ReportInput {
  info: CampaignInfo;
  detail: CampaignDetail;
  comparison: ComparisonResult | null;
  /** Charts to draw (of the comparison's first group, or of the campaign's runs). */
  charts: NamedChart[];
  /** Prompt results of the compared group's runs (texts and subjects of the listed prompts). */
  results: readonly PromptResult[];
  sizeOf: (id: string) => number | undefined;
  labVersion: string;
  generatedAt: string;
  /** The data set as the user named it and the subjects chosen, when the campaign sampled a topic subset file. */
  origin?: { source: string; topics: string[] } | null;
}

function level(flags: boolean[]): SimulatedLevel {
  return flags.length && flags.every(Boolean) ? 'all' : flags.some(Boolean) ? 'some' : 'none';
}

function prompts(group: ComparisonGroup, results: readonly PromptResult[]): { list: ReportPrompt[]; notShown: number } {
  const byId = new Map<string, PromptResult>();
  for (const r of results) if (!byId.has(r.promptId)) byId.set(r.promptId, r);
  const ids = group.picks?.promptIds ?? [];
  const list = ids.slice(0, REPORT_PROMPTS_LISTED).map((id, i) => {
    const r = byId.get(id);
    const picks: Record<string, string | null> = {};
    for (const row of group.rows) {
      if (row.unavailable) continue;
      const m = group.picks?.byRow[row.name]?.[i] ?? -1;
      picks[row.name] = m >= 0 ? (group.models[m]?.id ?? null) : null;
    }
    return { id, subject: r?.subject ?? '', text: r?.prompt ?? '', picks };
  });
  return { list, notShown: Math.max(0, ids.length - list.length) };
}

export function reportData(input: ReportInput): ReportData {
  const { info, detail } = input;
  const conditions = detail.conditions ?? info.conditions;
  const bySerial = new Map(conditions.map((d) => [d.serial, d]));
  const results: ReportModelResult[] = (detail.models ?? [])
    .filter((m) => m.serial !== null)
    .map((m) => {
      const d = bySerial.get(m.serial as string);
      const energyMethod = d?.energyMethod ? ENERGY_METHOD_TEXT[d.energyMethod] : null;
      return {
        device: m.serial as string,
        model: m.modelId,
        sizeMb: input.sizeOf(m.modelId) ?? 0,
        simulated: d?.simulated ?? false,
        accuracy: { value: m.accuracy, ci95: m.ci95 ? { lo: m.ci95[0], hi: m.ci95[1] } : null, correct: m.correct, n: m.scored },
        latency: { meanMs: m.totalMs.mean, p50Ms: m.totalMs.p50, p95Ms: m.totalMs.p95, n: m.totalMs.n, method: LATENCY_METHOD },
        energy: energyMethod ? { meanJ: m.meanGrossEnergyJ, n: m.energyJ.n, method: `${energyMethod}, gross` } : null,
      };
    });
  const group = input.comparison?.groups[0] ?? null;
  const simulated = level(conditions.map((d) => d.simulated));
  const groupEnergy = group ? bySerial.get(group.device)?.energyMethod : null;
  const listed = group ? prompts(group, input.results) : null;
  const first = conditions[0];
  const campaignConditions = [
    ...(first?.tempStartC !== null && first?.tempStartC !== undefined ? [{ label: 'Temperature at start', value: `${first.tempStartC.toFixed(1)} °C` }] : []),
    ...(first?.screenState ? [{ label: 'Screen', value: first.screenState }] : []),
    ...(first?.chargingState ? [{ label: 'Charging', value: first.chargingState }] : []),
    ...(first?.batteryLevel !== null && first?.batteryLevel !== undefined ? [{ label: 'Battery at start', value: `${first.batteryLevel} %` }] : []),
    { label: 'Status', value: info.status },
  ];
  return {
    title: `Aurora Lab report · campaign ${info.id.slice(0, 8)}`,
    generatedAt: input.generatedAt,
    labVersion: input.labVersion,
    simulated,
    campaign: {
      id: info.id,
      startedAt: new Date(info.createdAt).toISOString(),
      dataset: {
        name: input.origin?.source ?? (info.setName || info.dataset),
        prompts: info.n,
        ...(input.origin ? { subjects: input.origin.topics } : {}),
        seed: /^\d{1,9}$/.test(info.seed) ? Number(info.seed) : null,
      },
      repetitions: info.reps,
      devices: conditions.map((d) => ({ serial: d.serial, model: d.deviceModel, simulated: d.simulated, energyMethod: d.energyMethod ? ENERGY_METHOD_TEXT[d.energyMethod] : null })),
      models: info.modelIds.map((id) => ({ id, sizeMb: input.sizeOf(id) ?? 0 })),
      conditions: campaignConditions,
    },
    results,
    comparison:
      group && input.comparison
        ? {
            id: input.comparison.id,
            group: group.device,
            costMetric: input.comparison.costMetric,
            prompts: group.prompts,
            rows: group.rows.map((r) => ({ ...r, simulated: r.simulatedCells > 0 || group.simulated === 'all', incomplete: r.incomplete ?? null })),
            latencyMethod: LATENCY_METHOD,
            energyMethod: groupEnergy ? `${ENERGY_METHOD_TEXT[groupEnergy]}, ${input.comparison.request.energy}` : null,
            notes: group.notes,
          }
        : null,
    charts: input.charts.map((c) => ({ id: c.name, title: c.title, option: c.option, width: c.width, height: c.height, simulated: simulated !== 'none' })),
    ...(listed ? { prompts: listed.list, promptsNotShown: listed.notShown } : {}),
    notes: [
      ...(input.comparison ? input.comparison.notes : ['No comparison was given: `aurora-lab report CAMPAIGN --compare ID` adds the strategy table.']),
      ...(input.comparison && input.comparison.groups.length > 1 ? [`The comparison has ${input.comparison.groups.length} devices; this report shows ${group?.device}.`] : []),
    ],
  };
}
