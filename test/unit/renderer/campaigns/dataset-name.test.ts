import { describe, expect, it } from 'vitest';
import { datasetLabels, setView } from '../../../../src/renderer/src/campaigns/dataset-name';

describe('prompt set names', () => {
  it('names a set by its folder or file, not by the loader’s name, and built-in sets by name', () => {
    const labels = datasetLabels(['starter', 'mmlu', '/home/a/data/mmlu-canonical/', '/home/a/prompts/today.jsonl', 'C:\\sets\\mmlu.csv']);
    expect([...labels.values()]).toEqual(['starter (built in)', 'MMLU (lab cache)', 'mmlu-canonical', 'today.jsonl', 'mmlu.csv']);
  });

  it('shows more of the path where two different folders end alike, and the same spec once', () => {
    const labels = datasetLabels(['/data/run1/mmlu/', '/data/run2/mmlu', '/data/run1/mmlu/', '/x/a/b/test', '/y/a/b/test']);
    expect(labels.size).toBe(4);
    expect(labels.get('/data/run1/mmlu/')).toBe('run1/mmlu');
    expect(labels.get('/data/run2/mmlu')).toBe('run2/mmlu');
    expect(labels.get('/x/a/b/test')).toBe('x/a/b/test');
    expect(labels.get('/y/a/b/test')).toBe('y/a/b/test');
  });

  it('shows the short fingerprint and keeps the whole one, the path and the set name for the tooltip', () => {
    const v = setView({ dataset: '/data/mmlu-letter-header', setName: 'mmlu/test', setFingerprint: 'sha256:0123456789abcdef0123' });
    expect(v).toEqual({
      label: 'mmlu-letter-header',
      fingerprint: '01234567',
      text: 'mmlu-letter-header · 01234567',
      title: 'Loaded from /data/mmlu-letter-header · read as mmlu/test · set fingerprint sha256:0123456789abcdef0123',
    });
    // Without a fingerprint in the answer (campaigns.list today), the label alone, and where to find it.
    expect(setView({ dataset: 'starter', setName: 'starter' })).toMatchObject({ text: 'starter (built in)', fingerprint: null, title: 'Prompt set: starter · set fingerprint: on the campaign’s page' });
  });
});
