import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  campaignItem,
  deviceOptions,
  filterRuns,
  isFiltered,
  itemDurationMs,
  itemEnergy,
  listItems,
  nextSort,
  quickItem,
  sortRuns,
  type RunSortKey,
} from '../../../../src/renderer/src/runs/runs-list';
import { makeCampaign, makeSummary } from '../fixtures/runs';


const runs = [
  makeSummary({ id: 'run-a', serial: 'S1', deviceModel: 'Pixel 8', status: 'done', simulated: false, createdAt: 3000, finishedAt: 9000, promptCount: 5, modelIds: ['qwen-600m'] }),
  makeSummary({ id: 'run-b', serial: '127.0.0.1:5555', deviceModel: 'Pixel 8 Pro', status: 'failed', simulated: true, createdAt: 1000, finishedAt: 2000, promptCount: 2 }),
  makeSummary({ id: 'run-c', serial: 'S1', deviceModel: 'Pixel 8', status: 'running', simulated: false, createdAt: 5000, finishedAt: null, promptCount: 10 }),
];
const items = runs.map(quickItem);

describe('runs list rows', () => {
  it('lists quick runs and campaigns, folding a campaign’s runs into it', () => {
    const deviceRun = makeSummary({ id: 'dev-run-1', kind: 'campaign', campaignId: 'camp-0001' });
    const all = listItems([...runs, deviceRun], [makeCampaign()]);
    expect(all.map((r) => `${r.kind}:${r.id}`)).toEqual(['quick:run-a', 'quick:run-b', 'quick:run-c', 'campaign:camp-0001']);
  });

  it('describes a campaign row: devices, prompt set, results of planned, energy from the list', () => {
    const c = campaignItem(makeCampaign({ status: 'interrupted', done: 40 }));
    expect(c).toMatchObject({
      href: '#/campaigns/camp-0001',
      devices: 'Pixel 8 Pro, Galaxy S23',
      serials: ['127.0.0.1:5555', 'S2'],
      promptSet: 'starter (built in) · 3f2a9c01 · n 12 × 2',
      prompts: 40,
      total: 96,
      durationMs: 3500,
      energyJ: 52,
      status: 'interrupted',
    });
    expect(campaignItem(makeCampaign({ reps: 1 })).promptSet).toBe('starter (built in) · 3f2a9c01 · n 12');
    // Two MMLU folders the loader names alike read apart by their folder and their fingerprint.
    const a = makeCampaign({ id: 'c-a', dataset: '/data/run1/mmlu-canonical', setName: 'mmlu/test', setFingerprint: 'sha256:9e8d7c6b5a4f' });
    const b = makeCampaign({ id: 'c-b', dataset: '/data/run2/mmlu-letter-header/', setName: 'mmlu/test', ...{ setFingerprint: '3f2a9c01deadbeef' } });
    const items = listItems([], [a, b]);
    expect(items.map((i) => i.promptSet)).toEqual(['mmlu-canonical · 9e8d7c6b · n 12 × 2', 'mmlu-letter-header · 3f2a9c01 · n 12 × 2']);
    expect(items[1]!.promptSetTitle).toBe('Loaded from /data/run2/mmlu-letter-header/ · read as mmlu/test · set fingerprint 3f2a9c01deadbeef · n 12 sampled prompts, 2 repetitions');
    const q = quickItem(runs[0]!);
    expect(q).toMatchObject({ href: '#/runs/run-a', devices: 'Pixel 8', prompts: 5, total: null, durationMs: 6000, energyJ: undefined });
    expect(itemEnergy(q, new Map([['run-a', 1.5]]))).toBe(1.5);
    expect(itemEnergy(c, new Map([['camp-0001', 1]]))).toBe(52);
    expect(itemDurationMs(quickItem(runs[2]!), 10_000)).toBe(5000);
  });
});

describe('runs list filters and sorting', () => {
  it('filters by device (any of a campaign’s devices), status and simulated', () => {
    const all = [...items, campaignItem(makeCampaign())];
    expect(filterRuns(all, EMPTY_FILTER)).toHaveLength(4);
    expect(filterRuns(all, { ...EMPTY_FILTER, serial: 'S1' }).map((r) => r.id)).toEqual(['run-a', 'run-c']);
    expect(filterRuns(all, { ...EMPTY_FILTER, serial: 'S2' }).map((r) => r.id)).toEqual(['camp-0001']);
    expect(filterRuns(all, { ...EMPTY_FILTER, status: 'failed' }).map((r) => r.id)).toEqual(['run-b']);
    expect(filterRuns(all, { ...EMPTY_FILTER, simulated: 'simulated' }).map((r) => r.id)).toEqual(['run-b', 'camp-0001']);
    expect(filterRuns(all, { ...EMPTY_FILTER, simulated: 'measured', status: 'done' }).map((r) => r.id)).toEqual(['run-a']);
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, simulated: 'measured' })).toBe(true);
  });

  it('sorts newest first by default and by any column', () => {
    const ids = (key: RunSortKey, dir: 'asc' | 'desc') => sortRuns(items, { key, dir }, new Map(), 10_000).map((r) => r.id);
    expect(sortRuns(items, DEFAULT_SORT).map((r) => r.id)).toEqual(['run-c', 'run-a', 'run-b']);
    expect(ids('prompts', 'asc')).toEqual(['run-b', 'run-a', 'run-c']);
    // Same device: newest first.
    expect(ids('device', 'asc')).toEqual(['run-c', 'run-a', 'run-b']);
    expect(ids('device', 'desc')).toEqual(['run-b', 'run-c', 'run-a']);
    expect(ids('status', 'asc')).toEqual(['run-c', 'run-b', 'run-a']);
    // Running: elapsed so far (10 000 - 5 000).
    expect(ids('duration', 'desc')).toEqual(['run-a', 'run-c', 'run-b']);
    expect(ids('simulated', 'desc')[0]).toBe('run-b');
  });

  it('puts rows without an energy figure last in either direction', () => {
    const energy = new Map<string, number | null>([
      ['run-a', 5],
      ['run-b', null],
      ['run-c', 1],
    ]);
    expect(sortRuns(items, { key: 'energy', dir: 'desc' }, energy).map((r) => r.id)).toEqual(['run-a', 'run-c', 'run-b']);
    expect(sortRuns(items, { key: 'energy', dir: 'asc' }, energy).map((r) => r.id)).toEqual(['run-c', 'run-a', 'run-b']);
    // Not loaded yet counts as missing too; a campaign brings its own.
    const withCampaign = [...items, campaignItem(makeCampaign({ energyJ: 3 }))];
    expect(sortRuns(withCampaign, { key: 'energy', dir: 'asc' }, new Map([['run-b', 2]])).map((r) => r.id).slice(0, 2)).toEqual(['run-b', 'camp-0001']);
  });

  it('flips the direction on the same column, starts numbers descending', () => {
    expect(nextSort(DEFAULT_SORT, 'when')).toEqual({ key: 'when', dir: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'energy')).toEqual({ key: 'energy', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'device')).toEqual({ key: 'device', dir: 'asc' });
  });

  it('lists each device once for the filter, campaigns’ devices included', () => {
    expect(deviceOptions(runs, [makeCampaign()])).toEqual([
      { serial: 'S2', label: 'Galaxy S23 (S2)' },
      { serial: 'S1', label: 'Pixel 8 (S1)' },
      { serial: '127.0.0.1:5555', label: 'Pixel 8 Pro (127.0.0.1:5555)' },
    ]);
    expect(deviceOptions([makeSummary({ serial: 'X', deviceModel: null })])).toEqual([{ serial: 'X', label: 'X' }]);
  });
});

describe('two prompt sets the loader names alike (CampaignSummary.setFingerprint)', () => {
  it('tells two `mmlu/test` folders apart by their folder and fingerprint in the list', () => {
    const a = makeCampaign({ id: 'camp-a', dataset: '/home/x/datasets/mmlu', setName: 'mmlu/test', setFingerprint: 'sha256:aaaa1111bbbb' });
    const b = makeCampaign({ id: 'camp-b', dataset: '/home/x/old/mmlu', setName: 'mmlu/test', setFingerprint: 'sha256:cccc2222dddd' });
    const items = listItems([], [a, b]);
    const sets = items.map((i) => ('promptSet' in i ? i.promptSet : ''));
    expect(sets[0]).not.toBe(sets[1]);
    expect(sets.join(' | ')).toMatch(/datasets\/mmlu · aaaa1111/);
    expect(sets.join(' | ')).toMatch(/old\/mmlu · cccc2222/);
  });
});

