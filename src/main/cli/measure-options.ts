/** The measuring flags `run` and `profile` share, and the request fields they become. */
import { Option, type Command } from 'commander';
import { intOption } from './options';

export interface MeasureFlags {
  sampleHz?: number;
  energy?: 'auto' | 'odpm' | 'fuel-gauge' | 'charge-counter';
  maxTokens?: number;
  baselineMs?: number;
  coolTemp?: number;
  coolTimeoutS?: number;
}

export function addMeasureOptions(cmd: Command, about: { maxTokens: string; baseline: string; coolTemp: string }): Command {
  return cmd
    .option('--sample-hz <n>', 'fuel-gauge sampling rate on the phone', intOption('--sample-hz', 1, 200))
    .addOption(new Option('--energy <method>', 'energy source').choices(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).default('auto'))
    .option('--max-tokens <n>', about.maxTokens, intOption('--max-tokens', 1, 4096))
    .option('--baseline-ms <n>', about.baseline, intOption('--baseline-ms', 500, 120_000))
    .option('--cool-temp <C>', about.coolTemp, intOption('--cool-temp', 20, 60))
    .option('--cool-timeout-s <s>', 'cool-down gate timeout', intOption('--cool-timeout-s', 0, 3600));
}

/** The flags given, as the measuring fields of a quick run or campaign request. */
export function measureRequest(f: MeasureFlags) {
  return {
    ...(f.sampleHz !== undefined ? { sampleHz: f.sampleHz } : {}),
    ...(f.energy ? { energyMethod: f.energy } : {}),
    ...(f.maxTokens !== undefined ? { maxTokens: f.maxTokens } : {}),
    ...(f.baselineMs !== undefined ? { idleBaselineMs: f.baselineMs } : {}),
    ...(f.coolTemp !== undefined ? { cooldown: { maxTempC: f.coolTemp, timeoutMs: (f.coolTimeoutS ?? 120) * 1000 } } : {}),
  };
}
