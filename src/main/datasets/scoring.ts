import { extractAnswer } from './answer-extraction';
import type { Extraction } from './answer-extraction';
import { DatasetError } from './errors';
import { letterOf } from './types';
import type { AnswerLetter, PromptItem } from './types';

export interface ReplyScore {
  extracted: Extraction;
  /** null when the item has no answer key (or no choices): such prompts measure latency/energy only. */
  correct: boolean | null;
  /** The reply named no single letter. Counted as wrong (correct === false) when there is a key, and counted apart. */
  unparsable: boolean;
  method: 'generate';
}

/** Scores a generated reply against an item (see extractAnswer for how the letter is read). */
export function scoreReply(item: PromptItem, rawResponse: string): ReplyScore {
  if (!item.choices) {
    return { extracted: { letter: null, parsed: false, how: 'no-letter' }, correct: null, unparsable: false, method: 'generate' };
  }
  const extracted = extractAnswer(rawResponse, item.choices);
  const unparsable = !extracted.parsed;
  const correct = item.answer === null ? null : extracted.letter === item.answer;
  return { extracted, correct, unparsable, method: 'generate' };
}

export interface LoglikScore {
  letter: AnswerLetter;
  correct: boolean | null;
  method: 'loglik';
}

/**
 * Log-likelihood scoring: given the model's log-likelihood of each of the four choices (A-D order, e.g. from
 * cactus_score_window), the chosen letter is the argmax; ties go to the first (lowest) letter.
 */
export function scoreLogLikelihoods(item: PromptItem, logliks: readonly number[]): LoglikScore {
  if (logliks.length !== 4) {
    throw new DatasetError('invalid-option', `Expected 4 log-likelihoods (A-D) for ${item.id}, got ${logliks.length}.`);
  }
  let best = 0;
  for (let i = 0; i < 4; i++) {
    const v = logliks[i]!;
    if (Number.isNaN(v) || v === Infinity) {
      throw new DatasetError('invalid-option', `Log-likelihood ${i} for ${item.id} is ${v}: expected a number <= 0 or -Infinity.`);
    }
    if (v > logliks[best]!) best = i;
  }
  const letter = letterOf(best);
  return { letter, correct: item.answer === null ? null : letter === item.answer, method: 'loglik' };
}

export interface ScoreSummary {
  total: number;
  /** Items with an answer key. */
  scored: number;
  correct: number;
  /** Wrong answers, unparsable ones included. */
  wrong: number;
  unparsable: number;
  /** correct / scored, or null when nothing was scored. */
  accuracy: number | null;
}

/** Totals over scores: unparsable replies are wrong and also counted on their own. */
export function summarizeScores(scores: ReadonlyArray<{ correct: boolean | null; unparsable?: boolean }>): ScoreSummary {
  let scored = 0;
  let correct = 0;
  let unparsable = 0;
  for (const s of scores) {
    if (s.unparsable) unparsable++;
    if (s.correct === null) continue;
    scored++;
    if (s.correct) correct++;
  }
  return {
    total: scores.length,
    scored,
    correct,
    wrong: scored - correct,
    unparsable,
    accuracy: scored === 0 ? null : correct / scored,
  };
}
