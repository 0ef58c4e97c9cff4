/**
 * Capture on a device's page: `devices.capture` into the lab home's captures folder (the page never sends a
 * folder: the lab picks `<lab home>/captures/<serial>-<time>`), with each step as the lab reports it and, at the
 * end, where it was saved (for a bug report, or `aurora-lab virtual-phone --replay DIR`).
 */
import { useState } from 'react';
import type { CaptureResult } from '../../../shared/devices';
import { getLab } from '../lab/client';
import { errorMessage } from '../lab/errors';
import { useLabEvent } from '../lab/useLabEvent';

type CaptureState =
  | { phase: 'idle' }
  | { phase: 'running'; step: string; steps: number; startedAt: number }
  | { phase: 'done'; result: CaptureResult }
  | { phase: 'failed'; message: string };

/** Seconds of power readings the page asks for (the CLI's default is 3). */
const SECONDS = 3;

export function useCapture(serial: string) {
  const [state, setState] = useState<CaptureState>({ phase: 'idle' });
  // Subscribed for the page's life, not only while running: the first step can arrive before a new effect would run.
  useLabEvent('devices.captureProgress', (p) => {
    if (p.serial !== serial) return;
    setState((s) => (s.phase === 'running' ? { ...s, step: p.message, steps: s.steps + 1 } : s));
  });
  const run = async () => {
    setState({ phase: 'running', step: 'Starting the capture', steps: 0, startedAt: Date.now() });
    try {
      const result = await getLab().devices.capture({ serial, seconds: SECONDS });
      setState({ phase: 'done', result });
    } catch (err) {
      setState({ phase: 'failed', message: errorMessage(err) });
    }
  };
  return { state, run, busy: state.phase === 'running' };
}

export function CaptureButton({ busy, disabled, onClick }: { busy: boolean; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="btn"
      onClick={onClick}
      disabled={busy || disabled}
      title={disabled ? 'Only a device in the "device" state can be captured' : "Save what the lab reads from this phone (and a few seconds of power readings) into the lab home's captures folder"}
      data-testid="capture-button"
    >
      {busy ? 'Capturing…' : 'Capture'}
    </button>
  );
}

export function CaptureStatus({ state }: { state: CaptureState }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'running') {
    return (
      <div className="capture-status action-msg" role="status" data-testid="capture-status" data-phase="running">
        Capturing ({SECONDS} s of power readings at the end): {state.step}…
      </div>
    );
  }
  if (state.phase === 'failed') {
    return (
      <div className="capture-status action-msg action-error" role="alert" data-testid="capture-status" data-phase="failed">
        Capture failed: {state.message}
      </div>
    );
  }
  const { result } = state;
  return (
    <div className="capture-status action-msg action-ok" role="status" data-testid="capture-status" data-phase="done" data-dir={result.dir}>
      Saved {result.files.length} files and {result.seriesRows} power readings to <code className="mono">{result.dir}</code>
      {result.manifest.warnings.length > 0 ? ` (warnings: ${result.manifest.warnings.join(' ')})` : ''}. Attach the folder to a bug report, or replay it
      with <code>aurora-lab virtual-phone --replay {result.dir}</code>.
    </div>
  );
}
