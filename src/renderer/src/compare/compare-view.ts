/**
 * What a comparison says about itself: its progress, whether its figures are simulated (the page and every chart
 * say so), the measured matrix it rests on and the out-of-fold audit. Pure, unit-tested in
 * test/unit/renderer/compare/compare-view.test.ts. The form is compare-form.ts, the tables compare-table.ts, the
 * Pareto charts pareto-chart.ts.
 */
import type { CompareProgress, CompareStrategyId, ComparisonGroup, ComparisonResult } from '../../../shared/api/compare';
import { fileStamp, formatInt, plural } from '../../../shared/format';

// ---- Progress ----

const PHASE_TEXT: Record<CompareProgress['phase'], string> = {
  loading: 'Loading the measured matrix',
  fitting: 'Fitting a router profile per fold (out of fold)',
  llm: 'Asking the LLM routers',
  scoring: 'Scoring every strategy on measured results',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** A comparison id the page names its run with, so its progress and its Cancel button match it. */
export function newComparisonId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  const tail = c && typeof c.randomUUID === 'function' ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `cmp-${tail}`;
}

export function compareProgressView(p: CompareProgress): { text: string; percent: number | null } {
  const parts = [PHASE_TEXT[p.phase] ?? p.phase];
  if (p.group) parts.push(p.group);
  if (p.strategy) parts.push(p.strategy);
  if (p.total > 0) parts.push(`${formatInt(p.done)} / ${formatInt(p.total)}`);
  const text = `${parts.join(' · ')}${p.message ? ` — ${p.message}` : ''}`;
  return { text, percent: p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : null };
}

// ---- Honest labels ----

export function groupSimulatedNote(g: ComparisonGroup): string | null {
  if (g.simulated === 'none') return null;
  const cells = `${formatInt(g.matrix.simulatedCells)} of ${plural(g.matrix.measuredCells, 'measured cell')}`;
  return g.simulated === 'all'
    ? `SIMULATED: every figure of ${g.device} comes from a virtual phone (${cells}); accuracy, latency and energy are not measured on real hardware.`
    : `PARTLY SIMULATED: ${cells} of ${g.device} come from virtual phones; figures mixing them are not pure measurements.`;
}

/** The page-level banner: any figure of the result comes from virtual phones. */
export function resultSimulated(result: ComparisonResult): 'none' | 'some' | 'all' {
  const s = result.groups.map((g) => g.simulated);
  if (s.length === 0 || s.every((x) => x === 'none')) return 'none';
  return s.every((x) => x === 'all') ? 'all' : 'some';
}

export function groupTitle(g: ComparisonGroup): string {
  return g.deviceModel ? `${g.deviceModel} · ${g.device}` : g.device;
}

export function matrixText(g: ComparisonGroup): string {
  const m = g.matrix;
  const parts = [
    `${plural(g.prompts, 'prompt')} × ${plural(g.models.length, 'model')}`,
    `${formatInt(m.measuredCells)} of ${plural(m.cells, 'cell')} measured`,
  ];
  if (m.missingCells) parts.push(`${formatInt(m.missingCells)} missing`);
  if (m.cellsWithEnergy < m.measuredCells) parts.push(`${formatInt(m.cellsWithEnergy)} with energy`);
  if (m.repeatedCells) parts.push(`${formatInt(m.repeatedCells)} repeated (pooled)`);
  if (m.splitVotes) parts.push(plural(m.splitVotes, 'split vote'));
  return parts.join(' · ');
}

export function outOfFoldText(g: ComparisonGroup): string | null {
  const o = g.outOfFold;
  if (!o) return null;
  return `${o.k}-fold cross-fitting (seed ${o.seed}${o.stratified ? ', stratified' : ''}): ${
    o.verified ? 'every prompt was routed once by a profile fitted without it' : 'NOT verified — some prompt was routed by a profile that saw it'
  } · fits ${Math.round(o.fitMs)} ms`;
}

// ---- Recent comparisons ----

export function strategiesText(s: readonly CompareStrategyId[]): string {
  return s.join(', ');
}

// ---- Export ----

/** "aurora-lab-compare-20251126-190703-3e257013.json". */
export function comparisonFileName(result: Pick<ComparisonResult, 'id' | 'createdAt'>, ext: 'json' | 'csv'): string {
  return `aurora-lab-compare-${fileStamp(result.createdAt)}-${result.id.replace(/^cmp-/, '').slice(0, 8)}.${ext}`;
}

/**
 * The comparison as the lab returned it, as JSON text (built in this window: the lab already sent all of it), with
 * what it is and whether its figures are simulated on top, so the file reads right on its own.
 */
export function comparisonJson(result: ComparisonResult): string {
  const simulated = resultSimulated(result);
  return `${JSON.stringify(
    {
      format: 'aurora-lab-comparison',
      simulated,
      note:
        simulated === 'none'
          ? 'Every figure was measured on physical phones.'
          : 'SIMULATED: figures from virtual phones are simulated, not measured on real hardware.',
      ...result,
    },
    null,
    1,
  )}\n`;
}
