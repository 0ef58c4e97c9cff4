/** Live battery and heat readings: `dumpsys battery` and `dumpsys thermalservice` in one round trip. */
import type { DeviceStatus } from '../../shared/devices';
import { ParseError } from './errors';
import { parseDumpsysBattery } from './parsers/battery';
import { parseDumpsysThermal, type ThermalDump } from './parsers/thermal';
import { sectionScript, splitSections } from './sections';
import { sh } from './shell-command';
import type { DeviceShell } from './types';

export const STATUS_TIMEOUT_MS = 10_000;

export function statusScript() {
  return sectionScript({ battery: sh('dumpsys', 'battery'), thermal: sh('dumpsys', 'thermalservice') });
}

/** Pure: the status script's output → a DeviceStatus. A phone without thermalservice just has no thermal data. */
export function statusFromOutput(serial: string, output: string, at: number): DeviceStatus {
  const sections = splitSections(output);
  const batteryText = sections.get('battery');
  if (!batteryText || batteryText.exitCode !== 0) {
    throw new ParseError('dumpsys battery', batteryText ? `it failed (exit ${batteryText.exitCode})` : 'no output');
  }
  const battery = parseDumpsysBattery(batteryText.text);
  let thermal: ThermalDump | null = null;
  const thermalText = sections.get('thermal');
  if (thermalText && thermalText.exitCode === 0) {
    try {
      thermal = parseDumpsysThermal(thermalText.text);
    } catch {
      thermal = null; // "Can't find service: thermalservice" on Android 9 and older
    }
  }
  const status: DeviceStatus = {
    serial,
    at,
    batteryLevel: battery.levelPercent,
    batteryStatus: battery.status,
    chargingSource: battery.chargingSource,
    batteryTempC: battery.temperatureC,
    batteryVoltageMv: battery.voltageMv,
    thermalStatus: thermal?.status ?? null,
    skinTempC: thermal?.skinTempC ?? null,
  };
  if (battery.updatesStopped) status.batteryUpdatesStopped = true;
  return status;
}

export async function readStatus(shell: DeviceShell, serial: string, now: () => number = Date.now): Promise<DeviceStatus> {
  const result = await shell.shell(serial, statusScript(), { timeoutMs: STATUS_TIMEOUT_MS });
  return statusFromOutput(serial, result.stdout.toString('utf8'), now());
}
