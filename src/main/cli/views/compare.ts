/** How a comparison prints: per group, the table (compare/table.ts, the export's columns), shares, LLM usage, notes. */
import type { ComparisonGroup, ComparisonResult } from '../../../shared/api/compare';
import { printText, type Field } from '../../../shared/kit/printers';
import { groupTable } from '../../compare/table';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : (v * 100).toFixed(0));

export function printGroup(g: ComparisonGroup, r: ComparisonResult): void {
  const out = process.stdout;
  const sim = g.simulated === 'all' ? '  [SIMULATED: virtual phone, every figure]' : g.simulated === 'some' ? '  [PARTLY SIMULATED: some cells from a virtual phone]' : '';
  out.write(`\n${r.request.groupBy === 'run' ? 'run' : 'device'} ${g.key}${g.deviceModel ? ` (${g.deviceModel})` : ''}: runs ${g.runIds.join(', ')}; ${g.prompts} prompts x ${g.models.length} models; ${g.matrix.missingCells} missing cells${sim}\n`);
  out.write(`cost metric: ${r.costMetric}; accuracy %, 95% CI (Wilson); latency ms (engine total); energy J per prompt (${r.request.energy}); savings % vs always-largest, paired and measured\n\n`);
  out.write(`${printText(groupTable(r, g))}\n`);
  for (const x of g.rows) if (x.unavailable) out.write(`${x.name} unavailable: ${x.unavailable}\n`);
  const available = g.rows.filter((x) => !x.unavailable);
  const shareFields: Array<Field<(typeof available)[number]>> = [
    { name: 'strategy', header: 'STRATEGY', value: (x) => x.name },
    ...g.models.map((m) => ({ name: m.id, header: m.id, value: (x: (typeof available)[number]) => pct(x.share[m.id]), numeric: true })),
  ];
  out.write(`\nshare of prompts per model (%)\n${printText({ fields: shareFields, rows: available })}\n`);
  for (const x of g.rows) {
    const l = x.llm;
    if (l) out.write(`${x.name}: ${l.model}, template ${l.templateVersion}; ${l.apiCalls} API calls, ${l.cacheHits} cached, ${l.retries} retries; ${l.tokensIn} + ${l.tokensOut} tokens${l.estimatedCostUsd !== null ? `, ~$${l.estimatedCostUsd.toFixed(4)} (estimate)` : ''}\n`);
  }
  const oof = g.outOfFold;
  if (oof) out.write(`out of fold: ${oof.k} folds, clusters per fold ${oof.folds.map((f) => f.clusters).join('/')}, every prompt routed by a profile that never saw it: ${oof.verified ? 'yes' : 'NO'} (${(oof.fitMs / 1000).toFixed(1)} s)\n`);
  for (const n of g.notes) out.write(`note: ${n}\n`);
}
