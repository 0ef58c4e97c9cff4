/**
 * The runner's JSON-lines protocol (resources/runner/README.md), lab side: the line splitter and the typed
 * messages. Pure: a garbled or truncated line becomes a `garbage` item, never an exception.
 */

export interface ReadyMessage {
  type: 'ready';
  load_ms: number;
  rss_mb: number;
  engine: string;
  simulated: boolean;
  cactus_api?: string;
  runner: string;
  model: string;
  can_score?: boolean;
  /** The engine's context window in tokens (v1.14: 512); longer prompts are refused by the runner. */
  context_tokens?: number;
  t_load_start_ms?: number;
  t_load_end_ms?: number;
  t_boot_ms?: number;
  sample_hz?: number;
  pid?: number;
}

export interface ResultMessage {
  type: 'result';
  id: unknown;
  ok?: boolean;
  t_start_ms: number;
  t_end_ms: number;
  t_first_token_ms?: number;
  time_to_first_token_ms?: number;
  prefill_tps?: number;
  decode_tps?: number;
  tokens_per_second?: number;
  prefill_tokens?: number;
  decode_tokens?: number;
  total_tokens?: number;
  total_time_ms?: number;
  ram_usage_mb?: number;
  confidence?: number;
  response?: string;
  stopped?: boolean;
  cloud_handoff?: boolean;
  /** The response text differs from the engine's bytes (see `repairs`). */
  repaired?: boolean;
  repairs?: { invalid_utf8_bytes: number; raw_control_chars: number; cut_at_nul: boolean };
  /** Prompt + generated tokens passed the engine's context (its window slid over the prompt's start). */
  context_overflow?: boolean;
  /** The request asked for truncation (warm-up prompts) and the prompt was cut to fit. */
  truncated?: { prompt_tokens_before: number; prompt_tokens_after: number };
  /** Set by the lab (engine-result.ts) when it does not count the result as a success. */
  lab_error?: string;
  [key: string]: unknown;
}

export interface SampleMessage {
  type: 'sample';
  t_ms: number;
  current: number | null;
  voltage: number | null;
  charge_counter: number | null;
  temp: number | null;
}

export interface ErrorMessage {
  type: 'error';
  id: unknown;
  error: string;
  engine_error: string | null;
  /** A refusal's kind, e.g. 'context_exceeded' (with prompt_tokens, max_tokens, context_tokens). */
  code?: string;
  t_ms?: number;
}

export interface WarningMessage {
  type: 'warning';
  warning: string;
  fields?: Array<{ field: string; file: string; reason: string }>;
}

export interface ByeMessage {
  type: 'bye';
  reason: string;
  t_ms?: number;
}

export interface OtherMessage {
  type: 'pong' | 'sampler' | 'reset' | 'embedding' | 'scores';
  id?: unknown;
  [key: string]: unknown;
}

export type RunnerMessage = ReadyMessage | ResultMessage | SampleMessage | ErrorMessage | WarningMessage | ByeMessage | OtherMessage;

export type ParsedLine = { kind: 'message'; message: RunnerMessage } | { kind: 'garbage'; line: string; reason: string };

const KNOWN = new Set(['ready', 'result', 'sample', 'error', 'warning', 'bye', 'pong', 'sampler', 'reset', 'embedding', 'scores']);

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function numOrNull(v: unknown): boolean {
  return v === null || isNum(v);
}

/** Checks the fields the lab relies on; anything else in the object is kept as is. */
function validate(o: Record<string, unknown>): string | null {
  switch (o.type) {
    case 'ready':
      return isNum(o.load_ms) ? null : 'a ready line without load_ms';
    case 'result':
      return isNum(o.t_start_ms) && isNum(o.t_end_ms) ? null : 'a result line without t_start_ms/t_end_ms';
    case 'sample':
      return isNum(o.t_ms) && numOrNull(o.current) && numOrNull(o.voltage) ? null : 'a sample line with missing or non-numeric fields';
    case 'error':
      return typeof o.error === 'string' ? null : 'an error line without an error text';
    default:
      return null;
  }
}

const SHOWN = 120;
function shorten(line: string): string {
  return line.length > SHOWN ? `${line.slice(0, SHOWN)}... (${line.length} chars)` : line;
}

/** One stdout line → a message, or garbage with the reason. Blank lines are not lines. */
export function parseRunnerLine(line: string): ParsedLine | null {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'garbage', line: shorten(text), reason: 'not JSON (truncated or garbled output)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'garbage', line: shorten(text), reason: 'not a JSON object' };
  }
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'string' || !KNOWN.has(o.type)) {
    return { kind: 'garbage', line: shorten(text), reason: `unknown message type ${JSON.stringify(o.type ?? null)}` };
  }
  const problem = validate(o);
  if (problem) return { kind: 'garbage', line: shorten(text), reason: problem };
  return { kind: 'message', message: o as unknown as RunnerMessage };
}

/**
 * Splits a byte stream into lines. UTF-8 is decoded across chunk boundaries; a line longer than `maxLine`
 * is cut and reported as garbage rather than growing without bound.
 */
export class LineSplitter {
  #decoder = new TextDecoder('utf-8', { fatal: false });
  #buf = '';
  constructor(private readonly maxLine = 8 * 1024 * 1024) {}

  push(chunk: Uint8Array): string[] {
    this.#buf += this.#decoder.decode(chunk, { stream: true });
    const out: string[] = [];
    let i: number;
    while ((i = this.#buf.indexOf('\n')) >= 0) {
      out.push(this.#buf.slice(0, i));
      this.#buf = this.#buf.slice(i + 1);
    }
    if (this.#buf.length > this.maxLine) {
      out.push(this.#buf);
      this.#buf = '';
    }
    return out;
  }

  /** What is left at EOF (a last line without a newline: usually a truncated one). */
  end(): string | null {
    this.#buf += this.#decoder.decode();
    const rest = this.#buf;
    this.#buf = '';
    return rest.length > 0 ? rest : null;
  }
}
