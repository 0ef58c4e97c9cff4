/**
 * The cluster router scored out of fold (oof-router.ts): a router profile fitted per fold on the other folds'
 * prompts, swept over the cost preference, with a table row at each chosen preference.
 */
import type { StrategyFamily } from '../family';
import { plainRow } from '../family';
import { outOfFoldRouter } from '../oof-router';
import { unavailableStrategy } from '../strategies';
import { sweepRows } from '../sweep';

export const routerFamily: StrategyFamily = {
  id: 'router',
  label: 'Router (out of fold)',
  description: "A cluster profile fitted per fold on the other folds' prompts (k-fold cross-fitting), swept over the cost preference 0..1.",
  unavailable: () => null,
  async run(ctx) {
    const m = ctx.matrix;
    if (m.nPrompts < ctx.folds * 2) {
      const reason = `${ctx.folds}-fold cross-fitting needs at least ${ctx.folds * 2} prompts (this group has ${m.nPrompts})`;
      return { rows: [{ strategy: unavailableStrategy('router', m.nPrompts, reason, 'router'), info: plainRow('router') }], sweeps: [], notes: [] };
    }
    ctx.progress({ phase: 'fitting', strategy: 'router', done: 0, total: ctx.folds, message: `Fitting ${ctx.folds} fold profiles` });
    const oof = await outOfFoldRouter(m, {
      folds: ctx.folds,
      k: ctx.k,
      seed: ctx.seed,
      costMetric: ctx.costMetric,
      preferences: ctx.preferences.all,
      runIds: ctx.runIds,
      cache: ctx.cache,
      nInit: ctx.hooks.nInit,
      onFold: ctx.hooks.onFold,
      onProgress: (done, total) => ctx.progress({ phase: 'fitting', strategy: 'router', done, total, message: `Fold ${done} of ${total} fitted and routed` }),
    });
    const { sweep, rows } = sweepRows(ctx.preferences, 'router', 'router', oof.picks, m.nModels, false, { outOfFold: true, k: ctx.folds });
    const notes = [
      ...oof.notes,
      `router: scored out of fold (${ctx.folds}-fold cross-fitting, stratified by subject, seed ${ctx.seed}); K per fold ${oof.kPerFold.join(', ')}; routes by ${oof.routedBy}.`,
    ];
    return { rows, sweeps: [{ sweep, evaluatedOnTraining: false }], notes, outOfFold: { audit: oof.audit, kPerFold: oof.kPerFold } };
  },
};
