/**
 * Size and row limits for prompt sets, checked before a file is read or parsed: a wrong path (a disk image, a
 * log, a 10 GB CSV) must fail at once with what to do, not after filling the memory. All of MMLU (14,042 test
 * questions; 99,842 in its auxiliary training set) is far inside them.
 */
import { stat, readFile } from 'node:fs/promises';
import { DatasetError, fileError } from './errors';

export interface DatasetLimits {
  /** Bytes of one file, and of all files of one folder together. */
  maxBytes: number;
  /** Prompts (rows) in one data set. */
  maxRows: number;
}

export const DATASET_LIMITS: Readonly<DatasetLimits> = {
  maxBytes: 256 * 1024 * 1024,
  maxRows: 200_000,
};

function tooLarge(file: string, size: number, limits: DatasetLimits, what = 'the file is'): DatasetError {
  return fileError('parse-error', { file },
    `${what} ${size} bytes, above the ${limits.maxBytes}-byte limit for a prompt set. Is this the right file? Split a ` +
      'larger set into several files, or sample it down.');
}

/** Refuses a file (or the files of a folder, `sizes` summed) above the byte limit, before it is read. */
export function checkDatasetBytes(file: string, size: number, limits: DatasetLimits = DATASET_LIMITS, what?: string): void {
  if (size > limits.maxBytes) throw tooLarge(file, size, limits, what);
}

/** Reads a prompt-set file after checking its size; a missing or unreadable file is 'not-found'. */
export async function readDatasetFile(file: string, limits: DatasetLimits = DATASET_LIMITS): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new DatasetError('not-found', `Cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  checkDatasetBytes(file, size, limits);
  try {
    return await readFile(file);
  } catch (err) {
    throw new DatasetError('not-found', `Cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
}

/** Refuses `rows` prompts above the limit (`what` says how they were counted). */
export function checkDatasetRows(file: string, rows: number, limits: DatasetLimits = DATASET_LIMITS, what = 'prompts'): void {
  if (rows > limits.maxRows) {
    throw fileError('parse-error', { file },
      `holds ${rows} ${what}, above the limit of ${limits.maxRows} prompts per data set. Split it into several ` +
        'files, or sample it down.');
  }
}

/**
 * Non-blank records in a text without parsing it. `csvQuotes`: a line break inside a double-quoted CSV field
 * does not end the record (doubled quotes toggle twice). JSON Lines strings cannot hold a raw line break, so
 * there every non-blank line is one record.
 */
export function countRecords(text: string, csvQuotes: boolean): number {
  let n = 0;
  let inQuotes = false;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 && csvQuotes) inQuotes = !inQuotes;
    if (c === 0x0a && !inQuotes) {
      if (lineHasContent) n++;
      lineHasContent = false;
    } else if (c !== 0x0d && c !== 0x20 && c !== 0x09) lineHasContent = true;
  }
  return lineHasContent ? n + 1 : n;
}
