/**
 * The Runs list: quick runs (`runs.list`) and campaigns (`campaigns.list`) as one kind of row, with filtering
 * (device, status, simulated) and sorting by any column. A campaign's runs (one per device) are not listed on their
 * own: the campaign row stands for them. Pure (no DOM), unit-tested in test/unit/renderer/runs/runs-list.test.ts.
 */
import type { CampaignStatus, CampaignSummary } from '../../../shared/api/campaigns';
import type { RunSummary } from '../../../shared/runs';
import { campaignHref, runHref } from '../app/routing';
import { datasetLabels, setView } from '../campaigns/dataset-name';
import { plural } from '../../../shared/format';
import { runDeviceLabel, runDurationMs } from './run-view';

export type ListStatus = CampaignStatus;

export interface RunListItem {
  kind: 'quick' | 'campaign';
  id: string;
  href: string;
  createdAt: number;
  finishedAt: number | null;
  status: ListStatus;
  serials: string[];
  /** "Pixel 8 Pro", or "Pixel 8 Pro, Galaxy S23" for several devices. */
  devices: string;
  modelIds: string[];
  /** "mmlu-canonical · 3f2a9c01 · n 20 × 2", or "2 prompts (quick run)". */
  promptSet: string;
  /** Where the set was loaded from, the loader's name and the whole fingerprint. */
  promptSetTitle: string;
  /** Prompt results stored (campaigns) or prompts asked for (quick runs). */
  prompts: number;
  /** Planned results (campaigns); null for a quick run. */
  total: number | null;
  /** Known duration, or null (a quick run that is still going is timed from `createdAt`). */
  durationMs: number | null;
  /** Gross energy, when the list carries it (campaigns); quick runs get theirs from `runs.get`. */
  energyJ: number | null | undefined;
  simulated: boolean;
  error: string | null;
}

export function quickItem(r: RunSummary): RunListItem {
  return {
    kind: 'quick',
    id: r.id,
    href: runHref(r.id),
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    status: r.status,
    serials: [r.serial],
    devices: runDeviceLabel(r),
    modelIds: r.modelIds,
    promptSet: `${plural(r.promptCount, 'prompt')} (quick run)`,
    promptSetTitle: 'The prompts typed or loaded for this quick run',
    prompts: r.promptCount,
    total: null,
    durationMs: r.finishedAt !== null ? Math.max(0, r.finishedAt - r.createdAt) : null,
    energyJ: undefined,
    simulated: r.simulated,
    error: r.error,
  };
}

/** `labels`: the set labels of the whole list (datasetLabels), so two folders with the same name read apart. */
export function campaignItem(c: CampaignSummary, labels?: ReadonlyMap<string, string>): RunListItem {
  const names = c.deviceModels.length === c.serials.length ? c.deviceModels : c.serials;
  const set = setView(c, labels);
  return {
    kind: 'campaign',
    id: c.id,
    href: campaignHref(c.id),
    createdAt: c.createdAt,
    finishedAt: c.finishedAt,
    status: c.status,
    serials: c.serials,
    devices: names.map((n, i) => n || c.serials[i]!).join(', '),
    modelIds: c.modelIds,
    promptSet: `${set.text} · n ${c.n}${c.reps > 1 ? ` × ${c.reps}` : ''}`,
    promptSetTitle: `${set.title} · n ${c.n} sampled prompts${c.reps > 1 ? `, ${plural(c.reps, 'repetition')}` : ''}`,
    prompts: c.done,
    total: c.total,
    durationMs: c.durationMs,
    energyJ: c.energyJ,
    simulated: c.simulated,
    error: c.error,
  };
}

/** Quick runs and campaigns as rows; the runs of a listed campaign are folded into it. */
export function listItems(runs: readonly RunSummary[], campaigns: readonly CampaignSummary[]): RunListItem[] {
  const campaignRunIds = new Set(campaigns.flatMap((c) => c.runIds));
  const quick = runs.filter((r) => r.kind === 'quick' && !campaignRunIds.has(r.id) && !r.campaignId);
  const labels = datasetLabels(campaigns.map((c) => c.dataset));
  return [...quick.map(quickItem), ...campaigns.map((c) => campaignItem(c, labels))];
}

export type SimulatedFilter = 'all' | 'simulated' | 'measured';

export interface RunFilter {
  /** '' for every device. */
  serial: string;
  /** '' for every status. */
  status: ListStatus | '';
  simulated: SimulatedFilter;
}

export const EMPTY_FILTER: RunFilter = { serial: '', status: '', simulated: 'all' };

export const RUN_STATUSES: readonly ListStatus[] = ['running', 'done', 'partial', 'interrupted', 'failed', 'cancelled'];

export function filterRuns(items: readonly RunListItem[], f: RunFilter): RunListItem[] {
  return items.filter(
    (r) =>
      (f.serial === '' || r.serials.includes(f.serial)) &&
      (f.status === '' || r.status === f.status) &&
      (f.simulated === 'all' || (f.simulated === 'simulated') === r.simulated),
  );
}

export function isFiltered(f: RunFilter): boolean {
  return f.serial !== '' || f.status !== '' || f.simulated !== 'all';
}

export type RunSortKey = 'when' | 'device' | 'models' | 'set' | 'prompts' | 'status' | 'duration' | 'energy' | 'simulated';
export type SortDir = 'asc' | 'desc';

export interface RunSort {
  key: RunSortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: RunSort = { key: 'when', dir: 'desc' };

/** Clicking a header: the same column flips direction; a new column starts descending for numbers, else ascending. */
export function nextSort(current: RunSort, key: RunSortKey): RunSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const numeric = key === 'when' || key === 'prompts' || key === 'duration' || key === 'energy';
  return { key, dir: numeric ? 'desc' : 'asc' };
}

const STATUS_ORDER: Record<ListStatus, number> = { running: 0, interrupted: 1, partial: 2, failed: 3, cancelled: 4, done: 5 };

type SortValue = number | string | null;

/** Duration shown for a row: the known one, or elapsed so far while it runs. */
export function itemDurationMs(r: RunListItem, now: number): number | null {
  if (r.durationMs !== null) return r.durationMs;
  return runDurationMs({ createdAt: r.createdAt, finishedAt: r.finishedAt, status: r.status === 'running' ? 'running' : 'done' }, now);
}

/** The energy of a row: from the list, else from the side table the page fills from `runs.get`. */
export function itemEnergy(r: RunListItem, energy: ReadonlyMap<string, number | null>): number | null | undefined {
  return r.energyJ !== undefined ? r.energyJ : energy.get(r.id);
}

function sortValue(r: RunListItem, key: RunSortKey, energy: ReadonlyMap<string, number | null>, now: number): SortValue {
  switch (key) {
    case 'when':
      return r.createdAt;
    case 'device':
      return r.devices.toLowerCase();
    case 'models':
      return r.modelIds.join(', ').toLowerCase();
    case 'set':
      return r.promptSet.toLowerCase();
    case 'prompts':
      return r.prompts;
    case 'status':
      return STATUS_ORDER[r.status] ?? 9;
    case 'duration':
      return itemDurationMs(r, now);
    case 'energy':
      return itemEnergy(r, energy) ?? null;
    case 'simulated':
      return r.simulated ? 1 : 0;
  }
}

/**
 * Rows sorted by a column. Missing values (no energy measured, not loaded yet) always go last, whatever the
 * direction; ties fall back to newest first.
 */
export function sortRuns(
  items: readonly RunListItem[],
  sort: RunSort,
  energy: ReadonlyMap<string, number | null> = new Map(),
  now = Date.now(),
): RunListItem[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const va = sortValue(a, sort.key, energy, now);
    const vb = sortValue(b, sort.key, energy, now);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) {
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      if (c !== 0) return sign * c;
    }
    return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  });
}

export interface DeviceOption {
  serial: string;
  label: string;
}

/** The devices that appear in the runs, for the filter (label: model and serial). */
export function deviceOptions(runs: readonly RunSummary[], campaigns: readonly CampaignSummary[] = []): DeviceOption[] {
  const bySerial = new Map<string, string>();
  const note = (serial: string, name: string | null | undefined) => {
    if (!bySerial.has(serial) || (name && bySerial.get(serial) === serial)) bySerial.set(serial, name || serial);
  };
  for (const r of runs) note(r.serial, r.deviceModel);
  for (const c of campaigns) c.serials.forEach((s, i) => note(s, c.deviceModels[i]));
  return [...bySerial.entries()]
    .map(([serial, name]) => ({ serial, label: name === serial ? serial : `${name} (${serial})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
