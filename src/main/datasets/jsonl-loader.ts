import { basename, resolve } from 'node:path';
import { fileError } from './errors';
import { fingerprintItems } from './fingerprint';
import { decodeUtf8 } from './text-decode';
import { checkDatasetRows, countRecords, DATASET_LIMITS, readDatasetFile, type DatasetLimits } from './limits';
import { letterOf } from './types';
import type { AnswerLetter, Choices, PromptItem, PromptSet } from './types';

/**
 * Custom prompt sets as JSON Lines: one object per line,
 *   { "id"?, "prompt" | "question", "choices"?: [4 strings], "answer"?: "A".."D" | 0..3, "subject"?, "meta"? }
 * Prompts without choices/answer are allowed (they measure latency and energy only). Blank lines are skipped.
 * Unknown keys are refused (a misspelt "anwser" would otherwise silently drop the answer key); put free-form
 * extras under "meta". Ids default to `<set name>/<index>` (0-based, blank lines not counted) and must be unique.
 */

/** A line longer than this is refused (a guard against a binary or minified file given by mistake). */
export const MAX_JSONL_LINE_CHARS = 1_000_000;

const KNOWN_KEYS = new Set(['id', 'prompt', 'question', 'choices', 'answer', 'subject', 'meta']);
const DEFAULT_SUBJECT = 'custom';

export function parseJsonl(text: string, file: string, name: string): PromptItem[] {
  const items: PromptItem[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  for (let l = 0; l < lines.length; l++) {
    const lineNo = l + 1;
    let raw = lines[l]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (l === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === '') continue;
    const at = (field?: string): { file: string; line: number; field?: string } =>
      field === undefined ? { file, line: lineNo } : { file, line: lineNo, field };
    if (raw.length > MAX_JSONL_LINE_CHARS) {
      throw fileError('parse-error', at(),
        `line is ${raw.length} characters long; the limit is ${MAX_JSONL_LINE_CHARS}. Is this a JSON Lines file?`);
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      // V8's message quotes the line itself: only in the excerpt version.
      const why = (err as Error).message;
      throw fileError('parse-error', at(), (q) => `not valid JSON${q.shown ? ` (${why.length > 120 ? `${why.slice(0, 120)}…` : why})` : ''}. Each line must be one JSON object.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw fileError('parse-error', at(), 'expected a JSON object such as {"prompt": "..."}.');
    }
    const obj = value as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !KNOWN_KEYS.has(k));
    if (unknown.length > 0) {
      throw fileError('parse-error', { file, line: lineNo, field: unknown[0]!, fieldFromFile: true },
        (q) => `unknown key${unknown.length > 1 ? 's' : ''} ${q.shown ? unknown.slice(0, 5).map((k) => q(k)).join(', ') : '(not shown)'}; allowed: ` +
          `${[...KNOWN_KEYS].join(', ')} (put extra data under "meta").`);
    }
    if (obj.prompt !== undefined && obj.question !== undefined) {
      throw fileError('parse-error', at('prompt'), 'has both "prompt" and "question"; give one.');
    }
    const textKey = obj.prompt !== undefined ? 'prompt' : 'question';
    const question = obj[textKey];
    if (typeof question !== 'string' || question.trim() === '') {
      throw fileError('parse-error', at(textKey),
        question === undefined ? 'missing: each line needs a "prompt" (or "question") string.' : 'must be a non-empty string.');
    }
    let choices: Choices | null = null;
    if (obj.choices !== undefined && obj.choices !== null) {
      const c = obj.choices;
      if (!Array.isArray(c) || c.length !== 4 || !c.every((x) => typeof x === 'string')) {
        throw fileError('parse-error', at('choices'), 'must be an array of exactly 4 strings (choices A, B, C, D).');
      }
      choices = [c[0] as string, c[1] as string, c[2] as string, c[3] as string];
    }
    let answer: AnswerLetter | null = null;
    if (obj.answer !== undefined && obj.answer !== null) {
      answer = parseJsonAnswer(obj.answer);
      if (answer === null) {
        throw fileError('parse-error', at('answer'),
          (q) => `unknown answer ${q(obj.answer)}: expected "A", "B", "C", "D" or an index 0-3.`);
      }
      if (!choices) throw fileError('parse-error', at('answer'), 'an answer needs "choices" (4 strings).');
    }
    let subject = DEFAULT_SUBJECT;
    if (obj.subject !== undefined) {
      if (typeof obj.subject !== 'string' || obj.subject.trim() === '') {
        throw fileError('parse-error', at('subject'), 'must be a non-empty string.');
      }
      subject = obj.subject.trim();
    }
    if (obj.meta !== undefined && (typeof obj.meta !== 'object' || obj.meta === null || Array.isArray(obj.meta))) {
      throw fileError('parse-error', at('meta'), 'must be a JSON object.');
    }
    let id: string;
    if (obj.id === undefined) {
      id = `${name}/${items.length}`;
    } else if ((typeof obj.id === 'string' && obj.id.trim() !== '') || (typeof obj.id === 'number' && Number.isInteger(obj.id))) {
      id = String(obj.id);
    } else {
      throw fileError('parse-error', at('id'), 'must be a non-empty string or an integer.');
    }
    const previous = seen.get(id);
    if (previous !== undefined) {
      throw fileError('parse-error', at('id'), (q) => `duplicate id ${q(id)} (first used on line ${previous}).`);
    }
    seen.set(id, lineNo);
    items.push({ id, subject, question, choices, answer, source: { file, line: lineNo } });
  }
  if (items.length === 0) throw fileError('empty', { file }, 'the file is empty: it holds no prompts.');
  return items;
}

function parseJsonAnswer(value: unknown): AnswerLetter | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 3 ? letterOf(value) : null;
  if (typeof value !== 'string') return null;
  const up = value.trim().toUpperCase();
  return up === 'A' || up === 'B' || up === 'C' || up === 'D' ? up : null;
}

/** Loads a JSON Lines prompt set; its name defaults to the file name without `.jsonl`. */
export async function loadJsonl(path: string, opts: { name?: string; limits?: DatasetLimits } = {}): Promise<PromptSet> {
  const file = resolve(path);
  const limits = opts.limits ?? DATASET_LIMITS;
  const buf = await readDatasetFile(file, limits);
  const name = opts.name ?? basename(file).replace(/\.jsonl$/i, '');
  const text = decodeUtf8(buf, file);
  checkDatasetRows(file, countRecords(text, false), limits, 'lines');
  const items = parseJsonl(text, file, name);
  return { name, items, fingerprint: fingerprintItems(items) };
}
