/**
 * Following what a command started, through the lab's events (the same ones the pages get): a campaign until its
 * status is no longer 'running', a quick run until its phase is done, failed or cancelled. Events that arrive
 * before the id is known are kept, so a fast end is never missed. Ctrl-C cancels through the API.
 */
import type { CampaignProgress } from '../../shared/api/campaigns';
import type { RunProgress } from '../../shared/runs';
import type { Lab } from '../lab/lab';

type Final<P> = (p: P) => boolean;

/**
 * Subscribes to `event` before `start` runs, and resolves with the final progress of the thing `start` started
 * (its id from `idOf`). `onProgress` sees every progress of it; `cancel` runs on SIGINT/SIGTERM.
 */
async function follow<P, S>(
  subscribe: (listener: (p: P) => void) => () => void,
  start: () => Promise<S>,
  idOf: (started: S) => string,
  keyOf: (p: P) => string,
  isFinal: Final<P>,
  onProgress: (p: P) => void,
  cancel: (id: string) => Promise<unknown>,
): Promise<{ started: S; final: P }> {
  const seen = new Map<string, P>();
  let id: string | null = null;
  let resolveFinal: (p: P) => void = () => {};
  const final = new Promise<P>((r) => (resolveFinal = r));
  const listener = (p: P) => {
    const key = keyOf(p);
    if (id === null) {
      if (isFinal(p) || !seen.has(key)) seen.set(key, p);
      return;
    }
    if (key !== id) return;
    onProgress(p);
    if (isFinal(p)) resolveFinal(p);
  };
  const unsubscribe = subscribe(listener);
  const onSignal = () => {
    process.stderr.write('Stopping after the prompts in flight...\n');
    if (id) void cancel(id).catch(() => {});
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = await start();
    id = idOf(started);
    const early = seen.get(id);
    if (early && isFinal(early)) resolveFinal(early);
    return { started, final: await final };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
  }
}

export function followCampaign<S>(lab: Lab, start: () => Promise<S>, idOf: (s: S) => string, onProgress: (p: CampaignProgress) => void) {
  return follow<CampaignProgress, S>(
    (l) => {
      lab.events.on('campaigns.progress', l);
      return () => lab.events.off('campaigns.progress', l);
    },
    start,
    idOf,
    (p) => p.campaignId,
    (p) => p.status !== 'running',
    onProgress,
    (campaignId) => lab.api.campaigns.cancel({ campaignId }),
  );
}

export function followRun<S>(lab: Lab, start: () => Promise<S>, idOf: (s: S) => string, onProgress: (p: RunProgress) => void) {
  return follow<RunProgress, S>(
    (l) => {
      lab.events.on('runs.progress', l);
      return () => lab.events.off('runs.progress', l);
    },
    start,
    idOf,
    (p) => p.runId,
    (p) => p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled',
    onProgress,
    (runId) => lab.api.runs.cancel({ runId }),
  );
}

/** Makes sure the devices are known: a network address the lab does not know yet is connected first. */
export async function ensureDevices(lab: Lab, serials: readonly string[]): Promise<void> {
  const known = new Set((await lab.api.devices.list({ settleMs: 15_000 })).map((d) => d.serial));
  const missing = serials.filter((s) => !known.has(s) && /^[^:]+:\d+$/.test(s));
  if (missing.length === 0) return;
  for (const address of missing) await lab.api.devices.connect({ address }).catch(() => undefined);
  await lab.api.devices.list({ settleMs: 15_000 });
}
