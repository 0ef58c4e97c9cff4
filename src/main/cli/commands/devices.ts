import type { Command } from 'commander';
import { networkAddressSchema } from '../../../shared/contract';
import { THERMAL_STATUS_NAMES, type DeviceSummary } from '../../../shared/devices';
import { LabError } from '../../api/lab-error';
import { openLab } from '../lab-from-options';
import { formatTable, printJson } from '../output';
import { intOption } from '../main';

function parseAddress(value: string): string {
  const r = networkAddressSchema.safeParse(value);
  if (!r.success) throw new LabError('bad-request', `"${value}": ${r.error.issues[0]?.message ?? 'not host:port'}`);
  return r.data;
}

function deviceRow(d: DeviceSummary): Array<string | number | null> {
  const f = d.facts;
  const s = d.status;
  return [
    d.serial,
    d.state,
    f ? `${f.manufacturer} ${f.model}` : (d.model ?? null),
    f?.soc ?? null,
    f ? `${f.androidRelease} (SDK ${f.sdk ?? '?'})` : null,
    s?.batteryLevel != null ? `${Math.round(s.batteryLevel)}%${s.chargingSource ? ` ${s.chargingSource}` : ''}` : null,
    s?.batteryTempC != null ? `${s.batteryTempC.toFixed(1)} C` : null,
    s?.thermalStatus != null ? (THERMAL_STATUS_NAMES[s.thermalStatus] ?? String(s.thermalStatus)) : null,
    f ? (f.cactus.supported ? 'yes' : 'no') : null,
    d.virtual ? 'virtual' : '',
  ];
}

export function registerDeviceCommands(program: Command): void {
  program
    .command('devices')
    .description('list devices with their probed facts and live status')
    .option('--json', 'print JSON')
    .option('--wait-ms <ms>', 'how long to wait for online devices to be probed', intOption('--wait-ms', 0, 600_000), 15_000)
    .action(async (opts: { json?: boolean; waitMs: number }, cmd: Command) => {
      const lab = await openLab(cmd);
      try {
        await lab.devices.settled(opts.waitMs);
        const list = lab.devices.list();
        // Without adb the list holds only devices remembered from earlier; say why none is live.
        const adbError = lab.devices.adbError;
        if (adbError) {
          process.stderr.write(`error: ${adbError}\n`);
          process.exitCode = 1;
        }
        if (opts.json) {
          printJson(list);
          return;
        }
        if (list.length === 0) {
          process.stdout.write('No devices. Plug in a phone with USB debugging on, or start one with `aurora-lab virtual-phone` and `aurora-lab connect 127.0.0.1:5555`.\n');
          return;
        }
        process.stdout.write(
          `${formatTable(['SERIAL', 'STATE', 'MODEL', 'SOC', 'ANDROID', 'BATTERY', 'TEMP', 'THERMAL', 'CACTUS', ''], list.map(deviceRow))}\n`,
        );
        for (const d of list) if (d.error) process.stdout.write(`${d.serial}: ${d.error}\n`);
        if (list.some((d) => d.virtual)) process.stdout.write('virtual: an Aurora Lab virtual phone; its results are simulated.\n');
      } finally {
        await lab.close();
      }
    });

  program
    .command('connect <host:port>')
    .description('connect a network device (Wi-Fi debugging, a device farm, a virtual phone)')
    .option('--json', 'print JSON')
    .action(async (address: string, opts: { json?: boolean }, cmd: Command) => {
      const addr = parseAddress(address);
      const lab = await openLab(cmd);
      try {
        const result = await lab.devices.connect(addr);
        if (opts.json) printJson(result);
        else process.stdout.write(`${result.message}\n`);
      } finally {
        await lab.close();
      }
    });

  program
    .command('disconnect <host:port>')
    .description('disconnect a network device')
    .option('--json', 'print JSON')
    .action(async (address: string, opts: { json?: boolean }, cmd: Command) => {
      const addr = parseAddress(address);
      const lab = await openLab(cmd);
      try {
        const result = await lab.devices.disconnect(addr);
        if (opts.json) printJson(result);
        else process.stdout.write(`${result.message}\n`);
      } finally {
        await lab.close();
      }
    });
}
