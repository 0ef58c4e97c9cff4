/**
 * The one API contract between the lab core and every client (Electron renderer over IPC, browser over HTTP,
 * tests). Each method has a zod schema for its request, checked where the request enters the core, and a
 * response type. Adding a method here makes the preload, the HTTP server and the renderer client all grow it,
 * and the typecheck fails wherever an implementation is missing.
 */
import { z } from 'zod';
import type { AdbInfo, CaptureResult, DeviceStatus, DeviceSummary } from './devices';
import type { ModelInfo, PowerTimeline, PromptResult, RunDetail, RunProgress, RunSummary } from './runs';

import { method, type Method } from './api/method';
import { campaignsEvents, campaignsMethods, type CampaignsEvents } from './api/campaigns';
import { profilesEvents, profilesMethods, type ProfilesEvents } from './api/profiles';
import { compareEvents, compareMethods, type CompareEvents } from './api/compare';
import { settingsEvents, settingsMethods, type SettingsEvents } from './api/settings';

export { method, type Method } from './api/method';

/** `host:port` as adb accepts it for network devices. Hostnames or IPv4; port 1-65535. */
export const networkAddressSchema = z
  .string()
  .trim()
  .min(1, 'Enter an address as host:port, e.g. 192.168.1.20:5555')
  .max(255)
  .refine((s) => /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$/.test(s), {
    message: 'Use host:port with a hostname or IPv4 address, e.g. 192.168.1.20:5555',
  })
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'The port must be between 1 and 65535');

/** A device serial as adb prints it; limited to characters adb uses so it can never carry shell syntax. */
export const serialSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:\-[\]]+$/, 'A serial has only letters, digits and . _ : - [ ]');

const empty = z.object({}).strict();

/** A model id of the catalogue (`qwen-600m`) or a custom simulated definition's folder name. */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'A model id has lower-case letters, digits and . _ - (e.g. qwen-600m)');

export const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a run id');

export const promptInputSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    text: z.string().min(1, 'A prompt cannot be empty').max(100_000),
    choices: z.tuple([z.string(), z.string(), z.string(), z.string()]).optional(),
    answer: z.enum(['A', 'B', 'C', 'D']).optional(),
    subject: z.string().max(200).optional(),
  })
  .strict();

export const quickProfileSchema = z
  .object({
    serial: serialSchema,
    model: modelIdSchema,
    prompts: z.array(promptInputSchema).min(1, 'Give at least one prompt').max(500),
    /** Runner sampler rate for the fuel gauge, Hz (default 20). */
    sampleHz: z.number().int().min(1).max(200).optional(),
    energyMethod: z.enum(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).optional(),
    /** Pixels: `setprop power.battery_input.suspended true` while measuring, restored afterwards. */
    suspendCharging: z.boolean().optional(),
    maxTokens: z.number().int().min(1).max(4096).optional(),
    /** Idle baseline window before the prompts, ms (default 3000). */
    idleBaselineMs: z.number().int().min(500).max(120_000).optional(),
    /** Cool-down gate before the model: wait until battery and skin are under maxTempC. */
    cooldown: z
      .object({ maxTempC: z.number().min(20).max(60), timeoutMs: z.number().int().min(0).max(3_600_000) })
      .strict()
      .optional(),
    /** Run a throwaway prompt before measuring (also the load window of a first calibration). Default true. */
    warmup: z.boolean().optional(),
  })
  .strict();

export interface LabInfo {
  version: string;
  labHome: string;
  databasePath: string;
  schemaVersion: number;
  adb: AdbInfo;
  /** 'electron' when served over IPC, 'http' for `aurora-lab serve`. */
  host: 'electron' | 'http';
}

export interface ConnectResult {
  serial: string;
  message: string;
}

export const contract = {
  lab: {
    info: method<LabInfo>()(empty),
  },
  devices: {
    list: method<DeviceSummary[]>()(empty),
    get: method<DeviceSummary>()(z.object({ serial: serialSchema }).strict()),
    /** Status readings stored for a device, oldest first. */
    history: method<DeviceStatus[]>()(
      z
        .object({
          serial: serialSchema,
          sinceMs: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(10_000).optional(),
        })
        .strict(),
    ),
    connect: method<ConnectResult>()(z.object({ address: networkAddressSchema }).strict()),
    disconnect: method<{ message: string }>()(z.object({ address: networkAddressSchema }).strict()),
    /** Probe again (facts change after an OS update, or the first probe failed). */
    reprobe: method<DeviceSummary>()(z.object({ serial: serialSchema }).strict()),
    /**
     * Saves what the lab reads from the phone (getprop, /proc, dumpsys battery/thermalservice/powerstats, the ODPM
     * dumps, power-supply nodes, thermal zones) and a few seconds of power readings into a new folder, for a bug
     * report or `aurora-lab virtual-phone --replay DIR`. Default folder: `<lab home>/captures/<serial>-<time>`.
     */
    capture: method<CaptureResult>()(
      z
        .object({
          serial: serialSchema,
          outDir: z.string().min(1).max(4096).optional(),
          seconds: z.number().int().min(1).max(60).optional(),
        })
        .strict(),
    ),
  },
  runs: {
    /** The model catalogue: shipped simulated definitions and cached real weights. */
    models: method<ModelInfo[]>()(empty),
    /**
     * Starts a Quick profile (load a model, idle baseline, prompts, store) and answers at once with its id;
     * follow it with `runs.progress` / `runs.result` events, then `runs.get` / `runs.results`.
     */
    quickProfile: method<{ runId: string }>()(quickProfileSchema),
    /** Stops a running run after the prompt in flight; what was stored stays. */
    cancel: method<{ cancelled: boolean }>()(z.object({ runId: runIdSchema }).strict()),
    get: method<RunDetail>()(z.object({ runId: runIdSchema }).strict()),
    list: method<RunSummary[]>()(
      z.object({ serial: serialSchema.optional(), limit: z.number().int().positive().max(1000).optional() }).strict(),
    ),
    /** Per-prompt figures of a run, in order. */
    results: method<PromptResult[]>()(z.object({ runId: runIdSchema }).strict()),
    /** Power over time with prompt boundaries, downsampled to at most maxPoints points. */
    powerTimeline: method<PowerTimeline>()(
      z.object({ runId: runIdSchema, maxPoints: z.number().int().min(10).max(100_000).optional() }).strict(),
    ),
  },
  // Each later domain lives in its own file under src/shared/api/.
  campaigns: campaignsMethods,
  profiles: profilesMethods,
  compare: compareMethods,
  settings: settingsMethods,
} as const;

export type Contract = typeof contract;
export type Domain = keyof Contract;
export type MethodName<D extends Domain> = keyof Contract[D] & string;

type InputOf<M> = M extends Method<infer I, unknown> ? z.input<I> : never;
type ParsedInputOf<M> = M extends Method<infer I, unknown> ? z.output<I> : never;
type OutputOf<M> = M extends Method<z.ZodType, infer O> ? O : never;

/** What a client calls: `api.devices.list({})`. */
export type LabApi = {
  [D in Domain]: { [M in MethodName<D>]: (input: InputOf<Contract[D][M]>) => Promise<OutputOf<Contract[D][M]>> };
};

/** What the core implements: receives already validated input. */
export type LabHandlers = {
  [D in Domain]: { [M in MethodName<D>]: (input: ParsedInputOf<Contract[D][M]>) => Promise<OutputOf<Contract[D][M]>> };
};

/** Events pushed from the core to every client. */
export interface LabEvents extends CampaignsEvents, ProfilesEvents, CompareEvents, SettingsEvents {
  'devices.changed': DeviceSummary[];
  'devices.status': DeviceStatus;
  /** A run moved on (phase, prompts done/total, ETA). */
  'runs.progress': RunProgress;
  /** A prompt result was stored. */
  'runs.result': PromptResult;
}
export type LabEventName = keyof LabEvents;
export const LAB_EVENT_NAMES: LabEventName[] = [
  'devices.changed',
  'devices.status',
  'runs.progress',
  'runs.result',
  ...campaignsEvents,
  ...profilesEvents,
  ...compareEvents,
  ...settingsEvents,
];

/** A client: the API plus a subscription to events. `on` returns an unsubscribe function. */
export interface LabClient extends LabApi {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
}

/** Every `domain.method` pair, for transports that register one channel or route per method. */
export function contractMethods(): Array<{ domain: Domain; method: string }> {
  return (Object.keys(contract) as Domain[]).flatMap((domain) =>
    Object.keys(contract[domain]).map((m) => ({ domain, method: m })),
  );
}

/** The IPC channel name for a method: one channel per intent, never a generic invoke. */
export function ipcChannel(domain: string, methodName: string): string {
  return `lab:${domain}.${methodName}`;
}

/** Errors that cross the API carry a code a client can act on and a message a person can read. */
export interface LabErrorBody {
  code: 'bad-request' | 'not-found' | 'unavailable' | 'failed' | 'unauthorized';
  message: string;
  /** For bad requests: which fields were wrong. */
  issues?: Array<{ path: string; message: string }>;
}
