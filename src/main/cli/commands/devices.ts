/** `devices`, `connect`, `disconnect`: the device list and network devices, through the API. */
import type { Command } from 'commander';
import { networkAddressSchema } from '../../../shared/contract';
import { THERMAL_STATUS_NAMES, type DeviceSummary } from '../../../shared/devices';
import type { Field } from '../../../shared/kit/printers';
import { LabError } from '../../api/lab-error';
import { openLab, withLab } from '../lab-from-options';
import { formatOption, intOption } from '../options';
import { printJson, printRows } from '../output';

function parseAddress(value: string): string {
  const r = networkAddressSchema.safeParse(value);
  if (!r.success) throw new LabError('bad-request', `"${value}": ${r.error.issues[0]?.message ?? 'not host:port'}`);
  return r.data;
}

const DEVICE_FIELDS: Array<Field<DeviceSummary>> = [
  { name: 'serial', header: 'SERIAL', value: (d) => d.serial },
  { name: 'state', header: 'STATE', value: (d) => d.state },
  { name: 'model', header: 'MODEL', value: (d) => (d.facts ? `${d.facts.manufacturer} ${d.facts.model}` : d.model) },
  { name: 'soc', header: 'SOC', value: (d) => d.facts?.soc ?? null },
  { name: 'android', header: 'ANDROID', value: (d) => (d.facts ? `${d.facts.androidRelease} (SDK ${d.facts.sdk ?? '?'})` : null) },
  {
    name: 'battery_pct',
    header: 'BATTERY',
    value: (d) => d.status?.batteryLevel ?? null,
    text: (d) => (d.status?.batteryLevel != null ? `${Math.round(d.status.batteryLevel)}%${d.status.chargingSource ? ` ${d.status.chargingSource}` : ''}` : null),
  },
  { name: 'battery_temp_c', header: 'TEMP', value: (d) => d.status?.batteryTempC ?? null, text: (d) => (d.status?.batteryTempC != null ? `${d.status.batteryTempC.toFixed(1)} C` : null) },
  {
    name: 'thermal_status',
    header: 'THERMAL',
    value: (d) => d.status?.thermalStatus ?? null,
    text: (d) => (d.status?.thermalStatus != null ? (THERMAL_STATUS_NAMES[d.status.thermalStatus] ?? String(d.status.thermalStatus)) : null),
  },
  { name: 'cactus', header: 'CACTUS', value: (d) => d.facts?.cactus.supported ?? null, text: (d) => (d.facts ? (d.facts.cactus.supported ? 'yes' : 'no') : null) },
  { name: 'virtual', header: 'VIRTUAL', value: (d) => d.virtual, text: (d) => (d.virtual ? 'virtual' : '') },
];

export function registerDeviceCommands(program: Command): void {
  program
    .command('devices')
    .description('list devices with their probed facts and live status')
    .option('--json', 'print JSON')
    .option('--format <format>', 'table, csv or md', formatOption)
    .option('--wait-ms <ms>', 'how long to wait for online devices to be probed', intOption('--wait-ms', 0, 600_000), 15_000)
    .action(async (opts: { json?: boolean; format?: 'table' | 'csv' | 'md'; waitMs: number }, cmd: Command) =>
      withLab(openLab(cmd), async (lab) => {
        const list = await lab.api.devices.list({ settleMs: opts.waitMs });
        // Without adb the list holds only devices remembered from earlier; say why none is live.
        const { adb } = await lab.api.lab.info({});
        if (adb.error) {
          process.stderr.write(`error: ${adb.error}\n`);
          process.exitCode = 1;
        }
        if (opts.json) return printJson(list);
        if (list.length === 0) {
          process.stdout.write('No devices. Plug in a phone with USB debugging on, or start one with `aurora-lab virtual-phone` and `aurora-lab connect 127.0.0.1:5555`.\n');
          return;
        }
        printRows({ fields: DEVICE_FIELDS, rows: list }, opts);
        if (opts.format && opts.format !== 'table') return;
        for (const d of list) if (d.error) process.stdout.write(`${d.serial}: ${d.error}\n`);
        if (list.some((d) => d.virtual)) process.stdout.write('virtual: an Aurora Lab virtual phone; its results are simulated.\n');
      }),
    );

  for (const [name, verb] of [
    ['connect', 'connect a network device (Wi-Fi debugging, a device farm, a virtual phone)'],
    ['disconnect', 'disconnect a network device'],
  ] as const) {
    program
      .command(`${name} <host:port>`)
      .description(verb)
      .option('--json', 'print JSON')
      .action(async (address: string, opts: { json?: boolean }, cmd: Command) => {
        const addr = parseAddress(address);
        await withLab(openLab(cmd), async (lab) => {
          const result = name === 'connect' ? await lab.api.devices.connect({ address: addr }) : await lab.api.devices.disconnect({ address: addr });
          if (opts.json) printJson(result);
          else process.stdout.write(`${result.message}\n`);
        });
      });
  }
}
