/**
 * The IPC half of the API: one `ipcMain.handle` channel per contract method (never a generic invoke), each
 * checking that the sender is the lab's own window and page before the request reaches `dispatch`, which
 * validates it with the contract's zod schema.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { contractMethods, ipcChannel, LAB_EVENT_NAMES, type LabEvents, type LabHandlers } from '../../shared/contract';
import { dispatch } from '../api/dispatch';
import { toErrorBody } from '../api/error-map';
import type { LabEventBus } from '../api/events';

export interface IpcOptions {
  handlers: LabHandlers;
  events: LabEventBus;
  /** Is this the lab's window, showing the lab's own page? */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  /** The windows that receive events. */
  targets: () => WebContents[];
}

/** Errors cross IPC as plain objects: Electron would strip a thrown Error down to its message. */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ReturnType<typeof toErrorBody> };

export function registerIpc(opts: IpcOptions): () => void {
  const channels: string[] = [];
  for (const { domain, method } of contractMethods()) {
    const channel = ipcChannel(domain, method);
    channels.push(channel);
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcReply> => {
      if (!opts.isTrustedSender(event)) {
        return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame was refused' } };
      }
      try {
        return { ok: true, value: await dispatch(opts.handlers, domain, method, input, { caller: 'ipc' }) };
      } catch (err) {
        return { ok: false, error: toErrorBody(err) };
      }
    });
  }
  const forwarders = LAB_EVENT_NAMES.map((event) => {
    const listener = (payload: unknown) => {
      for (const wc of opts.targets()) if (!wc.isDestroyed()) wc.send(`lab:event:${event}`, payload);
    };
    opts.events.on(event, listener as (p: LabEvents[typeof event]) => void);
    return { event, listener };
  });
  return () => {
    for (const c of channels) ipcMain.removeHandler(c);
    for (const { event, listener } of forwarders) opts.events.off(event, listener as (p: LabEvents[typeof event]) => void);
  };
}
