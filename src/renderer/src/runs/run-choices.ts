/**
 * The runs a comparison or a router profile is made from, as the pickers offer them: finished campaigns with their
 * runs (one per device), and quick runs. Pure (no DOM), unit-tested in test/unit/renderer/runs/run-choices.test.ts.
 */
import type { CampaignSummary } from '../../../shared/api/campaigns';
import type { RunSummary } from '../../../shared/runs';
import { datasetLabels, setView } from '../campaigns/dataset-name';
import { formatDateTime, formatInt } from '../../../shared/format';

export interface RunChoice {
  runId: string;
  /** Device label, e.g. "Pixel 8 (127.0.0.1:5555)". */
  device: string;
  modelIds: string[];
  prompts: number;
  simulated: boolean;
  status: string;
}

/** A campaign with its runs (one per device), or a quick run alone. */
export interface RunChoiceGroup {
  key: string;
  kind: 'campaign' | 'quick';
  title: string;
  /** Where the campaign's prompt set came from and its whole fingerprint. */
  titleHint: string;
  sub: string;
  createdAt: number;
  simulated: boolean;
  runs: RunChoice[];
}

function runChoice(r: RunSummary): RunChoice {
  return {
    runId: r.id,
    device: r.deviceModel ? `${r.deviceModel} (${r.serial})` : r.serial,
    modelIds: r.modelIds,
    prompts: r.promptCount,
    simulated: r.simulated,
    status: r.status,
  };
}

/**
 * The runs a comparison or a router profile can use, newest first: each campaign with its runs (from
 * `campaigns.list`, device labels from `runs.list`), then quick runs (one model each: useful only pooled with others).
 */
export function runChoiceGroups(campaigns: readonly CampaignSummary[], runs: readonly RunSummary[]): RunChoiceGroup[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const labels = datasetLabels(campaigns.map((c) => c.dataset));
  const groups: RunChoiceGroup[] = campaigns
    .filter((c) => c.runIds.length > 0 && c.status !== 'running')
    .map((c) => ({
      key: `campaign:${c.id}`,
      kind: 'campaign' as const,
      title: `${formatDateTime(c.createdAt)} · ${setView(c, labels).text} · n ${formatInt(c.n)}${c.reps > 1 ? ` × ${c.reps} reps` : ''}`,
      titleHint: setView(c, labels).title,
      sub: `${c.modelIds.join(', ')} · ${c.status}`,
      createdAt: c.createdAt,
      simulated: c.simulated,
      runs: c.runIds.map((id, i) => {
        const r = byId.get(id);
        if (r) return runChoice(r);
        const serial = c.serials[i] ?? id.slice(0, 8);
        const model = c.deviceModels[i];
        return { runId: id, device: model ? `${model} (${serial})` : serial, modelIds: c.modelIds, prompts: 0, simulated: c.simulated, status: c.status };
      }),
    }));
  const inCampaign = new Set(campaigns.flatMap((c) => c.runIds));
  for (const r of runs) {
    if (r.campaignId || inCampaign.has(r.id) || r.status === 'running') continue;
    groups.push({
      key: `run:${r.id}`,
      kind: 'quick',
      title: `${formatDateTime(r.createdAt)} · quick run`,
      titleHint: 'A quick run: one model, the prompts typed or loaded for it',
      sub: `${r.modelIds.join(', ')} · ${r.status}`,
      createdAt: r.createdAt,
      simulated: r.simulated,
      runs: [runChoice(r)],
    });
  }
  return groups.sort((a, b) => b.createdAt - a.createdAt);
}
