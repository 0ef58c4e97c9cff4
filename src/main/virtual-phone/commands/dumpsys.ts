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
  return sensors.map(([name, type, value]) => `\tTemperature{mValue=${fmt(value)}, mType=${type}, mName=${name}, mStatus=${type === TYPE_SKIN ? thermalStatus(value) : 0}}`);
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

/** Pixel PowerStats HAL text: cumulative energy per ODPM channel in mWs, plus the delta since the last `delta` dump. */
function powerStatsHalDump(phone: PhoneContext, delta: boolean): string {
  const rails = phone.power.railEnergies();
  const now = phone.power.nowBootMs();
  const prev = phone.powerStatsDelta;
  const lines = ['', '============= PowerStats HAL 2.0 energy meter ==============', ''];
  lines.push(`Elapsed time: ${Math.round(delta && prev ? now - prev.bootMs : now)} ms`);
  for (const r of rails) {
    const key = `${r.name}:${r.subsystem}`;
    const mWs = r.joules * 1000;
    const d = delta ? (prev ? mWs - (prev.joules.get(key) ?? 0) : mWs) : mWs;
    lines.push(`${`[${r.name}]:${r.subsystem}`.padEnd(32)}  ${mWs.toFixed(2)} mWs (${d.toFixed(2)})`);
  }
  if (delta) phone.powerStatsDelta = { bootMs: now, joules: new Map(rails.map((r) => [`${r.name}:${r.subsystem}`, r.joules * 1000])) };
  lines.push('', '============= PowerStats HAL 2.0 end ==============', '');
  return lines.join('\n');
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
