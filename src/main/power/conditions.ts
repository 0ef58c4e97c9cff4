/**
 * Measuring conditions: which energy source to use (best first, given charging), refusing the fuel gauge while
 * the phone charges (with the ways out), suspending Pixel battery input on request (and restoring it), a cool-down
 * gate before each model, and a thermal/throttling monitor during the run.
 */
import type { DeviceFacts, DeviceStatus } from '../../shared/devices';
import type { EnergyMethod, EnergyMethodChoice } from '../../shared/runs';
import { parseDumpsysBattery } from '../devices/parsers/battery';
import { parseDumpsysThermal } from '../devices/parsers/thermal';
import { sectionScript, splitSections } from '../devices/sections';
import { quietStderr, sh } from '../devices/shell-command';
import { readStatus } from '../devices/status';
import type { DeviceShell } from '../devices/types';
import { RunnerError } from '../runner/errors';
import { PollLoop } from './poll-loop';

export function isCharging(status: DeviceStatus): boolean {
  return status.chargingSource !== null || status.batteryStatus === 'charging' || status.batteryStatus === 'full';
}

export function isPixel(facts: DeviceFacts): boolean {
  return /^google$/i.test(facts.brand) || /^google$/i.test(facts.manufacturer) || /Pixel/i.test(facts.model);
}

export function chargingHelp(facts: DeviceFacts): string {
  const ways = [
    'use Wi-Fi debugging (`adb tcpip 5555`, `aurora-lab connect PHONE_IP:5555`, then unplug the cable)',
    'or a USB hub that can cut the charging power',
  ];
  if (isPixel(facts)) ways.push('or, on this Pixel, let the lab run `setprop power.battery_input.suspended true` while measuring (the "suspend charging" option, `--suspend-charging`; restored afterwards)');
  return ways.join(', ');
}

/**
 * The energy source for a run. `auto`: ODPM when the phone has rails (valid while charging), else the fuel gauge
 * (refused while charging), else charge-counter deltas. An explicit choice the phone cannot do is refused.
 */
export function chooseEnergyMethod(facts: DeviceFacts, charging: boolean, choice: EnergyMethodChoice, canSuspend: boolean): EnergyMethod {
  const src = facts.energySources;
  const refuseCharging = (what: string) =>
    new RunnerError(
      'charging',
      `The phone is charging, so ${what} would measure the charger, not the phone (the charger supplies the load). To measure on battery, ${chargingHelp(facts)}.` +
        (src.odpm ? ' Or use ODPM (energy method "odpm"), which is valid while charging.' : ''),
    );
  if (choice === 'odpm') {
    if (!src.odpm) throw new RunnerError('no-energy-source', 'This phone has no ODPM power rails (dumpsys powerstats lists no channels); use the fuel gauge.');
    return 'odpm';
  }
  if (choice === 'fuel-gauge') {
    if (!src.fuelGauge) throw new RunnerError('no-energy-source', 'This phone\'s fuel gauge (current_now/voltage_now) is not readable.');
    if (charging && !canSuspend) throw refuseCharging('the fuel gauge');
    return 'fuel-gauge';
  }
  if (choice === 'charge-counter') {
    if (!src.chargeCounter) throw new RunnerError('no-energy-source', 'This phone\'s charge counter is not readable.');
    if (charging && !canSuspend) throw refuseCharging('the charge counter');
    return 'charge-counter';
  }
  if (src.odpm) return 'odpm';
  if (src.fuelGauge) {
    if (charging && !canSuspend) throw refuseCharging('the fuel gauge');
    return 'fuel-gauge';
  }
  if (src.chargeCounter) {
    if (charging && !canSuspend) throw refuseCharging('the charge counter');
    return 'charge-counter';
  }
  throw new RunnerError('no-energy-source', 'This phone offers no energy source the lab can read (no ODPM rails, fuel gauge or charge counter).');
}

export const SUSPEND_PROP = 'power.battery_input.suspended';

/** Pixels: stop the charger feeding the battery while measuring. Returns the restore function. */
export async function suspendChargingInput(shell: DeviceShell, serial: string): Promise<() => Promise<void>> {
  const r = await shell.shell(serial, sh('setprop', SUSPEND_PROP, 'true'), { timeoutMs: 10_000 });
  if (r.exitCode !== 0 && r.exitCode !== null) {
    throw new RunnerError('charging', `Could not suspend charging (setprop ${SUSPEND_PROP} true failed: ${r.stderr.toString().trim()}). Unplug the phone or use Wi-Fi debugging.`);
  }
  return async () => {
    await shell.shell(serial, sh('setprop', SUSPEND_PROP, 'false'), { timeoutMs: 10_000 }).catch(() => {});
  };
}

/** Waits until the phone reports it is not charging (after suspending input), up to timeoutMs. */
export async function waitNotCharging(shell: DeviceShell, serial: string, timeoutMs = 5000): Promise<DeviceStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await readStatus(shell, serial);
    if (s.batteryStatus === 'discharging' || s.batteryStatus === 'not-charging') return s;
    if (Date.now() > deadline) {
      throw new RunnerError('charging', `The phone still reports "${s.batteryStatus}" after suspending its battery input; the fuel gauge cannot be trusted. Unplug it or use Wi-Fi debugging.`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function hottest(status: DeviceStatus): number | null {
  const t = [status.batteryTempC, status.skinTempC].filter((v): v is number => v !== null);
  return t.length ? Math.max(...t) : null;
}

export interface CooldownResult {
  waitedMs: number;
  tempC: number | null;
  timedOut: boolean;
  status: DeviceStatus;
}

/** Waits until battery and skin temperature are under `maxTempC` (polling), or the timeout passes. */
export async function coolDown(
  shell: DeviceShell,
  serial: string,
  opts: { maxTempC: number; timeoutMs: number; pollMs?: number; onProgress?: (tempC: number | null, waitedMs: number) => void; signal?: AbortSignal },
): Promise<CooldownResult> {
  const start = Date.now();
  for (;;) {
    const status = await readStatus(shell, serial);
    const t = hottest(status);
    const waited = Date.now() - start;
    if (t === null || t <= opts.maxTempC) return { waitedMs: waited, tempC: t, timedOut: false, status };
    if (waited >= opts.timeoutMs) return { waitedMs: waited, tempC: t, timedOut: true, status };
    opts.onProgress?.(t, waited);
    opts.signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
  }
}

export interface ThermalReading {
  /** Host ms when the read returned; `startedAt` when it was sent (the values were read in between). */
  at: number;
  startedAt?: number;
  batteryTempC: number | null;
  skinTempC: number | null;
  thermalStatus: number | null;
  /** Max over CPUs of scaling_cur_freq / scaling_max_freq; null when unreadable. */
  cpuFreqRatio: number | null;
  /** Min over CPUs of scaling_max_freq / cpuinfo_max_freq (below 1: the policy is capped); null when unreadable. */
  cpuCapRatio?: number | null;
  /**
   * A charger is connected or the battery is charging: a fuel gauge then measures what the charger does not
   * supply, not the phone. Null when `dumpsys battery` was unreadable.
   */
  charging: boolean | null;
}

function thermalScript(cpus: number) {
  const parts: Record<string, ReturnType<typeof sh>> = { thermal: sh('dumpsys', 'thermalservice'), battery: sh('dumpsys', 'battery') };
  const files = (name: string) => Array.from({ length: cpus }, (_, i) => `/sys/devices/system/cpu/cpu${i}/cpufreq/${name}`);
  if (cpus > 0) {
    parts.cur = quietStderr(sh('cat', ...files('scaling_cur_freq')));
    parts.max = quietStderr(sh('cat', ...files('scaling_max_freq')));
    parts.hwmax = quietStderr(sh('cat', ...files('cpuinfo_max_freq')));
  }
  return sectionScript(parts);
}

function ints(text: string | undefined): number[] {
  return (text ?? '').split(/\s+/).filter(Boolean).map(Number).filter(Number.isFinite);
}

/** Reads thermal status, temperatures and CPU frequencies in one round trip. */
export async function readThermal(shell: DeviceShell, serial: string, cpus: number): Promise<ThermalReading> {
  const startedAt = Date.now();
  const r = await shell.shell(serial, thermalScript(cpus), { timeoutMs: 10_000 });
  const sections = splitSections(r.stdout.toString('utf8'));
  let thermalStatus: number | null = null;
  let skin: number | null = null;
  try {
    const t = parseDumpsysThermal(sections.get('thermal')?.text ?? '');
    thermalStatus = t.status;
    skin = t.skinTempC;
  } catch {
    /* no thermal service */
  }
  const bt = /^\s*temperature:\s*(-?\d+)/m.exec(sections.get('battery')?.text ?? '');
  let charging: boolean | null = null;
  try {
    // The same rule as the check before a run (isCharging): a charger that only covers part of the load still
    // hides that part from the fuel gauge, even while the battery's status says discharging.
    const b = parseDumpsysBattery(sections.get('battery')?.text ?? '');
    charging = b.chargingSource !== null || b.status === 'charging' || b.status === 'full';
  } catch {
    /* no battery dump */
  }
  const cur = ints(sections.get('cur')?.text);
  const max = ints(sections.get('max')?.text);
  const hwmax = ints(sections.get('hwmax')?.text);
  let ratio: number | null = null;
  if (cur.length > 0 && cur.length === max.length) {
    ratio = Math.max(...cur.map((c, i) => (max[i]! > 0 ? c / max[i]! : 0)));
  }
  let cap: number | null = null;
  if (max.length > 0 && max.length === hwmax.length && hwmax.every((h) => h > 0)) {
    cap = Math.min(...max.map((m, i) => m / hwmax[i]!));
  }
  return { at: Date.now(), startedAt, batteryTempC: bt ? Number(bt[1]) / 10 : null, skinTempC: skin, thermalStatus, cpuFreqRatio: ratio, cpuCapRatio: cap, charging };
}

/**
 * Did the phone charge during [from, to] (boot-clock ms)? A reading taken up to `beforeMs` (one reading interval)
 * before the window counts: its state held into the window. Readings after the window do not: a charger plugged
 * in after a prompt must not void it. (A charger plugged in during a prompt's last interval is caught by the next
 * prompt.)
 */
export function chargedDuring(readings: readonly ThermalReading[], toBoot: (at: number) => number | null, from: number, to: number, beforeMs: number): boolean {
  return readings.some((r) => {
    if (r.charging !== true) return false;
    const t = toBoot(r.at);
    return t !== null && t >= from - beforeMs && t <= to;
  });
}

/**
 * One reading judged alone: thermal status >= moderate, or (taken while busy) CPUs well under their policy max or
 * the policy capped. Whether a reading was taken while busy is the caller's to know: see throttling.ts, which
 * judges a prompt from the readings around it.
 */
export function isThrottled(r: ThermalReading, busy: boolean): boolean {
  if (r.thermalStatus !== null && r.thermalStatus >= 2) return true;
  if (!busy) return false;
  return (r.cpuFreqRatio !== null && r.cpuFreqRatio < 0.7) || (r.cpuCapRatio != null && r.cpuCapRatio < 0.95);
}

/** Background thermal readings every `intervalMs` until stopped. */
export class ThermalMonitor {
  readonly readings: ThermalReading[] = [];
  readonly #loop: PollLoop;
  #listeners: Array<(r: ThermalReading) => void> = [];

  constructor(
    private readonly shell: DeviceShell,
    private readonly serial: string,
    private readonly cpus: number,
    private readonly intervalMs = 2000,
  ) {
    this.#loop = new PollLoop(intervalMs, () => this.readNow());
  }

  onReading(l: (r: ThermalReading) => void): void {
    this.#listeners.push(l);
  }

  start(): void {
    this.#loop.start();
  }

  async readNow(): Promise<ThermalReading | null> {
    try {
      const r = await readThermal(this.shell, this.serial, this.cpus);
      this.readings.push(r);
      for (const l of this.#listeners) l(r);
      return r;
    } catch {
      return null;
    }
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
