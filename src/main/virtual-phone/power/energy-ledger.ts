/**
 * Ground truth: the phone's power as a piecewise-constant function of boot time, kept as cumulative energy at
 * each sample so any window integrates in O(log n).
 */
export class EnergyLedger {
  private times: number[] = [0];
  private cumulative: number[] = [0];
  private powers: number[] = [0];

  constructor(private readonly maxSamples = 600_000) {}

  /** Records that the power was `watts` from the previous sample up to `tMs`. */
  append(tMs: number, watts: number): void {
    const lastT = this.times[this.times.length - 1]!;
    if (tMs <= lastT) return;
    const lastE = this.cumulative[this.cumulative.length - 1]!;
    this.times.push(tMs);
    this.cumulative.push(lastE + (watts * (tMs - lastT)) / 1000);
    this.powers.push(watts);
    if (this.times.length > this.maxSamples) {
      // Hours-long sessions: forget the oldest fifth; queries before that clamp to what is kept.
      const drop = Math.floor(this.maxSamples / 5);
      this.times.splice(0, drop);
      this.cumulative.splice(0, drop);
      this.powers.splice(0, drop);
    }
  }

  get lastTime(): number {
    return this.times[this.times.length - 1]!;
  }

  get lastPower(): number {
    return this.powers[this.powers.length - 1]!;
  }

  get totalJoules(): number {
    return this.cumulative[this.cumulative.length - 1]!;
  }

  /** Cumulative energy at boot time t; past the last sample the latest power is assumed to continue. */
  energyAt(tMs: number): number {
    const n = this.times.length;
    const lastT = this.times[n - 1]!;
    if (tMs >= lastT) return this.cumulative[n - 1]! + (this.powers[n - 1]! * (tMs - lastT)) / 1000;
    if (tMs <= this.times[0]!) return this.cumulative[0]!;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= tMs) lo = mid;
      else hi = mid;
    }
    return this.cumulative[lo]! + (this.powers[hi]! * (tMs - this.times[lo]!)) / 1000;
  }

  energyBetween(fromMs: number, toMs: number): number {
    return this.energyAt(toMs) - this.energyAt(fromMs);
  }
}
