/**
 * Status colours, in one place: every badge, hint and cell picks its colour class (`badge-<tone>`, `tone-<tone>`)
 * from a tone given here, for run, campaign and per-model statuses and for Android's thermal levels. Pure,
 * unit-tested in test/unit/renderer/ui/status.test.ts.
 */
import { THERMAL_STATUS_NAMES } from '../../../shared/devices';
import { MISSING } from '../../../shared/format';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

/**
 * The tone of a run's, a campaign's, a model's or a campaign device's status (they share words: running, done,
 * partial, interrupted, failed, cancelled; a device may be measuring or paused). Anything else is muted.
 */
export function statusTone(status: string): Tone {
  switch (status) {
    case 'done':
      return 'ok';
    case 'running':
    case 'measuring':
      return 'info';
    case 'partial':
    case 'interrupted':
    case 'waiting-device':
    case 'battery-low':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'muted';
  }
}

export function thermalName(level: number | null | undefined): string {
  if (level === null || level === undefined || !Number.isInteger(level)) return MISSING;
  return THERMAL_STATUS_NAMES[level] ?? `level ${level}`;
}

export function thermalTone(level: number | null | undefined): Tone {
  if (level === null || level === undefined) return 'muted';
  if (level <= 1) return 'ok';
  if (level === 2) return 'warn';
  return 'bad';
}
