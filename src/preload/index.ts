/**
 * Exposes `window.lab` to the sandboxed renderer: one function per contract method, grouped by domain
 * (`lab.devices.list()`), and `lab.on(event, fn)`. The renderer never gets ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { contract, ipcChannel, LAB_EVENT_NAMES, type LabClient, type LabEventName } from '../shared/contract';

type IpcReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * contextBridge copies only an error's message to the page, so the code travels as a `[code] ` prefix that the
 * renderer's describeError reads back.
 */
function ipcError(body: { code: string; message: string }): Error {
  return new Error(`[${body.code}] ${body.message}`);
}

const api: Record<string, unknown> = {};
for (const domain of Object.keys(contract) as Array<keyof typeof contract>) {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(contract[domain])) {
    const channel = ipcChannel(domain, method);
    methods[method] = async (input: unknown) => {
      const reply = (await ipcRenderer.invoke(channel, input)) as IpcReply;
      if (!reply.ok) throw ipcError(reply.error);
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
