import { describe, expect, it } from 'vitest';
import { filterSubjects, subjectsSummary } from '../../../../src/renderer/src/campaigns/subjects-view';
import { buildCampaignRequest, initialCampaignForm } from '../../../../src/renderer/src/campaigns/campaign-form';

const SUBJECTS = [
  { subject: 'astronomy', count: 152 },
  { subject: 'high_school_physics', count: 151 },
  { subject: 'virology', count: 166 },
];

describe('the subject picker', () => {
  it('sums the chosen subjects', () => {
    expect(subjectsSummary([], SUBJECTS)).toBe('All 3 subjects (469 prompts); tick some to use only those.');
    expect(subjectsSummary(['astronomy', 'virology'], SUBJECTS)).toBe('2 of 3 subjects: 318 prompts.');
  });

  it('filters by name, spaces matching underscores', () => {
    expect(filterSubjects(SUBJECTS, 'school phys').map((s) => s.subject)).toEqual(['high_school_physics']);
    expect(filterSubjects(SUBJECTS, '  ')).toHaveLength(3);
  });

  it('sends the chosen subjects and checks n against their prompts', () => {
    const form = { ...initialCampaignForm(), devices: ['127.0.0.1:5555'], models: ['gemma-270m'], subjects: ['astronomy'], n: '200' };
    expect(buildCampaignRequest(form, 152)).toEqual({ ok: false, errors: ['n is 200 but the chosen subjects have 152 prompts.'] });
    const ok = buildCampaignRequest({ ...form, n: '20' }, 152);
    expect(ok).toMatchObject({ ok: true, request: { subjects: ['astronomy'], n: 20, dataset: 'starter' } });
    expect(buildCampaignRequest({ ...form, subjects: [], n: '20' }, 48)).toMatchObject({ ok: true, request: { n: 20 } });
    expect('subjects' in (buildCampaignRequest({ ...form, subjects: [], n: '20' }, 48) as { request: object }).request).toBe(false);
  });
});
