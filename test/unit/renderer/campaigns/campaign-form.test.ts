import { describe, expect, it } from 'vitest';
import { buildCampaignRequest, datasetText, initialCampaignForm } from '../../../../src/renderer/src/campaigns/campaign-form';

describe('campaign start form', () => {
  const form = { ...initialCampaignForm(), devices: ['S1', 'S2'], models: ['gemma-270m'], n: '20', reps: '2', seed: ' s1 ' };

  it('builds the request the contract accepts, leaving blanks to the lab’s defaults', () => {
    expect(buildCampaignRequest(form)).toEqual({
      ok: true,
      request: { devices: ['S1', 'S2'], models: ['gemma-270m'], dataset: 'starter', n: 20, reps: 2, warmup: 1, seed: 's1', energyMethod: 'auto' },
    });
    const path = buildCampaignRequest({ ...form, dataset: '', datasetPath: ' /data/mmlu ', maxTokens: '32', warmup: '' });
    expect(path.ok && path.request).toMatchObject({ dataset: '/data/mmlu', maxTokens: 32 });
    expect(path.ok && 'warmup' in path.request).toBe(false);
  });

  it('names every missing or wrong field', () => {
    expect(buildCampaignRequest(initialCampaignForm())).toEqual({
      ok: false,
      errors: ['Pick at least one device.', 'Pick at least one model.'],
    });
    const bad = buildCampaignRequest({ ...form, dataset: '', datasetPath: '', n: '0', reps: '101', warmup: '-1' });
    expect(bad).toEqual({
      ok: false,
      errors: [
        'Pick a prompt set, or give the path of an MMLU folder, CSV or JSONL file.',
        'n (prompts) must be a whole number from 1 to 1000000.',
        'Repetitions must be a whole number from 1 to 100.',
        'Warm-up prompts must be a whole number from 0 to 20.',
      ],
    });
    expect(buildCampaignRequest({ ...form, n: '' })).toEqual({ ok: false, errors: ['n (prompts) is required.'] });
    expect(buildCampaignRequest({ ...form, n: '500' }, 42)).toEqual({ ok: false, errors: ['n is 500 but the prompt set has 42 prompts.'] });
    // The contract's own checks come through (a device listed twice).
    const dup = buildCampaignRequest({ ...form, devices: ['S1', 'S1'] });
    expect(!dup.ok && dup.errors[0]).toMatch(/^devices: A device is listed twice/);
  });

  it('describes prompt sets', () => {
    expect(datasetText({ spec: 'mmlu', label: 'MMLU', kind: 'download', size: 14042, subjects: 57, note: null })).toBe('MMLU · 14\u2009042 prompts · 57 subjects');
    expect(datasetText({ spec: 'starter', label: 'Starter set', kind: 'builtin', size: null, subjects: null, note: 'x' })).toBe('Starter set');
  });
});
