import { describe, expect, it } from 'vitest';
import { benchmarkHandlers } from '../../../src/main/benchmark/handlers';
import type { BenchmarkService } from '../../../src/main/benchmark/service';

describe('benchmark handlers', () => {
  it('pass on who called, so a data set named over HTTP is held to the lab home like campaigns.start', async () => {
    const callers: unknown[] = [];
    const service = { run: async (_req: unknown, _internals: unknown, caller: unknown) => callers.push(caller) } as unknown as BenchmarkService;
    const h = benchmarkHandlers(service);
    await h.run({} as never, { caller: 'http' });
    await h.run({} as never, { caller: 'cli' });
    await h.run({} as never);
    expect(callers).toEqual(['http', 'cli', 'http']);
  });
});
