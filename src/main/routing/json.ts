/**
 * JSON helpers for profiles: parsing with positions and Python's non-finite literals, canonical JSON and
 * checksums.
 */
import { createHash } from 'node:crypto';
import { RoutingError } from './errors';
import { checkProfileShape } from './limits';

export const DEFAULT_MAX_PROFILE_BYTES = 50 * 1024 * 1024;

const NONFINITE_MARK = '\u0000nonfinite:';

/**
 * Replaces Python's bare `NaN`, `Infinity`, `-Infinity` tokens (outside strings) by marker strings, so that a
 * profile written by `json.dump` parses and the validator can name the field holding the non-finite value.
 */
function markNonFinite(text: string): string {
  let out = '';
  let last = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inStr = false;
      continue;
    }
    if (c === 0x22) {
      inStr = true;
      continue;
    }
    for (const tok of ['NaN', '-Infinity', 'Infinity']) {
      if (text.startsWith(tok, i)) {
        out += text.slice(last, i) + JSON.stringify(NONFINITE_MARK + tok);
        i += tok.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col };
}

/**
 * Parses profile JSON: enforces the size and shape limits (limits.ts) before parsing, reports syntax errors with line, column and offset, turns
 * Python's NaN/Infinity into numbers (so validation names them), and maps -0 to 0 (JSON cannot write -0).
 */
export function parseJsonDocument(input: string | Uint8Array, what: string, maxBytes = DEFAULT_MAX_PROFILE_BYTES): unknown {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw new RoutingError('profile-too-large', `${what} is ${size} bytes, above the ${maxBytes}-byte limit`);
  }
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkProfileShape(body, what);
  try {
    return JSON.parse(body, reviver);
  } catch (err) {
    // Python's json.dump writes NaN/Infinity: if marking them makes the document parse, the validator will name
    // the fields holding them.
    const marked = markNonFinite(body);
    if (marked !== body) {
      try {
        return JSON.parse(marked, reviver);
      } catch {
        // report the original error below
      }
    }
    const msg = err instanceof Error ? err.message : String(err);
    const pos = syntaxErrorOffset(body) ?? Number(/position (\d+)/.exec(msg)?.[1] ?? NaN);
    if (Number.isFinite(pos)) {
      const { line, col } = lineCol(body, pos);
      throw new RoutingError('profile-json', `${what} is not valid JSON at line ${line}, column ${col} (offset ${pos}): ${msg}`);
    }
    throw new RoutingError('profile-json', `${what} is not valid JSON: ${msg}`);
  }
}

/**
 * Offset of the first JSON syntax error (RFC 8259 grammar), or null if the text is valid. V8's messages do not
 * always carry a position, so the lab finds it itself.
 */
export function syntaxErrorOffset(t: string): number | null {
  let i = 0;
  const ws = (): void => {
    while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const str = (): void => {
    if (t[i] !== '"') fail();
    i++;
    while (i < t.length && t[i] !== '"') {
      const c = t.charCodeAt(i);
      if (c < 0x20) fail();
      if (t[i] === '\\') {
        i++;
        if (t[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(t[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= t.length) fail();
    i++;
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{') {
      i++;
      ws();
      if (t[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        str();
        ws();
        if (t[i] !== ':') fail();
        i++;
        value();
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (t[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') str();
    else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!t.startsWith(word, i)) fail();
      i += word.length;
    } else num();
  };
  try {
    value();
    ws();
    return i < t.length ? i : null;
  } catch (pos) {
    if (typeof pos === 'number') return pos;
    throw pos;
  }
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (typeof value === 'string' && value.startsWith(NONFINITE_MARK)) {
    const tok = value.slice(NONFINITE_MARK.length);
    return tok === 'NaN' ? NaN : tok === 'Infinity' ? Infinity : -Infinity;
  }
  return value;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript
 * `Number.prototype.toString` (shortest round trip, what JSON.stringify writes), `undefined` members dropped.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of `doc` without its `checksum` member. */
export function documentChecksum(doc: Record<string, unknown>): string {
  const { checksum: _omit, ...rest } = doc;
  return `sha256:${createHash('sha256').update(canonicalJson(rest)).digest('hex')}`;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
