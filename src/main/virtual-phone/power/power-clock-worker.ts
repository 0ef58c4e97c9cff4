/**
 * The thread a running virtual phone keeps its physics on (see power-clock.ts): CPU time of the phone's
 * programs, the energy ledger, the battery, temperatures and the fuel gauge, published into the phone's sysfs
 * files the moment each reading is computed. Answers the main thread's synchronous calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { DeviceFs } from '../device-fs';
import { PERSONAS } from '../personas';
import type { Vendor } from '../personas';
import { SysfsWriter } from '../sysfs-writer';
import type { OwnedFiles } from '../sysfs-writer';
import type { ChargerType } from './battery-model';
import { ProcessGroupCpu } from './cpu-usage';
import { PowerModel } from './power-model';
import { serveSyncCalls } from './sync-call';

export interface PowerClockData {
  vendor: Vendor;
  stateDir: string;
  charging: ChargerType;
  port: MessagePort;
  flag: Int32Array;
}

export interface PowerClockReady {
  /** Date.now() at boot: the phone's boot clock is Date.now() - bootEpochMs on every thread (see PowerModel). */
  bootEpochMs: number;
}

const data = workerData as PowerClockData;
const persona = PERSONAS[data.vendor]!;
const cpu = new ProcessGroupCpu();
const model = new PowerModel({ persona, cpu, charging: data.charging });
const writer = new SysfsWriter(new DeviceFs(data.stateDir), persona, model);
model.onGauge((r) => writer.publish(r));

serveSyncCalls(data.port, data.flag, {
  start: () => {
    writer.publish(model.gauge);
    model.start();
  },
  stop: () => {
    model.stop();
    writer.close();
  },
  track: (pid: number) => cpu.track(pid),
  exclude: (owned: OwnedFiles) => writer.exclude(owned),
  energyJoules: (from: number, to: number) => model.energyJoules(from, to),
  state: () => ({
    powerWatts: model.powerWatts,
    busyCores: model.busyCores,
    gauge: model.gauge,
    temperatures: model.temperatures,
    thermalStatus: model.thermalStatus,
    chargerType: model.chargerType,
    soc: model.soc,
  }),
  clusterFreqKhz: (min: number, max: number) => model.clusterFreqKhz(min, max),
  railEnergies: () => model.railEnergies(),
  setCharging: (src: ChargerType) => model.setCharging(src),
  setInputSuspended: (on: boolean) => model.setInputSuspended(on),
});
parentPort!.postMessage({ bootEpochMs: model.bootEpochMs } satisfies PowerClockReady);
