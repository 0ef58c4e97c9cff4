/**
 * The one API contract between the lab core and every client (Electron renderer over IPC, browser over HTTP, the
 * CLI in process, tests). Each domain's methods live in src/shared/api/<domain>.ts: a zod schema for the request,
 * checked where the request enters the core (src/main/api/dispatch.ts), and a response type. Adding a method there
 * makes the preload, the HTTP server, the CLI's client and the renderer client all grow it, and the typecheck
 * fails wherever an implementation is missing.
 */
import type { z } from 'zod';
import type { Method } from './api/method';
import { labMethods } from './api/lab';
import { devicesEvents, devicesMethods, type DevicesEvents } from './api/devices';
import { runsEvents, runsMethods, type RunsEvents } from './api/runs';
import { campaignsEvents, campaignsMethods, type CampaignsEvents } from './api/campaigns';
import { datasetsMethods } from './api/datasets';
import { profilesEvents, profilesMethods, type ProfilesEvents } from './api/profiles';
import { strategiesMethods } from './api/strategies';
import { compareEvents, compareMethods, type CompareEvents } from './api/compare';
import { settingsEvents, settingsMethods, type SettingsEvents } from './api/settings';
import { benchmarkEvents, benchmarkMethods, type BenchmarkEvents } from './api/benchmark';

export { method, type Method } from './api/method';
export type { LabInfo } from './api/lab';
export { networkAddressSchema, serialSchema, type ConnectResult } from './api/devices';
export { campaignIdSchema, modelIdSchema, runIdSchema, runOrCampaignIdSchema } from './api/ids';
export { promptInputSchema, quickRunSchema } from './api/runs';

export const contract = {
  lab: labMethods,
  devices: devicesMethods,
  runs: runsMethods,
  campaigns: campaignsMethods,
  datasets: datasetsMethods,
  profiles: profilesMethods,
  strategies: strategiesMethods,
  compare: compareMethods,
  settings: settingsMethods,
  benchmark: benchmarkMethods,
} as const;

export type Contract = typeof contract;
export type Domain = keyof Contract;
export type MethodName<D extends Domain> = keyof Contract[D] & string;

type InputOf<M> = M extends Method<infer I, unknown> ? z.input<I> : never;
type ParsedInputOf<M> = M extends Method<infer I, unknown> ? z.output<I> : never;
type OutputOf<M> = M extends Method<z.ZodType, infer O> ? O : never;

/** The request a client sends to `domain.method` (before defaults), and what the core's handler receives. */
export type RequestOf<D extends Domain, M extends MethodName<D>> = InputOf<Contract[D][M]>;
export type ParsedRequestOf<D extends Domain, M extends MethodName<D>> = ParsedInputOf<Contract[D][M]>;
export type ResponseOf<D extends Domain, M extends MethodName<D>> = OutputOf<Contract[D][M]>;

/** What a client calls: `api.devices.list({})`. */
export type LabApi = {
  [D in Domain]: { [M in MethodName<D>]: (input: InputOf<Contract[D][M]>) => Promise<OutputOf<Contract[D][M]>> };
};

/**
 * Which transport a request came in through, set by the transport itself (never by the request): the CLI's own
 * process, the Electron window over IPC, or HTTP (`aurora-lab serve`). Methods that take a host path trust it
 * only from 'cli' and 'ipc'; over HTTP they keep to the lab home's folders.
 */
export type CallerKind = 'cli' | 'ipc' | 'http';
export interface CallContext {
  caller: CallerKind;
}

/** What the core implements: receives already validated input (and, where it matters, who called: absent = 'http'). */
export type LabHandlers = {
  [D in Domain]: { [M in MethodName<D>]: (input: ParsedInputOf<Contract[D][M]>, ctx?: CallContext) => Promise<OutputOf<Contract[D][M]>> };
};

/** Events pushed from the core to every client. */
export interface LabEvents extends DevicesEvents, RunsEvents, CampaignsEvents, ProfilesEvents, CompareEvents, SettingsEvents, BenchmarkEvents {}
export type LabEventName = keyof LabEvents;
export const LAB_EVENT_NAMES: LabEventName[] = [...devicesEvents, ...runsEvents, ...campaignsEvents, ...profilesEvents, ...compareEvents, ...settingsEvents, ...benchmarkEvents];

/** A client: the API plus a subscription to events. `on` returns an unsubscribe function. */
export interface LabClient extends LabApi {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
}

/** Every `domain.method` pair, for transports that register one channel or route per method. */
export function contractMethods(): Array<{ domain: Domain; method: string }> {
  return (Object.keys(contract) as Domain[]).flatMap((domain) => Object.keys(contract[domain]).map((m) => ({ domain, method: m })));
}

/**
 * A LabApi over any transport: `call(domain, method, input)` for every contract method (HTTP, IPC, or the core's
 * dispatch in process). The one place the contract's shape is asserted over a generic call.
 */
export function apiFromCall(call: (domain: Domain, method: string, input: unknown) => Promise<unknown>): LabApi {
  const api = Object.fromEntries(
    (Object.keys(contract) as Domain[]).map((domain) => [domain, Object.fromEntries(Object.keys(contract[domain]).map((m) => [m, (input: unknown) => call(domain, m, input)]))]),
  );
  return api as unknown as LabApi;
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
