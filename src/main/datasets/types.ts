/** The letters of a four-way multiple-choice answer. */
export type AnswerLetter = 'A' | 'B' | 'C' | 'D';
export const ANSWER_LETTERS: readonly AnswerLetter[] = ['A', 'B', 'C', 'D'];

/** The four choice texts, in A-D order. */
export type Choices = [string, string, string, string];

/** MMLU's splits: `test` (scored), `dev` (5 per subject, few-shot examples), `val` (validation). */
export type Split = 'test' | 'dev' | 'val';
export const SPLITS: readonly Split[] = ['test', 'dev', 'val'];

/** One prompt the lab sends to a model. */
export interface PromptItem {
  /** Stable across file layouts and machines, e.g. `mmlu/anatomy/test/17` (0-based question index in the file). */
  id: string;
  subject: string;
  /** The question (multiple choice) or the whole prompt (open prompts, measured for latency/energy only). */
  question: string;
  /** The four choices, or null for an open prompt. */
  choices: Choices | null;
  /** The right answer, or null when the set has no answer key for this prompt. */
  answer: AnswerLetter | null;
  /** Where the item came from: the file and the 1-based physical line its record starts on. */
  source: { file: string; line: number };
}

/** A loaded set of prompts; `fingerprint` is the sha256 of the whole set (see fingerprint.ts). */
export interface PromptSet {
  name: string;
  items: PromptItem[];
  fingerprint: string;
}

export function isAnswerLetter(value: string): value is AnswerLetter {
  return value === 'A' || value === 'B' || value === 'C' || value === 'D';
}

export function letterOf(index: number): AnswerLetter {
  const letter = ANSWER_LETTERS[index];
  if (!letter) throw new RangeError(`No answer letter for index ${index}`);
  return letter;
}

export function indexOfLetter(letter: AnswerLetter): number {
  return ANSWER_LETTERS.indexOf(letter);
}
