/** How runs print: the runs list, and one run with its per-prompt figures (a quick run's detail). */
import type { Field, Table } from '../../../shared/kit/printers';
import { printText } from '../../../shared/kit/printers';
import type { PromptResult, RunDetail, RunSummary } from '../../../shared/runs';
import { fixed, minute } from '../output';

const RUN_FIELDS: Array<Field<RunSummary>> = [
  { name: 'id', header: 'RUN', value: (r) => r.id },
  { name: 'kind', header: 'KIND', value: (r) => r.kind },
  { name: 'campaign_id', header: 'CAMPAIGN', value: (r) => r.campaignId ?? null },
  { name: 'status', header: 'STATUS', value: (r) => r.status },
  { name: 'created_at', header: 'CREATED', value: (r) => r.createdAt, text: (r) => minute(r.createdAt) },
  { name: 'serial', header: 'DEVICE', value: (r) => r.serial },
  { name: 'model_ids', header: 'MODELS', value: (r) => r.modelIds.join(' ') },
  { name: 'prompt_results', header: 'RESULTS', value: (r) => r.promptCount, numeric: true },
  { name: 'energy_method', header: 'ENERGY', value: (r) => r.energyMethod },
  { name: 'simulated', header: 'SIM', value: (r) => r.simulated, text: (r) => (r.simulated ? 'yes' : 'no') },
];

export function runsTable(rows: RunSummary[]): Table<RunSummary> {
  return { fields: RUN_FIELDS, rows };
}

const RESULT_FIELDS: Array<Field<PromptResult>> = [
  { name: 'index', header: '#', value: (r) => r.index + 1, numeric: true },
  { name: 'ok', header: 'STATUS', value: (r) => r.ok, text: (r) => (r.ok ? 'ok' : 'FAILED') },
  { name: 'ttft_ms', header: 'TTFT ms', value: (r) => r.ttftMs, text: (r) => fixed(r.ttftMs, 0), numeric: true },
  { name: 'prefill_tps', header: 'PREFILL t/s', value: (r) => r.prefillTps, text: (r) => fixed(r.prefillTps, 1), numeric: true },
  { name: 'decode_tps', header: 'DECODE t/s', value: (r) => r.decodeTps, text: (r) => fixed(r.decodeTps, 1), numeric: true },
  { name: 'total_ms', header: 'TOTAL ms', value: (r) => r.totalMs, text: (r) => fixed(r.totalMs, 0), numeric: true },
  { name: 'output_tokens', header: 'OUT tok', value: (r) => r.outputTokens, numeric: true },
  { name: 'peak_ram_mb', header: 'RAM MB', value: (r) => r.peakRamMb, text: (r) => fixed(r.peakRamMb, 0), numeric: true },
  { name: 'energy_j', header: 'ENERGY J', value: (r) => r.energyJ, text: (r) => fixed(r.energyJ, 3), numeric: true },
  { name: 'net_energy_j', header: 'NET J', value: (r) => r.netEnergyJ, text: (r) => fixed(r.netEnergyJ, 3), numeric: true },
  { name: 'avg_power_w', header: 'AVG W', value: (r) => r.avgPowerW, text: (r) => fixed(r.avgPowerW, 2), numeric: true },
  { name: 'energy_per_token_j', header: 'NET J/tok', value: (r) => r.energyPerTokenJ, text: (r) => fixed(r.energyPerTokenJ, 4), numeric: true },
  { name: 'meter_updates', header: 'UPDATES', value: (r) => r.energy?.updates ?? null, text: (r) => (r.energy ? `${r.energy.updates}${r.energy.resolutionNote ? '*' : ''}` : null) },
  { name: 'temp_c', header: 'TEMP C', value: (r) => r.tempEndC, text: (r) => (r.tempStartC !== null && r.tempEndC !== null ? `${r.tempStartC.toFixed(1)}-${r.tempEndC.toFixed(1)}` : null) },
  { name: 'correct', header: 'ANSWER', value: (r) => r.correct, text: (r) => (r.correct === null ? '' : r.correct ? 'right' : 'wrong') },
];

export function resultsTable(rows: PromptResult[]): Table<PromptResult> {
  return { fields: RESULT_FIELDS, rows };
}

/** One run: device, conditions, energy source, the per-prompt table, warnings. */
export function printRun(run: RunDetail, results: PromptResult[]): void {
  const m = run.models[0];
  const out = process.stdout;
  out.write(`run ${run.id}: ${run.status}${run.simulated ? ' (SIMULATED: virtual phone)' : ''}${run.campaignId ? ` (part of campaign ${run.campaignId})` : ''}\n`);
  out.write(`device ${run.serial} ${run.deviceModel ?? ''}, Android ${run.androidRelease ?? '?'}; runner ${run.runnerVersion ?? '?'}, engine ${run.engineVersion ?? '?'}\n`);
  out.write(`energy: ${run.energyMethod ?? 'none'} at ${run.sampleHz ?? '?'} Hz; ${run.chargingState ?? '?'}; idle baseline ${m?.idleBaselineW != null ? `${m.idleBaselineW.toFixed(3)} W` : 'n/a'}; load ${m?.loadMs != null ? `${m.loadMs.toFixed(0)} ms` : '?'}\n\n`);
  out.write(`${printText(resultsTable(results))}\n`);
  for (const r of results) if (!r.ok && r.error) out.write(`prompt ${r.index + 1}: ${r.error}\n`);
  for (const r of results) if (r.repaired) out.write(`prompt ${r.index + 1}: the engine's reply text was repaired (invalid UTF-8 shown as U+FFFD; raw_json has the counts)\n`);
  if (results.some((r) => r.energy?.resolutionNote)) out.write('* fewer than 10 meter updates inside the prompt: its energy is coarse (longer prompts or ODPM give finer figures).\n');
  for (const x of run.models) if (x.energyJ != null) out.write(`${x.modelId} energy over its prompts: ${x.energyJ.toFixed(3)} J\n`);
  for (const w of run.warnings) out.write(`warning: ${w}\n`);
  if (run.error) out.write(`error: ${run.error}\n`);
}
