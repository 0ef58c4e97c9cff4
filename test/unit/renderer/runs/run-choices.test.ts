import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../../../src/shared/api/campaigns';
import type { RunSummary } from '../../../../src/shared/runs';
import { runChoiceGroups } from '../../../../src/renderer/src/runs/run-choices';

describe('run choices for Compare and router profiles', () => {
  const campaign = {
    id: 'camp-aaaaaaaa',
    status: 'done',
    createdAt: 2000,
    dataset: 'starter',
    setName: 'starter',
    n: 8,
    reps: 1,
    serials: ['127.0.0.1:5555', 'SER2'],
    deviceModels: ['Pixel 8 Pro', 'Galaxy'],
    modelIds: ['gemma-270m', 'qwen-600m'],
    simulated: true,
    runIds: ['run-1-aaaaaaaa', 'run-2-aaaaaaaa'],
  } as unknown as CampaignSummary;
  const run = (id: string, over: Partial<RunSummary> = {}): RunSummary => ({
    id,
    kind: 'quick',
    status: 'done',
    serial: '127.0.0.1:5555',
    deviceModel: 'Pixel 8 Pro',
    modelIds: ['gemma-270m'],
    energyMethod: null,
    simulated: true,
    createdAt: 1000,
    finishedAt: 1500,
    promptCount: 5,
    error: null,
    ...over,
  });

  it('groups runs under their campaign and lists quick runs apart, newest first', () => {
    const groups = runChoiceGroups([campaign], [run('run-1-aaaaaaaa', { kind: 'campaign', campaignId: 'camp-aaaaaaaa', promptCount: 16 }), run('quick-aaaaaaaa'), run('live-aaaaaaaa', { status: 'running' })]);
    expect(groups.map((g) => g.key)).toEqual(['campaign:camp-aaaaaaaa', 'run:quick-aaaaaaaa']);
    expect(groups[0]!.runs.map((r) => [r.runId, r.device, r.prompts])).toEqual([
      ['run-1-aaaaaaaa', 'Pixel 8 Pro (127.0.0.1:5555)', 16],
      ['run-2-aaaaaaaa', 'Galaxy (SER2)', 0],
    ]);
    expect(groups[0]!.title).toMatch(/starter \(built in\) · n 8$/);
    expect(groups[0]!.titleHint).toBe('Prompt set: starter · set fingerprint: on the campaign’s page');
    expect(groups[1]!.kind).toBe('quick');
  });

  it('leaves running campaigns out', () => {
    expect(runChoiceGroups([{ ...campaign, status: 'running' }], [])).toEqual([]);
  });
});
