/**
 * A lab event for as long as the component lives (or while `enabled`). The listener may change every render: the
 * latest one is called, and the subscription is made once per event name. Declared before a `useLabQuery` in the
 * same component, the subscription starts first, so no event falls between a fetch's answer and the live stream.
 */
import { useEffect, useEffectEvent } from 'react';
import type { LabEventName, LabEvents } from '../../../shared/contract';
import { getLab } from './client';

export function useLabEvent<E extends LabEventName>(
  event: E,
  listener: (payload: LabEvents[E]) => void,
  enabled = true,
): void {
  const onEvent = useEffectEvent(listener);
  useEffect(() => {
    if (!enabled) return;
    return getLab().on(event, (payload) => onEvent(payload));
  }, [event, enabled]);
}
