/**
 * A quick run of one phone, followed live: start it, follow `runs.progress` / `runs.result` (subscribed before any
 * start, since the lab may report before it answers with the run id), poll the stored status now and then so a
 * dropped socket never leaves the page spinning, read the stored results once it ends, and, on opening, follow a
 * run already going on this phone. The state between events is the pure reducer in live-run.ts.
 */
import { useMemo, useState } from 'react';
import type { PromptResult, RunStatus, RunSummary } from '../../../shared/runs';
import { describeError, type ShownError } from '../lab/errors';
import { getLab } from '../lab/client';
import { useLabAction, type LabAction } from '../lab/useLabAction';
import { useLabEvent } from '../lab/useLabEvent';
import { useLabQuery } from '../lab/useLabQuery';
import { EMPTY_LIVE, liveAdopt, liveOnProgress, liveOnResult, liveWithStored, type LiveRun } from './live-run';
import type { QuickRunRequest } from './quick-form';
import { isTerminalPhase } from './run-view';

/** How often the stored status is read while the run goes (events are the fast path). */
const POLL_MS = 4000;

export interface QuickRun {
  live: LiveRun;
  /** Stored results merged with the live ones, in run order. */
  results: PromptResult[];
  /** The stored status once it is no longer running (null while running or unknown). */
  storedStatus: RunStatus | null;
  running: boolean;
  finished: boolean;
  starting: boolean;
  startError: ShownError | null;
  /** Following a run that was already going when the page opened. */
  resumed: boolean;
  /** The newest runs of this phone. */
  recent: RunSummary[] | undefined;
  start: (request: QuickRunRequest) => Promise<void>;
  cancel: LabAction<'cancel'>;
  onCancel: () => void;
}

export function useQuickRun(serial: string): QuickRun {
  const [live, setLive] = useState<LiveRun>(EMPTY_LIVE);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const [resumedId, setResumedId] = useState<string | null>(null);
  /** A run the lab said it no longer runs (it finished, or the lab that ran it stopped). */
  const [goneId, setGoneId] = useState<string | null>(null);
  const cancel = useLabAction<'cancel'>();

  useLabEvent('runs.progress', (p) => setLive((s) => liveOnProgress(s, p, serial)));
  useLabEvent('runs.result', (r) => setLive((s) => liveOnResult(s, r)));

  const runId = live.runId;
  const terminal = live.progress !== null && isTerminalPhase(live.progress.phase);
  const polled = useLabQuery((lab) => lab.runs.get({ runId: runId ?? '' }), [runId], { enabled: runId !== null && !terminal, pollMs: POLL_MS });
  const polledStatus = polled.data && polled.data.id === runId && polled.data.status !== 'running' ? polled.data.status : null;
  const storedStatus = polledStatus ?? (goneId !== null && goneId === runId ? 'failed' : null);
  const finished = terminal || storedStatus !== null;
  const running = runId !== null && !finished;
  const resumed = runId !== null && runId === resumedId;

  // The stored results once the run ends, or at once when following a run that was already going.
  const stored = useLabQuery((lab) => lab.runs.results({ runId: runId ?? '' }), [runId], { enabled: runId !== null && (finished || resumed), refetchOn: finished });
  const results = useMemo(() => (stored.data ? liveWithStored(live, stored.data).results : live.results), [stored.data, live]);

  // Recent runs of this phone, again whenever a run ends; the first answer also says whether one is going now.
  const recent = useLabQuery((lab) => lab.runs.list({ serial, limit: 5 }), [serial], {
    refetchOn: finished,
    onData: (runs) => {
      const going = runs.find((r) => r.status === 'running');
      if (!going) return;
      setLive((s) => (s.runId === null ? liveAdopt(s, going.id) : s));
      setResumedId((id) => id ?? going.id);
    },
  });

  async function start(request: QuickRunRequest) {
    setStartError(null);
    cancel.setMessage(null);
    setResumedId(null);
    setGoneId(null);
    setLive(EMPTY_LIVE);
    setStarting(true);
    try {
      // `runs.quickRun` starts a quick run; its progress arrives as runs.progress events.
      const res = await getLab().runs.quickRun(request);
      setLive((s) => liveAdopt(s, res.runId));
    } catch (err) {
      setStartError(describeError(err));
    } finally {
      setStarting(false);
    }
  }

  function onCancel() {
    if (!runId) return;
    void cancel.run(
      'cancel',
      async (lab) => {
        const res = await lab.runs.cancel({ runId });
        if (res.cancelled) return { kind: 'ok', text: 'Cancel requested: the run stops after the prompt in flight; what was stored stays.' };
        setGoneId(runId);
        return { kind: 'error', text: 'The lab is not running this run any more (it finished, or the lab that ran it stopped).' };
      },
      'Cancel failed',
    );
  }

  return { live, results, storedStatus, running, finished, starting, startError, resumed, recent: recent.data, start, cancel, onCancel };
}
