/**
 * benchmark_results.json from a stored comparison and the campaign it was measured in: one object per strategy
 * and device with the seed's columns, each with its value, n, method and simulated flag (src/shared/benchmark-results.ts,
 * docs/benchmark-results.md). Pure: the service gathers the inputs; the document is validated before it leaves.
 */
import type { CampaignInfo } from '../../shared/api/campaigns';
import type { ComparisonGroup, ComparisonResult, ComparisonRow } from '../../shared/api/compare';
import type { BenchmarkFigures, BenchmarkResults, BenchmarkStrategy } from '../../shared/benchmark-results';
import { BENCHMARK_RESULTS_SCHEMA, BENCHMARK_RESULTS_VERSION, parseBenchmarkResults } from '../../shared/benchmark-results';
import type { EnergyMethod } from '../../shared/runs';

export const ENERGY_METHOD_TEXT: Record<EnergyMethod, string> = {
  odpm: 'ODPM power rails',
  'fuel-gauge': 'fuel gauge (battery current x voltage)',
  'charge-counter': 'battery charge counter',
};

export interface ResultsInput {
  comparison: ComparisonResult;
  campaign: CampaignInfo;
  /** The subjects asked for (`--topics`), or null for all. */
  topics: string[] | null;
  labVersion: string;
  command: string[];
  createdAt: string;
  /** The lab's model sizes, for a model the comparison has no cell of. */
  sizeOf?: (id: string) => number | undefined;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : r1(v * 100));
const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function fig<U extends string>(value: number | null, unit: U, n: number, method: string, simulated: boolean) {
  // The schema's rule: no prompt, no figure.
  return { value: n > 0 ? value : null, unit, n, method, simulated };
}

function figures(r: ComparisonRow, energy: string | null, energyKind: 'gross' | 'net', simulated: boolean, claudeRan: boolean): BenchmarkFigures {
  const sn = r.savingsN ?? { latency: 0, energy: 0 };
  const an = r.agreementN ?? { oracle: 0, claude: 0 };
  const cells = r.cells ?? { latency: 0, energy: 0 };
  const en = energy ? `${energy}, ${energyKind}` : 'no energy meter on this phone';
  const s = r.savingsVsLargest;
  return {
    averageModelSizeMb: fig(num(r.meanSizeMb), 'MB', r.routed, 'mean size of the picked model over routed prompts', simulated),
    agreementWithClaudePct: fig(pct(r.agreementWithClaude), '%', an.claude, `share of prompts both routed where both picked the same model${claudeRan ? '' : ' (Claude did not run)'}`, simulated),
    agreementWithOraclePct: fig(pct(r.agreementWithOracle), '%', an.oracle, 'share of prompts both routed where both picked the same model; measured oracle', simulated),
    sizeSavingsPct: fig(pct(s.size), '%', s.size === null ? 0 : r.routed, '1 - sum of picked sizes / sum of always-largest sizes, over routed prompts', simulated),
    latencySavingsPct: fig(pct(s.latency), '%', sn.latency, 'paired: 1 - sum of measured total latency / always-largest\'s, prompts where both were measured', simulated),
    energySavingsPct: fig(pct(s.energy), '%', sn.energy, `paired: 1 - sum of measured energy / always-largest's (${en})`, simulated),
    accuracyPct: {
      value: r.scored > 0 ? pct(r.accuracy) : null,
      unit: '%',
      n: r.scored,
      correct: r.correct,
      ci95: r.scored > 0 && r.accuracyCi95 ? { lo: r1(r.accuracyCi95.lo * 100), hi: r1(r.accuracyCi95.hi * 100) } : null,
      method: 'correct / scored prompts, Wilson 95% interval',
      simulated,
    },
    meanLatencyMs: fig(num(r.meanLatencyMs), 'ms', cells.latency, 'mean measured total latency of the picked model', simulated),
    meanEnergyJ: fig(num(r.meanEnergyJ, 4), 'J', cells.energy, `mean measured energy per prompt of the picked model (${en})`, simulated),
  };
}

function strategyOf(g: ComparisonGroup, r: ComparisonRow, energy: string | null, energyKind: 'gross' | 'net', claudeRan: boolean): BenchmarkStrategy {
  const simulated = g.simulated !== 'none';
  const byRow = g.picks?.byRow[r.name];
  const promptIds = g.picks?.promptIds ?? [];
  const picks = promptIds.map((promptId, i) => {
    const m = byRow?.[i] ?? -1;
    return { promptId, model: m >= 0 ? (g.models[m]?.id ?? null) : null };
  });
  const routed = picks.filter((p) => p.model !== null).length;
  const counts = new Map<string, number>();
  for (const p of picks) if (p.model) counts.set(p.model, (counts.get(p.model) ?? 0) + 1);
  const modelShare = g.models.filter((m) => counts.has(m.id)).map((m) => ({ model: m.id, sizeMb: m.sizeMb, prompts: counts.get(m.id)!, pct: r1(((counts.get(m.id) ?? 0) / routed) * 100) }));
  let status: BenchmarkStrategy['status'] = 'complete';
  let reason: string | null = null;
  let incomplete: BenchmarkStrategy['incomplete'] = null;
  if (r.unavailable || routed === 0) {
    status = 'unavailable';
    reason = r.unavailable ?? 'no prompt got a pick';
  } else if (r.external && r.external.failed > 0) {
    status = 'incomplete';
    reason = r.incomplete ?? `${r.external.failed} prompts without a pick`;
    incomplete = { answered: r.external.answered, failed: r.external.failed, counts: r.external.counts, reasons: r.external.reasons };
  } else if (routed < picks.length) {
    status = 'incomplete';
    reason = `${picks.length - routed} of ${picks.length} prompts without a pick${r.llm ? ` (${r.llm.unknownModelReplies} replies named no listed model)` : ''}`;
    incomplete = { answered: routed, failed: picks.length - routed, counts: { 'no-pick': picks.length - routed }, reasons: [{ reason, prompts: picks.length - routed }] };
  }
  const unavailable = status === 'unavailable';
  return {
    name: r.name,
    strategy: r.strategy,
    kind: r.kind,
    device: g.device,
    preference: r.preference,
    status,
    reason,
    incomplete,
    prompts: picks.length,
    routed: unavailable ? 0 : routed,
    scored: unavailable ? 0 : r.scored,
    modelShare: unavailable ? [] : modelShare,
    figures: figures(unavailable ? { ...r, routed: 0, scored: 0, correct: 0 } : r, energy, energyKind, simulated, claudeRan),
    picks: unavailable ? picks.map((p) => ({ promptId: p.promptId, model: null })) : picks,
    meta: {
      ...(r.strategy === 'router' ? { outOfFold: true } : {}),
      ...(r.evaluatedOnTraining ? { evaluatedOnTraining: true } : {}),
      ...(r.llm ? { llm: r.llm } : {}),
      ...(r.external ? { external: r.external } : {}),
    },
  };
}

function conditionsOf(c: CampaignInfo): BenchmarkResults['conditions'] {
  const out: BenchmarkResults['conditions'] = [];
  for (const d of c.conditions) {
    const add = (label: string, v: string | number | null | undefined, unit = '') => {
      if (v !== null && v !== undefined && v !== '') out.push({ device: d.serial, label, value: `${v}${unit}` });
    };
    add('Device model', d.deviceModel);
    add('Android', d.androidRelease);
    add('Temperature at start', d.tempStartC === null ? null : d.tempStartC.toFixed(1), ' °C');
    add('Battery at start', d.batteryLevel, ' %');
    add('Charging', d.chargingState);
    add('Screen', d.screenState);
    add('Energy method', d.energyMethod ? ENERGY_METHOD_TEXT[d.energyMethod] : 'none (no energy meter)');
    add('Sample rate', d.sampleHz, ' Hz');
    add('Runner', d.runnerVersion);
    add('Engine', d.engineVersion);
    if (d.simulated) out.push({ device: d.serial, label: 'Source', value: 'virtual phone (simulated)' });
    for (const w of d.warnings) out.push({ device: d.serial, label: 'Warning', value: w });
  }
  return out;
}

export function benchmarkResults(input: ResultsInput): BenchmarkResults {
  const { comparison: cmp, campaign: c } = input;
  const energyOf = new Map(c.conditions.map((d) => [d.serial, d.energyMethod ? ENERGY_METHOD_TEXT[d.energyMethod] : null]));
  const claudeRan = (g: ComparisonGroup) => g.rows.some((r) => r.strategy === 'claude' && !r.unavailable);
  const strategies = cmp.groups.flatMap((g) => g.rows.map((r) => strategyOf(g, r, energyOf.get(g.device) ?? null, cmp.request.energy, claudeRan(g))));
  const sizes = new Map<string, number>();
  for (const g of cmp.groups) for (const m of g.models) sizes.set(m.id, m.sizeMb);
  const sims = cmp.groups.map((g) => g.simulated);
  const simulated = sims.length && sims.every((s) => s === 'all') ? 'all' : sims.some((s) => s !== 'none') ? 'some' : 'none';
  const notes = [...new Set([...cmp.notes, ...cmp.groups.flatMap((g) => g.notes.map((n) => (cmp.groups.length > 1 ? `${g.device}: ${n}` : n)))])];
  const seed = /^\d{1,9}$/.test(c.seed) ? Number(c.seed) : null;
  const doc: BenchmarkResults = {
    schema: BENCHMARK_RESULTS_SCHEMA,
    version: BENCHMARK_RESULTS_VERSION,
    createdAt: input.createdAt,
    labVersion: input.labVersion,
    command: input.command,
    campaign: {
      id: c.id,
      name: null,
      dataset: { name: c.dataset, samples: c.n, subjects: input.topics, seed },
      repetitions: c.reps,
      models: c.modelIds.flatMap((id) => {
        const sizeMb = sizes.get(id) ?? input.sizeOf?.(id);
        return sizeMb !== undefined && sizeMb > 0 ? [{ id, sizeMb }] : [];
      }),
      devices: c.conditions.map((d) => ({ serial: d.serial, name: null, model: d.deviceModel, simulated: d.simulated, energyMethod: d.energyMethod ? ENERGY_METHOD_TEXT[d.energyMethod] : null })),
    },
    conditions: conditionsOf(c),
    settings: {
      comparisonId: cmp.id,
      costMetric: cmp.costMetric,
      energy: cmp.request.energy,
      reference: 'always-largest',
      folds: cmp.request.folds,
      seed: cmp.request.seed,
      preferences: cmp.request.preferences,
    },
    simulated,
    strategies,
    notes,
  };
  return parseBenchmarkResults(doc);
}
