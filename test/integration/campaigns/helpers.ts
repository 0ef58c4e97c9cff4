/**
 * Campaign tests: one real Lab (temp home, real SQLite) and real virtual phones on a private real adb server
 * (see test/integration/runs/helpers.ts). Prompts are made very fast with the simulated engine's time scale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../../src/main/lab/lab';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import { connectPhones, disconnectPhones } from '../../helpers/virtual-lab';
import { MMLU_SAMPLE } from '../../helpers/fixtures';

export { usePrivateAdbServer } from '../runs/helpers';

/** The MMLU sample in the repo (57 subjects x 16 test questions, index-header layout like the full copy). */
export const MMLU_DIR = MMLU_SAMPLE;

/** Fast, short prompts: 1/50 of modelled time, and the env the CLI child processes get too. */
export const FAST_ENV = { AURORA_SIM_TIME_SCALE: '0.02' };

/** Defaults that keep a campaign lean: short baseline, one short warm-up, few tokens, no cool-down wait. */
export const LEAN = { idleBaselineMs: 500, warmup: 1, maxTokens: 8, cooldown: { maxTempC: 60, timeoutMs: 0 } } as const;
export const LEAN_INTERNALS = { simEnv: FAST_ENV, warmupMaxTokens: 4, thermalIntervalMs: 1000 };

export interface PhoneSet {
  phones: VirtualPhone[];
  stateDirs: string[];
  close(): Promise<void>;
}

export async function startPhones(vendors: Array<'pixel' | 'samsung'>): Promise<PhoneSet> {
  const stateDirs = vendors.map((v) => mkdtempSync(join(tmpdir(), `aurora-camp-${v}-`)));
  const phones = await Promise.all(vendors.map((vendor, i) => startVirtualPhone({ port: 0, vendor, stateDir: stateDirs[i]! })));
  return {
    phones,
    stateDirs,
    close: async () => {
      await Promise.all(phones.map((p) => p.close()));
      for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export async function labWith(phones: VirtualPhone[], home?: string): Promise<{ lab: Lab; home: string; close(): Promise<void> }> {
  const h = home ?? mkdtempSync(join(tmpdir(), 'aurora-camp-home-'));
  const lab = new Lab({ host: 'cli', home: h, pollIntervalMs: 1000 });
  await lab.start();
  await connectPhones(lab, phones.map((p) => p.address));
  return {
    lab,
    home: h,
    close: async () => {
      await disconnectPhones(lab, phones.map((p) => p.address));
      await lab.close();
    },
  };
}
