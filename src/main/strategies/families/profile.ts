/**
 * A given router profile (imported or stored) routing every prompt as is (imported-profile.ts); flagged when the
 * profile was built from these prompts, so its figures are optimistic.
 */
import type { StrategyFamily } from '../family';
import { plainRow } from '../family';
import { evaluateImportedProfile } from '../imported-profile';
import { unavailableStrategy } from '../strategies';
import { sweepRows } from '../sweep';

export const profileFamily: StrategyFamily = {
  id: 'profile',
  label: 'Imported profile',
  description: 'A given profile routing every prompt as is; flagged when these prompts were part of its training.',
  unavailable: (env) => (env.profileGiven ? null : 'give a router profile (a file, or a stored router profile id)'),
  async run(ctx) {
    const m = ctx.matrix;
    if (!ctx.profile) return { rows: [{ strategy: unavailableStrategy('profile', m.nPrompts, 'no router profile was given', 'router'), info: plainRow('profile') }], sweeps: [], notes: [] };
    const imported = evaluateImportedProfile(ctx.profile, m, { preferences: ctx.preferences.all, costMetric: ctx.costMetric, runIds: ctx.runIds, cache: ctx.cache });
    if (imported.unavailable) return { rows: [{ strategy: unavailableStrategy('profile', m.nPrompts, imported.unavailable, 'router'), info: plainRow('profile') }], sweeps: [], notes: imported.notes };
    const { sweep, rows } = sweepRows(ctx.preferences, 'profile', 'profile', imported.picks, m.nModels, imported.evaluatedOnTraining, {});
    const notes = [
      ...imported.notes,
      imported.evaluatedOnTraining
        ? `profile: EVALUATED ON TRAINING PROMPTS (${imported.trainingEvidence}): its figures are optimistic.`
        : 'profile: built from other runs and prompts (no overlap found with these).',
    ];
    return { rows, sweeps: [{ sweep, evaluatedOnTraining: imported.evaluatedOnTraining }], notes, clusters: { labelOf: imported.clusterOf, terms: imported.clusterTerms } };
  },
};
