/**
 * Runs at most `limit` tasks at once, one per key: a key already queued or running is not queued again (one
 * status poll per device at a time, a bounded number across devices).
 */
export class KeyedQueue {
  readonly #waiting: Array<{ key: string; run: () => Promise<void> }> = [];
  readonly #keys = new Set<string>();
  #running = 0;

  constructor(private readonly limit: number) {}

  /** Queued or running. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string, run: () => Promise<void>): void {
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    this.#waiting.push({ key, run });
    this.#pump();
  }

  /** Drops what has not started (running tasks finish on their own). */
  clear(): void {
    for (const w of this.#waiting.splice(0)) this.#keys.delete(w.key);
  }

  #pump(): void {
    while (this.#running < this.limit && this.#waiting.length > 0) {
      const { key, run } = this.#waiting.shift()!;
      this.#running += 1;
      void run()
        .catch(() => {})
        .finally(() => {
          this.#running -= 1;
          this.#keys.delete(key);
          this.#pump();
        });
    }
  }
}
