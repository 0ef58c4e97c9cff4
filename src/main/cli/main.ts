import { Command, CommanderError } from 'commander';
import { toLabError } from '../api/error-map';
import { LabError } from '../api/lab-error';
import { labVersion } from '../lab-info/version';
import { registerCaptureCommand } from './commands/capture';
import { registerDeviceCommands } from './commands/devices';
import { registerRunCommand } from './commands/run';
import { registerServeCommand } from './commands/serve';
import { registerVirtualPhoneCommand } from './commands/virtual-phone';
import { registerCampaignCommands } from './commands/campaigns';
import { registerRunsCommands } from './commands/runs';
import { registerProfileCommands } from './commands/profiles';
import { registerCompareCommands } from './commands/compare';
import { registerBenchmarkCommand } from './commands/benchmark';
import { registerReportCommand } from './commands/report';
import { registerDemoCommand } from './commands/demo';
import { isBadInput } from './output';
import { registerModelsCommand } from './commands/models';

export function buildProgram(): Command {
  const program = new Command('aurora-lab')
    .description('Aurora Lab: measure on-device language models on Android phones, headless.')
    .version(labVersion())
    .option('--home <dir>', 'lab home folder (database, caches); default: AURORA_LAB_HOME or the per-user app-data folder')
    .option('--adb <path>', 'the adb executable to use (default: ADB env var, then adb on PATH)')
    .showHelpAfterError()
    .exitOverride();
  registerDeviceCommands(program);
  registerCaptureCommand(program);
  registerVirtualPhoneCommand(program);
  registerServeCommand(program);
  registerRunCommand(program);
  registerCampaignCommands(program);
  registerRunsCommands(program);
  registerProfileCommands(program);
  registerCompareCommands(program);
  registerBenchmarkCommand(program);
  registerReportCommand(program);
  registerDemoCommand(program);
  registerModelsCommand(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code (0 ok, 1 the lab failed, 2 bad input: output.ts isBadInput). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    // A command may finish its output and still report failure (a partial run, adb unavailable).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    // Errors thrown outside the dispatch (a command reading a file itself, a campaign's own writes) get the same
    // codes and messages as through it (a full disk, a locked database say what to do).
    const e = toLabError(err);
    process.stderr.write(`error: ${e.message}\n`);
    if (process.env.AURORA_LAB_DEBUG && err instanceof Error && !(err instanceof LabError)) process.stderr.write(`${err.stack}\n`);
    return isBadInput(e) ? 2 : 1;
  }
}
