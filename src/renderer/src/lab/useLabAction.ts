/**
 * Buttons that call the lab (reprobe, cancel, export, delete, …): which one is busy and the message the last one
 * left, so a page does not hand-write busy/try/catch/finally for each. `run` resolves to that message.
 */
import { useCallback, useState } from 'react';
import type { LabClient } from '../../../shared/contract';
import { runAction, type ActionMessage } from './action';
import { getLab } from './client';

export interface LabAction<K extends string> {
  busy: K | null;
  message: ActionMessage | null;
  setMessage: (m: ActionMessage | null) => void;
  run: (kind: K, action: (lab: LabClient) => Promise<ActionMessage | null | void>, failure: string) => Promise<ActionMessage | null>;
}

export function useLabAction<K extends string = string>(): LabAction<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const run = useCallback(async (kind: K, action: (lab: LabClient) => Promise<ActionMessage | null | void>, failure: string) => {
    setBusy(kind);
    setMessage(null);
    const outcome = await runAction(() => action(getLab()), failure);
    setMessage(outcome);
    setBusy(null);
    return outcome;
  }, []);
  return { busy, message, setMessage, run };
}
