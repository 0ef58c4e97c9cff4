import type { AnswerLetter } from './types';

/**
 * Pulls the chosen letter out of a model's free-text reply to a multiple-choice question.
 *
 * Rules, first match wins (every rule refuses a reply that names two different letters, e.g. "A or B"):
 *  1. `bare-letter`: the reply (or its first line) is only a letter, maybe bracketed/bolded/punctuated:
 *     "C", "(c)", "**B**", "[D].", "b)".
 *  2. `choice-text`: the whole reply is exactly one choice's text ("Paris", "paris.") when choices are given.
 *  3. `answer-phrase`: the LAST "answer" cue followed by a letter: "Answer: C", "The answer is C.",
 *     "answer: (b).", "My final answer is B", "The correct answer would be option D". So "Both A and C are wrong,
 *     the answer is D" is D. The cue followed by a choice's exact text ("The answer is Paris.") also counts.
 *  4. `option-phrase`: the last "option"/"choice"/"letter" cue: "Option B", "the correct choice is (C)".
 *  5. `leading-letter`: the reply starts with a lettered choice: "B) Paris", "C. 42", "(a) cat", "D: ...",
 *     or a letter followed by that choice's exact text ("A cat" when choice A is "cat"). Another marked letter
 *     later on ("(A) is plausible, but (C) ...") makes it ambiguous.
 *  6. `stated-letter`: the last "I think it's D" / "I'd go with B" / "It is (C)" style statement.
 *  7. `ambiguous`: two letters joined by or/and//: "A or B", "either B or D".
 *  8. `lone-letter`: otherwise, letters marked as choices ("(B)", "B)", "C is correct", "so D", or a final
 *     "... D.") all agree on one letter.
 *  Otherwise `no-letter` (pure prose), `empty`, `unfinished-thinking` (a `<think>` block never closed).
 *
 * Case: an uppercase A-D is a letter when it stands alone, and so are a lowercase b-d; a lowercase "a" only when
 * bracketed or followed by `)`, `.`, `:` or the end of the reply, so the article in "it is a mammal" is never
 * answer A. A letter being ruled out ("Option A is wrong") is not a choice. An uppercase "A"
 * followed by a lowercase word ("A cat") is read as the article, not a choice, except after an explicit "answer"
 * cue or when the rest of the reply is choice A's text. `<think>...</think>` blocks (Qwen3) are ignored.
 */

export type ExtractionMethod =
  | 'bare-letter'
  | 'choice-text'
  | 'answer-phrase'
  | 'option-phrase'
  | 'leading-letter'
  | 'stated-letter'
  | 'lone-letter'
  | 'ambiguous'
  | 'invalid-letter'
  | 'no-letter'
  | 'empty'
  | 'unfinished-thinking';

export interface Extraction {
  letter: AnswerLetter | null;
  parsed: boolean;
  how: ExtractionMethod;
}

const LETTERS = 'ABCD';

type Read = { kind: 'letter'; letter: AnswerLetter; end: number } | { kind: 'ambiguous' } | { kind: 'invalid' } | null;

function found(letter: AnswerLetter, how: ExtractionMethod): Extraction {
  return { letter, parsed: true, how };
}

function refused(how: ExtractionMethod): Extraction {
  return { letter: null, parsed: false, how };
}

function toLetter(c: string): AnswerLetter {
  return c.toUpperCase() as AnswerLetter;
}

/** Strips thinking blocks and markdown emphasis; null when a `<think>` block never closes. */
function clean(raw: string): string | null {
  let text = raw.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const open = text.search(/<think>/i);
  if (open >= 0) {
    text = text.slice(0, open);
    if (text.trim() === '') return null;
  }
  return text
    .replace(/\\boxed\{\s*(?:\\text\{\s*)?([^{}]*?)\s*\}?\s*\}/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\$/g, '')
    .trim();
}

const BARE = /^[\s("'[*]*([A-Da-d])[\s)"'\].:,!*]*$/;

/** An "A" followed by a lowercase word reads as the English article. */
const ARTICLE_NEXT = /^\s+(?!because\b|since\b|as\b|but\b|though\b|although\b|which\b|is\b|was\b|seems\b|looks\b|and\b|or\b)[a-z]/;

/** A letter followed by this is being ruled out, not chosen: "Option A is wrong". */
const REJECTED_NEXT = /^\s*[)\]]?\s*(?:is|was|are|seems|looks)\s+(?:wrong|incorrect|false|not\b|unlikely|a\s+distractor)/i;

/**
 * Reads a letter at `pos` (after a cue): optional spaces, an optional `(`/`[`, then the letter. `strictArticle`
 * refuses "A cat". Then looks for a second, different letter joined by or/and// (ambiguous).
 */
function readLetter(text: string, pos: number, strictArticle: boolean): Read {
  const m = /^\s*([([]?)\s*([A-Za-z])(?![A-Za-z0-9])/.exec(text.slice(pos));
  if (!m) return null;
  const bracket = m[1] !== '';
  const c = m[2]!;
  const end = pos + m[0].length;
  const after = text.slice(end);
  if (c >= 'A' && c <= 'Z') {
    if (!LETTERS.includes(c)) return bracket || /^\s*([).:,;!]|$)/.test(after) ? { kind: 'invalid' } : null;
    if (strictArticle && c === 'A' && !bracket && ARTICLE_NEXT.test(after)) return null;
  } else {
    if (!'abcd'.includes(c)) return null;
    // "a" is also the article: only bracketed or before punctuation/the end. b, c, d: whenever they stand alone.
    if (c === 'a' && !bracket && !/^\s*([).:\],;!]|$)/.test(after)) return null;
  }
  if (REJECTED_NEXT.test(after)) return null;
  const letter = toLetter(c);
  const other = /^\s*[)\].]?\s*(?:,?\s*(?:or|and)|\/|&)\s*(?:(?:option|choice)\s+)?[([]?\s*([A-D])(?![A-Za-z0-9])/.exec(after);
  if (other && other[1] !== letter && !REJECTED_NEXT.test(after.slice(other.index + other[0].length))) {
    return { kind: 'ambiguous' };
  }
  return { kind: 'letter', letter, end };
}

function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:!?"'()[\]*]+|[\s.,;:!?"'()[\]*]+$/g, '');
}

/** The one choice whose text equals `text` (normalised); 'ambiguous' if several do. */
function matchChoiceText(text: string, choices: readonly string[] | null | undefined): AnswerLetter | 'ambiguous' | null {
  if (!choices) return null;
  const t = normalizeText(text);
  if (t === '') return null;
  const hits = new Set<AnswerLetter>();
  choices.forEach((choice, i) => {
    if (i < 4 && normalizeText(choice) !== '' && normalizeText(choice) === t) hits.add(toLetter(LETTERS[i]!));
  });
  if (hits.size > 1) return 'ambiguous';
  const [only] = hits;
  return only ?? null;
}

const FILLER = '(?:(?:therefore|thus|clearly|definitely|probably|likely|then|simply)\\s+)?';
const ANSWER_CUE = new RegExp(
  '\\b(?:(?:final|correct|right|best|my|the)\\s+)*answer\\b(?:\\s+to\\s+(?:this|the)\\s+question)?' +
    `(?:\\s+(?:is|would\\s+be|will\\s+be|should\\s+be|must\\s+be|seems\\s+to\\s+be|appears\\s+to\\s+be))?\\s*${FILLER}` +
    '(?:[:=\\-–—]\\s*)?(?:(?:option|choice|letter)\\s*)?',
  'gi',
);
const OPTION_CUE = /\b(?:option|choice|letter)\b(?:\s+(?:is|would\s+be|will\s+be|should\s+be|must\s+be))?\s*(?:[:=\-–—]\s*)?/gi;
const STATED_CUE = new RegExp(
  "\\b(?:i\\s+think|i\\s+believe|i\\s+guess|i'd\\s+say|i\\s+would\\s+say|i'll\\s+go\\s+with|i'd\\s+go\\s+with|" +
    'i\\s+would\\s+go\\s+with|i\\s+will\\s+go\\s+with|going\\s+with|go\\s+with|i\\s+choose|i\\s+pick|i\\s+select|' +
    "i'd\\s+choose|i'd\\s+pick|i\\s+would\\s+choose|it's|it\\s+is|it\\s+must\\s+be|it\\s+should\\s+be|" +
    "that\\s+would\\s+be|that's|that\\s+is|must\\s+be|should\\s+be|would\\s+be|probably|likely)" +
    "\\s+(?:it's\\s+|it\\s+is\\s+|that\\s+)?(?:(?:option|choice|letter)\\s+)?",
  'gi',
);

/** The last cue in `text` that reads as a letter (or as ambiguous/invalid); null when none does. */
function lastCue(text: string, cue: RegExp, strictArticle: boolean): Read {
  let result: Read = null;
  for (const m of text.matchAll(cue)) {
    const read = readLetter(text, m.index + m[0].length, strictArticle);
    if (read) result = read;
  }
  return result;
}

/** Text after the last "answer is" cue, up to the end of its sentence or line. */
function textAfterLastAnswerCue(text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(ANSWER_CUE)) {
    const rest = text.slice(m.index + m[0].length);
    last = rest.split(/\n|\.(?:\s|$)/)[0] ?? '';
  }
  return last;
}

const NEGATED = /(?:\bnot|n't)\s*$/i;

/** Letters marked as choices anywhere in the text (the last-resort rule). */
function markedLetters(text: string): Set<AnswerLetter> {
  const letters = new Set<AnswerLetter>();
  const add = (c: string | undefined, index: number): void => {
    if (c === undefined || NEGATED.test(text.slice(0, index))) return;
    letters.add(toLetter(c));
  };
  for (const m of text.matchAll(/[([]([A-Da-d])[)\]]/g)) add(m[1], m.index);
  for (const m of text.matchAll(/(?<![A-Za-z0-9(])([A-D])\)/g)) add(m[1], m.index);
  for (const m of text.matchAll(/(?<![A-Za-z0-9'])([A-D])(?=\s+is\s+(?:the\s+)?(?:correct|right|true|best)\b)/g)) add(m[1], m.index);
  for (const m of text.matchAll(/\b(?:so|thus|therefore|hence)\s*,?\s+([A-D])(?![A-Za-z0-9])/gi)) add(m[1], m.index + m[0].length - 1);
  const tail = /(?:^|[\s:,])([A-D])\s*[.!]?\s*$/.exec(text);
  if (tail) {
    const before = text.slice(0, tail.index + tail[0].indexOf(tail[1]!)).trimEnd();
    const prevWord = /([A-Za-z]+)$/.exec(before)?.[1];
    const properName = prevWord !== undefined && /^[A-Z][a-z]/.test(prevWord);
    if (!properName) add(tail[1], before.length);
  }
  return letters;
}

/** Extracts the chosen letter from a raw reply. Pass the item's choices to also match a reply that repeats one. */
export function extractAnswer(raw: string, choices?: readonly string[] | null): Extraction {
  const text = clean(raw);
  if (text === null) return refused('unfinished-thinking');
  if (text === '') return refused('empty');

  // 1. A bare letter, for the whole reply or its first line.
  const firstLine = text.split(/\r?\n/)[0]!.trim();
  const bare = BARE.exec(text) ?? BARE.exec(firstLine);
  if (bare) return found(toLetter(bare[1]!), 'bare-letter');

  // 2. The reply is exactly one choice's text.
  const whole = matchChoiceText(text, choices);
  if (whole === 'ambiguous') return refused('ambiguous');
  if (whole) return found(whole, 'choice-text');

  // 3. "The answer is X" (last one wins), or "The answer is <choice text>".
  const answer = lastCue(text, ANSWER_CUE, false);
  if (answer?.kind === 'letter') return found(answer.letter, 'answer-phrase');
  if (answer?.kind === 'ambiguous') return refused('ambiguous');
  if (answer?.kind === 'invalid') return refused('invalid-letter');
  const afterCue = textAfterLastAnswerCue(text);
  if (afterCue !== null) {
    const byText = matchChoiceText(afterCue, choices);
    if (byText === 'ambiguous') return refused('ambiguous');
    if (byText) return found(byText, 'choice-text');
  }

  // 4. "Option B", "the correct choice is (C)".
  const option = lastCue(text, OPTION_CUE, true);
  if (option?.kind === 'letter') return found(option.letter, 'option-phrase');
  if (option?.kind === 'ambiguous') return refused('ambiguous');

  // 5. A reply that starts with a lettered choice.
  const leading = /^[([]?([A-Da-d])\s*(?:[).:\]]|\s[-–—]\s)/.exec(text);
  if (leading) {
    const letter = toLetter(leading[1]!);
    const read = readLetter(text, 0, false);
    if (read?.kind === 'ambiguous') return refused('ambiguous');
    const rest = text.slice(leading[0].length);
    for (const m of rest.matchAll(/(?:[([]([A-Da-d])[)\]]|(?<![A-Za-z0-9(])([A-D])\))/g)) {
      if (toLetter((m[1] ?? m[2])!) !== letter) return refused('ambiguous');
    }
    return found(letter, 'leading-letter');
  }
  const letterThenText = /^([A-D])\s+([\s\S]+)$/.exec(text);
  if (letterThenText && choices) {
    const letter = toLetter(letterThenText[1]!);
    const choice = choices[LETTERS.indexOf(letter)];
    if (choice !== undefined && normalizeText(choice) !== '' && normalizeText(choice) === normalizeText(letterThenText[2]!)) {
      return found(letter, 'leading-letter');
    }
  }

  // 6. "I think it's D".
  const stated = lastCue(text, STATED_CUE, true);
  if (stated?.kind === 'letter') return found(stated.letter, 'stated-letter');
  if (stated?.kind === 'ambiguous') return refused('ambiguous');

  // 7. Two letters offered as alternatives.
  const pair = /(?<![A-Za-z0-9'])([A-D])(?![A-Za-z0-9'])\s*[)\]]?\s*(?:,?\s*(?:or|and)|\/|&)\s*(?:(?:option|choice)\s+)?[([]?([A-D])(?![A-Za-z0-9])/.exec(text);
  if (pair && pair[1] !== pair[2]) return refused('ambiguous');

  // 8. Letters marked as choices, all the same.
  const marked = markedLetters(text);
  if (marked.size === 1) return found([...marked][0]!, 'lone-letter');
  if (marked.size > 1) return refused('ambiguous');
  return refused('no-letter');
}
