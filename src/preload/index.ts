/**
 * Exposes `window.lab` to the sandboxed renderer: one function per contract method, grouped by domain
 * (`lab.devices.list()`), and `lab.on(event, fn)`. The renderer never gets ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { contract, ipcChannel, LAB_EVENT_NAMES, type LabClient, type LabEventName } from '../shared/contract';

type IpcReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

class LabIpcError extends Error {
  constructor(readonly body: { code: string; message: string }) {
    super(body.message);
  }
}

const api: Record<string, unknown> = {};
for (const domain of Object.keys(contract) as Array<keyof typeof contract>) {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(contract[domain])) {
    const channel = ipcChannel(domain, method);
    methods[method] = async (input: unknown) => {
      const reply = (await ipcRenderer.invoke(channel, input)) as IpcReply;
      if (!reply.ok) throw new LabIpcError(reply.error);
      return reply.value;
    };
  }
  api[domain] = methods;
}

api.on = (event: LabEventName, listener: (payload: unknown) => void) => {
  if (!LAB_EVENT_NAMES.includes(event)) throw new Error(`Unknown lab event ${String(event)}`);
  const channel = `lab:event:${event}`;
  const wrapped = (_e: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

contextBridge.exposeInMainWorld('lab', api as unknown as LabClient);
