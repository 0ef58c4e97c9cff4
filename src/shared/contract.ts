/**
 * The one API contract between the lab core and every client (Electron renderer over IPC, browser over HTTP,
 * tests). Each method has a zod schema for its request, checked where the request enters the core, and a
 * response type. Adding a method here makes the preload, the HTTP server and the renderer client all grow it,
 * and the typecheck fails wherever an implementation is missing.
 */
import { z } from 'zod';
import type { AdbInfo, DeviceStatus, DeviceSummary } from './devices';

/** A method of the contract: a request schema and (type-only) response. */
export interface Method<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the response type; never read at run time. */
  output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): Method<I, O> => ({ input });
}

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
  },
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
export interface LabEvents {
  'devices.changed': DeviceSummary[];
  'devices.status': DeviceStatus;
}
export type LabEventName = keyof LabEvents;
export const LAB_EVENT_NAMES: LabEventName[] = ['devices.changed', 'devices.status'];

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
