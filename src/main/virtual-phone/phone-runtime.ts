import { mkdirSync } from 'node:fs';
import { BatteryService } from './battery-service';
import type { PhoneContext } from './commands/types';
import { DeviceFs } from './device-fs';
import { personaForEngine } from './arm64-profile';
import type { VirtualEngine } from './arm64-profile';
import { PERSONAS, buildProperties } from './personas';
import type { Vendor } from './personas';
import type { ChargerType } from './power/battery-model';
import { PowerClock } from './power/power-clock';
import { ProcessLauncher } from './process-launcher';
import { SysfsWriter } from './sysfs-writer';
import type { OwnedFiles } from './sysfs-writer';

const DEVICE_DIRS = ['/data/local/tmp', '/sdcard', '/storage/emulated/0', '/system/bin', '/vendor/bin', '/proc', '/sys', '/dev', '/cache'];

export interface PhoneRuntime {
  context: PhoneContext;
  writer: SysfsWriter;
  /** Hands files to another writer (a replay): neither the static writer nor the gauge thread touches them. */
  exclude(owned: OwnedFiles): void;
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
  const power = new PowerClock({ vendor: opts.vendor, stateDir: opts.stateDir, charging: opts.charging ?? null });
  const props = buildProperties(persona, opts.serial);
  const launcher = new ProcessLauncher(fs, power, power, opts.serial, persona.engine === 'cactus');
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
  // The static files; the power clock's thread writes the ones each gauge reading changes.
  const writer = new SysfsWriter(fs, persona, power);
  let handedOver: OwnedFiles | null = null;
  return {
    context,
    writer,
    exclude(owned) {
      writer.exclude(owned);
      // The gauge thread gets them before its first reading (start below), not through a call that waits for it to boot.
      handedOver = owned;
    },
    async start() {
      try {
        await power.ready;
        if (handedOver) power.exclude(handedOver);
        await writer.writeStatic(props);
        await power.start();
      } catch (e) {
        await power.stop();
        throw e;
      }
    },
    async stop() {
      launcher.killAll();
      await power.stop();
    },
  };
}
