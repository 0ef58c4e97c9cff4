import { BrowserWindow, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCsp } from '../server/csp';
import { APP_ENTRY_URL, isAppPageUrl } from './policy/app-protocol';
import { isAllowedExternalUrl } from './policy/external-links';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DEV_URL = process.env.ELECTRON_RENDERER_URL;
/** The built renderer, served as app://lab (protocol.ts). */
export const RENDERER_ROOT = join(here, '../renderer');

/** The page the window is allowed to show: the built renderer on app://lab, or the dev server in `npm run dev`. */
export function isLabPage(url: string): boolean {
  try {
    if (RENDERER_DEV_URL && new URL(url).origin === new URL(RENDERER_DEV_URL).origin) return true;
  } catch {
    return false;
  }
  return isAppPageUrl(url);
}

export function isTrustedSender(windows: () => BrowserWindow[]) {
  return (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return windows().some((w) => w.webContents.id === event.sender.id) && isLabPage(frame.url);
  };
}

/** Electron's security checklist: isolation, sandbox, no Node in the page, no navigation, no new windows. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title: 'Aurora Lab',
    backgroundColor: '#0f1115',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the documentation the lab names open in the user's browser; nothing else leaves the app.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isLabPage(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (RENDERER_DEV_URL) void win.loadURL(RENDERER_DEV_URL);
  else void win.loadURL(APP_ENTRY_URL);
  return win;
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [buildCsp()],
      },
    });
  });
}
