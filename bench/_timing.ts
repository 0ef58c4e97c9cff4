/** Median of 5 timed calls after one warm-up, ms (one decimal): the benches' figure for a repeated read. */
export function medianOf5Ms(fn: () => unknown): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    fn();
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  return +xs[2]!.toFixed(1);
}
