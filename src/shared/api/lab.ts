/** Lab info: what the lab is, where it keeps its data, and whether adb is usable. Plain types and zod only. */
import { z } from 'zod';
import type { AdbInfo } from '../devices';
import { method } from './method';

export interface LabInfo {
  version: string;
  labHome: string;
  databasePath: string;
  schemaVersion: number;
  adb: AdbInfo;
  /** 'electron' when served over IPC, 'http' for `aurora-lab serve` (and the CLI, which calls the same handlers). */
  host: 'electron' | 'http';
}

export const labMethods = {
  info: method<LabInfo>()(z.object({}).strict()),
} as const;
