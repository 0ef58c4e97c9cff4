/**
 * Probing a phone once it is online: identity, SoC, ABI, Android version, RAM, CPU cores and features,
 * Cactus support and energy sources. One adb round trip (a sectioned script) keeps it fast on slow links.
 */
import type { DeviceFacts, EnergySources } from '../../shared/devices';
import { assessChargeCounter } from '../power/charge-counter';
import { cactusSupport } from './cactus-support';
import { DeviceError, ParseError, errorMessage } from './errors';
import { parseDumpsysBattery } from './parsers/battery';
import { parseCpuinfo, type CpuInfo } from './parsers/cpuinfo';
import { parseGetprop } from './parsers/getprop';
import { memTotalMb } from './parsers/meminfo';
import { detectOdpm } from './parsers/powerstats';
import { parseSysfsInt } from './parsers/sysfs';
import { sectionScript, splitSections, type Section } from './sections';
import { sh } from './shell-command';
import type { DeviceShell } from './types';

export const PROBE_TIMEOUT_MS = 30_000;
const BATTERY_SYSFS = '/sys/class/power_supply/battery';

export function probeScript() {
  return sectionScript({
    getprop: sh('getprop'),
    cpuinfo: sh('cat', '/proc/cpuinfo'),
    meminfo: sh('cat', '/proc/meminfo'),
    current_now: sh('cat', `${BATTERY_SYSFS}/current_now`),
    voltage_now: sh('cat', `${BATTERY_SYSFS}/voltage_now`),
    charge_counter: sh('cat', `${BATTERY_SYSFS}/charge_counter`),
    charge_full_design: sh('cat', `${BATTERY_SYSFS}/charge_full_design`),
    battery: sh('dumpsys', 'battery'),
    powerstats: sh('dumpsys', 'powerstats'),
    powerstats_hal: sh('dumpsys', 'android.hardware.power.stats.IPowerStats/default'),
  });
}

function first(props: Map<string, string>, ...keys: string[]): string {
  for (const k of keys) {
    const v = props.get(k)?.trim();
    if (v) return v;
  }
  return '';
}

function okText(sections: Map<string, Section>, name: string): string | null {
  const s = sections.get(name);
  return s && s.exitCode === 0 ? s.text : null;
}

function sysfsInt(sections: Map<string, Section>, name: string): number | null {
  const text = okText(sections, name);
  if (text === null) return null;
  try {
    return parseSysfsInt(text, name);
  } catch {
    return null;
  }
}

function readableInt(sections: Map<string, Section>, name: string): boolean {
  return sysfsInt(sections, name) !== null;
}

/** The charge counter checked against the battery level (and design capacity): a source only when plausible. */
function chargeCounterSource(sections: Map<string, Section>): Pick<EnergySources, 'chargeCounter' | 'chargeCounterCalibration' | 'chargeCounterNote'> {
  let dumpsysRaw: number | null = null;
  let level: number | null = null;
  try {
    const b = parseDumpsysBattery(okText(sections, 'battery') ?? '');
    dumpsysRaw = b.chargeCounterUah;
    level = b.levelPercent;
  } catch {
    /* no battery service output: judge the sysfs counter alone */
  }
  const v = assessChargeCounter({ sysfsRaw: sysfsInt(sections, 'charge_counter'), dumpsysRaw, levelPercent: level, designUah: sysfsInt(sections, 'charge_full_design') });
  return { chargeCounter: v.usable, ...(v.calibration ? { chargeCounterCalibration: v.calibration } : {}), chargeCounterNote: v.note };
}

/** Turns the probe script's output into facts. Pure, so it is tested on fixtures. */
export function factsFromProbeOutput(output: string, probedAt: number): DeviceFacts {
  const sections = splitSections(output);
  const getpropText = okText(sections, 'getprop');
  if (getpropText === null) {
    throw new ParseError('the probe output', sections.has('getprop') ? '`getprop` failed' : 'it ended before `getprop` finished');
  }
  const props = parseGetprop(getpropText);
  const warnings: string[] = [];

  let cpu: CpuInfo | null = null;
  try {
    cpu = parseCpuinfo(okText(sections, 'cpuinfo') ?? '');
  } catch (err) {
    warnings.push(errorMessage(err));
  }
  let ramMb: number | null = null;
  try {
    ramMb = memTotalMb(okText(sections, 'meminfo') ?? '');
  } catch (err) {
    warnings.push(errorMessage(err));
  }

  const odpm = detectOdpm(okText(sections, 'powerstats_hal'), okText(sections, 'powerstats'));
  const energySources: EnergySources = {
    odpm: odpm.available,
    odpmChannels: odpm.channels,
    fuelGauge: readableInt(sections, 'current_now') && readableInt(sections, 'voltage_now'),
    ...chargeCounterSource(sections),
  };

  const abi = first(props, 'ro.product.cpu.abi');
  const abiList = first(props, 'ro.product.cpu.abilist')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const virtual = first(props, 'ro.aurora.virtual') === '1';
  const cpuFeatures = cpu?.features ?? [];
  const sdk = Number.parseInt(first(props, 'ro.build.version.sdk'), 10);

  const facts: DeviceFacts = {
    manufacturer: first(props, 'ro.product.manufacturer', 'ro.product.vendor.manufacturer', 'ro.product.system.manufacturer'),
    brand: first(props, 'ro.product.brand', 'ro.product.vendor.brand', 'ro.product.system.brand'),
    model: first(props, 'ro.product.model', 'ro.product.vendor.model', 'ro.product.system.model'),
    device: first(props, 'ro.product.device', 'ro.product.vendor.device', 'ro.product.system.device'),
    soc: first(props, 'ro.soc.model', 'ro.board.platform', 'ro.hardware') || null,
    abi: abi || (abiList[0] ?? ''),
    abiList: abiList.length ? abiList : abi ? [abi] : [],
    androidRelease: first(props, 'ro.build.version.release_or_codename', 'ro.build.version.release'),
    sdk: Number.isFinite(sdk) ? sdk : null,
    fingerprint: first(props, 'ro.build.fingerprint', 'ro.vendor.build.fingerprint'),
    ramMb,
    cpuCores: cpu && cpu.cores > 0 ? cpu.cores : null,
    cpuFeatures,
    cactus: cactusSupport({ abi, abiList, cpuFeatures, virtual }),
    energySources,
    virtual,
    ...(virtual ? { virtualEngine: first(props, 'ro.aurora.engine') === 'cactus' ? ('cactus' as const) : ('simulated' as const) } : {}),
    probedAt,
  };
  if (warnings.length) facts.probeWarnings = warnings;
  return facts;
}

export async function probeDevice(shell: DeviceShell, serial: string, now: () => number = Date.now): Promise<DeviceFacts> {
  const result = await shell.shell(serial, probeScript(), { timeoutMs: PROBE_TIMEOUT_MS });
  try {
    return factsFromProbeOutput(result.stdout.toString('utf8'), now());
  } catch (err) {
    if (err instanceof DeviceError) throw err;
    throw new DeviceError('parse-error', `Probing ${serial} failed: ${errorMessage(err)}`, { cause: err });
  }
}
