/**
 * Maps host time to the phone's boot clock. The runner stamps every line with its boot-clock time; the host notes
 * when each line arrived. Arrival is never before emission, so the smallest (arrival - stamp) seen is the best
 * estimate of the offset (transport delay only adds to it).
 */
export class BootClockMapper {
  #offset: number | null = null;

  observe(hostMs: number, bootMs: number): void {
    const d = hostMs - bootMs;
    if (this.#offset === null || d < this.#offset) this.#offset = d;
  }

  get known(): boolean {
    return this.#offset !== null;
  }

  /** Boot-clock ms for a host time (performance.timeOrigin-based or Date.now(), as observed). */
  toBoot(hostMs: number): number | null {
    return this.#offset === null ? null : hostMs - this.#offset;
  }
}
