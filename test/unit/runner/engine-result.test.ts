import { describe, expect, it } from 'vitest';
import { engineMarks, markEngineResult, storedLine } from '../../../src/main/runner/engine-result';
import type { ResultMessage } from '../../../src/main/runner/protocol';

const line: ResultMessage = {
  type: 'result', id: 'p-1', ok: true, t_start_ms: 10, t_end_ms: 510, time_to_first_token_ms: 40, total_time_ms: 500, decode_tokens: 8,
  response: 'The answer is "B".', repaired: true, repairs: { invalid_utf8_bytes: 1, raw_control_chars: 0, cut_at_nul: false },
};

describe('the result line as stored (raw_json)', () => {
  it('is the line without its reply, every other member as sent and in its order', () => {
    const stored = JSON.parse(storedLine(line)) as Record<string, unknown>;
    const { response, ...rest } = line as unknown as Record<string, unknown>;
    expect(response).toBe('The answer is "B".');
    expect(stored).toEqual(rest);
    expect(Object.keys(stored)).toEqual(Object.keys(rest));
    // The marks are still found in it.
    expect(engineMarks(storedLine(line))).toEqual({ repaired: true });
  });

  it('keeps a line without a reply text as it is, and a cloud answer aside (it is no response)', () => {
    const noReply = { ...line, response: undefined, ok: false };
    expect(storedLine(noReply)).toBe(JSON.stringify(noReply));
    const cloud = markEngineResult({ ...line, cloud_handoff: true });
    const stored = JSON.parse(storedLine(cloud)) as Record<string, unknown>;
    expect(stored.cloud_response).toBe('The answer is "B".');
    expect(engineMarks(storedLine(cloud))).toEqual({ repaired: true, cloudHandoff: true });
  });
});
