/**
 * The Electron app: a window over the lab core. Everything else (devices, runs, routing, the store) is the
 * plain Node core in this folder, shared with `aurora-lab serve` and the CLI.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { Lab } from './lab/lab';
import { registerIpc } from './electron/ipc';
import { createMainWindow, hardenSession, isTrustedSender, RENDERER_ROOT } from './electron/window';
import { createElectronSecretStore } from './electron/secret-store';
import { registerAppScheme, serveAppProtocol } from './electron/protocol';

if (!app.requestSingleInstanceLock()) app.quit();

app.enableSandbox();
// Privileged schemes can only be registered before 'ready'.
registerAppScheme();

let lab: Lab | null = null;

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(async () => {
  hardenSession();
  serveAppProtocol(RENDERER_ROOT);
  const home = process.env.AURORA_LAB_HOME ?? app.getPath('userData');
  try {
    lab = new Lab({ host: 'electron', home, secrets: createElectronSecretStore(home) });
  } catch (err) {
    // A damaged database is refused with its path and how to restore the backup: show that, never start empty.
    dialog.showErrorBox('Aurora Lab cannot open its database', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  registerIpc({
    handlers: lab.handlers,
    events: lab.events,
    isTrustedSender: isTrustedSender(() => BrowserWindow.getAllWindows()),
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
  createMainWindow();
  // adb trouble is shown in the window (lab.info), not a reason to stop the app.
  await lab.start().catch((err: unknown) => console.error('lab start:', err instanceof Error ? err.message : err));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void lab?.close();
});
