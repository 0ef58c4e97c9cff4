/**
 * Building a router profile from measured runs (not stored here): the runs' training matrix (measured.ts), the
 * embedder (lexical, or the runner's embed on a phone: that part talks to the phone, so it stays on this thread),
 * the cost metric, then routing's buildProfile on the compute worker (compute/worker-thread.ts), so the event loop
 * stays free. Phases go to `progress` (the K search with done/total); the device embedder reports prompts embedded.
 * Aborting `signal` stops the build (the worker is terminated) with JobCancelledError.
 */
import type { ProfileBuildProgress } from '../../shared/api/profiles';
import type { buildProfileSchema } from '../../shared/api/profiles';
import type { z } from 'zod';
import { runJob, JobCancelledError } from '../compute/worker-thread';
import type { BuildJobInput } from '../compute/protocol';
import { embedAll, toSparseRows } from '../routing';
import type { CostMetric, ProfileV2 } from '../routing';
import type { DeviceEmbedder } from './device-embedder';
import type { RunsMatrix } from './measured';

export type BuildRequest = z.output<typeof buildProfileSchema>;
export type BuildProgress = (p: Omit<ProfileBuildProgress, 'buildId' | 'at'>) => void;

export async function buildFromMatrix(
  req: BuildRequest,
  { matrix, runs, repeatedPairs, unscored }: RunsMatrix,
  deviceEmbedder: (serial: string, modelId: string, onProgress: (done: number, total: number) => void) => Promise<DeviceEmbedder>,
  progress: BuildProgress,
  signal?: AbortSignal,
): Promise<{ profile: ProfileV2; name: string }> {
  let embedded: BuildJobInput['embedded'];
  if (req.embedder === 'device') {
    const device = await deviceEmbedder(req.deviceSerial!, req.embedModel ?? 'qwen-600m', (done, total) =>
      progress({ phase: 'embedding', message: `Embedding on ${req.deviceSerial}: ${done} of ${total}`, done, total }),
    );
    try {
      const texts = matrix.prompts.map((p) => p.text);
      embedded = { spec: device.spec, dim: device.dim, rows: toSparseRows(await embedAll(device, texts), texts.length, device.dim) };
    } finally {
      await device.close();
    }
    if (signal?.aborted) throw new JobCancelledError('Router profile build');
  }
  const costMetric: CostMetric = req.costMetric === undefined || req.costMetric === 'size' ? { kind: 'size' } : { kind: req.costMetric, device: req.costDevice ?? matrix.provenance.devices[0]! };
  const notes = [
    matrix.provenance.notes,
    repeatedPairs > 0 ? `${repeatedPairs} (prompt, model) pairs were measured more than once: majority vote, ties count as wrong.` : null,
    unscored > 0 ? `${unscored} results without a score (failed requests or no answer key) were left out.` : null,
  ].filter((x): x is string => !!x);
  if (notes.length > 0) matrix.provenance.notes = notes.join(' ');
  const { profile } = await runJob(
    'build-profile',
    {
      matrix,
      k: req.k === 'auto' ? { min: req.kMin ?? 2, max: req.kMax ?? 20 } : req.k,
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(embedded ? { embedded } : {}),
      costMetric,
    },
    { label: 'Router profile build', onProgress: (p) => progress(p), ...(signal ? { signal } : {}) },
  );
  const devices = [...new Set(runs.map((r) => r.deviceModel || r.serial))].join(', ');
  const name = req.name ?? `${profile.provenance.simulated ? 'SIMULATED ' : ''}${devices}: ${profile.models.length} models, K=${profile.clusters.k}, ${req.embedder}`;
  return { profile, name };
}
