import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseCsv } from './csv';
import type { CsvRecord } from './csv';
import { DatasetError, fileError } from './errors';
import { fingerprintItems } from './fingerprint';
import { checkDatasetBytes, checkDatasetRows, countRecords, DATASET_LIMITS, readDatasetFile, type DatasetLimits } from './limits';
import { decodeUtf8 } from './text-decode';
import { letterOf, SPLITS } from './types';
import type { AnswerLetter, PromptItem, PromptSet, Split } from './types';

/**
 * MMLU in any of its three CSV layouts, detected per file:
 * - canonical (the original data.tar): no header, `question,A,B,C,D,answer-letter`;
 * - headered with letter answers: `Question,A,B,C,D,Answer` (header names are case-insensitive);
 * - headered with 0-3 index answers: `question,choice0,choice1,choice2,choice3,answer` (the Hugging Face export).
 * A header is a first row with a `question` and an `answer` column; its four other columns (an optional `subject`
 * column aside) are the choices, in order. Letter vs index answers follow from the header (choice columns named
 * A-D mean letters) or else from the first row's answer; every row must then use that style.
 */

export interface MmluFile {
  file: string;
  subject: string;
  split: Split;
}

type AnswerStyle = 'letter' | 'index';

const SUFFIX = /_(test|dev|val)\.csv$/i;

/** `anatomy_test.csv` -> { subject: 'anatomy', split: 'test' }; a name without the suffix gives split null. */
export function subjectFromFileName(name: string): { subject: string; split: Split | null } {
  const base = basename(name);
  const m = SUFFIX.exec(base);
  if (m) return { subject: base.slice(0, m.index), split: m[1]!.toLowerCase() as Split };
  return { subject: base.replace(/\.csv$/i, ''), split: null };
}

/**
 * The CSV files of one split under `root`: `<root>/<split>/*_<split>.csv`, `<root>/data/<split>/...` (the
 * unpacked data.tar) or flat `<root>/*_<split>.csv`. Sorted by subject.
 */
export async function listMmluFiles(root: string, split: Split): Promise<MmluFile[]> {
  const dirs = [join(root, split), join(root, 'data', split), root];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    const files = names
      .filter((name) => !name.startsWith('._') && !name.startsWith('.'))
      .map((name) => ({ name, parsed: subjectFromFileName(name) }))
      .filter(({ parsed }) => parsed.split === split)
      .map(({ name, parsed }) => ({ file: join(dir, name), subject: parsed.subject, split }))
      .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
    if (files.length > 0) return files;
  }
  throw new DatasetError('not-found',
    `No MMLU ${split} files (*_${split}.csv) in ${root} (looked in ${dirs.join(', ')}).`, { file: root });
}

/** Parses one MMLU CSV text. `subject` and `split` make the ids: `mmlu/<subject>/<split>/<row>`. */
export function parseMmluCsv(text: string, file: string, subject: string, split: Split): PromptItem[] {
  const records = text.trim() === '' ? [] : parseCsv(text, file);
  const first = records[0];
  if (!first) throw fileError('empty', { file }, 'the file is empty: it holds no questions.');
  const layout = detectLayout(first, file);
  const rows = layout.header ? records.slice(1) : records;
  if (rows.length === 0) {
    throw fileError('empty', { file, line: first.line }, 'the file has a header but no questions.');
  }
  let style = layout.style;
  const items: PromptItem[] = [];
  for (let r = 0; r < rows.length; r++) {
    const rec = rows[r]!;
    const f = rec.fields;
    if (f.length !== layout.width) {
      throw fileError('parse-error', { file, line: rec.line, field: 'row' },
        (q) => `ragged row: expected ${layout.width} fields${q.shown ? ` (${layout.names.map((n) => q(n)).join(', ')})` : ''} but found ${f.length}. ` +
          'A field holding a comma or a line break must be wrapped in double quotes.');
    }
    const rawAnswer = f[layout.answer]!.trim();
    if (style === null) style = /^[0-3]$/.test(rawAnswer) ? 'index' : 'letter';
    const answer = parseAnswer(rawAnswer, style);
    if (answer === null) {
      const expected = style === 'letter' ? 'A, B, C or D' : '0, 1, 2 or 3 (the index of the right choice)';
      throw fileError('parse-error', { file, line: rec.line, field: layout.names[layout.answer]! },
        (q) => `unknown answer ${q(f[layout.answer])} (column ${layout.answer + 1}): expected ${expected}.`);
    }
    const question = f[layout.question]!;
    if (question.trim() === '') {
      throw fileError('parse-error', { file, line: rec.line, field: layout.names[layout.question]! },
        'the question is empty.');
    }
    const subjectValue = layout.subject >= 0 ? f[layout.subject]!.trim() : '';
    const itemSubject = subjectValue || subject;
    items.push({
      id: `mmlu/${itemSubject}/${split}/${r}`,
      subject: itemSubject,
      question,
      choices: [f[layout.choices[0]]!, f[layout.choices[1]]!, f[layout.choices[2]]!, f[layout.choices[3]]!],
      answer,
      source: { file, line: rec.line },
    });
  }
  return items;
}

interface Layout {
  header: boolean;
  width: number;
  names: string[];
  question: number;
  choices: [number, number, number, number];
  answer: number;
  subject: number;
  /** null: decide from the first row. */
  style: AnswerStyle | null;
}

function detectLayout(first: CsvRecord, file: string): Layout {
  const lower = first.fields.map((f) => f.trim().toLowerCase());
  const q = lower.indexOf('question');
  const a = lower.indexOf('answer');
  if (q < 0 || a < 0) {
    return {
      header: false,
      width: 6,
      names: ['question', 'A', 'B', 'C', 'D', 'answer'],
      question: 0,
      choices: [1, 2, 3, 4],
      answer: 5,
      subject: -1,
      style: 'letter',
    };
  }
  const subject = lower.indexOf('subject');
  const others = lower.map((_, i) => i).filter((i) => i !== q && i !== a && i !== subject);
  if (others.length !== 4) {
    throw fileError('parse-error', { file, line: first.line, field: 'header' },
      (q) => `the header has ${first.fields.length} columns${q.shown ? ` (${first.fields.slice(0, 12).map((n) => q(n)).join(', ')})` : ''}; expected a question column, ` +
        'four choice columns and an answer column (optionally a subject column).');
  }
  const choiceNames = others.map((i) => lower[i]);
  const lettered = choiceNames.join(',') === 'a,b,c,d';
  return {
    header: true,
    width: first.fields.length,
    names: first.fields.map((f) => f.trim()),
    question: q,
    choices: others as [number, number, number, number],
    answer: a,
    subject,
    style: lettered ? 'letter' : null,
  };
}

function parseAnswer(raw: string, style: AnswerStyle): AnswerLetter | null {
  if (style === 'index') return /^[0-3]$/.test(raw) ? letterOf(Number(raw)) : null;
  const up = raw.toUpperCase();
  return up === 'A' || up === 'B' || up === 'C' || up === 'D' ? up : null;
}

/** Loads one MMLU CSV file; subject and split come from its name (`<subject>_<split>.csv`), else the options. */
export async function loadMmluFile(file: string, opts: { split?: Split; subject?: string; limits?: DatasetLimits } = {}): Promise<PromptItem[]> {
  const fromName = subjectFromFileName(file);
  const limits = opts.limits ?? DATASET_LIMITS;
  const buf = await readDatasetFile(file, limits);
  const text = decodeUtf8(buf, file);
  checkDatasetRows(file, countRecords(text, true), limits, 'CSV records');
  return parseMmluCsv(text, file, opts.subject ?? fromName.subject, fromName.split ?? opts.split ?? 'test');
}

/**
 * Loads MMLU from a folder (split subfolders, or flat `<subject>_<split>.csv` files) or a single CSV file.
 * The set's name is `mmlu/<split>` for a folder, `mmlu/<file name>` for one file.
 */
export async function loadMmlu(path: string, opts: { split?: Split; name?: string; limits?: DatasetLimits } = {}): Promise<PromptSet> {
  const limits = opts.limits ?? DATASET_LIMITS;
  const split = opts.split ?? 'test';
  if (!SPLITS.includes(split)) {
    throw new DatasetError('invalid-option', `Unknown split "${String(split)}": use test, dev or val.`);
  }
  const abs = resolve(path);
  const info = await stat(abs).catch(() => null);
  if (!info) throw new DatasetError('not-found', `No such file or folder: ${abs}`, { file: abs });
  let items: PromptItem[];
  let name: string;
  if (info.isDirectory()) {
    const files = await listMmluFiles(abs, split);
    const sizes = await Promise.all(files.map(async (f) => (await stat(f.file).catch(() => ({ size: 0 }))).size));
    checkDatasetBytes(abs, sizes.reduce((a, b) => a + b, 0), limits, `the ${files.length} ${split} files of this folder are`);
    const perFile = await Promise.all(files.map((f) => loadMmluFile(f.file, { split: f.split, subject: f.subject, limits })));
    items = perFile.flat();
    checkDatasetRows(abs, items.length, limits, `${split} questions in ${files.length} files`);
    name = opts.name ?? `mmlu/${split}`;
  } else {
    items = await loadMmluFile(abs, { split, limits });
    name = opts.name ?? `mmlu/${basename(abs)}`;
  }
  return { name, items, fingerprint: fingerprintItems(items) };
}

