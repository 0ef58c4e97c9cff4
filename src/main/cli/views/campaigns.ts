/** How campaigns print: the list, the live progress line, and one campaign's figures and conditions. */
import type { CampaignDetail, CampaignProgress, CampaignSummary, ModelFigures } from '../../../shared/api/campaigns';
import { printText, type Field, type Table } from '../../../shared/kit/printers';
import { duration, fixed, minute } from '../output';

const CAMPAIGN_FIELDS: Array<Field<CampaignSummary>> = [
  { name: 'id', header: 'CAMPAIGN', value: (c) => c.id },
  { name: 'status', header: 'STATUS', value: (c) => c.status },
  { name: 'created_at', header: 'CREATED', value: (c) => c.createdAt, text: (c) => minute(c.createdAt) },
  { name: 'devices', header: 'DEVICES', value: (c) => c.serials.join(' '), text: (c) => c.serials.join(',') },
  { name: 'models', header: 'MODELS', value: (c) => c.modelIds.join(' '), text: (c) => c.modelIds.join(',') },
  { name: 'dataset', header: 'DATASET', value: (c) => c.setName },
  { name: 'n', header: 'N', value: (c) => c.n, numeric: true },
  { name: 'reps', header: 'REPS', value: (c) => c.reps, numeric: true },
  { name: 'done', header: 'DONE', value: (c) => c.done, text: (c) => `${c.done}/${c.total}` },
  { name: 'duration_ms', header: 'DURATION', value: (c) => c.durationMs, text: (c) => duration(c.durationMs) },
  { name: 'energy_j', header: 'ENERGY J', value: (c) => c.energyJ, text: (c) => fixed(c.energyJ, 1), numeric: true },
  { name: 'simulated', header: 'SIM', value: (c) => c.simulated, text: (c) => (c.simulated ? 'yes' : 'no') },
  { name: 'run_ids', header: 'RUNS', value: (c) => c.runIds.join(' '), text: (c) => String(c.runIds.length) },
];

export function campaignsTable(rows: CampaignSummary[]): Table<CampaignSummary> {
  return { fields: CAMPAIGN_FIELDS, rows };
}

const FIGURE_FIELDS: Array<Field<ModelFigures>> = [
  { name: 'model_id', header: 'MODEL', value: (m) => m.modelId },
  { name: 'serial', header: 'DEVICE', value: (m) => m.serial, text: (m) => m.serial ?? 'all' },
  { name: 'results', header: 'RESULTS', value: (m) => m.results, numeric: true },
  { name: 'accuracy', header: 'ACCURACY', value: (m) => m.accuracy, text: (m) => (m.accuracy === null ? null : `${(100 * m.accuracy).toFixed(1)}%`) },
  { name: 'ci95', header: '95% CI', value: (m) => (m.ci95 ? m.ci95.join('-') : null), text: (m) => (m.ci95 ? `${(100 * m.ci95[0]).toFixed(1)}-${(100 * m.ci95[1]).toFixed(1)}%` : null) },
  { name: 'unparsable', header: 'UNPARSABLE', value: (m) => m.unparsable, numeric: true },
  { name: 'failed', header: 'FAILED', value: (m) => m.failed, numeric: true },
  { name: 'ttft_p50_ms', header: 'TTFT p50 ms', value: (m) => m.ttftMs.p50, text: (m) => fixed(m.ttftMs.p50, 0), numeric: true },
  { name: 'latency_p50_ms', header: 'LATENCY p50 ms', value: (m) => m.medianTotalMs, text: (m) => fixed(m.medianTotalMs, 0), numeric: true },
  { name: 'decode_p50_tps', header: 'DECODE p50 t/s', value: (m) => m.decodeTps.p50, text: (m) => fixed(m.decodeTps.p50, 1), numeric: true },
  { name: 'net_j_per_prompt', header: 'NET J/prompt', value: (m) => m.meanEnergyJ, text: (m) => fixed(m.meanEnergyJ, 3), numeric: true },
  { name: 'net_j_per_token', header: 'NET J/token', value: (m) => m.energyPerOutputTokenJ, text: (m) => fixed(m.energyPerOutputTokenJ, 4), numeric: true },
];

export function figuresTable(c: CampaignSummary, detail: CampaignDetail): Table<ModelFigures> {
  // Pooled rows (device 'all') only when the campaign ran on more than one device.
  return { fields: FIGURE_FIELDS, rows: (detail.models ?? []).filter((m) => m.serial !== null || c.serials.length > 1) };
}

export function progressLine(p: CampaignProgress): string {
  const pct = p.total ? ((100 * p.done) / p.total).toFixed(1) : '0.0';
  const devs = p.devices
    .map((d) => {
      const live = [d.powerW !== null ? `${d.powerW.toFixed(2)} W` : null, d.tokensPerSec !== null ? `${d.tokensPerSec.toFixed(0)} tok/s` : null, d.tempC !== null ? `${d.tempC.toFixed(1)} C` : null].filter(Boolean).join(' ');
      return `${d.serial} ${d.state}${d.modelId ? ` ${d.modelId}` : ''} ${d.done}/${d.total}${live ? ` ${live}` : ''}`;
    })
    .join(' | ');
  return `[${pct}%] ${p.done}/${p.total} ETA ${p.etaMs === null ? '?' : duration(p.etaMs)} | ${devs}`;
}

/** A campaign: what it was, its runs, the per-model figures, model errors. */
export function printCampaign(c: CampaignSummary, detail: CampaignDetail): void {
  const out = process.stdout;
  out.write(`campaign ${c.id}: ${c.status}${c.simulated ? ' (SIMULATED: virtual phones)' : ''}\n`);
  out.write(`${c.setName} n=${c.n} x ${c.reps} rep(s), seed ${c.seed}; ${c.done}/${c.total} prompt results; ${duration(c.durationMs)}; devices ${c.serials.join(', ')}\n`);
  out.write(`runs: ${c.runIds.join(', ')}\n\n`);
  out.write(`${printText(figuresTable(c, detail))}\n`);
  for (const cond of detail.conditions ?? []) {
    for (const m of cond.models) if (m.error) out.write(`${cond.serial} ${m.modelId}: ${m.status}: ${m.error}\n`);
  }
  if (c.error && c.status !== 'done') out.write(`error: ${c.error}\n`);
}

/** Each run's conditions (device, software, energy source, charging, screen, battery, temperature) and warnings. */
export function printConditions(detail: CampaignDetail): void {
  for (const c of detail.conditions ?? []) {
    process.stdout.write(
      `\nrun ${c.runId} on ${c.serial} (${c.deviceModel ?? '?'}): Android ${c.androidRelease ?? '?'}, ${c.fingerprint ?? '?'}; runner ${c.runnerVersion ?? '?'}, engine ${c.engineVersion ?? '?'}; energy ${c.energyMethod ?? '?'} at ${c.sampleHz ?? '?'} Hz; ${c.chargingState ?? '?'}; screen ${c.screenState ?? 'unknown'}; battery ${c.batteryLevel ?? '?'} %; ${c.tempStartC ?? '?'} C at start\n`,
    );
    for (const w of c.warnings) process.stdout.write(`  warning: ${w}\n`);
  }
}
