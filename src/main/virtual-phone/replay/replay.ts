/**
 * A virtual phone that answers like a captured real phone: `getprop`, `dumpsys battery|thermalservice|powerstats`,
 * the PowerStats HAL dumps (plain and delta), /proc/cpuinfo, /proc/meminfo, the power-supply nodes and thermal
 * zones come from the capture folder, as the phone printed them; the power time series is replayed into the
 * fuel-gauge nodes; everything not captured falls back to the persona. It stays a virtual phone: getprop adds
 * `ro.aurora.virtual=1` (and `ro.aurora.replay`), so everything measured on it is flagged simulated.
 */
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { THERMAL_SYSFS, devicePathOf } from '../../devices/capture/layout';
import { POWER_STATS_HAL } from '../../power/odpm';
import { dumpsys } from '../commands/dumpsys';
import { getprop } from '../commands/system-commands';
import type { Command, CommandContext } from '../commands/types';
import type { PhoneRuntime } from '../phone-runtime';
import type { Vendor } from '../personas';
import type { LoadedCapture } from './capture-folder';
import { SeriesDriver, seriesPaths } from './series-driver';

export interface ReplayHandle {
  capture: LoadedCapture;
  /** What the ADB banner should say: the captured phone's product name, model and device. */
  identity: { name: string | null; model: string | null; device: string | null };
  /** Writes the captured files into the phone's tree and starts the series. Call after the runtime started. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The persona that answers what a capture lacks: the Samsung one for a Samsung phone, else the Pixel one. */
export function fallbackVendor(capture: LoadedCapture): Vendor {
  const maker = capture.props?.get('ro.product.manufacturer') ?? capture.manifest?.device.manufacturer ?? '';
  return /^samsung$/i.test(maker.trim()) ? 'samsung' : 'pixel';
}

/** The capture file that answers `dumpsys <args>`, or null when the persona answers. */
export function dumpsysFile(args: string[]): string | null {
  const [service, ...rest] = args;
  const plain = rest.length === 0;
  if (service === 'battery' && (plain || (rest.length === 1 && rest[0] === '-a'))) return 'dumpsys-battery.txt';
  if (service === 'thermalservice' && plain) return 'dumpsys-thermalservice.txt';
  if (service === 'powerstats' && plain) return 'dumpsys-powerstats.txt';
  if (service === POWER_STATS_HAL) return plain ? 'odpm.txt' : rest.length === 1 && rest[0] === 'delta' ? 'odpm-delta.txt' : null;
  return null;
}

export function attachReplay(runtime: PhoneRuntime, capture: LoadedCapture): ReplayHandle {
  const phone = runtime.context;
  const has = (file: string) => capture.files.has(file) || capture.failed.has(file);

  /** Answers with a captured source: its bytes, its stderr and exit code as recorded. */
  const answer = async (ctx: CommandContext, file: string): Promise<number> => {
    const data = capture.files.get(file);
    const entry = capture.manifest?.files[file];
    if (data) await ctx.io.stdout.write(data);
    if (entry?.stderr) await ctx.io.stderr.write(entry.stderr);
    return entry?.exitCode ?? 0;
  };

  // Captured properties win over the persona's; the phone still says it is virtual.
  for (const [k, v] of capture.props ?? []) phone.props.set(k, v);
  phone.props.set('ro.aurora.virtual', '1');
  phone.props.set('ro.aurora.replay', basename(capture.dir));
  const marker = `[ro.aurora.virtual]: [1]\n[ro.aurora.replay]: [${basename(capture.dir)}]\n`;

  const replayGetprop: Command = async (ctx) => {
    if (ctx.args.length > 0 || !has('getprop.txt')) return getprop(ctx);
    const status = await answer(ctx, 'getprop.txt');
    const text = capture.files.get('getprop.txt')?.toString('utf8') ?? '';
    await ctx.io.stdout.write(text === '' || text.endsWith('\n') ? marker : `\n${marker}`);
    return status;
  };
  const replayDumpsys: Command = async (ctx) => {
    const file = dumpsysFile(ctx.args);
    return file && has(file) ? answer(ctx, file) : dumpsys(ctx);
  };
  phone.commandOverrides = new Map([
    ['getprop', replayGetprop],
    ['dumpsys', replayDumpsys],
  ]);

  // The phone's tree: captured files (and those captured as missing) are the replay's, not the persona's.
  const captured = new Map<string, Buffer | null>();
  for (const [file, data] of capture.files) {
    const path = devicePathOf(file);
    if (path) captured.set(path, data);
  }
  for (const file of capture.failed.keys()) {
    const path = devicePathOf(file);
    if (path) captured.set(path, null);
  }
  const series = seriesPaths(capture.series);
  const ownsZones = [...captured.keys()].some((p) => p.startsWith(`${THERMAL_SYSFS}/`));
  const owned = new Set([...captured.keys(), ...series]);
  runtime.exclude({ paths: [...owned], prefixes: ownsZones ? [`${THERMAL_SYSFS}/`] : [] });
  const driver = new SeriesDriver(phone.fs, capture.series);

  const model = capture.props?.get('ro.product.model') ?? null;
  return {
    capture,
    identity: { name: capture.props?.get('ro.product.name') ?? null, model, device: capture.props?.get('ro.product.device') ?? null },
    async start() {
      // A reused state folder may hold the persona's zones from an earlier run.
      if (ownsZones) rmSync(phone.fs.hostPath(THERMAL_SYSFS), { recursive: true, force: true });
      for (const [path, data] of captured) {
        if (data === null) rmSync(phone.fs.hostPath(path), { force: true });
        else if (!series.includes(path)) await phone.fs.writeAtomic(path, data);
      }
      await driver.start();
    },
    async stop() {
      await driver.stop();
    },
  };
}
