/**
 * View-model logic for runs (one device's part of a campaign, or a quick run): what a phase, a status, a progress
 * event, an energy method or a model looks like on screen. Pure (no DOM), unit-tested in
 * test/unit/renderer/runs/run-view.test.ts.
 */
import type {
  EnergyMethod,
  EnergyProvenance,
  ModelInfo,
  RunDetail,
  RunPhase,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../../../shared/runs';
import { MISSING, energyMethodName, formatBytes, formatDuration, formatInt, formatMemoryMb, plural } from '../../../shared/format';
import { statusTone, type Tone } from '../ui/status';

/** Fewer meter updates than this inside a prompt make its energy coarse (the lab's own threshold). */
export const MIN_METER_UPDATES = 10;

export const PHASE_LABELS: Record<RunPhase, string> = {
  preparing: 'Preparing',
  deploying: 'Deploying runner and model',
  cooling: 'Cooling down',
  loading: 'Loading the model',
  baseline: 'Idle baseline and warm-up',
  calibrating: 'Calibrating the fuel gauge',
  prompts: 'Running prompts',
  finishing: 'Storing the last results',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function isTerminalPhase(phase: RunPhase): boolean {
  return phase === 'done' || phase === 'failed' || phase === 'cancelled';
}

/** A phase still under way is "info"; one that ended has its status's tone. */
export function phaseTone(phase: RunPhase): Tone {
  return isTerminalPhase(phase) ? statusTone(phase) : 'info';
}

/** A tooltip for a run status. */
export function runStatusHelp(status: RunStatus): string {
  switch (status) {
    case 'running':
      return 'Measuring now (or the lab that ran it stopped before finishing it).';
    case 'done':
      return 'Every prompt ran and was stored.';
    case 'partial':
      return 'Some prompts failed or were not run; what ran is stored.';
    case 'failed':
      return 'The run stopped with an error; whatever was stored before it stays.';
    case 'cancelled':
      return 'Cancelled by the user; prompts finished before that are stored.';
  }
}

/** "about 12 s left"; counts down from the event's time; null when the lab has no estimate yet. */
export function etaText(etaMs: number | null, at: number, now: number): string | null {
  if (etaMs === null || !Number.isFinite(etaMs)) return null;
  const left = etaMs - Math.max(0, now - at);
  if (left <= 1500) return 'almost done';
  return `about ${formatDuration(left)} left`;
}

export interface ProgressView {
  phase: string;
  tone: Tone;
  /** 0..100 for the bar; null when there is nothing to measure progress against (an indeterminate bar). */
  percent: number | null;
  /** "1 of 2 prompts". */
  counts: string;
  eta: string | null;
  message: string;
  /** "12.3 of 40.0 MB" while deploying. */
  bytes: string | null;
  terminal: boolean;
}

export function progressView(p: RunProgress, now: number): ProgressView {
  const terminal = isTerminalPhase(p.phase);
  const total = Math.max(0, p.total);
  const done = Math.min(Math.max(0, p.done), total);
  let percent: number | null;
  if (p.phase === 'done') percent = 100;
  else if (total > 0 && (done > 0 || p.phase === 'prompts' || p.phase === 'finishing' || terminal)) percent = (100 * done) / total;
  else percent = null;
  const bytes =
    p.phase === 'deploying' && typeof p.bytesTotal === 'number' && p.bytesTotal > 0
      ? `${formatBytes(p.bytesDone ?? 0)} of ${formatBytes(p.bytesTotal)}`
      : null;
  return {
    phase: PHASE_LABELS[p.phase] ?? p.phase,
    tone: phaseTone(p.phase),
    percent,
    counts: `${formatInt(done)} of ${plural(total, 'prompt')}`,
    eta: terminal ? null : etaText(p.etaMs, p.at, now),
    message: p.message,
    bytes,
    terminal,
  };
}

/** Short names for table cells: "ODPM", "fuel gauge", "charge counter". */
export function methodShort(m: EnergyMethod | null | undefined): string {
  return m === 'odpm' ? 'ODPM' : energyMethodName(m);
}

/** What one "update" of a meter is called. */
export function meterUnit(m: EnergyMethod | null | undefined, n: number): string {
  const plural = n === 1 ? '' : 's';
  switch (m) {
    case 'odpm':
      return `ODPM read${plural}`;
    case 'charge-counter':
      return `charge-counter step${plural}`;
    default:
      return `gauge update${plural}`;
  }
}

export interface ResolutionView {
  /** "energy resolution: 7 ODPM reads". */
  text: string;
  coarse: boolean;
  /** The lab's own note on the figure, if any. */
  note: string | null;
}

/**
 * How finely a prompt's energy was measured. Prompts spanning fewer than ten meter updates are coarse: the page
 * says how many updates the figure rests on, as the lab asks.
 */
export function resolutionView(e: EnergyProvenance | null | undefined): ResolutionView | null {
  if (!e) return null;
  const coarse = e.updates < MIN_METER_UPDATES || e.resolutionNote !== null;
  return {
    text: `energy resolution: ${formatInt(e.updates)} ${meterUnit(e.method, e.updates)}`,
    coarse,
    note: e.resolutionNote,
  };
}

/** "ODPM power rails at 5 Hz" / "fuel gauge at 20 Hz". */
export function methodWithRate(m: EnergyMethod | null | undefined, hz: number | null | undefined): string {
  if (!m) return 'none (speed only)';
  if (typeof hz !== 'number' || !Number.isFinite(hz)) return energyMethodName(m);
  return `${energyMethodName(m)} at ${Number.isInteger(hz) ? hz : hz.toFixed(1)} Hz`;
}

export interface ModelView {
  id: string;
  name: string;
  size: string;
  /** "simulated definition", "real weights cached (int8)", ... */
  weights: string;
  cached: boolean;
  /** Whether this model can run on the given kind of phone right now, and if not why. */
  usable: boolean;
  note: string | null;
}

/**
 * A model as the picker shows it. Virtual phones run the simulated definition; real phones need real weights in the
 * lab's cache.
 */
export function modelView(m: ModelInfo, virtualDevice: boolean): ModelView {
  const cached = m.cachedQuants.length > 0;
  const parts: string[] = [];
  if (m.simulated) parts.push('simulated definition');
  parts.push(cached ? `real weights cached (${m.cachedQuants.join(', ')})` : 'real weights not cached');
  let usable: boolean;
  let note: string | null = null;
  if (virtualDevice) {
    usable = m.simulated;
    if (!usable) note = 'No simulated definition: a virtual phone cannot run it.';
  } else {
    usable = cached;
    if (!usable) {
      note = m.huggingFace
        ? `Download the weights first (${m.huggingFace.repo}, ${m.huggingFace.file}).`
        : 'No real weights in the lab cache.';
    }
  }
  return {
    id: m.id,
    name: m.name,
    size: formatMemoryMb(m.sizeMb),
    weights: parts.join(' · ') + (m.vision ? ' · vision' : ''),
    cached,
    usable,
    note,
  };
}

/** Run duration: finished − created, or elapsed so far for a running run. */
export function runDurationMs(run: Pick<RunSummary, 'createdAt' | 'finishedAt' | 'status'>, now: number): number | null {
  if (run.finishedAt !== null) return Math.max(0, run.finishedAt - run.createdAt);
  if (run.status === 'running') return Math.max(0, now - run.createdAt);
  return null;
}

/** Total gross energy of a run's measured windows (sum over its models), or null when none was measured. */
export function runEnergyJ(run: Pick<RunDetail, 'models'>): number | null {
  const js = run.models.map((m) => m.energyJ).filter((j): j is number => typeof j === 'number' && Number.isFinite(j));
  return js.length ? js.reduce((a, b) => a + b, 0) : null;
}

/** What a run is, in the lab's words: a quick run, or one device's part of a campaign. */
export function runKindText(kind: RunSummary['kind']): string {
  return kind === 'quick' ? 'quick run' : "one device's part of a campaign";
}

/** The device label used in runs: "Pixel 8 Pro (127.0.0.1:5555)". */
export function runDeviceLabel(run: Pick<RunSummary, 'deviceModel' | 'serial'>): string {
  return run.deviceModel ? `${run.deviceModel}` : run.serial;
}

/** Charging state as stored with the run ("charging:usb", "discharging", "input-suspended") in words. */
export function chargingStateText(s: string | null | undefined): string {
  if (!s) return MISSING;
  if (s === 'input-suspended') return 'charger input suspended (measured on battery)';
  if (s.startsWith('charging:')) return `charging (${s.slice('charging:'.length).toUpperCase()})`;
  if (s === 'not-charging') return 'plugged in, not charging';
  return s;
}

/** Pixels can suspend battery input (`setprop power.battery_input.suspended`); mirrors the lab's own test. */
export function looksLikePixel(facts: { brand: string; manufacturer: string; model: string } | null | undefined): boolean {
  if (!facts) return false;
  return /^google$/i.test(facts.brand) || /^google$/i.test(facts.manufacturer) || /Pixel/i.test(facts.model);
}
