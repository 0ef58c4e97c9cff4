/**
 * A minimal reader of the workspace's full MMLU copy (../shared/datasets/mmlu/test, or AURORA_MMLU_DIR: one
 * headered CSV per subject, quoted fields, index answers) for the routing benchmarks only; the datasets module is
 * the real loader. A plain clone has no full copy: the benchmarks that need it say so in one line and exit 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MMLU_TEST = resolve(process.env.AURORA_MMLU_DIR ?? resolve(REPO, '../shared/datasets/mmlu'), 'test');

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          f += '"';
          i++;
        } else q = false;
      } else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
    } else f += c;
  }
  if (f !== '' || row.length > 0) {
    row.push(f);
    rows.push(row);
  }
  return rows;
}

export interface MmluQuestion {
  id: string;
  subject: string;
  question: string;
}

/** The 14,042 test questions; without the full copy, the calling benchmark is skipped (one line, exit 0). */
export function loadMmluTest(): MmluQuestion[] {
  if (!existsSync(MMLU_TEST)) {
    console.log(`${basename(process.argv[1] ?? 'benchmark')}: skipped (needs the full MMLU copy at ${MMLU_TEST}: the workspace's ../shared/datasets/mmlu, or set AURORA_MMLU_DIR)`);
    process.exit(0);
  }
  const out: MmluQuestion[] = [];
  for (const file of readdirSync(MMLU_TEST).filter((f) => f.endsWith('_test.csv')).sort()) {
    const subject = file.replace(/_test\.csv$/, '');
    const rows = parseCsv(readFileSync(resolve(MMLU_TEST, file), 'utf8')).slice(1);
    rows.forEach((r, i) => out.push({ id: `${subject}/${i}`, subject, question: r[0] ?? '' }));
  }
  return out;
}
