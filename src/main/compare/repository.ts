/** Comparisons as stored (db/0006_compare.sql): the whole result as JSON, with a summary for the list. */
import type { ComparisonResult, ComparisonSummary } from '../../shared/api/compare';
import { COMPARE_STRATEGIES } from '../../shared/api/strategies';
import type { Db } from '../store/database';
import { member, row, rowOrNull } from '../store/rows';

const SIMULATED = ['none', 'some', 'all'] as const;

export class CompareRepository {
  constructor(private readonly db: Db) {}

  insert(r: ComparisonResult, simulated: ComparisonSummary['simulated']): void {
    this.db
      .prepare('INSERT INTO comparisons (id, created_at, run_ids_json, cost_metric, strategies_json, simulated, result_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.createdAt, JSON.stringify(r.request.runIds), r.costMetric, JSON.stringify(r.request.strategies), simulated, JSON.stringify(r));
  }

  /**
   * The stored result as the lab wrote it (result_json is written by `insert` only, from a ComparisonResult;
   * it is read back whole, the way the renderer and the CSV export need it).
   */
  get(id: string): ComparisonResult | null {
    const r = rowOrNull(this.db.prepare('SELECT result_json FROM comparisons WHERE id = ?').get(id), 'comparisons');
    return r ? r.json('result_json', comparisonResult) : null;
  }

  list(limit = 50): ComparisonSummary[] {
    return this.db
      .prepare('SELECT id, created_at, run_ids_json, cost_metric, strategies_json, simulated FROM comparisons ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit)
      .map((v) => {
        const r = row(v, 'comparisons');
        return {
          id: r.str('id'),
          createdAt: r.num('created_at'),
          runIds: r.json('run_ids_json', (x, w) => stringList(x, w)),
          costMetric: r.member('cost_metric', ['size', 'latency', 'energy'] as const),
          strategies: r.json('strategies_json', (x, w) => stringList(x, w).map((s) => member(s, COMPARE_STRATEGIES, w))),
          simulated: r.member('simulated', SIMULATED),
        };
      });
  }
}

function stringList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${where}: expected a list of text`);
  return v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The stored document's outline: what the list, the page and the CSV export read from it. The figures inside the
 * groups are the lab's own output, written by `insert` from a ComparisonResult.
 */
function isComparisonResult(v: unknown): v is ComparisonResult {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.createdAt !== 'number' || typeof v.costMetric !== 'string') return false;
  if (!isObject(v.request) || !Array.isArray(v.request.runIds) || !Array.isArray(v.groups) || !Array.isArray(v.notes)) return false;
  return v.groups.every((g) => isObject(g) && typeof g.key === 'string' && Array.isArray(g.rows) && Array.isArray(g.models) && isObject(g.pareto));
}

function comparisonResult(v: unknown, where: string): ComparisonResult {
  if (!isComparisonResult(v)) throw new Error(`${where}: not a comparison result (edited in the database?)`);
  return v;
}
