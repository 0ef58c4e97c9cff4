/**
 * View-model logic of the Profiles pages (router profiles rebuilt from measured runs, issue 5): the list, the
 * build form and its request, build progress, the cluster inspector, the error-rate heatmap option, the cost
 * table, the "route a prompt" result and the side-by-side comparison. Pure (no DOM, no echarts runtime),
 * unit-tested in test/unit/renderer/profiles-view.test.ts.
 */
import type { ComposeOption } from 'echarts/core';
import type { HeatmapSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TitleComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import {
  buildProfileSchema,
  routeProfileSchema,
  type ProfileBuildProgress,
  type ProfileComparison,
  type ProfileCostMetric,
  type ProfileDetail,
  type ProfileHeatCell,
  type ProfileMeasure,
  type ProfileSource,
  type ProfileSummary,
  type RouteDecision,
} from '../../../shared/api/profiles';
import type { z } from 'zod';
import { MISSING, formatDateTime, formatInt } from '../ui/format';

function isNum(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

export const SOURCE_LABELS: Record<ProfileSource, string> = {
  built: 'built from runs',
  'imported-v2': 'imported (v2)',
  'imported-seed-v1': 'imported (seed v1)',
};

export function embedderText(e: ProfileSummary['embedder']): string {
  if (e.type === 'lexical-hash-v1') return `lexical (hashed n-grams, ${e.dim}-d)`;
  return `${e.model ?? 'external'} (${e.dim}-d)`;
}

export const EMBEDDABLE_TEXT: Record<ProfileSummary['embeddable'], string> = {
  lexical: 'the lab embeds prompts itself',
  device: 'prompts are embedded on a phone',
  'needs-embedding': 'the lab cannot embed for it: give a vector',
};

export interface ProfileRowView {
  id: string;
  name: string;
  source: string;
  k: string;
  models: string;
  embedder: string;
  simulated: boolean;
  isDefault: boolean;
  created: string;
  prompts: string;
  devices: string;
}

export function profileRow(p: ProfileSummary): ProfileRowView {
  return {
    id: p.id,
    name: p.name,
    source: SOURCE_LABELS[p.source] ?? p.source,
    k: formatInt(p.k),
    models: p.modelIds.join(', ') || MISSING,
    embedder: embedderText(p.embedder),
    simulated: p.simulated,
    isDefault: p.isDefault,
    created: formatDateTime(p.createdAt),
    prompts: p.nPrompts === null ? MISSING : formatInt(p.nPrompts),
    devices: p.devices.join(', ') || MISSING,
  };
}

// ---- Build form ----

export type BuildProfileRequest = z.input<typeof buildProfileSchema>;

export interface BuildForm {
  runIds: string[];
  embedder: 'lexical' | 'device';
  deviceSerial: string;
  embedModel: string;
  kMode: 'auto' | 'fixed';
  k: string;
  kMin: string;
  kMax: string;
  seed: string;
  name: string;
  costMetric: '' | 'size' | 'latency' | 'energy';
}

export function initialBuildForm(): BuildForm {
  return { runIds: [], embedder: 'lexical', deviceSerial: '', embedModel: '', kMode: 'auto', k: '8', kMin: '', kMax: '', seed: '42', name: '', costMetric: '' };
}

function intIn(text: string, label: string, min: number, max: number, errors: string[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${label} must be a whole number from ${min} to ${max}.`);
    return undefined;
  }
  return n;
}

export type BuiltProfile = { ok: true; request: BuildProfileRequest } | { ok: false; errors: string[] };

export function buildProfileRequest(form: BuildForm, buildId?: string): BuiltProfile {
  const errors: string[] = [];
  if (form.runIds.length === 0) errors.push('Pick at least one run.');
  if (form.embedder === 'device' && !form.deviceSerial) errors.push('The device embedder needs a phone to embed on.');
  let k: number | 'auto' = 'auto';
  if (form.kMode === 'fixed') {
    if (form.k.trim() === '') errors.push('K is required when it is fixed.');
    k = intIn(form.k, 'K', 1, 64, errors) ?? 'auto';
  }
  const kMin = form.kMode === 'auto' ? intIn(form.kMin, 'K from', 1, 64, errors) : undefined;
  const kMax = form.kMode === 'auto' ? intIn(form.kMax, 'K to', 1, 64, errors) : undefined;
  if (kMin !== undefined && kMax !== undefined && kMin > kMax) errors.push('K from must not exceed K to.');
  const seed = intIn(form.seed, 'Seed', 0, 2 ** 31 - 1, errors);
  const name = form.name.trim();
  if (name.length > 200) errors.push('The name is longer than 200 characters.');
  if (errors.length) return { ok: false, errors };
  const request: BuildProfileRequest = {
    runIds: form.runIds,
    k,
    embedder: form.embedder,
    ...(kMin !== undefined ? { kMin } : {}),
    ...(kMax !== undefined ? { kMax } : {}),
    ...(form.embedder === 'device' ? { deviceSerial: form.deviceSerial, ...(form.embedModel ? { embedModel: form.embedModel } : {}) } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(name ? { name } : {}),
    ...(form.costMetric ? { costMetric: form.costMetric } : {}),
    ...(buildId ? { buildId } : {}),
  };
  const check = buildProfileSchema.safeParse(request);
  if (!check.success) {
    return { ok: false, errors: check.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
  }
  return { ok: true, request };
}

const BUILD_PHASES: Record<ProfileBuildProgress['phase'], string> = {
  'loading-runs': 'Loading the runs',
  embedding: 'Embedding the prompts',
  'choosing-k': 'Choosing K (validation log-loss)',
  clustering: 'Clustering (k-means++)',
  describing: 'Describing the clusters',
  storing: 'Storing',
  done: 'Done',
  failed: 'Failed',
};

export function buildProgressView(p: ProfileBuildProgress): { text: string; percent: number | null; failed: boolean; done: boolean } {
  const parts = [BUILD_PHASES[p.phase] ?? p.phase];
  if (isNum(p.done) && isNum(p.total) && p.total > 0) parts.push(`${formatInt(p.done)} / ${formatInt(p.total)} prompts`);
  return {
    text: `${parts.join(' · ')}${p.message ? ` — ${p.message}` : ''}`,
    percent: isNum(p.done) && isNum(p.total) && p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : null,
    failed: p.phase === 'failed',
    done: p.phase === 'done',
  };
}

// ---- Import errors ----

/** Field-named issues of a refused import (`models[3].error_rates[7]: …`), else the message alone. */
export function importErrorLines(message: string, issues: ReadonlyArray<{ path: string; message: string }> | null): string[] {
  if (issues && issues.length) return issues.map((i) => `${i.path}: ${i.message}`);
  return [message];
}

// ---- Cost metrics ----

export function costMetricKey(m: ProfileCostMetric): string {
  return m.kind === 'size' ? 'size' : `${m.kind}:${m.device}`;
}

export function costMetricLabel(m: ProfileCostMetric): string {
  return m.kind === 'size' ? 'model size (the seed’s)' : `measured ${m.kind} on ${m.device}`;
}

export function parseCostMetricKey(key: string): { costMetric: 'size' | 'latency' | 'energy'; costDevice?: string } {
  if (key === 'size' || key === '') return { costMetric: 'size' };
  const i = key.indexOf(':');
  const kind = key.slice(0, i) === 'latency' ? 'latency' : 'energy';
  return { costMetric: kind, costDevice: key.slice(i + 1) };
}

// ---- Cluster inspector ----

export interface ClusterView {
  cluster: number;
  size: string;
  subjects: string;
  terms: string;
  examples: Array<{ id: string; text: string }>;
}

export function clip(text: string, max = 180): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function clusterViews(d: ProfileDetail): ClusterView[] {
  return d.clusters.map((c) => ({
    cluster: c.cluster,
    size: c.size > 0 ? formatInt(c.size) : MISSING,
    subjects: c.topSubjects.length ? c.topSubjects.map((s) => `${s.subject.replace(/_/g, ' ')} (${s.count})`).join(', ') : MISSING,
    terms: c.topTerms.length ? c.topTerms.join(', ') : MISSING,
    examples: c.examples.slice(0, 3).map((e) => ({ id: e.id, text: clip(e.text) })),
  }));
}

// ---- Heatmap ----

export type HeatmapOption = ComposeOption<HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | TitleComponentOption>;

/** One cell's tooltip: the estimate routing uses, the raw rate with counts and the 95 % interval. */
export function heatCellText(model: string, cluster: number, c: ProfileHeatCell): string {
  const lines = [`<b>${model}</b> · cluster ${cluster}`, `error rate ${(c.errorRate * 100).toFixed(1)}% (used for routing)`];
  if (c.n !== null && c.errors !== null) lines.push(`measured ${formatInt(c.errors)} wrong of ${formatInt(c.n)}${c.rawErrorRate !== null ? ` = ${(c.rawErrorRate * 100).toFixed(1)}%` : ''}`);
  else lines.push('no counts (imported without them)');
  if (c.ci95) lines.push(`95% interval ${(c.ci95[0] * 100).toFixed(1)}–${(c.ci95[1] * 100).toFixed(1)}%`);
  return lines.join('<br/>');
}

export function buildHeatmapOption(d: ProfileDetail, opts: { simulated?: boolean; textColor?: string } = {}): HeatmapOption {
  const text = opts.textColor ?? '#1c2128';
  const models = d.heatmap.models.map((m) => m.id);
  const k = Math.max(0, ...d.heatmap.cells.map((row) => row.length));
  const clusters = Array.from({ length: k }, (_, c) => `c${c}`);
  const data: Array<{ value: [number, number, number]; cell: ProfileHeatCell }> = [];
  d.heatmap.cells.forEach((row, m) =>
    row.forEach((cell, c) => {
      if (isNum(cell.errorRate)) data.push({ value: [c, m, Math.round(cell.errorRate * 1000) / 10], cell });
    }),
  );
  return {
    animation: false,
    title: opts.simulated
      ? { text: 'SIMULATED: error rates from virtual phones', left: 0, textStyle: { fontSize: 11, color: '#7c4ddb', fontWeight: 'normal' } }
      : undefined,
    grid: { left: 110, right: 80, top: opts.simulated ? 28 : 10, bottom: 36 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = p as { data?: { value: [number, number, number]; cell: ProfileHeatCell } };
        if (!v.data) return '';
        return heatCellText(models[v.data.value[1]] ?? '?', v.data.value[0], v.data.cell);
      },
    },
    xAxis: { type: 'category', data: clusters, name: 'cluster', nameLocation: 'middle', nameGap: 24, axisLabel: { color: text }, splitArea: { show: true } },
    // Profile order (the tie-break order) from the top.
    yAxis: { type: 'category', data: models, inverse: true, axisLabel: { color: text, fontFamily: 'monospace' }, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      text: ['100% wrong', '0%'],
      textStyle: { color: text, fontSize: 10 },
      inRange: { color: ['#1f9d55', '#f5e663', '#d64545'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Error rate',
        data: data as unknown as HeatmapSeriesOption['data'],
        label: { show: k <= 24, formatter: (p: unknown) => `${Math.round((p as { value: [number, number, number] }).value[2])}`, fontSize: 10 },
        emphasis: { itemStyle: { borderColor: '#1c2128', borderWidth: 1 } },
      },
    ],
  };
}

// ---- Cost table ----

export function measureText(m: ProfileMeasure | null, kind: 'latency' | 'energy' | 'tps' | 'ram'): string {
  if (!m || !isNum(m.value)) return MISSING;
  switch (kind) {
    case 'latency':
      return m.value >= 10_000 ? `${(m.value / 1000).toFixed(1)} s` : `${Math.round(m.value)} ms`;
    case 'energy':
      return m.value >= 1 ? `${m.value.toFixed(2)} J` : `${(m.value * 1000).toFixed(0)} mJ`;
    case 'tps':
      return `${m.value.toFixed(1)} tok/s`;
    case 'ram':
      return m.value >= 1024 ? `${(m.value / 1024).toFixed(2)} GB` : `${Math.round(m.value)} MB`;
  }
}

export function measureHow(m: ProfileMeasure | null): string {
  return m ? `${m.method} · ${formatInt(m.samples)} sample${m.samples === 1 ? '' : 's'}` : '';
}

export interface CostRowView {
  key: string;
  modelId: string;
  device: string;
  latency: string;
  latencyHow: string;
  energy: string;
  energyHow: string;
  tps: string;
  tpsHow: string;
  ram: string;
  ramHow: string;
}

export function costRows(d: ProfileDetail): CostRowView[] {
  return d.costs.map((c) => ({
    key: `${c.modelId}@${c.device}`,
    modelId: c.modelId,
    device: c.device,
    latency: measureText(c.latencyMs, 'latency'),
    latencyHow: measureHow(c.latencyMs),
    energy: measureText(c.energyJ, 'energy'),
    energyHow: measureHow(c.energyJ),
    tps: measureText(c.decodeTokS, 'tps'),
    tpsHow: measureHow(c.decodeTokS),
    ram: measureText(c.peakRamMb, 'ram'),
    ramHow: measureHow(c.peakRamMb),
  }));
}

// ---- Route a prompt ----

export type RouteRequest = z.input<typeof routeProfileSchema>;

export type BuiltRoute = { ok: true; request: RouteRequest } | { ok: false; errors: string[] };

export function buildRouteRequest(profileId: string, prompt: string, preference: number, costKey: string): BuiltRoute {
  const errors: string[] = [];
  if (prompt.trim() === '') errors.push('Enter a prompt to route.');
  if (!Number.isFinite(preference) || preference < 0 || preference > 1) errors.push('The preference must be from 0 to 1.');
  if (errors.length) return { ok: false, errors };
  const cost = parseCostMetricKey(costKey);
  const request: RouteRequest = { profileId, prompt, preference, costMetric: cost.costMetric, ...(cost.costDevice ? { costDevice: cost.costDevice } : {}) };
  const check = routeProfileSchema.safeParse(request);
  if (!check.success) return { ok: false, errors: check.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
  return { ok: true, request };
}

export interface RouteScoreView {
  modelId: string;
  errorRate: string;
  cost: string;
  costNorm: string;
  score: string;
  candidate: boolean;
  pick: boolean;
  /** 0..100 for a bar: the score relative to the worst candidate's. */
  bar: number;
}

export interface RouteView {
  pick: string;
  cluster: number;
  summary: string;
  scores: RouteScoreView[];
  clusterTerms: string;
  clusterSubjects: string;
}

function costUnitText(v: number, m: ProfileCostMetric): string {
  if (!isNum(v)) return MISSING;
  if (m.kind === 'size') return v >= 1024 ? `${(v / 1024).toFixed(2)} GB` : `${Math.round(v)} MB`;
  if (m.kind === 'latency') return `${Math.round(v)} ms`;
  return v >= 1 ? `${v.toFixed(2)} J` : `${(v * 1000).toFixed(0)} mJ`;
}

export function routeView(r: RouteDecision): RouteView {
  const worst = Math.max(0, ...r.scores.map((s) => (s.score !== null && isNum(s.score) ? s.score : 0)));
  return {
    pick: r.pick,
    cluster: r.cluster,
    summary: `Cluster ${r.cluster} · preference ${r.preference.toFixed(2)} → λ ${r.lambda.toFixed(3)} · cost: ${costMetricLabel(r.costMetric)} · embedded ${r.embeddedWith === 'given' ? 'from the vector given' : r.embeddedWith === 'device' ? 'on the phone' : 'by the lab (lexical)'}`,
    scores: r.scores.map((s) => ({
      modelId: s.modelId,
      errorRate: `${(s.errorRate * 100).toFixed(1)}%`,
      cost: costUnitText(s.cost, r.costMetric),
      costNorm: isNum(s.costNorm) ? s.costNorm.toFixed(3) : MISSING,
      score: s.score === null ? 'filtered out' : s.score.toFixed(4),
      candidate: s.candidate,
      pick: s.modelId === r.pick,
      bar: s.score !== null && worst > 0 ? Math.max(1, (100 * s.score) / worst) : 0,
    })),
    clusterTerms: r.clusterInfo.topTerms.slice(0, 8).join(', ') || MISSING,
    clusterSubjects: r.clusterInfo.topSubjects.slice(0, 4).map((s) => `${s.subject.replace(/_/g, ' ')} (${s.count})`).join(', ') || MISSING,
  };
}

// ---- Profile vs profile ----

export interface ProfileComparisonView {
  models: string;
  k: string;
  sameClusters: string;
  errors: Array<{ modelId: string; a: string; b: string; diff: string; tone: 'ok' | 'bad' | 'muted' }>;
  costs: Array<{ key: string; modelId: string; device: string; latency: string; energy: string }>;
}

const p1 = (v: number | null) => (v === null || !isNum(v) ? MISSING : `${(v * 100).toFixed(1)}%`);

export function profileComparisonView(c: ProfileComparison): ProfileComparisonView {
  const only = [c.models.onlyA.length ? `only in A: ${c.models.onlyA.join(', ')}` : '', c.models.onlyB.length ? `only in B: ${c.models.onlyB.join(', ')}` : ''].filter(Boolean);
  return {
    models: `${c.models.both.length} in both${only.length ? ` · ${only.join(' · ')}` : ''}`,
    k: `A ${c.k.a} · B ${c.k.b}`,
    sameClusters: c.sameClusters ? 'same embedder and centroids: per-cluster differences are meaningful' : 'different clusters: only overall error rates compare',
    errors: c.errorRates.map((e) => ({
      modelId: e.modelId,
      a: p1(e.a),
      b: p1(e.b),
      diff: e.diff === null ? MISSING : `${e.diff > 0 ? '+' : e.diff < 0 ? '−' : ''}${Math.abs(e.diff * 100).toFixed(1)} pt`,
      tone: e.diff === null || Math.abs(e.diff) < 0.0005 ? 'muted' : e.diff > 0 ? 'bad' : 'ok',
    })),
    costs: c.costs.map((x) => {
      const ms = (v: number | null) => (v === null ? MISSING : `${Math.round(v)} ms`);
      const j = (v: number | null) => (v === null ? MISSING : `${v.toFixed(3)} J`);
      return {
        key: `${x.modelId}@${x.device}`,
        modelId: x.modelId,
        device: x.device,
        latency: `${ms(x.latencyMs.a)} → ${ms(x.latencyMs.b)}`,
        energy: `${j(x.energyJ.a)} → ${j(x.energyJ.b)}`,
      };
    }),
  };
}

