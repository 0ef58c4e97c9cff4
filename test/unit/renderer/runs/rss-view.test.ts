import { describe, expect, it } from 'vitest';
import { rssView } from '../../../../src/renderer/src/runs/rss-view';

describe('rssView (RunModelSummary.rssMethod)', () => {
  const method = 'VmRSS of the runner process (/proc/self/status), read once right after the model loaded. Virtual phone: the simulated engine holds no weights';
  it('labels a virtual phone’s runner-only RSS and says what it is, instead of flagging it against the peak RAM', () => {
    const v = rssView({ rssMb: 1.9, rssMethod: method }, [70, 125], true);
    expect(v).toEqual({ text: '1.9 (runner only)', title: method, flag: null });
  });
  it('still flags an RSS too small for the model on a real phone, and keeps the method as the title', () => {
    const v = rssView({ rssMb: 1.9, rssMethod: 'VmRSS of the runner process' }, [70, 125], false);
    expect(v.flag?.label).toBe('implausible');
    expect(v.title).toBe('VmRSS of the runner process');
  });
});
