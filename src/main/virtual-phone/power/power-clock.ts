/**
 * A running virtual phone's power model on its own thread. The model's clock is its sampling: the ledger,
 * the battery and the fuel gauge advance when a timer fires, so on the thread that also serves ADB, shells and
 * (in tests and in-app builds) the whole lab, a loaded machine made the gauge late: readings published
 * 150-900 ms after the interval they describe and gauge periods stretched to 500-900 ms, which a sampler reads
 * as the phone's power shifted late (3-9 % of a prompt's energy moved across its boundaries, issue 14). A real
 * gauge runs on its own clock, whatever the CPU is doing; so does this one, on a worker thread whose timers only
 * wait for the scheduler (measured on a loaded 2-core host: median 6 ms late, against 30 ms on a busy main
 * thread). Reads and commands are synchronous calls (sync-call.ts), so the API is PowerModel's.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Vendor } from '../personas';
import type { OwnedFiles } from '../sysfs-writer';
import type { ChargerType } from './battery-model';
import type { PowerClockData, PowerClockReady } from './power-clock-worker';
import type { GaugeReading, PowerSource, RailEnergy } from './power-model';
import { SyncCaller } from './sync-call';
import type { Temperatures } from './thermal-model';

interface State {
  powerWatts: number;
  busyCores: number;
  gauge: GaugeReading;
  temperatures: Temperatures;
  thermalStatus: number;
  chargerType: ChargerType;
  soc: number;
}

/**
 * The lab runs virtual phones from source (the CLI through tsx, tests through vitest): the worker registers tsx
 * itself and imports the TypeScript entry. Compiled to JavaScript, the entry is expected beside this file.
 */
function spawn(workerData: PowerClockData): Worker {
  const here = import.meta.url;
  const options = { workerData, transferList: [workerData.port] };
  if (here.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./power-clock-worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  const bundled = [new URL('./power-clock-worker.js', here), new URL('../power-clock-worker.js', here)].find((u) => existsSync(fileURLToPath(u)));
  if (!bundled) throw new Error(`virtual phone: power-clock-worker.js is missing beside ${fileURLToPath(here)}; compile it with this file`);
  return new Worker(bundled, options);
}

export class PowerClock implements PowerSource {
  private readonly rpc: SyncCaller;
  private readonly worker: Worker;
  private booted: PowerClockReady | null = null;
  private stopped = false;
  /** Resolves once the worker's model exists (the phone's boot instant is known). */
  readonly ready: Promise<void>;

  constructor(opts: { vendor: Vendor; stateDir: string; charging: ChargerType }) {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    this.rpc = new SyncCaller(port1, flag, `virtual phone ${opts.vendor} power clock`);
    this.worker = spawn({ vendor: opts.vendor, stateDir: opts.stateDir, charging: opts.charging, port: port2, flag });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('message', (m: PowerClockReady) => {
        this.booted = m;
        resolve();
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`virtual phone power clock exited (code ${code}) before it started`)));
    });
    // Like the model's own timers: a phone that is left running never keeps the process alive.
    this.worker.unref();
  }

  private get boot(): PowerClockReady {
    if (!this.booted) throw new Error('virtual phone power clock: used before it started (await ready)');
    return this.booted;
  }

  get bootEpochMs(): number {
    return this.boot.bootEpochMs;
  }

  nowBootMs(): number {
    return Date.now() - this.boot.bootEpochMs;
  }

  energyJoules(fromBootMs: number, toBootMs: number): number {
    return this.rpc.call<number>('energyJoules', fromBootMs, toBootMs);
  }

  private state(): State {
    return this.rpc.call<State>('state');
  }

  get powerWatts(): number {
    return this.state().powerWatts;
  }

  get busyCores(): number {
    return this.state().busyCores;
  }

  get gauge(): GaugeReading {
    return this.state().gauge;
  }

  get temperatures(): Temperatures {
    return this.state().temperatures;
  }

  get thermalStatus(): number {
    return this.state().thermalStatus;
  }

  get chargerType(): ChargerType {
    return this.state().chargerType;
  }

  get soc(): number {
    return this.state().soc;
  }

  clusterFreqKhz(minKhz: number, maxKhz: number): number {
    return this.rpc.call<number>('clusterFreqKhz', minKhz, maxKhz);
  }

  railEnergies(): RailEnergy[] {
    return this.rpc.call<RailEnergy[]>('railEnergies');
  }

  setCharging(src: ChargerType): void {
    this.rpc.call('setCharging', src);
  }

  setInputSuspended(on: boolean): void {
    this.rpc.call('setInputSuspended', on);
  }

  /** Counts a spawned program's CPU time (its process group) from now on. */
  track(pid: number): void {
    this.rpc.call('track', pid);
  }

  /** Files a replay owns: the gauge thread stops writing them. */
  exclude(owned: OwnedFiles): void {
    this.rpc.call('exclude', owned);
  }

  async start(): Promise<void> {
    await this.ready;
    this.rpc.call('start');
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.booted) this.rpc.call('stop');
    await this.worker.terminate();
  }
}
