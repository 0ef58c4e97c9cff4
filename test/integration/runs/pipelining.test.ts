/**
 * Prompts are pipelined on a real virtual phone (real adb server, real runner): each prompt is written to the
 * runner while the one before it runs, so the phone never waits for the lab's round trip; results still come back
 * and are stored in order, each with its own energy window. The benches' baseline (`promptLookahead: 0`) really
 * writes each prompt only after the reply ahead of it was read. A cancel still ends with the prompt that ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultMessage } from '../../../src/main/runner/protocol';
import type { RunnerSession } from '../../../src/main/runner/session';
import { measuredPhone, usePrivateAdbServer, type MeasuredPhone } from './helpers';

let m: MeasuredPhone;
let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  m = await measuredPhone('pixel');
}, 60_000);

afterAll(async () => {
  await m?.cleanup();
  adbServer?.stop();
});

const PROMPTS = [{ text: 'one' }, { text: 'two, a little longer' }, { text: 'three' }, { text: 'four' }, { text: 'five' }];

/** Runs the prompts; for each reply, how many requests had been written when it was read (warm-ups included). */
async function run(lookahead: 0 | 1) {
  const writtenWhenRead: number[] = [];
  const hook = (s: RunnerSession) => {
    let written = 0;
    const request = s.request.bind(s);
    s.request = (...args: Parameters<RunnerSession['request']>) => {
      written++;
      return request(...args);
    };
    s.on('message', (msg) => {
      if (msg.type === 'result') writtenWhenRead[(msg as ResultMessage).id as number] = written;
    });
  };
  const { done } = await m.lab.services.runs.startQuickRun(
    { serial: m.phone.address, model: 'gemma-270m', prompts: PROMPTS, idleBaselineMs: 1000, maxTokens: 12, energyMethod: 'odpm' },
    { promptLookahead: lookahead, onSession: hook },
  );
  const o = (await done)!;
  return { o, writtenWhenRead };
}

describe('prompts pipelined into the runner', () => {
  it('writes each prompt before the reply ahead of it is read, and stores every result in order with its energy', async () => {
    const { o, writtenWhenRead } = await run(1);
    expect(o.status, o.error ?? '').toBe('done');
    const stored = m.lab.repositories.results.results(o.runId);
    expect(stored.map((r) => r.promptId)).toEqual(o.results.map((r) => r.promptId));
    expect(stored).toHaveLength(PROMPTS.length);
    for (const r of stored) {
      expect(r.ok).toBe(true);
      expect(r.energyJ, `prompt ${r.index}`).toBeGreaterThan(0);
      expect(r.energy?.method).toBe('odpm');
    }
    // Windows in order and not overlapping: one prompt at a time on the phone.
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.tStartMs!).toBeGreaterThanOrEqual(stored[i - 1]!.tEndMs!);
    // Request ids are 1, 2, ...: the warm-up(s) first, then the prompts. Every prompt reply but the last was read
    // with the next prompt already written.
    const ids = writtenWhenRead.map((_, id) => id).filter((id) => id > 0);
    const prompts = ids.slice(-PROMPTS.length);
    for (const id of prompts.slice(0, -1)) expect(writtenWhenRead[id], `reply ${id}`).toBeGreaterThanOrEqual(id + 1);
  });

  it('a cancel ends with the prompt that was running, stored with its whole energy window; the queued one is not', async () => {
    const prompts = Array.from({ length: 8 }, (_, i) => ({ text: `prompt ${i}` }));
    let runId = '';
    const started = await m.lab.services.runs.startQuickRun(
      { serial: m.phone.address, model: 'gemma-270m', prompts, idleBaselineMs: 1000, maxTokens: 12, energyMethod: 'fuel-gauge' },
      { onPromptSent: (i) => (i === 2 ? m.lab.services.runs.cancel(runId) : undefined) },
    );
    runId = started.runId;
    const o = (await started.done)!;
    expect(o.status).toBe('cancelled');
    const stored = m.lab.repositories.results.results(o.runId);
    expect(stored.map((r) => r.index)).toEqual([0, 1, 2]);
    for (const r of stored) {
      expect(r.ok).toBe(true);
      expect(r.energyFlag, `prompt ${r.index}`).toBeFalsy();
      expect(r.energyJ, `prompt ${r.index}`).toBeGreaterThan(0);
      expect(r.energy?.resolutionNote ?? '', `prompt ${r.index}: the meter reported past its end`).not.toMatch(/covers/);
    }
    // The phone is free again: the runner with the queued prompt was stopped.
    const next = (await (await m.lab.services.runs.startQuickRun({ serial: m.phone.address, model: 'gemma-270m', prompts: [{ text: 'hi' }], idleBaselineMs: 500, maxTokens: 4, energyMethod: 'odpm' })).done)!;
    expect(next.status).toBe('done');
  });

  it('the baseline (lookahead 0) writes each prompt only after the reply ahead of it', async () => {
    const { o, writtenWhenRead } = await run(0);
    expect(o.status, o.error ?? '').toBe('done');
    expect(m.lab.repositories.results.results(o.runId)).toHaveLength(PROMPTS.length);
    const ids = writtenWhenRead.map((_, id) => id).filter((id) => id > 0);
    for (const id of ids) expect(writtenWhenRead[id], `reply ${id}`).toBe(id);
  });
});
