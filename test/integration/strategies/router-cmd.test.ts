/**
 * `--router-cmd` against real programs (Debian's /usr/bin/python3): the README's example router, and routers that
 * crash half-way, answer garbage, hang, or answer late. Every run must end with the process gone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidatesFromMatrix, runRouterCommand, type RouterCmdResult } from '../../../src/main/strategies/external';
import { createMatrix, setCell } from '../../../src/main/strategies/matrix';
import { tempDir } from '../../helpers/temp-dir';

const PY = '/usr/bin/python3';
const ROUTERS = resolve(import.meta.dirname, '../../fixtures/routers');
const EXAMPLE = resolve(import.meta.dirname, '../../../examples/keyword_router.py');
const dir = tempDir('aurora-router-cmd-');
afterAll(() => dir.cleanup());

const models = [
  { id: 'qwen-1.7b', size_mb: 1100 },
  { id: 'gemma-270m', size_mb: 172 },
  { id: 'qwen-600m', size_mb: 394 },
];
const prompts = [
  { id: 'p1', subject: 'abstract_algebra', text: 'Find the order of the group Z_4 x Z_6.' },
  { id: 'p2', subject: 'world_religions', text: 'Which festival marks the end of Ramadan?' },
  { id: 'p3', subject: 'high_school_physics', text: 'A ball is dropped from 20 m. How long does it fall?' },
  { id: 'p4', subject: 'marketing', text: 'What is a "loss leader"? Solve for nothing; just define it.' },
  { id: 'p5', subject: 'nutrition', text: 'Which vitamin is made in the skin under sunlight?' },
  { id: 'p6', subject: 'philosophy', text: 'Who wrote the Critique of Pure Reason?' },
];
const py = (script: string, ...args: string[]) => [PY, join(ROUTERS, script), ...args].map((a) => `'${a}'`).join(' ');

function gone(r: RouterCmdResult): boolean {
  if (r.pid === null) return true;
  try {
    process.kill(r.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('runRouterCommand with the README example (examples/keyword_router.py)', () => {
  it('routes by keyword at every preference, complete, and the program is reaped', async () => {
    const r = await runRouterCommand({ command: `${PY} ${EXAMPLE}`, name: 'keywords', prompts, models, preferences: [1, 0, 0.5] });
    expect(r.unavailable).toBeNull();
    expect(r.complete).toBe(true);
    expect(r.counts.ok).toBe(18);
    expect(r.strategies.map((s) => s.name)).toEqual(['keywords@0.00', 'keywords@0.50', 'keywords@1.00']);
    const ids = (k: number) => Array.from(r.strategies[k]!.picks, (m) => models[m]!.id);
    // algebra and physics always go to the largest; the rest by preference (smallest, middle, largest).
    expect(ids(0)).toEqual(['qwen-1.7b', 'gemma-270m', 'qwen-1.7b', 'gemma-270m', 'gemma-270m', 'gemma-270m']);
    expect(ids(1)).toEqual(['qwen-1.7b', 'qwen-600m', 'qwen-1.7b', 'qwen-600m', 'qwen-600m', 'qwen-600m']);
    expect(ids(2)).toEqual(Array(6).fill('qwen-1.7b'));
    expect(r.sweep?.preferences).toEqual(Float64Array.of(0, 0.5, 1));
    expect(r.strategies[0]!.kind).toBe('picks');
    expect(r.strategies[0]!.meta).toMatchObject({ source: 'router-cmd', preference: 0 });
    expect(r.strategies[0]!.meta?.incomplete).toBeUndefined();
    expect(r.exit).toEqual({ code: 0, signal: null });
    expect(gone(r)).toBe(true);
  });
});

describe('what the router receives', () => {
  it('gets the documented request with measured candidates, argv without any shell, and no lab API key', async () => {
    const out = join(dir.path, 'requests.jsonl');
    const m = createMatrix({ device: 'pixel', prompts, models });
    prompts.forEach((_, p) => models.forEach((_, j) => setCell(m, p, j, { correct: 1, latency_ms: 100 * (j + 1) + p, energy_j: j === 2 ? null : 0.5 * (j + 1) })));
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test-never-leaks';
    let r: RouterCmdResult;
    try {
      r = await runRouterCommand({ command: `${py('record.py', out)} 'a;b' '$HOME' '|' '>x' "two words" \`id\``, prompts: prompts.slice(0, 2), models, candidates: candidatesFromMatrix(m) });
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
    expect(r.complete).toBe(true);
    expect(r.strategies.map((s) => s.name)).toEqual(['router-cmd@0.50']);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ argv: ['a;b', '$HOME', '|', '>x', 'two words', '`id`'], anthropic_key: null, gemini_key: null, path_set: true });
    expect(existsSync(join(dir.path, 'x'))).toBe(false);
    const req = lines[1]!.request as Record<string, unknown>;
    expect(req).toMatchObject({ id: 'p1', promptId: 'p1', subject: 'abstract_algebra', text: prompts[0]!.text, preference: 0.5 });
    expect(req.candidates).toEqual([
      { model: 'qwen-1.7b', sizeMb: 1100, meanLatencyMs: 102.5, latencyN: 6, meanEnergyJ: 0.5, energyN: 6 },
      { model: 'gemma-270m', sizeMb: 172, meanLatencyMs: 202.5, latencyN: 6, meanEnergyJ: 1, energyN: 6 },
      { model: 'qwen-600m', sizeMb: 394, meanLatencyMs: 302.5, latencyN: 6, meanEnergyJ: null, energyN: 0 },
    ]);
    expect(gone(r)).toBe(true);
  });
});

describe('routers that misbehave', () => {
  it('crash half-way: the answered prompts are kept, the rest reported with the exit code and stderr', async () => {
    const r = await runRouterCommand({ command: py('crash_after.py', '3'), name: 'crashy', prompts, models });
    expect(r.unavailable).toBeNull();
    expect(r.complete).toBe(false);
    expect(r.counts).toMatchObject({ ok: 3, crashed: 1, 'not-sent': 2 });
    expect(Array.from(r.strategies[0]!.picks)).toEqual([1, 1, 1, -1, -1, -1]);
    const crashed = r.perPrompt.find((p) => p.status === 'crashed')!;
    expect(crashed.promptId).toBe('p4');
    expect(crashed.error).toContain('exited with code 3 after 3 replies');
    expect(crashed.error).toContain('RuntimeError: router model file is corrupt');
    expect(r.strategies[0]!.meta?.incomplete).toMatchObject({ answered: 3, failed: 3, counts: { crashed: 1, 'not-sent': 2 } });
    expect(r.stderrTail).toContain('Traceback');
    expect(r.exit).toEqual({ code: 3, signal: null });
    expect(gone(r)).toBe(true);
  });

  it('a router that exits right after its last reply: every reply counts, then the early exit is reported', async () => {
    const all = await runRouterCommand({ command: py('exit_after.py', '6'), prompts, models });
    expect(all.complete).toBe(true);
    expect(all.exit).toEqual({ code: 0, signal: null });
    const part = await runRouterCommand({ command: py('exit_after.py', '2'), prompts, models });
    expect(part.perPrompt.map((p) => p.status)).toEqual(['ok', 'ok', 'crashed', 'not-sent', 'not-sent', 'not-sent']);
    expect(part.perPrompt[2]!.error).toBe('the router exited with code 0 after 2 replies');
    expect(gone(all) && gone(part)).toBe(true);
  });

  it('garbage: each bad reply is charged to its prompt with what was wrong, and the good ones count', async () => {
    const r = await runRouterCommand({ command: py('garbage.py'), name: 'garbage', prompts, models, maxLineBytes: 1000 });
    expect(r.perPrompt.map((p) => p.status)).toEqual(['invalid-reply', 'wrong-id', 'unknown-model', 'invalid-reply', 'invalid-reply', 'ok']);
    const err = r.perPrompt.map((p) => p.error ?? '');
    expect(err[0]).toMatch(/^the reply is not JSON .*: qwen-600m$/);
    expect(err[1]).toBe('the reply answers id "not-p2", but the request was "p2" (replies must come in request order, one per request)');
    expect(err[2]).toBe('the reply names model "gpt-17-ultra", which is not a candidate (qwen-1.7b, gemma-270m, qwen-600m)');
    expect(err[3]).toContain('"model" must be one of the candidates');
    expect(err[4]).toBe('the reply line is longer than 1000 bytes (5000 bytes dropped)');
    expect(Array.from(r.strategies[0]!.picks)).toEqual([-1, -1, -1, -1, -1, 0]);
    expect(r.incomplete?.failed).toBe(5);
    expect(r.incomplete?.reasons.length).toBe(5);
    expect(gone(r)).toBe(true);
  });

  it('a router that answers nothing is unavailable with the reason, not a strategy of empty picks', async () => {
    const r = await runRouterCommand({ command: py('crash_after.py', '0'), prompts, models });
    expect(r.unavailable?.reason).toContain('no prompt got a pick');
    expect(r.unavailable?.reason).toContain('exited with code 3 after 0 replies');
    expect(r.strategies[0]!.unavailable).toEqual(r.unavailable);
  });

  it('hang: per-request timeouts, stopped after 2 in a row, SIGTERM ignored so SIGKILL, reaped', async () => {
    const r = await runRouterCommand({ command: py('hang.py'), name: 'hang', prompts, models, timeoutMs: 300, startupTimeoutMs: 300, maxConsecutiveTimeouts: 2, exitGraceMs: 300 });
    expect(r.perPrompt.map((p) => p.status)).toEqual(['timeout', 'timeout', 'not-sent', 'not-sent', 'not-sent', 'not-sent']);
    expect(r.perPrompt[0]!.error).toBe('no reply within 300 ms');
    expect(r.perPrompt[2]!.error).toBe('not sent: the router did not answer 2 requests in a row and was stopped');
    expect(r.unavailable?.reason).toBe('hang: no prompt got a pick (timeout: no reply within 300 ms; timeout 2, not-sent 4)');
    expect(r.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(gone(r)).toBe(true);
  });

  it('a late reply to a timed-out request is recognised by its id and dropped, not taken for the next one', async () => {
    const r = await runRouterCommand({ command: py('late_first.py'), prompts: prompts.slice(0, 3), models, timeoutMs: 1500, startupTimeoutMs: 1500 });
    expect(r.perPrompt.map((p) => p.status)).toEqual(['timeout', 'ok', 'ok']);
    expect(r.lateReplies).toBe(1);
    expect(r.notes[0]).toContain('1 replies came after their request had timed out');
    expect(gone(r)).toBe(true);
  });

  it('a program that cannot start makes the strategy unavailable with the OS reason', async () => {
    const r = await runRouterCommand({ command: `${join(dir.path, 'no-such-router')} --flag`, prompts, models });
    expect(r.unavailable?.reason).toMatch(/cannot start .*no-such-router: .*ENOENT/);
    expect(r.strategies[0]!.unavailable?.reason).toBe(r.unavailable?.reason);
    expect(r.counts.crashed + r.counts['not-sent']).toBe(6);
  });

  it('stops when cancelled and still reaps the program', async () => {
    const ac = new AbortController();
    const run = runRouterCommand({ command: py('hang.py'), prompts, models, timeoutMs: 60_000, exitGraceMs: 200, signal: ac.signal, onProgress: () => undefined });
    ac.abort();
    const r = await run;
    expect(r.perPrompt.every((p) => p.status === 'not-sent')).toBe(true);
    expect(r.perPrompt[0]!.error).toBe('not sent: cancelled');
    expect(gone(r)).toBe(true);
  });
});
