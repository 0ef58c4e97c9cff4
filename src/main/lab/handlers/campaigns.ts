import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignDetail, DatasetOption } from '../../../shared/api/campaigns';
import type { LabHandlers } from '../../../shared/contract';
import { LabError } from '../../api/lab-error';
import { campaignService } from '../../campaigns';
import { campaignDetail, exportRows, filterAndSort, toCsv } from '../../campaigns/queries';
import { toLabError } from '../../runs/run-service';
import type { Lab } from '../lab';

export function createCampaignsHandlers(lab: Lab): LabHandlers['campaigns'] {
  // Created now: it marks campaigns left 'running' by a dead lab process as interrupted.
  campaignService(lab);
  const service = () => campaignService(lab);
  const summary = (id: string) => {
    const s = service().store.summaries([id])[0];
    if (!s) throw new LabError('not-found', `No run ${id}.`);
    return s;
  };
  const detail = (id: string, opts: Parameters<typeof campaignDetail>[2] = {}): CampaignDetail => campaignDetail(service().store, summary(id), opts);
  return {
    start: async (req) => {
      try {
        const { campaignId, runIds, total } = await service().start(req);
        return { campaignId, runIds, total };
      } catch (err) {
        throw toLabError(err);
      }
    },
    cancel: async ({ campaignId }) => ({ cancelled: service().cancel(campaignId) }),
    resume: async ({ campaignId }) => {
      const { remaining } = await service().resume(campaignId);
      return { campaignId, remaining };
    },
    list: async (filter) => filterAndSort(service().store.summaries(), filter),
    get: async ({ campaignId }) => {
      const s = service();
      const sum = summary(campaignId);
      const row = s.store.get(campaignId)!;
      const d = detail(campaignId, { sections: ['conditions'] });
      const { __runMs: _r, ...options } = JSON.parse(row.options_json) as Record<string, unknown>;
      return {
        ...sum,
        setFingerprint: row.set_fingerprint,
        selectionFingerprint: row.selection_fingerprint,
        fingerprintVersion: row.fingerprint_version,
        promptTemplateVersion: row.prompt_template_version,
        setSize: row.set_size,
        warmup: row.warmup,
        options,
        conditions: d.conditions ?? [],
        progress: s.progressOf(campaignId),
        ownedElsewhere: s.isOwnedElsewhere(campaignId),
      };
    },
    detail: async ({ campaignId, sections, bins, maxPoints }) =>
      detail(campaignId, { ...(sections ? { sections } : {}), ...(bins ? { bins } : {}), ...(maxPoints ? { maxPoints } : {}) }),
    compare: async ({ a, b }) => {
      const da = detail(a);
      const db = detail(b);
      const models = [...new Set([...da.campaign.modelIds, ...db.campaign.modelIds])];
      const ra = service().store.get(a)!;
      const rb = service().store.get(b)!;
      return { a: da, b: db, models, samePrompts: ra.selection_fingerprint === rb.selection_fingerprint };
    },
    export: async ({ campaignId, format }) => {
      const s = summary(campaignId);
      const rows = exportRows(lab.db, campaignId, s.runIds);
      const text = format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows, null, 1)}\n`;
      return { format, fileName: `aurora-run-${campaignId.slice(0, 8)}.${format}`, text };
    },
    delete: async ({ campaignId }) => {
      const s = service();
      summary(campaignId);
      if (s.activeIds.includes(campaignId) || s.isOwnedElsewhere(campaignId)) {
        throw new LabError('unavailable', `Run ${campaignId} is running; cancel it before deleting it.`);
      }
      return { deleted: s.store.delete(campaignId) };
    },
    datasets: async () => {
      const out: DatasetOption[] = [
        { spec: 'starter', label: 'Starter set (built in)', kind: 'builtin', size: null, subjects: null, note: 'A few dozen multiple-choice questions; no download.' },
      ];
      const cached = existsSync(join(lab.home, 'datasets', 'mmlu', '.source.json'));
      out.push({
        spec: 'mmlu',
        label: cached ? 'MMLU (cached)' : 'MMLU (downloads cais/mmlu from Hugging Face once)',
        kind: cached ? 'cached' : 'download',
        size: 14_042,
        subjects: 57,
        note: cached ? null : 'Downloaded into the lab cache the first time it is used.',
      });
      for (const p of service().store.recentDatasets()) {
        out.push({ spec: p, label: p, kind: 'recent', size: null, subjects: null, note: existsSync(p) ? null : 'No longer exists.' });
      }
      return out;
    },
  };
}
