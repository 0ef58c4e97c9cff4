/**
 * Views of a Profile v2 for the API and the CLI: detail (clusters, heatmap, costs), route decisions, comparisons.
 * Pure functions of profiles (no database).
 */
import type {
  ProfileComparison,
  ProfileCostMetric,
  ProfileDetail,
  ProfileMeasure,
  ProfileSummary,
  RouteDecision,
} from '../../shared/api/profiles';
import { LabError } from '../api/lab-error';
import { canonicalJson, clusterSummaries } from '../routing';
import type { CompiledRouter, CostMetric, Measure, ProfileV2, RouteResult } from '../routing';

const measure = (m: Measure | null | undefined): ProfileMeasure | null => (m ? { value: m.value, method: m.method, samples: m.samples } : null);

/** Devices on which every model has the measure. */
function devicesWith(p: ProfileV2, field: 'latency_ms' | 'energy_j'): string[] {
  const all = new Set<string>();
  for (const m of p.models) for (const d of Object.keys(m.costs)) all.add(d);
  return [...all].sort().filter((d) => p.models.every((m) => !!m.costs[d]?.[field]));
}

export function costMetricsOf(p: ProfileV2): ProfileCostMetric[] {
  return [
    { kind: 'size' },
    ...devicesWith(p, 'latency_ms').map((device) => ({ kind: 'latency' as const, device })),
    ...devicesWith(p, 'energy_j').map((device) => ({ kind: 'energy' as const, device })),
  ];
}

/** A cost metric from a kind and an optional device: the profile's own device for that kind, else the first measured. */
export function resolveCostMetric(p: ProfileV2, kind: 'size' | 'latency' | 'energy' | undefined, device?: string): CostMetric {
  if (kind === undefined) return p.routing.cost_metric;
  if (kind === 'size') return { kind: 'size' };
  const field = kind === 'latency' ? 'latency_ms' : 'energy_j';
  const candidates = devicesWith(p, field);
  const own = p.routing.cost_metric.kind === kind ? p.routing.cost_metric.device : undefined;
  const d = device ?? own ?? candidates[0];
  if (!d) {
    throw new LabError('bad-request', `This profile has no device on which every model's ${kind} was measured; route by size, or build it from runs that measured all its models.`, [
      { path: 'costMetric', message: `no ${kind} measured for every model` },
    ]);
  }
  return { kind, device: d };
}

export function detailOf(summary: ProfileSummary, p: ProfileV2): ProfileDetail {
  const clusters = clusterSummaries(p).map((c) => ({ cluster: c.cluster, size: c.size, topSubjects: c.top_subjects, topTerms: c.top_terms, examples: c.examples }));
  const heatmap = {
    models: p.models.map((m) => ({ id: m.id, sizeMb: m.size_mb, capabilities: [...m.capabilities], overallErrorRate: m.overall_error_rate })),
    cells: p.models.map((m) =>
      m.error_rates.map((e, c) => ({
        errorRate: e,
        rawErrorRate: m.raw_error_rates?.[c] ?? null,
        errors: m.errors?.[c] ?? null,
        n: m.n?.[c] ?? null,
        ci95: m.ci95?.[c] ?? null,
      })),
    ),
  };
  const costs: ProfileDetail['costs'] = [];
  for (const m of p.models) {
    for (const d of Object.keys(m.costs).sort()) {
      const c = m.costs[d]!;
      costs.push({ modelId: m.id, device: d, latencyMs: measure(c.latency_ms), energyJ: measure(c.energy_j), decodeTokS: measure(c.decode_tok_s), peakRamMb: measure(c.peak_ram_mb) });
    }
  }
  const ev = p.evaluation;
  return {
    ...summary,
    clusters,
    heatmap,
    costs,
    routing: { lambdaMin: p.routing.lambda_min, lambdaMax: p.routing.lambda_max, defaultPreference: p.routing.default_preference, costMetric: p.routing.cost_metric },
    costMetrics: costMetricsOf(p),
    estimation: p.estimation ? { priorStrength: p.estimation.prior_strength } : null,
    evaluation: ev
      ? {
          validationLogLoss: ev.validation_log_loss,
          silhouette: p.clusters.silhouette,
          kSelection: { mode: ev.k_selection.mode, entries: ev.k_selection.entries.map((e) => ({ k: e.k, kFound: e.k_found, logLoss: e.log_loss, silhouette: e.silhouette })) },
          trainPrompts: ev.split.train_ids.length,
          validationPrompts: ev.split.validation_ids.length,
        }
      : null,
    notes: p.provenance.notes ?? null,
    buildOptions: p.provenance.options,
  };
}

/** The API's decision from a routing result: every model's error, cost and score. */
export function decisionOf(profileId: string, p: ProfileV2, router: CompiledRouter, res: RouteResult, preference: number, mask: Uint8Array, embeddedWith: RouteDecision['embeddedWith']): RouteDecision {
  const m = router.modelIds.length;
  const c = clusterSummaries(p)[res.cluster]!;
  return {
    profileId,
    cluster: res.cluster,
    clusterInfo: { cluster: c.cluster, size: c.size, topSubjects: c.top_subjects, topTerms: c.top_terms, examples: c.examples },
    preference,
    lambda: res.lambda,
    costMetric: router.costMetric,
    scores: router.modelIds.map((id, i) => ({
      modelId: id,
      errorRate: router.err[res.cluster * m + i]!,
      cost: router.cost[i]!,
      costNorm: router.costNorm[i]!,
      score: mask[i] === 1 ? res.scores[i]! : null,
      candidate: mask[i] === 1,
    })),
    pick: res.modelId,
    embeddedWith,
  };
}

function overallError(m: ProfileV2['models'][number]): number | null {
  if (m.overall_error_rate !== null) return m.overall_error_rate;
  if (m.error_rates.length === 0) return null;
  return m.error_rates.reduce((a, b) => a + b, 0) / m.error_rates.length;
}

export function compareProfiles(a: ProfileSummary, pa: ProfileV2, b: ProfileSummary, pb: ProfileV2): ProfileComparison {
  const idsA = pa.models.map((m) => m.id);
  const idsB = pb.models.map((m) => m.id);
  const both = idsA.filter((id) => idsB.includes(id));
  const sameClusters =
    pa.clusters.k === pb.clusters.k &&
    canonicalJson(pa.embedder) === canonicalJson(pb.embedder) &&
    canonicalJson(pa.clusters.centroids) === canonicalJson(pb.clusters.centroids);
  const errorRates = both.map((id) => {
    const ma = pa.models.find((m) => m.id === id)!;
    const mb = pb.models.find((m) => m.id === id)!;
    const ea = overallError(ma);
    const eb = overallError(mb);
    return {
      modelId: id,
      a: ea,
      b: eb,
      diff: ea !== null && eb !== null ? eb - ea : null,
      perClusterDiff: sameClusters ? mb.error_rates.map((e, c) => e - ma.error_rates[c]!) : null,
    };
  });
  const costs: ProfileComparison['costs'] = [];
  for (const id of both) {
    const ca = pa.models.find((m) => m.id === id)!.costs;
    const cb = pb.models.find((m) => m.id === id)!.costs;
    for (const d of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
      costs.push({
        modelId: id,
        device: d,
        latencyMs: { a: ca[d]?.latency_ms?.value ?? null, b: cb[d]?.latency_ms?.value ?? null },
        energyJ: { a: ca[d]?.energy_j?.value ?? null, b: cb[d]?.energy_j?.value ?? null },
      });
    }
  }
  return {
    a,
    b,
    models: { both, onlyA: idsA.filter((id) => !idsB.includes(id)), onlyB: idsB.filter((id) => !idsA.includes(id)) },
    k: { a: pa.clusters.k, b: pb.clusters.k },
    sameClusters,
    errorRates,
    costs,
    sizeMb: both.map((id) => ({ modelId: id, a: pa.models.find((m) => m.id === id)!.size_mb, b: pb.models.find((m) => m.id === id)!.size_mb })),
  };
}
