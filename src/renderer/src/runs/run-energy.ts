/**
 * The gross energy of quick runs for the Runs list: `runs.list` does not carry it, so it is read from `runs.get`,
 * a few calls at a time, and kept for the session once a run has finished (a finished run never changes). Pure
 * (the getter is passed in), unit-tested in test/unit/renderer/runs/run-energy.test.ts.
 */
import type { RunDetail, RunSummary } from '../../../shared/runs';
import { runEnergyJ } from './run-view';

/** `runs.get` calls in flight at once. */
export const ENERGY_CONCURRENCY = 4;

/** The quick runs whose energy is not known yet (running ones are asked again each time). */
export function runsNeedingEnergy(runs: readonly RunSummary[], cache: ReadonlyMap<string, number | null>): string[] {
  return runs.filter((r) => r.kind === 'quick' && !r.campaignId && (r.status === 'running' || !cache.has(r.id))).map((r) => r.id);
}

/**
 * Energy per run id for `ids`, merged into a copy of `cache` (finished runs are also written to `cache`). A run
 * whose `runs.get` fails is left out: its row links to the run, whose page says what is wrong.
 */
export async function loadRunEnergies(
  ids: readonly string[],
  get: (runId: string) => Promise<RunDetail>,
  cache: Map<string, number | null>,
  concurrency = ENERGY_CONCURRENCY,
): Promise<Map<string, number | null>> {
  const out = new Map(cache);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const d = await get(id);
        const j = runEnergyJ(d);
        if (d.status !== 'running') cache.set(id, j);
        out.set(id, j);
      } catch {
        // Left blank on purpose (see above).
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return out;
}
