/**
 * The runner's JSON reader (resources/runner/src/json_parse.c) on the exact bytes Cactus v1.14 writes into its
 * completion JSON: its escape_json_string escapes only " \ \n \r \t, so every other control byte and any invalid UTF-8
 * (a character cut at max_tokens, a byte-level token) reaches the runner raw. The C code is driven through the
 * json-probe test program (make json-probe); no engine is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RUNNER_DIR } from '../../integration/runner/runner-harness';

let dir = '';
let probe = '';

interface ProbeOut {
  ok: boolean;
  error?: string;
  repairs?: { invalid_utf8: number; control_chars: number };
  value?: Record<string, unknown>;
}

function parse(bytes: Buffer, engine = true): ProbeOut {
  const r = spawnSync(probe, engine ? ['--engine'] : [], { input: bytes });
  expect(r.status).toBe(0);
  // The probe re-writes what it read: its output must always be strict JSON.
  return JSON.parse(r.stdout.toString('utf8')) as ProbeOut;
}

/** A completion JSON as v1.14's construct_response_json writes it, with `raw` as the response bytes. */
function completion(raw: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from('{"success":true,"error":null,"cloud_handoff":false,"response":"'),
    raw,
    Buffer.from(
      '","function_calls":[],"segments":[],"confidence":0.0072,"time_to_first_token_ms":143.64,"total_time_ms":293.18,' +
        '"prefill_tps":313.27,"decode_tps":100.31,"ram_usage_mb":39.31,"prefill_tokens":45,"decode_tokens":16,"total_tokens":61}',
    ),
  ]);
}

const FFFD = '\uFFFD';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'aurora-json-probe-'));
  execFileSync('make', ['-C', RUNNER_DIR, 'json-probe', `OUT=${dir}`], { stdio: 'ignore' });
  probe = path.join(dir, 'json-probe');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the runner reads v1.14 completion JSON as the engine writes it', () => {
  it('keeps every raw control byte the escaper lets through as the character it is (and counts it)', () => {
    const passed = [...Array(0x20).keys()].filter((c) => c !== 0 && c !== 0x09 && c !== 0x0a && c !== 0x0d);
    expect(passed).toHaveLength(28); // 0x01-0x08, 0x0b, 0x0c, 0x0e-0x1f
    for (const c of passed) {
      const out = parse(completion(Buffer.from([0x41, c, 0x42])));
      expect(out.ok, `byte 0x${c.toString(16)}`).toBe(true);
      expect(out.value!.response).toBe(`A${String.fromCharCode(c)}B`);
      expect(out.repairs).toEqual({ invalid_utf8: 0, control_chars: 1 });
    }
    // DEL is legal raw JSON: nothing to repair
    expect(parse(completion(Buffer.from([0x41, 0x7f]))).repairs).toEqual({ invalid_utf8: 0, control_chars: 0 });
  });

  it('turns each byte of invalid UTF-8 into U+FFFD: cut characters, stray continuations, overlongs, surrogates, > U+10FFFF', () => {
    const cases: Array<[string, number[], string]> = [
      ['2-byte character cut at max_tokens', [0x41, 0xc3], `A${FFFD}`],
      ['3-byte character cut after 2 bytes', [0x41, 0xe4, 0xb8], `A${FFFD}${FFFD}`],
      ['4-byte emoji cut after 3 bytes', [0xf0, 0x9f, 0x98], FFFD.repeat(3)],
      ['lone continuation bytes', [0x80, 0x41, 0xbf], `${FFFD}A${FFFD}`],
      ['overlong NUL and slash', [0xc0, 0x80, 0xc1, 0xaf], FFFD.repeat(4)],
      ['overlong 3-byte', [0xe0, 0x80, 0x80], FFFD.repeat(3)],
      ['UTF-8-encoded surrogate', [0xed, 0xa0, 0x80], FFFD.repeat(3)],
      ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], FFFD.repeat(4)],
      ['bytes never in UTF-8', [0xf5, 0xfe, 0xff], FFFD.repeat(3)],
      ['a lead byte then an escaped quote', [0xc3, 0x5c, 0x22, 0x41], `${FFFD}"A`],
      ['a lead byte then the closing quote', [0xe2, 0x80], FFFD.repeat(2)],
    ];
    for (const [what, bytes, text] of cases) {
      const out = parse(completion(Buffer.from(bytes)));
      expect(out.ok, what).toBe(true);
      expect(out.value!.response, what).toBe(text);
      expect(out.repairs!.invalid_utf8, what).toBe([...text].filter((ch) => ch === FFFD).length);
    }
  });

  it('keeps valid multi-byte text and every figure around a repaired response', () => {
    const out = parse(completion(Buffer.concat([Buffer.from('日本語 ok\u00e9'), Buffer.from([0x15, 0xe4, 0xb8])])));
    expect(out.ok).toBe(true);
    expect(out.value!.response).toBe(`日本語 oké\u0015${FFFD}${FFFD}`);
    expect(out.value).toMatchObject({ success: true, time_to_first_token_ms: 143.64, total_time_ms: 293.18, decode_tps: 100.31, prefill_tokens: 45, decode_tokens: 16, total_tokens: 61, confidence: 0.0072 });
    expect(out.repairs).toEqual({ invalid_utf8: 2, control_chars: 1 });
  });

  it('stays strict for requests: the same bytes are refused with the reason and where', () => {
    expect(parse(completion(Buffer.from([0x01])), false)).toMatchObject({ ok: false, error: expect.stringMatching(/raw control character in string at byte \d+/) });
    expect(parse(completion(Buffer.from([0xe4, 0xb8])), false)).toMatchObject({ ok: false, error: expect.stringMatching(/invalid UTF-8 in string at byte \d+/) });
  });

  it('is lenient only inside strings: broken structure is still an error', () => {
    expect(parse(Buffer.from('{"response":"a\x01b"'))).toMatchObject({ ok: false, error: expect.stringMatching(/expected ',' or '}'/) });
    expect(parse(Buffer.from([0x7b, 0xe4, 0x7d]))).toMatchObject({ ok: false });
  });
});
