import type { Command } from 'commander';
import { Option } from 'commander';
import { basename, join, resolve } from 'node:path';
import { labHome } from '../../store/lab-home';
import { isLoopbackAddress } from '../../server/request-guard';
import { loadCapture } from '../../virtual-phone/replay/capture-folder';
import { fallbackVendor } from '../../virtual-phone/replay/replay';
import { intOption } from '../options';
import { waitForShutdownSignal } from '../signals';

export function registerVirtualPhoneCommand(program: Command): void {
  program
    .command('virtual-phone')
    .description(
      'run a virtual Android phone that the real adb server can connect to (results from it are simulated). ' +
        'It runs any program pushed to it as a process of your user: a code-execution service for anyone who can reach its port, ' +
        'so it listens on 127.0.0.1 unless --host is given.',
    )
    .option('--port <n>', 'TCP port to listen on (0 = any free port)', intOption('--port', 0, 65535), 5555)
    .option('--host <addr>', 'address to listen on; anything but loopback lets whoever reaches it run programs as you', '127.0.0.1')
    .addOption(new Option('--vendor <name>', 'persona: battery units, sign conventions, power rails').choices(['pixel', 'samsung']).default('pixel'))
    .option('--serial <name>', 'the phone\'s serial number (ro.serialno)')
    .option('--state-dir <dir>', 'folder for the phone\'s file tree (default: <lab home>/virtual-phones/<serial or port>)')
    .option('--unauthorized', 'start as a phone whose USB debugging prompt was not accepted')
    .addOption(new Option('--charging <source>', 'start on a charger').choices(['usb', 'ac']))
    .option('--replay <dir>', 'answer like the phone captured in DIR (`aurora-lab capture`); the persona answers the rest (default: the Samsung persona for a Samsung capture)')
    .addOption(
      new Option('--engine <engine>', "'cactus': an arm64 phone that runs the real Cactus engine pushed to it under qemu-aarch64 (npm run build:engine first)")
        .choices(['simulated', 'cactus'])
        .default('simulated'),
    )
    .action(
      async (
        opts: { port: number; host: string; vendor: 'pixel' | 'samsung'; serial?: string; stateDir?: string; unauthorized?: boolean; charging?: 'usb' | 'ac'; engine: 'simulated' | 'cactus'; replay?: string },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<{ home?: string }>();
        const replay = opts.replay ? resolve(opts.replay) : null;
        // The persona that answers what the capture lacks follows the captured phone unless --vendor says otherwise.
        const vendor = replay && cmd.getOptionValueSource('vendor') === 'default' ? fallbackVendor(loadCapture(replay)) : opts.vendor;
        const name = opts.serial ?? (replay ? `replay-${basename(replay)}-${opts.port}` : `${vendor}-${opts.port}`);
        const stateDir = opts.stateDir ?? join(g.home ?? labHome(), 'virtual-phones', name);
        // Listen for signals before announcing the phone: a caller may stop it as soon as it reads the line.
        const shutdown = waitForShutdownSignal();
        // Loaded here: the virtual phone is this command's alone; every other command starts faster without it.
        const { startVirtualPhone } = await import('../../virtual-phone');
        const phone = await startVirtualPhone({
          port: opts.port,
          host: opts.host,
          vendor,
          stateDir,
          authorized: !opts.unauthorized,
          charging: opts.charging ?? null,
          engine: opts.engine,
          ...(opts.serial ? { serial: opts.serial } : {}),
          ...(replay ? { replay } : {}),
        });
        if (!isLoopbackAddress(opts.host)) process.stderr.write(exposedPhoneWarning(opts.host, phone.port));
        const kind = opts.engine === 'cactus' ? `${vendor} arm64 phone (real Cactus engine under qemu-aarch64)` : `${vendor} phone`;
        const what = replay ? `virtual phone replaying ${replay} (the ${vendor} persona answers the rest)` : `virtual ${kind}`;
        process.stdout.write(`${what} listening on ${phone.address} (state in ${stateDir}); connect it with: adb connect ${phone.address}\n`);
        await shutdown;
        await phone.close();
      },
    );
}

export function exposedPhoneWarning(host: string, port: number): string {
  const line = '!'.repeat(100);
  return (
    `${line}\nWARNING: this virtual phone listens on ${host}:${port}, beyond this computer. Anyone who can reach that ` +
    'address can push a program to it and run it as your user, with your files and privileges (no adb key is ' +
    `checked). Stop it unless this network is yours alone; without --host it listens on 127.0.0.1 only.\n${line}\n`
  );
}
