/**
 * `--picks FILE.jsonl`: picks made elsewhere, one JSON object per line:
 *   {"id": "mmlu-anatomy-12", "model": "qwen-600m"}                      one pick per prompt, or
 *   {"id": "mmlu-anatomy-12", "model": "qwen-1.7b", "preference": 0.8}   one per prompt and preference.
 * Extra fields are allowed. Blank lines are skipped.
 *
 * The file is checked whole before anything is scored; every problem names its line and field, and the file is
 * refused (PicksFileError, up to 50 issues) when there is any: not JSON, not an object, `id` not a non-empty
 * string, `model` not one of the campaign's models, `preference` not a number in 0..1, a file that mixes lines
 * with and without `preference`, a pick given twice. Ids of prompts this campaign does not have are not errors (a
 * picks file may cover a larger prompt set): they are counted in a note; a file where NO id matches is refused.
 * Prompts of the campaign the file has no pick for are `missing`: the strategy is then incomplete.
 */
import { readFileSync, statSync } from 'node:fs';
import type { MatrixModel } from '../matrix';
import { NO_PICK } from '../strategies';
import type { ExternalPrompt } from './protocol';
import type { ExternalPromptResult, ExternalStrategyResult } from './result';
import { buildResult } from './result';

export const MAX_PICKS_FILE_BYTES = 64 * 1024 * 1024;
const MAX_ISSUES = 50;

export interface PicksIssue {
  line: number;
  field: 'id' | 'model' | 'preference' | null;
  message: string;
}

export class PicksFileError extends Error {
  override readonly name = 'PicksFileError';
  constructor(
    readonly file: string,
    readonly issues: PicksIssue[],
  ) {
    const shown = issues.slice(0, 10).map((i) => `  line ${i.line}${i.field ? `, "${i.field}"` : ''}: ${i.message}`);
    const more = issues.length > 10 ? [`  ... and ${issues.length - 10} more${issues.length >= MAX_ISSUES ? ' (stopped counting)' : ''}`] : [];
    super([`${file}: the picks file was refused (${issues.length} problem${issues.length === 1 ? '' : 's'}); fix these lines and run again:`, ...shown, ...more].join('\n'));
  }
}

export interface PicksFileOptions {
  /** Strategy name (default `picks`); with preferences the rows are `<name>@<preference>`. */
  name?: string;
  /** Shown in messages (default `picks file`). */
  file?: string;
  prompts: readonly ExternalPrompt[];
  models: readonly MatrixModel[];
}

interface Entry {
  line: number;
  id: string;
  model: number;
  preference: number | null;
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Parses and checks the text of a picks file; throws PicksFileError listing every problem. */
export function parsePicks(text: string, opts: PicksFileOptions): ExternalStrategyResult {
  const file = opts.file ?? 'picks file';
  const name = opts.name ?? 'picks';
  const models = opts.models.map((m) => m.id);
  const issues: PicksIssue[] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, number>();
  let withPref: boolean | null = null;
  let firstModeLine = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && issues.length < MAX_ISSUES; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    const line = i + 1;
    if (raw.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      issues.push({ line, field: null, message: `not JSON (${err instanceof Error ? err.message : String(err)})` });
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      issues.push({ line, field: null, message: 'each line must be a JSON object like {"id": "<prompt id>", "model": "<model id>"}' });
      continue;
    }
    const o = v as Record<string, unknown>;
    let ok = true;
    if (typeof o.id !== 'string' || o.id === '') {
      issues.push({ line, field: 'id', message: `must be the prompt's id as a non-empty string; got ${clip(JSON.stringify(o.id) ?? 'nothing')}` });
      ok = false;
    }
    const model = typeof o.model === 'string' ? models.indexOf(o.model) : -1;
    if (typeof o.model !== 'string') {
      issues.push({ line, field: 'model', message: `must be a model id string; got ${clip(JSON.stringify(o.model) ?? 'nothing')}` });
      ok = false;
    } else if (model < 0) {
      issues.push({ line, field: 'model', message: `unknown model "${clip(o.model)}" (this campaign's models: ${models.join(', ')})` });
      ok = false;
    }
    const hasPref = 'preference' in o && o.preference !== undefined;
    if (hasPref && !(typeof o.preference === 'number' && o.preference >= 0 && o.preference <= 1)) {
      issues.push({ line, field: 'preference', message: `must be a number from 0 to 1; got ${clip(JSON.stringify(o.preference) ?? 'nothing')}` });
      ok = false;
    }
    if (withPref === null) {
      withPref = hasPref;
      firstModeLine = line;
    } else if (withPref !== hasPref) {
      issues.push({ line, field: 'preference', message: hasPref ? `this line has a preference but line ${firstModeLine} has none: give one on every line or on none` : `missing: line ${firstModeLine} has a preference, so every line needs one` });
      ok = false;
    }
    if (!ok) continue;
    const preference = hasPref ? (o.preference as number) : null;
    const key = `${o.id as string}\u0000${preference ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ line, field: 'id', message: `a second pick for prompt "${clip(o.id as string)}"${preference === null ? '' : ` at preference ${preference}`} (the first is on line ${first})` });
      continue;
    }
    seen.set(key, line);
    entries.push({ line, id: o.id as string, model, preference });
  }
  if (issues.length) throw new PicksFileError(file, issues);
  if (entries.length === 0) throw new PicksFileError(file, [{ line: 1, field: null, message: 'the file holds no picks' }]);

  const index = new Map(opts.prompts.map((p, i) => [p.id, i]));
  const known = entries.filter((e) => index.has(e.id));
  const unknownIds = [...new Set(entries.filter((e) => !index.has(e.id)).map((e) => e.id))];
  if (known.length === 0) {
    const sample = opts.prompts.slice(0, 3).map((p) => `"${clip(p.id, 40)}"`).join(', ');
    throw new PicksFileError(file, [{ line: entries[0]!.line, field: 'id', message: `no id in the file is a prompt of this campaign (e.g. "${clip(entries[0]!.id, 40)}"; the campaign's ids look like ${sample})` }]);
  }
  const prefs = [...new Set(known.map((e) => e.preference))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const n = opts.prompts.length;
  const picks = prefs.map(() => new Int32Array(n).fill(NO_PICK));
  for (const e of known) (picks[prefs.indexOf(e.preference)] as Int32Array)[index.get(e.id) as number] = e.model;
  const perPrompt: ExternalPromptResult[] = [];
  prefs.forEach((pref, k) => {
    opts.prompts.forEach((p, i) => {
      const m = (picks[k] as Int32Array)[i] as number;
      perPrompt.push(m >= 0 ? { promptId: p.id, preference: pref, status: 'ok', model: models[m] as string } : { promptId: p.id, preference: pref, status: 'missing', model: null, error: `no pick in ${file}` });
    });
  });
  const notes = unknownIds.length
    ? [`${name}: ${unknownIds.length} prompt id${unknownIds.length === 1 ? '' : 's'} in ${file} ${unknownIds.length === 1 ? 'is' : 'are'} not in this campaign and ${unknownIds.length === 1 ? 'was' : 'were'} ignored (e.g. ${unknownIds.slice(0, 3).map((x) => `"${clip(x, 40)}"`).join(', ')}).`]
    : [];
  return buildResult({ source: 'picks-file', name, nPrompts: n, preferences: prefs, picks, perPrompt, meta: { file, picks: known.length, ignoredIds: unknownIds.length }, notes });
}

/** Reads FILE (size-checked) and parses it. */
export function readPicksFile(path: string, opts: Omit<PicksFileOptions, 'file'> & { file?: string }): ExternalStrategyResult {
  const file = opts.file ?? path;
  const size = statSync(path).size;
  if (size > MAX_PICKS_FILE_BYTES) throw new PicksFileError(file, [{ line: 1, field: null, message: `the file is ${size} bytes; at most ${MAX_PICKS_FILE_BYTES} are read` }]);
  return parsePicks(readFileSync(path, 'utf8'), { ...opts, file });
}
