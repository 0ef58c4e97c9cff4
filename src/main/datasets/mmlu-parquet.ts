import { toCsv } from '../../shared/kit/csv';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './errors';
import { checkDatasetRows, DATASET_LIMITS, readDatasetFile, type DatasetLimits } from './limits';
import { letterOf } from './types';
import type { AnswerLetter, Choices, Split } from './types';

/**
 * MMLU as Hugging Face's `cais/mmlu` serves it: Parquet files (`all/test-00000-of-00001.parquet`, `all/dev-...`,
 * `all/validation-...`) with the columns `question` (string), `subject` (string), `choices` (list<string>, four)
 * and `answer` (int64 0-3, a ClassLabel A-D). Read with hyparquet (pure JavaScript; uncompressed and snappy pages,
 * which is what Hugging Face writes), checked row by row, and written out as the loader's folder layout: one CSV
 * per subject and split, `<split>/<subject>_<split>.csv` with a `question,A,B,C,D,answer` header and letter
 * answers. Rows keep their file order within each subject, so row r of a subject gets the id
 * `mmlu/<subject>/<split>/<r>`, the same as loading that subject's CSV from the canonical data.tar.
 */

/** One checked MMLU row from a Parquet file. */
export interface MmluParquetRow {
  question: string;
  subject: string;
  choices: Choices;
  answer: AnswerLetter;
}

export const MMLU_PARQUET_COLUMNS = ['question', 'subject', 'choices', 'answer'] as const;

/** Subject names become file names: letters, digits and underscores only (MMLU's are like `high_school_physics`). */
const SUBJECT = /^[A-Za-z0-9_]+$/;

function rowError(label: string, row: number, field: string, detail: string): DatasetError {
  return new DatasetError('parse-error', `${label}: row ${row}: field "${field}": ${detail}`, { file: label, line: row, field });
}

function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function parseAnswer(value: unknown): AnswerLetter | null {
  if (typeof value === 'bigint') return value >= 0n && value <= 3n ? letterOf(Number(value)) : null;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 3 ? letterOf(value) : null;
  if (typeof value === 'string') {
    const v = value.trim().toUpperCase();
    if (/^[0-3]$/.test(v)) return letterOf(Number(v));
    return v === 'A' || v === 'B' || v === 'C' || v === 'D' ? v : null;
  }
  return null;
}

/**
 * Checks decoded Parquet rows (objects keyed by column name). `label` names the file in errors; rows are
 * numbered from 1 in errors (the row's position in the file).
 */
export function checkMmluParquetRows(rows: ReadonlyArray<Record<string, unknown>>, label: string): MmluParquetRow[] {
  const out: MmluParquetRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const rec = rows[i]!;
    const n = i + 1;
    const { question, subject, choices, answer } = rec;
    if (typeof question !== 'string' || question.trim() === '') {
      throw rowError(label, n, 'question', `expected a non-empty string, found ${describeValue(question)}.`);
    }
    if (typeof subject !== 'string' || !SUBJECT.test(subject)) {
      throw rowError(label, n, 'subject',
        `expected a subject name of letters, digits and underscores (e.g. "anatomy"), found ${describeValue(subject)}.`);
    }
    if (!Array.isArray(choices) || choices.length !== 4 || !choices.every((c) => typeof c === 'string')) {
      throw rowError(label, n, 'choices', `expected a list of four strings, found ${describeValue(choices)}.`);
    }
    const letter = parseAnswer(answer);
    if (letter === null) {
      throw rowError(label, n, 'answer', `expected 0, 1, 2 or 3 (the index of the right choice), found ${describeValue(answer)}.`);
    }
    out.push({ question, subject, choices: [choices[0], choices[1], choices[2], choices[3]] as Choices, answer: letter });
  }
  return out;
}

/** Reads and checks one MMLU Parquet file. `label` (default: the path) names it in errors, e.g. its URL. */
export async function readMmluParquet(path: string, label = path, limits: DatasetLimits = DATASET_LIMITS): Promise<MmluParquetRow[]> {
  const buf = await readDatasetFile(path, limits);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  // Loaded on first use: only an MMLU download reads Parquet.
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import('hyparquet');
  let columns: string[];
  let numRows: number;
  try {
    const metadata = parquetMetadata(file);
    columns = parquetSchema(metadata).children.map((c) => c.element.name);
    numRows = Number(metadata.num_rows);
  } catch (err) {
    throw new DatasetError('parse-error',
      `${label} is not a readable Parquet file (${(err as Error).message}).`, { file: label }, { cause: err });
  }
  const missing = MMLU_PARQUET_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DatasetError('parse-error',
      `${label}: not an MMLU Parquet file: missing column(s) ${missing.join(', ')} (it has: ${columns.join(', ')}; ` +
        `expected ${MMLU_PARQUET_COLUMNS.join(', ')}).`, { file: label, field: missing[0]! });
  }
  // The footer says how many rows there are: refuse before decoding any of them.
  checkDatasetRows(label, numRows, limits, 'rows');
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await parquetReadObjects({ file, columns: [...MMLU_PARQUET_COLUMNS] });
  } catch (err) {
    throw new DatasetError('parse-error',
      `${label}: cannot decode the Parquet data (${(err as Error).message}).`, { file: label }, { cause: err });
  }
  return checkMmluParquetRows(rows, label);
}

/** Rows grouped by subject, each group in file order; subjects in order of first appearance. */
export function groupBySubject(rows: readonly MmluParquetRow[]): Map<string, MmluParquetRow[]> {
  const groups = new Map<string, MmluParquetRow[]>();
  for (const row of rows) {
    const group = groups.get(row.subject);
    if (group) group.push(row);
    else groups.set(row.subject, [row]);
  }
  return groups;
}

/** One subject's CSV in the headered letter layout the MMLU loader reads: `question,A,B,C,D,answer`. */
export function mmluCsvText(rows: readonly MmluParquetRow[]): string {
  return toCsv(['question', 'A', 'B', 'C', 'D', 'answer'], rows.map((r) => [r.question, ...r.choices, r.answer]), '\n');
}

/**
 * Writes `<outDir>/<split>/<subject>_<split>.csv` for every subject in `rows`. Returns the subjects written
 * (none and no folder for an empty split).
 */
export async function writeMmluSplit(rows: readonly MmluParquetRow[], outDir: string, split: Split): Promise<string[]> {
  const groups = groupBySubject(rows);
  if (groups.size === 0) return [];
  const dir = join(outDir, split);
  await mkdir(dir, { recursive: true });
  for (const [subject, group] of groups) await writeFile(join(dir, `${subject}_${split}.csv`), mmluCsvText(group));
  return [...groups.keys()];
}
