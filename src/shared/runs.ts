/**
 * Runs as the core, the API and the renderer see them: a quick run (one model on one phone) or one device's part
 * of a campaign. Plain types and constant lists only: no runtime imports (the renderer bundles this file).
 *
 * Times: `*At` fields are epoch milliseconds (host clock); `t*Ms` fields are the PHONE's boot clock in
 * milliseconds (CLOCK_BOOTTIME; on virtual phones the phone's own boot clock), the clock the runner stamps its
 * results and power samples with, so prompt boundaries and power line up exactly.
 */

/** How an energy figure was obtained, best first. */
export const ENERGY_METHODS = ['odpm', 'fuel-gauge', 'charge-counter'] as const;
export type EnergyMethod = (typeof ENERGY_METHODS)[number];
/** What the caller asks for: `auto` picks the best source the device offers under the current conditions. */
export type EnergyMethodChoice = 'auto' | EnergyMethod;

export const RUN_KINDS = ['quick', 'campaign'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_STATUSES = ['running', 'done', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_MODEL_STATUSES = ['pending', 'running', 'done', 'partial', 'failed'] as const;
export type RunModelStatus = (typeof RUN_MODEL_STATUSES)[number];
export const RUN_PHASES = ['preparing', 'deploying', 'cooling', 'loading', 'baseline', 'calibrating', 'prompts', 'finishing', 'done', 'failed', 'cancelled'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** A model the lab can run: the shipped simulated definition, and real weights when they are in the cache. */
export interface ModelInfo {
  id: string;
  /** e.g. "Qwen3-0.6B INT8". */
  name: string;
  /** Gemma 3, LFM2, LFM2-VL, SmolLM2, Qwen3; 'local folder' (--model-dir) or 'custom' (a simulated definition only). */
  family: string;
  sizeMb: number;
  vision: boolean;
  /** text, tools, embed, vision (the seed router's capability names). */
  capabilities: string[];
  /** The catalogue, a folder registered with --model-dir, or only a simulated definition shipped with the lab. */
  source: 'catalogue' | 'local' | 'simulated-definition';
  /** A simulated definition ships with the lab (used on virtual phones). */
  simulated: boolean;
  /** Real Cactus weights in the lab's cache, per quantisation (used on real phones). */
  cachedQuants: string[];
  /** Hugging Face source of the real weights, when known. */
  huggingFace: { repo: string; file: string } | null;
}

/** One prompt as a client sends it. With `choices` + `answer`, the reply is scored. */
export interface PromptInput {
  id?: string;
  text: string;
  choices?: [string, string, string, string];
  answer?: 'A' | 'B' | 'C' | 'D';
  subject?: string;
}

/** Live progress of a run (event `runs.progress`). */
export interface RunProgress {
  runId: string;
  serial: string;
  phase: RunPhase;
  /** Prompts finished (stored) so far, over all models of the run. */
  done: number;
  total: number;
  /** Estimated time to finish, ms; null until a prompt has been timed. */
  etaMs: number | null;
  /** What is going on, in words (e.g. "Cooling down: skin 41.2 C > 38 C"). */
  message: string;
  modelId: string | null;
  /** Deployment progress, when deploying. */
  bytesDone?: number;
  bytesTotal?: number;
  at: number;
}

/** The figures behind one energy number: how it was measured and how finely. */
export interface EnergyProvenance {
  method: EnergyMethod;
  /** Runner sampler rate (fuel gauge) or ODPM poll rate, Hz. */
  sampleHz: number | null;
  /** Samples (fuel-gauge reads or ODPM dumps) inside the prompt's window. */
  sampleCount: number;
  /** Distinct meter updates (gauge updates / ODPM reads) the prompt spans: its resolution. */
  updates: number;
  /** Set when the figure is coarse: fewer than 10 updates, partial coverage, ... */
  resolutionNote: string | null;
}

/** Why a prompt's energy is not a measurement (kept out of every energy figure; its figures stay in the flag). */
export const ENERGY_FLAG_KINDS = ['meter-gap', 'below-idle'] as const;
export type EnergyFlagKind = (typeof ENERGY_FLAG_KINDS)[number];
export interface EnergyFlag {
  kind: EnergyFlagKind;
  /** In words, with the figures behind it (the gap's length and the meter's period, or the power vs the idle baseline). */
  reason: string;
  /** What the window integrated to, gross and net (not a measurement: shown only beside the reason). */
  energyJ: number | null;
  netEnergyJ: number | null;
}

export interface PromptResult {
  id: number;
  runId: string;
  runModelId: number;
  modelId: string;
  /** Position in the run (0-based). */
  index: number;
  promptId: string;
  prompt: string;
  ok: boolean;
  error: string | null;
  /** Boot-clock window of the request (the runner's stamps around cactus_complete). */
  tStartMs: number | null;
  tEndMs: number | null;
  /** The engine's own figures, copied exactly. */
  ttftMs: number | null;
  prefillTps: number | null;
  decodeTps: number | null;
  totalMs: number | null;
  prefillTokens: number | null;
  outputTokens: number | null;
  peakRamMb: number | null;
  /** Gross energy of the window, and net of the idle baseline measured right before the model. */
  energyJ: number | null;
  netEnergyJ: number | null;
  avgPowerW: number | null;
  energyPerTokenJ: number | null;
  energy: EnergyProvenance | null;
  tempStartC: number | null;
  tempEndC: number | null;
  /** Highest thermal status seen during the prompt (0 none .. 6 shutdown). */
  thermalStatus: number | null;
  throttled: boolean;
  /** Why the prompt was flagged throttled (thermal status, CPU frequency while busy); null when not flagged. */
  throttleReason?: string | null;
  response: string | null;
  /** Extracted answer letter and correctness, when the prompt had an answer key. */
  extracted: string | null;
  correct: boolean | null;
  simulated: boolean;
  createdAt: number;
  /** Campaigns: the repetition (0-based); null/absent for a quick run. */
  rep?: number | null;
  /** Campaigns: the prompt's subject, its answer key, and whether the reply named no single letter. */
  subject?: string | null;
  answer?: string | null;
  unparsable?: boolean | null;
  /** The engine's reply text was repaired (invalid UTF-8 made U+FFFD, or cut at a NUL): raw_json's `repairs` says how. */
  repaired?: true;
  /** The engine answered from the cloud: failed, not scored (never an on-device figure). */
  cloudHandoff?: true;
  /** Set when the window's energy is not a measurement: a meter gap nulls every energy field, below idle the net ones. */
  energyFlag?: EnergyFlag | null;
}

export interface RunModelSummary {
  id: number;
  runId: string;
  modelId: string;
  status: RunModelStatus;
  error: string | null;
  loadMs: number | null;
  rssMb: number | null;
  /** What rssMb measures (the runner's VmRSS right after load, not the model's peak RAM), and on a virtual phone why it is small. */
  rssMethod?: string | null;
  idleBaselineW: number | null;
  calibrationId: number | null;
  /** Energy of the model's measured window (first prompt start .. last prompt end), gross. */
  energyJ: number | null;
  tFirstMs: number | null;
  tLastMs: number | null;
  fileHashes: Record<string, string>;
  warnings: string[];
}

export interface RunSummary {
  id: string;
  kind: RunKind;
  status: RunStatus;
  serial: string;
  deviceModel: string | null;
  modelIds: string[];
  energyMethod: EnergyMethod | null;
  simulated: boolean;
  createdAt: number;
  finishedAt: number | null;
  promptCount: number;
  error: string | null;
  /** The campaign this run belongs to (one run per device), when it is part of one. */
  campaignId?: string | null;
}

/** The conditions a run was measured under (recorded when it started; a resumed campaign adds warnings). */
export interface RunConditions {
  fingerprint: string | null;
  androidRelease: string | null;
  runnerVersion: string | null;
  engineVersion: string | null;
  sampleHz: number | null;
  chargingState: string | null;
  screenState: string | null;
  batteryLevel: number | null;
  tempStartC: number | null;
  thermalStatusStart: number | null;
}

export interface RunDetail extends RunSummary, RunConditions {
  models: RunModelSummary[];
  warnings: string[];
}

export interface PowerPoint {
  /** Boot-clock ms. */
  t: number;
  watts: number;
}

export interface PromptBoundary {
  resultId: number;
  index: number;
  modelId: string;
  tStartMs: number;
  tEndMs: number;
  ok: boolean;
}

/** Power over time for a chart, with prompt boundaries to mark. */
export interface PowerTimeline {
  runId: string;
  method: EnergyMethod | null;
  /** The reconstructed power steps (gauge updates or ODPM intervals), downsampled to at most maxPoints. */
  points: PowerPoint[];
  prompts: PromptBoundary[];
  /** Idle baseline per model, for a reference line. */
  baselines: Array<{ modelId: string; watts: number; tFromMs: number; tToMs: number }>;
  thermal: Array<{ t: number; status: number | null; tempC: number | null }>;
  /**
   * How the points were made (power/timeline.ts): the meter's update period (median interval, ms), the stretches
   * without readings (drawn as gaps, never joined), and how many too-short intervals were folded into a neighbour
   * (reads closer than half the period are not power). Absent from servers older than these fields.
   */
  meterPeriodMs?: number | null;
  gaps?: Array<{ from: number; to: number }>;
  merged?: number;
}
