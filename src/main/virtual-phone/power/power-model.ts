import type { Persona } from '../personas';
import { cpuCount } from '../personas';
import type { BatteryStatus, ChargerType } from './battery-model';
import { batteryNetWatts, batteryStatus, terminalVolts } from './battery-model';
import { EnergyLedger } from './energy-ledger';
import type { Temperatures } from './thermal-model';
import { idleTemperatures, stepTemperatures, thermalStatus, throttleFactor } from './thermal-model';

export interface CpuTimeSource {
  /** Cumulative CPU seconds of the phone's processes. */
  sampleSeconds(nowMs: number): number;
}

export interface GaugeReading {
  bootMs: number;
  intervalMs: number;
  /** Average battery current over the interval in uA; positive = leaving the battery. Vendors convert. */
  currentUa: number;
  voltageUv: number;
  chargeCounterUah: number;
  capacity: number;
  status: BatteryStatus;
  tempDeciC: number;
  charger: ChargerType;
}

export interface RailEnergy {
  name: string;
  subsystem: string;
  joules: number;
}

export interface PowerModelOptions {
  persona: Persona;
  charging?: ChargerType;
  cpu: CpuTimeSource;
  /** Milliseconds; default Date.now (the clock the phone's programs stamp with). Injectable so tests can drive time. */
  clock?: () => number;
  random?: () => number;
  initialSoc?: number;
  sampleIntervalMs?: number;
  gaugeIntervalMs?: number;
}

/**
 * What the rest of the phone reads and sets of its power: the model itself, or (on a running phone) the model
 * on its own thread behind power-clock.ts.
 */
export type PowerSource = Pick<
  PowerModel,
  | 'bootEpochMs'
  | 'nowBootMs'
  | 'energyJoules'
  | 'powerWatts'
  | 'busyCores'
  | 'gauge'
  | 'temperatures'
  | 'thermalStatus'
  | 'chargerType'
  | 'soc'
  | 'clusterFreqKhz'
  | 'railEnergies'
  | 'setCharging'
  | 'setInputSuspended'
>;

/**
 * The phone's physics: true power from real CPU work, the energy ledger, the battery's charge and voltage,
 * temperatures, and a fuel gauge that publishes the average current of each ~300 ms window.
 */
export class PowerModel {
  readonly ledger = new EnergyLedger();
  /** Host epoch ms at boot: programs on the phone turn Date.now() into boot time with it. */
  readonly bootEpochMs: number;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly bootClock: number;
  private readonly persona: Persona;
  private readonly cpu: CpuTimeSource;
  private readonly capacityUah: number;
  private readonly sampleIntervalMs: number;
  private readonly gaugeIntervalMs: number;
  private charger: ChargerType;
  private inputSuspended = false;
  private chargeUah: number;
  private temps: Temperatures;
  private lastCpuS = 0;
  private lastBusyCores = 0;
  /** Busy cores smoothed over ~250 ms: what a governor acts on (one starved 50 ms sample is not idleness). */
  private busyAvg = 0;
  private idleNoise = 0;
  private idleJ = 0;
  private busyJ = 0;
  private gaugeStartMs = 0;
  private gaugeNetJ = 0;
  /** Boot ms of the next gauge update on the grid (none until start()). */
  private nextGaugeMs = Infinity;
  private latest: GaugeReading;
  private sampleTimer: NodeJS.Timeout | null = null;
  private gaugeTimer: NodeJS.Timeout | null = null;
  private listeners: ((r: GaugeReading) => void)[] = [];

  constructor(opts: PowerModelOptions) {
    this.persona = opts.persona;
    this.cpu = opts.cpu;
    // The phone's boot clock is the one its programs read: Date.now() - AURORA_BOOT_EPOCH_MS (the runner's stamps).
    // The ledger, the gauge and /proc/uptime use the same clock, so a window stamped by a program integrates the
    // ledger over the same instants. (performance.now() is the monotonic clock, which here drifted from the wall
    // clock by 480 ppm while NTP slewed it: 10 ms every 20 s between a prompt's stamps and the ground truth.)
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.charger = opts.charging ?? null;
    this.sampleIntervalMs = opts.sampleIntervalMs ?? 50;
    this.gaugeIntervalMs = opts.gaugeIntervalMs ?? 300;
    this.bootClock = this.clock();
    this.bootEpochMs = opts.clock ? Date.now() : this.bootClock;
    this.capacityUah = opts.persona.batteryDesignMah * 1000 * 0.96;
    this.chargeUah = this.capacityUah * (opts.initialSoc ?? 0.82);
    this.temps = idleTemperatures(opts.persona.idleWatts);
    this.lastCpuS = this.cpu.sampleSeconds(0);
    this.latest = this.reading(0, 0, opts.persona.idleWatts);
  }

  nowBootMs(): number {
    return this.clock() - this.bootClock;
  }

  /** Ground-truth energy the phone used between two boot-clock instants. */
  energyJoules(fromBootMs: number, toBootMs: number): number {
    this.sample();
    return this.ledger.energyBetween(fromBootMs, Math.min(toBootMs, this.nowBootMs()));
  }

  get powerWatts(): number {
    return this.ledger.lastPower;
  }

  get busyCores(): number {
    return this.lastBusyCores;
  }

  get gauge(): GaugeReading {
    return this.latest;
  }

  get temperatures(): Temperatures {
    return { ...this.temps };
  }

  get thermalStatus(): number {
    return thermalStatus(this.temps.skin);
  }

  get chargerType(): ChargerType {
    return this.charger;
  }

  get soc(): number {
    return this.chargeUah / this.capacityUah;
  }

  /** Current frequency of a cluster in kHz: idle at min, busy at max scaled down by thermal throttling. */
  clusterFreqKhz(minKhz: number, maxKhz: number): number {
    if (this.busyAvg < 0.05) return minKhz;
    return Math.max(minKhz, Math.round((maxKhz * throttleFactor(this.thermalStatus)) / 1000) * 1000);
  }

  /** Cumulative energy per ODPM rail; the rails always add up to the ledger. */
  railEnergies(): RailEnergy[] {
    this.sample();
    const rails = this.persona.rails ?? [];
    // Normalised so that a persona table that does not add up to exactly 1 cannot break the invariant.
    const idleSum = rails.reduce((n, r) => n + r.idleShare, 0) || 1;
    const busySum = rails.reduce((n, r) => n + r.busyShare, 0) || 1;
    return rails.map((r) => ({
      name: r.name,
      subsystem: r.subsystem,
      joules: (r.idleShare / idleSum) * this.idleJ + (r.busyShare / busySum) * this.busyJ,
    }));
  }

  setCharging(src: ChargerType): void {
    this.sample();
    this.charger = src;
  }

  /** Pixel's `setprop power.battery_input.suspended true`: the charger stays connected but stops feeding. */
  setInputSuspended(on: boolean): void {
    this.sample();
    this.inputSuspended = on;
  }

  onGauge(listener: (r: GaugeReading) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  start(): void {
    if (this.sampleTimer) return;
    this.sampleTimer = setInterval(() => this.sample(), this.sampleIntervalMs);
    this.sampleTimer.unref();
    // The gauge updates on its own grid of boot time, like the IC's clock: a late timer delays when a reading is
    // computed, never the interval it covers (sample() cuts the intervals at the grid instants).
    this.nextGaugeMs = this.nowBootMs() + this.gaugePeriod();
    const arm = () => {
      this.gaugeTimer = setTimeout(() => {
        this.sample();
        arm();
      }, Math.max(0, this.nextGaugeMs - this.nowBootMs()));
      this.gaugeTimer.unref();
    };
    arm();
  }

  /** One gauge period: real gauges drift around their nominal period; seen: median 310 ms on a Galaxy S25 Ultra. */
  private gaugePeriod(): number {
    return this.gaugeIntervalMs + (this.random() - 0.4) * 40;
  }

  stop(): void {
    if (this.sampleTimer) clearInterval(this.sampleTimer);
    if (this.gaugeTimer) clearTimeout(this.gaugeTimer);
    this.sampleTimer = null;
    this.gaugeTimer = null;
    this.nextGaugeMs = Infinity;
  }

  /** Advances the model to now: reads CPU time, appends the ledger, moves charge and heat. */
  sample(): void {
    const t = this.nowBootMs();
    const dtMs = t - this.ledger.lastTime;
    if (dtMs <= 0) return;
    const dtS = dtMs / 1000;
    const cpuS = this.cpu.sampleSeconds(t);
    const busyCores = Math.min(cpuCount(this.persona), Math.max(0, (cpuS - this.lastCpuS) / dtS));
    this.lastCpuS = cpuS;
    this.lastBusyCores = busyCores;
    this.busyAvg += (busyCores - this.busyAvg) * (1 - Math.exp(-dtMs / 250));
    // Background activity wanders a few percent, as a real idle phone's draw does.
    this.idleNoise = Math.max(-0.05, Math.min(0.05, this.idleNoise + (this.random() - 0.5) * 0.01));
    const idleW = this.persona.idleWatts * (1 + this.idleNoise);
    const busyW = this.persona.wattsPerBusyCore * busyCores;
    const watts = idleW + busyW;
    this.ledger.append(t, watts);
    this.idleJ += idleW * dtS;
    this.busyJ += busyW * dtS;

    const soc = this.soc;
    const netW = batteryNetWatts(watts, this.charger, soc, this.inputSuspended);
    const volts = terminalVolts(soc, netW);
    const amps = netW / volts;
    this.chargeUah = Math.min(this.capacityUah, Math.max(0, this.chargeUah - (amps * dtS * 1e6) / 3600));

    const chargeHeat = netW < 0 ? -netW * 0.08 : 0;
    this.temps = stepTemperatures(this.temps, { cpu: busyW, total: watts, chargeHeat }, dtS);

    // The battery power was netW over (t - dtMs, t]: split at every gauge instant inside it.
    let from = t - dtMs;
    while (this.nextGaugeMs <= t) {
      const at = this.nextGaugeMs;
      this.gaugeNetJ += (netW * (at - from)) / 1000;
      from = at;
      this.publishGauge(at);
      this.nextGaugeMs = at + this.gaugePeriod();
    }
    this.gaugeNetJ += (netW * (t - from)) / 1000;
  }

  /** An update now, off the grid (tests drive the gauge this way): the average since the previous update. */
  updateGauge(): GaugeReading {
    this.sample();
    return this.publishGauge(this.ledger.lastTime);
  }

  /** Publishes the average of the window since the previous update ending at `at`, as a fuel gauge IC does. */
  private publishGauge(at: number): GaugeReading {
    const interval = at - this.gaugeStartMs;
    const avgNetW = interval > 0 ? this.gaugeNetJ / (interval / 1000) : batteryNetWatts(this.persona.idleWatts, this.charger, this.soc);
    this.latest = this.reading(at, interval, avgNetW);
    this.gaugeStartMs = at;
    this.gaugeNetJ = 0;
    for (const l of this.listeners) l(this.latest);
    return this.latest;
  }

  private reading(t: number, interval: number, avgNetW: number): GaugeReading {
    const soc = this.soc;
    const volts = terminalVolts(soc, avgNetW);
    // Reported so that current x voltage is the window's average battery power exactly.
    const amps = avgNetW / volts;
    const status = batteryStatus(this.charger, soc, avgNetW, this.inputSuspended);
    return {
      bootMs: t,
      intervalMs: interval,
      currentUa: Math.round(amps * 1e6),
      voltageUv: Math.round(volts * 1e6),
      chargeCounterUah: Math.round(this.chargeUah),
      capacity: Math.max(0, Math.min(100, Math.round(soc * 100))),
      status,
      tempDeciC: Math.round(this.temps.battery * 10),
      charger: this.charger,
    };
  }
}
