import type { Command } from 'commander';
import { Option } from 'commander';
import { join } from 'node:path';
import { labHome } from '../../store/lab-home';
import { addListenOptions } from '../options';
import { waitForShutdownSignal } from '../signals';

export function registerVirtualPhoneCommand(program: Command): void {
  addListenOptions(program.command('virtual-phone').description('run a virtual Android phone that the real adb server can connect to (results from it are simulated)'), 5555)
    .addOption(new Option('--vendor <name>', 'persona: battery units, sign conventions, power rails').choices(['pixel', 'samsung']).default('pixel'))
    .option('--serial <name>', 'the phone\'s serial number (ro.serialno)')
    .option('--state-dir <dir>', 'folder for the phone\'s file tree (default: <lab home>/virtual-phones/<serial or port>)')
    .option('--unauthorized', 'start as a phone whose USB debugging prompt was not accepted')
    .addOption(new Option('--charging <source>', 'start on a charger').choices(['usb', 'ac']))
    .action(
      async (
        opts: { port: number; host: string; vendor: 'pixel' | 'samsung'; serial?: string; stateDir?: string; unauthorized?: boolean; charging?: 'usb' | 'ac' },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<{ home?: string }>();
        const stateDir = opts.stateDir ?? join(g.home ?? labHome(), 'virtual-phones', opts.serial ?? `${opts.vendor}-${opts.port}`);
        // Listen for signals before announcing the phone: a caller may stop it as soon as it reads the line.
        const shutdown = waitForShutdownSignal();
        // Loaded here: the virtual phone is this command's alone; every other command starts faster without it.
        const { startVirtualPhone } = await import('../../virtual-phone');
        const phone = await startVirtualPhone({
          port: opts.port,
          host: opts.host,
          vendor: opts.vendor,
          stateDir,
          authorized: !opts.unauthorized,
          charging: opts.charging ?? null,
          ...(opts.serial ? { serial: opts.serial } : {}),
        });
        process.stdout.write(`virtual ${opts.vendor} phone listening on ${phone.address} (state in ${stateDir}); connect it with: adb connect ${phone.address}\n`);
        await shutdown;
        await phone.close();
      },
    );
}
