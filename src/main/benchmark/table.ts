/**
 * The seed's table from benchmark_results.json, for the kit's printers (text, CSV, Markdown): one row per strategy
 * (and device), the seed's columns measured (shared/benchmark-columns.ts names them), accuracy with its 95 % interval,
 * and the n behind each figure in the CSV. A figure that was not measured prints as '-', never 0.
 */
import { BENCHMARK_COLUMNS } from '../../shared/benchmark-columns';
import type { BenchmarkResults, BenchmarkStrategy } from '../../shared/benchmark-results';
import type { Field, Table } from '../../shared/kit/printers';

const one = (v: number | null) => (v === null ? null : v.toFixed(1));

function accuracyText(s: BenchmarkStrategy): string | null {
  const a = s.figures.accuracyPct;
  if (a.value === null) return null;
  return a.ci95 ? `${a.value.toFixed(1)} [${a.ci95.lo.toFixed(1)}-${a.ci95.hi.toFixed(1)}]` : a.value.toFixed(1);
}

function statusText(s: BenchmarkStrategy): string {
  if (s.status === 'complete') return 'complete';
  if (s.status === 'unavailable') return `unavailable: ${s.reason ?? ''}`;
  return `INCOMPLETE: ${s.reason ?? ''}`;
}

export function benchmarkTable(results: BenchmarkResults, opts: { statusWidth?: number } = {}): Table<BenchmarkStrategy> {
  const manyDevices = new Set(results.strategies.map((s) => s.device)).size > 1;
  const width = opts.statusWidth ?? 0;
  const clip = (t: string) => (width > 0 && t.length > width ? `${t.slice(0, width - 1)}…` : t);
  const fields: Field<BenchmarkStrategy>[] = [
    ...(manyDevices ? [{ name: 'device', header: 'Device', value: (s: BenchmarkStrategy) => s.device }] : []),
    { name: 'strategy', header: 'Strategy', value: (s) => s.name },
    { name: 'routed', header: 'n', value: (s) => s.routed, numeric: true },
  ];
  for (const c of BENCHMARK_COLUMNS) {
    if (c.key === 'accuracyPct') {
      fields.push({ name: c.csv, header: c.header, value: (s) => s.figures.accuracyPct.value, text: accuracyText, numeric: true });
      fields.push({ name: 'accuracy_ci95_lo_pct', header: 'CI lo', value: (s) => s.figures.accuracyPct.ci95?.lo ?? null });
      fields.push({ name: 'accuracy_ci95_hi_pct', header: 'CI hi', value: (s) => s.figures.accuracyPct.ci95?.hi ?? null });
      fields.push({ name: 'accuracy_n', header: 'Accuracy n', value: (s) => s.figures.accuracyPct.n });
      continue;
    }
    const key = c.key;
    fields.push({ name: c.csv, header: c.header, value: (s) => s.figures[key].value, text: (s) => one(s.figures[key].value), numeric: true });
    fields.push({ name: `${c.csv.replace(/_(mb|pct)$/, '')}_n`, header: `${c.header} n`, value: (s) => s.figures[key].n });
  }
  fields.push({ name: 'status', header: 'Status', value: (s) => (s.status === 'complete' ? 'complete' : `${s.status}: ${s.reason ?? ''}`), text: (s) => clip(statusText(s)) });
  return { fields, rows: results.strategies };
}

/** The table people read: the n columns of the CSV left out (they are in the JSON and the CSV). */
export function benchmarkDisplayTable(results: BenchmarkResults, statusWidth = 80): Table<BenchmarkStrategy> {
  const t = benchmarkTable(results, { statusWidth });
  return { fields: t.fields.filter((f) => !/_n$|_ci95_/.test(f.name)), rows: t.rows };
}
