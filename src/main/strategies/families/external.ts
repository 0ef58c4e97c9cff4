/**
 * Bring your own router (strategies/external): a program spoken to in JSON lines (`router-cmd`, only ever set by the
 * CLI's --router-cmd on the lab it opens) or a picks file's text (`picks`). Both give the same rows as any other
 * strategy; what went wrong is kept per prompt: a strategy that answered part of the prompts is scored on those and
 * marked incomplete, one that answered none is unavailable with the reason. Neither ever stops the comparison.
 */
import type { CompareStrategyId } from '../../../shared/api/compare';
import { incompleteText, type ExternalStrategyResult } from '../external/result';
import { candidatesFromMatrix } from '../external/protocol';
import { PicksFileError, parsePicks } from '../external/picks-file';
import { runRouterCommand } from '../external/router-cmd';
import type { StrategyFamily, StrategyOutput } from '../family';
import { plainRow } from '../family';
import { unavailableStrategy } from '../strategies';

function output(id: CompareStrategyId, r: ExternalStrategyResult): StrategyOutput {
  const rows = r.strategies.map((strategy) => {
    const pref = typeof strategy.meta?.preference === 'number' ? strategy.meta.preference : null;
    return { strategy, info: { ...plainRow(id), preference: pref, sweep: r.sweep ? r.name : null } };
  });
  const notes = [...r.notes];
  if (r.unavailable) notes.push(`${r.name}: unavailable: ${r.unavailable.reason}`);
  else if (r.incomplete) {
    notes.push(`${r.name}: INCOMPLETE: ${incompleteText(r.incomplete, r.perPrompt.length)}; its figures cover the prompts it answered.`);
    for (const x of r.incomplete.reasons.slice(0, 3)) notes.push(`${r.name}: ${x.prompts} prompt${x.prompts === 1 ? '' : 's'}: ${x.reason}`);
  }
  return { rows, sweeps: r.sweep ? [{ sweep: r.sweep, evaluatedOnTraining: false }] : [], notes };
}

export const routerCmdFamily: StrategyFamily = {
  id: 'router-cmd',
  label: 'Your router (--router-cmd)',
  description: 'A program you give on the command line (aurora-lab benchmark/compare --router-cmd "CMD"), asked per prompt and preference in JSON lines. Only the CLI can set it.',
  unavailable: (env) => (env.routerCommandGiven ? null : 'give a router program with --router-cmd "CMD" on the command line (aurora-lab benchmark or compare); pages and the HTTP API cannot start programs'),
  async run(ctx) {
    const m = ctx.matrix;
    const rc = ctx.external.routerCommand;
    const name = rc?.name ?? 'router-cmd';
    if (!rc) return { rows: [{ strategy: unavailableStrategy(name, m.nPrompts, routerCmdFamily.unavailable({ profileGiven: false, llm: ctx.llm })!, 'picks'), info: plainRow('router-cmd') }], sweeps: [], notes: [] };
    const total = m.nPrompts * ctx.preferences.chosen.length;
    ctx.progress({ phase: 'llm', strategy: 'router-cmd', done: 0, total, message: `${name}: starting ${rc.command}` });
    let last = 0;
    const r = await runRouterCommand({
      command: rc.command,
      name,
      prompts: m.prompts.map((p) => ({ id: p.id, text: p.text, subject: p.subject })),
      models: m.models,
      candidates: candidatesFromMatrix(m),
      preferences: ctx.preferences.chosen,
      ...(rc.timeoutMs !== undefined ? { timeoutMs: rc.timeoutMs } : {}),
      onProgress: (done, all) => {
        const now = Date.now();
        if (done === all || now - last > 200) {
          last = now;
          ctx.progress({ phase: 'llm', strategy: 'router-cmd', done, total: all, message: `${name}: ${done} of ${all} requests answered or failed` });
        }
      },
    });
    return output('router-cmd', r);
  },
};

export const picksFamily: StrategyFamily = {
  id: 'picks',
  label: 'Picks file',
  description: 'Picks made elsewhere: a JSON-lines file of {"id": PROMPT_ID, "model": MODEL_ID} (optionally per "preference"), scored on the measured results.',
  unavailable: (env) => (env.picksGiven ? null : 'give a picks file (CLI: --picks FILE.jsonl; Compare page: upload one)'),
  async run(ctx) {
    const m = ctx.matrix;
    const given = ctx.external.picks;
    const name = given?.name ?? 'picks';
    if (!given) return { rows: [{ strategy: unavailableStrategy(name, m.nPrompts, 'no picks file was given', 'picks'), info: plainRow('picks') }], sweeps: [], notes: [] };
    try {
      return output('picks', parsePicks(given.text, { name, file: 'the picks file', prompts: m.prompts.map((p) => ({ id: p.id, text: p.text, subject: p.subject })), models: m.models }));
    } catch (err) {
      if (!(err instanceof PicksFileError)) throw err;
      return { rows: [{ strategy: unavailableStrategy(name, m.nPrompts, err.message.split('\n')[0]!, 'picks'), info: plainRow('picks') }], sweeps: [], notes: [err.message] };
    }
  },
};
