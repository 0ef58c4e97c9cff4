/** `aurora-lab run` end to end: the real CLI process, a fresh lab home, a virtual phone it connects by address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePrivateAdbServer } from '../runs/helpers';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { virtualPhone, type PhoneHandle } from '../devices/helpers';
import { adb } from '../../helpers/adb-cli';

let ph: PhoneHandle;
let home: ReturnType<typeof tempDir>;

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  ph = await virtualPhone('pixel');
  home = tempDir('aurora-cli-run-');
});

afterAll(async () => {
  await adb(['disconnect', ph.phone.address]);
  await ph?.cleanup();
  home?.cleanup();
  adbServer?.stop();
});

describe('aurora-lab run', () => {
  it('works on a fresh install against a virtual phone and prints the per-prompt table', async () => {
    const r = await runCli(['--home', home.path, 'run', '--device', ph.phone.address, '--model', 'qwen-600m', '--prompt', 'hi', '--baseline-ms', '1500'], {}, 120_000);
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run [0-9a-f-]+: done \(SIMULATED: virtual phone\)/);
    expect(r.stdout).toMatch(/energy: odpm/);
    expect(r.stdout).toMatch(/TTFT ms +PREFILL t\/s +DECODE t\/s/);
    expect(r.stdout).toMatch(/^1 +ok +\d+/m);
    expect(r.stderr).toMatch(/\[prompts\]/);
    // The quick run's id works in `runs`: listed as a quick run, and shown with its prompts.
    const runId = /^run ([0-9a-f-]{36}): done/m.exec(r.stdout)![1]!;
    const listed = JSON.parse((await runCli(['--home', home.path, 'runs', '--json'])).stdout) as Array<{ id: string; kind: string; campaignId: string | null }>;
    expect(listed).toContainEqual(expect.objectContaining({ id: runId, kind: 'quick', campaignId: null }));
    const show = await runCli(['--home', home.path, 'runs', 'show', runId]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^run ${runId}: done`, 'm'));
    expect(show.stdout).toMatch(/^1 +ok +\d+/m);
  });

  it('prints JSON with --json, uses the fuel gauge when asked, and reads a prompts file', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = `${home.path}/prompts.jsonl`;
    writeFileSync(file, '{"id":"q1","question":"What is 2+2?","choices":["3","4","5","6"],"answer":"B","subject":"elementary_mathematics"}\n{"prompt":"Say hi"}\n');
    const r = await runCli(['--home', home.path, 'run', '--device', ph.phone.address, '--model', 'gemma-270m', '--prompts', file, '--json', '--energy', 'fuel-gauge', '--sample-hz', '25', '--baseline-ms', '1500'], {}, 120_000);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { run: { status: string; energyMethod: string; sampleHz: number; simulated: boolean }; results: Array<{ promptId: string; extracted: string | null; correct: boolean | null; ok: boolean; energy: { method: string } }> };
    expect(out.run).toMatchObject({ status: 'done', energyMethod: 'fuel-gauge', sampleHz: 25, simulated: true });
    expect(out.results.map((x) => x.promptId)).toEqual(['q1', 'prompts/1']);
    expect(out.results[0]!.correct === true || out.results[0]!.correct === false).toBe(true);
    expect(out.results[1]!.correct).toBeNull();
    expect(out.results.every((x) => x.ok && x.energy.method === 'fuel-gauge')).toBe(true);
  });

  it('refuses an unknown model and a run without prompts as bad input (exit 2)', async () => {
    const bad = await runCli(['--home', home.path, 'run', '--device', ph.phone.address, '--model', 'no-such-model', '--prompt', 'hi'], {}, 120_000);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/model: Unknown model "no-such-model"\. `aurora-lab models` lists/);
    const none = await runCli(['--home', home.path, 'run', '--device', ph.phone.address, '--model', 'qwen-600m'], {}, 120_000);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--prompt TEXT or --prompts FILE/);
  });
});
