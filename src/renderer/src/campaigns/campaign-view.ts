/**
 * View-model logic for profiling campaigns (what the Runs pages call a run over a prompt set): the start form and
 * its request, live progress, accuracy intervals, distributions, the subject heatmap and the per-model figures.
 * Pure (no DOM), unit-tested in test/unit/renderer/campaign-view.test.ts.
 */
import type { z } from 'zod';
import {
  campaignStartSchema,
  type CampaignDeviceProgress,
  type CampaignDeviceState,
  type CampaignProgress,
  type CampaignStatus,
  type DatasetOption,
  type Distribution,
  type ModelFigures,
  type SubjectCell,
} from '../../../shared/api/campaigns';
import type { EnergyMethodChoice } from '../../../shared/runs';
import type { Tone } from '../devices/device-view';
import { MISSING, formatInt, formatPercent } from '../ui/format';
import { etaText } from '../runs/run-view';

export type CampaignStartRequest = z.input<typeof campaignStartSchema>;

// ---- Status ----

export function campaignStatusTone(s: CampaignStatus): Tone {
  switch (s) {
    case 'done':
      return 'ok';
    case 'running':
      return 'info';
    case 'partial':
    case 'interrupted':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'muted';
  }
}

export function campaignStatusHelp(s: CampaignStatus): string {
  switch (s) {
    case 'running':
      return 'Measuring now.';
    case 'done':
      return 'Every planned prompt ran on every device and was stored.';
    case 'partial':
      return 'Some prompts failed or were not run; resume runs only the missing ones.';
    case 'failed':
      return 'Stopped with an error; what was stored stays, and resume continues from there.';
    case 'cancelled':
      return 'Cancelled by the user; resume continues where it stopped.';
    case 'interrupted':
      return 'The lab process running it stopped (closed or killed); resume continues exactly where it stopped.';
  }
}

/** Resume is offered for runs that stopped before finishing, when no other lab process is running them. */
export function canResume(s: CampaignStatus, ownedElsewhere: boolean): boolean {
  return !ownedElsewhere && (s === 'interrupted' || s === 'cancelled' || s === 'partial' || s === 'failed');
}

export const DEVICE_STATE_LABELS: Record<CampaignDeviceState, string> = {
  pending: 'waiting to start',
  measuring: 'measuring',
  'waiting-device': 'paused: device offline',
  'battery-low': 'paused: battery low',
  done: 'done',
  partial: 'partial',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function deviceStateTone(s: CampaignDeviceState): Tone {
  switch (s) {
    case 'measuring':
      return 'info';
    case 'done':
      return 'ok';
    case 'waiting-device':
    case 'battery-low':
    case 'partial':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'muted';
  }
}

// ---- Live progress ----

export interface DeviceProgressRow {
  serial: string;
  runId: string;
  state: string;
  tone: Tone;
  model: string;
  counts: string;
  percent: number;
  eta: string | null;
  power: string;
  tokens: string;
  temp: string;
  battery: string;
  message: string;
}

export interface CampaignProgressView {
  status: CampaignStatus;
  tone: Tone;
  percent: number;
  counts: string;
  eta: string | null;
  message: string;
  devices: DeviceProgressRow[];
  finished: boolean;
}

function pct(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.max(0, (100 * done) / total)) : 0;
}

function fixed(n: number | null | undefined, digits: number, unit: string): string {
  return typeof n === 'number' && Number.isFinite(n) ? `${n.toFixed(digits)} ${unit}` : MISSING;
}

export function deviceProgressRow(d: CampaignDeviceProgress, at: number, now: number): DeviceProgressRow {
  const active = d.state === 'measuring';
  return {
    serial: d.serial,
    runId: d.runId,
    state: DEVICE_STATE_LABELS[d.state] ?? d.state,
    tone: deviceStateTone(d.state),
    model: d.modelId ?? MISSING,
    counts: `${formatInt(d.done)} / ${formatInt(d.total)}`,
    percent: pct(d.done, d.total),
    eta: active ? etaText(d.etaMs, at, now) : null,
    power: fixed(d.powerW, 2, 'W'),
    tokens: fixed(d.tokensPerSec, 1, 'tok/s'),
    temp: fixed(d.tempC, 1, '°C'),
    battery: d.batteryPct === null ? MISSING : formatPercent(d.batteryPct),
    message: d.message,
  };
}

export function campaignProgressView(p: CampaignProgress, now: number): CampaignProgressView {
  const finished = p.status !== 'running';
  return {
    status: p.status,
    tone: campaignStatusTone(p.status),
    percent: pct(p.done, p.total),
    counts: `${formatInt(p.done)} of ${formatInt(p.total)} prompt results`,
    eta: finished ? null : etaText(p.etaMs, p.at, now),
    message: p.message,
    devices: p.devices.map((d) => deviceProgressRow(d, p.at, now)),
    finished,
  };
}

/** The newer of two progress snapshots of the same campaign. */
export function newerProgress(a: CampaignProgress | null, b: CampaignProgress): CampaignProgress {
  return a && a.campaignId === b.campaignId && a.at > b.at ? a : b;
}

// ---- Start form ----

export interface CampaignForm {
  devices: string[];
  models: string[];
  /** A `DatasetOption.spec`, or '' to use `datasetPath`. */
  dataset: string;
  datasetPath: string;
  n: string;
  reps: string;
  seed: string;
  warmup: string;
  maxTokens: string;
  energyMethod: EnergyMethodChoice;
}

export function initialCampaignForm(): CampaignForm {
  return {
    devices: [],
    models: [],
    dataset: 'starter',
    datasetPath: '',
    n: '20',
    reps: '1',
    seed: '',
    warmup: '1',
    maxTokens: '',
    energyMethod: 'auto',
  };
}

/** A selection toggled on or off, keeping the order items were picked in. */
export function toggled(list: readonly string[], item: string, on: boolean): string[] {
  if (on) return list.includes(item) ? [...list] : [...list, item];
  return list.filter((x) => x !== item);
}

export type BuiltCampaign = { ok: true; request: CampaignStartRequest } | { ok: false; errors: string[] };

function intField(raw: string, label: string, min: number, max: number, errors: string[]): number | undefined {
  const t = raw.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${label} must be a whole number from ${formatInt(min)} to ${formatInt(max)}.`);
    return undefined;
  }
  return n;
}

export function buildCampaignRequest(form: CampaignForm, datasetSize: number | null = null): BuiltCampaign {
  const errors: string[] = [];
  if (form.devices.length === 0) errors.push('Pick at least one device.');
  if (form.models.length === 0) errors.push('Pick at least one model.');
  const dataset = form.dataset === '' ? form.datasetPath.trim() : form.dataset;
  if (!dataset) errors.push('Pick a prompt set, or give the path of an MMLU folder, CSV or JSONL file.');
  const n = intField(form.n, 'n (prompts)', 1, 1_000_000, errors);
  if (form.n.trim() === '') errors.push('n (prompts) is required.');
  if (n !== undefined && datasetSize !== null && n > datasetSize) {
    errors.push(`n is ${formatInt(n)} but the prompt set has ${formatInt(datasetSize)} prompts.`);
  }
  const reps = intField(form.reps, 'Repetitions', 1, 100, errors);
  const warmup = intField(form.warmup, 'Warm-up prompts', 0, 20, errors);
  const maxTokens = intField(form.maxTokens, 'Max tokens', 1, 4096, errors);
  const seed = form.seed.trim();
  if (errors.length) return { ok: false, errors };
  const request: CampaignStartRequest = {
    devices: form.devices,
    models: form.models,
    dataset,
    n: n!,
    energyMethod: form.energyMethod,
    ...(reps !== undefined ? { reps } : {}),
    ...(warmup !== undefined ? { warmup } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(seed ? { seed } : {}),
  };
  const check = campaignStartSchema.safeParse(request);
  if (!check.success) {
    return { ok: false, errors: check.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
  }
  return { ok: true, request };
}

/** "Starter set (built in) · 48 prompts · 6 subjects". */
export function datasetText(d: DatasetOption): string {
  const parts = [d.label];
  if (d.size !== null) parts.push(`${formatInt(d.size)} prompts`);
  if (d.subjects !== null) parts.push(`${formatInt(d.subjects)} subjects`);
  return parts.join(' · ');
}

// ---- Accuracy with 95 % intervals ----

export interface AccuracyBar {
  modelId: string;
  serial: string | null;
  /** 0..100, positions on a 0-100 % track. */
  value: number | null;
  lo: number | null;
  hi: number | null;
  text: string;
  detail: string;
}

/** "41% (33-49%, 95% CI) · 82 of 200 correct · 3 unparsable". */
export function accuracyBar(m: ModelFigures): AccuracyBar {
  const value = m.accuracy === null ? null : 100 * m.accuracy;
  const lo = m.ci95 ? 100 * m.ci95[0] : null;
  const hi = m.ci95 ? 100 * m.ci95[1] : null;
  const text =
    value === null
      ? 'not scored'
      : `${formatPercent(value)}${lo !== null && hi !== null ? ` (${Math.round(lo)}–${Math.round(hi)}%, 95% CI)` : ''}`;
  const detail =
    m.scored > 0
      ? `${formatInt(m.correct)} of ${formatInt(m.scored)} correct` +
        (m.unparsable ? ` · ${formatInt(m.unparsable)} unparsable (counted wrong)` : '') +
        (m.failed ? ` · ${formatInt(m.failed)} failed` : '')
      : `${formatInt(m.results)} results, none with an answer key`;
  return { modelId: m.modelId, serial: m.serial, value, lo, hi, text, detail };
}

/** Pooled figures (serial null) first in model order, then per device. */
export function pooledFirst(models: readonly ModelFigures[], order: readonly string[]): ModelFigures[] {
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...models].sort(
    (a, b) =>
      Number(a.serial !== null) - Number(b.serial !== null) ||
      rank(a.modelId) - rank(b.modelId) ||
      (a.serial ?? '').localeCompare(b.serial ?? ''),
  );
}

/** The pooled row of each model if there is one (single-device campaigns may only have per-device rows). */
export function pooledModels(models: readonly ModelFigures[], order: readonly string[]): ModelFigures[] {
  const pooled = models.filter((m) => m.serial === null);
  const devices = new Set(models.filter((m) => m.serial !== null).map((m) => m.serial));
  const rows = pooled.length ? pooled : devices.size === 1 ? models.filter((m) => m.serial !== null) : [];
  return pooledFirst(rows, order);
}

// ---- Distributions on a shared scale ----

export interface DistributionStrip {
  modelId: string;
  n: number;
  /** Positions in % of the shared scale. */
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
  text: string;
}

export interface StripScale {
  lo: number;
  hi: number;
}

/** One scale for all strips of a metric: 0 (or the smallest minimum if below 0) to the largest maximum. */
export function stripScale(ds: readonly Distribution[]): StripScale | null {
  const maxes = ds.map((d) => d.max).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const mins = ds.map((d) => d.min).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!maxes.length || !mins.length) return null;
  const lo = Math.min(0, ...mins);
  const hi = Math.max(...maxes);
  return { lo, hi: hi > lo ? hi : lo + 1 };
}

export function distributionStrip(
  modelId: string,
  d: Distribution,
  scale: StripScale,
  format: (v: number) => string,
): DistributionStrip | null {
  if (d.n === 0 || d.min === null || d.max === null || d.p50 === null) return null;
  const pos = (v: number | null, fallback: number) => {
    const x = v ?? fallback;
    return Math.round((10_000 * (x - scale.lo)) / (scale.hi - scale.lo)) / 100;
  };
  return {
    modelId,
    n: d.n,
    min: pos(d.min, d.min),
    p10: pos(d.p10, d.min),
    p50: pos(d.p50, d.p50),
    p90: pos(d.p90, d.max),
    max: pos(d.max, d.max),
    text: `median ${format(d.p50)} · p10 ${d.p10 === null ? MISSING : format(d.p10)} · p90 ${d.p90 === null ? MISSING : format(d.p90)} · n ${formatInt(d.n)}`,
  };
}

// ---- Subject heatmap ----

export interface HeatCell {
  subject: string;
  modelId: string;
  text: string;
  title: string;
  /** CSS colour for the cell background; null when nothing was scored. */
  color: string | null;
}

/** Red (0 %) through amber to green (100 %), as an HSL colour. */
export function accuracyColor(accuracy: number): string {
  const a = Math.min(1, Math.max(0, accuracy));
  const hue = Math.round(a * 130);
  const light = Math.round(88 - a * 30);
  return `hsl(${hue}, 62%, ${light}%)`;
}

/** Rows = models, columns = subjects. */
export function heatmapRows(
  subjects: readonly string[],
  models: readonly string[],
  cells: readonly SubjectCell[],
): Array<{ modelId: string; cells: HeatCell[] }> {
  const byKey = new Map(cells.map((c) => [`${c.modelId}\u0000${c.subject}`, c]));
  return models.map((modelId) => ({
    modelId,
    cells: subjects.map((subject) => {
      const c = byKey.get(`${modelId}\u0000${subject}`);
      if (!c || c.scored === 0 || c.accuracy === null) {
        return { subject, modelId, text: MISSING, title: `${modelId} · ${subject}: nothing scored`, color: null };
      }
      return {
        subject,
        modelId,
        text: formatPercent(100 * c.accuracy),
        title: `${modelId} · ${subject.replace(/_/g, ' ')}: ${c.correct} of ${c.scored} correct`,
        color: accuracyColor(c.accuracy),
      };
    }),
  }));
}

export function subjectLabel(s: string): string {
  return s.replace(/_/g, ' ');
}

// ---- Energy and latency figures table ----

export interface FigureRow {
  key: string;
  modelId: string;
  serial: string | null;
  results: string;
  accuracy: string;
  medianTtft: string;
  medianDecode: string;
  medianTotal: string;
  meanNetJ: string;
  meanGrossJ: string;
  jPerToken: string;
  failed: number;
}

function num(n: number | null | undefined, digits: number): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : MISSING;
}

export function figureRow(m: ModelFigures): FigureRow {
  return {
    key: `${m.modelId}\u0000${m.serial ?? ''}`,
    modelId: m.modelId,
    serial: m.serial,
    results: formatInt(m.results),
    accuracy: m.accuracy === null ? MISSING : formatPercent(100 * m.accuracy),
    medianTtft: num(m.ttftMs.p50, 0),
    medianDecode: num(m.decodeTps.p50, 1),
    medianTotal: num(m.medianTotalMs ?? m.totalMs.p50, 0),
    meanNetJ: num(m.meanEnergyJ, 3),
    meanGrossJ: num(m.meanGrossEnergyJ, 3),
    jPerToken: num(m.energyPerOutputTokenJ, 4),
    failed: m.failed,
  };
}
