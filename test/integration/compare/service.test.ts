import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import { Lab } from '../../../src/main/lab/lab';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { routingMatrix } from '../../../src/main/strategies/oof-router';
import { loadRunMatrices } from '../../../src/main/compare/matrices';
import { catalogueEntry } from '../../../src/main/runner/models';
import type { CompareProgress, ComparisonResult, ComparisonRow } from '../../../src/shared/api/compare';
import { tempDir } from '../../helpers/temp-dir';
import { startFakeAnthropic } from '../strategies/fake-anthropic';
import { startFakeGemini } from '../strategies/fake-gemini';
import type { FakeServer } from '../strategies/fake-common';
import { handRun, LARGE, MID, SMALL, storeRun, matrixSource } from './fixture';

const RUN = 'run-hand0001';
const CLAUDE_KEY = 'sk-ant-compare-SECRET-0123456789';
const route = (user: string) => (user.includes('hard') ? LARGE : SMALL);

let lab: Lab;
let home: { path: string; cleanup: () => void };
let claude: FakeServer;
let gemini: FakeServer;
const events: CompareProgress[] = [];
let result: ComparisonResult;
let profileJson: string;

const call = <T>(domain: string, method: string, input: unknown) => dispatch(lab.handlers, domain, method, input) as Promise<T>;
const row = (name: string): ComparisonRow => {
  const r = result.groups[0]!.rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}: ${result.groups[0]!.rows.map((x) => x.name).join(', ')}`);
  return r;
};

beforeAll(async () => {
  home = tempDir();
  claude = await startFakeAnthropic({ validKeys: [CLAUDE_KEY], reply: route });
  gemini = await startFakeGemini({ validKeys: ['some-other-key'], reply: route });
  const secrets = new MemorySecretStore();
  // LLM routers reach the fake servers through base URLs given as the command line would (never a setting).
  lab = new Lab({ host: 'http', home: home.path, secrets, llmBaseUrls: { anthropic: claude.url, gemini: gemini.url } });
  lab.events.on('compare.progress', (p) => events.push(p));
  storeRun(lab.db, handRun(RUN));
  await call('settings', 'set', { patch: { anthropicModel: 'claude-opus-5-5', geminiModel: 'gemini-3.1-pro-preview' } });
  await call('settings', 'setKey', { provider: 'anthropic', key: CLAUDE_KEY });
  await call('settings', 'setKey', { provider: 'gemini', key: 'AIzaSyINVALID-gemini-key-000000000000' });
  // A profile built from this very run: the "profile" strategy must flag it as evaluated on training prompts.
  const m = loadRunMatrices(matrixSource(lab.db), [RUN], { sizeOf: (id) => catalogueEntry(id)?.sizeMb })[0]!.matrix;
  const all = Uint32Array.from({ length: m.nPrompts }, (_, i) => i);
  profileJson = JSON.stringify((await buildProfile(routingMatrix(m, all, [RUN]), { k: 2, validationFraction: 0, seed: 1 })).profile);
  result = await call<ComparisonResult>('compare', 'run', { runIds: [RUN], costMetric: 'energy', folds: 3, k: 2, seed: 5, profileJson, strategies: ['router', 'profile', 'oracle', 'claude', 'gemini', 'largest', 'smallest', 'random'] });
});

afterAll(async () => {
  await lab.close();
  await claude.close();
  await gemini.close();
  home.cleanup();
});

describe('compare service over a stored run, every strategy', () => {
  it('baselines and the measured oracle match hand-computed values', () => {
    const g = result.groups[0]!;
    expect(g.simulated).toBe('all');
    expect(g.notes[0]).toMatch(/SIMULATED/);
    expect(g.prompts).toBe(12);
    const largest = row('always-largest');
    expect(largest.accuracy).toBeCloseTo(10 / 12, 12);
    expect(largest.meanEnergyJ).toBeCloseTo(1, 12);
    expect(largest.savingsVsLargest).toEqual({ size: 0, latency: 0, energy: 0 });
    const smallest = row('always-smallest');
    expect(smallest.accuracy).toBeCloseTo(0.5, 12);
    expect(smallest.savingsVsLargest.energy).toBeCloseTo(0.9, 12);
    expect(smallest.savingsVsLargest.latency).toBeCloseTo(0.9, 12);
    expect(smallest.savingsVsLargest.size).toBeCloseTo(1 - 172 / 1440, 12);
    // Oracle by energy: p0-5 small, p6-7 mid, p8-9 large, p10-11 unsolved -> charged to the smallest.
    const oracle = row('oracle(energy)');
    expect(oracle.accuracy).toBeCloseTo(10 / 12, 12);
    expect(oracle.meanEnergyJ).toBeCloseTo(3.4 / 12, 12);
    expect(oracle.meanLatencyMs).toBeCloseTo(3400 / 12, 9);
    expect(oracle.meanSizeMb).toBeCloseTo((8 * 172 + 2 * 394 + 2 * 1440) / 12, 9);
    expect(oracle.savingsVsLargest.energy).toBeCloseTo(1 - 3.4 / 12, 12);
    expect(oracle.share).toEqual({ [SMALL]: 8 / 12, [MID]: 2 / 12, [LARGE]: 2 / 12 });
    expect(oracle.accuracyCi95!.lo).toBeLessThan(10 / 12);
    expect(oracle.accuracyCi95!.hi).toBeGreaterThan(10 / 12);
    expect(row('random(seed=5)').routed).toBe(12);
  });

  it('Claude through the SDK and the fake server; Gemini with a rejected key is unavailable with the reason, not fatal', async () => {
    const c = row('claude');
    expect(c.unavailable).toBeNull();
    // easy -> small (right), hard -> large (right on p6-p9): 10/12; energy (6 x 0.1 + 6 x 1) / 12.
    expect(c.accuracy).toBeCloseTo(10 / 12, 12);
    expect(c.meanEnergyJ).toBeCloseTo(6.6 / 12, 12);
    expect(c.agreementWithOracle).toBeCloseTo(8 / 12, 12);
    expect(c.agreementWithClaude).toBe(1);
    expect(row('oracle(energy)').agreementWithClaude).toBeCloseTo(8 / 12, 12);
    expect(c.llm).toMatchObject({ provider: 'anthropic', model: 'claude-opus-5-5', apiCalls: 12, cacheHits: 0 });
    expect(claude.generations).toBe(12);
    const gm = row('gemini');
    expect(gm.unavailable).toMatch(/Gemini: the API key was rejected/);
    expect(gm.unavailable).not.toContain('AIzaSyINVALID');
    expect(gm.accuracy).toBeNull();
    const llm = events.filter((e) => e.phase === 'llm' && e.strategy === 'claude');
    expect(llm.at(-1)).toMatchObject({ done: 12, total: 12, comparisonId: result.id });
    // Re-running costs nothing: every reply comes from the SQLite cache.
    const again = await call<ComparisonResult>('compare', 'run', { runIds: [RUN], costMetric: 'energy', strategies: ['claude'] });
    expect(again.groups[0]!.rows[0]!.llm).toMatchObject({ apiCalls: 0, cacheHits: 12 });
    expect(claude.generations).toBe(12);
  });

  it('the router is scored out of fold and swept over 101 preferences; the imported profile is flagged', () => {
    const g = result.groups[0]!;
    expect(g.outOfFold).toMatchObject({ k: 3, verified: true });
    expect(g.outOfFold!.folds.map((f) => f.trainPrompts + f.routedPrompts)).toEqual([12, 12, 12]);
    const r = row('router@0.50');
    expect(r.strategy).toBe('router');
    expect(r.evaluatedOnTraining).toBe(false);
    expect(r.routed).toBe(12);
    expect(r.deferralArea).not.toBeNull();
    const p = row('profile@0.50');
    expect(p.evaluatedOnTraining).toBe(true);
    expect(g.notes.some((n) => /EVALUATED ON TRAINING PROMPTS \(its provenance includes run run-hand0001\)/.test(n))).toBe(true);
    const energy = g.pareto.energy;
    expect(energy.unit).toBe('J');
    expect(energy.models.map((m) => m.model)).toEqual([SMALL, MID, LARGE]);
    energy.models.forEach((m, i) => expect(m.cost).toBeCloseTo([0.1, 0.3, 1][i]!, 12));
    expect(energy.oracle!.cost).toBeCloseTo(3.4 / 12, 12);
    expect(energy.curves.map((c) => [c.name, c.points.length, c.evaluatedOnTraining])).toEqual([['router', 101, false], ['profile', 101, true]]);
    g.pareto.latency.models.forEach((m, i) => expect(m.cost).toBeCloseTo([100, 300, 1000][i]!, 9));
    expect(g.breakdown.subject.groups.map((x) => x.key)).toEqual(['unknown']);
    expect(g.breakdown.subject.groups[0]!.cells['always-largest']!.accuracy).toBeCloseTo(10 / 12, 12);
    expect(g.breakdown.cluster!.basis).toMatch(/imported profile/);
    expect(g.breakdown.cluster!.groups.reduce((s, x) => s + x.prompts, 0)).toBe(12);
  });

  it('get, list, strategies and the CSV export', async () => {
    expect(await call<ComparisonResult>('compare', 'get', { comparisonId: result.id })).toEqual(result);
    const list = await call<Array<{ id: string }>>('compare', 'list', {});
    expect(list.map((x) => x.id)).toContain(result.id);
    const { csv, filename } = await call<{ csv: string; filename: string }>('compare', 'exportCsv', { comparisonId: result.id });
    expect(filename).toBe(`aurora-lab-${result.id}.csv`);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(1 + result.groups[0]!.rows.length);
    expect(lines[0]).toMatch(/^comparison_id,group,device,/);
    const header = lines[0]!.split(',');
    const oracleLine = lines.find((l) => l.includes('oracle(energy)'))!.split(',');
    expect(Number(oracleLine[header.indexOf('accuracy')])).toBeCloseTo(10 / 12, 9);
    expect(Number(oracleLine[header.indexOf(`share_${SMALL}`)])).toBeCloseTo(8 / 12, 9);
    expect(oracleLine[header.indexOf('simulated')]).toBe('all');
    const avail = await call<Array<{ id: string; available: boolean; reason: string | null }>>('strategies', 'list', {});
    expect(avail.find((s) => s.id === 'claude')!.available).toBe(true);
    expect(avail.find((s) => s.id === 'profile')!.reason).toMatch(/give a router profile/);
    await expect(call('compare', 'get', { comparisonId: 'cmp-00000000-none' })).rejects.toThrow(/No comparison/);
    await expect(call('compare', 'run', { runIds: ['run-missing1'] })).rejects.toThrow(/No run or campaign run-missing1/);
  });
});
