/**
 * Routers are swept over the cost preference (101 points for the curves) and get table rows at the preferences
 * the comparison asked for; one set of picks per preference serves both.
 */
import type { CompareStrategyId } from '../../shared/api/compare';
import type { Preferences, RowInfo } from './family';
import type { RouterSweep, Strategy } from './strategies';
import { defaultPreferences, fromPicks } from './strategies';

export function preferencesFor(chosen: readonly number[]): Preferences {
  const sorted = [...new Set(chosen)].sort((a, b) => a - b);
  const sweep = Array.from(defaultPreferences(101));
  const all = [...sweep];
  for (const p of sorted) if (!all.some((q) => Math.abs(q - p) < 1e-12)) all.push(p);
  return { chosen: sorted, sweep, all, index: (p) => all.findIndex((q) => Math.abs(q - p) < 1e-12) };
}

/** A router's picks (one array per preference of `all`) as its sweep and its table rows. */
export function sweepRows(
  prefs: Preferences,
  name: string,
  strategy: CompareStrategyId,
  picks: Int32Array[],
  nModels: number,
  evaluatedOnTraining: boolean,
  meta: Record<string, unknown>,
): { sweep: RouterSweep; rows: Array<{ strategy: Strategy; info: RowInfo }> } {
  const sweep: RouterSweep = {
    name,
    preferences: Float64Array.from(prefs.sweep),
    strategies: prefs.sweep.map((p) => ({ name: `${name}@${p.toFixed(2)}`, kind: 'router' as const, picks: picks[prefs.index(p)]!, meta: { preference: p } })),
  };
  const rows = prefs.chosen.map((p) => ({
    strategy: fromPicks(`${name}@${p.toFixed(2)}`, picks[prefs.index(p)]!, { kind: 'router', nModels, meta: { ...meta, preference: p, evaluatedOnTraining } }),
    info: { strategy, preference: p, evaluatedOnTraining, sweep: name },
  }));
  return { sweep, rows };
}
