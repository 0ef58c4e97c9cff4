/**
 * An imported (or stored) profile routed over a matrix as is. Its training prompts are whatever it was built
 * from: when its provenance names one of the compared runs, its split lists one of these prompts, or its prompt-set
 * fingerprint is this matrix's, it is "evaluated on training prompts" and every report says so.
 * Only models that were measured may be picked (candidate filter); a profile routing an external embedder
 * (a model the lab does not run) or sharing no model with the runs is unavailable, with the reason.
 */
import { promptSetFingerprint } from '../routing/build-profile';
import { LexicalEmbedder } from '../routing/embedder';
import { clusterSummaries } from '../routing/inspect';
import type { ProfileV2 } from '../routing/profile-v2';
import { assignCluster, candidateMask, compileRouter, decide } from '../routing/route';
import type { CompiledRouter, RouteResult } from '../routing/route';
import type { MeasuredMatrix } from './matrix';
import type { CostMetric } from './strategies';
import type { LexicalFeatureCache } from './lexical-cache';
import { profileCostMetric } from './oof-router';

export interface ImportedProfileResult {
  unavailable: string | null;
  preferences: Float64Array;
  picks: Int32Array[];
  /** Cluster of each prompt in the profile (-1 when unavailable). */
  clusterOf: Int32Array;
  clusterLabels: string[];
  clusterTerms: string[][];
  evaluatedOnTraining: boolean;
  trainingEvidence: string | null;
  notes: string[];
}

export function trainingOverlap(profile: ProfileV2, m: MeasuredMatrix, runIds: readonly string[]): string | null {
  const runs = profile.provenance.run_ids.filter((r) => runIds.includes(r));
  if (runs.length) return `its provenance includes run ${runs.join(', ')}`;
  const ids = new Set(m.prompts.map((p) => p.id));
  const split = profile.evaluation?.split;
  const inSplit = split ? [...split.train_ids, ...split.validation_ids].filter((id) => ids.has(id)).length : 0;
  if (inSplit) return `${inSplit} of these prompts are in its training/validation split`;
  if (profile.provenance.prompt_set_fingerprint && profile.provenance.prompt_set_fingerprint === promptSetFingerprint(m.prompts)) return 'it was built from this very prompt set';
  return null;
}

export function evaluateImportedProfile(
  profile: ProfileV2,
  m: MeasuredMatrix,
  opts: { preferences: ArrayLike<number>; costMetric: CostMetric; runIds: readonly string[]; cache?: LexicalFeatureCache },
): ImportedProfileResult {
  const prefs = Float64Array.from(opts.preferences);
  const n = m.nPrompts;
  const notes: string[] = [];
  const evidence = trainingOverlap(profile, m, opts.runIds);
  const base: ImportedProfileResult = {
    unavailable: null,
    preferences: prefs,
    picks: [],
    clusterOf: new Int32Array(n).fill(-1),
    clusterLabels: [],
    clusterTerms: [],
    evaluatedOnTraining: evidence !== null,
    trainingEvidence: evidence,
    notes,
  };
  if (profile.embedder.type !== 'lexical-hash-v1') {
    return { ...base, unavailable: `the profile embeds with ${profile.embedder.model}, which runs outside the lab (route with a lexical-hash-v1 profile)` };
  }
  const spec = profile.embedder;
  // The comparison's cost when the profile measured it on this device, else the profile's own, else size.
  const tries = [profileCostMetric(opts.costMetric, m.device), profile.routing.cost_metric, { kind: 'size' as const }];
  let router: CompiledRouter | null = null;
  for (const metric of tries) {
    try {
      router = compileRouter(profile, { costMetric: metric });
      if (metric !== tries[0]) notes.push(`profile: routes by ${metric.kind}${'device' in metric ? ` on ${metric.device}` : ''} (it has no ${opts.costMetric} costs for ${m.device}).`);
      break;
    } catch {
      // next
    }
  }
  if (!router) return { ...base, unavailable: 'the profile cannot be compiled for routing' };
  const measured = new Set(m.models.map((x) => x.id));
  let mask: Uint8Array;
  try {
    mask = candidateMask(router, { available: measured });
  } catch {
    return { ...base, unavailable: `the profile's models (${router.modelIds.join(', ')}) include none of the measured ones` };
  }
  const skipped = router.modelIds.filter((id) => !measured.has(id));
  if (skipped.length) notes.push(`profile: ${skipped.join(', ')} not measured in these runs, so never picked.`);
  const toMatrix = Int32Array.from(router.modelIds, (id) => m.models.findIndex((x) => x.id === id));
  const embedder = opts.cache?.matches(spec) ? opts.cache.embedder(spec) : new LexicalEmbedder(spec);
  const picks = Array.from(prefs, () => new Int32Array(n));
  const out: RouteResult = { cluster: 0, scores: new Float64Array(router.modelIds.length), pick: -1, modelId: '', lambda: 0 };
  for (let i = 0; i < n; i++) {
    const cluster = assignCluster(router, embedder.embedSync(m.prompts[i]!.text));
    base.clusterOf[i] = cluster;
    for (let j = 0; j < prefs.length; j++) picks[j]![i] = toMatrix[decide(router, cluster, prefs[j]!, mask, out).pick]!;
  }
  let summaries: ReturnType<typeof clusterSummaries> = [];
  try {
    summaries = clusterSummaries(profile, 5);
  } catch {
    summaries = [];
  }
  const labels = Array.from({ length: profile.clusters.k }, (_, c) => `cluster ${c}`);
  const terms = Array.from({ length: profile.clusters.k }, (_, c) => summaries[c]?.top_terms ?? []);
  return { ...base, picks, clusterLabels: labels, clusterTerms: terms };
}
