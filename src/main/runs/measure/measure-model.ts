/**
 * Measuring one model on one phone, shared by quick runs and campaigns, as named steps over one state object:
 *   deploy (sha256 manifest) -> cool-down gate -> meters (thermal, ODPM) -> runner with the model (load on record)
 *   -> idle window -> warm-ups and calibration (discarded) -> idle baseline -> prompts back to back, each stored
 *   with its power samples in one transaction as soon as the meter has reported past its end -> drain -> close.
 * The caller owns the run and run_models rows; the outcome says why it stopped and what is left to run.
 */
import { baselineStep, idleWindowStep, warmupStep } from './baseline';
import { closeStep, drainStep, failedStep, outcomeOf } from './finish';
import { loadStep, startMeters } from './load';
import { coolDownStep, deployStep } from './prepare';
import { promptsStep } from './prompts';
import { createState } from './state';
import type { MeasureContext, MeasureOutcome, MeasureSpec } from './types';

export * from './types';

export async function measureModel(ctx: MeasureContext, spec: MeasureSpec): Promise<MeasureOutcome> {
  const s = createState(ctx, spec);
  try {
    await deployStep(s);
    await coolDownStep(s);
    await startMeters(s);
    await loadStep(s);
    await idleWindowStep(s);
    await warmupStep(s);
    baselineStep(s);
    await promptsStep(s);
    await drainStep(s);
  } catch (err) {
    failedStep(s, err);
  } finally {
    await closeStep(s);
  }
  return outcomeOf(s);
}
