/**
 * Routing one prompt with a stored router profile: the request (prompt, preference, cost metric) and the decision
 * as the page shows it (every model's error rate, cost and score, the pick highlighted). Pure, unit-tested in
 * test/unit/renderer/profiles/profile-route.test.ts.
 */
import type { z } from 'zod';
import { routeProfileSchema, type ProfileCostMetric, type RouteDecision } from '../../../shared/api/profiles';
import { MISSING, formatJ, formatMb, formatMs, isNum } from '../../../shared/format';
import { issueLines } from '../ui/forms';
import { parseEmbeddingText } from '../../../shared/kit/embedding-text';
import { costMetricLabel, parseCostMetricKey } from './profiles-view';

// ---- Route a prompt ----

export type RouteRequest = z.input<typeof routeProfileSchema>;

export type BuiltRoute = { ok: true; request: RouteRequest } | { ok: false; errors: string[] };

/**
 * The prompt's embedding, for a router profile whose embedder the lab cannot run: `text` as pasted or uploaded
 * (parseEmbeddingText), checked against the profile's dimension. With one, the prompt is optional.
 */
export interface RouteVectorInput {
  text: string;
  dim: number;
}

export function buildRouteRequest(profileId: string, prompt: string, preference: number, costKey: string, vector?: RouteVectorInput): BuiltRoute {
  const errors: string[] = [];
  let embedding: number[] | undefined;
  if (vector) {
    const parsed = parseEmbeddingText(vector.text);
    if (vector.text.trim() === '') errors.push(`Paste or upload the prompt’s embedding (${vector.dim} numbers): this router profile’s embedder runs outside the lab.`);
    else if (!parsed.ok) errors.push(`The embedding: ${parsed.error}.`);
    else if (parsed.vector.length !== vector.dim) errors.push(`The embedding has ${parsed.vector.length} numbers; this router profile’s embedder gives ${vector.dim}.`);
    else embedding = parsed.vector;
  } else if (prompt.trim() === '') errors.push('Enter a prompt to route.');
  if (!Number.isFinite(preference) || preference < 0 || preference > 1) errors.push('The preference must be from 0 to 1.');
  if (errors.length) return { ok: false, errors };
  const cost = parseCostMetricKey(costKey);
  const request: RouteRequest = {
    profileId,
    ...(prompt.trim() !== '' ? { prompt } : {}),
    ...(embedding ? { embedding } : {}),
    preference,
    costMetric: cost.costMetric,
    ...(cost.costDevice ? { costDevice: cost.costDevice } : {}),
  };
  const check = routeProfileSchema.safeParse(request);
  if (!check.success) return { ok: false, errors: issueLines(check.error) };
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
  if (m.kind === 'size') return formatMb(v);
  if (m.kind === 'latency') return formatMs(v);
  return formatJ(v);
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
