/**
 * Per-window energy from whichever meter a run uses: fuel-gauge samples from the runner's sampler (calibrated
 * current x voltage, reduced to the gauge's own updates), ODPM reads (cumulative rail energy), or charge-counter
 * deltas. Windows are attributed with the idle baseline outside the prompt windows (see attribution.ts).
 */
import type { EnergyMethod, EnergyProvenance } from '../../shared/runs';
import type { SampleMessage } from '../runner/protocol';
import { attributeIntervals, counterIntervals, intervalsOverlapping, meanPowerInside, stepsToIntervals } from './attribution';
import type { BusyWindow, MeteredInterval } from './attribution';
import { detectVoltageUnit } from './calibration';
import { chargeCounterStuck } from './charge-counter';
import type { GaugeCalibration, RawGaugeSample } from './calibration';
import { energyBetween, estimateGaugePeriod, gaugeSteps, sampleWatts } from './energy';
import { findGaps, gapInWindow, gapThresholdMs, type MeterGap } from './meter-gaps';
import { odpmFrozen, type OdpmRead } from './odpm';

/** Fewer meter updates than this inside a prompt and its energy gets a resolution note. */
export const MIN_UPDATES = 10;

export interface WindowEnergy {
  joules: number;
  coveredSeconds: number;
  windowSeconds: number;
  averageWatts: number;
  provenance: EnergyProvenance;
  /** The longest stretch without a meter reading inside the window (power/meter-gaps.ts), or null. */
  gap: MeterGap | null;
}

export class EnergyAccountant {
  readonly samples: SampleMessage[] = [];
  readonly odpm: OdpmRead[] = [];
  calibration: GaugeCalibration | null = null;
  idleWatts: number | null = null;
  #cache: { n: number; m: number; cal: GaugeCalibration | null; intervals: MeteredInterval[] } | null = null;
  #gapCache: { n: number; m: number; gaps: MeterGap[] } | null = null;

  constructor(
    readonly method: EnergyMethod,
    /** Runner sampler rate, or ODPM poll rate. */
    readonly sampleHz: number,
    /** uAh per raw charge_counter unit, from the probe's calibration (1 = uAh; some Samsung tablets: 10). */
    readonly chargeCounterUahPerUnit = 1,
  ) {}

  addSample(s: SampleMessage): void {
    const last = this.samples.at(-1);
    if (!last || s.t_ms >= last.t_ms) this.samples.push(s);
  }

  addOdpm(r: OdpmRead): void {
    const last = this.odpm.at(-1);
    if (!last || r.t > last.t) this.odpm.push(r);
  }

  rawGauge(from: number, to: number): RawGaugeSample[] {
    return this.samples.filter((s) => s.t_ms >= from && s.t_ms <= to).map((s) => ({ t: s.t_ms, current: s.current, voltage: s.voltage }));
  }

  watts(s: SampleMessage): number | null {
    return this.calibration ? sampleWatts({ t: s.t_ms, current: s.current, voltage: s.voltage }, this.calibration) : null;
  }

  /** The gauge's update period as seen in the samples (ms). */
  gaugePeriod(): number {
    const changes: number[] = [];
    let prev: string | null = null;
    for (const s of this.samples) {
      const key = `${s.current}|${s.voltage}`;
      if (key !== prev) changes.push(s.t_ms);
      prev = key;
    }
    return estimateGaugePeriod(changes);
  }

  intervals(): MeteredInterval[] {
    const c = this.#cache;
    if (c && c.n === this.samples.length && c.m === this.odpm.length && c.cal === this.calibration) return c.intervals;
    let intervals: MeteredInterval[] = [];
    if (this.method === 'odpm') {
      intervals = counterIntervals(this.odpm.map((r) => ({ t: r.t, joules: r.joules })));
    } else if (this.method === 'fuel-gauge') {
      if (this.calibration) {
        const raw = this.samples.map((s) => ({ t: s.t_ms, current: s.current, voltage: s.voltage }));
        intervals = stepsToIntervals(gaugeSteps(raw, this.calibration));
      }
    } else {
      intervals = this.#chargeCounterIntervals();
    }
    this.#cache = { n: this.samples.length, m: this.odpm.length, cal: this.calibration, intervals };
    return intervals;
  }

  /** charge_counter drops (in uAh after the unit calibration) × battery voltage: coarse, one interval per change. */
  #chargeCounterIntervals(): MeteredInterval[] {
    const out: MeteredInterval[] = [];
    let prev: SampleMessage | null = null;
    for (const s of this.samples) {
      if (s.charge_counter === null || s.voltage === null) continue;
      if (prev && s.charge_counter !== prev.charge_counter) {
        let volts: number;
        try {
          volts = s.voltage * detectVoltageUnit(s.voltage).toVolts;
        } catch {
          continue;
        }
        const uah = (prev.charge_counter! - s.charge_counter) * this.chargeCounterUahPerUnit;
        out.push({ from: prev.t_ms, to: s.t_ms, joules: Math.max(0, uah * 3.6e-3 * volts) });
        prev = s;
      } else if (!prev) prev = s;
    }
    return out;
  }

  /** Why the meter measures nothing: a charge counter or ODPM rails that never moved. Null while it moves. */
  meterProblem(): string | null {
    if (this.method === 'charge-counter') return chargeCounterStuck(this.samples.map((s) => ({ t: s.t_ms, counter: s.charge_counter })));
    if (this.method === 'odpm') return odpmFrozen(this.odpm);
    return null;
  }

  /** Boot-clock time up to which the meter has reported (a window ending before it can be finalised). */
  coveredUntil(): number {
    if (this.method === 'odpm') return this.odpm.at(-1)?.t ?? -Infinity;
    const last = this.samples.at(-1)?.t_ms ?? -Infinity;
    // A gauge reading describing time t is published up to one period later.
    return last - this.gaugePeriod() * 1.2;
  }

  /** When the meter read (ODPM dumps, or the runner's gauge samples), boot-clock ms, in order. */
  readTimes(): number[] {
    return this.method === 'odpm' ? this.odpm.map((r) => r.t) : this.samples.map((s) => s.t_ms);
  }

  /** How often the meter reports (ms): ODPM's poll interval, the gauge's update period, the sampler's period. */
  meterPeriodMs(): number {
    if (this.method === 'fuel-gauge') return this.gaugePeriod();
    return 1000 / Math.max(this.sampleHz, 1e-3);
  }

  /** Stretches without a reading for much longer than the meter's period (power/meter-gaps.ts). */
  gaps(): MeterGap[] {
    const c = this.#gapCache;
    if (c && c.n === this.samples.length && c.m === this.odpm.length) return c.gaps;
    const gaps = findGaps(this.readTimes(), gapThresholdMs(this.meterPeriodMs()));
    this.#gapCache = { n: this.samples.length, m: this.odpm.length, gaps };
    return gaps;
  }

  /** Longest stretch of [from, to] (boot-clock ms) with no sample, counting from the sample before `from`. */
  #longestSampleGap(from: number, to: number): number {
    let longest = 0;
    let prev: number | null = null;
    for (const s of this.samples) {
      if (s.t_ms > to) {
        if (prev !== null) longest = Math.max(longest, to - Math.max(prev, from));
        return longest;
      }
      if (prev !== null && s.t_ms > from) longest = Math.max(longest, s.t_ms - Math.max(prev, from));
      prev = s.t_ms;
    }
    return prev === null ? 0 : longest;
  }

  /** Mean power of the meter intervals lying inside [from, to]: the idle baseline. */
  baseline(from: number, to: number): { watts: number; seconds: number; intervals: number } | null {
    return meanPowerInside(this.intervals(), from, to);
  }

  window(from: number, to: number, busy: BusyWindow[]): WindowEnergy | null {
    const intervals = this.intervals();
    // A meter that never moved would give 0 J: no figure beats an impossible one.
    if (intervals.length === 0 || this.meterProblem()) return null;
    const steps = attributeIntervals(intervals, busy, this.idleWatts);
    const est = energyBetween(steps, from, to);
    if (est.coveredSeconds <= 0) return null;
    const updates = intervalsOverlapping(intervals, from, to);
    const sampleCount =
      this.method === 'odpm' ? this.odpm.filter((r) => r.t >= from && r.t <= to).length : this.samples.filter((s) => s.t_ms >= from && s.t_ms <= to).length;
    const notes: string[] = [];
    const unit = this.method === 'odpm' ? 'ODPM reads' : this.method === 'fuel-gauge' ? 'fuel-gauge updates' : 'charge-counter steps';
    if (updates < MIN_UPDATES) notes.push(`spans ${updates} ${unit} (< ${MIN_UPDATES}): coarse resolution, expect errors of several percent or more`);
    const gap = this.method === 'fuel-gauge' ? this.#longestSampleGap(from, to) : 0;
    // A starved sampler (a loaded phone) misses gauge updates; the missed ones are held at the last reading seen.
    if (gap > this.gaugePeriod() * 1.5) notes.push(`no sample for ${Math.round(gap)} ms (a starved sampler): gauge updates missed there are held at the last reading`);
    if (est.coveredSeconds < est.windowSeconds * 0.98) notes.push(`meter data covers ${Math.round((100 * est.coveredSeconds) / Math.max(est.windowSeconds, 1e-9))}% of the window`);
    return {
      joules: est.joules,
      coveredSeconds: est.coveredSeconds,
      windowSeconds: est.windowSeconds,
      averageWatts: est.averageWatts,
      provenance: { method: this.method, sampleHz: this.sampleHz, sampleCount, updates, resolutionNote: notes.length ? notes.join('; ') : null },
      gap: gapInWindow(this.gaps(), from, to, this.meterPeriodMs()),
    };
  }
}
