/**
 * `aurora-lab demo`: the lab without hardware, headless. Starts a virtual phone that this command owns (on
 * 127.0.0.1, files under the lab home), connects it through the adb server, prints the commands to run next with
 * its serial, and keeps it running until Ctrl-C, then disconnects and stops it.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { OwnedVirtualPhone } from '../../../shared/api/devices';
import { openLab } from '../lab-from-options';
import { waitForShutdownSignal } from '../signals';

/** The global options to repeat in the next commands, so they use the same lab home and adb. */
function globalArgs(cmd: Command): string {
  const g = cmd.optsWithGlobals<{ home?: string; adb?: string }>();
  const quote = (v: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return [g.home ? ` --home ${quote(g.home)}` : '', g.adb ? ` --adb ${quote(g.adb)}` : ''].join('');
}

/** The exact commands to try next with this phone. */
export function nextCommands(phone: OwnedVirtualPhone, globals: string): string[] {
  const cli = `aurora-lab${globals}`;
  const profile =
    phone.engine === 'cactus'
      ? `${cli} profile --devices ${phone.serial} --model-dir my-model=/path/to/cactus-model-folder --dataset starter --n 10`
      : `${cli} profile --devices ${phone.serial} --models gemma-270m,lfm2-350m --dataset starter --n 10`;
  return [
    profile,
    `${cli} run --device ${phone.serial} ${phone.engine === 'cactus' ? '--model-dir my-model=/path/to/cactus-model-folder' : '--model gemma-270m'} --prompt "What is 7 x 6?"`,
    `${cli} devices`,
    `${cli} serve`,
  ];
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start a virtual phone and connect it, to try the lab without hardware (results from it are simulated); runs until Ctrl-C')
    .addOption(new Option('--vendor <name>', 'persona: battery units, sign conventions, power rails').choices(['pixel', 'samsung']).default('pixel'))
    .addOption(
      new Option('--engine <engine>', "'cactus': an arm64 phone running the real Cactus engine under qemu-aarch64 (npm run build:engine first)")
        .choices(['simulated', 'cactus'])
        .default('simulated'),
    )
    .option('--json', 'print the phone (serial, vendor, engine, state folder) as one JSON line')
    .action(async (opts: { vendor: 'pixel' | 'samsung'; engine: 'simulated' | 'cactus'; json?: boolean }, cmd: Command) => {
      // Listen for signals before printing the serial: a caller may stop the demo as soon as it reads it.
      const shutdown = waitForShutdownSignal();
      const lab = await openLab(cmd);
      try {
        if (!opts.json) process.stderr.write(`Starting a virtual ${opts.vendor} phone${opts.engine === 'cactus' ? ' with the real Cactus engine (arm64, under qemu-aarch64)' : ''}…\n`);
        const phone = await lab.api.devices.startVirtual({ vendor: opts.vendor, engine: opts.engine });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...phone, address: phone.serial, home: lab.home, simulated: true })}\n`);
        } else {
          const next = nextCommands(phone, globalArgs(cmd));
          process.stdout.write(
            (phone.engine === 'cactus'
              ? `Virtual ${opts.vendor} arm64 phone ${phone.serial} is connected and ready (it runs the real Cactus engine under qemu-aarch64; its timing and energy are simulated).\n`
              : `Virtual ${opts.vendor} phone ${phone.serial} is connected and ready (its results are simulated, not measured).\n`) +
              `Its files: ${phone.stateDir}\n\n` +
              `In another terminal, profile it (a campaign: models x starter prompts), then open the results:\n` +
              next.map((c) => `  ${c}\n`).join('') +
              `\nThis command keeps the phone running; press Ctrl-C to stop it.\n`,
          );
        }
        await shutdown;
        if (!opts.json) process.stderr.write(`Stopping the virtual phone ${phone.serial}…\n`);
      } finally {
        // Closing the lab disconnects and stops the phone it started.
        await lab.close();
      }
    });
}
