import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PicksFileError, parsePicks, readPicksFile } from '../../../src/main/strategies/external/picks-file';
import { tempDir } from '../../helpers/temp-dir';

const models = [
  { id: 'small', size_mb: 100 },
  { id: 'large', size_mb: 900 },
];
const prompts = ['p1', 'p2', 'p3'].map((id) => ({ id, text: `text of ${id}`, subject: 'anatomy' }));
const dir = tempDir('aurora-picks-');
afterAll(() => dir.cleanup());

function issues(text: string): PicksFileError['issues'] {
  try {
    parsePicks(text, { prompts, models, file: 'picks.jsonl' });
  } catch (err) {
    if (err instanceof PicksFileError) return err.issues;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('parsePicks', () => {
  it('turns one pick per prompt into one strategy, extra fields and blank lines allowed', () => {
    const r = parsePicks('{"id":"p1","model":"small","score":0.3}\n\n{"id":"p2","model":"large"}\r\n{"id":"p3","model":"small"}\n', { prompts, models, name: 'routellm' });
    expect(r.strategies.map((s) => s.name)).toEqual(['routellm']);
    expect(Array.from(r.strategies[0]!.picks)).toEqual([0, 1, 0]);
    expect(r.complete).toBe(true);
    expect(r.strategies[0]!.meta).toMatchObject({ source: 'picks-file', preference: null, picks: 3 });
  });

  it('makes one strategy per preference, a sweep, and marks prompts without a pick as missing', () => {
    const text = ['{"id":"p1","model":"small","preference":0}', '{"id":"p1","model":"large","preference":1}', '{"id":"p2","model":"large","preference":1}'].join('\n');
    const r = parsePicks(text, { prompts, models });
    expect(r.strategies.map((s) => s.name)).toEqual(['picks@0.00', 'picks@1.00']);
    expect(Array.from(r.strategies[0]!.picks)).toEqual([0, -1, -1]);
    expect(Array.from(r.strategies[1]!.picks)).toEqual([1, 1, -1]);
    expect(r.sweep).not.toBeNull();
    expect(r.complete).toBe(false);
    expect(r.counts).toMatchObject({ ok: 3, missing: 3 });
    expect(r.strategies[1]!.meta?.incomplete).toMatchObject({ answered: 2, failed: 1, reasons: [{ reason: 'missing: no pick in picks file', prompts: 1 }] });
  });

  it('ignores ids this campaign does not have, with a note', () => {
    const r = parsePicks('{"id":"p1","model":"small"}\n{"id":"other-9","model":"small"}', { prompts, models });
    expect(r.notes).toEqual(['picks: 1 prompt id in picks file is not in this campaign and was ignored (e.g. "other-9").']);
  });

  it('names the line and the field of every problem', () => {
    const text = [
      '{"id":"p1","model":"small"}',
      'not json',
      '["p2","small"]',
      '{"id":"","model":"small"}',
      '{"id":"p2","model":"medium"}',
      '{"id":"p3"}',
      '{"id":"p3","model":"small","preference":0.5}',
      '{"id":"p1","model":"large"}',
    ].join('\n');
    expect(issues(text)).toEqual([
      { line: 2, field: null, message: expect.stringMatching(/^not JSON/) },
      { line: 3, field: null, message: 'each line must be a JSON object like {"id": "<prompt id>", "model": "<model id>"}' },
      { line: 4, field: 'id', message: 'must be the prompt\'s id as a non-empty string; got ""' },
      { line: 5, field: 'model', message: 'unknown model "medium" (this campaign\'s models: small, large)' },
      { line: 6, field: 'model', message: 'must be a model id string; got nothing' },
      { line: 7, field: 'preference', message: 'this line has a preference but line 1 has none: give one on every line or on none' },
      { line: 8, field: 'id', message: 'a second pick for prompt "p1" (the first is on line 1)' },
    ]);
  });

  it('refuses a preference outside 0..1, and a missing preference once lines have one', () => {
    expect(issues('{"id":"p1","model":"small","preference":1.5}')).toEqual([{ line: 1, field: 'preference', message: 'must be a number from 0 to 1; got 1.5' }]);
    expect(issues('{"id":"p1","model":"small","preference":0.5}\n{"id":"p2","model":"small"}')).toEqual([{ line: 2, field: 'preference', message: 'missing: line 1 has a preference, so every line needs one' }]);
  });

  it('refuses an empty file and a file where no id is a prompt of the campaign, saying what ids look like', () => {
    expect(issues('\n\n')[0]!.message).toBe('the file holds no picks');
    expect(issues('{"id":"q1","model":"small"}')[0]!.message).toBe('no id in the file is a prompt of this campaign (e.g. "q1"; the campaign\'s ids look like "p1", "p2", "p3")');
  });

  it('puts the file name, each line and field, and what to do in the error message', () => {
    let message = '';
    try {
      parsePicks('{"id":"p1","model":"tiny"}\nnope', { prompts, models, file: 'my-picks.jsonl' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'my-picks.jsonl: the picks file was refused (2 problems); fix these lines and run again:',
      '  line 1, "model": unknown model "tiny" (this campaign\'s models: small, large)',
      expect.stringMatching(/^ {2}line 2: not JSON/),
    ]);
  });
});

describe('readPicksFile', () => {
  it('reads a file and names it in errors', () => {
    const good = join(dir.path, 'good.jsonl');
    writeFileSync(good, '{"id":"p1","model":"large"}\n');
    expect(Array.from(readPicksFile(good, { prompts, models }).strategies[0]!.picks)).toEqual([1, -1, -1]);
    const bad = join(dir.path, 'bad.jsonl');
    writeFileSync(bad, '{"id":"p1"}\n');
    expect(() => readPicksFile(bad, { prompts, models })).toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the picks file was refused`));
  });
});
