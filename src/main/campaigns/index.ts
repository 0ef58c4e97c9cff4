/** Profiling campaigns: the service a Lab owns (one per Lab), its store, plan and run-detail queries. */
import type { Lab } from '../lab/lab';
import { CampaignService, type CampaignInternals } from './service';

export { CampaignService } from './service';
export type { CampaignInternals, CampaignOutcome, CampaignRequest } from './service';
export { CampaignStore } from './store';

const services = new WeakMap<Lab, CampaignService>();

/**
 * The campaign service of a Lab, created on first use (the Lab's handlers ask for it while the Lab is being built).
 * Creating it marks campaigns whose lab process died as interrupted; closing the Lab stops running campaigns first.
 */
export function campaignService(lab: Lab, internals?: CampaignInternals): CampaignService {
  let s = services.get(lab);
  if (!s) {
    s = new CampaignService({
      db: lab.db,
      bridge: lab.bridge,
      devices: lab.devices,
      home: lab.home,
      events: lab.events,
      runStore: lab.runs.store,
      ...(internals ? { internals } : {}),
    });
    const service = s;
    lab.runs.onClose(() => service.close());
    services.set(lab, s);
  }
  return s;
}
