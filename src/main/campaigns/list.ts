/** The campaigns list: filters and sort over the summaries (a pure function; the page and the CLI share it). */
import type { CampaignSummary } from '../../shared/api/campaigns';

export interface ListFilter {
  serial?: string;
  modelId?: string;
  status?: string;
  dataset?: string;
  n?: number;
  simulated?: boolean;
  sort?: 'created' | 'duration' | 'energy' | 'n' | 'status' | 'dataset';
  order?: 'asc' | 'desc';
  limit?: number;
}

const KEY: Record<NonNullable<ListFilter['sort']>, (c: CampaignSummary) => number | string> = {
  created: (c) => c.createdAt,
  duration: (c) => c.durationMs ?? -1,
  energy: (c) => c.energyJ ?? -1,
  n: (c) => c.n,
  status: (c) => c.status,
  dataset: (c) => c.setName,
};

export function filterAndSort(list: CampaignSummary[], f: ListFilter): CampaignSummary[] {
  const out = list.filter(
    (c) =>
      (f.serial === undefined || c.serials.includes(f.serial)) &&
      (f.modelId === undefined || c.modelIds.includes(f.modelId)) &&
      (f.status === undefined || c.status === f.status) &&
      (f.dataset === undefined || c.dataset.includes(f.dataset) || c.setName.includes(f.dataset)) &&
      (f.n === undefined || c.n === f.n) &&
      (f.simulated === undefined || c.simulated === f.simulated),
  );
  const k = KEY[f.sort ?? 'created'];
  const dir = (f.order ?? (f.sort === undefined || f.sort === 'created' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  out.sort((a, b) => {
    const x = k(a);
    const y = k(b);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
  return out.slice(0, f.limit ?? 200);
}
