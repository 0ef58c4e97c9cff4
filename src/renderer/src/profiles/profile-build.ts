/**
 * Making a router profile: the build form (runs, embedder, K fixed or chosen by validation log-loss, seed, name,
 * cost metric) and its request, build progress, and the field-named errors of a refused build or import. Pure,
 * unit-tested in test/unit/renderer/profiles/profile-build.test.ts.
 */
import type { z } from 'zod';
import { buildProfileSchema, type ProfileBuildProgress } from '../../../shared/api/profiles';
import { formatInt, isNum, plural } from '../../../shared/format';
import { issueLines, optionalInt } from '../ui/forms';

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

export type BuiltProfile = { ok: true; request: BuildProfileRequest } | { ok: false; errors: string[] };

export function buildProfileRequest(form: BuildForm, buildId?: string): BuiltProfile {
  const errors: string[] = [];
  if (form.runIds.length === 0) errors.push('Pick at least one run.');
  if (form.embedder === 'device' && !form.deviceSerial) errors.push('The device embedder needs a phone to embed on.');
  let k: number | 'auto' = 'auto';
  if (form.kMode === 'fixed') {
    if (form.k.trim() === '') errors.push('K is required when it is fixed.');
    k = optionalInt(form.k, 'K', 1, 64, errors) ?? 'auto';
  }
  const kMin = form.kMode === 'auto' ? optionalInt(form.kMin, 'K from', 1, 64, errors) : undefined;
  const kMax = form.kMode === 'auto' ? optionalInt(form.kMax, 'K to', 1, 64, errors) : undefined;
  if (kMin !== undefined && kMax !== undefined && kMin > kMax) errors.push('K from must not exceed K to.');
  const seed = optionalInt(form.seed, 'Seed', 0, 2 ** 31 - 1, errors);
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
  if (!check.success) return { ok: false, errors: issueLines(check.error) };
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
  cancelled: 'Cancelled',
};

export function buildProgressView(p: ProfileBuildProgress): { text: string; percent: number | null; failed: boolean; done: boolean } {
  const parts = [BUILD_PHASES[p.phase] ?? p.phase];
  if (isNum(p.done) && isNum(p.total) && p.total > 0) parts.push(`${formatInt(p.done)} / ${plural(p.total, p.phase === 'choosing-k' ? 'K value' : 'prompt')}`);
  return {
    text: `${parts.join(' · ')}${p.message ? ` — ${p.message}` : ''}`,
    percent: isNum(p.done) && isNum(p.total) && p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : null,
    failed: p.phase === 'failed' || p.phase === 'cancelled',
    done: p.phase === 'done',
  };
}

// ---- Import errors ----

/** Field-named issues of a refused import (`models[3].error_rates[7]: …`), else the message alone. */
export function importErrorLines(message: string, issues: ReadonlyArray<{ path: string; message: string }> | null): string[] {
  if (issues && issues.length) return issues.map((i) => `${i.path}: ${i.message}`);
  return [message];
}
