/**
 * What measuring one model on one phone takes and gives back (measure-model.ts runs the steps). Shared by quick
 * runs and campaigns: the caller owns the run and run_models rows; measuring stores prompt results, samples,
 * thermal readings and the model's figures (load, baseline, calibration, file hashes, energy window).
 */
import type { DeviceFacts } from '../../../shared/devices';
import type { EnergyMethod, PromptResult, RunPhase, RunProgress } from '../../../shared/runs';
import type { PromptItem } from '../../datasets/types';
import type { DeviceBridge } from '../../devices/types';
import type { RunnerErrorCode } from '../../runner/errors';
import type { RunnerSession } from '../../runner/session';
import type { RunRepository } from '../repository';

/** Test and bench hooks that are not part of the API. */
export interface MeasureInternals {
  /** Extra env for the simulated engine (AURORA_SIM_CRASH_AFTER, AURORA_SIM_TIME_SCALE...). */
  simEnv?: Record<string, string>;
  /** Where models come from (default resources/runner/models). */
  resourcesDir?: string;
  /** Restarts allowed after a runner crash (default 1). */
  maxRestarts?: number;
  /** ODPM poll period (default 200 ms). */
  odpmIntervalMs?: number;
  /** Per-prompt timeout (default 10 min). */
  promptTimeoutMs?: number;
  /** Max tokens of the warm-up prompts (default WARMUP_MAX_TOKENS) and of the calibration load (default 48). */
  warmupMaxTokens?: number;
  /** Skip the stored calibration and calibrate again. */
  recalibrate?: boolean;
  /** Thermal monitor period (default 2000 ms). */
  thermalIntervalMs?: number;
  /** Called with every session (tests: to inject faults). */
  onSession?: (s: RunnerSession) => void;
  /** Called when a prompt became the one the runner works on (tests: to unplug mid-prompt). */
  onPromptSent?: (index: number) => void;
  /**
   * Prompts written to the runner ahead of the one it runs (default 1). 0 writes each prompt only once the one
   * before it answered: the lab's round trip then sits between prompts (the benches' baseline).
   */
  promptLookahead?: 0 | 1;
}

/** One prompt to measure: where it goes in the run (unique per run) and which repetition it is. */
export interface MeasureJob {
  position: number;
  item: PromptItem;
  rep: number | null;
}

export interface MeasureContext {
  bridge: DeviceBridge;
  store: RunRepository;
  home: string;
  device: { serial: string; facts: DeviceFacts; model: string | null };
  signal?: AbortSignal;
  internals?: MeasureInternals;
  emitResult: (r: PromptResult) => void;
  /** Phase changes and messages; `stored` is true when a prompt result was just stored. */
  onProgress: (phase: RunPhase, message: string, extra?: Partial<RunProgress> & { stored?: boolean }) => void;
  /** Live readings while prompts run: power (W), decode speed of the last prompt, temperature. */
  onLive?: (live: LiveReading) => void;
  warn: (w: string) => void;
}

export interface LiveReading {
  powerW: number | null;
  tokensPerSec: number | null;
  tempC: number | null;
  /** Host wall time of the last prompt, ms. */
  promptWallMs: number | null;
}

export interface MeasureSpec {
  runId: string;
  runModelId: number;
  modelId: string;
  method: EnergyMethod;
  /** Runner sampler rate (Hz). */
  sampleHz: number;
  maxTokens: number;
  idleBaselineMs: number;
  cooldown: { maxTempC: number; timeoutMs: number };
  /** Discarded prompts before measuring (a first fuel-gauge calibration runs one anyway). */
  warmups: number;
  /** Store the warm-up prompts in warmup_results (campaigns), marked as such. */
  recordWarmups?: boolean;
  jobs: MeasureJob[];
  /**
   * true (campaigns): a prompt cut short by a lost phone is NOT stored: it is run again when the phone is back.
   * false (quick runs): it is stored as failed.
   */
  retryLostPrompts?: boolean;
  /** Asked before each prompt; 'stop' ends the model here (pause), everything measured so far stored. */
  beforePrompt?: () => 'go' | 'stop';
}

/** Why measuring the model ended. */
export type MeasureStop = 'done' | 'cancelled' | 'device-lost' | 'runner-failed' | 'error' | 'stopped';

export interface MeasureOutcome {
  stop: MeasureStop;
  error: string | null;
  errorCode: RunnerErrorCode | null;
  results: PromptResult[];
  /** Prompts of the spec not run (or not stored): what a caller can retry. */
  remaining: MeasureJob[];
  modelWindow: { from: number; to: number; energyJ: number | null } | null;
  idleBaselineW: number | null;
  calibrationId: number | null;
  /** Runner restarts used after crashes. */
  restarts: number;
  /** Sum of the engine's total_ms over the stored prompts (on-device time). */
  onDeviceMs: number;
  loadMs: number | null;
}

/**
 * A warm-up's size. What a first prompt pays (weights paged in from flash, caches, the CPU governor's frequency
 * ramp, which takes tens of ms) any prefill pays, however short: it reads every weight; and each decode step reads
 * every weight once: a few steps warm the decode path as well as 48 do. More was phone time spent on nothing but heat
 * (bench/campaigns/overhead.ts: the warm-ups were 45 % of a model's setup). A first fuel-gauge calibration keeps
 * the long prompt and 48 tokens: its prefill is the load window.
 */
export const WARMUP_MAX_TOKENS = 8;

const WARMUP_INTRO = 'Summarise the following notes in one sentence. ';
const WARMUP_NOTES =
  'On-device language models trade accuracy for latency and energy. A router picks, per prompt, the smallest model that is likely ' +
  'to answer well, so most prompts run on a small model and only hard ones reach a larger one. Measuring each model on the phone ' +
  'itself matters because phones differ in their CPUs, memory bandwidth, thermal headroom and battery behaviour, and because the ';
const WARMUP_LAST = 'same model can run twice as fast on one phone as on another. ';

/** A long, fixed prompt: its prefill is a dependable load window for calibration. */
export const WARMUP_TEXT = WARMUP_INTRO + WARMUP_NOTES + WARMUP_LAST.repeat(4);

/** The warm-up prompt (WARMUP_MAX_TOKENS): the notes' first sentence. */
export const WARMUP_PROMPT = `${WARMUP_INTRO}On-device language models trade accuracy for latency and energy.`;
