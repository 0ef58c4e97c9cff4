/**
 * What commands print: tables through the kit's printers (text for people; CSV, JSON or Markdown with --format),
 * `--json` documents, progress on stderr. Errors that name a request field are bad usage (exit 2).
 */
import { CommanderError } from 'commander';
import { printTable, type Table, type TableFormat } from '../../shared/kit/printers';
import { LabError } from '../api/lab-error';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A table in the chosen format (`--json` is `--format json`). */
export function printRows<R>(table: Table<R>, opts: { format?: TableFormat; json?: boolean }): void {
  process.stdout.write(printTable(table, opts.json ? 'json' : (opts.format ?? 'table')));
}

/** Bad input is exit code 2 (bad usage), with the message on stderr like every other error. */
export function usage(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  throw new CommanderError(2, 'aurora-lab.usage', message);
}

/**
 * Bad input (exit 2): a request the lab refuses as given (a flag, an id, a value or a file that is wrong) or one
 * naming something that does not exist (an unknown model or device, a missing data set). What the lab could not
 * do (a device that does not answer, a failed download or measurement) is a failure (exit 1).
 */
export function isBadInput(err: unknown): boolean {
  return err instanceof LabError && (err.code === 'bad-request' || (err.code === 'not-found' && (err.issues?.length ?? 0) > 0));
}

/** Bad input as bad usage (exit 2); anything else as it is. */
export function asUsage(err: unknown): never {
  if (isBadInput(err)) usage((err as LabError).message);
  throw err;
}

/** `1m05s`, `2h03m`, `45s`; `?` when unknown. */
export function duration(ms: number | null): string {
  if (ms === null) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A number with `digits` decimals, or null (shown as '-'). */
export const fixed = (v: number | null | undefined, digits: number): string | null => (v === null || v === undefined ? null : v.toFixed(digits));

/** `2024-05-01 12:30` from epoch ms. */
export const minute = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
