import { describe, expect, it } from 'vitest';
import { runAction } from '../../../../src/renderer/src/lab/action';
import { LabApiError } from '../../../../src/shared/http-client';

describe('runAction', () => {
  it('returns the action’s own message on success, or null when it has none', async () => {
    expect(await runAction(async () => ({ kind: 'ok', text: 'Deleted.' }), 'Delete failed')).toEqual({ kind: 'ok', text: 'Deleted.' });
    expect(await runAction(async () => undefined, 'Delete failed')).toBeNull();
  });

  it('names the failure and gives the lab’s reason', async () => {
    const m = await runAction(async () => {
      throw new LabApiError(409, { code: 'failed', message: 'The campaign is running.' });
    }, 'Delete failed');
    expect(m).toEqual({ kind: 'error', text: 'Delete failed: The campaign is running.' });
  });
});
