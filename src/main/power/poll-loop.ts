/**
 * A meter's background reads: `read` every `intervalMs` (start to start) until stopped. Stopping ends the wait
 * between reads at once and waits only for a read in flight: a monitor stopped mid-interval used to sleep the
 * rest of it (up to the ODPM period, 100 ms of the thermal one), phone time every model's setup paid
 * (bench/campaigns/overhead.ts).
 */
import { sleep } from '../../shared/kit/backoff';

export class PollLoop {
  readonly #stop = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly read: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.#loop) return;
    const { signal } = this.#stop;
    this.#loop = (async () => {
      while (!signal.aborted) {
        const started = Date.now();
        await this.read();
        const wait = this.intervalMs - (Date.now() - started);
        // An abort rejects the sleep: the loop then ends.
        if (wait > 0) await sleep(wait, { signal }).catch(() => {});
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }
}
