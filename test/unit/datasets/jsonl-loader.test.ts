import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/main/datasets/errors';
import { loadJsonl, MAX_JSONL_LINE_CHARS, parseJsonl } from '../../../src/main/datasets/jsonl-loader';
import { tempDir } from '../../helpers/temp-dir';

function fails(text: string): DatasetError {
  try {
    parseJsonl(text, 'set.jsonl', 'set');
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected parseJsonl to throw');
}

describe('parseJsonl', () => {
  it('reads prompts with and without answers, skipping blank lines', () => {
    const text = [
      '{"prompt": "Summarise the water cycle."}',
      '',
      '   ',
      '{"id": "q1", "question": "2+2?", "choices": ["3","4","5","6"], "answer": "B", "subject": "math"}',
      '{"question": "Pick one", "choices": ["w","x","y","z"], "answer": 3}',
      '{"question": "No key", "choices": ["w","x","y","z"], "meta": {"origin": "forum"}}\r',
    ].join('\n');
    const items = parseJsonl(text, 'set.jsonl', 'set');
    expect(items.map((i) => [i.id, i.subject, i.choices?.length ?? null, i.answer, i.source.line])).toEqual([
      ['set/0', 'custom', null, null, 1],
      ['q1', 'math', 4, 'B', 4],
      ['set/2', 'custom', 4, 'D', 5],
      ['set/3', 'custom', 4, null, 6],
    ]);
    expect(items[0]!.question).toBe('Summarise the water cycle.');
  });

  it('accepts lowercase letters and numeric ids', () => {
    const items = parseJsonl('{"id": 7, "question": "q", "choices": ["a","b","c","d"], "answer": "c"}', 'f', 's');
    expect(items[0]).toMatchObject({ id: '7', answer: 'C' });
  });

  it.each([
    ['{"prompt": "a"}\n{"prompt": "b"', 2, undefined, /not valid JSON/],
    ['[1,2]', 1, undefined, /expected a JSON object/],
    ['{"prompt": "a"}\n{"choices": ["a","b","c","d"]}', 2, 'question', /missing/],
    ['{"prompt": ""}', 1, 'prompt', /non-empty string/],
    ['{"prompt": "a", "question": "b"}', 1, 'prompt', /both/],
    ['{"question": "q", "choices": ["a","b","c"]}', 1, 'choices', /exactly 4 strings/],
    ['{"question": "q", "choices": ["a","b","c",4]}', 1, 'choices', /exactly 4 strings/],
    ['\n\n{"question": "q", "choices": ["a","b","c","d"], "answer": "E"}', 3, 'answer', /unknown answer "E"/],
    ['{"question": "q", "choices": ["a","b","c","d"], "answer": 4}', 1, 'answer', /unknown answer 4/],
    ['{"question": "q", "answer": "A"}', 1, 'answer', /needs "choices"/],
    ['{"question": "q", "anwser": "A"}', 1, 'anwser', /unknown key "anwser"/],
    ['{"question": "q", "subject": 3}', 1, 'subject', /non-empty string/],
    ['{"id": "x", "prompt": "a"}\n{"id": "x", "prompt": "b"}', 2, 'id', /duplicate id "x" \(first used on line 1\)/],
    ['{"id": 1.5, "prompt": "a"}', 1, 'id', /string or an integer/],
  ])('rejects %j at line %i, field %s', (text, line, field, message) => {
    const err = fails(text);
    expect(err.line).toBe(line);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`set.jsonl:${line}: `)).toBe(true);
  });

  it('refuses a line over the length limit', () => {
    const long = `{"prompt": "${'x'.repeat(MAX_JSONL_LINE_CHARS)}"}`;
    const err = fails(`{"prompt": "ok"}\n${long}`);
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/limit is 1000000/);
  });

  it('refuses an empty file', () => {
    expect(fails('\n\n').code).toBe('empty');
  });
});

describe('loadJsonl', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('names the set after the file and fingerprints it', async () => {
    const file = join(dir.path, 'my-prompts.jsonl');
    writeFileSync(file, '\uFEFF{"prompt": "hello"}\n');
    const set = await loadJsonl(file);
    expect(set.name).toBe('my-prompts');
    expect(set.items[0]!.id).toBe('my-prompts/0');
    expect(set.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses invalid UTF-8 with the line', async () => {
    const file = join(dir.path, 'bad.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from('{"prompt": "ok"}\n{"prompt": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]));
    await expect(loadJsonl(file)).rejects.toThrow(/bad\.jsonl:2: invalid UTF-8/);
  });
});
