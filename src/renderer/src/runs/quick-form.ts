/**
 * The quick run form: prompts typed one per line (optionally with four choices and an answer letter), the options,
 * and the request they make (the contract's quick-run schema). Pure (no DOM), unit-tested in
 * test/unit/renderer/runs/quick-form.test.ts.
 */
import type { z } from 'zod';
import { quickRunSchema } from '../../../shared/contract';
import type { EnergyMethodChoice, PromptInput } from '../../../shared/runs';
import { issueLines, optionalInt } from '../ui/forms';
import { formatInt } from '../../../shared/format';

export type QuickRunRequest = z.input<typeof quickRunSchema>;

export const MAX_PROMPTS = 500;
export const DEFAULT_MAX_TOKENS = 256;

/**
 * One prompt per line. A line may carry four choices and an answer, separated by `|`:
 *   `What is 2+2? | 3 | 4 | 5 | 22 | B`  (scored: the reply's letter is checked against B)
 *   `What is 2+2? | 3 | 4 | 5 | 22`      (choices, no key: the letter is extracted but not scored)
 *   `Name a colour.`                      (an open prompt: latency and energy only)
 * `\|` is a literal bar. Blank lines and lines starting with `#` are skipped.
 */
export interface ParsedPrompts {
  prompts: PromptInput[];
  errors: string[];
}

const LETTERS = ['A', 'B', 'C', 'D'] as const;

function splitBars(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && line[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      parts.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur.trim());
  return parts;
}

export function parsePrompts(text: string): ParsedPrompts {
  const prompts: PromptInput[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = splitBars(line);
    const question = parts[0] ?? '';
    if (!question) {
      errors.push(`Line ${lineNo}: the prompt before the first | is empty.`);
      return;
    }
    const id = `line-${lineNo}`;
    if (parts.length === 1) {
      prompts.push({ id, text: question });
      return;
    }
    const rest = parts.slice(1);
    if (rest.length === 1) {
      errors.push(
        `Line ${lineNo}: an answer letter needs the four choices: "question | choice A | choice B | choice C | choice D | answer".`,
      );
      return;
    }
    if (rest.length !== 4 && rest.length !== 5) {
      errors.push(`Line ${lineNo}: expected four choices (and optionally an answer letter) after the prompt, found ${rest.length} field(s).`);
      return;
    }
    const choices = rest.slice(0, 4) as [string, string, string, string];
    if (choices.some((c) => c === '')) {
      errors.push(`Line ${lineNo}: a choice is empty.`);
      return;
    }
    const p: PromptInput = { id, text: question, choices };
    if (rest.length === 5) {
      const letter = rest[4]!.toUpperCase();
      if (!(LETTERS as readonly string[]).includes(letter)) {
        errors.push(`Line ${lineNo}: the answer must be A, B, C or D, not "${rest[4]}".`);
        return;
      }
      p.answer = letter as PromptInput['answer'];
    }
    prompts.push(p);
  });
  if (prompts.length > MAX_PROMPTS) errors.push(`At most ${MAX_PROMPTS} prompts per quick run (${formatInt(prompts.length)} given).`);
  return { prompts, errors };
}

export interface QuickForm {
  model: string;
  promptsText: string;
  energyMethod: EnergyMethodChoice;
  /** As typed; empty means the lab's default. */
  maxTokens: string;
  suspendCharging: boolean;
  warmup: boolean;
}

export function initialQuickForm(model = ''): QuickForm {
  return {
    model,
    promptsText: '',
    energyMethod: 'auto',
    maxTokens: String(DEFAULT_MAX_TOKENS),
    suspendCharging: false,
    warmup: true,
  };
}

export type BuiltRequest = { ok: true; request: QuickRunRequest } | { ok: false; errors: string[] };

/** The form as a request, checked with the contract's own schema so the page says what is wrong before sending. */
export function buildQuickRequest(serial: string, form: QuickForm): BuiltRequest {
  const errors: string[] = [];
  if (!form.model) errors.push('Pick a model.');
  const parsed = parsePrompts(form.promptsText);
  errors.push(...parsed.errors);
  if (parsed.prompts.length === 0 && parsed.errors.length === 0) errors.push('Enter at least one prompt (one per line).');
  const maxTokens = optionalInt(form.maxTokens, 'Max tokens', 1, 4096, errors);
  if (errors.length) return { ok: false, errors };
  const request: QuickRunRequest = {
    serial,
    model: form.model,
    prompts: parsed.prompts,
    energyMethod: form.energyMethod,
    suspendCharging: form.suspendCharging,
    warmup: form.warmup,
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  };
  const check = quickRunSchema.safeParse(request);
  if (!check.success) return { ok: false, errors: issueLines(check.error) };
  return { ok: true, request };
}
