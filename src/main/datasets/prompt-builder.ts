import { DatasetError } from './errors';
import { ANSWER_LETTERS } from './types';
import type { PromptItem } from './types';

/**
 * The version of the prompt template below. Accuracy depends on the exact wording, so it is recorded with every
 * result; change the wording -> bump the version.
 */
export const PROMPT_TEMPLATE_VERSION = 'mcq-letter/v1';

/** One message of a Cactus `messages_json` array. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export const MCQ_SYSTEM_PROMPT =
  'You answer multiple-choice questions. Reply with a single letter (A, B, C or D) for the correct choice, ' +
  'and nothing else.';

export const OPEN_SYSTEM_PROMPT = 'You are a helpful assistant. Answer concisely.';

export interface BuildMessagesOptions {
  /** Solved examples shown before the question (k-shot); each must have choices and an answer. */
  shots?: readonly PromptItem[];
}

/** `high_school_physics` -> `high school physics`. */
export function subjectLabel(subject: string): string {
  return subject.replace(/_/g, ' ');
}

/** The question with its lettered choices, ending with `Answer:` (and the answer letter for a solved example). */
export function formatQuestion(item: PromptItem, withAnswer = false): string {
  if (!item.choices) return item.question;
  const lines = [item.question.trim(), ...item.choices.map((c, i) => `${ANSWER_LETTERS[i]!}. ${c.trim()}`)];
  lines.push(withAnswer && item.answer ? `Answer: ${item.answer}` : 'Answer:');
  return lines.join('\n');
}

/**
 * Cactus messages for one item: `[{role:'system'}, {role:'user'}]`. A multiple-choice item gets the single-letter
 * instruction and, with `shots`, the classic MMLU k-shot layout inside the user message ("The following are
 * multiple choice questions about <subject>." then solved examples, then the question). An open prompt is sent as
 * is. Deterministic: same item and shots -> same messages, byte for byte.
 */
export function buildMessages(item: PromptItem, opts: BuildMessagesOptions = {}): ChatMessage[] {
  if (!item.choices) {
    return [
      { role: 'system', content: OPEN_SYSTEM_PROMPT },
      { role: 'user', content: item.question },
    ];
  }
  const shots = opts.shots ?? [];
  for (const shot of shots) {
    if (!shot.choices || !shot.answer) {
      throw new DatasetError('invalid-option', `Few-shot example ${shot.id} has no choices or no answer.`);
    }
    if (shot.id === item.id) {
      throw new DatasetError('invalid-option', `Few-shot example ${shot.id} is the question itself.`);
    }
  }
  const parts = [`The following are multiple choice questions about ${subjectLabel(item.subject)}.`];
  for (const shot of shots) parts.push(formatQuestion(shot, true));
  parts.push(formatQuestion(item));
  return [
    { role: 'system', content: MCQ_SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/**
 * The k few-shot examples for `subject`: the first k items of that subject in the pool (MMLU's convention: the
 * first k rows of `<subject>_dev.csv`). Fewer than k available -> an error naming both numbers.
 */
export function pickShots(pool: readonly PromptItem[], subject: string, k: number): PromptItem[] {
  if (!Number.isInteger(k) || k < 0) throw new DatasetError('invalid-option', `shots must be a whole number >= 0 (got ${k}).`);
  if (k === 0) return [];
  const same = pool.filter((p) => p.subject === subject && p.choices && p.answer);
  if (same.length < k) {
    throw new DatasetError('invalid-option',
      `Asked for ${k} few-shot examples of "${subject}" but the dev split has only ${same.length}.`);
  }
  return same.slice(0, k);
}
