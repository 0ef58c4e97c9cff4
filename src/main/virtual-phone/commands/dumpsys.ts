import { THERMAL_THRESHOLDS_C, thermalStatus } from '../power/thermal-model';
import type { Command, CommandContext, PhoneContext } from './types';

const POWER_STATS_HAL = 'android.hardware.power.stats.IPowerStats/default';

/** android.os.Temperature types. */
const TYPE_CPU = 0;
const TYPE_GPU = 1;
const TYPE_BATTERY = 2;
const TYPE_SKIN = 3;

function listServices(phone: PhoneContext): string[] {
  const s = ['activity', 'battery', 'batteryproperties', 'batterystats', 'cpuinfo', 'meminfo', 'package', 'power', 'thermalservice'];
  if (phone.persona.rails) s.push(POWER_STATS_HAL, 'powerstats');
  return s.sort();
}

function temperatureLines(phone: PhoneContext): string[] {
  const t = phone.power.temperatures;
  const fmt = (v: number) => (Math.round(v * 10) / 10).toFixed(1);
  const sensors: [string, number, number][] = [];
  phone.persona.thermalZones.forEach((z) => {
    const type = z.follows === 'cpu' ? TYPE_CPU : z.follows === 'battery' ? TYPE_BATTERY : /skin|therm/.test(z.type) ? TYPE_SKIN : TYPE_GPU;
    sensors.push([z.type, type, t[z.follows] + z.offsetC]);
  });
  const rows = sensors.map(([name, type, value]) => `\tTemperature{mValue=${fmt(value)}, mType=${type}, mName=${name}, mStatus=${type === TYPE_SKIN ? thermalStatus(value) : 0}}`);
  // Tensor Pixels list current-limiting thresholds among the temperatures; the lab must not read them as degrees.
  for (const l of phone.persona.thermalLimitRows ?? []) rows.push(`\tTemperature{mValue=${l.value.toFixed(1)}, mType=${l.type}, mName=${l.name}, mStatus=0}`);
  return rows;
}

function thermalDump(phone: PhoneContext): string {
  const status = phone.power.thermalStatus;
  const current = temperatureLines(phone);
  // The cached block holds what the framework last got through a HAL callback: skin sensors only, and stale.
  const cached = current.filter((l) => l.includes(`mType=${TYPE_SKIN}`));
  return [
    'IsStatusOverride: false',
    'ThermalEventListeners:',
    '\tcallbacks: 1',
    '\tkilled: false',
    '\tbroadcasts count: -1',
    'ThermalStatusListeners:',
    '\tcallbacks: 1',
    '\tkilled: false',
    '\tbroadcasts count: -1',
    `Thermal Status: ${status}`,
    'Cached temperatures:',
    ...cached,
    'HAL Ready: true',
    'HAL connection:',
    '\tThermalHAL AIDL 1  connected: yes',
    'Current temperatures from HAL:',
    ...current,
    'Current cooling devices from HAL:',
    `\tCoolingDevice{mValue=${status >= 2 ? status - 1 : 0}, mType=2, mName=cpu-cluster}`,
    'Temperature static thresholds from HAL:',
    `\tTemperatureThreshold{mType=${TYPE_SKIN}, mName=skin, mHotThrottlingThresholds=[${THERMAL_THRESHOLDS_C.map((v) => v.toFixed(1)).join(', ')}], mColdThrottlingThresholds=[NaN, NaN, NaN, NaN, NaN, NaN]}`,
    '',
  ].join('\n');
}

/** C's `%<width>s`: right-aligned, never cut. */
const pad = (text: string, width: number) => text.padStart(width);
/** `static_cast<float>(uWs) / 1000.0` printed with `%14.2f`, as the HAL does (float precision included). */
const mws = (uws: number) => pad((Math.fround(uws) / 1000).toFixed(2), 14);

/**
 * The Pixel PowerStats HAL dump (hardware/google/pixel powerstats/PowerStatsAidl.cpp): state residencies, energy
 * consumers, then the energy meter. Plain: cumulative energy per channel, and no time at all. `delta`: each
 * section adds `Elapsed time: N ms` since the previous delta call (0 on the first; the HAL keeps the previous
 * call in a static per section) and the energy since that call, 0 on the first.
 */
function powerStatsHalDump(phone: PhoneContext, delta: boolean): string {
  const rails = phone.power.railEnergies();
  const now = phone.power.nowBootMs();
  const uws = rails.map((r) => ({ label: `[${r.name}]:${r.subsystem}`, uws: Math.round(r.joules * 1e6) }));
  const prev = phone.powerStatsDelta;
  const out: string[] = [];
  const elapsed = (since: number | undefined) => `Elapsed time: ${Math.trunc(since === undefined ? 0 : now - since)} ms`;

  out.push('', '============= PowerStats HAL 2.0 state residencies ==============');
  const awakeMs = Math.round(now * 0.04);
  const states: Array<[string, string, number, number, number]> = [
    ['AOC', 'AWAKE', awakeMs, Math.round(now / 9000), Math.round(now * 0.98)],
    ['AOC', 'DOZE', Math.round(now) - awakeMs, Math.round(now / 9000), Math.round(now * 0.99)],
  ];
  if (delta) {
    out.push(elapsed(prev?.residencyBootMs));
    out.push(`  ${pad('Entity', 16)}   ${pad('State', 18)}   ${pad('Total time', 16)} (${pad('Delta   ', 14)})   ${pad('Total entries', 15)} (${pad('Delta   ', 16)})   ${pad('Last entry tstamp', 17)} (${pad('Delta ', 14)})`);
    for (const [e, st, total, entries, last] of states) {
      out.push(`  ${pad(e, 16)}   ${pad(st, 18)}   ${pad(String(total), 13)} ms (${pad('0', 14)})   ${pad(String(entries), 15)} (${pad('0', 16)})   ${pad(String(last), 14)} ms (${pad('0', 14)})`);
    }
  } else {
    out.push(`  ${pad('Entity', 16)}   ${pad('State', 18)}   ${pad('Total time', 16)}   ${pad('Total entries', 15)}   ${pad('Last entry tstamp', 17)}`);
    for (const [e, st, total, entries, last] of states) {
      out.push(`  ${pad(e, 16)}   ${pad(st, 18)}   ${pad(String(total), 13)} ms   ${pad(String(entries), 15)}   ${pad(String(last), 14)} ms`);
    }
  }
  out.push('========== End of PowerStats HAL 2.0 state residencies ==========');

  out.push('', '============= PowerStats HAL 2.0 energy consumers ==============');
  const cpu = uws.filter((r) => r.label.includes('CPU'));
  cpu.forEach((r, i) => out.push(`${`CPUCL${i}`.padEnd(12)} : ${mws(r.uws)} mWs`));
  out.push('========== End of PowerStats HAL 2.0 energy consumers ==========');

  out.push('', '============= PowerStats HAL 2.0 energy meter ==============');
  if (delta) {
    out.push(elapsed(prev?.bootMs));
    out.push(`  ${pad('Channel', 32)}   ${pad('Cumulative Energy', 18)} (${pad('Delta   ', 14)})`);
    for (const r of uws) {
      const before = prev?.joules.get(r.label);
      out.push(`  ${pad(r.label, 32)}   ${mws(r.uws)} mWs (${mws(before === undefined ? 0 : r.uws - before)})`);
    }
    phone.powerStatsDelta = { bootMs: now, residencyBootMs: now, joules: new Map(uws.map((r) => [r.label, r.uws])) };
  } else {
    out.push(`  ${pad('Channel', 32)}   ${pad('Cumulative Energy', 18)}`);
    for (const r of uws) out.push(`  ${pad(r.label, 32)}   ${mws(r.uws)} mWs`);
  }
  out.push('========== End of PowerStats HAL 2.0 energy meter ==========', '');
  return out.join('\n');
}

/** framework PowerStatsService: the channel list Macrobenchmark's PowerMetric checks for. */
function powerStatsServiceDump(phone: PhoneContext): string {
  const rails = phone.power.railEnergies();
  const lines = ['PowerStatsService dumpsys: available PowerEntities:'];
  lines.push('PowerEntityId: 0, PowerEntityName: SoC', 'PowerEntityId: 1, PowerEntityName: CPU');
  lines.push('PowerStatsService dumpsys: available Channels:');
  rails.forEach((r, i) => lines.push(`ChannelId: ${i}, ChannelName: ${r.name}, ChannelSubsystem: ${r.subsystem}`));
  lines.push('PowerStatsService dumpsys: available EnergyConsumers:');
  lines.push('EnergyConsumerId: 0, Ordinal: 0, Type: CPU_CLUSTER, Name: CPUCL0');
  return lines.join('\n') + '\n';
}

async function batteryCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const battery = ctx.phone.battery;
  const [sub, key, value] = args;
  if (sub === undefined || sub === '-a') {
    await ctx.io.stdout.write(battery.dump());
    return 0;
  }
  if (sub === 'unplug') battery.unplug();
  else if (sub === 'reset') battery.reset();
  else if (sub === 'set' && key !== undefined && value !== undefined) {
    if (!battery.set(key, value)) {
      await ctx.io.stdout.write(`Unknown set option: ${key}\n`);
      return 0;
    }
  } else {
    await ctx.io.stdout.write(
      'Battery service (battery) commands:\n  help\n    Print this help text.\n  get [-f] [ac|usb|wireless|status|level|temp|present|counter|invalid]\n  set [-f] [ac|usb|wireless|status|level|temp|present|counter|invalid] <value>\n  unplug [-f]\n  reset [-f] [ac|usb|wireless]\n',
    );
  }
  return 0;
}

async function dumpService(ctx: CommandContext, service: string, args: string[]): Promise<boolean> {
  const phone = ctx.phone;
  switch (service) {
    case 'battery':
      await batteryCommand(ctx, args);
      return true;
    case 'thermalservice':
      await ctx.io.stdout.write(thermalDump(phone));
      return true;
    case POWER_STATS_HAL:
      if (!phone.persona.rails) return false;
      await ctx.io.stdout.write(powerStatsHalDump(phone, args[0] === 'delta'));
      return true;
    case 'powerstats':
      if (!phone.persona.rails) return false;
      await ctx.io.stdout.write(powerStatsServiceDump(phone));
      return true;
    default:
      if (listServices(phone).includes(service)) {
        await ctx.io.stdout.write(`(${service} dump is not available on a virtual phone)\n`);
        return true;
      }
      return false;
  }
}

export const dumpsys: Command = async (ctx) => {
  const [service, ...args] = ctx.args;
  if (service === '-l') {
    await ctx.io.stdout.write('Currently running services:\n' + listServices(ctx.phone).map((s) => `  ${s}\n`).join(''));
    return 0;
  }
  if (service === undefined) {
    await ctx.io.stdout.write(dumpAll(ctx));
    return 0;
  }
  // Android's dumpsys reports a missing service on stderr and still exits 0.
  if (!(await dumpService(ctx, service, args))) await ctx.io.stderr.write(`Can't find service: ${service}\n`);
  return 0;
};

function dumpAll(ctx: CommandContext): string {
  return `-------------------------------------------------------------------------------\nDUMP OF SERVICE battery:\n${ctx.phone.battery.dump()}-------------------------------------------------------------------------------\nDUMP OF SERVICE thermalservice:\n${thermalDump(ctx.phone)}`;
}

/** `cmd <service> ...`: the services a lab drives through cmd; others are reported missing (exit 20, as cmd does). */
export const cmd: Command = async (ctx) => {
  const [service, ...args] = ctx.args;
  if (service === undefined) {
    await ctx.io.stderr.write('cmd: No service specified; use -l to list all running services. Use -w to start and wait for a service.\n');
    return 20;
  }
  if (service === '-l') {
    await ctx.io.stdout.write('Currently running services:\n' + listServices(ctx.phone).map((s) => `  ${s}\n`).join(''));
    return 0;
  }
  if (service === 'battery') return batteryCommand(ctx, args);
  if (service === 'thermalservice' && (args[0] === undefined || args[0] === 'status')) {
    await ctx.io.stdout.write(args[0] === 'status' ? `${ctx.phone.power.thermalStatus}\n` : thermalDump(ctx.phone));
    return 0;
  }
  if (service === 'package' && args[0] === 'list' && args[1] === 'packages') {
    await ctx.io.stdout.write('package:com.android.shell\npackage:com.android.settings\n');
    return 0;
  }
  if (listServices(ctx.phone).includes(service)) {
    await ctx.io.stderr.write(`cmd: ${service}: unsupported command on a virtual phone\n`);
    return 255;
  }
  await ctx.io.stderr.write(`cmd: Can't find service: ${service}\n`);
  return 20;
};
