/**
 * View-model logic of the router profile pages (cluster error-rate profiles rebuilt from measured runs): the list,
 * the cluster inspector, the measured cost table with how each figure was obtained, cost metric choices, and two
 * router profiles side by side. Building is profile-build.ts, the heatmap profile-heatmap.ts, routing a prompt
 * profile-route.ts. Pure, unit-tested in test/unit/renderer/profiles/profiles-view.test.ts.
 */
import type { ProfileComparison, ProfileCostMetric, ProfileDetail, ProfileMeasure, ProfileSource, ProfileSummary } from '../../../shared/api/profiles';
import { MISSING, formatDateTime, formatFraction, formatInt, formatJ, formatMb, formatMs, formatUnit, isNum, plural } from '../../../shared/format';
import { decodeSpeedFlag, type Flag } from '../ui/plausibility';

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

// ---- Cost table ----

export function measureText(m: ProfileMeasure | null, kind: 'latency' | 'energy' | 'tps' | 'ram'): string {
  if (!m || !isNum(m.value)) return MISSING;
  switch (kind) {
    case 'latency':
      return formatMs(m.value);
    case 'energy':
      return formatJ(m.value);
    case 'tps':
      return formatUnit(m.value, 1, 'tok/s');
    case 'ram':
      return formatMb(m.value);
  }
}

export function measureHow(m: ProfileMeasure | null): string {
  return m ? `${m.method} · ${plural(m.samples, 'sample')}` : '';
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
  /** A median decode speed of 0 tok/s: the engine's value for one-token replies, not a speed. */
  tpsFlag: Flag | null;
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
    tpsFlag: decodeSpeedFlag(c.decodeTokS?.value),
    ram: measureText(c.peakRamMb, 'ram'),
    ramHow: measureHow(c.peakRamMb),
  }));
}

// ---- Profile vs profile ----

export interface ProfileComparisonView {
  models: string;
  k: string;
  sameClusters: string;
  errors: Array<{ modelId: string; a: string; b: string; diff: string; tone: 'ok' | 'bad' | 'muted' }>;
  costs: Array<{ key: string; modelId: string; device: string; latency: string; energy: string }>;
}

const p1 = (v: number | null) => formatFraction(v);

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
