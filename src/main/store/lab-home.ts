import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder that holds the lab's database, caches and logs: AURORA_LAB_HOME, else the OS's per-user app-data
 * folder (the same one Electron's userData uses for an app named aurora-lab).
 */
export function labHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AURORA_LAB_HOME) return env.AURORA_LAB_HOME;
  const home = homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'aurora-lab');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'aurora-lab');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'aurora-lab');
  }
}

export function databasePath(home: string): string {
  return join(home, 'lab.sqlite');
}
