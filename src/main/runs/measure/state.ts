/**
 * The one state object the measuring steps share (measure-model.ts runs them in order): the meters, the runner
 * session, what is pending storage, and how it ended. Each step reads and advances it; nothing else holds state.
 */
import type { PromptResult } from '../../../shared/runs';
import { EnergyAccountant } from '../../power/accountant';
import type { BusyWindow } from '../../power/attribution';
import { BootClockMapper } from '../../power/boot-clock';
import type { ThermalMonitor } from '../../power/conditions';
import type { OdpmPoller } from '../../power/odpm';
import type { RunnerErrorCode } from '../../runner/errors';
import type { ResultMessage } from '../../runner/protocol';
import type { RunnerSession } from '../../runner/session';
import type { MeasureContext, MeasureInternals, MeasureJob, MeasureSpec, MeasureStop } from './types';

/** A prompt answered (or failed) but not stored yet: it waits until the meter has reported past its end. */
export interface Pending {
  job: MeasureJob;
  result: ResultMessage | null;
  error: string | null;
  tStart: number | null;
  tEnd: number | null;
}

export interface MeasureState {
  readonly ctx: MeasureContext;
  readonly spec: MeasureSpec;
  readonly internals: MeasureInternals;
  readonly simulated: boolean;
  readonly mapper: BootClockMapper;
  readonly acct: EnergyAccountant;
  session: RunnerSession | null;
  odpm: OdpmPoller | null;
  thermal: ThermalMonitor | null;
  /** How to start (and restart) the runner: the model on the phone and the engine's env. */
  launch: { modelPath: string; env: Record<string, string> } | null;
  /** Boot-clock window of the idle baseline. */
  baseline: { from: number; to: number } | null;
  /** Prompt windows on the boot clock (warm-ups too): not idle for the attribution. */
  readonly busy: BusyWindow[];
  /** Boot-clock start of the prompt in flight. */
  inflightFrom: number | null;
  readonly pending: Pending[];
  readonly results: PromptResult[];
  readonly notStored: Set<MeasureJob>;
  /** How much of the meters' readings and the thermal monitor's has been stored. */
  saved: { samples: number; odpm: number; thermal: number };
  calibrationId: number | null;
  chargingWarned: boolean;
  /** Energy-flag kinds already said in the run's warnings (once per kind). */
  readonly flagsWarned: Set<string>;
  stop: MeasureStop;
  error: string | null;
  errorCode: RunnerErrorCode | null;
  restarts: number;
  loadMs: number | null;
  onDeviceMs: number;
  lastTps: number | null;
  lastWall: number | null;
}

export function createState(ctx: MeasureContext, spec: MeasureSpec): MeasureState {
  const internals = ctx.internals ?? {};
  const { method, sampleHz } = spec;
  return {
    ctx,
    spec,
    internals,
    simulated: ctx.device.facts.virtual,
    mapper: new BootClockMapper(),
    acct: new EnergyAccountant(method, method === 'odpm' ? 1000 / (internals.odpmIntervalMs ?? 200) : sampleHz, ctx.device.facts.energySources.chargeCounterCalibration?.uahPerUnit),
    session: null,
    odpm: null,
    thermal: null,
    launch: null,
    baseline: null,
    busy: [],
    inflightFrom: null,
    pending: [],
    results: [],
    notStored: new Set(spec.jobs),
    saved: { samples: 0, odpm: 0, thermal: 0 },
    calibrationId: null,
    chargingWarned: false,
    flagsWarned: new Set(),
    stop: 'done',
    error: null,
    errorCode: null,
    restarts: 0,
    loadMs: null,
    onDeviceMs: 0,
    lastTps: null,
    lastWall: null,
  };
}

/** A finite number from the engine's JSON, else null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
