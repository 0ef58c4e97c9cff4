/** campaigns.*: start, follow, resume, list, detail, export and delete campaigns (src/shared/api/campaigns.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { CampaignsService } from './service';

export function campaignsHandlers(campaigns: CampaignsService): LabHandlers['campaigns'] {
  return {
    start: async (req, ctx) => {
      const { campaignId, runIds, total } = await campaigns.start(req, {}, ctx?.caller ?? 'http');
      return { campaignId, runIds, total };
    },
    cancel: async ({ campaignId }) => ({ cancelled: campaigns.cancel(campaignId) }),
    resume: async ({ campaignId }) => {
      const { remaining } = await campaigns.resume(campaignId);
      return { campaignId, remaining };
    },
    list: async (filter) => campaigns.list(filter),
    get: async ({ campaignId }) => campaigns.info(campaignId),
    detail: async ({ campaignId, sections, bins, maxPoints }) => campaigns.detail(campaignId, { ...(sections ? { sections } : {}), ...(bins ? { bins } : {}), ...(maxPoints ? { maxPoints } : {}) }),
    compare: async ({ a, b }) => campaigns.compare(a, b),
    export: async ({ campaignId, format }) => campaigns.export(campaignId, format),
    delete: async ({ campaignId }) => ({ deleted: campaigns.delete(campaignId) }),
  };
}
