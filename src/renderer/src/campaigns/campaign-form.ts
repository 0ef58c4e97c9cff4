/**
 * The form that starts a campaign (devices × models × a sampled prompt set × repetitions), checked here and then
 * with the contract's own schema so the page says what is wrong before sending. Pure, unit-tested in
 * test/unit/renderer/campaigns/campaign-form.test.ts.
 */
import type { z } from 'zod';
import { campaignStartSchema, type DatasetOption } from '../../../shared/api/campaigns';
import type { EnergyMethodChoice } from '../../../shared/runs';
import { formatInt, plural } from '../../../shared/format';
import { issueLines, optionalInt } from '../ui/forms';

export type CampaignStartRequest = z.input<typeof campaignStartSchema>;

export interface CampaignForm {
  devices: string[];
  models: string[];
  /** A `DatasetOption.spec`, or '' to use `datasetPath`. */
  dataset: string;
  datasetPath: string;
  /** Only these subjects of the set; empty: all of them. */
  subjects: string[];
  n: string;
  reps: string;
  seed: string;
  warmup: string;
  maxTokens: string;
  energyMethod: EnergyMethodChoice;
}

export function initialCampaignForm(): CampaignForm {
  return {
    devices: [],
    models: [],
    dataset: 'starter',
    datasetPath: '',
    subjects: [],
    n: '20',
    reps: '1',
    seed: '',
    warmup: '1',
    maxTokens: '',
    energyMethod: 'auto',
  };
}

export type BuiltCampaign = { ok: true; request: CampaignStartRequest } | { ok: false; errors: string[] };

/** `datasetSize`: the prompts n is drawn from (the set, or its chosen subjects), when known. */
export function buildCampaignRequest(form: CampaignForm, datasetSize: number | null = null): BuiltCampaign {
  const errors: string[] = [];
  if (form.devices.length === 0) errors.push('Pick at least one device.');
  if (form.models.length === 0) errors.push('Pick at least one model.');
  const dataset = form.dataset === '' ? form.datasetPath.trim() : form.dataset;
  if (!dataset) errors.push('Pick a prompt set, or give the path of an MMLU folder, CSV or JSONL file.');
  const n = optionalInt(form.n, 'n (prompts)', 1, 1_000_000, errors);
  if (form.n.trim() === '') errors.push('n (prompts) is required.');
  if (n !== undefined && datasetSize !== null && n > datasetSize) {
    errors.push(`n is ${formatInt(n)} but ${form.subjects.length ? 'the chosen subjects have' : 'the prompt set has'} ${plural(datasetSize, 'prompt')}.`);
  }
  const reps = optionalInt(form.reps, 'Repetitions', 1, 100, errors);
  const warmup = optionalInt(form.warmup, 'Warm-up prompts', 0, 20, errors);
  const maxTokens = optionalInt(form.maxTokens, 'Max tokens', 1, 4096, errors);
  const seed = form.seed.trim();
  if (errors.length) return { ok: false, errors };
  const request: CampaignStartRequest = {
    devices: form.devices,
    models: form.models,
    dataset,
    ...(form.subjects.length ? { subjects: form.subjects } : {}),
    n: n!,
    energyMethod: form.energyMethod,
    ...(reps !== undefined ? { reps } : {}),
    ...(warmup !== undefined ? { warmup } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(seed ? { seed } : {}),
  };
  const check = campaignStartSchema.safeParse(request);
  if (!check.success) return { ok: false, errors: issueLines(check.error) };
  return { ok: true, request };
}

/** "Starter set (built in) · 48 prompts · 6 subjects". */
export function datasetText(d: DatasetOption): string {
  const parts = [d.label];
  if (d.size !== null) parts.push(plural(d.size, 'prompt'));
  if (d.subjects !== null) parts.push(plural(d.subjects, 'subject'));
  return parts.join(' · ');
}
