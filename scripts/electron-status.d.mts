export type ElectronStatus =
  | { ok: true; binary: string; version: string }
  | { ok: false; packageInstalled: boolean; reason: string };
export function electronStatus(): ElectronStatus;
export function wantedElectron(rootDir: string): string;
