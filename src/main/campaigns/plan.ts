/**
 * The plan of a campaign is a pure function of what is stored (the selected prompts, the seed, the models, the
 * repetitions): per device, model by model, repetition by repetition, the prompts in the repetition's seeded
 * order. A result's position in its device run is fixed by the plan, so a resumed run fills exactly the gaps.
 */
import { repetitionOrder } from '../datasets/sampling';
import type { PromptItem } from '../datasets/types';
import type { MeasureJob } from '../runs/measure/measure-model';

/** position = model * reps * n + rep * n + k (k: index in the repetition's order). */
export function planPosition(modelPos: number, rep: number, k: number, n: number, reps: number): number {
  return modelPos * reps * n + rep * n + k;
}

/** Every job of one model on one device, in run order. */
export function modelJobs(items: readonly PromptItem[], seed: string, reps: number, modelPos: number): MeasureJob[] {
  const n = items.length;
  const jobs: MeasureJob[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const order = repetitionOrder(items, seed, rep);
    order.forEach((item, k) => jobs.push({ position: planPosition(modelPos, rep, k, n, reps), item, rep }));
  }
  return jobs;
}
