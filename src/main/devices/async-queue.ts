/**
 * An unbounded push queue exposed as an async iterable. Process output is drained into these as it arrives,
 * so a caller that only reads stdout can never stall the adb stream that also carries stderr and the exit code.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiters: Array<(r: IteratorResult<T>) => void> = [];
  #ended = false;
  #iterated = false;

  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.#items.push(item);
  }

  end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    // One consumer: a second iterator would silently steal chunks from the first.
    if (this.#iterated) throw new Error('This output stream is already being read');
    this.#iterated = true;
    return {
      next: () => {
        const item = this.#items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiters.push(resolve));
      },
      return: () => {
        this.#items = [];
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
