/**
 * Building a router profile from measured runs (not stored here): the runs' training matrix (measured.ts), the
 * embedder (lexical, or the runner's embed on a phone), the cost metric, then routing's buildProfile. Phases go to
 * `progress`; the device embedder reports prompts embedded.
 */
import type { ProfileBuildProgress } from '../../shared/api/profiles';
import type { buildProfileSchema } from '../../shared/api/profiles';
import type { z } from 'zod';
import { buildProfile } from '../routing';
import type { CostMetric, Embedder, ProfileV2 } from '../routing';
import type { DeviceEmbedder } from './device-embedder';
import type { RunsMatrix } from './measured';

export type BuildRequest = z.output<typeof buildProfileSchema>;
export type BuildProgress = (p: Omit<ProfileBuildProgress, 'buildId' | 'at'>) => void;

export async function buildFromMatrix(
  req: BuildRequest,
  { matrix, runs, repeatedPairs, unscored }: RunsMatrix,
  deviceEmbedder: (serial: string, modelId: string, onProgress: (done: number, total: number) => void) => Promise<DeviceEmbedder>,
  progress: BuildProgress,
): Promise<{ profile: ProfileV2; name: string }> {
  let embedder: Embedder | undefined;
  let device: DeviceEmbedder | null = null;
  if (req.embedder === 'device') {
    device = await deviceEmbedder(req.deviceSerial!, req.embedModel ?? 'qwen-600m', (done, total) =>
      progress({ phase: 'embedding', message: `Embedding on ${req.deviceSerial}: ${done} of ${total}`, done, total }),
    );
    embedder = device;
  }
  const costMetric: CostMetric = req.costMetric === undefined || req.costMetric === 'size' ? { kind: 'size' } : { kind: req.costMetric, device: req.costDevice ?? matrix.provenance.devices[0]! };
  const notes = [
    matrix.provenance.notes,
    repeatedPairs > 0 ? `${repeatedPairs} (prompt, model) pairs were measured more than once: majority vote, ties count as wrong.` : null,
    unscored > 0 ? `${unscored} results without a score (failed requests or no answer key) were left out.` : null,
  ].filter((x): x is string => !!x);
  if (notes.length > 0) matrix.provenance.notes = notes.join(' ');
  try {
    const { profile } = await buildProfile(matrix, {
      k: req.k === 'auto' ? { min: req.kMin ?? 2, max: req.kMax ?? 20 } : req.k,
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(embedder ? { embedder } : {}),
      costMetric,
      onProgress: (phase, message) => progress({ phase, message, done: null, total: null }),
    });
    const devices = [...new Set(runs.map((r) => r.deviceModel || r.serial))].join(', ');
    const name = req.name ?? `${profile.provenance.simulated ? 'SIMULATED ' : ''}${devices}: ${profile.models.length} models, K=${profile.clusters.k}, ${req.embedder}`;
    return { profile, name };
  } finally {
    await device?.close();
  }
}
