/**
 * The comparison table, one row per group x strategy row, for every format (the kit's printers): CSV and JSON take
 * the exact values (fractions 0..1, latency ms, energy J per prompt, size MB; to 10 significant digits), the
 * terminal and Markdown the readable ones (percentages, rounded).
 */
import type { ComparisonGroup, ComparisonResult, ComparisonRow } from '../../shared/api/compare';
import type { CsvValue } from '../../shared/kit/csv';
import { printCsv, type Field, type Table } from '../../shared/kit/printers';

export interface TableRow {
  result: ComparisonResult;
  group: ComparisonGroup;
  row: ComparisonRow;
}

/** Figures to 10 significant digits: the table's precision, not the float's noise. */
const tenDigits = (v: CsvValue): CsvValue => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v);
const pct = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? null : (v * 100).toFixed(d));
const fixed = (v: number | null | undefined, d: number) => (v === null || v === undefined ? null : v.toFixed(d));

type Read = (t: TableRow) => CsvValue;

/** Text columns (left-aligned) among the terminal's; unavailable rows show only their name and 'unavailable'. */
const TEXT_COLUMNS = new Set(['name', 'accuracy_ci95_lo', 'simulated_cells']);
const SHOWN_WHEN_UNAVAILABLE = new Set(['name', 'accuracy']);

function field(name: string, value: Read, view?: { header: string; text: (t: TableRow) => string | number | null }): Field<TableRow> {
  const f: Field<TableRow> = { name, value: (t) => tenDigits(value(t)) };
  if (view) {
    f.header = view.header;
    f.text = (t) => (t.row.unavailable && !SHOWN_WHEN_UNAVAILABLE.has(name) ? null : view.text(t));
    f.numeric = !TEXT_COLUMNS.has(name);
  }
  return f;
}

const r = (read: (x: ComparisonRow) => CsvValue): Read => (t) => read(t.row);

/** Every column of the export, in order; the ones with a heading are also the terminal's. */
export function comparisonFields(modelIds: readonly string[]): Array<Field<TableRow>> {
  return [
    field('comparison_id', (t) => t.result.id),
    field('group', (t) => t.group.key),
    field('device', (t) => t.group.device),
    field('device_model', (t) => t.group.deviceModel),
    field('run_ids', (t) => t.group.runIds.join(' ')),
    field('simulated', (t) => t.group.simulated),
    field('cost_metric', (t) => t.result.costMetric),
    field('strategy', r((x) => x.strategy)),
    field('name', r((x) => x.name), { header: 'STRATEGY', text: (t) => `${t.row.name}${t.row.evaluatedOnTraining ? ' (on training prompts!)' : ''}` }),
    field('preference', r((x) => x.preference)),
    field('unavailable', r((x) => x.unavailable)),
    field('prompts', r((x) => x.prompts)),
    field('routed', r((x) => x.routed)),
    field('scored', r((x) => x.scored)),
    field('correct', r((x) => x.correct)),
    field('accuracy', r((x) => x.accuracy), { header: 'ACC %', text: (t) => (t.row.unavailable ? 'unavailable' : pct(t.row.accuracy)) }),
    field('accuracy_ci95_lo', r((x) => x.accuracyCi95?.lo), { header: '95% CI', text: (t) => (t.row.accuracyCi95 ? `${pct(t.row.accuracyCi95.lo)}-${pct(t.row.accuracyCi95.hi)}` : null) }),
    field('accuracy_ci95_hi', r((x) => x.accuracyCi95?.hi)),
    field('mean_size_mb', r((x) => x.meanSizeMb), { header: 'SIZE MB', text: (t) => fixed(t.row.meanSizeMb, 0) }),
    field('mean_latency_ms', r((x) => x.meanLatencyMs), { header: 'LAT ms', text: (t) => fixed(t.row.meanLatencyMs, 0) }),
    field('p95_latency_ms', r((x) => x.p95LatencyMs), { header: 'P95 ms', text: (t) => fixed(t.row.p95LatencyMs, 0) }),
    field('energy_j_per_prompt', r((x) => x.meanEnergyJ), { header: 'ENERGY J', text: (t) => fixed(t.row.meanEnergyJ, 3) }),
    field('savings_size', r((x) => x.savingsVsLargest.size), { header: 'SAVE SIZE %', text: (t) => pct(t.row.savingsVsLargest.size) }),
    field('savings_latency', r((x) => x.savingsVsLargest.latency), { header: 'SAVE LAT %', text: (t) => pct(t.row.savingsVsLargest.latency) }),
    field('savings_energy', r((x) => x.savingsVsLargest.energy), { header: 'SAVE J %', text: (t) => pct(t.row.savingsVsLargest.energy) }),
    field('agreement_oracle', r((x) => x.agreementWithOracle), { header: 'AGREE ORACLE %', text: (t) => pct(t.row.agreementWithOracle) }),
    field('agreement_claude', r((x) => x.agreementWithClaude), { header: 'AGREE CLAUDE %', text: (t) => pct(t.row.agreementWithClaude) }),
    field('deferral_area', r((x) => x.deferralArea), { header: 'DEFERRAL AREA', text: (t) => fixed(t.row.deferralArea, 3) }),
    field('qnc', r((x) => x.qnc), { header: 'QNC', text: (t) => fixed(t.row.qnc, 3) }),
    field('evaluated_on_training', r((x) => x.evaluatedOnTraining)),
    field('simulated_cells', r((x) => x.simulatedCells), { header: 'SIM', text: (t) => (t.row.simulatedCells > 0 ? 'sim' : '') }),
    ...modelIds.map((id) => field(`share_${id}`, r((x) => (x.unavailable ? null : (x.share[id] ?? 0))))),
  ];
}

/** Every group's rows, with all export columns. */
export function comparisonTable(result: ComparisonResult): Table<TableRow> {
  const modelIds: string[] = [];
  for (const g of result.groups) for (const m of g.models) if (!modelIds.includes(m.id)) modelIds.push(m.id);
  return { fields: comparisonFields(modelIds), rows: result.groups.flatMap((group) => group.rows.map((row) => ({ result, group, row }))) };
}

/** The terminal's table of one group: the columns with a heading. */
export function groupTable(result: ComparisonResult, group: ComparisonGroup): Table<TableRow> {
  return { fields: comparisonFields([]).filter((f) => f.header !== undefined), rows: group.rows.map((row) => ({ result, group, row })) };
}

/** One line per group x row, LF line ends (as the Compare page has always exported it). */
export function comparisonCsv(result: ComparisonResult): string {
  return printCsv(comparisonTable(result), '\n');
}
