import { mkdirSync } from 'node:fs';
import { BatteryService } from './battery-service';
import type { PhoneContext } from './commands/types';
import { DeviceFs } from './device-fs';
import { personaForEngine } from './arm64-profile';
import type { VirtualEngine } from './arm64-profile';
import { PERSONAS, buildProperties } from './personas';
import type { Vendor } from './personas';
import { ProcessGroupCpu } from './power/cpu-usage';
import type { ChargerType } from './power/battery-model';
import { PowerModel } from './power/power-model';
import { ProcessLauncher } from './process-launcher';
import { SysfsWriter } from './sysfs-writer';

const DEVICE_DIRS = ['/data/local/tmp', '/sdcard', '/storage/emulated/0', '/system/bin', '/vendor/bin', '/proc', '/sys', '/dev', '/cache'];

export interface PhoneRuntime {
  context: PhoneContext;
  writer: SysfsWriter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Everything of a phone except its network side: file tree, properties, power model, processes. */
export function createPhoneRuntime(opts: { vendor: Vendor; stateDir: string; serial: string; charging?: ChargerType; engine?: VirtualEngine }): PhoneRuntime {
  const base = PERSONAS[opts.vendor];
  if (!base) throw new Error(`unknown vendor '${String(opts.vendor)}' (expected pixel or samsung)`);
  const persona = personaForEngine(base, opts.engine);
  mkdirSync(opts.stateDir, { recursive: true });
  const fs = new DeviceFs(opts.stateDir);
  for (const d of DEVICE_DIRS) mkdirSync(fs.hostPath(d), { recursive: true });
  const cpu = new ProcessGroupCpu();
  const power = new PowerModel({ persona, cpu, charging: opts.charging ?? null });
  const props = buildProperties(persona, opts.serial);
  const launcher = new ProcessLauncher(fs, power, cpu, opts.serial, persona.engine === 'cactus');
  const context: PhoneContext = {
    fs,
    persona,
    serial: opts.serial,
    props,
    power,
    battery: new BatteryService(power),
    launcher,
    powerStatsDelta: null,
  };
  const writer = new SysfsWriter(fs, persona, power);
  let unsubscribe: (() => void) | null = null;
  return {
    context,
    writer,
    async start() {
      await writer.writeStatic(props);
      unsubscribe = power.onGauge((r) => void writer.update(r).catch(() => {}));
      power.start();
    },
    async stop() {
      launcher.killAll();
      power.stop();
      unsubscribe?.();
      await writer.flush();
    },
  };
}
